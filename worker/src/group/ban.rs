//! Banned members (`ban_group_member`, `unban_group_member`, `get_group_ban_member`): the app
//! admin bans users for a while; a banned member is removed (told as a kick, with the ban's
//! end), and a banned user cannot join, apply or be added until the ban ends. Every type.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use super::tips::{notice, NoticeKind, TipKind};
use edgechat_proto::codes;
use edgechat_proto::group::Role;
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// Users per ban or unban call.
pub const MAX_PER_CALL: usize = 20;
/// A ban's description is at most 1,000 bytes.
pub const MAX_DESCRIPTION: usize = 1000;
/// Users per page of `get_group_ban_member`.
pub const MAX_PAGE: usize = 100;

/// The group's bans: user → the unix time the ban ends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BanState {
    #[serde(default)]
    pub until: BTreeMap<String, u64>,
}

impl BanState {
    /// When `user`'s ban ends, while it lasts.
    pub fn banned_until(&self, user: &UserId, now: u64) -> Option<u64> {
        self.until
            .get(user.as_str())
            .copied()
            .filter(|end| *end > now)
    }
}

fn checked_users(users: &[UserId]) -> Result<(), ImError> {
    if users.is_empty() || users.len() > MAX_PER_CALL {
        return Err(code(
            codes::INVALID_PARAMETER,
            format!(
                "Members_Account has {} users; give 1..={MAX_PER_CALL}",
                users.len()
            ),
        ));
    }
    Ok(())
}

impl<S: GroupStore> Group<'_, S> {
    /// Refuses `user` while a ban on them lasts.
    pub(super) fn check_not_banned(&self, user: &UserId, now: u64) -> Result<(), ImError> {
        match self.store.ban_state()?.banned_until(user, now) {
            Some(until) => Err(code(
                codes::NO_PERMISSION,
                format!("{user} is banned from {} until {until}", self.id()),
            )),
            None => Ok(()),
        }
    }

    /// `ban_group_member`: bans `users` for `duration` seconds; members among them leave.
    pub fn ban(
        &mut self,
        caller: &Caller,
        users: &[UserId],
        duration: u64,
        description: &str,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Ban)?;
        checked_users(users)?;
        if duration == 0 || duration > u64::from(u32::MAX) {
            return Err(code(
                codes::INVALID_PARAMETER,
                "Duration must be 1..=4294967295 seconds",
            ));
        }
        if description.len() > MAX_DESCRIPTION {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!(
                    "Description is {} bytes; at most {MAX_DESCRIPTION}",
                    description.len()
                ),
            ));
        }
        let mut members = vec![];
        for user in users {
            if let Some(m) = self.store.member(user)? {
                if m.role == Role::Owner {
                    return Err(code(
                        codes::NO_PERMISSION,
                        format!("{user} owns {} and cannot be banned", self.id()),
                    ));
                }
                members.push(m.user);
            }
        }
        let until = now.saturating_add(duration);
        let mut st = self.store.ban_state()?;
        st.until.retain(|_, end| *end > now);
        for user in users {
            st.until.insert(user.to_string(), until);
        }
        self.store.put_ban_state(&st)?;
        for user in &members {
            self.store.remove_member(user)?;
        }
        let mut fx = Effects {
            left: members.clone(),
            ..Effects::default()
        };
        if !members.is_empty() {
            let extra = json!({ "BannedUntil": until });
            self.emit_tip(&mut fx, TipKind::Banned, caller, &members, extra, now)?;
            fx.notices.push(notice(
                self.id(),
                self.ty(),
                NoticeKind::KickedOut,
                &caller.name(),
                members,
                json!({ "Reason": description, "BannedUntil": until }),
            ));
        }
        Ok(fx)
    }

    /// `unban_group_member`: lifts the bans on `users` (who may then join again).
    pub fn unban(
        &mut self,
        caller: &Caller,
        users: &[UserId],
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Ban)?;
        checked_users(users)?;
        let mut st = self.store.ban_state()?;
        st.until.retain(|_, end| *end > now);
        let lifted: Vec<UserId> = users
            .iter()
            .filter(|u| st.until.remove(u.as_str()).is_some())
            .cloned()
            .collect();
        self.store.put_ban_state(&st)?;
        let mut fx = Effects::default();
        if !lifted.is_empty() {
            self.emit_tip(&mut fx, TipKind::Unbanned, caller, &lifted, json!({}), now)?;
        }
        Ok(fx)
    }

    /// `get_group_ban_member`: the bans in force, soonest end first, `limit` (≤ 100) from
    /// `offset`; `NextOffset` 0 ends the list.
    pub fn bans(
        &self,
        caller: &Caller,
        offset: usize,
        limit: usize,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::Ban)?;
        if limit == 0 || limit > MAX_PAGE {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("Limit {limit}: give 1..={MAX_PAGE}"),
            ));
        }
        let st = self.store.ban_state()?;
        let mut sorted: Vec<(u64, &String)> = st
            .until
            .iter()
            .filter(|(_, end)| **end > now)
            .map(|(u, end)| (*end, u))
            .collect();
        sorted.sort();
        let page: Vec<serde_json::Value> = (sorted.iter().skip(offset).take(limit))
            .map(|(end, u)| json!({ "Member_Account": u, "BannedUntil": end }))
            .collect();
        // `Offset` comes from the body: any number, so the end of the page saturates.
        let end = offset.saturating_add(limit);
        let next = if end < sorted.len() { end } else { 0 };
        Ok(reply(
            json!({ "BannedAccountList": page, "NextOffset": next }),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::tests::{make, uid};
    use edgechat_proto::codes;
    use edgechat_proto::group::GroupType;

    fn code<T: std::fmt::Debug>(r: Result<T, edgechat_proto::ImError>) -> u32 {
        r.expect_err("refused").code()
    }

    fn admin() -> Caller {
        Caller {
            user: None,
            app_admin: true,
        }
    }

    #[test]
    fn a_banned_member_leaves_and_cannot_come_back_until_the_ban_ends() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a", "b"]);
        let mut g = Group::load(&store, "g1").expect("load");
        let fx = g
            .ban(&admin(), &[uid("a"), uid("x")], 60, "spam", 100)
            .expect("banned");
        assert_eq!(fx.left, vec![uid("a")]);
        assert_eq!(fx.notices[0].body["BannedUntil"], 160);
        assert!(g.store.member(&uid("a")).expect("read").is_none());
        assert_eq!(
            code(g.apply(&uid("a"), "let me in", 120)),
            codes::NO_PERMISSION
        );
        let added = g.add(&admin(), &[uid("x")], false, 120).expect("answered");
        assert_eq!(
            added.reply["MemberList"][0]["Result"], 0,
            "a banned user is not added"
        );
        let list = g.bans(&admin(), 0, 100, 120).expect("read").reply;
        assert_eq!(list["BannedAccountList"].as_array().map(Vec::len), Some(2));
        assert_eq!(list["NextOffset"], 0);
        // After the ban, or once lifted, they may come back.
        assert!(
            g.add(&admin(), &[uid("x")], false, 161)
                .expect("added")
                .reply["MemberList"][0]["Result"]
                == 1
        );
        g.unban(&admin(), &[uid("a")], 130).expect("lifted");
        g.add(&admin(), &[uid("a")], false, 131).expect("added");
        assert!(g.store.member(&uid("a")).expect("read").is_some());
    }

    #[test]
    fn a_page_past_the_end_is_empty_at_any_offset() {
        // Found by fuzzing (fuzz/, group_commands): `Offset` u64::MAX overflowed `offset + limit`.
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        g.ban(&admin(), &[uid("a")], 60, "spam", 100)
            .expect("banned");
        let list = g.bans(&admin(), usize::MAX, 10, 120).expect("read").reply;
        assert_eq!(list["BannedAccountList"].as_array().map(Vec::len), Some(0));
        assert_eq!(list["NextOffset"], 0);
    }

    #[test]
    fn bans_are_the_app_admins_and_checked() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Work, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        let owner = Caller::user(uid("owner"));
        assert_eq!(
            code(g.ban(&owner, &[uid("a")], 60, "", 1)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.ban(&admin(), &[uid("owner")], 60, "", 1)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.ban(&admin(), &[], 60, "", 1)),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(g.ban(&admin(), &[uid("a")], 0, "", 1)),
            codes::INVALID_PARAMETER
        );
        let long = "d".repeat(1001);
        assert_eq!(
            code(g.ban(&admin(), &[uid("a")], 60, &long, 1)),
            codes::INVALID_PARAMETER
        );
        assert!(
            g.store.member(&uid("a")).expect("read").is_some(),
            "a refusal changes nothing"
        );
        assert_eq!(code(g.bans(&admin(), 0, 101, 1)), codes::INVALID_PARAMETER);
    }
}
