//! What a REST request passes before its command runs: a bounded body, and a budget for
//! calls whose caller could not be checked (bad signature, not an admin, wrong app).

use edgechat_proto::ImError;
use std::cell::Cell;

/// The largest body read. Tencent's biggest bodies (friend_import's 1,000 items, batchsendmsg
/// to 500 accounts with a 12 KB body, import_group_msg's 20 messages) stay well under it.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Refused calls per second per isolate (scaled by `REST_RATE_LIMIT_SCALE`) before they are
/// answered with 60007 without checking anything: an unchecked caller gets no more work done
/// than a rate-limited admin.
pub const UNCHECKED_PER_SEC: f64 = 200.0;

/// Refuses a body whose declared length is over the limit before it is read.
pub fn check_declared_length(content_length: Option<&str>) -> Result<(), ImError> {
    match content_length.map(|v| v.trim().parse::<u64>()) {
        Some(Ok(n)) if n > MAX_BODY_BYTES as u64 => Err(too_long(n)),
        _ => Ok(()),
    }
}

/// Refuses a body read past the limit (a length header can be missing or lie).
pub fn check_length(len: usize) -> Result<(), ImError> {
    if len > MAX_BODY_BYTES {
        return Err(too_long(len as u64));
    }
    Ok(())
}

fn too_long(n: u64) -> ImError {
    ImError::HttpParse(format!(
        "the request body has {n} bytes, at most {MAX_BODY_BYTES}"
    ))
}

/// Counts unchecked calls in one-second windows.
#[derive(Debug, Default)]
pub struct UncheckedBudget {
    window: Cell<u64>,
    used: Cell<u32>,
}

impl UncheckedBudget {
    /// Counts one unchecked call at `now` (unix seconds); false once `limit` calls were
    /// counted in this second.
    pub fn admit(&self, now: u64, limit: u32) -> bool {
        if self.window.get() != now {
            self.window.set(now);
            self.used.set(0);
        }
        let used = self.used.get();
        if used >= limit.max(1) {
            return false;
        }
        self.used.set(used + 1);
        true
    }
}

thread_local! {
    static UNCHECKED: UncheckedBudget = UncheckedBudget::default();
}

/// `error` for an unchecked call at `now`, or 60007 once this isolate's budget for the
/// second is spent.
pub fn refuse_unchecked(error: ImError, now: u64, scale: f64) -> ImError {
    let limit = ((UNCHECKED_PER_SEC * scale).floor() as u32).max(1);
    if UNCHECKED.with(|b| b.admit(now, limit)) {
        error
    } else {
        ImError::RateLimited("too many calls that failed the signature check".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_over_a_mebibyte_are_refused_as_http_parse_errors() {
        assert!(check_declared_length(None).is_ok());
        assert!(check_declared_length(Some("1048576")).is_ok());
        assert!(
            check_declared_length(Some("not a number")).is_ok(),
            "checked when read"
        );
        let e = check_declared_length(Some("1048577")).expect_err("declared");
        assert!(matches!(e, ImError::HttpParse(_)), "{e:?}");
        assert!(e.to_string().contains("1048577 bytes"), "{e}");
        assert!(check_length(MAX_BODY_BYTES).is_ok());
        let e = check_length(MAX_BODY_BYTES + 1).expect_err("read");
        assert!(matches!(e, ImError::HttpParse(_)), "{e:?}");
    }

    #[test]
    fn the_unchecked_budget_refills_each_second() {
        let b = UncheckedBudget::default();
        assert!((0..3).all(|_| b.admit(10, 3)));
        assert!(!b.admit(10, 3), "the fourth call in second 10");
        assert!(b.admit(11, 3), "a new second");
        assert!(b.admit(12, 0), "a limit below one still admits one call");
        assert!(!b.admit(12, 0));
    }

    #[test]
    fn unchecked_calls_keep_their_error_until_the_budget_is_spent() {
        let now = 1_000_000;
        let first = refuse_unchecked(ImError::AdminRequired, now, 0.000_001);
        assert!(matches!(first, ImError::AdminRequired), "{first:?}");
        let second = refuse_unchecked(ImError::AdminRequired, now, 0.000_001);
        assert!(matches!(second, ImError::RateLimited(_)), "{second:?}");
    }
}
