//! `C2C.CallbackAfterSendMsg`: the body Tencent sends once a one-to-one message was delivered
//! (with what a before-callback rewrote). The answer is ignored; delivery is at least once
//! (`edge::user_do::callback_queue` retries until the app answers 2xx).

use edgechat_proto::message::{msg_seq_of, StoredMessage};
use serde_json::{json, Value};

/// The request body for the delivered `msg`, at unix ms `event_ms`.
pub fn body(msg: &StoredMessage, online_only: bool, event_ms: u64) -> Value {
    json!({
        "CallbackCommand": super::C2C_AFTER_SEND,
        "From_Account": msg.from,
        "To_Account": msg.to,
        "MsgSeq": msg_seq_of(&msg.msg_key),
        "MsgRandom": msg.random,
        "MsgTime": msg.time,
        "MsgKey": msg.msg_key,
        "OnlineOnlyFlag": u8::from(online_only),
        "SendMsgResult": 0,
        "ErrorInfo": "send msg succeed",
        "MsgBody": msg.msg_body,
        "CloudCustomData": msg.cloud_custom_data,
        "EventTime": event_ms,
    })
}

/// Whether an HTTP status means the app took the callback (else it is sent again).
pub fn taken(status: u16) -> bool {
    (200..300).contains(&status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::fixtures::stored;

    #[test]
    fn the_body_has_tencents_fields_and_only_2xx_is_taken() {
        let mut m = stored(0, "jared", "john", 9, 100, "hi");
        m.msg_key = "3_9_100".into();
        let b = body(&m, false, 5);
        assert_eq!(b["CallbackCommand"], "C2C.CallbackAfterSendMsg");
        assert_eq!(
            (b["MsgSeq"].as_u64(), b["MsgKey"].as_str()),
            (Some(3), Some("3_9_100"))
        );
        assert_eq!(
            (b["SendMsgResult"].as_u64(), b["ErrorInfo"].as_str()),
            (Some(0), Some("send msg succeed"))
        );
        assert_eq!(b["OnlineOnlyFlag"], 0);
        assert_eq!(b["MsgBody"][0]["MsgContent"]["Text"], "hi");
        assert!(taken(200) && taken(204));
        assert!(!taken(500) && !taken(302) && !taken(0));
    }
}
