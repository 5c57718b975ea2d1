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
}

/// Headers by which the worker hands a verified login to the user's object.
pub const USER_HEADER: &str = "x-edgechat-user";
pub const PLATFORM_HEADER: &str = "x-edgechat-platform";
pub const EXPIRES_HEADER: &str = "x-edgechat-expires";
