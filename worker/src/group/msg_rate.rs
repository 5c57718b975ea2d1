//! The per-group message rate: 40 messages a second, shared out by priority. A message of
//! priority p is admitted while fewer than 40 messages of priority p or higher were admitted
//! in the current second, so a higher priority is never dropped to make room for a lower
//! one, and under a burst of one priority exactly 40 a second pass (the rest, at random as
//! they arrive, are dropped: not stored, not delivered, the sender told it succeeded).
//!
//! Join and quit pushes (the tip members see and the notices) count against the same budget at
//! the lowest priority, so they never crowd out a message, and each user's churn has its own
//! small allowance, so one user joining and quitting in a loop cannot use the budget up.

use edgechat_proto::group::Priority;
use std::collections::HashMap;

/// Messages a second per group.
pub const GROUP_MSGS_PER_SEC: u32 = 40;

/// Join/quit pushes one user gets per [`CHURN_WINDOW_SECS`].
pub const CHURN_PER_USER: u32 = 2;
pub const CHURN_WINDOW_SECS: u64 = 10;
/// Users whose churn is remembered before old windows are forgotten.
const CHURN_USERS: usize = 4096;

/// The admissions of the current second, per priority, and each user's recent churn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRate {
    second: u64,
    admitted: [u32; 4],
    /// User → (window start, join/quit pushes in it).
    churn: HashMap<String, (u64, u32)>,
}

impl GroupRate {
    /// Admits or drops a message of `priority` at unix second `now`.
    pub fn admit(&mut self, now: u64, priority: Priority) -> bool {
        if now != self.second {
            self.second = now;
            self.admitted = [0; 4];
        }
        let p = priority as usize;
        let at_or_above: u32 = self.admitted[..=p].iter().sum();
        if at_or_above < GROUP_MSGS_PER_SEC {
            self.admitted[p] += 1;
            true
        } else {
            false
        }
    }

    /// Whether the pushes of a join or quit by `user` at `now` go out: within the user's own
    /// allowance and the group's budget at the lowest priority. When refused, the change
    /// itself still happens and its tip stays in the log; members see it when they sync.
    pub fn admit_churn(&mut self, user: &str, now: u64) -> bool {
        if self.churn.len() >= CHURN_USERS {
            self.churn
                .retain(|_, (start, _)| now < start.saturating_add(CHURN_WINDOW_SECS));
        }
        let entry = self.churn.entry(user.to_owned()).or_insert((now, 0));
        if now >= entry.0.saturating_add(CHURN_WINDOW_SECS) {
            *entry = (now, 0);
        }
        if entry.1 >= CHURN_PER_USER {
            return false;
        }
        entry.1 += 1;
        self.admit(now, Priority::Lowest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_one_priority_passes_forty_a_second() {
        let mut r = GroupRate::default();
        let passed = (0..100).filter(|_| r.admit(7, Priority::Normal)).count();
        assert_eq!(passed, 40);
        assert!(r.admit(8, Priority::Normal), "a new second starts afresh");
    }

    #[test]
    fn higher_priority_is_never_crowded_out_by_lower() {
        let mut r = GroupRate::default();
        assert_eq!((0..40).filter(|_| r.admit(1, Priority::Lowest)).count(), 40);
        assert!(!r.admit(1, Priority::Lowest));
        assert_eq!((0..40).filter(|_| r.admit(1, Priority::High)).count(), 40);
        assert!(!r.admit(1, Priority::High));
        assert!(!r.admit(1, Priority::Normal), "High used the second up");
    }

    #[test]
    fn one_users_churn_is_capped_and_others_still_get_through() {
        let mut r = GroupRate::default();
        let churn = (0..100).filter(|_| r.admit_churn("loop", 7)).count();
        assert_eq!(churn, CHURN_PER_USER as usize);
        assert!(
            r.admit_churn("other", 7),
            "another user's join still goes out"
        );
        assert!(!r.admit_churn("loop", 7 + CHURN_WINDOW_SECS - 1));
        assert!(r.admit_churn("loop", 7 + CHURN_WINDOW_SECS), "a new window");
    }

    #[test]
    fn churn_never_crowds_out_messages() {
        let mut r = GroupRate::default();
        for u in 0..100 {
            r.admit_churn(&format!("u{u}"), 3);
        }
        assert!(
            !r.admit_churn("u200", 3),
            "the second's budget is spent at Lowest"
        );
        let messages = (0..40).filter(|_| r.admit(3, Priority::Normal)).count();
        assert_eq!(messages, 40, "every message of the second still passes");
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        fn priority() -> impl Strategy<Value = Priority> {
            prop::sample::select(Priority::ALL.to_vec())
        }

        proptest! {
            /// In any burst within one second, a message is dropped only when 40 messages of its
            /// priority or higher were already admitted, and High always gets min(offered, 40).
            #[test]
            fn priorities_win_in_order(burst in prop::collection::vec(priority(), 0..300)) {
                let mut r = GroupRate::default();
                let mut admitted: Vec<Priority> = Vec::new();
                for p in &burst {
                    let before = admitted.iter().filter(|q| **q <= *p).count();
                    if r.admit(5, *p) {
                        prop_assert!(before < 40, "{:?} admitted over the limit", p);
                        admitted.push(*p);
                    } else {
                        prop_assert!(before >= 40, "{:?} dropped below the limit", p);
                    }
                }
                let high_offered = burst.iter().filter(|q| **q == Priority::High).count();
                let high_got = admitted.iter().filter(|q| **q == Priority::High).count();
                prop_assert_eq!(high_got, high_offered.min(40));
            }
        }
    }
}
