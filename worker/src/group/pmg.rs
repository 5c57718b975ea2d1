//! Community permission groups (`@PMG#_…`): named sets of members with a 64-bit mask of
//! community permissions and per-topic masks. When a Community turns them on
//! (`EnablePermissionGroup`), admins act as plain members and every member (not the owner, who
//! keeps all rights, nor the app admin) holds the community's `DefaultPermissions` OR the
//! masks of their permission groups; each bit opens one kind of operation.

use super::model::check_len;
use super::perm::{Actor, Op};
use super::requests::{
    CreatePermissionGroup, ModifyPermissionGroup, PermissionGroupMemberList,
    PermissionGroupMembers, PermissionGroupTopics, TopicPermissions,
};
use super::rules::{code, Caller, Effects, Group};
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::GroupType;
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Community permission bits.
pub const MANAGE_GROUP_INFO: u64 = 1 << 0;
pub const MANAGE_GROUP_MEMBER: u64 = 1 << 1;
pub const MANAGE_PERMISSION_GROUP_INFO: u64 = 1 << 2;
pub const MANAGE_PERMISSION_GROUP_MEMBER: u64 = 1 << 3;
pub const MANAGE_TOPIC: u64 = 1 << 4;
pub const GROUP_MUTE_MEMBER: u64 = 1 << 5;
pub const SEND_GROUP_MESSAGE: u64 = 1 << 6;
pub const GROUP_AT_ALL: u64 = 1 << 7;
pub const GET_GROUP_HISTORY_MESSAGE: u64 = 1 << 8;
pub const REVOKE_OTHER_MEMBER_GROUP_MESSAGE: u64 = 1 << 9;
pub const BAN_MEMBER_GROUP_MESSAGE: u64 = 1 << 10;
/// Topic permission bits.
pub const MANAGE_TOPIC_INFO: u64 = 1 << 0;
pub const MANAGE_PERMISSION_TOPIC_INFO: u64 = 1 << 1;
pub const TOPIC_MUTE_MEMBER: u64 = 1 << 2;
pub const SEND_TOPIC_MESSAGE: u64 = 1 << 3;
pub const GET_TOPIC_HISTORY_MESSAGE: u64 = 1 << 4;
pub const REVOKE_OTHER_MEMBER_TOPIC_MESSAGE: u64 = 1 << 5;
pub const TOPIC_AT_ALL: u64 = 1 << 6;

/// Permission groups per community, members per call, topics per call, IDs per destroy.
pub const MAX_PERMISSION_GROUPS: usize = 100;
pub const MAX_MEMBERS_PER_CALL: usize = 100;
pub const MAX_TOPICS_PER_CALL: usize = 50;
pub const MAX_IDS_PER_DESTROY: usize = 20;
pub const MAX_NAME_BYTES: usize = 150;
pub const MAX_CUSTOM_STRING_BYTES: usize = 3000;
/// Longest permission group ID (Tencent documents none; we keep it to a group ID's size).
pub const MAX_ID_BYTES: usize = 48;
pub const PREFIX: &str = "@PMG#_";

/// A permission group of a community.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionGroup {
    pub id: String,
    pub name: String,
    pub permission: u64,
    pub custom_string: String,
    pub create_time: u64,
    pub members: BTreeSet<UserId>,
    /// Topic ID → topic permission mask.
    pub topics: BTreeMap<String, u64>,
}

impl PermissionGroup {
    fn to_rest(&self) -> Value {
        json!({
            "PermissionGroupId": self.id,
            "PermissionGroupName": self.name,
            "Permission": self.permission,
            "CustomString": self.custom_string,
            "MemberNum": self.members.len(),
            "CreateTime": self.create_time,
        })
    }
}

/// The bit that lets a permission-group member do `op`, if any.
pub fn bit_for(op: Op) -> Option<u64> {
    Some(match op {
        Op::EditBasicProfile | Op::EditSettings => MANAGE_GROUP_INFO,
        Op::Invite | Op::Kick | Op::HandleApplication | Op::EditOtherMember => MANAGE_GROUP_MEMBER,
        Op::ManageTopic => MANAGE_TOPIC,
        Op::Mute => GROUP_MUTE_MEMBER,
        Op::Send => SEND_GROUP_MESSAGE,
        Op::RecallOthers => REVOKE_OTHER_MEMBER_GROUP_MESSAGE,
        _ => return None,
    })
}

/// Checks that `field` holds 1..=max entries.
fn check_count(field: &str, len: usize, max: usize) -> Result<(), ImError> {
    if len == 0 || len > max {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!("{field} must hold 1..={max} entries, got {len}"),
        ));
    }
    Ok(())
}

impl<S: GroupStore> Group<'_, S> {
    /// Permission groups are on for this community.
    pub fn pmg_enabled(&self) -> bool {
        self.ty() == GroupType::Community && self.profile.enable_permission_group
    }

    /// A member's community mask: the default OR their permission groups' masks.
    pub fn member_bits(&self, user: &UserId) -> Result<u64, ImError> {
        let mut bits = self.profile.default_permissions;
        for g in self.store.permission_groups()? {
            if g.members.contains(user) {
                bits |= g.permission;
            }
        }
        Ok(bits)
    }

    /// A member's mask in a topic: the topic's default OR their groups' topic masks.
    pub fn topic_bits(&self, user: &UserId, topic: &str) -> Result<u64, ImError> {
        let mut bits = self.topic(topic)?.default_permissions;
        for g in self.store.permission_groups()? {
            if g.members.contains(user) {
                bits |= g.topics.get(topic).copied().unwrap_or(0);
            }
        }
        Ok(bits)
    }

    /// The actor `caller` counts as for `op`, once permission groups are considered: with them
    /// on, an admin is a plain member, and a member holding `op`'s bit acts as an admin would.
    pub fn actor_for(&self, caller: &Caller, op: Op) -> Result<Actor, ImError> {
        let (actor, member) = self.actor(caller)?;
        if !self.pmg_enabled() || !matches!(actor, Actor::Admin | Actor::Member) {
            return Ok(actor);
        }
        let (Some(bit), Some(m)) = (bit_for(op), member) else {
            return Ok(Actor::Member);
        };
        Ok(if self.member_bits(&m.user)? & bit != 0 {
            Actor::Admin
        } else {
            Actor::Member
        })
    }

    fn require_pmg(&self, caller: &Caller, bit: u64) -> Result<(), ImError> {
        if self.ty() != GroupType::Community {
            return Err(code(
                codes::NO_PERMISSION,
                "permission groups are for Community groups",
            ));
        }
        let (actor, member) = self.actor(caller)?;
        let ok = match actor {
            Actor::AppAdmin | Actor::Owner => true,
            Actor::Admin | Actor::Member => match member {
                Some(m) if self.pmg_enabled() => self.member_bits(&m.user)? & bit != 0,
                _ => false,
            },
            Actor::NonMember => false,
        };
        if ok {
            Ok(())
        } else {
            Err(code(
                codes::NO_PERMISSION,
                "no permission to manage permission groups here",
            ))
        }
    }

    /// The permission group `id` (10010 when there is none).
    fn pmg(&self, id: &str) -> Result<PermissionGroup, ImError> {
        self.store
            .permission_groups()?
            .into_iter()
            .find(|g| g.id == id)
            .ok_or_else(|| {
                code(
                    codes::GROUP_NOT_FOUND,
                    format!("permission group {id} does not exist in {}", self.id()),
                )
            })
    }

    /// `create_permission_group`.
    pub fn create_pmg(
        &mut self,
        caller: &Caller,
        req: CreatePermissionGroup,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_INFO)?;
        let existing = self.store.permission_groups()?;
        if existing.len() >= MAX_PERMISSION_GROUPS {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("a community holds at most {MAX_PERMISSION_GROUPS} permission groups"),
            ));
        }
        let name = req.fields.name.unwrap_or_default();
        if name.is_empty() {
            return Err(code(
                codes::INVALID_PARAMETER,
                "PermissionGroupName is required",
            ));
        }
        check_len("PermissionGroupName", &name, MAX_NAME_BYTES)?;
        let custom = req.fields.custom_string.unwrap_or_default();
        check_len("CustomString", &custom, MAX_CUSTOM_STRING_BYTES)?;
        let generated = format!("{PREFIX}@PMG#");
        let id = match req.id {
            Some(id) if !id.is_empty() => {
                if !id.starts_with(PREFIX)
                    || id.starts_with(&generated)
                    || id.len() > MAX_ID_BYTES
                    || !id.bytes().all(|b| (0x20..=0x7e).contains(&b))
                {
                    return Err(code(
                        codes::INVALID_PARAMETER,
                        format!("PermissionGroupId {id:?} must start with {PREFIX}, not {generated}, be printable ASCII and at most {MAX_ID_BYTES} bytes"),
                    ));
                }
                if existing.iter().any(|g| g.id == id) {
                    return Err(code(
                        codes::GROUP_ID_TAKEN,
                        format!("permission group {id} already exists"),
                    ));
                }
                id
            }
            _ => {
                let mut n = now * 1000 + existing.len() as u64;
                loop {
                    let id = format!("{generated}{n:X}");
                    if !existing.iter().any(|g| g.id == id) {
                        break id;
                    }
                    n += 1;
                }
            }
        };
        let g = PermissionGroup {
            id: id.clone(),
            name,
            permission: req.fields.permission.unwrap_or(0),
            custom_string: custom,
            create_time: now,
            members: BTreeSet::new(),
            topics: BTreeMap::new(),
        };
        self.store.put_permission_group(&g)?;
        Ok(reply(json!({ "PermissionGroupId": id })))
    }

    /// `destroy_permission_group`: per ID its code.
    pub fn destroy_pmgs(&mut self, caller: &Caller, list: Vec<String>) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_INFO)?;
        check_count("PermissionGroupIdList", list.len(), MAX_IDS_PER_DESTROY)?;
        let all = self.store.permission_groups()?;
        let mut out = Vec::new();
        for id in list {
            let found = all.iter().any(|g| g.id == id);
            if found {
                self.store.remove_permission_group(&id)?;
            }
            out.push(json!({ "PermissionGroupId": id, "ErrorCode": if found { 0 } else { codes::GROUP_NOT_FOUND }, "ErrorInfo": "" }));
        }
        Ok(reply(json!({ "PermissionGroupResultList": out })))
    }

    /// `modify_permission_group`.
    pub fn modify_pmg(
        &mut self,
        caller: &Caller,
        req: ModifyPermissionGroup,
    ) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_INFO)?;
        let mut g = self.pmg(&req.id)?;
        if let Some(n) = req.fields.name {
            if n.is_empty() {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "PermissionGroupName must not be empty",
                ));
            }
            check_len("PermissionGroupName", &n, MAX_NAME_BYTES)?;
            g.name = n;
        }
        if let Some(p) = req.fields.permission {
            g.permission = p;
        }
        if let Some(c) = req.fields.custom_string {
            check_len("CustomString", &c, MAX_CUSTOM_STRING_BYTES)?;
            g.custom_string = c;
        }
        self.store.put_permission_group(&g)?;
        Ok(Effects::default())
    }

    /// `get_permission_group`: the named ones (all when the list is absent or empty).
    pub fn get_pmgs(&self, caller: &Caller, wanted: &[String]) -> Result<Effects, ImError> {
        let (actor, _) = self.actor(caller)?;
        if actor == Actor::NonMember || self.ty() != GroupType::Community {
            return Err(code(
                codes::NO_PERMISSION,
                "only members of a Community read its permission groups",
            ));
        }
        let list: Vec<Value> = self
            .store
            .permission_groups()?
            .iter()
            .filter(|g| wanted.is_empty() || wanted.contains(&g.id))
            .map(PermissionGroup::to_rest)
            .collect();
        Ok(reply(
            json!({ "PermissionGroupInfoList": list, "Next": "" }),
        ))
    }

    /// `add_permission_group_member` / `delete_permission_group_member`: per member `Result`
    /// (0 done; 10013 already in it when adding; 10007 not a community member).
    pub fn pmg_members(
        &mut self,
        caller: &Caller,
        req: PermissionGroupMembers,
        add: bool,
    ) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_MEMBER)?;
        let mut g = self.pmg(&req.id)?;
        check_count("MemberList", req.members.len(), MAX_MEMBERS_PER_CALL)?;
        let mut out = Vec::new();
        for item in &req.members {
            let user = UserId::parse(item.account())
                .map_err(|e| code(codes::INVALID_PARAMETER, format!("Member_Account: {e}")))?;
            let result = if add {
                if self.store.member(&user)?.is_none() {
                    codes::NO_PERMISSION
                } else if !g.members.insert(user.clone()) {
                    codes::ALREADY_MEMBER
                } else {
                    0
                }
            } else {
                g.members.remove(&user);
                0
            };
            out.push(json!({ "Member_Account": user, "Result": result }));
        }
        self.store.put_permission_group(&g)?;
        Ok(reply(json!({ "MemberList": out })))
    }

    /// `get_permission_group_member_list`.
    pub fn pmg_member_list(
        &self,
        caller: &Caller,
        req: PermissionGroupMemberList,
    ) -> Result<Effects, ImError> {
        self.get_pmgs(caller, &[])?;
        let g = self.pmg(&req.id)?;
        let offset: usize = req.next.and_then(|n| n.parse().ok()).unwrap_or(0);
        let limit = req.limit.unwrap_or(100).clamp(1, 100) as usize;
        let page: Vec<Value> = g
            .members
            .iter()
            .skip(offset)
            .take(limit)
            .map(|u| json!({ "Member_Account": u }))
            .collect();
        let next = offset + page.len();
        let next = if next < g.members.len() {
            next.to_string()
        } else {
            String::new()
        };
        Ok(reply(
            json!({ "MemberList": page, "MemberNum": g.members.len(), "Next": next }),
        ))
    }

    /// `add_topic_permission_group` / `set_topic_permission_group`: topic masks of a group.
    pub fn set_topic_permissions(
        &mut self,
        caller: &Caller,
        req: TopicPermissions,
        add: bool,
    ) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_INFO)?;
        let mut g = self.pmg(&req.id)?;
        check_count("TopicPermissionList", req.list.len(), MAX_TOPICS_PER_CALL)?;
        let mut out = Vec::new();
        for item in req.list {
            let topic = item.topic_id;
            let result = match (self.topic(&topic), item.permission) {
                (Err(e), _) => e.code(),
                (_, None) => codes::INVALID_PARAMETER,
                (Ok(_), Some(_)) if add && g.topics.contains_key(&topic) => codes::GROUP_ID_TAKEN,
                (Ok(_), Some(_)) if !add && !g.topics.contains_key(&topic) => {
                    codes::GROUP_NOT_FOUND
                }
                (Ok(_), Some(p)) => {
                    g.topics.insert(topic.clone(), p);
                    0
                }
            };
            out.push(json!({ "TopicId": topic, "ErrorCode": result, "ErrorInfo": "" }));
        }
        self.store.put_permission_group(&g)?;
        Ok(reply(json!({ "TopicPermissionResultList": out })))
    }

    /// `delete_topic_permission_group`.
    pub fn delete_topic_permissions(
        &mut self,
        caller: &Caller,
        req: PermissionGroupTopics,
    ) -> Result<Effects, ImError> {
        self.require_pmg(caller, MANAGE_PERMISSION_GROUP_INFO)?;
        let mut g = self.pmg(&req.id)?;
        let topics = req.topics.unwrap_or_default();
        check_count("TopicIdList", topics.len(), MAX_TOPICS_PER_CALL)?;
        let mut out = Vec::new();
        for topic in topics {
            let found = g.topics.remove(&topic).is_some();
            out.push(json!({ "TopicId": topic, "ErrorCode": if found { 0 } else { codes::GROUP_NOT_FOUND }, "ErrorInfo": "" }));
        }
        self.store.put_permission_group(&g)?;
        Ok(reply(json!({ "TopicPermissionResultList": out })))
    }

    /// `get_topic_permission_group`.
    pub fn get_topic_permissions(
        &self,
        caller: &Caller,
        req: PermissionGroupTopics,
    ) -> Result<Effects, ImError> {
        self.get_pmgs(caller, &[])?;
        let g = self.pmg(&req.id)?;
        let wanted = req.topics.unwrap_or_default();
        let list: Vec<Value> = g
            .topics
            .iter()
            .filter(|(t, _)| wanted.is_empty() || wanted.contains(t))
            .map(|(t, p)| json!({ "TopicId": t, "Permission": p }))
            .collect();
        Ok(reply(json!({ "TopicPermissionList": list })))
    }
}

fn reply(v: Value) -> Effects {
    Effects {
        reply: v,
        ..Effects::default()
    }
}
