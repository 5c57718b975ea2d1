//! Fault injection for tests, local dev only: the `FAULTS` variable's plan (drop, lose or delay
//! calls between objects), decided per call from a seed so a run can be replayed.
//!
//! `FAULTS` is a comma-separated list of `key=value`:
//! - `drop=P`: the call fails before it reaches the object (probability P);
//! - `lose=P`: the call runs in the object, but its answer is lost: the caller gets an error;
//! - `delay=P:MSms`: the call waits 1..=MS milliseconds first (probability P);
//! - `seed=N`: the seed (0 by default);
//! - `only=/deliver|/op`: the object paths faults apply to (all by default).
//!
//! A dropped or lost call fails with the internal error (90000), as a broken call between
//! objects does. `AppConfig` honours the plan only when `EDGECHAT_DEV` is 1 and refuses to
//! start with it otherwise.

use edgechat_proto::ImError;
use std::cell::Cell;

/// What `FAULTS` asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct FaultPlan {
    pub seed: u64,
    pub drop: f64,
    pub lose: f64,
    pub delay: f64,
    pub delay_ms: u32,
    /// Object paths faults apply to; empty: every path.
    pub only: Vec<String>,
}

/// What happens to one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The call goes through, after waiting this many milliseconds (0: at once).
    Pass { delay_ms: u32 },
    /// The call fails before it reaches the object.
    Drop,
    /// The call runs, then its answer is lost (after waiting this many milliseconds).
    Lose { delay_ms: u32 },
}

/// The longest delay a plan may ask for (a minute).
pub const MAX_DELAY_MS: u32 = 60_000;

fn bad(what: impl std::fmt::Display) -> ImError {
    ImError::Internal(format!("FAULTS: {what}"))
}

fn probability(key: &str, raw: &str) -> Result<f64, ImError> {
    match raw.trim().parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(bad(format_args!(
            "{key} must be a probability 0..=1, not {raw:?}"
        ))),
    }
}

impl FaultPlan {
    /// Parses a `FAULTS` value; `None` when it is empty (no faults).
    pub fn parse(spec: &str) -> Result<Option<Self>, ImError> {
        let mut plan = FaultPlan {
            seed: 0,
            drop: 0.0,
            lose: 0.0,
            delay: 0.0,
            delay_ms: 0,
            only: Vec::new(),
        };
        let mut any = false;
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            any = true;
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| bad(format_args!("{part:?} is not key=value")))?;
            match key.trim() {
                "seed" => {
                    plan.seed = value
                        .trim()
                        .parse()
                        .map_err(|_| bad(format_args!("seed {value:?} is not a number")))?
                }
                "drop" => plan.drop = probability("drop", value)?,
                "lose" => plan.lose = probability("lose", value)?,
                "delay" => {
                    let (p, ms) = value
                        .split_once(':')
                        .ok_or_else(|| bad(format_args!("delay {value:?} is not P:MSms")))?;
                    plan.delay = probability("delay", p)?;
                    let ms = ms.trim();
                    plan.delay_ms = ms
                        .strip_suffix("ms")
                        .unwrap_or(ms)
                        .parse()
                        .ok()
                        .filter(|n| (1..=MAX_DELAY_MS).contains(n))
                        .ok_or_else(|| {
                            bad(format_args!("delay {ms:?} must be 1..={MAX_DELAY_MS} ms"))
                        })?;
                }
                "only" => {
                    plan.only = (value.split('|').map(str::trim))
                        .filter(|p| !p.is_empty())
                        .map(str::to_owned)
                        .collect()
                }
                other => {
                    return Err(bad(format_args!(
                        "unknown key {other:?} (drop, lose, delay, seed, only)"
                    )))
                }
            }
        }
        if plan.drop + plan.lose > 1.0 {
            return Err(bad("drop + lose must be at most 1"));
        }
        Ok(any.then_some(plan))
    }

    /// The fault for call number `n` to `path`: a pure function of the seed, `n` and `path`.
    pub fn decide(&self, n: u64, path: &str) -> Fault {
        if !self.only.is_empty() && !self.only.iter().any(|p| p == path) {
            return Fault::Pass { delay_ms: 0 };
        }
        let mut state = self.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut draw = || unit(splitmix64(&mut state));
        let (fate, late, length) = (draw(), draw(), draw());
        let delay_ms = if late < self.delay {
            // 1..=delay_ms (`length` is below 1).
            (1 + (length * f64::from(self.delay_ms)) as u32).min(self.delay_ms)
        } else {
            0
        };
        if fate < self.drop {
            Fault::Drop
        } else if fate < self.drop + self.lose {
            Fault::Lose { delay_ms }
        } else {
            Fault::Pass { delay_ms }
        }
    }
}

/// A plan with its call counter: one per isolate, so calls are numbered in the order made.
#[derive(Debug)]
pub struct Injector {
    plan: FaultPlan,
    calls: Cell<u64>,
}

impl Injector {
    pub fn new(plan: FaultPlan) -> Self {
        Injector {
            plan,
            calls: Cell::new(0),
        }
    }

    /// The fault for the next call to `path`.
    pub fn next(&self, path: &str) -> Fault {
        let n = self.calls.get();
        self.calls.set(n.wrapping_add(1));
        self.plan.decide(n, path)
    }
}

/// The error a dropped or lost call fails with.
pub fn injected(what: &str, target: &str) -> ImError {
    ImError::Internal(format!("fault injected: the call to {target} was {what}"))
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A u64 as a number in `0.0..1.0` (its top 53 bits).
fn unit(x: u64) -> f64 {
    (x >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(spec: &str) -> FaultPlan {
        FaultPlan::parse(spec).expect("valid").expect("some plan")
    }

    #[test]
    fn parses_every_key() {
        let p = plan("drop=0.1, lose=0.05,delay=0.2:50ms,seed=7,only=/deliver|/op");
        assert_eq!(
            p,
            FaultPlan {
                seed: 7,
                drop: 0.1,
                lose: 0.05,
                delay: 0.2,
                delay_ms: 50,
                only: vec!["/deliver".into(), "/op".into()],
            }
        );
        assert_eq!(plan("delay=1:5").delay_ms, 5, "the ms suffix is optional");
        assert_eq!(FaultPlan::parse("").expect("empty"), None);
        assert_eq!(FaultPlan::parse(" , ").expect("blank"), None);
    }

    #[test]
    fn refuses_what_it_cannot_read_by_naming_it() {
        for (spec, names) in [
            ("drop", "key=value"),
            ("drop=1.5", "drop"),
            ("lose=-0.1", "lose"),
            ("drop=NaN", "drop"),
            ("delay=0.5", "delay"),
            ("delay=0.5:0ms", "delay"),
            ("delay=0.5:600000ms", "delay"),
            ("delay=0.5:fast", "delay"),
            ("seed=x", "seed"),
            ("crash=0.1", "unknown key"),
            ("drop=0.6,lose=0.6", "drop + lose"),
        ] {
            let e = FaultPlan::parse(spec).expect_err(spec);
            assert_eq!(e.code(), 90000, "{spec}");
            assert!(e.to_string().contains(names), "{spec}: {e}");
            assert!(e.to_string().contains("FAULTS"), "{spec}: {e}");
        }
    }

    #[test]
    fn the_same_seed_decides_the_same_faults() {
        let a = Injector::new(plan("drop=0.2,lose=0.1,delay=0.3:40ms,seed=7"));
        let b = Injector::new(plan("drop=0.2,lose=0.1,delay=0.3:40ms,seed=7"));
        let c = Injector::new(plan("drop=0.2,lose=0.1,delay=0.3:40ms,seed=8"));
        let run = |i: &Injector| (0..500).map(|_| i.next("/op")).collect::<Vec<_>>();
        let (ra, rb, rc) = (run(&a), run(&b), run(&c));
        assert_eq!(ra, rb);
        assert_ne!(ra, rc, "another seed, other faults");
    }

    #[test]
    fn faults_come_at_about_their_rates_and_delays_within_bounds() {
        let p = plan("drop=0.1,lose=0.2,delay=0.5:30ms,seed=3");
        let n = 20_000;
        let (mut drops, mut loses, mut delayed) = (0, 0, 0);
        for i in 0..n {
            let delay = match p.decide(i, "/x") {
                Fault::Drop => {
                    drops += 1;
                    0
                }
                Fault::Lose { delay_ms } => {
                    loses += 1;
                    delay_ms
                }
                Fault::Pass { delay_ms } => delay_ms,
            };
            assert!(delay <= 30, "{delay}");
            delayed += u32::from(delay > 0);
        }
        let rate = |k: u32| f64::from(k) / n as f64;
        assert!((rate(drops) - 0.1).abs() < 0.02, "{drops}");
        assert!((rate(loses) - 0.2).abs() < 0.02, "{loses}");
        // Drops are not delayed: half of the other 90 %.
        assert!((rate(delayed) - 0.45).abs() < 0.03, "{delayed}");
    }

    #[test]
    fn only_the_named_paths_are_faulted() {
        let p = plan("drop=1,only=/deliver");
        assert_eq!(p.decide(1, "/deliver"), Fault::Drop);
        assert_eq!(p.decide(1, "/frame"), Fault::Pass { delay_ms: 0 });
        assert_eq!(plan("drop=1").decide(1, "/frame"), Fault::Drop);
    }

    #[test]
    fn the_injected_error_is_the_internal_one() {
        let e = injected("dropped", "alice/deliver");
        assert_eq!(e.code(), 90000);
        assert!(e.to_string().contains("alice/deliver"), "{e}");
    }
}
