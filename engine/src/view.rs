//! The JS-facing shapes: a stored message seen as `@tencentcloud/chat`'s Message object.

use edgechat_proto::message::StoredMessage;
use edgechat_proto::UserId;
use serde::Serialize;
use serde_json::{json, Value};

/// `Message.status` values.
pub const STATUS_UNSEND: &str = "unSend";
pub const STATUS_SUCCESS: &str = "success";
pub const STATUS_FAIL: &str = "fail";

/// A message as the engine's API returns it (field names of `@tencentcloud/chat`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageView {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub payload: Value,
    #[serde(rename = "conversationID")]
    pub conversation_id: String,
    pub conversation_type: &'static str,
    pub to: String,
    pub from: String,
    pub flow: &'static str,
    pub time: u64,
    pub status: &'static str,
    pub random: u32,
    pub sequence: u64,
    pub is_revoked: bool,
    pub cloud_custom_data: String,
}

/// The ID both sides give one send: sender, receiver and the sender's random.
pub fn message_id(from: &str, to: &str, random: u32) -> String {
    format!("{from}-{to}-{random}")
}

/// `C2C{peer}`
pub fn c2c_conversation(peer: &str) -> String {
    format!("C2C{peer}")
}

/// The `payload` of the first element, as `@tencentcloud/chat` shapes it.
fn payload(msg_type: &str, content: &Value) -> Value {
    match msg_type {
        "TIMTextElem" => json!({ "text": content.get("Text").cloned().unwrap_or(Value::Null) }),
        _ => content.clone(),
    }
}

impl MessageView {
    /// `msg` as seen by `me`.
    pub fn of(msg: &StoredMessage, me: &UserId) -> Self {
        let first = msg.msg_body.first();
        MessageView {
            id: message_id(msg.from.as_str(), msg.to.as_str(), msg.random),
            kind: first.map_or_else(String::new, |e| e.msg_type.clone()),
            payload: first.map_or(Value::Null, |e| payload(&e.msg_type, &e.msg_content)),
            conversation_id: c2c_conversation(msg.peer_of(me).as_str()),
            conversation_type: "C2C",
            to: msg.to.to_string(),
            from: msg.from.to_string(),
            flow: if &msg.from == me { "out" } else { "in" },
            time: msg.time,
            status: STATUS_SUCCESS,
            random: msg.random,
            sequence: msg.seq,
            is_revoked: false,
            cloud_custom_data: msg.cloud_custom_data.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::message::MsgElem;

    #[test]
    fn text_message_has_tencent_fields() {
        let uid = |s| UserId::parse(s).expect("id");
        let m = StoredMessage {
            seq: 4,
            from: uid("alice"),
            to: uid("bob"),
            random: 9,
            time: 100,
            msg_key: "9_1_100".into(),
            msg_body: vec![MsgElem::text("hi")],
            cloud_custom_data: String::new(),
        };
        let v = serde_json::to_value(MessageView::of(&m, &uid("bob"))).expect("json");
        assert_eq!(v["ID"], "alice-bob-9");
        assert_eq!(v["type"], "TIMTextElem");
        assert_eq!(v["payload"]["text"], "hi");
        assert_eq!(v["conversationID"], "C2Calice");
        assert_eq!(v["flow"], "in");
        assert_eq!(v["isRevoked"], false);
        let mine = MessageView::of(&m, &uid("alice"));
        assert_eq!(
            (mine.flow, mine.conversation_id.as_str()),
            ("out", "C2Cbob")
        );
    }
}
