//! Client frames as the worker reads them: `ClientFrame::parse`, then what it checks before
//! acting (message bodies, user IDs) and the error frame it answers a refusal with.

use crate::check::{refusal, text, Outcome, Sig};
use edgechat_proto::frame::{ClientFrame, FrameError, ServerFrame};
use edgechat_proto::message::validate_body;
use edgechat_proto::{ImError, UserId};
use serde_json::Value;

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    match ClientFrame::parse(&text) {
        Err(FrameError { req_id, error }) => refused(&text, req_id, &error),
        Ok(frame) => accepted(&frame),
    }
}

/// A refusal keeps the frame's `reqId` (when it has one) and is 60003 or 10004.
fn refused(text: &str, req_id: Option<u64>, error: &ImError) -> Outcome {
    let carried = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("reqId").and_then(Value::as_u64));
    if req_id != carried {
        return Err(format!(
            "refusal answers reqId {req_id:?}, the frame carried {carried:?}"
        ));
    }
    let json = ImError::JsonParse(String::new()).code();
    let param = ImError::InvalidParameter(String::new()).code();
    if ![json, param].contains(&error.code()) {
        return Err(format!(
            "a bad frame refused with {}: {error}",
            error.code()
        ));
    }
    error_frame(req_id, error)?;
    Ok(vec![refusal("client_frame", error)?])
}

/// The error frame the worker sends for `error` is a server frame that parses back.
fn error_frame(req_id: Option<u64>, error: &ImError) -> Result<(), String> {
    let out = ServerFrame::error(req_id, error).to_text();
    match serde_json::from_str::<ServerFrame>(&out) {
        Ok(ServerFrame::Error {
            req_id: r, code, ..
        }) if r == req_id && code == error.code() => Ok(()),
        other => Err(format!("error frame {out} reads back as {other:?}")),
    }
}

fn accepted(frame: &ClientFrame) -> Outcome {
    let again = serde_json::to_string(frame).map_err(|e| format!("re-encode: {e}"))?;
    let back = ClientFrame::parse(&again).map_err(|e| format!("{again} does not parse: {e:?}"))?;
    if back.req_id() != frame.req_id() {
        return Err(format!("reqId changed on a round trip: {again}"));
    }
    let cmd = serde_json::from_str::<Value>(&again)
        .ok()
        .and_then(|v| v.get("cmd").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_default();
    let mut sig = Sig::new(&cmd);
    let body = match frame {
        ClientFrame::Send {
            msg_body,
            cloud_custom_data,
            to,
            ..
        } => Some((msg_body, cloud_custom_data.as_str(), Some(to))),
        ClientFrame::GroupSend {
            msg_body,
            cloud_custom_data,
            ..
        } => Some((msg_body, cloud_custom_data.as_str(), None)),
        ClientFrame::Modify {
            msg_body,
            cloud_custom_data,
            peer,
            ..
        } => Some((
            msg_body,
            cloud_custom_data.as_deref().unwrap_or_default(),
            Some(peer),
        )),
        _ => None,
    };
    if let Some((elems, ccd, to)) = body {
        match validate_body(elems, ccd) {
            Ok(()) => sig.add(&(&cmd, "body ok")),
            Err(e) => sig.add(&refusal("body", &e)?),
        };
        if let Some(to) = to {
            match UserId::parse(to) {
                Ok(_) => sig.add(&(&cmd, "id ok")),
                Err(e) => sig.add(&refusal("id", &e)?),
            };
        }
    }
    Ok(sig.done())
}
