//! One-to-one deliveries whose outcome is unknown: the receiver's object may have stored the
//! message and its answer been lost. The sender's object keeps such a delivery and sends it
//! again until the receiver answers, so no message stays in the receiver's inbox alone. A
//! repeat is harmless: the receiver's `store_once` answers the first copy (same sender, random
//! and content, or the same MsgKey).

use edgechat_proto::ImError;

/// Attempts after which a kept delivery is given up (about an hour and a half of retries).
pub const MAX_ATTEMPTS: u32 = 30;
/// The longest wait between two attempts, in seconds.
pub const MAX_BACKOFF_SECS: u64 = 300;

/// Whether a failed delivery may still have been stored: an internal error (a call that broke
/// or whose answer was lost). A refusal with any other code is a decision: nothing stored.
pub fn outcome_unknown(e: &ImError) -> bool {
    e.code() == ImError::Internal(String::new()).code()
}

/// What to do with a kept delivery after its `attempts`-th failure at unix second `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try again at this unix second.
    RetryAt(u64),
    /// Stop: the receiver never answered.
    GiveUp,
}

/// 1 s after the first failure, doubling, at most [`MAX_BACKOFF_SECS`]; given up after
/// [`MAX_ATTEMPTS`].
pub fn after_failure(attempts: u32, now: u64) -> Next {
    if attempts >= MAX_ATTEMPTS {
        return Next::GiveUp;
    }
    let wait = 1u64
        .checked_shl(attempts.saturating_sub(1))
        .unwrap_or(u64::MAX)
        .min(MAX_BACKOFF_SECS);
    Next::RetryAt(now.saturating_add(wait))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_internal_errors_leave_the_outcome_unknown() {
        assert!(outcome_unknown(&ImError::Internal("lost".into())));
        assert!(outcome_unknown(&ImError::Coded(
            ImError::Internal(String::new()).code(),
            "carried back from the receiver".into()
        )));
        assert!(!outcome_unknown(&ImError::Blocked));
        assert!(!outcome_unknown(&ImError::InvalidAccount("x".into())));
    }

    #[test]
    fn retries_back_off_to_a_ceiling_then_give_up() {
        assert_eq!(after_failure(1, 100), Next::RetryAt(101));
        assert_eq!(after_failure(2, 100), Next::RetryAt(102));
        assert_eq!(after_failure(5, 100), Next::RetryAt(116));
        assert_eq!(
            after_failure(20, 100),
            Next::RetryAt(100 + MAX_BACKOFF_SECS)
        );
        assert_eq!(after_failure(0, u64::MAX), Next::RetryAt(u64::MAX));
        assert_eq!(after_failure(MAX_ATTEMPTS, 100), Next::GiveUp);
    }
}
