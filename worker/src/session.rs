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
