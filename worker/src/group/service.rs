//! One group's commands with Tencent's REST request and answer fields: parses the body,
//! runs the rules and returns their effects with the answer in `reply`. The same commands
//! serve the REST API (as the app admin) and clients (as a user).

use super::custom::{self, FieldDecl, MAX_GROUP_VALUE_BYTES, MAX_MEMBER_VALUE_BYTES};
use super::perm::Actor;
use super::rate::GroupRate;
use super::requests::{account, accounts, optional_strings, send_request, text, u64_of};
use super::rules::{code, Caller, Effects, Group};
use super::send::Sent;
use super::store::GroupStore;
use super::tips::{notice, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Most members added by one call.
pub const MAX_ADD: usize = 100;
/// Most members removed, muted or looked up by one call.
pub const MAX_BATCH: usize = 500;
/// Most messages of one `group_msg_get_simple`.
pub const MAX_GET_SIMPLE: u64 = 20;

/// What the commands need besides the store.
pub struct Context<'a> {
    pub caller: &'a Caller,
    pub now: u64,
    /// How long a member may recall their own message, in seconds.
    pub recall_window: u64,
    /// The app admin accounts.
    pub admins: &'a [String],
    /// Declared custom group and member fields.
    pub group_fields: &'a [FieldDecl],
    pub member_fields: &'a [FieldDecl],
}

/// The keys a `ResponseFilter` asks for, if it names any.
fn key_filter(body: &Value, name: &str) -> Option<Vec<String>> {
    optional_strings(body.get("ResponseFilter")?, name)
}

/// A member as REST shows it to `actor`, with the custom fields `actor` may read.
fn member_view(
    m: &super::model::Member,
    cx: &Context,
    actor: Actor,
    filter: Option<&[String]>,
) -> Value {
    let mut v = m.to_rest();
    v["AppMemberDefinedData"] = custom::visible(&m.custom, cx.member_fields, actor, filter);
    v
}

/// A join or quit a user made: its pushes (tip, notices) go out now only if the group's rate
/// admits them (`GroupRate::admit_churn`). The change and its stored tip stay either way; a
/// held-back tip goes out with the group's next message (the fan-out sends what lies behind
/// its delivered-up-to cursor first) or the resume alarm.
fn churn(rate: &mut GroupRate, user: &UserId, now: u64, mut fx: Effects) -> Effects {
    if (fx.messages.is_empty() && fx.notices.is_empty()) || rate.admit_churn(user.as_str(), now) {
        return fx;
    }
    fx.messages.clear();
    fx.notices.clear();
    fx
}

/// Runs one command on an existing group.
pub fn run<S: GroupStore>(
    g: &mut Group<S>,
    rate: &mut GroupRate,
    cx: &Context,
    op: &str,
    body: &Value,
) -> Result<Effects, ImError> {
    let caller = cx.caller;
    let now = cx.now;
    let silence = body.get("Silence").and_then(Value::as_u64) == Some(1);
    let reply = |v: Value| Effects {
        reply: v,
        ..Effects::default()
    };
    match op {
        "get_group_info" => {
            g.require(caller, super::perm::Op::ReadProfile)?;
            let mut info = g.info()?;
            let (actor, _) = g.actor(caller)?;
            let gf = key_filter(body, "AppDefinedDataFilter_Group");
            info["AppDefinedData"] =
                custom::visible(&g.profile.custom, cx.group_fields, actor, gf.as_deref());
            if super::perm::allowed(super::perm::Op::ReadMembers, actor, g.ty()).is_ok() {
                let mf = key_filter(body, "AppDefinedDataFilter_GroupMember");
                let members: Vec<Value> = g
                    .store
                    .members(0, 6000)?
                    .iter()
                    .map(|m| member_view(m, cx, actor, mf.as_deref()))
                    .collect();
                info["MemberList"] = Value::Array(members);
            }
            Ok(reply(info))
        }
        "get_group_member_info" => {
            let limit = u64_of(body, "Limit")?.unwrap_or(6000).min(6000) as usize;
            let offset = u64_of(body, "Offset")?.unwrap_or(0) as usize;
            let (n, page) = g.member_page(caller, offset, limit)?;
            let (actor, _) = g.actor(caller)?;
            let mf = key_filter(body, "AppDefinedDataFilter_GroupMember");
            let roles = optional_strings(body, "MemberRoleFilter");
            let list: Vec<Value> = page
                .iter()
                .filter(|m| {
                    roles
                        .as_ref()
                        .is_none_or(|r| r.iter().any(|x| x == m.role.as_str()))
                })
                .map(|m| member_view(m, cx, actor, mf.as_deref()))
                .collect();
            Ok(reply(json!({ "MemberNum": n, "MemberList": list })))
        }
        "modify_group_base_info" => {
            if let Some(items) = body.get("AppDefinedData") {
                let (actor, _) = g.actor(caller)?;
                if actor == Actor::NonMember {
                    return Err(code(
                        codes::NO_PERMISSION,
                        "only members change a group's custom fields",
                    ));
                }
                let mut changed = g.profile.custom.clone();
                custom::write(
                    &mut changed,
                    items,
                    cx.group_fields,
                    actor,
                    MAX_GROUP_VALUE_BYTES,
                    "AppDefinedData",
                )?;
                g.profile.custom = changed;
                let others = body
                    .as_object()
                    .is_some_and(|o| o.keys().any(|k| k != "GroupId" && k != "AppDefinedData"));
                if !others {
                    g.touch_profile(now)?;
                    return Ok(Effects::default());
                }
            }
            g.modify_profile(caller, body, now)
        }
        "add_group_member" => {
            let users = accounts(body, "MemberList", MAX_ADD)?;
            g.add(caller, &users, silence, now)
        }
        "delete_group_member" => {
            let users = accounts(body, "MemberToDel_Account", MAX_BATCH)?;
            g.kick(caller, &users, &text(body, "Reason")?, silence, now)
        }
        "modify_group_member_info" => {
            let user = account(body, "Member_Account")?;
            if let Some(items) = body.get("AppMemberDefinedData") {
                let (actor, _) = g.actor(caller)?;
                if g.ty() == edgechat_proto::group::GroupType::AvChatRoom
                    || actor == Actor::NonMember
                {
                    return Err(code(
                        codes::NO_PERMISSION,
                        "member custom fields are for members of groups that keep members",
                    ));
                }
                let mut m = g
                    .store
                    .member(&user)?
                    .ok_or_else(|| code(codes::NO_PERMISSION, format!("{user} is not a member")))?;
                custom::write(
                    &mut m.custom,
                    items,
                    cx.member_fields,
                    actor,
                    MAX_MEMBER_VALUE_BYTES,
                    "AppMemberDefinedData",
                )?;
                g.store.put_member(&m)?;
                let others = body.as_object().is_some_and(|o| {
                    o.keys().any(|k| {
                        !matches!(
                            k.as_str(),
                            "GroupId" | "Member_Account" | "AppMemberDefinedData"
                        )
                    })
                });
                if !others {
                    return Ok(Effects::default());
                }
            }
            g.modify_member(caller, &user, body, now)
        }
        "destroy_group" => g.dismiss(caller),
        "forbid_send_msg" => {
            let users = accounts(body, "Members_Account", MAX_BATCH)?;
            let secs = u64_of(body, "MuteTime")?
                .or(u64_of(body, "ShutUpTime")?)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MuteTime is missing"))?;
            g.mute(caller, &users, secs, now)
        }
        "get_group_muted_account" => {
            g.require(caller, super::perm::Op::ReadMembers)?;
            let list: Vec<Value> = g
                .store
                .members(0, usize::MAX)?
                .into_iter()
                .filter(|m| m.muted_at(now))
                .map(|m| json!({ "Member_Account": m.user, "MutedUntil": m.mute_until }))
                .collect();
            Ok(reply(
                json!({ "GroupId": g.id(), "MutedAccountList": list }),
            ))
        }
        "send_group_msg" => {
            // An app admin sending as `From_Account` sends as that user: a member, not muted
            // (unless that account is an app admin too).
            let (from, sender) = match (body.get("From_Account"), &caller.user) {
                (Some(_), _) if caller.app_admin => {
                    let from = account(body, "From_Account")?;
                    let admin = cx.admins.iter().any(|a| a == from.as_str());
                    let sender = Caller {
                        user: Some(from.clone()),
                        app_admin: admin,
                    };
                    (from, sender)
                }
                (_, Some(u)) => (u.clone(), caller.clone()),
                (_, None) => (
                    UserId::parse(cx.admins.first().map_or("administrator", String::as_str))?,
                    caller.clone(),
                ),
            };
            let req = send_request(body, from)?;
            let (sent, fx) = g.send(&sender, req, rate, now)?;
            let m = sent.message();
            let mut fx = fx;
            // `Message` and `Dropped` are for the client adapter; REST answers drop them.
            fx.reply = json!({ "MsgTime": m.time, "MsgSeq": m.seq, "Message": m, "Dropped": matches!(sent, Sent::Dropped(_)) });
            Ok(fx)
        }
        "send_group_system_notification" => {
            if !caller.app_admin {
                return Err(code(
                    codes::NO_PERMISSION,
                    "only an app admin sends group system notifications",
                ));
            }
            let content = text(body, "Content")?;
            if content.is_empty() || content.len() > 300 {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "Content must be 1..=300 bytes",
                ));
            }
            let to = match body.get("ToMembers_Account") {
                Some(_) => accounts(body, "ToMembers_Account", MAX_BATCH)?,
                None => g
                    .store
                    .members(0, usize::MAX)?
                    .into_iter()
                    .map(|m| m.user)
                    .collect(),
            };
            Ok(Effects {
                notices: vec![notice(
                    g.id(),
                    g.ty(),
                    NoticeKind::Custom,
                    &caller.name(),
                    to,
                    json!({ "UserDefinedField": content }),
                )],
                ..Effects::default()
            })
        }
        "change_group_owner" => {
            let next = account(body, "NewOwner_Account")?;
            g.transfer(caller, &next, now)
        }
        "group_msg_recall" => {
            let list = body
                .get("MsgSeqList")
                .and_then(Value::as_array)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgSeqList must be an array"))?;
            let seqs: Vec<u64> = list
                .iter()
                .map(|m| {
                    m.get("MsgSeq").and_then(Value::as_u64).ok_or_else(|| {
                        code(codes::INVALID_PARAMETER, "MsgSeqList entries need MsgSeq")
                    })
                })
                .collect::<Result<_, _>>()?;
            if seqs.is_empty() || seqs.len() > 20 {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "MsgSeqList must hold 1..=20 entries",
                ));
            }
            let log = text(body, "TopicId")?;
            let (results, recalled) = g.recall_in(caller, &log, &seqs, cx.recall_window, now)?;
            let list: Vec<Value> = results
                .iter()
                .map(|(s, c)| json!({ "MsgSeq": s, "RetCode": c }))
                .collect();
            Ok(Effects {
                recalled,
                reply: json!({ "RecallRetList": list }),
                ..Effects::default()
            })
        }
        "group_msg_get_simple" => {
            let log = text(body, "TopicId")?;
            let max = g.store.log_max_seq(&log)?;
            let upto = u64_of(body, "ReqMsgSeq")?.unwrap_or(max).min(max);
            let n = u64_of(body, "ReqMsgNumber")?
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "ReqMsgNumber is missing"))?;
            if n == 0 || n > MAX_GET_SIMPLE {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!("ReqMsgNumber must be 1..={MAX_GET_SIMPLE}"),
                ));
            }
            let from = upto.saturating_sub(n - 1).max(1);
            let page = g.sync_in(caller, &log, from - 1, n as usize)?;
            let visible_from = page.min_seq.max(from);
            let mut list = Vec::new();
            for seq in (visible_from..=upto).rev() {
                match page.messages.iter().find(|m| m.seq == seq) {
                    Some(m) => list.push(json!({
                        "From_Account": m.from, "IsPlaceMsg": if m.recalled { 1 } else { 0 },
                        "MsgBody": if m.recalled { json!([]) } else { json!(m.msg_body) },
                        "MsgPriority": m.priority, "MsgRandom": m.random, "MsgSeq": m.seq,
                        "MsgTimeStamp": m.time, "CloudCustomData": m.cloud_custom_data,
                        "IsSystemMsg": if m.is_tip() { 1 } else { 0 },
                        "MsgFlag": if m.recalled { 8 } else { 0 },
                    })),
                    None => list.push(
                        json!({ "MsgSeq": seq, "IsPlaceMsg": 1, "MsgBody": [], "MsgFlag": 2 }),
                    ),
                }
            }
            Ok(reply(
                json!({ "GroupId": g.id(), "IsFinished": if from <= page.min_seq { 1 } else { 0 }, "RspMsgList": list }),
            ))
        }
        "get_role_in_group" => {
            if g.ty() == edgechat_proto::group::GroupType::AvChatRoom {
                return Err(code(
                    codes::NO_PERMISSION,
                    "an AVChatRoom keeps no member roles to look up",
                ));
            }
            if !caller.app_admin {
                g.require(caller, super::perm::Op::ReadMembers)?;
            }
            let users = accounts(body, "User_Account", MAX_BATCH)?;
            let mut list = Vec::new();
            for u in users {
                let role = g.store.member(&u)?.map_or("NotMember", |m| m.role.as_str());
                list.push(json!({ "Member_Account": u, "Role": role }));
            }
            Ok(reply(json!({ "UserIdList": list })))
        }
        "import_group_member" => {
            let list = body
                .get("MemberList")
                .and_then(Value::as_array)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MemberList must be an array"))?;
            g.import_members(caller, list, now)
        }
        "import_group_msg" => {
            let list = body
                .get("MsgList")
                .and_then(Value::as_array)
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgList must be an array"))?;
            g.import_messages(caller, list, now)
        }
        "delete_group_msg_by_sender" => {
            let sender = account(body, "Sender_Account")?;
            g.delete_by_sender(caller, &sender)
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
        "set_read" => {
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "set_read needs a user"))?;
            let seq = u64_of(body, "MsgSeq")?.unwrap_or(u64::MAX);
            let m = g.read(&me, seq)?;
            let summary = super::summary::summarize(g.store, &g.profile, &m)?;
            Ok(reply(json!({ "MsgSeq": m.msg_seq, "Summary": summary })))
        }
        "summary" => {
            // My row for this group, from its log (unread, last message, read position).
            let me = caller
                .user
                .clone()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "summary needs a user"))?;
            let m = g.member_of(&me)?;
            Ok(reply(json!(super::summary::summarize(
                g.store, &g.profile, &m
            )?)))
        }
        "history" => {
            // A page before `before` (newest page first), messages oldest first.
            let log = text(body, "TopicId")?;
            let max = g.store.log_max_seq(&log)?;
            let before = u64_of(body, "before")?.unwrap_or(max + 1).min(max + 1);
            let count = u64_of(body, "count")?.unwrap_or(15).clamp(1, 100);
            let from = before.saturating_sub(count).max(1);
            let page = g.sync_in(caller, &log, from - 1, (before - from) as usize)?;
            let messages: Vec<_> = page
                .messages
                .into_iter()
                .filter(|m| m.seq < before)
                .collect();
            let complete = from <= page.min_seq;
            Ok(reply(
                json!({ "messages": messages, "complete": complete, "minSeq": page.min_seq }),
            ))
        }
        "sync" => {
            let since = u64_of(body, "since")?.unwrap_or(0);
            let limit = u64_of(body, "limit")?.unwrap_or(100) as usize;
            let log = text(body, "TopicId")?;
            let page = g.sync_in(caller, &log, since, limit)?;
            Ok(reply(json!({
                "messages": page.messages, "complete": page.complete,
                "maxSeq": page.max_seq, "minSeq": page.min_seq,
            })))
        }
        "read_members" => {
            let seq = u64_of(body, "MsgSeq")?
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "MsgSeq is missing"))?;
            let read = u64_of(body, "Filter")?.unwrap_or(0) == 0;
            let offset = u64_of(body, "Offset")?.unwrap_or(0) as usize;
            let count = u64_of(body, "Count")?.unwrap_or(100) as usize;
            g.read_members(caller, seq, read, offset, count)
        }
        "create_permission_group" => g.create_pmg(caller, body, now),
        "destroy_permission_group" => g.destroy_pmgs(caller, body),
        "modify_permission_group" => g.modify_pmg(caller, body),
        "get_permission_group" => g.get_pmgs(caller, body),
        "add_permission_group_member" => g.pmg_members(caller, body, true),
        "delete_permission_group_member" => g.pmg_members(caller, body, false),
        "get_permission_group_member_list" => g.pmg_member_list(caller, body),
        "add_topic_permission_group" => g.set_topic_permissions(caller, body, true),
        "set_topic_permission_group" => g.set_topic_permissions(caller, body, false),
        "delete_topic_permission_group" => g.delete_topic_permissions(caller, body),
        "get_topic_permission_group" => g.get_topic_permissions(caller, body),
        "create_topic" => g.create_topic(caller, body, now),
        "get_topic" => g.get_topics(caller, body),
        "modify_topic" => g.modify_topic(caller, body),
        "destroy_topic" => g.destroy_topics(caller, body),
        other => Err(ImError::UnknownCommand(format!("group command {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::memory::MemoryGroup;
    use crate::group::tests::{make, uid};
    use edgechat_proto::group::GroupType;

    fn as_user<S: GroupStore>(
        g: &mut Group<S>,
        rate: &mut GroupRate,
        who: &str,
        op: &str,
        now: u64,
    ) -> Effects {
        let caller = Caller::user(uid(who));
        let cx = Context {
            caller: &caller,
            now,
            recall_window: 120,
            admins: &[],
            group_fields: &[],
            member_fields: &[],
        };
        let body = json!({ "GroupId": "g1", "ApplyMsg": "" });
        run(g, rate, &cx, op, &body).expect(op)
    }

    #[test]
    fn one_users_join_quit_churn_is_held_back_and_others_are_not() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a"]);
        let g = Group::load(&store, "g1").expect("load");
        let mut p = g.profile.clone();
        p.apply_join_option = edgechat_proto::group::ApplyJoinOption::FreeAccess;
        store.put_profile(&p).expect("profile");
        let mut g = Group::load(&store, "g1").expect("reload");
        let mut rate = GroupRate::default();
        let mut pushed = 0;
        for i in 0..10 {
            let op = if i % 2 == 0 {
                "apply_join_group"
            } else {
                "quit_group"
            };
            let fx = as_user(&mut g, &mut rate, "loop", op, 500);
            if !fx.messages.is_empty() || !fx.notices.is_empty() {
                pushed += 1;
            }
        }
        assert_eq!(pushed, 2, "two join/quit pushes per window for one user");
        assert!(
            store.member(&uid("loop")).expect("read").is_none(),
            "the churn itself happened"
        );
        assert_eq!(store.max_seq().expect("max"), 10, "every tip is stored");
        let fx = as_user(&mut g, &mut rate, "b", "apply_join_group", 500);
        assert!(!fx.messages.is_empty(), "another user's join goes out");
        let sent = (0..40)
            .filter(|r| {
                let (s, _) = g
                    .send(
                        &Caller::user(uid("a")),
                        crate::group::tests::text("a", *r),
                        &mut rate,
                        500,
                    )
                    .expect("send");
                matches!(s, crate::group::send::Sent::Delivered(_))
            })
            .count();
        assert_eq!(sent, 40, "churn never takes a message's place");
    }
}
