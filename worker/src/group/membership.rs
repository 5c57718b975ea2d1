//! Joining and leaving: add (invite), apply / approve / refuse, kick, quit, dismiss, transfer.

use super::model::{check_len, Application};
use super::perm::{check, over, Op};
use super::rules::{code, Caller, Effects, Group, MAX_PENDING_APPLICATIONS};
use super::store::GroupStore;
use super::tips::{notice, NoticeKind, TipKind};
use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupType, Role};
use edgechat_proto::{ImError, UserId};
use serde_json::json;

impl<S: GroupStore> Group<'_, S> {
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
                codes::GROUP_FULL,
                format!(
                    "{} new members would overfill the group ({count} of {})",
                    new.len(),
                    self.profile.max_member_num
                ),
            ));
        }
        let bans = self.store.ban_state()?;
        for user in users {
            if !new.contains(&user) {
                results.push(json!({ "Member_Account": user, "Result": 2 }));
                continue;
            }
            if bans.banned_until(user, now).is_some() {
                results.push(json!({ "Member_Account": user, "Result": 0 }));
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
        self.check_not_banned(user, now)?;
        match self.profile.apply_join_option {
            ApplyJoinOption::DisableApply => Err(code(
                codes::NO_PERMISSION,
                format!("{} does not take join applications", self.id()),
            )),
            ApplyJoinOption::FreeAccess => {
                if self.store.member_count()? >= self.profile.max_member_num {
                    return Err(code(codes::GROUP_FULL, "the group is full"));
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
    pub(super) fn managers(&self) -> Result<Vec<UserId>, ImError> {
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
                codes::INVALID_PARAMETER,
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
                return Err(code(codes::GROUP_FULL, "the group is full"));
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
                codes::INVALID_PARAMETER,
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
                    codes::INVALID_PARAMETER,
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

    pub(super) fn store_dismissed(&self) -> Result<(), ImError> {
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
                codes::INVALID_PARAMETER,
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
}
