//! Per-API call rate limits (SPEC §8): fixed one-second windows, counted where the API's
//! limiter object lives.

/// Calls per second for an API: 100 for batch import, delete and check, 200 for the rest
/// (Tencent's pages: `account_import` is 200/s).
pub fn api_limit(api: &str) -> u32 {
    match api {
        "im_open_login_svc/multiaccount_import"
        | "im_open_login_svc/account_delete"
        | "im_open_login_svc/account_check" => 100,
        _ => 200,
    }
}

/// A one-second window counter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateWindow {
    second: u64,
    count: u32,
}

impl RateWindow {
    /// Counts a call at `now_ms` and says whether it is within `limit` for its second.
    pub fn admit(&mut self, now_ms: u64, limit: u32) -> bool {
        let second = now_ms / 1000;
        if second != self.second {
            self.second = second;
            self.count = 0;
        }
        if self.count >= limit {
            return false;
        }
        self.count += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admits_up_to_the_limit_per_second() {
        let mut w = RateWindow::default();
        assert!((0..100).all(|i| w.admit(5_000 + i, 100)));
        assert!(!w.admit(5_999, 100), "the 101st call in the same second");
        assert!(w.admit(6_000, 100), "a new second");
    }

    #[test]
    fn account_commands_have_the_lower_limit() {
        assert_eq!(api_limit("im_open_login_svc/multiaccount_import"), 100);
        assert_eq!(api_limit("im_open_login_svc/account_import"), 200);
        assert_eq!(api_limit("im_open_login_svc/account_check"), 100);
        assert_eq!(api_limit("openim/query_online_status"), 200);
        assert_eq!(api_limit("im_open_login_svc/kick"), 200);
    }
}
