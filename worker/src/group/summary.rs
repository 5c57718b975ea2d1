//! A member's row for a group (newest SEQ, read position, unread, last message), computed
//! from the group's own log when asked, so a group message writes nothing per member.

use super::model::{GroupProfile, Member};
use super::store::GroupStore;
use edgechat_proto::group::{GroupMessage, JoinedGroup, MsgFlag, MAX_GROUP_UNREAD};
use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};

/// What the group's log says of one member's conversation with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub last_seq: u64,
    pub read_seq: u64,
    pub unread: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<GroupMessage>,
    pub name: String,
    pub activated: bool,
    pub msg_flag: MsgFlag,
}

/// The summary of the group's own log (not its topics) for `member`.
///
/// Read position: the member's recorded read SEQ, their join SEQ, and their own newest
/// message (what I sent, I have read). Unread: stored messages after it from others, tips
/// excluded, up to [`MAX_GROUP_UNREAD`]; none for types that keep no unread count or when
/// the member discards the group's messages.
pub fn summarize(
    store: &impl GroupStore,
    profile: &GroupProfile,
    member: &Member,
) -> Result<Summary, ImError> {
    let me = member.user.as_str();
    let last_seq = store.max_seq()?;
    let read_seq = member
        .msg_seq
        .max(member.join_seq)
        .max(store.log_last_from("", me)?)
        .min(last_seq);
    let counts = profile.ty.counts_unread() && member.msg_flag != MsgFlag::Discard;
    let unread = if counts && read_seq < last_seq {
        store.log_count_others("", read_seq, me, MAX_GROUP_UNREAD)?
    } else {
        0
    };
    Ok(Summary {
        last_seq,
        read_seq,
        unread,
        last_message: store.log_last("")?,
        name: profile.name.clone(),
        activated: profile.activated || profile.owner.as_ref() == Some(&member.user),
        msg_flag: member.msg_flag,
    })
}

impl Summary {
    /// Brings a user's stored row (type, join time, receive option) up to date.
    pub fn apply_to(self, row: &mut JoinedGroup) {
        row.last_seq = row.last_seq.max(self.last_seq);
        row.read_seq = self.read_seq;
        row.unread = self.unread;
        if let Some(m) = &self.last_message {
            row.time = row.time.max(m.time);
        }
        row.last_message = self.last_message;
        row.name = self.name;
        row.activated = row.activated || self.activated;
        row.msg_flag = self.msg_flag;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::Group;
    use crate::group::tests::{make, send, uid};
    use edgechat_proto::group::{GroupType, SYSTEM_SENDER};
    use edgechat_proto::message::MsgElem;

    fn tip(store: &MemoryGroup, now: u64) {
        let msg: GroupMessage = serde_json::from_value(serde_json::json!({
            "groupId": "g1", "seq": 0, "random": now, "time": now, "from": SYSTEM_SENDER,
            "msgBody": [MsgElem::text("tip")]
        }))
        .expect("a tip");
        store.append(msg).expect("append");
    }

    fn summary_of(store: &MemoryGroup, user: &str) -> Summary {
        let g = Group::load(store, "g1").expect("load");
        let m = store.member(&uid(user)).expect("m").expect("member");
        summarize(store, &g.profile, &m).expect("summary")
    }

    #[test]
    fn a_partial_read_counts_exactly_what_is_left() {
        // The per-member row subtracted SEQs on a read (tips and my own messages too); the
        // log counts what is really left.
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["me", "b"]);
        let base = store.max_seq().expect("max");
        tip(&store, 1_000);
        send(&mut Group::load(&store, "g1").expect("g"), "b", 1, 1_001).expect("sent");
        send(&mut Group::load(&store, "g1").expect("g"), "b", 2, 1_002).expect("sent");
        Group::load(&store, "g1")
            .expect("g")
            .read(&uid("me"), base + 2)
            .expect("read");
        let s = summary_of(&store, "me");
        assert_eq!((s.read_seq, s.unread), (base + 2, 1));
        assert_eq!(s.last_seq, base + 3);
    }

    #[test]
    fn unread_stops_at_the_cap_and_discard_counts_nothing() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["me", "b"]);
        for i in 0..(MAX_GROUP_UNREAD + 5) {
            let msg: GroupMessage = serde_json::from_value(serde_json::json!({
                "groupId": "g1", "seq": 0, "random": i, "time": 5, "from": "b",
                "msgBody": [MsgElem::text("x")]
            }))
            .expect("msg");
            store.append(msg).expect("append");
        }
        assert_eq!(summary_of(&store, "me").unread, MAX_GROUP_UNREAD);
        let mut m = store.member(&uid("me")).expect("m").expect("member");
        m.msg_flag = MsgFlag::Discard;
        store.put_member(&m).expect("put");
        assert_eq!(summary_of(&store, "me").unread, 0);
    }

    #[test]
    fn apply_keeps_the_users_own_fields() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["me", "b"]);
        send(&mut Group::load(&store, "g1").expect("g"), "b", 1, 2_000).expect("sent");
        let mut row = crate::joined::joined("g1", GroupType::Public, "old", 0, 100);
        summary_of(&store, "me").apply_to(&mut row);
        assert_eq!(row.name, "team");
        assert_eq!(row.unread, 1);
        assert_eq!(row.time, 2_000);
        assert_eq!(row.join_time, 100);
    }

    /// The log against the old per-member writes, over random histories.
    #[cfg(not(target_arch = "wasm32"))]
    mod oracle {
        use super::*;
        use proptest::prelude::*;

        /// The row `me` would hold had every message been applied to it as it arrived (the
        /// old per-member write, `JoinedGroup::on_message`, kept as the oracle).
        fn oracle(store: &MemoryGroup, me: &str, ty: GroupType) -> JoinedGroup {
            let mut row = fresh_row(store, me, ty);
            for m in store.range(1, u64::MAX).expect("range") {
                row.on_message(&m, me);
            }
            row
        }

        /// The row a join wrote: read up to the join SEQ.
        fn fresh_row(store: &MemoryGroup, me: &str, ty: GroupType) -> JoinedGroup {
            let m = store.member(&uid(me)).expect("m").expect("member");
            let mut row = crate::joined::joined("g1", ty, "team", 0, 100);
            row.read_seq = m.join_seq;
            row
        }

        #[derive(Debug, Clone)]
        enum Step {
            /// A member sends (0 = me).
            Send(u8),
            Tip,
            /// I read everything there is.
            ReadAll,
        }

        fn step() -> impl Strategy<Value = Step> {
            prop_oneof![
                4 => (0u8..3).prop_map(Step::Send),
                1 => Just(Step::Tip),
                1 => Just(Step::ReadAll),
            ]
        }

        proptest! {
            #[test]
            fn the_log_gives_the_row_the_per_member_writes_gave(
                steps in proptest::collection::vec(step(), 0..60),
                public in any::<bool>(),
            ) {
                let ty = if public { GroupType::Public } else { GroupType::Meeting };
                let store = MemoryGroup::default();
                make(&store, ty, &["me", "b", "c"]);
                let mut oracle_read = 0u64;
                let mut row_at_read = None;
                for (i, s) in steps.iter().enumerate() {
                    let now = 1_000 + i as u64;
                    match s {
                        Step::Send(who) => {
                            let from = ["me", "b", "c"][*who as usize];
                            send(&mut Group::load(&store, "g1").expect("g"), from, i as u32 + 1, now)
                                .expect("sent");
                        }
                        Step::Tip => tip(&store, now),
                        Step::ReadAll => {
                            Group::load(&store, "g1").expect("g").read(&uid("me"), u64::MAX).expect("read");
                            oracle_read = store.max_seq().expect("max");
                            row_at_read = Some(oracle_read);
                        }
                    }
                }
                let mut want = oracle(&store, "me", ty);
                if let Some(seq) = row_at_read {
                    // Reads in the oracle: replay up to the read, read, then the rest.
                    let mut row = fresh_row(&store, "me", ty);
                    for m in store.range(1, seq).expect("range") { row.on_message(&m, "me"); }
                    row.on_read(oracle_read);
                    for m in store.range(seq + 1, u64::MAX).expect("range") { row.on_message(&m, "me"); }
                    want = row;
                }
                let got = summary_of(&store, "me");
                prop_assert_eq!(got.last_seq, want.last_seq);
                prop_assert_eq!(got.unread, want.unread);
                prop_assert_eq!(got.read_seq, want.read_seq);
                prop_assert_eq!(got.last_message.map(|m| m.seq), want.last_message.map(|m| m.seq));
            }
        }
    }
}
