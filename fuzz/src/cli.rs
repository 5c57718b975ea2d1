//! The command line: arguments to [`Options`], the targets chosen, the summary printed.

use edgechat_fuzz::corpus::default_dir;
use edgechat_fuzz::driver::{run_all, run_one, Options};
use edgechat_fuzz::targets::{self, Target};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: edgechat-fuzz [run] [--total N | --execs N] [--seed N] [--targets a,b]
                     [--jobs N] [--corpus DIR] [--crashes DIR] [--hang-secs N]
       edgechat-fuzz replay TARGET FILE...
       edgechat-fuzz list
  --total N    executions over all targets, shared by their weights (default 10,500,000)
  --execs N    executions per target (instead of --total)
  --seed N     the seed every choice follows (default 1)";

pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("list") => {
            for t in targets::ALL {
                println!("{:<15} {}", t.name, t.about);
            }
            Ok(0)
        }
        Some("replay") => replay(&args[1..]),
        Some("run") => run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(0)
        }
        _ => run(&args),
    };
    result.unwrap_or_else(|e| {
        eprintln!("{e}\n{USAGE}");
        2
    })
}

fn number(v: Option<&String>, flag: &str) -> Result<u64, String> {
    v.and_then(|s| s.replace(['_', ','], "").parse().ok())
        .ok_or_else(|| format!("{flag} needs a number"))
}

fn run(args: &[String]) -> Result<i32, String> {
    let mut opt = Options {
        seed: 1,
        execs: 0,
        weights: 0,
        corpus: default_dir("corpus"),
        crashes: default_dir("crashes"),
        hang: Duration::from_secs(5),
        jobs: 1,
    };
    let mut total = 10_500_000;
    let mut chosen: Vec<&'static Target> = targets::ALL.iter().collect();
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--total" => total = number(it.next(), flag)?,
            "--execs" => opt.execs = number(it.next(), flag)?,
            "--seed" => opt.seed = number(it.next(), flag)?,
            "--jobs" => opt.jobs = number(it.next(), flag)? as usize,
            "--hang-secs" => opt.hang = Duration::from_secs(number(it.next(), flag)?),
            "--corpus" => opt.corpus = it.next().ok_or("--corpus needs a folder")?.into(),
            "--crashes" => opt.crashes = it.next().ok_or("--crashes needs a folder")?.into(),
            "--targets" => {
                let names = it.next().ok_or("--targets needs names")?;
                chosen = names
                    .split(',')
                    .map(|n| targets::find(n).ok_or(format!("no target {n:?}")))
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    let plan = if opt.execs == 0 {
        // The total shared by weight; the executions rounded up per target.
        opt.execs = total;
        opt.weights = chosen.iter().map(|t| t.weight).sum();
        format!("{total} executions shared by weight")
    } else {
        format!("{} executions each", opt.execs)
    };
    println!(
        "edgechat-fuzz: {} targets, {plan}, seed {}, {} job(s)",
        chosen.len(),
        opt.seed,
        opt.jobs
    );
    let started = Instant::now();
    let reports = run_all(&chosen, &opt);
    let secs = started.elapsed().as_secs_f64();
    let execs: u64 = reports.iter().map(|r| r.execs).sum();
    let failed = reports.iter().filter(|r| r.failure.is_some()).count();
    println!(
        "total: {execs} executions in {secs:.1} s ({:.0}/s) over {} targets; {failed} failed",
        execs as f64 / secs.max(1e-9),
        reports.len()
    );
    Ok(if failed == 0 && reports.len() == chosen.len() {
        0
    } else {
        1
    })
}

fn replay(args: &[String]) -> Result<i32, String> {
    let name = args.first().ok_or("replay needs a target")?;
    let target = targets::find(name).ok_or(format!("no target {name:?}"))?;
    let mut failed = 0;
    for file in &args[1..] {
        let data = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
        match run_one(target, &data) {
            Ok(events) => println!("{file}: ok ({} events)", events.len()),
            Err(why) => {
                failed += 1;
                println!("{file}: FAILED: {why}");
            }
        }
    }
    Ok(i32::from(failed > 0))
}
