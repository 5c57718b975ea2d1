//! Server frames carrying numbers at the edges of their types (found by fuzzing, `fuzz/`):
//! the core takes them without overflowing.

use super::*;

#[test]
fn a_group_at_the_largest_seq_is_listed() {
    let mut c = ready_with(&[]);
    let a = join_g1(&mut c, u64::MAX, u64::MAX, json!({}));
    let lists = emitted(&a, event::GROUP_LIST_UPDATED);
    assert_eq!(lists[0][0]["nextMessageSeq"], json!(u64::MAX));
}

#[test]
fn unread_counts_from_the_server_add_up_without_overflow() {
    let mut c = ready_with(&[]);
    for peer in ["alice", "carol"] {
        c.on_frame(&text(&ServerFrame::Conversation {
            conversation: edgechat_proto::frame::Conversation {
                peer: peer.into(),
                last_message: None,
                unread_count: u32::MAX,
                read_seq: 0,
                peer_read_time: 0,
                time: 5,
                removed: false,
            },
        }));
    }
    join_g1(&mut c, 9, 0, json!({ "unread": u32::MAX }));
    assert_eq!(c.total_unread(), u32::MAX);
    let a = c.on_frame(&text(&ServerFrame::Msg {
        message: stored(1, "alice", "bob", 3),
    }));
    assert_eq!(
        emitted(&a, event::TOTAL_UNREAD_MESSAGE_COUNT_UPDATED),
        [&json!(u32::MAX)]
    );
}
