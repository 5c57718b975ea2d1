//! Banned members: `ban_group_member`, `unban_group_member` and `get_group_ban_member`
//! (Tencent's REST bodies), each run by one rule in `group::ban`.

use super::Command;
use crate::group::requests::{typed, Accounts};
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::Deserialize;

#[derive(Deserialize)]
struct BanBody {
    #[serde(rename = "Members_Account", default)]
    members: Accounts,
    #[serde(rename = "Duration", default)]
    duration: Option<u64>,
    #[serde(rename = "Description", default)]
    description: String,
}

#[derive(Deserialize)]
struct BanPage {
    #[serde(rename = "Offset", default)]
    offset: usize,
    #[serde(rename = "Limit", default)]
    limit: Option<usize>,
}

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let fx = match op {
        "ban_group_member" => {
            let req: BanBody = typed(op, body)?;
            let duration = req
                .duration
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "Duration is missing"))?;
            g.ban(
                cx.caller,
                &req.members.0,
                duration,
                &req.description,
                cx.now,
            )
        }
        "unban_group_member" => {
            let req: BanBody = typed(op, body)?;
            g.unban(cx.caller, &req.members.0, cx.now)
        }
        "get_group_ban_member" => {
            let req: BanPage = typed(op, body)?;
            g.bans(cx.caller, req.offset, req.limit.unwrap_or(100), cx.now)
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
