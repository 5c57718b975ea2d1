//! A message send's body (`send_group_msg`, a client's `groupSend`) parsed into the rules'
//! `SendRequest`.

use super::{account, text, u64_of};
use crate::group::rules::code;
use crate::group::send::SendRequest;
use edgechat_proto::codes;
use edgechat_proto::group::{Priority, AT_ALL};
use edgechat_proto::message::MsgElem;
use edgechat_proto::{ImError, UserId};
use serde_json::Value;

/// Parses a message send (`send_group_msg` or a client's `groupSend`).
pub fn send_request(body: &Value, from: UserId) -> Result<SendRequest, ImError> {
    let random = u64_of(body, "Random")?
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "Random is missing"))
        .and_then(|r| {
            u32::try_from(r).map_err(|_| code(codes::INVALID_PARAMETER, "Random must fit 32 bits"))
        })?;
    let priority = match body.get("MsgPriority").and_then(Value::as_str) {
        None => Priority::Normal,
        Some(p) => Priority::parse(p)?,
    };
    let raw = body
        .get("MsgBody")
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgBody is missing"))?;
    let elems: Vec<MsgElem> = serde_json::from_value(raw.clone())
        .map_err(|e| code(codes::INVALID_PARAMETER, format!("MsgBody: {e}")))?;
    let mut at_list = Vec::new();
    if let Some(ats) = body.get("GroupAtInfo").and_then(Value::as_array) {
        for at in ats {
            if at.get("GroupAtAllFlag").and_then(Value::as_u64) == Some(1) {
                at_list.push(AT_ALL.to_owned());
            } else {
                at_list.push(account(at, "GroupAt_Account")?.to_string());
            }
        }
    }
    let topic = match text(body, "TopicId")? {
        t if t.is_empty() => None,
        t => Some(t),
    };
    Ok(SendRequest {
        from,
        topic,
        random,
        priority,
        body: elems,
        cloud_custom_data: text(body, "CloudCustomData")?,
        at_list,
        online_only: body.get("OnlineOnlyFlag").and_then(Value::as_u64) == Some(1),
        need_read_receipt: body.get("NeedReadReceipt").and_then(Value::as_u64) == Some(1),
        // edgechat's user objects add the sender's profile; REST sends carry none.
        nick: text(body, "SenderNick")?,
        avatar: text(body, "SenderFaceUrl")?,
    })
}
