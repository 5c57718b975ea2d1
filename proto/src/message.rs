//! Message bodies (`MsgBody`: an ordered list of `{MsgType, MsgContent}`) and stored messages.

use crate::element;
use crate::error::ImError;
use crate::id::UserId;
use crate::limits::MAX_MESSAGE_BYTES;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One element of a message body, kept exactly as sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MsgElem {
    #[serde(rename = "MsgType")]
    pub msg_type: String,
    #[serde(rename = "MsgContent")]
    pub msg_content: Value,
}

impl MsgElem {
    /// A `TIMTextElem` with `text`.
    pub fn text(text: &str) -> Self {
        MsgElem {
            msg_type: "TIMTextElem".into(),
            msg_content: serde_json::json!({ "Text": text }),
        }
    }

    /// The text of a `TIMTextElem`, if this is one.
    pub fn as_text(&self) -> Option<&str> {
        (self.msg_type == "TIMTextElem")
            .then(|| self.msg_content.get("Text").and_then(Value::as_str))
            .flatten()
    }
}

/// Checks a message body: non-empty, known element types, required fields, size.
pub fn validate_body(body: &[MsgElem], cloud_custom_data: &str) -> Result<(), ImError> {
    if body.is_empty() {
        return Err(ImError::InvalidParameter("MsgBody is empty".into()));
    }
    let mut custom = 0;
    for (i, elem) in body.iter().enumerate() {
        element::validate(&elem.msg_type, &elem.msg_content, &format!("MsgBody[{i}]"))?;
        if elem.msg_type == "TIMCustomElem" {
            custom += 1;
        }
    }
    if custom > 1 {
        return Err(ImError::InvalidParameter(
            "a message holds at most one TIMCustomElem".into(),
        ));
    }
    let len = body_size(body, cloud_custom_data);
    if len > MAX_MESSAGE_BYTES {
        return Err(ImError::MessageTooLong {
            len,
            max: MAX_MESSAGE_BYTES,
        });
    }
    Ok(())
}

/// The size a message counts against the 12 KB limit: its body's JSON plus CloudCustomData.
pub fn body_size(body: &[MsgElem], cloud_custom_data: &str) -> usize {
    serde_json::to_string(body).map_or(usize::MAX, |s| s.len()) + cloud_custom_data.len()
}

/// A one-to-one message as one user's inbox holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredMessage {
    /// Position in this user's inbox: gap-free, from 1.
    pub seq: u64,
    pub from: UserId,
    pub to: UserId,
    /// The sender's random: with `from` and `to` it identifies a send for dedupe.
    pub random: u32,
    /// Server time of the first store, unix seconds.
    pub time: u64,
    /// Tencent's MsgKey: the same on both users' copies.
    pub msg_key: String,
    pub msg_body: Vec<MsgElem>,
    #[serde(default)]
    pub cloud_custom_data: String,
    /// `OfflinePushInfo` as sent, stored and delivered unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offline_push_info: Option<Value>,
    /// Recalled by its sender (or an admin): the body stays, flagged.
    #[serde(default, skip_serializing_if = "is_false")]
    pub recalled: bool,
    /// Deleted by this inbox's owner: a tombstone that keeps the seq gap-free.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
    /// The sender's nick (`Tag_Profile_IM_Nick`) when it was sent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nick: String,
    /// The sender's face URL (`Tag_Profile_IM_Image`) when it was sent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub avatar: String,
    /// The sender asked for a read receipt (`needReadReceipt`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub need_read_receipt: bool,
    /// On the sender's copy: the receiver sent the read receipt (`sendMessageReadReceipt`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub receipt_read: bool,
}

fn is_false(b: &bool) -> bool {
    !b
}

impl StoredMessage {
    /// The other party of the conversation, seen from `me`.
    pub fn peer_of(&self, me: &UserId) -> &UserId {
        if &self.from == me {
            &self.to
        } else {
            &self.from
        }
    }
}

/// Tencent's MsgKey form: `{MsgSeq}_{MsgRandom}_{time}`.
pub fn msg_key(random: u32, msg_seq: u64, time: u64) -> String {
    format!("{msg_seq}_{random}_{time}")
}

/// The MsgSeq part of a MsgKey.
pub fn msg_seq_of(key: &str) -> u64 {
    key.split('_')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of_len(total: usize) -> Vec<MsgElem> {
        // `[{"MsgType":"TIMTextElem","MsgContent":{"Text":""}}]` is 51 bytes of overhead.
        let overhead = body_size(&[MsgElem::text("")], "");
        vec![MsgElem::text(&"x".repeat(total - overhead))]
    }

    #[test]
    fn twelve_kb_exactly_passes_one_more_byte_fails() {
        let body = text_of_len(MAX_MESSAGE_BYTES);
        assert_eq!(body_size(&body, ""), MAX_MESSAGE_BYTES);
        assert!(validate_body(&body, "").is_ok());
        let body = text_of_len(MAX_MESSAGE_BYTES + 1);
        assert_eq!(validate_body(&body, "").map_err(|e| e.code()), Err(80002));
        let body = text_of_len(MAX_MESSAGE_BYTES);
        assert_eq!(validate_body(&body, "x").map_err(|e| e.code()), Err(80002));
    }

    #[test]
    fn refuses_empty_unknown_and_malformed() {
        assert_eq!(validate_body(&[], "").map_err(|e| e.code()), Err(10004));
        let unknown = MsgElem {
            msg_type: "TIMBogus".into(),
            msg_content: serde_json::json!({}),
        };
        assert_eq!(
            validate_body(&[unknown], "").map_err(|e| e.code()),
            Err(10004)
        );
        let no_text = MsgElem {
            msg_type: "TIMTextElem".into(),
            msg_content: serde_json::json!({"Text": 5}),
        };
        assert_eq!(
            validate_body(&[no_text], "").map_err(|e| e.code()),
            Err(10004)
        );
        let custom = MsgElem {
            msg_type: "TIMCustomElem".into(),
            msg_content: serde_json::json!({"Data": "a"}),
        };
        let two = [custom.clone(), custom];
        assert_eq!(validate_body(&two, "").map_err(|e| e.code()), Err(10004));
    }

    #[test]
    fn wire_form_uses_tencent_names_and_round_trips() {
        let json = r#"{"seq":3,"from":"a","to":"b","random":7,"time":9,"msgKey":"7_1_9","msgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}],"cloudCustomData":"c"}"#;
        let m: StoredMessage = serde_json::from_str(json).expect("parse");
        assert_eq!(m.msg_body[0].as_text(), Some("hi"));
        assert_eq!(serde_json::to_string(&m).expect("json"), json);
    }
}
