//! Reading and changing a group's profile and members' fields: `get_group_info`,
//! `get_group_member_info`, `modify_group_base_info`, `modify_group_member_info`,
//! `get_role_in_group`, `get_group_muted_account`.

use super::{member_view, reply, Command, MAX_BATCH};
use crate::group::custom::{self, MAX_GROUP_VALUE_BYTES, MAX_MEMBER_VALUE_BYTES};
use crate::group::perm::Actor;
use crate::group::requests::{typed, GetGroupInfo, GetMemberInfo, MemberOf, RoleLookup};
use crate::group::rules::{code, Effects};
use crate::group::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Runs the command if it is one of this file's.
pub(super) fn run<S: GroupStore>(c: Command<S>) -> Result<Option<Effects>, ImError> {
    let (g, _, cx, op, body) = c.parts();
    let (caller, now) = (cx.caller, cx.now);
    let fx = match op {
        "get_group_info" => {
            let req: GetGroupInfo = typed(op, body)?;
            g.require(caller, crate::group::perm::Op::ReadProfile)?;
            let mut info = g.info()?;
            let (actor, _) = g.actor(caller)?;
            let gf = req.filter.group_keys;
            info["AppDefinedData"] =
                custom::visible(&g.profile.custom, cx.group_fields, actor, gf.as_deref());
            if crate::group::perm::allowed(crate::group::perm::Op::ReadMembers, actor, g.ty())
                .is_ok()
            {
                let mf = req.filter.member_keys;
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
            let req: GetMemberInfo = typed(op, body)?;
            let limit = req.limit.unwrap_or(6000).min(6000) as usize;
            let offset = req.offset.unwrap_or(0) as usize;
            let (n, page) = g.member_page(caller, offset, limit)?;
            let (actor, _) = g.actor(caller)?;
            let mf = req.filter.member_keys;
            let roles = req.roles;
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
                    return Ok(Some(Effects::default()));
                }
            }
            g.modify_profile(caller, &typed(op, body)?, now)
        }
        "modify_group_member_info" => {
            let user = typed::<MemberOf>(op, body)?.user;
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
                    return Ok(Some(Effects::default()));
                }
            }
            g.modify_member(caller, &user, &typed(op, body)?, now)
        }
        "get_group_muted_account" => {
            g.require(caller, crate::group::perm::Op::ReadMembers)?;
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
        "get_role_in_group" => {
            if g.ty() == edgechat_proto::group::GroupType::AvChatRoom {
                return Err(code(
                    codes::NO_PERMISSION,
                    "an AVChatRoom keeps no member roles to look up",
                ));
            }
            if !caller.app_admin {
                g.require(caller, crate::group::perm::Op::ReadMembers)?;
            }
            let users = typed::<RoleLookup>(op, body)?
                .users
                .within("User_Account", MAX_BATCH)?;
            let mut list = Vec::new();
            for u in users {
                let role = g.store.member(&u)?.map_or("NotMember", |m| m.role.as_str());
                list.push(json!({ "Member_Account": u, "Role": role }));
            }
            Ok(reply(json!({ "UserIdList": list })))
        }
        _ => return Ok(None),
    };
    fx.map(Some)
}
