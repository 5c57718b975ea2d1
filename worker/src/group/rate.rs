//! The per-group message rate: 40 messages a second, shared out by priority. A message of
//! priority p is admitted while fewer than 40 messages of priority p or higher were admitted
//! in the current second, so a higher priority is never dropped to make room for a lower
//! one, and under a burst of one priority exactly 40 a second pass (the rest, at random as
//! they arrive, are dropped: not stored, not delivered, the sender told it succeeded).

use edgechat_proto::group::Priority;

/// Messages a second per group.
pub const GROUP_MSGS_PER_SEC: u32 = 40;

/// The admissions of the current second, per priority.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupRate {
    second: u64,
    admitted: [u32; 4],
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
