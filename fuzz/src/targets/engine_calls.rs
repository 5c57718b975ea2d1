//! The API calls an engine fuzz input may make between server frames: `{"call": name, …}` with
//! the call's arguments as fields (missing ones empty). Each returns the actions to run, or the
//! engine's refusal.

use edgechat_engine::core::Action;
use edgechat_engine::ChatCore;
use edgechat_proto::group::Priority;
use edgechat_proto::message::MsgElem;
use edgechat_proto::ImError;
use serde_json::Value;

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn n(v: &Value, k: &str) -> Option<u64> {
    v.get(k).and_then(Value::as_u64)
}

fn strings(v: &Value, k: &str) -> Vec<String> {
    v.get(k)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|x| x.as_str().unwrap_or_default().to_owned())
        .collect()
}

fn random(v: &Value) -> u32 {
    n(v, "random")
        .and_then(|r| u32::try_from(r).ok())
        .unwrap_or(1)
}

/// The message the core made, sent.
fn send_made(core: &mut ChatCore, id: &str, v: &Value) -> Result<Vec<Action>, ImError> {
    let online = v
        .get("onlineOnly")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let receipt = v
        .get("needReadReceipt")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let push = v.get("offlinePushInfo").cloned();
    Ok(core.send_message(id, online, push, receipt)?.actions)
}

pub fn call(core: &mut ChatCore, v: &Value) -> Result<Vec<Action>, ImError> {
    let now = n(v, "now").unwrap_or(1_000);
    let body = v.get("body").cloned().unwrap_or(Value::Null);
    let actions = match s(v, "call") {
        "text" => {
            let m = core.create_text_message(s(v, "to"), s(v, "text"), "", random(v), now)?;
            send_made(core, &m.id, v)?
        }
        "groupText" => {
            let elems: Vec<MsgElem> =
                serde_json::from_value(body).unwrap_or_else(|_| vec![MsgElem::text(s(v, "text"))]);
            let m = core.create_group_message(
                s(v, "group"),
                elems,
                "",
                Priority::Normal,
                strings(v, "atList"),
                random(v),
                now,
            )?;
            send_made(core, &m.id, v)?
        }
        "history" => {
            let next = v.get("next").and_then(Value::as_str);
            let count = n(v, "count").and_then(|c| u32::try_from(c).ok());
            core.get_message_list(s(v, "conversationID"), next, count)?
                .actions
        }
        "hop" => {
            let count = n(v, "count").and_then(|c| u32::try_from(c).ok());
            let direction = n(v, "direction").and_then(|d| u32::try_from(d).ok());
            core.message_list_hopping(
                s(v, "conversationID"),
                n(v, "sequence"),
                n(v, "time"),
                count,
                direction.unwrap_or(0),
            )?
            .actions
        }
        "group" => {
            let group = v.get("group").and_then(Value::as_str);
            core.group(s(v, "op"), group, body)?.actions
        }
        "sns" => core.sns(s(v, "op"), body)?.actions,
        "recent" => core.recent_call(s(v, "method"), &body)?.actions,
        "read" => core.set_message_read(s(v, "conversationID"))?.actions,
        "deleteConversation" => core.delete_conversation(s(v, "conversationID"))?.actions,
        "clear" => core.clear_history_message(s(v, "conversationID"))?.actions,
        "revoke" => core.revoke_message(s(v, "id"))?.actions,
        "modify" => {
            let elems: Vec<MsgElem> = serde_json::from_value(body).unwrap_or_default();
            let ccd = v.get("cloudCustomData").and_then(Value::as_str);
            core.modify_message(s(v, "id"), elems, ccd.map(str::to_owned))?
                .actions
        }
        "delete" => core.delete_messages(&strings(v, "ids"))?.actions,
        "receipt" => core.send_read_receipt(&strings(v, "ids"))?.actions,
        "subscribe" => {
            let on = v.get("on").and_then(Value::as_bool).unwrap_or(true);
            core.subscribe_user_status(&strings(v, "userIDList"), on)?
                .actions
        }
        "status" => core.get_user_status(&strings(v, "userIDList"))?.actions,
        "selfStatus" => core.set_self_status(s(v, "customStatus"))?.actions,
        "profile" => {
            core.get_conversation_profile(s(v, "conversationID"))?
                .actions
        }
        "close" => {
            let mut out = core.on_close(0.5);
            if core.reconnect().is_some() {
                out.extend(core.on_open());
            }
            out
        }
        "logout" => core.logout().actions,
        _ => vec![],
    };
    Ok(actions)
}
