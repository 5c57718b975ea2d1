//! Runs targets: each from its committed corpus, then on mutated inputs until its number of
//! executions, deterministically for a seed (the target's inputs do not depend on other
//! targets or on threads). Each input runs under `catch_unwind`; a panic, a broken rule or an
//! input slower than the hang limit stops that target and saves the input under `crashes`. A
//! watchdog thread catches an input that never returns: it saves it and exits the process.

use crate::check::Outcome;
use crate::corpus;
use crate::mutate::Mutator;
use crate::targets::Target;
use std::cell::RefCell;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

/// Most inputs a target keeps in memory to mutate (seeds always stay).
const MAX_POOL: usize = 8192;

/// How a run goes.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    /// Executions per target, seeds included: `execs` times its weight over `weights`.
    pub execs: u64,
    pub weights: u64,
    pub corpus: PathBuf,
    pub crashes: PathBuf,
    /// An input running longer than this is a hang.
    pub hang: Duration,
    /// Targets run at once (each on one thread).
    pub jobs: usize,
}

/// What one target's run did.
#[derive(Debug, Clone)]
pub struct Report {
    pub target: &'static str,
    pub execs: u64,
    pub seeds: usize,
    /// Inputs kept because they reached an event no earlier input had.
    pub kept: usize,
    /// Distinct events reached.
    pub events: usize,
    pub secs: f64,
    /// The broken rule, with where its input was saved.
    pub failure: Option<String>,
}

/// The input a worker is running, for the watchdog.
#[derive(Default)]
struct Busy {
    since: Option<Instant>,
    target: &'static str,
    input: Vec<u8>,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics are recorded for the report instead of printed as they happen.
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let what = info.to_string();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(what));
        }));
    });
}

/// Runs one input and checks its rules: a panic is a failure like a broken rule.
pub fn run_one(target: &Target, input: &[u8]) -> Outcome {
    quiet_panics();
    match catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
        Ok(outcome) => outcome,
        Err(_) => {
            let why = LAST_PANIC.with(|p| p.borrow_mut().take());
            Err(format!("panic: {}", why.unwrap_or_default()))
        }
    }
}

fn target_seed(seed: u64, name: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    seed ^ h.finish()
}

struct Worker<'a> {
    target: &'static Target,
    opt: &'a Options,
    busy: &'a Mutex<Busy>,
}

impl Worker<'_> {
    /// One execution, timed and watched; `Err` is the failure report (input saved).
    fn exec(&self, input: &[u8]) -> Result<Vec<u64>, String> {
        let started = Instant::now();
        if let Ok(mut b) = self.busy.lock() {
            b.since = Some(started);
            b.target = self.target.name;
            b.input.clear();
            b.input.extend_from_slice(input);
        }
        let outcome = run_one(self.target, input);
        crate::check::trace(|| format!("outcome {outcome:?}"));
        if let Ok(mut b) = self.busy.lock() {
            b.since = None;
        }
        let took = started.elapsed();
        let (kind, why) = match outcome {
            Ok(events) if took <= self.opt.hang => return Ok(events),
            Ok(_) => ("slow", format!("an input took {took:?}")),
            Err(why) if why.starts_with("panic") => ("panic", why),
            Err(why) => ("broken", why),
        };
        let saved = corpus::save_crash(&self.opt.crashes, self.target.name, kind, input);
        let place = saved.map_or_else(|e| format!("(not saved: {e})"), |p| p.display().to_string());
        Err(format!("{why}\n    input: {place}"))
    }

    fn run(&self) -> Report {
        let started = Instant::now();
        let mut report = Report {
            target: self.target.name,
            execs: 0,
            seeds: 0,
            kept: 0,
            events: 0,
            secs: 0.0,
            failure: None,
        };
        let finish = |mut r: Report, failure: Option<String>| {
            r.secs = started.elapsed().as_secs_f64();
            r.failure = failure;
            r
        };
        let seeds = match corpus::load(&self.opt.corpus, self.target.name) {
            Ok(s) => s,
            Err(e) => return finish(report, Some(format!("corpus: {e}"))),
        };
        let mut pool: Vec<Vec<u8>> = seeds.iter().map(|(_, d)| d.clone()).collect();
        if pool.is_empty() {
            pool.push(vec![]);
        }
        report.seeds = pool.len();
        let mut seen = HashSet::new();
        for input in &pool {
            report.execs += 1;
            match self.exec(input) {
                Ok(events) => seen.extend(events),
                Err(why) => return finish(report, Some(format!("a seed: {why}"))),
            }
        }
        let mut m = Mutator::new(target_seed(self.opt.seed, self.target.name), &pool);
        let budget = match self.opt.weights {
            0 => self.opt.execs,
            w => (u128::from(self.opt.execs) * u128::from(self.target.weight))
                .div_ceil(u128::from(w))
                .try_into()
                .unwrap_or(u64::MAX),
        };
        while report.execs < budget {
            let parent = m.below(pool.len());
            let child = m.mutate(&pool[parent], &pool, self.target.max_len);
            report.execs += 1;
            match self.exec(&child) {
                Ok(events) if events.iter().fold(false, |new, e| seen.insert(*e) | new) => {
                    m.learn(&child);
                    report.kept += 1;
                    if pool.len() < MAX_POOL {
                        pool.push(child);
                    } else {
                        let at = report.seeds + m.below(MAX_POOL - report.seeds);
                        pool[at] = child;
                    }
                }
                Ok(_) => {}
                Err(why) => return finish(report, Some(why)),
            }
        }
        report.events = seen.len();
        finish(report, None)
    }
}

/// Saves the input a stuck worker is running and ends the process (exit code 3).
fn watchdog(slots: &[Mutex<Busy>], opt: &Options, done: &AtomicBool) {
    while !done.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        for slot in slots {
            let Ok(b) = slot.lock() else { continue };
            if b.since.is_some_and(|s| s.elapsed() > opt.hang * 2) {
                let saved = corpus::save_crash(&opt.crashes, b.target, "hang", &b.input);
                eprintln!(
                    "HANG in {}: an input ran past {:?}; saved: {saved:?}",
                    b.target,
                    opt.hang * 2
                );
                std::process::exit(3);
            }
        }
    }
}

/// Runs `targets` on `opt.jobs` threads; reports in the order of `targets`, each printed as its
/// run ends.
pub fn run_all(targets: &[&'static Target], opt: &Options) -> Vec<Report> {
    let jobs = opt.jobs.clamp(1, targets.len().max(1));
    let slots: Vec<Mutex<Busy>> = (0..jobs).map(|_| Mutex::default()).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicBool::new(false);
    let results: Arc<Mutex<Vec<Option<Report>>>> = Arc::new(Mutex::new(vec![None; targets.len()]));
    std::thread::scope(|s| {
        s.spawn(|| watchdog(&slots, opt, &done));
        let workers: Vec<_> = slots
            .iter()
            .map(|busy| {
                let (next, results) = (&next, results.clone());
                s.spawn(move || loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(target) = targets.get(i) else { break };
                    let report = Worker { target, opt, busy }.run();
                    println!("{}", line(&report));
                    if let Ok(mut r) = results.lock() {
                        r[i] = Some(report);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
        done.store(true, Ordering::Relaxed);
    });
    let all = results.lock().map(|r| r.clone()).unwrap_or_default();
    all.into_iter().flatten().collect()
}

/// One report as a table row.
pub fn line(r: &Report) -> String {
    let rate = r.execs as f64 / r.secs.max(1e-9);
    let status = match &r.failure {
        None => "ok".to_owned(),
        Some(why) => format!("FAILED: {why}"),
    };
    format!(
        "{:<15} {:>11} execs {:>8.1} s {:>9.0}/s  seeds {:>3}  kept {:>5}  events {:>5}  {status}",
        r.target, r.execs, r.secs, rate, r.seeds, r.kept, r.events
    )
}
