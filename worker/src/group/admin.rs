//! Running a group: roles, mutes, profile and member edits.

use super::model::*;
use super::perm::{check, over, Actor, Op};
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
        fields: &Value,
        now: u64,
    ) -> Result<Effects, ImError> {
        let text = |k: &str| -> Result<Option<String>, ImError> {
            match fields.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(code(
                    codes::INVALID_PARAMETER,
                    format!("{k} must be a string"),
                )),
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
        let max =
            match fields.get("MaxMemberNum") {
                None => None,
                Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                    || {
                        code(
                            codes::INVALID_PARAMETER,
                            "MaxMemberNum must be a positive integer",
                        )
                    },
                )?),
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
                    codes::INVALID_PARAMETER,
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
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "NameCard must be a string"))?;
            check_len("NameCard", card, MAX_NAME_CARD_BYTES)?;
            if !own {
                check(Op::EditOtherMember, actor, self.ty())?;
                over(actor, m.role, Op::EditOtherMember)
                    .map_err(|c| code(c, "may not change this member's name card"))?;
            } else if actor == Actor::NonMember {
                return Err(code(codes::NO_PERMISSION, "not a member"));
            }
            m.name_card = card.to_owned();
        }
        if let Some(flag) = fields.get("MsgFlag") {
            let flag = MsgFlag::parse(flag.as_str().unwrap_or_default())?;
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
        if let Some(role) = fields.get("Role") {
            let role = Role::parse(role.as_str().unwrap_or_default())?;
            let flags = std::mem::take(&mut fx.flags);
            fx = self.set_role(caller, user, role, now)?;
            fx.flags = flags;
        }
        if let Some(secs) = fields.get("ShutUpTime").or_else(|| fields.get("MuteTime")) {
            let secs = secs
                .as_u64()
                .ok_or_else(|| code(codes::INVALID_PARAMETER, "ShutUpTime must be seconds"))?;
            let more = self.mute(caller, std::slice::from_ref(user), secs, now)?;
            fx.messages.extend(more.messages);
        }
        Ok(fx)
    }
}
