//! `sendmsg`, `batchsendmsg` and `importmsg`: the message fields checked once, then one
//! send per receiver through its user object.

use super::super::users::{UserOp, Users};
use super::{account, code, u32_field, MAX_BATCH_RECEIVERS, MAX_LIFE_TIME};
use edgechat_proto::codes;
use edgechat_proto::message::{msg_seq_of, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// The message part shared by `sendmsg`, `batchsendmsg` and `importmsg`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFields {
    pub random: u32,
    pub msg_seq: Option<u64>,
    pub body: Vec<MsgElem>,
    pub cloud_custom_data: String,
}

/// `CloudCustomData`, when given: a string (90002 otherwise).
pub fn cloud_custom_data(body: &Value) -> Result<Option<String>, ImError> {
    body.get("CloudCustomData")
        .map(|v| {
            v.as_str()
                .map(str::to_owned)
                .ok_or_else(|| code(codes::OPENIM_MSG_BODY, "CloudCustomData must be a string"))
        })
        .transpose()
}

/// A `MsgBody` array as elements that follow the message format and fit 12 KB with `ccd`.
pub fn checked_body(raw: &Value, ccd: &str) -> Result<Vec<MsgElem>, ImError> {
    let elems: Vec<MsgElem> = serde_json::from_value(raw.clone())
        .map_err(|e| code(codes::OPENIM_MSG_BODY, format!("MsgBody: {e}")))?;
    validate_body(&elems, ccd).map_err(|e| match e {
        ImError::MessageTooLong { .. } => code(
            codes::OPENIM_TOO_LONG,
            format!("{e}: keep MsgBody under 12 KB"),
        ),
        other => code(codes::OPENIM_MSG_BODY, other.to_string()),
    })?;
    Ok(elems)
}

pub fn message_fields(body: &Value) -> Result<MessageFields, ImError> {
    let random = u32_field(body, "MsgRandom", codes::OPENIM_MSG_RANDOM)?
        .ok_or_else(|| code(codes::OPENIM_MSG_RANDOM, "MsgRandom is missing"))?;
    let msg_seq = u32_field(body, "MsgSeq", codes::OPENIM_MSG_BODY)?.map(u64::from);
    let raw = body
        .get("MsgBody")
        .ok_or_else(|| code(codes::OPENIM_MSG_BODY_TYPE, "MsgBody is missing"))?;
    if !raw.is_array() {
        return Err(code(
            codes::OPENIM_MSG_BODY_TYPE,
            "MsgBody must be an array",
        ));
    }
    let ccd = cloud_custom_data(body)?.unwrap_or_default();
    let elems = checked_body(raw, &ccd)?;
    Ok(MessageFields {
        random,
        msg_seq,
        body: elems,
        cloud_custom_data: ccd,
    })
}

/// What `sendmsg` / `batchsendmsg` ask for besides the receivers.
#[derive(Debug, Clone, PartialEq)]
pub struct SendPlan {
    pub from: String,
    pub message: MessageFields,
    pub keep_copy: bool,
    pub online_only: bool,
    pub offline_push_info: Option<Value>,
    pub no_unread: bool,
    pub no_last_msg: bool,
    /// `ForbidCallbackControl` names `ForbidBeforeSendMsgCallback` / `ForbidAfterSendMsgCallback`.
    pub forbid_before: bool,
    pub forbid_after: bool,
}

/// Checks a send request; `admin` sends when there is no `From_Account`.
pub fn send_plan(body: &Value, admin: &str) -> Result<SendPlan, ImError> {
    let from = match body.get("From_Account") {
        None => admin.to_owned(),
        Some(_) => account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?.to_string(),
    };
    let keep_copy = match body.get("SyncOtherMachine") {
        None => true,
        Some(v) => match v.as_u64() {
            Some(1) => true,
            Some(2) => false,
            _ => {
                return Err(code(
                    codes::OPENIM_SYNC_OTHER_MACHINE,
                    "SyncOtherMachine must be 1 or 2",
                ))
            }
        },
    };
    let online_only = match body.get("MsgLifeTime") {
        None => false,
        Some(v) => match v.as_u64() {
            Some(0) => true,
            Some(n) if n <= MAX_LIFE_TIME => false,
            Some(_) => {
                return Err(code(
                    codes::OPENIM_LIFETIME_RANGE,
                    "MsgLifeTime is at most 604800 seconds (7 days)",
                ))
            }
            None => {
                return Err(code(
                    codes::OPENIM_LIFETIME_TYPE,
                    "MsgLifeTime must be an integer",
                ))
            }
        },
    };
    let offline_push_info = match body.get("OfflinePushInfo") {
        None => None,
        Some(v) if v.is_object() => Some(v.clone()),
        Some(_) => {
            return Err(code(
                codes::OPENIM_OFFLINE_PUSH_INFO,
                "OfflinePushInfo must be an object",
            ))
        }
    };
    let controls: Vec<&str> = body
        .get("SendMsgControl")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let forbid: Vec<&str> = match body.get("ForbidCallbackControl") {
        None => Vec::new(),
        Some(Value::Array(list)) if list.iter().all(Value::is_string) => {
            list.iter().filter_map(Value::as_str).collect()
        }
        Some(_) => {
            return Err(code(
                codes::OPENIM_JSON,
                "ForbidCallbackControl must be an array of strings",
            ))
        }
    };
    Ok(SendPlan {
        from,
        message: message_fields(body)?,
        keep_copy,
        online_only,
        offline_push_info,
        no_unread: controls.contains(&"NoUnread"),
        no_last_msg: controls.contains(&"NoLastMsg"),
        forbid_before: forbid.contains(&"ForbidBeforeSendMsgCallback"),
        forbid_after: forbid.contains(&"ForbidAfterSendMsgCallback"),
    })
}

fn send_body(p: &SendPlan, to: &UserId) -> Value {
    json!({
        "from": p.from, "to": to, "random": p.message.random, "msgSeq": p.message.msg_seq,
        "msgBody": p.message.body, "cloudCustomData": p.message.cloud_custom_data,
        "offlinePushInfo": p.offline_push_info, "onlineOnly": p.online_only, "keepCopy": p.keep_copy,
        "noUnread": p.no_unread, "noLastMsg": p.no_last_msg, "forbidBefore": p.forbid_before,
        "forbidAfter": p.forbid_after,
    })
}

fn sender(p: &SendPlan) -> Result<UserId, ImError> {
    UserId::parse(&p.from)
        .map_err(|e| code(codes::OPENIM_FROM_ACCOUNT, format!("From_Account: {e}")))
}

/// A receiver that does not exist is reported as Tencent does (90012).
pub(super) fn receiver_error(e: ImError) -> ImError {
    match e.code() {
        codes::INVALID_ACCOUNT | codes::ACCOUNT_NOT_IMPORTED => code(
            codes::OPENIM_TO_NOT_FOUND,
            format!("To_Account does not exist: {e}"),
        ),
        _ => e,
    }
}

pub async fn sendmsg<U: Users>(users: &U, body: &Value, admin: &str) -> Result<Value, ImError> {
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    let plan = send_plan(body, admin)?;
    let sent = users
        .call(&sender(&plan)?, UserOp::SendAs, send_body(&plan, &to))
        .await
        .map_err(receiver_error)?;
    Ok(json!({ "MsgTime": sent["time"], "MsgKey": sent["msgKey"] }))
}

pub async fn batchsendmsg<U: Users>(
    users: &U,
    body: &Value,
    admin: &str,
) -> Result<Value, ImError> {
    let list = body
        .get("To_Account")
        .and_then(Value::as_array)
        .ok_or_else(|| code(codes::OPENIM_TO_ACCOUNT, "To_Account must be an array"))?;
    if list.is_empty() {
        return Err(code(codes::OPENIM_TO_ACCOUNT, "To_Account is empty"));
    }
    if list.len() > MAX_BATCH_RECEIVERS {
        return Err(code(
            codes::OPENIM_BATCH_TOO_LARGE,
            format!(
                "To_Account has {} accounts, at most {MAX_BATCH_RECEIVERS}",
                list.len()
            ),
        ));
    }
    let plan = send_plan(body, admin)?;
    let from = sender(&plan)?;
    let mut errors = vec![];
    let mut calls: Vec<(UserId, Value, UserId)> = vec![];
    for v in list {
        match v.as_str().map(UserId::parse) {
            Some(Ok(id)) => calls.push((from.clone(), send_body(&plan, &id), id)),
            _ => errors.push(json!({ "To_Account": v, "ErrorCode": codes::ACCOUNT_NOT_IMPORTED })),
        }
    }
    // The first receiver's send fixes the time and MsgSeq; the others get the same, so one
    // MsgKey names the message for every receiver even when the batch crosses a second.
    let mut results = Vec::with_capacity(calls.len());
    let mut rest_from = 0;
    for (i, (f, b, _)) in calls.iter().enumerate() {
        let first = users.call(f, UserOp::SendAs, b.clone()).await;
        let pinned = first.as_ref().ok().map(|m| {
            let seq = m["msgKey"].as_str().map(msg_seq_of);
            (m["time"].clone(), seq)
        });
        results.push(first);
        rest_from = i + 1;
        if let Some((time, seq)) = pinned {
            for (_, body, _) in calls.iter_mut().skip(rest_from) {
                body["time"] = time.clone();
                if let Some(s) = seq {
                    body["msgSeq"] = json!(s);
                }
            }
            break;
        }
    }
    let bodies: Vec<(UserId, Value)> = calls
        .iter()
        .skip(rest_from)
        .map(|(f, b, _)| (f.clone(), b.clone()))
        .collect();
    results.extend(users.call_each_with(&bodies, UserOp::SendAs).await);
    let mut key = Value::Null;
    for ((_, _, to), r) in calls.iter().zip(results) {
        match r {
            Ok(m) if key.is_null() => key = m["msgKey"].clone(),
            Ok(_) => {}
            Err(e) => errors.push(json!({ "To_Account": to, "ErrorCode": if e.code() == codes::INVALID_ACCOUNT { codes::ACCOUNT_NOT_IMPORTED } else { e.code() } })),
        }
    }
    let mut out = json!({ "MsgKey": if key.is_null() { json!("") } else { key } });
    if !errors.is_empty() {
        out["ErrorList"] = json!(errors);
    }
    Ok(out)
}

/// How far ahead of the server's clock an imported message's time may be (clock skew).
pub const MAX_IMPORT_AHEAD: u64 = 300;

/// `importmsg` at server time `now`: a message from the future (past the skew allowed) is
/// refused, so it cannot sort first for ever and never expire.
pub async fn importmsg<U: Users>(users: &U, body: &Value, now: u64) -> Result<Value, ImError> {
    let live = match body.get("SyncFromOldSystem").and_then(Value::as_u64) {
        Some(2) => false,
        Some(1 | 5) => true,
        _ => {
            return Err(code(
                codes::OPENIM_SYNC_FROM_OLD_SYSTEM,
                "SyncFromOldSystem must be 2 (history) or 5 (real time)",
            ))
        }
    };
    let from = account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    let time = body
        .get("MsgTimeStamp")
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            code(
                codes::OPENIM_MSG_TIMESTAMP,
                "MsgTimeStamp is missing or not an integer",
            )
        })?;
    if time > now.saturating_add(MAX_IMPORT_AHEAD) {
        return Err(code(
            codes::OPENIM_MSG_TIMESTAMP,
            format!("MsgTimeStamp {time} is in the future (the server's time is {now})"),
        ));
    }
    let m = message_fields(body)?;
    let msg_seq = m.msg_seq.unwrap_or(u64::from(m.random));
    let message = StoredMessage {
        need_read_receipt: false,
        receipt_read: false,
        seq: 0,
        from: from.clone(),
        to: to.clone(),
        random: m.random,
        time,
        msg_key: edgechat_proto::message::msg_key(m.random, msg_seq, time),
        msg_body: m.body,
        cloud_custom_data: m.cloud_custom_data,
        offline_push_info: None,
        recalled: false,
        deleted: false,
        nick: String::new(),
        avatar: String::new(),
    };
    users
        .call(
            &to,
            UserOp::ImportMsg,
            json!({ "message": message, "owner": to, "live": live }),
        )
        .await
        .map_err(receiver_error)?;
    if from != to {
        users
            .call(
                &from,
                UserOp::ImportMsg,
                json!({ "message": message, "owner": from, "live": false }),
            )
            .await?;
    }
    Ok(json!({}))
}
