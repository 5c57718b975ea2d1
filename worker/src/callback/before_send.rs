//! `C2C.CallbackBeforeSendMsg`: the body Tencent sends, and what the app's answer decides —
//! allow (optionally with a new `MsgBody` / `CloudCustomData`), refuse (20006, or the app's own
//! code in 120001..=130000 with its `ErrorInfo`), or drop silently (the sender is told it
//! succeeded). No answer within the timeout, or one that does not parse, lets the message go
//! through unchanged (fail open).

use edgechat_proto::codes;
use edgechat_proto::message::{validate_body, MsgElem, StoredMessage};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// The app's own refusal codes for one-to-one messages (Tencent's range).
pub const CUSTOM_CODES: std::ops::RangeInclusive<u64> = 120_001..=130_000;

/// What the app decided.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Send it, with what the app replaced.
    Allow {
        msg_body: Option<Vec<MsgElem>>,
        cloud_custom_data: Option<String>,
    },
    /// Refuse it: the sender gets this error, nothing is stored.
    Refuse(ImError),
    /// Store and deliver nothing, and tell the sender it succeeded.
    Drop,
}

impl Verdict {
    pub const UNCHANGED: Verdict = Verdict::Allow {
        msg_body: None,
        cloud_custom_data: None,
    };
}

/// The request body for `msg` (`online_only`: `OnlineOnlyFlag`), at unix ms `event_ms`.
pub fn body(msg: &StoredMessage, online_only: bool, event_ms: u64) -> Value {
    let msg_seq = edgechat_proto::message::msg_seq_of(&msg.msg_key);
    json!({
        "CallbackCommand": super::C2C_BEFORE_SEND,
        "From_Account": msg.from,
        "To_Account": msg.to,
        "MsgSeq": msg_seq,
        "MsgRandom": msg.random,
        "MsgTime": msg.time,
        "MsgKey": msg.msg_key,
        "OnlineOnlyFlag": u8::from(online_only),
        "MsgBody": msg.msg_body,
        "CloudCustomData": msg.cloud_custom_data,
        "EventTime": event_ms,
    })
}

/// Reads the app's answer (its JSON text). What does not parse lets the message through.
pub fn verdict(answer: &str) -> Verdict {
    let Ok(v) = serde_json::from_str::<Value>(answer) else {
        return Verdict::UNCHANGED;
    };
    let info = v["ErrorInfo"].as_str().unwrap_or_default();
    match v["ErrorCode"].as_u64() {
        Some(0) => allow(&v),
        Some(2) => Verdict::Drop,
        Some(code) if CUSTOM_CODES.contains(&code) => Verdict::Refuse(ImError::Coded(
            code as u32,
            if info.is_empty() {
                "the app refused the message".into()
            } else {
                info.to_owned()
            },
        )),
        Some(_) => Verdict::Refuse(ImError::Coded(
            codes::C2C_CALLBACK_REFUSED,
            format!(
                "the app's back end refused the message{}",
                if info.is_empty() {
                    String::new()
                } else {
                    format!(": {info}")
                }
            ),
        )),
        None => Verdict::UNCHANGED,
    }
}

/// An allow, with the replacements that are valid (an invalid `MsgBody` is ignored).
fn allow(v: &Value) -> Verdict {
    let msg_body = v
        .get("MsgBody")
        .and_then(|b| serde_json::from_value::<Vec<MsgElem>>(b.clone()).ok())
        .filter(|b| validate_body(b, "").is_ok());
    let cloud_custom_data = v
        .get("CloudCustomData")
        .and_then(Value::as_str)
        .map(str::to_owned);
    Verdict::Allow {
        msg_body,
        cloud_custom_data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::fixtures::stored;

    #[test]
    fn the_body_has_tencents_fields() {
        let mut m = stored(0, "jared", "john", 2_837_546, 1_557_481_126, "hi");
        m.msg_key = "48374_2837546_1557481126".into();
        m.cloud_custom_data = "ccd".into();
        let b = body(&m, true, 7);
        assert_eq!(b["CallbackCommand"], "C2C.CallbackBeforeSendMsg");
        assert_eq!(
            (b["From_Account"].as_str(), b["To_Account"].as_str()),
            (Some("jared"), Some("john"))
        );
        assert_eq!(b["MsgSeq"], 48_374);
        assert_eq!(b["MsgRandom"], 2_837_546);
        assert_eq!(b["MsgTime"], 1_557_481_126);
        assert_eq!(b["MsgKey"], "48374_2837546_1557481126");
        assert_eq!(b["OnlineOnlyFlag"], 1);
        assert_eq!(b["MsgBody"][0]["MsgType"], "TIMTextElem");
        assert_eq!(b["CloudCustomData"], "ccd");
        assert_eq!(b["EventTime"], 7);
    }

    #[test]
    fn answers_allow_refuse_drop_or_replace() {
        assert_eq!(
            verdict(r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#),
            Verdict::UNCHANGED
        );
        assert_eq!(verdict(r#"{"ErrorCode":2}"#), Verdict::Drop);
        let Verdict::Refuse(e) = verdict(r#"{"ErrorCode":1,"ErrorInfo":"spam"}"#) else {
            panic!("refused");
        };
        assert_eq!(e.code(), codes::C2C_CALLBACK_REFUSED);
        assert!(e.to_string().contains("spam"), "{e}");
        let Verdict::Refuse(e) = verdict(r#"{"ErrorCode":120002,"ErrorInfo":"too rude"}"#) else {
            panic!("refused");
        };
        assert_eq!((e.code(), e.to_string()), (120_002, "too rude".to_owned()));
        let replaced = verdict(
            r#"{"ErrorCode":0,"MsgBody":[{"MsgType":"TIMTextElem","MsgContent":{"Text":"***"}}],"CloudCustomData":"x"}"#,
        );
        let Verdict::Allow {
            msg_body: Some(b),
            cloud_custom_data: Some(c),
        } = replaced
        else {
            panic!("replaced: {replaced:?}");
        };
        assert_eq!(
            (b[0].msg_content["Text"].as_str(), c.as_str()),
            (Some("***"), "x")
        );
    }

    #[test]
    fn what_does_not_parse_lets_the_message_through() {
        assert_eq!(verdict("<html>502</html>"), Verdict::UNCHANGED);
        assert_eq!(verdict(r#"{"ActionStatus":"OK"}"#), Verdict::UNCHANGED);
        let bad_body = verdict(r#"{"ErrorCode":0,"MsgBody":[{"MsgType":"TIMNoSuchElem"}]}"#);
        assert_eq!(
            bad_body,
            Verdict::UNCHANGED,
            "an invalid replacement is ignored"
        );
    }
}
