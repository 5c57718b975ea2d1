//! A user's row for one of their groups: the row a join creates (its updates on messages and
//! reads are `JoinedGroup`'s own methods, shared with the engine).

use edgechat_proto::group::{GroupType, JoinedGroup};

/// The row of a group `user` just joined.
pub fn joined(group_id: &str, ty: GroupType, name: &str, join_seq: u64, now: u64) -> JoinedGroup {
    JoinedGroup {
        group_id: group_id.to_owned(),
        ty,
        name: name.to_owned(),
        join_time: now,
        last_seq: join_seq,
        read_seq: join_seq,
        unread: 0,
        last_message: None,
        msg_flag: ty.default_msg_flag(),
        time: now,
        activated: true,
        cleared_seq: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgechat_proto::fixtures::group_msg;
    use edgechat_proto::group::{GroupMessage, MsgFlag};

    fn msg(seq: u64, from: &str) -> GroupMessage {
        group_msg("g", seq, from, 100 + seq, "x")
    }

    #[test]
    fn others_messages_count_mine_and_tips_do_not() {
        let mut row = joined("g", GroupType::Public, "n", 0, 1);
        row.on_message(&msg(1, "bob"), "me");
        row.on_message(&msg(2, "bob"), "me");
        row.on_message(&msg(2, "bob"), "me");
        assert_eq!(
            (row.last_seq, row.unread),
            (2, 2),
            "a repeat push counts once"
        );
        row.on_message(&msg(3, "@TIM#SYSTEM"), "me");
        assert_eq!(row.unread, 2);
        row.on_read(1);
        assert_eq!((row.read_seq, row.unread), (1, 1));
        row.on_message(&msg(4, "me"), "me");
        assert_eq!((row.read_seq, row.unread), (4, 0));
        assert_eq!(row.last_message.as_ref().map(|m| m.seq), Some(4));
    }

    #[test]
    fn meeting_groups_and_discarded_groups_count_nothing() {
        let mut row = joined("g", GroupType::Meeting, "n", 0, 1);
        row.on_message(&msg(1, "bob"), "me");
        assert_eq!((row.last_seq, row.unread), (1, 0));
        let mut row = joined("g", GroupType::Public, "n", 0, 1);
        row.msg_flag = MsgFlag::Discard;
        row.on_message(&msg(1, "bob"), "me");
        assert_eq!(row.unread, 0);
    }
}
