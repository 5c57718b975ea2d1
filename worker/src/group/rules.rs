//! Membership and profile rules over any [`GroupStore`]: create, add, apply/approve, kick,
//! quit, dismiss, transfer, roles, mute, profile and member edits. Every operation checks
//! the permission table first, then changes storage, then reports its effects (tips to
//! deliver, notices, who joined or left) for the adapter to carry out.

use super::model::*;
use super::perm::{check, over, Actor, Op};
use super::store::GroupStore;
use super::tips::{delivery, notice, tip, Delivery, Notice, NoticeKind, TipKind};
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
    /// The group is gone: everyone in `left` must forget it.
    pub dismissed: bool,
    /// The REST answer's own fields.
    pub reply: Value,
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

fn check_profile_texts(name: &str, intro: &str, notif: &str, face: &str) -> Result<(), ImError> {
    check_len("Name", name, MAX_NAME_BYTES)?;
    check_len("Introduction", intro, MAX_INTRODUCTION_BYTES)?;
    check_len("Notification", notif, MAX_NOTIFICATION_BYTES)?;
    check_len("FaceUrl", face, MAX_FACE_URL_BYTES)
}

/// Creates the group in an empty store.
pub fn create<S: GroupStore>(store: &S, req: CreateRequest, now: u64) -> Result<Effects, ImError> {
    if store.profile()?.is_some() {
        return Err(code(10021, format!("GroupId {} is already used", req.id)));
    }
    if req.name.is_empty() {
        return Err(code(10004, "Name is required"));
    }
    if req.support_topic && req.ty != GroupType::Community {
        return Err(code(10004, "SupportTopic is for Community groups only"));
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
            10004,
            format!(
                "MaxMemberNum must be 1..={ceiling} for a {} group, got {max}",
                req.ty
            ),
        ));
    }
    if req.ty == GroupType::AvChatRoom && !req.members.is_empty() {
        return Err(code(
            10007,
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
            Role::Owner => return Err(code(10004, "MemberList may not name a second Owner")),
            Role::Admin if req.ty == GroupType::Work => {
                return Err(code(10004, "a Work group has no admins"))
            }
            _ => members.push((user.clone(), *role)),
        }
    }
    if members.len() as u64 > u64::from(max) {
        return Err(code(
            10014,
            format!("{} members exceed MaxMemberNum {max}", members.len()),
        ));
    }
    let apply = match (req.ty, req.apply_join_option) {
        (GroupType::Work, Some(o)) if o != ApplyJoinOption::DisableApply => {
            return Err(code(10004, "a Work group cannot be joined by application"))
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
                10010,
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
                        10007,
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
            return Err(code(10010, "the group is not activated yet"));
        }
        Ok(member)
    }

    fn new_member(&self, user: &UserId, now: u64) -> Result<Member, ImError> {
        let mut m = Member::new(user.clone(), Role::Member, self.ty(), now);
        m.join_seq = self.store.max_seq()?;
        Ok(m)
    }

    fn member_of(&self, user: &UserId) -> Result<Member, ImError> {
        self.store
            .member(user)?
            .ok_or_else(|| code(10007, format!("{user} is not a member of {}", self.id())))
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

    /// Adds users (invite or admin add). Answers Tencent's per-member `Result`:
    /// 0 failed, 1 added, 2 already a member.
    pub fn add(
        &mut self,
        caller: &Caller,
        users: &[UserId],
        silence: bool,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Invite)?;
        let mut fx = Effects::default();
        let mut results = Vec::new();
        let count = self.store.member_count()?;
        let mut new = Vec::new();
        for user in users {
            if self.store.member(user)?.is_none() {
                new.push(user);
            }
        }
        // All or nothing: a batch that would overfill the group adds nobody.
        if u64::from(count) + new.len() as u64 > u64::from(self.profile.max_member_num) {
            return Err(code(
                10014,
                format!(
                    "{} new members would overfill the group ({count} of {})",
                    new.len(),
                    self.profile.max_member_num
                ),
            ));
        }
        for user in users {
            if !new.contains(&user) {
                results.push(json!({ "Member_Account": user, "Result": 2 }));
                continue;
            }
            self.store.put_member(&self.new_member(user, now)?)?;
            self.store.remove_application(user)?;
            fx.joined.push(user.clone());
            results.push(json!({ "Member_Account": user, "Result": 1 }));
        }
        if !fx.joined.is_empty() && !silence {
            let joined = fx.joined.clone();
            self.emit_tip(&mut fx, TipKind::Join, caller, &joined, json!({}), now)?;
        }
        fx.reply = json!({ "MemberList": results });
        Ok(fx)
    }

    /// A user asks to join: joined at once (FreeAccess), kept pending (NeedPermission) or
    /// refused (DisableApply).
    pub fn apply(&mut self, user: &UserId, message: &str, now: u64) -> Result<Effects, ImError> {
        self.require(&Caller::user(user.clone()), Op::Apply)?;
        check_len("ApplyMsg", message, 300)?;
        match self.profile.apply_join_option {
            ApplyJoinOption::DisableApply => Err(code(
                10007,
                format!("{} does not take join applications", self.id()),
            )),
            ApplyJoinOption::FreeAccess => {
                if self.store.member_count()? >= self.profile.max_member_num {
                    return Err(code(10014, "the group is full"));
                }
                self.store.put_member(&self.new_member(user, now)?)?;
                let mut fx = Effects {
                    joined: vec![user.clone()],
                    reply: json!({ "JoinStatus": "Success" }),
                    ..Effects::default()
                };
                let me = Caller::user(user.clone());
                self.emit_tip(
                    &mut fx,
                    TipKind::Join,
                    &me,
                    std::slice::from_ref(user),
                    json!({}),
                    now,
                )?;
                Ok(fx)
            }
            ApplyJoinOption::NeedPermission => {
                let mut pending = self.store.applications()?;
                pending.sort_by_key(|a| a.time);
                while pending.len() >= MAX_PENDING_APPLICATIONS {
                    let oldest = pending.remove(0);
                    self.store.remove_application(&oldest.user)?;
                }
                self.store.put_application(&Application {
                    user: user.clone(),
                    time: now,
                    message: message.to_owned(),
                })?;
                let managers = self.managers()?;
                Ok(Effects {
                    notices: vec![notice(
                        self.id(),
                        self.ty(),
                        NoticeKind::JoinRequest,
                        user.as_str(),
                        managers,
                        json!({ "Applicant": user, "ApplyMsg": message }),
                    )],
                    reply: json!({ "JoinStatus": "WaitAdminApproval" }),
                    ..Effects::default()
                })
            }
        }
    }

    /// The owner and admins (who see join requests).
    fn managers(&self) -> Result<Vec<UserId>, ImError> {
        Ok(self
            .store
            .members(0, usize::MAX)?
            .into_iter()
            .filter(|m| m.role != Role::Member)
            .map(|m| m.user)
            .collect())
    }

    pub fn applications(&self, caller: &Caller) -> Result<Vec<Application>, ImError> {
        self.require(caller, Op::HandleApplication)?;
        self.store.applications()
    }

    /// Approves or refuses `user`'s pending application.
    pub fn handle_application(
        &mut self,
        caller: &Caller,
        user: &UserId,
        approve: bool,
        reason: &str,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::HandleApplication)?;
        let pending = self.store.applications()?;
        if !pending.iter().any(|a| &a.user == user) {
            return Err(code(
                10004,
                format!("{user} has no pending application to {}", self.id()),
            ));
        }
        let kind = if approve {
            NoticeKind::JoinAccepted
        } else {
            NoticeKind::JoinRefused
        };
        let mut fx = Effects::default();
        if approve && self.store.member(user)?.is_none() {
            if self.store.member_count()? >= self.profile.max_member_num {
                return Err(code(10014, "the group is full"));
            }
            self.store.put_member(&self.new_member(user, now)?)?;
            fx.joined.push(user.clone());
            self.emit_tip(
                &mut fx,
                TipKind::Join,
                caller,
                std::slice::from_ref(user),
                json!({}),
                now,
            )?;
        }
        self.store.remove_application(user)?;
        fx.notices.push(notice(
            self.id(),
            self.ty(),
            kind,
            &caller.name(),
            vec![user.clone()],
            json!({ "Reason": reason }),
        ));
        Ok(fx)
    }

    /// Removes members (kick). Admins remove plain members only.
    pub fn kick(
        &mut self,
        caller: &Caller,
        users: &[UserId],
        reason: &str,
        silence: bool,
        now: u64,
    ) -> Result<Effects, ImError> {
        if self.ty() == GroupType::AvChatRoom {
            return Err(code(
                10004,
                "members of an AVChatRoom cannot be removed: mute them instead",
            ));
        }
        let actor = self.actor_for(caller, Op::Kick)?;
        check(Op::Kick, actor, self.ty())?;
        check_len("Reason", reason, 300)?;
        let mut targets = Vec::new();
        for user in users {
            if Some(user) == caller.user.as_ref() {
                return Err(code(
                    10004,
                    "use quitGroup to leave; a member cannot kick itself",
                ));
            }
            // Naming someone who is not a member is not an error (Tencent answers success).
            let Some(member) = self.store.member(user)? else {
                continue;
            };
            over(actor, member.role, Op::Kick).map_err(|c| {
                code(
                    c,
                    format!(
                        "{actor:?} may not kick {user}, who is {}",
                        member.role.as_str()
                    ),
                )
            })?;
            targets.push(member.user);
        }
        if targets.is_empty() {
            return Ok(Effects::default());
        }
        for user in &targets {
            self.store.remove_member(user)?;
        }
        let mut fx = Effects {
            left: targets.clone(),
            ..Effects::default()
        };
        if !silence {
            self.emit_tip(&mut fx, TipKind::Kicked, caller, &targets, json!({}), now)?;
        }
        fx.notices.push(notice(
            self.id(),
            self.ty(),
            NoticeKind::KickedOut,
            &caller.name(),
            targets,
            json!({ "Reason": reason }),
        ));
        Ok(fx)
    }

    /// The caller leaves. A Work group's owner may, leaving it ownerless.
    pub fn quit(&mut self, user: &UserId, now: u64) -> Result<Effects, ImError> {
        let me = Caller::user(user.clone());
        let member = self.require(&me, Op::Quit)?;
        self.store.remove_member(user)?;
        if member.is_some_and(|m| m.role == Role::Owner) {
            self.profile.owner = None;
            self.store.put_profile(&self.profile)?;
        }
        let mut fx = Effects {
            left: vec![user.clone()],
            ..Effects::default()
        };
        self.emit_tip(
            &mut fx,
            TipKind::Quit,
            &me,
            std::slice::from_ref(user),
            json!({}),
            now,
        )?;
        fx.notices.push(notice(
            self.id(),
            self.ty(),
            NoticeKind::Quit,
            user.as_str(),
            vec![user.clone()],
            json!({}),
        ));
        Ok(fx)
    }

    /// Dismisses the group: everyone gets a notice and forgets it.
    pub fn dismiss(&mut self, caller: &Caller) -> Result<Effects, ImError> {
        self.require(caller, Op::Dismiss)?;
        let everyone: Vec<UserId> = self
            .store
            .members(0, usize::MAX)?
            .into_iter()
            .map(|m| m.user)
            .collect();
        let n = notice(
            self.id(),
            self.ty(),
            NoticeKind::Dismissed,
            &caller.name(),
            everyone.clone(),
            json!({}),
        );
        self.store_dismissed()?;
        Ok(Effects {
            notices: vec![n],
            left: everyone,
            dismissed: true,
            ..Effects::default()
        })
    }

    fn store_dismissed(&self) -> Result<(), ImError> {
        // The profile row goes too: the ID answers 10010 from now on (and may be reused).
        self.store.wipe()?;
        self.store.clear_profile()
    }

    /// Hands the group to `new_owner` (a member); the old owner becomes a plain member.
    pub fn transfer(
        &mut self,
        caller: &Caller,
        new_owner: &UserId,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Transfer)?;
        let mut next = self.member_of(new_owner)?;
        if next.role == Role::Owner {
            return Err(code(
                10004,
                format!("{new_owner} already owns {}", self.id()),
            ));
        }
        if let Some(old) = self.profile.owner.clone() {
            if let Some(mut m) = self.store.member(&old)? {
                m.role = Role::Member;
                self.store.put_member(&m)?;
            }
        }
        next.role = Role::Owner;
        self.store.put_member(&next)?;
        self.profile.owner = Some(new_owner.clone());
        self.touch_profile(now)?;
        let mut fx = Effects::default();
        self.emit_tip(
            &mut fx,
            TipKind::ProfileUpdated,
            caller,
            &[],
            json!({ "GroupInfo": { "Owner_Account": new_owner } }),
            now,
        )?;
        Ok(fx)
    }

    /// Makes `user` an Admin or a Member again.
    pub fn set_role(
        &mut self,
        caller: &Caller,
        user: &UserId,
        role: Role,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::SetAdmin)?;
        if role == Role::Owner {
            return Err(code(10004, "use change_group_owner to change the owner"));
        }
        let mut m = self.member_of(user)?;
        if m.role == Role::Owner {
            return Err(code(10004, "the owner's role changes only by a transfer"));
        }
        if m.role == role {
            return Ok(Effects::default());
        }
        m.role = role;
        self.store.put_member(&m)?;
        let (tip_kind, notice_kind) = match role {
            Role::Admin => (TipKind::SetAdmin, NoticeKind::SetAdmin),
            _ => (TipKind::CancelAdmin, NoticeKind::CancelAdmin),
        };
        let mut fx = Effects::default();
        self.emit_tip(
            &mut fx,
            tip_kind,
            caller,
            std::slice::from_ref(user),
            json!({}),
            now,
        )?;
        fx.notices.push(notice(
            self.id(),
            self.ty(),
            notice_kind,
            &caller.name(),
            vec![user.clone()],
            json!({}),
        ));
        Ok(fx)
    }

    /// Mutes members for `secs` seconds (0 lifts the mute).
    pub fn mute(
        &mut self,
        caller: &Caller,
        users: &[UserId],
        secs: u64,
        now: u64,
    ) -> Result<Effects, ImError> {
        let actor = self.actor_for(caller, Op::Mute)?;
        check(Op::Mute, actor, self.ty())?;
        if secs > MAX_MUTE_SECS {
            return Err(code(
                10004,
                format!("MuteTime {secs} exceeds {MAX_MUTE_SECS} seconds"),
            ));
        }
        let mut changed = Vec::new();
        for user in users {
            let mut m = self.member_of(user)?;
            over(actor, m.role, Op::Mute).map_err(|c| {
                code(
                    c,
                    format!("{actor:?} may not mute {user}, who is {}", m.role.as_str()),
                )
            })?;
            m.mute_until = if secs == 0 { 0 } else { now + secs };
            changed.push(m);
        }
        for m in &changed {
            self.store.put_member(m)?;
        }
        let mut fx = Effects::default();
        let infos: Vec<Value> = changed
            .iter()
            .map(|m| json!({ "Member_Account": m.user, "ShuttedUntil": m.mute_until, "MuteTime": secs }))
            .collect();
        let users: Vec<UserId> = changed.into_iter().map(|m| m.user).collect();
        self.emit_tip(
            &mut fx,
            TipKind::MemberUpdated,
            caller,
            &users,
            json!({ "MemberInfo": infos }),
            now,
        )?;
        Ok(fx)
    }

    /// Changes profile fields given as REST names; `Name`…`FaceUrl` are basic, the others
    /// (`ApplyJoinOption`, `MaxMemberNum`, `ShutUpAllMember`) settings.
    pub fn modify_profile(
        &mut self,
        caller: &Caller,
        fields: &Value,
        now: u64,
    ) -> Result<Effects, ImError> {
        let text = |k: &str| -> Result<Option<String>, ImError> {
            match fields.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(code(10004, format!("{k} must be a string"))),
            }
        };
        let name = text("Name")?;
        let intro = text("Introduction")?;
        let notif = text("Notification")?;
        let face = text("FaceUrl")?;
        let apply = text("ApplyJoinOption")?;
        let mute_all = match text("MuteAllMember")? {
            Some(v) => Some(v),
            None => text("ShutUpAllMember")?,
        };
        let max = match fields.get("MaxMemberNum") {
            None => None,
            Some(v) => Some(
                v.as_u64()
                    .and_then(|n| u32::try_from(n).ok())
                    .ok_or_else(|| code(10004, "MaxMemberNum must be a positive integer"))?,
            ),
        };
        let basic = name.is_some() || intro.is_some() || notif.is_some() || face.is_some();
        let settings = apply.is_some() || mute_all.is_some() || max.is_some();
        let enable = fields
            .get("EnablePermissionGroup")
            .map(|v| v.as_u64() == Some(1));
        let defaults = match fields.get("DefaultPermissions") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                code(
                    10004,
                    "DefaultPermissions must be a 64-bit unsigned integer",
                )
            })?),
        };
        let pmg = enable.is_some() || defaults.is_some();
        if pmg {
            let (actor, _) = self.actor(caller)?;
            if self.ty() != GroupType::Community || !matches!(actor, Actor::Owner | Actor::AppAdmin)
            {
                return Err(code(
                    10007,
                    "only a Community's owner or an app admin sets EnablePermissionGroup and DefaultPermissions",
                ));
            }
            if !basic && !settings {
                if let Some(e) = enable {
                    self.profile.enable_permission_group = e;
                }
                if let Some(d) = defaults {
                    self.profile.default_permissions = d;
                }
                self.touch_profile(now)?;
                return Ok(Effects::default());
            }
        }
        if basic {
            self.require(caller, Op::EditBasicProfile)?;
        }
        if settings {
            self.require(caller, Op::EditSettings)?;
        }
        if !basic && !settings {
            return Err(code(10004, "nothing to modify: give Name, Introduction, Notification, FaceUrl, ApplyJoinOption, MaxMemberNum or MuteAllMember"));
        }
        let mut p = self.profile.clone();
        if let Some(n) = name {
            if n.is_empty() {
                return Err(code(10004, "Name must not be empty"));
            }
            p.name = n;
        }
        if let Some(v) = intro {
            p.introduction = v;
        }
        if let Some(v) = notif {
            p.notification = v;
        }
        if let Some(v) = face {
            p.face_url = v;
        }
        check_profile_texts(&p.name, &p.introduction, &p.notification, &p.face_url)?;
        if let Some(a) = apply {
            let a = ApplyJoinOption::parse(&a)?;
            if matches!(p.ty, GroupType::Work | GroupType::Community) && a != p.apply_join_option {
                return Err(code(
                    10004,
                    format!("a {} group's ApplyJoinOption cannot change", p.ty),
                ));
            }
            p.apply_join_option = a;
        }
        if let Some(m) = mute_all {
            p.mute_all = match m.as_str() {
                "On" => true,
                "Off" => false,
                _ => return Err(code(10004, "MuteAllMember must be On or Off")),
            };
        }
        if let Some(m) = max {
            let count = self.store.member_count()?;
            if m == 0 || m > p.ty.max_members_ceiling() || m < count {
                return Err(code(
                    10004,
                    format!(
                        "MaxMemberNum {m} must be {count}..={}",
                        p.ty.max_members_ceiling()
                    ),
                ));
            }
            p.max_member_num = m;
        }
        if let Some(e) = enable {
            p.enable_permission_group = e;
        }
        if let Some(d) = defaults {
            p.default_permissions = d;
        }
        self.profile = p;
        self.touch_profile(now)?;
        let mut fx = Effects::default();
        let mut changed = serde_json::Map::new();
        for k in [
            "Name",
            "Introduction",
            "Notification",
            "FaceUrl",
            "MuteAllMember",
            "ShutUpAllMember",
        ] {
            if let Some(v) = fields.get(k) {
                changed.insert(k.to_owned(), v.clone());
            }
        }
        if !changed.is_empty() {
            self.emit_tip(
                &mut fx,
                TipKind::ProfileUpdated,
                caller,
                &[],
                json!({ "GroupInfo": changed }),
                now,
            )?;
        }
        Ok(fx)
    }

    /// Changes a member's NameCard, MsgFlag, Role or mute (`modify_group_member_info`).
    pub fn modify_member(
        &mut self,
        caller: &Caller,
        user: &UserId,
        fields: &Value,
        now: u64,
    ) -> Result<Effects, ImError> {
        let (actor, _) = self.actor(caller)?;
        let own = caller.user.as_ref() == Some(user);
        let mut m = self.member_of(user)?;
        let mut fx = Effects::default();
        if let Some(card) = fields.get("NameCard") {
            let card = card
                .as_str()
                .ok_or_else(|| code(10004, "NameCard must be a string"))?;
            check_len("NameCard", card, MAX_NAME_CARD_BYTES)?;
            if !own {
                check(Op::EditOtherMember, actor, self.ty())?;
                over(actor, m.role, Op::EditOtherMember)
                    .map_err(|c| code(c, "may not change this member's name card"))?;
            } else if actor == Actor::NonMember {
                return Err(code(10007, "not a member"));
            }
            m.name_card = card.to_owned();
        }
        if let Some(flag) = fields.get("MsgFlag") {
            let flag = MsgFlag::parse(flag.as_str().unwrap_or_default())?;
            if !own && actor != Actor::AppAdmin {
                return Err(code(
                    10007,
                    "only the member or an app admin sets the receive option",
                ));
            }
            m.msg_flag = flag;
            fx.flags.push((user.clone(), flag));
        }
        self.store.put_member(&m)?;
        if let Some(role) = fields.get("Role") {
            let role = Role::parse(role.as_str().unwrap_or_default())?;
            let flags = std::mem::take(&mut fx.flags);
            fx = self.set_role(caller, user, role, now)?;
            fx.flags = flags;
        }
        if let Some(secs) = fields.get("ShutUpTime").or_else(|| fields.get("MuteTime")) {
            let secs = secs
                .as_u64()
                .ok_or_else(|| code(10004, "ShutUpTime must be seconds"))?;
            let more = self.mute(caller, std::slice::from_ref(user), secs, now)?;
            fx.messages.extend(more.messages);
        }
        Ok(fx)
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
