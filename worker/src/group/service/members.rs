//! Membership: adding, removing, importing and muting members, applications, quitting,
//! transferring ownership and dismissing the group.

use super::{churn, reply, Command, MAX_ADD, MAX_BATCH};
use crate::group::requests::{account, accounts, text, u64_of};
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, rate, cx, op, body) = c.parts();
    let (caller, now) = (cx.caller, cx.now);
    let silence = body.get("Silence").and_then(Value::as_u64) == Some(1);
    let fx = match op {
        "add_group_member" => {
            let users = accounts(body, "MemberList", MAX_ADD)?;
            g.add(caller, &users, silence, now)
        }
        "delete_group_member" => {
            let users = accounts(body, "MemberToDel_Account", MAX_BATCH)?;
            g.kick(caller, &users, &text(body, "Reason")?, silence, now)
        }
        "destroy_group" => g.dismiss(caller),
        "forbid_send_msg" => {
            let users = accounts(body, "Members_Account", MAX_BATCH)?;
            let secs = u64_of(body, "MuteTime")?
                .or(u64_of(body, "ShutUpTime")?)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MuteTime is missing"))?;
            g.mute(caller, &users, secs, now)
        }
        "change_group_owner" => {
            let next = account(body, "NewOwner_Account")?;
            g.transfer(caller, &next, now)
        }
        "import_group_member" => {
            let list = body
                .get("MemberList")
                .and_then(Value::as_array)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MemberList must be an array"))?;
            g.import_members(caller, list, now)
        }
        // Client-only commands, run as the calling user.
        "apply_join_group" => {
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "apply_join_group needs a user"))?;
            let fx = g.apply(&me, &text(body, "ApplyMsg")?, now)?;
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
            let who = account(body, "Applicant_Account")?;
            let approve = match text(body, "HandleResult")?.as_str() {
                "Agree" => true,
                "Reject" => false,
                other => {
                    return Err(code(
                        codes::INVALID_PARAMETER,
                        format!("HandleResult {other:?} must be Agree or Reject"),
                    ))
                }
            };
            g.handle_application(caller, &who, approve, &text(body, "Reason")?, now)
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
