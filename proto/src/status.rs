//! Online status as frames carry it: a user's status (and custom status), and a user a
//! status query could not report.

use serde::{Deserialize, Serialize};

/// A user's online status as the engine reports it (`USER_STATUS_UPDATED`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserStatus {
    #[serde(rename = "userID")]
    pub user_id: String,
    /// 1 online, 2 offline (still reachable by push), 3 not logged in.
    #[serde(rename = "statusType")]
    pub status_type: u8,
    /// What the user set with `setSelfStatus` ('' when nothing).
    #[serde(rename = "customStatus", default)]
    pub custom_status: String,
}

/// A user `getUserStatus` could not report, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusFailure {
    #[serde(rename = "userID")]
    pub user_id: String,
    pub code: u32,
    pub message: String,
}

impl StatusFailure {
    /// Why `user_id` could not be watched or queried.
    pub fn of(user_id: impl ToString, error: &crate::ImError) -> StatusFailure {
        StatusFailure {
            user_id: user_id.to_string(),
            code: error.code(),
            message: error.to_string(),
        }
    }
}
