//! The group rules' common ground over any [`GroupStore`]: who is asking (`Caller`), what an
//! operation did (`Effects`), `create`, and the loaded `Group` with its permission check and
//! tips; `membership` and `admin` hold the operations. Every operation checks
//! the permission table first, then changes storage, then reports its effects (tips to
//! deliver, notices, who joined or left) for the adapter to carry out.

use super::model::*;
use super::perm::{check, Actor, Op};
use super::store::GroupStore;
use super::tips::{delivery, notice, tip, Delivery, Notice, NoticeKind, TipKind};
use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupId, GroupMessage, GroupType, MsgFlag, Role};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Pending join applications kept per group and user (the oldest are dropped).
pub const MAX_PENDING_APPLICATIONS: usize = 50;
/// Longest mute: Tencent takes up to 2^32 - 1 seconds.
pub const MAX_MUTE_SECS: u64 = u32::MAX as u64;

pub(crate) fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

/// Who is asking: a user (maybe an app admin), or the app admin without a user (REST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub user: Option<UserId>,
    pub app_admin: bool,
}

impl Caller {
    pub fn user(user: UserId) -> Caller {
        Caller {
            user: Some(user),
            app_admin: false,
        }
    }

    pub fn admin() -> Caller {
        Caller {
            user: None,
            app_admin: true,
        }
    }

    /// The name put in tips and notices as the operator.
    pub fn name(&self) -> String {
        self.user
            .as_ref()
            .map_or_else(|| "@TIM#SYSTEM".to_owned(), |u| u.to_string())
    }
}

/// What an operation did, for the adapter to carry out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effects {
    /// Messages for every member: stored ones carry their SEQ, live ones `online_only`.
    pub messages: Vec<GroupMessage>,
    pub notices: Vec<Notice>,
    pub joined: Vec<UserId>,
    pub left: Vec<UserId>,
    /// Receive options changed: each user's object records theirs.
    pub flags: Vec<(UserId, MsgFlag)>,
    /// Messages recalled: members replace their copies.
    pub recalled: Vec<GroupMessage>,
    /// Messages modified (`modify_group_msg`): members replace their copies.
    pub modified: Vec<GroupMessage>,
    /// The group is gone: everyone in `left` must forget it.
    pub dismissed: bool,
    /// The REST answer's own fields.
    pub reply: Value,
}

impl Effects {
    /// The members whose objects refused their join (the joined-group limit, an unknown
    /// account): they leave `joined`, and a batch answer's `MemberList` marks each with
    /// `Result: 0`. False when the answer has no member list (a single join, which then fails
    /// with the refusal).
    pub fn refuse_joins(&mut self, refused: &[UserId]) -> bool {
        self.joined.retain(|u| !refused.contains(u));
        let Some(list) = self
            .reply
            .get_mut("MemberList")
            .and_then(Value::as_array_mut)
        else {
            return false;
        };
        for entry in list.iter_mut() {
            if refused
                .iter()
                .any(|u| entry["Member_Account"] == u.as_str())
            {
                entry["Result"] = serde_json::json!(0);
            }
        }
        true
    }
}

/// What `create` is asked for, already parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateRequest {
    pub id: GroupId,
    pub ty: GroupType,
    pub owner: Option<UserId>,
    pub name: String,
    pub introduction: String,
    pub notification: String,
    pub face_url: String,
    pub max_member_num: Option<u32>,
    pub apply_join_option: Option<ApplyJoinOption>,
    pub members: Vec<(UserId, Role)>,
    /// `SupportTopic`: a Community that holds topics.
    pub support_topic: bool,
    /// `EnablePermissionGroup` and `DefaultPermissions` (Community).
    pub enable_permission_group: bool,
    pub default_permissions: u64,
}

/// A loaded group: its store and profile.
pub struct Group<'s, S: GroupStore> {
    pub store: &'s S,
    pub profile: GroupProfile,
    /// New members read messages from before they joined (by type; the app may change it).
    pub history_before_join: bool,
}

pub(super) fn check_profile_texts(
    name: &str,
    intro: &str,
    notif: &str,
    face: &str,
) -> Result<(), ImError> {
    check_len("Name", name, MAX_NAME_BYTES)?;
    check_len("Introduction", intro, MAX_INTRODUCTION_BYTES)?;
    check_len("Notification", notif, MAX_NOTIFICATION_BYTES)?;
    check_len("FaceUrl", face, MAX_FACE_URL_BYTES)
}

/// Creates the group in an empty store.
pub fn create<S: GroupStore>(store: &S, req: CreateRequest, now: u64) -> Result<Effects, ImError> {
    if store.profile()?.is_some() {
        return Err(code(
            codes::GROUP_ID_TAKEN,
            format!("GroupId {} is already used", req.id),
        ));
    }
    if req.name.is_empty() {
        return Err(code(codes::INVALID_PARAMETER, "Name is required"));
    }
    if req.support_topic && req.ty != GroupType::Community {
        return Err(code(
            codes::INVALID_PARAMETER,
            "SupportTopic is for Community groups only",
        ));
    }
    check_profile_texts(
        &req.name,
        &req.introduction,
        &req.notification,
        &req.face_url,
    )?;
    let ceiling = req.ty.max_members_ceiling();
    let max = req.max_member_num.unwrap_or(req.ty.default_max_members());
    if max == 0 || max > ceiling {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!(
                "MaxMemberNum must be 1..={ceiling} for a {} group, got {max}",
                req.ty
            ),
        ));
    }
    if req.ty == GroupType::AvChatRoom && !req.members.is_empty() {
        return Err(code(
            codes::NO_PERMISSION,
            "an AVChatRoom is created without MemberList: members join themselves",
        ));
    }
    let mut members: Vec<(UserId, Role)> = Vec::new();
    if let Some(owner) = &req.owner {
        members.push((owner.clone(), Role::Owner));
    }
    for (user, role) in &req.members {
        if members.iter().any(|(u, _)| u == user) {
            continue;
        }
        match role {
            Role::Owner => {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    "MemberList may not name a second Owner",
                ))
            }
            Role::Admin if req.ty == GroupType::Work => {
                return Err(code(codes::INVALID_PARAMETER, "a Work group has no admins"))
            }
            _ => members.push((user.clone(), *role)),
        }
    }
    if members.len() as u64 > u64::from(max) {
        return Err(code(
            codes::GROUP_FULL,
            format!("{} members exceed MaxMemberNum {max}", members.len()),
        ));
    }
    let apply = match (req.ty, req.apply_join_option) {
        (GroupType::Work, Some(o)) if o != ApplyJoinOption::DisableApply => {
            return Err(code(
                codes::INVALID_PARAMETER,
                "a Work group cannot be joined by application",
            ))
        }
        (_, Some(o)) => o,
        (ty, None) => ty.default_apply_option(),
    };
    let profile = GroupProfile {
        group_id: req.id.clone(),
        ty: req.ty,
        name: req.name,
        introduction: req.introduction,
        notification: req.notification,
        face_url: req.face_url,
        owner: req.owner.clone(),
        create_time: now,
        info_seq: 0,
        last_info_time: now,
        last_msg_time: 0,
        max_member_num: max,
        apply_join_option: apply,
        mute_all: false,
        activated: !req.ty.needs_activation(),
        custom: Default::default(),
        support_topic: req.support_topic,
        enable_permission_group: req.enable_permission_group && req.ty == GroupType::Community,
        default_permissions: req.default_permissions,
    };
    store.put_profile(&profile)?;
    for (user, role) in &members {
        store.put_member(&Member::new(user.clone(), *role, req.ty, now))?;
    }
    let mut fx = Effects {
        joined: members.iter().map(|(u, _)| u.clone()).collect(),
        reply: json!({ "GroupId": req.id }),
        ..Effects::default()
    };
    if let Some(owner) = req.owner {
        fx.notices.push(notice(
            req.id.as_str(),
            req.ty,
            NoticeKind::Created,
            owner.as_str(),
            vec![owner.clone()],
            json!({}),
        ));
    }
    Ok(fx)
}

impl<'s, S: GroupStore> Group<'s, S> {
    /// Loads the group; 10010 when it does not exist (or was dismissed).
    pub fn load(store: &'s S, id: &str) -> Result<Self, ImError> {
        match store.profile()? {
            Some(profile) => Ok(Group {
                store,
                history_before_join: profile.ty.history_before_join(),
                profile,
            }),
            None => Err(code(
                codes::GROUP_NOT_FOUND,
                format!("group {id} does not exist or was dismissed"),
            )),
        }
    }

    pub fn ty(&self) -> GroupType {
        self.profile.ty
    }

    pub fn id(&self) -> &str {
        self.profile.group_id.as_str()
    }

    /// The caller's actor and member record.
    pub fn actor(&self, caller: &Caller) -> Result<(Actor, Option<Member>), ImError> {
        let member = match &caller.user {
            Some(u) => self.store.member(u)?,
            None => None,
        };
        let actor = if caller.app_admin {
            Actor::AppAdmin
        } else {
            Actor::of(member.as_ref().map(|m| m.role))
        };
        Ok((actor, member))
    }

    /// Checks `op` for the caller; returns the caller's member record.
    pub fn require(&self, caller: &Caller, op: Op) -> Result<Option<Member>, ImError> {
        let (actor, member) = self.actor(caller)?;
        if self.pmg_enabled() && matches!(actor, Actor::Admin | Actor::Member) {
            // Permission groups decide: a bit opens its operations, admins are plain members.
            if let (Some(bit), Some(m)) = (super::pmg::bit_for(op), &member) {
                if self.member_bits(&m.user)? & bit == 0 {
                    return Err(code(
                        codes::NO_PERMISSION,
                        format!("{} holds no permission for {op:?} in {}", m.user, self.id()),
                    ));
                }
                return Ok(member);
            }
            check(op, Actor::Member, self.ty())?;
            return Ok(member);
        }
        check(op, actor, self.ty())?;
        // A Work group is invisible to its members until activated, except to its owner.
        if !self.profile.activated && actor == Actor::Member && op == Op::ReadProfile {
            return Err(code(
                codes::GROUP_NOT_FOUND,
                "the group is not activated yet",
            ));
        }
        Ok(member)
    }

    pub(super) fn new_member(&self, user: &UserId, now: u64) -> Result<Member, ImError> {
        let mut m = Member::new(user.clone(), Role::Member, self.ty(), now);
        m.join_seq = self.store.max_seq()?;
        Ok(m)
    }

    pub(super) fn member_of(&self, user: &UserId) -> Result<Member, ImError> {
        self.store.member(user)?.ok_or_else(|| {
            code(
                codes::NO_PERMISSION,
                format!("{user} is not a member of {}", self.id()),
            )
        })
    }

    /// Builds a tip and adds it to `fx` as its type's delivery says (storing it if stored).
    pub fn emit_tip(
        &self,
        fx: &mut Effects,
        kind: TipKind,
        caller: &Caller,
        members: &[UserId],
        extra: Value,
        now: u64,
    ) -> Result<(), ImError> {
        let msg = tip(self.id(), kind, &caller.name(), members, extra, now);
        match delivery(kind, self.ty()) {
            Delivery::Stored => fx.messages.push(self.store.append(msg)?),
            Delivery::OnlineOnly => fx.messages.push(GroupMessage {
                online_only: true,
                ..msg
            }),
            Delivery::None => {}
        }
        Ok(())
    }

    /// Records a profile change: InfoSeq + 1, LastInfoTime, stored.
    pub(crate) fn touch_profile(&mut self, now: u64) -> Result<(), ImError> {
        self.profile.info_seq += 1;
        self.profile.last_info_time = now;
        self.store.put_profile(&self.profile)
    }

    /// The REST `GroupInfo` object (profile fields only).
    pub fn info(&self) -> Result<Value, ImError> {
        let next = self.store.max_seq()? + 1;
        let count = self.store.member_count()?;
        Ok(self.profile.to_rest(next, count))
    }

    /// Members as the REST list shows them, a page at a time; the total first.
    pub fn member_page(
        &self,
        caller: &Caller,
        offset: usize,
        limit: usize,
    ) -> Result<(u32, Vec<Member>), ImError> {
        self.require(caller, Op::ReadMembers)?;
        Ok((
            self.store.member_count()?,
            self.store.members(offset, limit)?,
        ))
    }

    /// Records that `user` has read up to `seq`.
    pub fn read(&mut self, user: &UserId, seq: u64) -> Result<Member, ImError> {
        let mut m = self.member_of(user)?;
        let max = self.store.max_seq()?;
        m.msg_seq = m.msg_seq.max(seq.min(max));
        self.store.put_member(&m)?;
        Ok(m)
    }
}
