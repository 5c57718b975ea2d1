//! `openim/*` one-to-one message commands: `sendmsg`, `batchsendmsg`, `importmsg`,
//! `admin_getroammsg`, `admin_msgwithdraw`, `admin_set_msg_read`, `get_c2c_unread_msg_num`.
//! Request checks are pure and use the codes of Tencent's pages (90xxx).

use super::users::{UserOp, Users};
use edgechat_proto::codes;
use edgechat_proto::message::{msg_seq_of, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most receivers of one `batchsendmsg`.
pub const MAX_BATCH_RECEIVERS: usize = 500;
/// Most peers of one `get_c2c_unread_msg_num`.
pub const MAX_UNREAD_PEERS: usize = 10;
/// Longest `MsgLifeTime`: 7 days.
const MAX_LIFE_TIME: u64 = 604_800;

fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

fn account(body: &Value, field: &str, missing: u32) -> Result<UserId, ImError> {
    let raw = body
        .get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| code(missing, format!("{field} is missing or not a string")))?;
    UserId::parse(raw).map_err(|e| code(missing, format!("{field}: {e}")))
}

fn u32_field(body: &Value, field: &str, c: u32) -> Result<Option<u32>, ImError> {
    match body.get(field) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or_else(|| code(c, format!("{field} must be a 32-bit unsigned integer"))),
    }
}

/// The message part shared by `sendmsg`, `batchsendmsg` and `importmsg`, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFields {
    pub random: u32,
    pub msg_seq: Option<u64>,
    pub body: Vec<MsgElem>,
    pub cloud_custom_data: String,
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
    let elems: Vec<MsgElem> = serde_json::from_value(raw.clone())
        .map_err(|e| code(codes::OPENIM_MSG_BODY, format!("MsgBody: {e}")))?;
    let ccd = match body.get("CloudCustomData") {
        None => String::new(),
        Some(v) => v
            .as_str()
            .ok_or_else(|| code(codes::OPENIM_MSG_BODY, "CloudCustomData must be a string"))?
            .to_owned(),
    };
    validate_body(&elems, &ccd).map_err(|e| match e {
        ImError::MessageTooLong { .. } => code(
            codes::OPENIM_TOO_LONG,
            format!("{e}: keep MsgBody under 12 KB"),
        ),
        other => code(codes::OPENIM_MSG_BODY, other.to_string()),
    })?;
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
    Ok(SendPlan {
        from,
        message: message_fields(body)?,
        keep_copy,
        online_only,
        offline_push_info,
        no_unread: controls.contains(&"NoUnread"),
        no_last_msg: controls.contains(&"NoLastMsg"),
    })
}

fn send_body(p: &SendPlan, to: &UserId) -> Value {
    json!({
        "from": p.from, "to": to, "random": p.message.random, "msgSeq": p.message.msg_seq,
        "msgBody": p.message.body, "cloudCustomData": p.message.cloud_custom_data,
        "offlinePushInfo": p.offline_push_info, "onlineOnly": p.online_only, "keepCopy": p.keep_copy,
        "noUnread": p.no_unread, "noLastMsg": p.no_last_msg,
    })
}

fn sender(p: &SendPlan) -> Result<UserId, ImError> {
    UserId::parse(&p.from)
        .map_err(|e| code(codes::OPENIM_FROM_ACCOUNT, format!("From_Account: {e}")))
}

/// A receiver that does not exist is reported as Tencent does (90012).
fn receiver_error(e: ImError) -> ImError {
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

pub async fn importmsg<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
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
    let m = message_fields(body)?;
    let msg_seq = m.msg_seq.unwrap_or(u64::from(m.random));
    let message = StoredMessage {
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

pub async fn admin_msgwithdraw<U: Users>(users: &U, body: &Value) -> Result<Value, ImError> {
    let from = account(body, "From_Account", codes::OPENIM_FROM_ACCOUNT)?;
    let to = account(body, "To_Account", codes::OPENIM_TO_ACCOUNT)?;
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

#[cfg(test)]
mod tests {
    use super::super::users::fake::{run, FakeUsers};
    use super::*;

    fn text(t: &str) -> Value {
        json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": t } }])
    }

    #[test]
    fn a_batch_gives_every_receiver_the_first_sends_time_and_msg_seq() {
        let u = FakeUsers::default();
        let body = json!({ "To_Account": ["b", "c", "d"], "MsgRandom": 7, "MsgBody": text("hi") });
        let r = run(batchsendmsg(&u, &body, "administrator")).expect("batch");
        assert_eq!(r["MsgKey"], "1_7_100");
        let sent = u.sent.borrow();
        assert_eq!(sent.len(), 3);
        assert!(
            sent[0].get("time").is_none(),
            "the first send picks its own time"
        );
        for later in &sent[1..] {
            assert_eq!(
                (later["time"].as_u64(), later["msgSeq"].as_u64()),
                (Some(100), Some(1))
            );
        }
    }

    #[test]
    fn sendmsg_checks_fields_with_tencent_codes() {
        let u = FakeUsers::default();
        let ok = json!({ "To_Account": "b", "MsgRandom": 7, "MsgBody": text("hi") });
        let code_of = |b: Value| {
            run(sendmsg(&u, &b, "administrator"))
                .map(|_| ())
                .map_err(|e| e.code())
        };
        assert_eq!(code_of(ok.clone()), Ok(()));
        let with = |k: &str, v: Value| {
            let mut b = ok.clone();
            b[k] = v;
            b
        };
        let without = |k: &str| {
            let mut b = ok.clone();
            b.as_object_mut().map(|o| o.remove(k));
            b
        };
        assert_eq!(code_of(without("To_Account")), Err(90003));
        assert_eq!(code_of(with("To_Account", json!("a b"))), Err(90003));
        assert_eq!(code_of(without("MsgRandom")), Err(90005));
        assert_eq!(code_of(with("MsgRandom", json!(-1))), Err(90005));
        assert_eq!(code_of(with("MsgBody", json!({}))), Err(90007));
        assert_eq!(
            code_of(with(
                "MsgBody",
                json!([{ "MsgType": "TIMBogus", "MsgContent": {} }])
            )),
            Err(90002)
        );
        assert_eq!(
            code_of(with("MsgBody", text(&"x".repeat(12 * 1024)))),
            Err(93000)
        );
        assert_eq!(code_of(with("From_Account", json!(""))), Err(90008));
        assert_eq!(code_of(with("SyncOtherMachine", json!(3))), Err(90031));
        assert_eq!(code_of(with("MsgLifeTime", json!(604_801))), Err(90026));
        assert_eq!(code_of(with("OfflinePushInfo", json!("x"))), Err(90043));
        let sent = u.sent.borrow();
        assert_eq!(sent.len(), 1, "only the valid request reached a user");
        assert_eq!(sent[0]["from"], "administrator");
    }

    #[test]
    fn send_plan_reads_sync_life_time_and_controls() {
        let p = send_plan(
            &json!({ "From_Account": "a", "SyncOtherMachine": 2, "MsgLifeTime": 0, "MsgRandom": 1,
            "MsgSeq": 9, "MsgBody": text("t"), "SendMsgControl": ["NoUnread", "NoLastMsg"] }),
            "admin",
        )
        .expect("plan");
        assert_eq!(
            (
                p.from.as_str(),
                p.keep_copy,
                p.online_only,
                p.no_unread,
                p.no_last_msg
            ),
            ("a", false, true, true, true)
        );
        assert_eq!(p.message.msg_seq, Some(9));
    }

    #[test]
    fn batch_limits_to_500_and_reports_bad_receivers() {
        let u = FakeUsers::default();
        let body = |n: usize| json!({ "To_Account": (0..n).map(|i| format!("u{i}")).collect::<Vec<_>>(), "MsgRandom": 1, "MsgBody": text("t") });
        assert_eq!(
            run(batchsendmsg(&u, &body(501), "admin"))
                .map_err(|e| e.code())
                .err(),
            Some(90011)
        );
        let r = run(batchsendmsg(
            &u,
            &json!({ "To_Account": ["a", "bad id"], "MsgRandom": 1, "MsgBody": text("t") }),
            "admin",
        ))
        .expect("batch");
        assert_eq!(
            r["ErrorList"],
            json!([{ "To_Account": "bad id", "ErrorCode": 70107 }])
        );
        assert!(r["MsgKey"].is_string());
        assert!(run(batchsendmsg(&u, &body(500), "admin")).is_ok());
    }

    #[test]
    fn import_requires_its_fields() {
        let u = FakeUsers::default();
        let ok = json!({ "SyncFromOldSystem": 2, "From_Account": "a", "To_Account": "b", "MsgRandom": 5, "MsgTimeStamp": 1000, "MsgBody": text("old") });
        run(importmsg(&u, &ok)).expect("import");
        assert_eq!(u.sent.borrow().len(), 2, "both inboxes");
        for (k, v, c) in [
            ("SyncFromOldSystem", json!(3), 90030),
            ("MsgTimeStamp", json!("x"), 90006),
            ("From_Account", json!(1), 90008),
        ] {
            let mut b = ok.clone();
            b[k] = v;
            assert_eq!(
                run(importmsg(&u, &b)).map_err(|e| e.code()).err(),
                Some(c),
                "{k}"
            );
        }
    }

    #[test]
    fn withdraw_checks_the_msg_key() {
        let u = FakeUsers::default();
        let b = |k: &str| json!({ "From_Account": "a", "To_Account": "b", "MsgKey": k });
        assert!(run(admin_msgwithdraw(&u, &b("1_2_3"))).is_ok());
        assert_eq!(
            run(admin_msgwithdraw(&u, &b("nope")))
                .map_err(|e| e.code())
                .err(),
            Some(90054)
        );
    }

    #[test]
    fn unread_query_limits_peers_to_10() {
        let u = FakeUsers::default();
        for id in ["me", "a", "z"] {
            u.imported.borrow_mut().insert(id.into(), json!({}));
        }
        let r = run(get_c2c_unread_msg_num(
            &u,
            &json!({ "To_Account": "me", "Peer_Account": ["a", "z"] }),
        ))
        .expect("unread");
        assert_eq!(r["AllC2CUnreadMsgNum"], 3);
        assert_eq!(
            r["C2CUnreadMsgNumList"],
            json!([{ "Peer_Account": "a", "C2CUnreadMsgNum": 3 }, { "Peer_Account": "z", "C2CUnreadMsgNum": 0 }])
        );
        let eleven: Vec<String> = (0..11).map(|i| format!("p{i}")).collect();
        assert_eq!(
            run(get_c2c_unread_msg_num(
                &u,
                &json!({ "To_Account": "me", "Peer_Account": eleven })
            ))
            .map_err(|e| e.code())
            .err(),
            Some(90018)
        );
    }
}
