//! Message bodies: the proto checks (`validate_body`, `element::validate`), the REST check
//! (`message_fields`, Tencent's 90002 / 93000) and the engine's view of the message. Input:
//! the `MsgBody` JSON on the first line, `CloudCustomData` (as text) on the second.

use crate::check::{refusal, text, Outcome, Sig};
use edgechat_engine::view::MessageView;
use edgechat_proto::codes;
use edgechat_proto::element;
use edgechat_proto::limits::MAX_MESSAGE_BYTES;
use edgechat_proto::message::{body_size, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use edgechat_worker::rest::c2c::message_fields;
use serde_json::{json, Value};

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let mut lines = text.splitn(2, '\n');
    let raw: Value = match serde_json::from_str(lines.next().unwrap_or_default()) {
        Ok(v) => v,
        Err(_) => return Ok(Sig::new("not json").done()),
    };
    let ccd = lines.next().unwrap_or_default();
    let rest = message_fields(&json!({ "MsgRandom": 1, "MsgBody": raw, "CloudCustomData": ccd }));
    let mut sig = Sig::new("element");
    let elems: Vec<MsgElem> = match serde_json::from_value(raw) {
        Ok(e) => e,
        Err(_) => {
            let e = rest
                .err()
                .ok_or("REST took a MsgBody that is not a list of elements")?;
            expect_code(&e, &[codes::OPENIM_MSG_BODY, codes::OPENIM_MSG_BODY_TYPE])?;
            return Ok(sig.add(&refusal("rest", &e)?).done());
        }
    };
    let checked = validate_body(&elems, ccd);
    match (&checked, &rest) {
        (Ok(()), Ok(fields)) if fields.body == elems => {
            let size = body_size(&elems, ccd);
            if size > MAX_MESSAGE_BYTES {
                return Err(format!("a {size}-byte body passed"));
            }
            sig.add("ok");
        }
        (Err(e), Err(r)) => {
            let too_long = matches!(e, ImError::MessageTooLong { .. });
            let want = if too_long {
                codes::OPENIM_TOO_LONG
            } else {
                codes::OPENIM_MSG_BODY
            };
            expect_code(r, &[want])?;
            sig.add(&refusal("body", e)?).add(&refusal("rest", r)?);
        }
        (c, r) => return Err(format!("proto says {c:?}, REST says {r:?}")),
    }
    for (i, e) in elems.iter().enumerate() {
        if let Err(err) = element::validate(&e.msg_type, &e.msg_content, &format!("MsgBody[{i}]")) {
            sig.add(&refusal("element", &err)?);
        }
    }
    view(&elems, ccd)?;
    Ok(sig.done())
}

fn expect_code(e: &ImError, want: &[u32]) -> Result<(), String> {
    if want.contains(&e.code()) {
        Ok(())
    } else {
        Err(format!(
            "refused with {} (want one of {want:?}): {e}",
            e.code()
        ))
    }
}

/// The engine shows any body the server hands it (checked or not) without failing.
fn view(elems: &[MsgElem], ccd: &str) -> Result<(), String> {
    let (Ok(alice), Ok(bob)) = (UserId::parse("alice"), UserId::parse("bob")) else {
        return Err("fixed IDs".into());
    };
    let msg = StoredMessage {
        seq: 1,
        from: alice,
        to: bob.clone(),
        random: 7,
        time: 100,
        msg_key: "1_7_100".into(),
        msg_body: elems.to_vec(),
        cloud_custom_data: ccd.to_owned(),
        offline_push_info: None,
        recalled: false,
        deleted: false,
        nick: String::new(),
        avatar: String::new(),
        need_read_receipt: false,
        receipt_read: false,
    };
    let v = MessageView::of(&msg, &bob);
    serde_json::to_string(&v).map_err(|e| format!("view does not encode: {e}"))?;
    Ok(())
}
