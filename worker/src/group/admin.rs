//! Running a group: roles, mutes, profile and member edits.

use super::model::*;
use super::perm::{check, over, Actor, Op};
use super::requests::{MemberChanges, ProfileChanges};
use super::rules::{check_profile_texts, code, Caller, Effects, Group, MAX_MUTE_SECS};
use super::store::GroupStore;
use super::tips::{notice, NoticeKind, TipKind};
use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupType, MsgFlag, Role};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

impl<S: GroupStore> Group<'_, S> {
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
            return Err(code(
                codes::INVALID_PARAMETER,
                "use change_group_owner to change the owner",
            ));
        }
        let mut m = self.member_of(user)?;
        if m.role == Role::Owner {
            return Err(code(
                codes::INVALID_PARAMETER,
                "the owner's role changes only by a transfer",
            ));
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
                codes::INVALID_PARAMETER,
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
        fields: &ProfileChanges,
        now: u64,
    ) -> Result<Effects, ImError> {
        let name = fields.name.clone();
        let intro = fields.introduction.clone();
        let notif = fields.notification.clone();
        let face = fields.face_url.clone();
        let apply = fields.apply_join_option.clone();
        let mute_all = fields
            .mute_all_member
            .clone()
            .or_else(|| fields.shut_up_all_member.clone());
        let max = fields.max_member_num;
        let basic = name.is_some() || intro.is_some() || notif.is_some() || face.is_some();
        let settings = apply.is_some() || mute_all.is_some() || max.is_some();
        let enable = fields.enable_permission_group.map(|v| v == 1);
        let defaults = fields.default_permissions;
        let pmg = enable.is_some() || defaults.is_some();
        if pmg {
            let (actor, _) = self.actor(caller)?;
            if self.ty() != GroupType::Community || !matches!(actor, Actor::Owner | Actor::AppAdmin)
            {
                return Err(code(
                    codes::NO_PERMISSION,
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
            return Err(code(codes::INVALID_PARAMETER, "nothing to modify: give Name, Introduction, Notification, FaceUrl, ApplyJoinOption, MaxMemberNum or MuteAllMember"));
        }
        let mut p = self.profile.clone();
        if let Some(n) = name {
            if n.is_empty() {
                return Err(code(codes::INVALID_PARAMETER, "Name must not be empty"));
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
                    codes::INVALID_PARAMETER,
                    format!("a {} group's ApplyJoinOption cannot change", p.ty),
                ));
            }
            p.apply_join_option = a;
        }
        if let Some(m) = mute_all {
            p.mute_all = mute_all_flag(&m)?;
        }
        if let Some(m) = max {
            let count = self.store.member_count()?;
            if m == 0 || m > p.ty.max_members_ceiling() || m < count {
                return Err(code(
                    codes::INVALID_PARAMETER,
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
        for (k, v) in [
            ("Name", &fields.name),
            ("Introduction", &fields.introduction),
            ("Notification", &fields.notification),
            ("FaceUrl", &fields.face_url),
            ("MuteAllMember", &fields.mute_all_member),
            ("ShutUpAllMember", &fields.shut_up_all_member),
        ] {
            if let Some(v) = v {
                changed.insert(k.to_owned(), json!(v));
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
        fields: &MemberChanges,
        now: u64,
    ) -> Result<Effects, ImError> {
        let (actor, _) = self.actor(caller)?;
        let own = caller.user.as_ref() == Some(user);
        let mut m = self.member_of(user)?;
        let mut fx = Effects::default();
        if let Some(card) = &fields.name_card {
            check_len("NameCard", card, MAX_NAME_CARD_BYTES)?;
            if !own {
                check(Op::EditOtherMember, actor, self.ty())?;
                over(actor, m.role, Op::EditOtherMember)
                    .map_err(|c| code(c, "may not change this member's name card"))?;
            } else if actor == Actor::NonMember {
                return Err(code(codes::NO_PERMISSION, "not a member"));
            }
            m.name_card = card.clone();
        }
        if let Some(flag) = &fields.msg_flag {
            let flag = MsgFlag::parse(flag)?;
            if !own && actor != Actor::AppAdmin {
                return Err(code(
                    codes::NO_PERMISSION,
                    "only the member or an app admin sets the receive option",
                ));
            }
            m.msg_flag = flag;
            fx.flags.push((user.clone(), flag));
        }
        self.store.put_member(&m)?;
        if let Some(role) = &fields.role {
            let role = Role::parse(role)?;
            let flags = std::mem::take(&mut fx.flags);
            fx = self.set_role(caller, user, role, now)?;
            fx.flags = flags;
        }
        if let Some(secs) = fields.shut_up_time.or(fields.mute_time) {
            let more = self.mute(caller, std::slice::from_ref(user), secs, now)?;
            fx.messages.extend(more.messages);
        }
        Ok(fx)
    }
}
