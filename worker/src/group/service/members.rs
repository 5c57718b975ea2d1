//! Membership: adding, removing, importing and muting members, applications, quitting,
//! transferring ownership and dismissing the group.

use super::{churn, reply, Command, MAX_ADD, MAX_BATCH};
use crate::group::requests::{
    typed, AddMembers, ApplyJoin, ChangeOwner, Decision, DeleteMembers, HandleApplication,
    ImportMembers, MuteMembers,
};
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, rate, cx, op, body) = c.parts();
    let (caller, now) = (cx.caller, cx.now);
    let fx = match op {
        "add_group_member" => {
            let req: AddMembers = typed(op, body)?;
            let silent = req.silent();
            let users = req.members.within("MemberList", MAX_ADD)?;
            g.add(caller, &users, silent, now)
        }
        "delete_group_member" => {
            let req: DeleteMembers = typed(op, body)?;
            let silent = req.silent();
            let reason = req.reason.unwrap_or_default();
            let users = req.members.within("MemberToDel_Account", MAX_BATCH)?;
            g.kick(caller, &users, &reason, silent, now)
        }
        "destroy_group" => g.dismiss(caller),
        "forbid_send_msg" => {
            let req: MuteMembers = typed(op, body)?;
            let secs = req
                .mute_time
                .or(req.shut_up_time)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MuteTime is missing"))?;
            let users = req.members.within("Members_Account", MAX_BATCH)?;
            g.mute(caller, &users, secs, now)
        }
        "change_group_owner" => {
            let req: ChangeOwner = typed(op, body)?;
            g.transfer(caller, &req.new_owner, now)
        }
        "import_group_member" => {
            let req: ImportMembers = typed(op, body)?;
            g.import_members(caller, &req.members, now)
        }
        // Client-only commands, run as the calling user.
        "apply_join_group" => {
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "apply_join_group needs a user"))?;
            let req: ApplyJoin = typed(op, body)?;
            let fx = g.apply(&me, &req.message.unwrap_or_default(), now)?;
            Ok(churn(rate, &me, now, fx))
        }
        "quit_group" => {
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "quit_group needs a user"))?;
            let fx = g.quit(&me, now)?;
            Ok(churn(rate, &me, now, fx))
        }
        "get_group_application_list" => {
            let list: Vec<Value> = g
                .applications(caller)?
                .into_iter()
                .map(|a| json!({ "Applicant_Account": a.user, "ApplyTime": a.time, "ApplyMsg": a.message, "GroupId": g.id() }))
                .collect();
            Ok(reply(json!({ "ApplicationList": list })))
        }
        "handle_group_application" => {
            let req: HandleApplication = typed(op, body)?;
            let approve = req.decision == Decision::Agree;
            let reason = req.reason.unwrap_or_default();
            g.handle_application(caller, &req.applicant, approve, &reason, now)
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
