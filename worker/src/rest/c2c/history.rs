//! History and read state of one-to-one chats: `admin_getroammsg`, `admin_msgwithdraw`,
//! `admin_set_msg_read` and `get_c2c_unread_msg_num`.

use super::super::users::{UserOp, Users};
use super::send::{checked_body, cloud_custom_data, receiver_error};
use super::{account, code, MAX_UNREAD_PEERS};
use edgechat_proto::codes;
use edgechat_proto::message::{msg_seq_of, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// The operator and peer of `admin_getroammsg` (new form, or the old `From_Account`/`To_Account`).
fn roam_parties(body: &Value) -> Result<(UserId, UserId), ImError> {
    if body.get("Operator_Account").is_some() || body.get("Peer_Account").is_some() {
        Ok((
            account(body, "Operator_Account", codes::OPENIM_FROM_ACCOUNT)?,
            account(body, "Peer_Account", codes::OPENIM_TO_ACCOUNT)?,
        ))
    } else {
        Ok((
            account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?,
            account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?,
        ))
    }
}

pub async fn admin_getroammsg<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let (operator, peer) = roam_parties(body)?;
    let int = |f: &str| {
        body.get(f).and_then(Value::as_u64).ok_or_else(|| {
            code(
                codes::OPENIM_JSON,
                format!("{f} is missing or not an integer"),
            )
        })
    };
    let max_cnt = int("MaxCnt")?;
    let (min_time, max_time) = (int("MinTime")?, int("MaxTime")?);
    if max_cnt == 0 || min_time > max_time {
        return Err(code(
            codes::OPENIM_JSON,
            "MaxCnt must be positive and MinTime ≤ MaxTime",
        ));
    }
    let last_key = body
        .get("LastMsgKey")
        .and_then(Value::as_str)
        .filter(|k| !k.is_empty());
    let page = users
        .call(&operator, UserOp::Roam, json!({ "peer": peer, "maxCnt": max_cnt.min(1000), "minTime": min_time, "maxTime": max_time, "lastKey": last_key }))
        .await?;
    let mut msgs: Vec<StoredMessage> = serde_json::from_value(page["messages"].clone())
        .map_err(|e| ImError::Internal(e.to_string()))?;
    msgs.reverse(); // oldest first within the page, as Tencent lists them
    let peer_read = page["peerReadTime"].as_u64().unwrap_or(0);
    let list: Vec<Value> = msgs
        .iter()
        .map(|m| {
            json!({
                "From_Account": m.from, "To_Account": m.to, "MsgSeq": msg_seq_of(&m.msg_key), "MsgRandom": m.random,
                "MsgTimeStamp": m.time, "MsgFlagBits": if m.recalled { 8 } else { 0 },
                "IsPeerRead": u8::from(m.from == operator && m.time <= peer_read),
                "MsgKey": m.msg_key, "MsgBody": m.msg_body, "CloudCustomData": m.cloud_custom_data,
            })
        })
        .collect();
    let oldest = msgs.first();
    Ok(json!({
        "Complete": u8::from(page["complete"].as_bool().unwrap_or(true)),
        "MsgCnt": list.len(),
        "LastMsgTime": oldest.map_or(0, |m| m.time),
        "LastMsgKey": oldest.map_or("", |m| m.msg_key.as_str()),
        "MsgList": list,
    }))
}

/// A request's `MsgKey`: three numbers joined by `_`.
pub(super) fn msg_key(body: &Value) -> Result<&str, ImError> {
    let key = body
        .get("MsgKey")
        .and_then(Value::as_str)
        .ok_or_else(|| code(codes::OPENIM_MSG_KEY, "MsgKey is missing"))?;
    if key.split('_').count() != 3 || key.split('_').any(|p| p.parse::<u64>().is_err()) {
        return Err(code(
            codes::OPENIM_MSG_KEY,
            format!("MsgKey {key:?} is not a MsgKey"),
        ));
    }
    Ok(key)
}

/// `modify_c2c_msg`: the sender's message (`From_Account` to `To_Account`, `MsgKey`) gets a
/// new `MsgBody` and/or `CloudCustomData` on both sides; their devices hear MESSAGE_MODIFIED.
pub async fn modify_c2c_msg<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let from = account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    let key = msg_key(body)?;
    let ccd = cloud_custom_data(body)?;
    let msg_body = match body.get("MsgBody") {
        None => Value::Null,
        Some(b @ Value::Array(items)) if !items.is_empty() => {
            json!(checked_body(b, ccd.as_deref().unwrap_or_default())?)
        }
        Some(_) => {
            return Err(code(
                codes::OPENIM_MSG_BODY_TYPE,
                "MsgBody must be a non-empty array of message elements",
            ))
        }
    };
    if msg_body.is_null() && ccd.is_none() {
        return Err(code(
            codes::OPENIM_MSG_BODY,
            "give MsgBody, CloudCustomData or both: the fields to change",
        ));
    }
    let call = json!({ "me": from, "peer": to, "msgKey": key, "msgBody": msg_body, "cloudCustomData": ccd });
    users.call(&from, UserOp::AdminModify, call).await?;
    Ok(json!({}))
}

pub async fn admin_msgwithdraw<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let from = account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    let key = msg_key(body)?;
    users
        .call(
            &from,
            UserOp::AdminRecall,
            json!({ "me": from, "peer": to, "msgKey": key }),
        )
        .await?;
    Ok(json!({}))
}

pub async fn admin_set_msg_read<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let me = account(body, "Report_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let peer = account(body, "Peer_Account", codes::OPENIM_TO_ACCOUNT)?;
    // MsgReadTime: unix seconds, as a number or (the INTL table says) a string.
    let until = match body.get("MsgReadTime") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .ok_or_else(|| code(codes::OPENIM_JSON, "MsgReadTime must be unix seconds"))?,
        ),
    };
    let call = json!({ "me": me, "peer": peer, "until": until });
    users.call(&me, UserOp::AdminRead, call).await?;
    Ok(json!({}))
}

pub async fn get_c2c_unread_msg_num<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let me = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
    let peers = match body.get("Peer_Account") {
        None => None,
        Some(v) => {
            let list = v
                .as_array()
                .ok_or_else(|| code(codes::OPENIM_JSON, "Peer_Account must be an array"))?;
            if list.len() > MAX_UNREAD_PEERS {
                let why = format!(
                    "Peer_Account has {} accounts, at most {MAX_UNREAD_PEERS}",
                    list.len()
                );
                return Err(code(codes::OPENIM_PEERS_TOO_MANY, why));
            }
            Some(list.clone())
        }
    };
    let counts = users
        .call(&me, UserOp::Unread, json!({ "peers": peers }))
        .await
        .map_err(receiver_error)?;
    let mut out = json!({ "AllC2CUnreadMsgNum": counts["all"] });
    let Some(list) = peers else { return Ok(out) };
    // Peers that do not exist go to ErrorList (70107), as Tencent reports them.
    let ids: Vec<UserId> = list
        .iter()
        .filter_map(|p| p.as_str().and_then(|s| UserId::parse(s).ok()))
        .collect();
    let exists = users.call_each(&ids, UserOp::Check, json!({})).await;
    let known = |id: &UserId| {
        ids.iter()
            .zip(&exists)
            .any(|(i, r)| i == id && r.as_ref().is_ok_and(|v| v["imported"] == true))
    };
    let mut per = vec![];
    let mut errors = vec![];
    for p in list {
        match p.as_str().map(UserId::parse) {
            Some(Ok(id)) if known(&id) => {
                let n = counts["peers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["peer"] == id.as_str())
                    .map_or(json!(0), |c| c["unread"].clone());
                per.push(json!({ "Peer_Account": id, "C2CUnreadMsgNum": n }));
            }
            _ => {
                errors.push(json!({ "Peer_Account": p, "ErrorCode": codes::ACCOUNT_NOT_IMPORTED }))
            }
        }
    }
    out["C2CUnreadMsgNumList"] = json!(per);
    if !errors.is_empty() {
        out["ErrorList"] = json!(errors);
    }
    Ok(out)
}
