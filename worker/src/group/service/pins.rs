//! Pinned messages: `pin_message`, `unpin_message` and `get_pinned_messages` bodies, each run
//! by one rule in `group::pinned`.

use super::Command;
use crate::group::requests::typed;
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::Deserialize;

/// A pin's body: the message by SEQ, in the group or one of its topics.
#[derive(Deserialize)]
struct PinBody {
    #[serde(rename = "TopicId", default)]
    topic: Option<String>,
    #[serde(rename = "MsgSeq", default)]
    seq: Option<u64>,
    /// Who pinned it, as an app admin names them (REST).
    #[serde(rename = "Pinner_Account", default)]
    pinner: Option<String>,
}

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let fx = match op {
        "pin_message" | "unpin_message" => {
            let req: PinBody = typed(op, body)?;
            let seq = req
                .seq
                .filter(|s| (1..=u64::from(u32::MAX)).contains(s))
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgSeq must be 1..=4294967295"))?;
            let pinned = op == "pin_message";
            let pinner = req.pinner.as_deref();
            g.pin_message(cx.caller, req.topic.as_deref(), seq, pinned, pinner, cx.now)
        }
        "get_pinned_messages" => {
            let req: PinBody = typed(op, body)?;
            g.pinned_messages(cx.caller, req.topic.as_deref())
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
