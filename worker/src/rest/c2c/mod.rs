//! `openim/*` one-to-one message commands: `sendmsg`, `batchsendmsg` and `importmsg` in
//! `send`; `admin_getroammsg`, `admin_msgwithdraw`, `admin_set_msg_read` and
//! `get_c2c_unread_msg_num` in `history`. Request checks are pure and use the codes of
//! Tencent's pages (90xxx).

mod extras;
mod history;
mod send;

pub use extras::{get_key_values, set_key_values};
pub use history::{
    admin_getroammsg, admin_msgwithdraw, admin_set_msg_read, get_c2c_unread_msg_num, modify_c2c_msg,
};
pub use send::{
    batchsendmsg, importmsg, message_fields, send_plan, sendmsg, MessageFields, SendPlan,
};

use edgechat_proto::{ImError, UserId};
use serde_json::Value;

/// Most receivers of one `batchsendmsg`.
pub const MAX_BATCH_RECEIVERS: usize = 500;
/// Most peers of one `get_c2c_unread_msg_num`.
pub const MAX_UNREAD_PEERS: usize = 10;
/// Longest `MsgLifeTime`: 7 days.
pub(super) const MAX_LIFE_TIME: u64 = 604_800;

pub(super) fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

pub(super) fn account(body: &Value, field: &str, missing: u32) -> Result<UserId, ImError> {
    let raw = body
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| code(missing, format!("{field} is missing or not a string")))?;
    UserId::parse(raw).map_err(|e| code(missing, format!("{field}: {e}")))
}

pub(super) fn u32_field(body: &Value, field: &str, c: u32) -> Result<Option<u32>, ImError> {
    match body.get(field) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| code(c, format!("{field} must be a 32-bit unsigned integer"))),
    }
}

#[cfg(test)]
mod tests;
