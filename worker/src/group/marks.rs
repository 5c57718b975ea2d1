//! AVChatRoom member marks (`markGroupMemberList`, REST
//! `group_open_avchatroom_http_svc/modify_user_info` and `get_members` by `Mark`): the owner and
//! the app admin put marks (≥ 1000) on members to tell kinds of them apart. At most 10 marks per
//! room, 1,000 members per mark, 500 members per call. Kept as one record per room: marks of
//! users no longer in the room are dropped at the next change and never listed.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::GroupType;
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

/// Distinct marks per room.
pub const MAX_MARKS: usize = 10;
/// Members per mark.
pub const MAX_MARKED: usize = 1000;
/// Members per call.
pub const MAX_PER_CALL: usize = 500;
/// The smallest mark an app may define.
pub const MIN_MARK: u64 = 1000;
/// Members per page of `get_members`.
pub const PAGE: usize = 250;

/// The room's marks: each mark with its members.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkState {
    #[serde(default)]
    pub marks: BTreeMap<u64, BTreeSet<String>>,
}

/// One member of a mark call: who, and the marks to set or remove.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkRequest {
    pub user: String,
    pub marks: Vec<u64>,
}

impl<S: GroupStore> Group<'_, S> {
    /// `modify_user_info`: sets (`add`) or removes marks of members. Answers the members
    /// changed (`MemberList`); one who is not in the room is left out, not refused.
    pub fn mark_members(
        &mut self,
        caller: &Caller,
        add: bool,
        list: &[MarkRequest],
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MarkMembers)?;
        if list.is_empty() || list.len() > MAX_PER_CALL {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!(
                    "MemberList has {} members; give 1..={MAX_PER_CALL}",
                    list.len()
                ),
            ));
        }
        for r in list {
            if r.marks.is_empty()
                || r.marks
                    .iter()
                    .any(|m| *m < MIN_MARK || *m > u64::from(u32::MAX))
            {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!(
                        "Marks of {}: give marks of {MIN_MARK} or more (got {:?})",
                        r.user, r.marks
                    ),
                ));
            }
        }
        let mut st = self.store.member_marks()?;
        // Marks of users who left go first.
        for users in st.marks.values_mut() {
            let mut kept = BTreeSet::new();
            for u in users.iter() {
                if self.is_member_name(u)? {
                    kept.insert(u.clone());
                }
            }
            *users = kept;
        }
        let mut done = vec![];
        for r in list {
            if !self.is_member_name(&r.user)? {
                continue;
            }
            for m in &r.marks {
                let users = st.marks.entry(*m).or_default();
                if add {
                    users.insert(r.user.clone());
                } else {
                    users.remove(&r.user);
                }
            }
            done.push(json!({ "Member_Account": r.user, "Marks": r.marks }));
        }
        st.marks.retain(|_, users| !users.is_empty());
        if st.marks.len() > MAX_MARKS {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("a room has at most {MAX_MARKS} different marks"),
            ));
        }
        if let Some((m, _)) = st.marks.iter().find(|(_, u)| u.len() > MAX_MARKED) {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!("mark {m} would have more than {MAX_MARKED} members"),
            ));
        }
        self.store.put_member_marks(&st)?;
        Ok(reply(json!({ "MemberList": done })))
    }

    /// `get_members`: the room's members from position `from` (`Timestamp`), only those
    /// with `mark` when one is given, with their marks. `NextTimestamp` 0 ends the list.
    pub fn marked_members(
        &self,
        caller: &Caller,
        mark: Option<u64>,
        from: usize,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::ReadMembers)?;
        if self.ty() != GroupType::AvChatRoom {
            return Err(code(
                codes::NO_PERMISSION,
                "get_members lists the members of an AVChatRoom; use get_group_member_info",
            ));
        }
        let st = self.store.member_marks()?;
        let marks_of = |user: &str| -> Vec<u64> {
            (st.marks.iter())
                .filter(|(_, u)| u.contains(user))
                .map(|(m, _)| *m)
                .collect()
        };
        let mut list = vec![];
        let mut next = 0;
        match mark {
            Some(m) => {
                let users: Vec<&String> = st.marks.get(&m).into_iter().flatten().collect();
                for u in users.iter().skip(from).take(PAGE) {
                    if let Some(member) = self.member_named(u)? {
                        list.push(json!({ "Member_Account": u, "JoinTime": member.join_time, "Marks": marks_of(u) }));
                    }
                }
                if from + PAGE < users.len() {
                    next = from + PAGE;
                }
            }
            None => {
                let page = self.store.members(from, PAGE)?;
                if page.len() == PAGE {
                    next = from + PAGE;
                }
                for member in page {
                    let u = member.user.to_string();
                    list.push(json!({ "Member_Account": u, "JoinTime": member.join_time, "Marks": marks_of(&u) }));
                }
            }
        }
        Ok(reply(json!({ "MemberList": list, "NextTimestamp": next })))
    }

    fn member_named(&self, user: &str) -> Result<Option<super::model::Member>, ImError> {
        match UserId::parse(user) {
            Ok(u) => self.store.member(&u),
            Err(_) => Ok(None),
        }
    }

    fn is_member_name(&self, user: &str) -> Result<bool, ImError> {
        Ok(self.member_named(user)?.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::MarkRequest;
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::tests::{make, uid};
    use edgechat_proto::codes;
    use edgechat_proto::group::GroupType;

    fn code<T: std::fmt::Debug>(r: Result<T, edgechat_proto::ImError>) -> u32 {
        r.expect_err("refused").code()
    }

    fn req(user: &str, marks: &[u64]) -> MarkRequest {
        MarkRequest {
            user: user.into(),
            marks: marks.to_vec(),
        }
    }

    #[test]
    fn the_owner_marks_members_of_a_live_room() {
        let store = MemoryGroup::default();
        make(&store, GroupType::AvChatRoom, &[]);
        let mut g = Group::load(&store, "g1").expect("load");
        let owner = Caller::user(uid("owner"));
        let fx = g
            .mark_members(
                &owner,
                true,
                &[req("owner", &[1000]), req("stranger", &[1000])],
            )
            .expect("marked");
        assert_eq!(
            fx.reply["MemberList"].as_array().map(Vec::len),
            Some(1),
            "a non-member is left out"
        );
        let listed = g.marked_members(&owner, Some(1000), 0).expect("read").reply;
        assert_eq!(listed["MemberList"][0]["Member_Account"], "owner");
        assert_eq!(listed["MemberList"][0]["Marks"][0], 1000);
        let before = g.store.member_marks().expect("read");
        for bad in [vec![], vec![req("owner", &[999])], vec![req("owner", &[])]] {
            assert_eq!(
                code(g.mark_members(&owner, true, &bad)),
                codes::INVALID_PARAMETER
            );
        }
        let eleven: Vec<u64> = (1000..1011).collect();
        assert_eq!(
            code(g.mark_members(&owner, true, &[req("owner", &eleven)])),
            codes::INVALID_PARAMETER,
            "at most 10 marks"
        );
        assert_eq!(
            g.store.member_marks().expect("read"),
            before,
            "a refusal stores nothing"
        );
        g.mark_members(&owner, false, &[req("owner", &[1000])])
            .expect("removed");
        let none = g.marked_members(&owner, Some(1000), 0).expect("read").reply;
        assert_eq!(none["MemberList"].as_array().map(Vec::len), Some(0));
        let member = Caller::user(uid("a"));
        assert_eq!(
            code(g.mark_members(&member, true, &[req("owner", &[1000])])),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.marked_members(&member, None, 0)),
            codes::NO_PERMISSION,
            "not in the room"
        );
    }

    #[test]
    fn other_types_have_no_marks() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        let owner = Caller::user(uid("owner"));
        assert_eq!(
            code(g.mark_members(&owner, true, &[req("a", &[1000])])),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.marked_members(&owner, None, 0)),
            codes::NO_PERMISSION
        );
    }
}
