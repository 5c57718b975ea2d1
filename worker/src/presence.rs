//! Online status (SPEC §2): Online, PushOnline or Offline, from a user's live sessions.

use serde::Serialize;

/// How long a mobile device that lost its socket without logging out stays PushOnline.
pub const PUSH_ONLINE_SECS: u64 = 7 * 24 * 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Status {
    Online,
    PushOnline,
    Offline,
}

impl Status {
    /// The engine's `statusType`: 1 online, 2 offline (reachable by push), 3 not logged in.
    pub fn status_type(self) -> u8 {
        match self {
            Status::Online => 1,
            Status::PushOnline => 2,
            Status::Offline => 3,
        }
    }
}

/// Whether losing a session on `platform` without a logout leaves the device PushOnline.
pub fn keeps_push(platform: &str) -> bool {
    matches!(platform, "Android" | "iPhone" | "iPad")
}

/// One platform's status, for `IsNeedDetail`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlatformStatus {
    #[serde(rename = "Platform")]
    pub platform: String,
    #[serde(rename = "Status")]
    pub status: Status,
}

/// The user's status from its live sessions' platforms and the mobile platforms still
/// reachable by push (platform, until when), at `now`.
pub fn status_of(live: &[&str], push: &[(String, u64)], now: u64) -> (Status, Vec<PlatformStatus>) {
    let mut detail: Vec<PlatformStatus> = live
        .iter()
        .map(|p| PlatformStatus {
            platform: (*p).to_owned(),
            status: Status::Online,
        })
        .collect();
    for (p, until) in push {
        if *until > now && !live.contains(&p.as_str()) {
            detail.push(PlatformStatus {
                platform: p.clone(),
                status: Status::PushOnline,
            });
        }
    }
    let overall = if !live.is_empty() {
        Status::Online
    } else if !detail.is_empty() {
        Status::PushOnline
    } else {
        Status::Offline
    };
    (overall, detail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn online_beats_push_online_beats_offline() {
        assert_eq!(status_of(&["Web"], &[], 0).0, Status::Online);
        let push = vec![("Android".to_owned(), 100)];
        let (s, d) = status_of(&[], &push, 99);
        assert_eq!(s, Status::PushOnline);
        assert_eq!(
            d,
            vec![PlatformStatus {
                platform: "Android".into(),
                status: Status::PushOnline
            }]
        );
        assert_eq!(
            status_of(&[], &push, 100).0,
            Status::Offline,
            "after 7 days"
        );
        let (s, d) = status_of(&["Web"], &push, 5);
        assert_eq!((s, d.len()), (Status::Online, 2));
        assert_eq!(status_of(&[], &[], 5), (Status::Offline, vec![]));
    }

    #[test]
    fn only_mobile_keeps_push() {
        assert!(keeps_push("iPhone") && keeps_push("Android") && keeps_push("iPad"));
        assert!(!keeps_push("Web") && !keeps_push("Mac"));
    }
}
