//! AVChatRoom member marks: `modify_user_info` and `get_members` (Tencent's
//! `group_open_avchatroom_http_svc` bodies), each run by one rule in `group::marks`.

use super::Command;
use crate::group::marks::MarkRequest;
use crate::group::requests::typed;
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde::Deserialize;

#[derive(Deserialize)]
struct MarkEntry {
    #[serde(rename = "Member_Account")]
    user: String,
    #[serde(rename = "Marks", default)]
    marks: Vec<u64>,
}

#[derive(Deserialize)]
struct ModifyUserInfo {
    /// 1 sets the marks, 2 removes them.
    #[serde(rename = "CommandType", default)]
    command: u64,
    #[serde(rename = "MemberList", default)]
    members: Vec<MarkEntry>,
}

#[derive(Deserialize)]
struct GetMembers {
    #[serde(rename = "Timestamp", default)]
    from: usize,
    #[serde(rename = "Mark", default)]
    mark: Option<u64>,
}

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let fx = match op {
        "modify_user_info" => {
            let req: ModifyUserInfo = typed(op, body)?;
            let add = match req.command {
                1 => true,
                2 => false,
                n => {
                    return Err(code(
                        codes::INVALID_PARAMETER,
                        format!("CommandType {n}: 1 sets marks, 2 removes them"),
                    ))
                }
            };
            let list: Vec<MarkRequest> = (req.members.into_iter())
                .map(|m| MarkRequest {
                    user: m.user,
                    marks: m.marks,
                })
                .collect();
            g.mark_members(cx.caller, add, &list)
        }
        "get_members" => {
            let req: GetMembers = typed(op, body)?;
            g.marked_members(cx.caller, req.mark, req.from)
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
