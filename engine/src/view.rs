//! The JS-facing shapes: a stored message seen as `@tencentcloud/chat`'s Message object.

use edgechat_proto::group::GroupMessage;
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
    /// For my messages: the peer has read them (read receipt).
    pub is_peer_read: bool,
    pub cloud_custom_data: String,
    /// Every element, in order (the first is also in `type`/`payload`).
    pub elements: Vec<Value>,
    /// The sender's nick and face URL when the message was sent.
    pub nick: String,
    pub avatar: String,
    /// Group messages: the sender's name card, mentions and priority.
    pub name_card: String,
    pub at_user_list: Vec<String>,
    pub priority: String,
    /// The sender asked for read receipts.
    pub need_read_receipt: bool,
    /// One to one `{isPeerRead, timestamp}`; in groups `{readCount, unreadCount}` (as the
    /// receipts the engine was told say).
    pub read_receipt_info: Value,
}

/// The ID both sides give one send: sender, receiver and the sender's random.
pub fn message_id(from: &str, to: &str, random: u32) -> String {
    format!("{from}-{to}-{random}")
}

/// Whether `id` is `message_id(from, to, random)`, without building it.
pub fn is_message_id(id: &str, from: &str, to: &str, random: u32) -> bool {
    id.strip_prefix(from)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_prefix(to))
        .and_then(|r| r.strip_prefix('-'))
        .is_some_and(|r| !r.starts_with('+') && r.parse::<u32>() == Ok(random))
}

/// `C2C{peer}`
pub fn c2c_conversation(peer: &str) -> String {
    format!("C2C{peer}")
}

fn field(c: &Value, name: &str) -> Value {
    c.get(name).cloned().unwrap_or(Value::Null)
}

/// An element's `payload`, with `@tencentcloud/chat`'s field names.
pub fn payload(msg_type: &str, c: &Value) -> Value {
    match msg_type {
        "TIMTextElem" => json!({ "text": field(c, "Text") }),
        "TIMCustomElem" => {
            json!({ "data": field(c, "Data"), "description": field(c, "Desc"), "extension": field(c, "Ext") })
        }
        "TIMFaceElem" => json!({ "index": field(c, "Index"), "data": field(c, "Data") }),
        "TIMLocationElem" => {
            json!({ "description": field(c, "Desc"), "latitude": field(c, "Latitude"), "longitude": field(c, "Longitude") })
        }
        "TIMImageElem" => {
            let infos: Vec<Value> = c
                .get("ImageInfoArray")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|i| json!({ "type": field(i, "Type"), "size": field(i, "Size"), "width": field(i, "Width"), "height": field(i, "Height"), "url": field(i, "URL") }))
                .collect();
            json!({ "uuid": field(c, "UUID"), "imageFormat": field(c, "ImageFormat"), "imageInfoArray": infos })
        }
        "TIMSoundElem" => {
            json!({ "uuid": field(c, "UUID"), "url": field(c, "Url"), "size": field(c, "Size"), "second": field(c, "Second"), "downloadFlag": field(c, "Download_Flag") })
        }
        "TIMFileElem" => {
            json!({ "uuid": field(c, "UUID"), "fileUrl": field(c, "Url"), "fileSize": field(c, "FileSize"), "fileName": field(c, "FileName"), "downloadFlag": field(c, "Download_Flag") })
        }
        "TIMVideoFileElem" => json!({
            "videoUrl": field(c, "VideoUrl"), "videoUUID": field(c, "VideoUUID"), "videoSize": field(c, "VideoSize"),
            "videoSecond": field(c, "VideoSecond"), "videoFormat": field(c, "VideoFormat"),
            "thumbUrl": field(c, "ThumbUrl"), "thumbUUID": field(c, "ThumbUUID"), "thumbSize": field(c, "ThumbSize"),
            "thumbWidth": field(c, "ThumbWidth"), "thumbHeight": field(c, "ThumbHeight"), "thumbFormat": field(c, "ThumbFormat"),
        }),
        "TIMRelayElem" => json!({
            "title": field(c, "Title"), "abstractList": field(c, "AbstractList"), "compatibleText": field(c, "CompatibleText"),
            "messageNum": field(c, "MsgNum"), "messageList": field(c, "MsgList"), "jsonMsgKey": field(c, "JsonMsgKey"),
        }),
        _ => c.clone(),
    }
}

/// The one-line text a conversation list shows for a message (the offline-push rules of the seed).
pub fn message_for_show(m: &StoredMessage) -> String {
    body_for_show(&m.msg_body, m.recalled)
}

/// `message_for_show` for any body (group messages too; tips show nothing).
pub fn body_for_show(body: &[edgechat_proto::message::MsgElem], recalled: bool) -> String {
    if recalled {
        return "[Recalled]".into();
    }
    body.iter()
        .map(|e| match e.msg_type.as_str() {
            "TIMTextElem" => e.as_text().unwrap_or_default().to_owned(),
            "TIMLocationElem" => "[Location]".into(),
            "TIMFaceElem" => "[Face]".into(),
            "TIMCustomElem" => e
                .msg_content
                .get("Desc")
                .and_then(Value::as_str)
                .map_or("[Custom Messages]".into(), str::to_owned),
            "TIMImageElem" => "[Image]".into(),
            "TIMSoundElem" => "[Voice]".into(),
            "TIMFileElem" => "[File]".into(),
            "TIMVideoFileElem" => "[Video]".into(),
            "TIMRelayElem" => "[Chat History]".into(),
            _ => String::new(),
        })
        .collect()
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
            is_revoked: msg.recalled,
            is_peer_read: false,
            need_read_receipt: msg.need_read_receipt,
            read_receipt_info: json!({ "isPeerRead": msg.receipt_read, "timestamp": 0 }),
            nick: msg.nick.clone(),
            avatar: msg.avatar.clone(),
            name_card: String::new(),
            at_user_list: Vec::new(),
            priority: "Normal".into(),
            cloud_custom_data: msg.cloud_custom_data.clone(),
            elements: msg
                .msg_body
                .iter()
                .map(|e| json!({ "type": e.msg_type, "payload": payload(&e.msg_type, &e.msg_content) }))
                .collect(),
        }
    }
}

/// `GROUP{groupID}`
pub fn group_conversation(group_id: &str) -> String {
    format!("GROUP{group_id}")
}

/// The ID every device gives a group message: sender, group and random (tips: their SEQ).
pub fn group_message_id(m: &GroupMessage) -> String {
    let place = m.topic_id.as_deref().unwrap_or(&m.group_id);
    if m.is_tip() {
        format!("{}-{place}-tip{}", m.from, m.seq)
    } else {
        group_message_id_of(&m.from, place, u64::from(m.random))
    }
}

/// The ID of a (not tip) group message by its sender, group or topic, and random.
pub fn group_message_id_of(from: &str, place: &str, random: u64) -> String {
    format!("{from}-{place}-{random}")
}

/// Where a group message lives on this device: its topic, or its group.
pub fn log_key(m: &GroupMessage) -> &str {
    m.topic_id.as_deref().unwrap_or(&m.group_id)
}

/// A tip's payload with `@tencentcloud/chat`'s names (`operationType`, `operatorID`, …).
fn tip_payload(c: &Value) -> Value {
    json!({
        "operationType": field(c, "OpType"),
        "operatorID": field(c, "Operator_Account"),
        "userIDList": c.get("MemberList").cloned().unwrap_or_else(|| json!([])),
        "newGroupProfile": c.get("GroupInfo").cloned().unwrap_or(Value::Null),
        "memberList": c.get("MemberInfo").cloned().unwrap_or_else(|| json!([])),
    })
}

impl MessageView {
    /// A group message as seen by `me`.
    pub fn of_group(msg: &GroupMessage, me: &UserId) -> Self {
        let first = msg.msg_body.first();
        let pay = |e: &edgechat_proto::message::MsgElem| {
            if e.msg_type == "TIMGroupTipElem" {
                tip_payload(&e.msg_content)
            } else {
                payload(&e.msg_type, &e.msg_content)
            }
        };
        MessageView {
            id: group_message_id(msg),
            kind: first.map_or_else(String::new, |e| e.msg_type.clone()),
            payload: first.map_or(Value::Null, pay),
            conversation_id: group_conversation(log_key(msg)),
            conversation_type: "GROUP",
            to: log_key(msg).to_owned(),
            from: msg.from.clone(),
            flow: if msg.from == me.as_str() { "out" } else { "in" },
            time: msg.time,
            status: STATUS_SUCCESS,
            random: msg.random,
            sequence: msg.seq,
            is_revoked: msg.recalled,
            is_peer_read: false,
            need_read_receipt: msg.need_read_receipt,
            read_receipt_info: json!({ "readCount": 0, "unreadCount": 0 }),
            cloud_custom_data: msg.cloud_custom_data.clone(),
            elements: msg
                .msg_body
                .iter()
                .map(|e| json!({ "type": e.msg_type, "payload": pay(e) }))
                .collect(),
            nick: msg.nick.clone(),
            avatar: msg.avatar.clone(),
            name_card: msg.name_card.clone(),
            at_user_list: msg.at_list.clone(),
            priority: serde_json::to_value(msg.priority)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
        }
    }

    /// A group system notice (`TIMGroupSystemNoticeElem`) in the `@TIM#SYSTEM` conversation.
    pub fn of_notice(n: &Value, me: &UserId, time: u64) -> Self {
        let time = n["Time"].as_u64().unwrap_or(time);
        let group = n["GroupId"].as_str().unwrap_or_default();
        let kind = "TIMGroupSystemNoticeElem".to_owned();
        let payload = json!({
            "operationType": field(n, "OpType"),
            "groupProfile": { "groupID": group, "type": field(n, "GroupType") },
            "operatorID": field(n, "Operator_Account"),
            "handleMessage": n.get("Reason").or_else(|| n.get("ApplyMsg")).cloned().unwrap_or(json!("")),
            "userDefinedField": field(n, "UserDefinedField"),
        });
        MessageView {
            id: n["NoticeId"].as_str().map_or_else(
                || format!("notice-{group}-{}-{time}", n["OpType"]),
                |id| format!("notice-{id}"),
            ),
            kind: kind.clone(),
            payload: payload.clone(),
            conversation_id: "@TIM#SYSTEM".into(),
            conversation_type: "@TIM#SYSTEM",
            to: me.to_string(),
            from: "@TIM#SYSTEM".into(),
            flow: "in",
            time,
            status: STATUS_SUCCESS,
            random: 0,
            sequence: 0,
            is_revoked: false,
            is_peer_read: false,
            need_read_receipt: false,
            read_receipt_info: json!({}),
            cloud_custom_data: String::new(),
            elements: vec![json!({ "type": kind, "payload": payload })],
            nick: String::new(),
            avatar: String::new(),
            name_card: String::new(),
            at_user_list: Vec::new(),
            priority: "High".into(),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_message_id_is_matched_without_building_it() {
        assert!(is_message_id("a-b-c-7", "a-b", "c", 7));
        assert!(is_message_id("a-b-c-7", "a", "b-c", 7));
        assert!(!is_message_id("a-b-c-7", "a", "b", 7));
        assert!(!is_message_id("a-b-+7", "a", "b", 7));
        assert!(!is_message_id("a-b-70", "a", "b", 7));
        assert!(!is_message_id("a-b-", "a", "b", 0));
        assert_eq!(message_id("x", "y", 9), "x-y-9");
        assert!(is_message_id(&message_id("x", "y", 9), "x", "y", 9));
    }

    use super::*;

    use edgechat_proto::fixtures::stored;

    #[test]
    fn text_message_has_tencent_fields() {
        let uid = |s| UserId::parse(s).expect("id");
        let m = StoredMessage {
            msg_key: "9_1_100".into(),
            ..stored(4, "alice", "bob", 9, 100, "hi")
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
