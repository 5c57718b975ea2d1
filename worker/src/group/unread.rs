//! `set_unread_msg_num` (for apps migrating to edgechat): the app admin sets a member's unread
//! count by moving the member's read position back; no notice, no callback (Tencent's rule).
//! Meeting and AVChatRoom keep no unread counts: the call changes nothing there and succeeds.

use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::MAX_GROUP_UNREAD;
use edgechat_proto::{ImError, UserId};
use serde_json::json;

/// Messages read per step while walking back.
const STEP: u64 = 200;

impl<S: GroupStore> Group<'_, S> {
    /// `user` gets `n` unread messages (others' stored messages, tips left out; at most what
    /// the group holds since they joined, and at most the count's cap).
    pub fn set_unread(
        &mut self,
        caller: &Caller,
        user: &UserId,
        n: u64,
    ) -> Result<Effects, ImError> {
        if !caller.app_admin {
            return Err(code(
                codes::NO_PERMISSION,
                "only the app admin sets unread counts",
            ));
        }
        let mut m = self.member_of(user)?;
        if !self.ty().counts_unread() {
            return Ok(reply(json!({})));
        }
        let want = n.min(u64::from(MAX_GROUP_UNREAD));
        let floor = m.join_seq;
        let (mut read, mut counted) = (self.store.max_seq()?, 0);
        while read > floor && counted < want {
            let from = read.saturating_sub(STEP - 1).max(floor + 1);
            for msg in self.store.range(from, read)?.iter().rev() {
                if counted == want {
                    break;
                }
                if !msg.is_tip() && msg.from != user.as_str() {
                    counted += 1;
                }
                read = msg.seq - 1;
            }
            if counted < want {
                read = from - 1; // this step is used up (its tips and own messages too)
            }
        }
        m.msg_seq = read;
        self.store.put_member(&m)?;
        Ok(reply(json!({})))
    }
}

#[cfg(test)]
mod tests {
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::summary::summarize;
    use crate::group::tests::{make, send, uid};
    use edgechat_proto::codes;
    use edgechat_proto::group::GroupType;

    fn unread(store: &MemoryGroup, who: &str) -> u32 {
        let g = Group::load(store, "g1").expect("load");
        let m = store.member(&uid(who)).expect("m").expect("member");
        summarize(store, &g.profile, &m).expect("summary").unread
    }

    #[test]
    fn the_count_is_set_by_moving_the_read_position() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a", "b"]);
        let mut g = Group::load(&store, "g1").expect("load");
        for r in 1..=5 {
            send(&mut g, "b", r, 100).expect("sent");
        }
        g.read(&uid("a"), u64::MAX).expect("read all");
        assert_eq!(unread(&store, "a"), 0);
        let admin = Caller {
            user: None,
            app_admin: true,
        };
        g.set_unread(&admin, &uid("a"), 3).expect("set");
        assert_eq!(unread(&store, "a"), 3);
        g.set_unread(&admin, &uid("a"), 50)
            .expect("more than there is");
        assert_eq!(unread(&store, "a"), 5, "capped at what the group holds");
        g.set_unread(&admin, &uid("a"), 0).expect("none");
        assert_eq!(unread(&store, "a"), 0);
        let code =
            |r: Result<_, edgechat_proto::ImError>| r.map(|_| ()).expect_err("refused").code();
        assert_eq!(
            code(g.set_unread(&Caller::user(uid("owner")), &uid("a"), 1)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.set_unread(&admin, &uid("stranger"), 1)),
            codes::NO_PERMISSION
        );

        let meeting = MemoryGroup::default();
        make(&meeting, GroupType::Meeting, &["a"]);
        let mut m = Group::load(&meeting, "g1").expect("load");
        m.set_unread(&admin, &uid("a"), 3)
            .expect("no effect, no error");
    }
}
