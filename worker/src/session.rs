//! A live client session: what a hibernatable socket's attachment remembers about it.

use serde::{Deserialize, Serialize};

/// Stored as the socket's attachment (≤ 16 KB), so it survives hibernation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Unique per socket within its user's object.
    pub sid: String,
    pub user: String,
    pub platform: String,
    /// Unix second at which the session's UserSig expires.
    pub expires_at: u64,
    pub connected_at: u64,
    /// Unix second of the last frame from the client (the heartbeat).
    pub last_seen: u64,
    /// Login order among this user's sessions: larger is newer.
    pub seq: u64,
    /// Set once the server has closed it (hibernation may still list the socket).
    pub closed: bool,
}

/// Headers by which the worker hands a verified login to the user's object.
pub const USER_HEADER: &str = "x-edgechat-user";
pub const PLATFORM_HEADER: &str = "x-edgechat-platform";
pub const EXPIRES_HEADER: &str = "x-edgechat-expires";
/// When the login's UserSig was signed (`TLS.time`): a REST kick refuses UserSigs signed before it.
pub const SIGNED_HEADER: &str = "x-edgechat-signed";

/// Hub → user object, before a socket is accepted: the login to admit, and the platforms of
/// the user's sessions once it is in (the policy's kicks already taken out). The user object
/// checks the account, records the platforms and answers `{maxSeq}`, or refuses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionOpen {
    pub user: String,
    pub platform: String,
    pub platforms: Vec<String>,
    /// No other session stays: watchers hear that the user is online.
    pub was_offline: bool,
    /// When the login's UserSig was signed (`TLS.time`).
    #[serde(default)]
    pub signed_at: u64,
}

/// Hub → user object: sessions ended; `platforms` are those still live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionUpdate {
    pub user: String,
    pub platforms: Vec<String>,
    pub closed: Vec<ClosedSession>,
}

/// A session that ended, and whether the client logged out (else a mobile device stays
/// reachable by push for a while).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClosedSession {
    pub platform: String,
    pub logout: bool,
}

/// Hub → user object: a client frame from one of the user's sessions; the answer is the
/// reply frame's text. The hub sends it borrowed; the user object reads it owned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameCall<'a> {
    pub session: std::borrow::Cow<'a, Session>,
    pub text: std::borrow::Cow<'a, str>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_calls_round_trip() {
        let s = Session {
            sid: "1-1-1".into(),
            user: "a".into(),
            platform: "Web".into(),
            expires_at: 9,
            connected_at: 1,
            last_seen: 2,
            seq: 1,
            closed: false,
        };
        let f = FrameCall {
            session: std::borrow::Cow::Owned(s),
            text: "{\"type\":\"ping\",\"reqId\":1}".into(),
        };
        let back: FrameCall =
            serde_json::from_str(&serde_json::to_string(&f).expect("json")).expect("parse");
        assert_eq!(back, f);
        let u = SessionUpdate {
            user: "a".into(),
            platforms: vec![],
            closed: vec![ClosedSession {
                platform: "iOS".into(),
                logout: false,
            }],
        };
        let v = serde_json::to_value(&u).expect("json");
        assert_eq!(v["closed"][0]["logout"], false);
        let o: SessionOpen = serde_json::from_value(serde_json::json!({
            "user": "a", "platform": "Web", "platforms": ["Web"], "wasOffline": true
        }))
        .expect("open");
        assert!(o.was_offline);
    }
}
