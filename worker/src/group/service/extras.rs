//! Message extensions and reactions: `group_set_key_values` / `group_get_key_values` (Tencent's
//! REST bodies) and the client commands `add_reaction`, `remove_reaction`, `get_reactions`,
//! `get_reaction_users`; each runs one rule in `group::extras`.

use super::Command;
use crate::group::requests::typed;
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::extras::{ExtOp, ExtrasRequest};
use edgechat_proto::ImError;

fn seq(s: Option<u64>) -> Result<u64, ImError> {
    s.filter(|s| (1..=u64::from(u32::MAX)).contains(s))
        .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgSeq must be 1..=4294967295"))
}

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let caller = cx.caller;
    if !matches!(
        op,
        "group_set_key_values"
            | "group_get_key_values"
            | "add_reaction"
            | "remove_reaction"
            | "get_reactions"
            | "get_reaction_users"
    ) {
        return Ok(None);
    }
    let req: ExtrasRequest = typed(op, body)?;
    let topic = req.topic.as_deref();
    let fx = match op {
        "group_set_key_values" => {
            let how = ExtOp::parse(req.op.unwrap_or_default())?;
            g.set_message_extensions(caller, topic, seq(req.seq)?, how, &req.extensions)
        }
        "group_get_key_values" => g.message_extensions(caller, topic, seq(req.seq)?, req.start),
        "add_reaction" | "remove_reaction" => {
            let add = op == "add_reaction";
            g.react(caller, topic, seq(req.seq)?, &req.reaction, add)
        }
        "get_reactions" => {
            let partial = req.count.unwrap_or(10);
            g.reactions(caller, topic, &req.seqs, partial)
        }
        _ => {
            let count = req.count.unwrap_or(100);
            g.reaction_users(caller, topic, seq(req.seq)?, &req.reaction, req.next, count)
        }
    };
    fx.map(Some)
}
