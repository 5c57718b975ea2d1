//! The inbox rules, run against the in-memory store (the SQLite store runs the same
//! behaviour end to end under `wrangler dev`).

use super::memory::MemoryInbox;
use super::*;
use edgechat_proto::codes;
use edgechat_proto::fixtures::stored;
use edgechat_proto::limits::SYNC_PAGE;
use edgechat_proto::message::MsgElem;

fn uid(s: &str) -> UserId {
    UserId::parse(s).expect("test id")
}

fn msg(from: &str, to: &str, random: u32, time: u64) -> StoredMessage {
    stored(0, from, to, random, time, "hi")
}

const L: InboxLimits = InboxLimits {
    recent_contacts: 100,
    recall_window_secs: 120,
};

fn put(s: &MemoryInbox, from: &str, to: &str, random: u32, time: u64) -> Stored {
    let owner = if to == "bob" { "bob" } else { from };
    store_once(
        s,
        &uid(owner),
        msg(from, to, random, time),
        time,
        L,
        Counting::LIVE,
    )
    .expect("store")
}

#[test]
fn seq_starts_at_one_and_rises_by_one() {
    let s = MemoryInbox::default();
    for i in 0..5 {
        let r = put(&s, "alice", "bob", i, 10);
        assert_eq!((r.message.seq, r.fresh), (u64::from(i) + 1, true));
    }
    assert_eq!(s.max_seq().expect("max"), 5);
}

#[test]
fn a_retry_inside_the_window_returns_the_first_copy() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    let first = put(&s, "alice", "bob", 7, 1_000);
    // A retry is the same send: same content (its clock may have moved).
    let retry = msg("alice", "bob", 7, 1_119);
    let again = store_once(
        &s,
        &me,
        retry,
        1_000 + DEDUPE_WINDOW_SECS,
        L,
        Counting::LIVE,
    )
    .expect("retry");
    assert_eq!(
        again,
        Stored {
            message: first.message.clone(),
            fresh: false
        }
    );
    // The same random with other content is another message, not the first one's ack.
    let other = stored(0, "alice", "bob", 7, 1_002, "something else");
    let other = store_once(&s, &uid("bob"), other, 1_002, L, Counting::LIVE).expect("store");
    assert!(other.fresh, "stored");
    assert_ne!(other.message.seq, first.message.seq);
    assert_eq!(
        other.message.msg_body[0].msg_content["Text"],
        "something else"
    );
    // The same random from another sender, or to another receiver, is a different message.
    assert!(put(&s, "carol", "bob", 7, 1_001).fresh);
    assert!(put(&s, "bob", "alice", 7, 1_001).fresh);
    // Past the window the same random is a new message.
    let late = put(&s, "alice", "bob", 7, 1_121);
    assert!(late.fresh);
    assert_eq!(late.message.seq, 5);
    assert_eq!(
        conversation_view(&s, &uid("alice"))
            .expect("view")
            .map(|c| c.unread_count),
        Some(3),
        "the first, the other one with the same random, the late one"
    );
}

#[test]
fn a_msg_key_names_one_message_of_a_conversation() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    // Imports carry their own MsgSeq: the same MsgSeq, random and time is the same key.
    let mut first = stored(0, "alice", "bob", 9, 50, "imported");
    first.msg_key = "3_9_50".into();
    let first = store_once(&s, &me, first, 10_000, L, Counting::LIVE).expect("first");
    assert!(first.fresh);
    // The same import again, long past the dedupe window: the same message.
    let mut again = stored(0, "alice", "bob", 9, 50, "imported");
    again.msg_key = "3_9_50".into();
    let again = store_once(&s, &me, again, 90_000, L, Counting::LIVE).expect("again");
    assert_eq!((again.fresh, again.message.seq), (false, first.message.seq));
    // Other content (or another sender) under the taken key is refused, and nothing changes.
    for (from, text) in [("alice", "changed"), ("bob", "imported")] {
        let (f, t) = if from == "alice" {
            ("alice", "bob")
        } else {
            ("bob", "alice")
        };
        let mut clash = stored(0, f, t, 9, 50, text);
        clash.msg_key = "3_9_50".into();
        let e = store_once(&s, &me, clash, 90_000, L, Counting::LIVE).expect_err("clash");
        assert_eq!(e.code(), codes::OPENIM_MSG_KEY);
        assert!(e.to_string().contains("3_9_50"), "{e}");
    }
    assert_eq!(s.max_seq().expect("max"), 1);
    let found = s
        .by_key(&uid("alice"), "3_9_50")
        .expect("by key")
        .expect("kept");
    assert_eq!(found.msg_body[0].msg_content["Text"], "imported");
}

#[test]
fn history_pages_by_peer_newest_page_first() {
    let s = MemoryInbox::default();
    for i in 0..7 {
        put(&s, if i % 2 == 0 { "alice" } else { "carol" }, "bob", i, 5);
    }
    // alice's messages have seq 1, 3, 5, 7.
    let (page, complete) = history_page(&s, &uid("alice"), None, 3).expect("page");
    assert_eq!(
        page.iter().map(|m| m.seq).collect::<Vec<_>>(),
        vec![3, 5, 7]
    );
    assert!(!complete);
    let (page, complete) = history_page(&s, &uid("alice"), Some(3), 3).expect("page");
    assert_eq!(page.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1]);
    assert!(complete);
    let (page, complete) = history_page(&s, &uid("dave"), None, 3).expect("none");
    assert!(page.is_empty() && complete);
}

#[test]
fn hopping_pages_go_either_way_from_a_time() {
    let s = MemoryInbox::default();
    for i in 0..6 {
        put(
            &s,
            if i % 2 == 0 { "alice" } else { "carol" },
            "bob",
            i,
            100 + u64::from(i) * 10,
        );
    }
    // alice's messages: seq 1, 3, 5 at times 100, 120, 140.
    let seqs = |p: &Vec<StoredMessage>| p.iter().map(|m| m.seq).collect::<Vec<_>>();
    let alice = uid("alice");
    let (page, complete) = hopping_page(&s, &alice, 125, false, 5).expect("older");
    assert_eq!((seqs(&page), complete), (vec![1, 3], true));
    let (page, complete) = hopping_page(&s, &alice, 120, true, 1).expect("newer");
    assert_eq!((seqs(&page), complete), (vec![3], false));
    let (page, complete) = hopping_page(&s, &alice, 120, true, 5).expect("newer, all");
    assert_eq!((seqs(&page), complete), (vec![3, 5], true));
    let (page, complete) = hopping_page(&s, &alice, 99, false, 5).expect("before the first");
    assert!(page.is_empty() && complete);
}

#[test]
fn sync_pages_are_bounded() {
    let s = MemoryInbox::default();
    for i in 0..(SYNC_PAGE as u32 + 3) {
        put(&s, "alice", "bob", i, 5);
    }
    let (page, complete, max) = sync_page(&s, 0).expect("sync");
    assert_eq!(
        (page.len(), complete, max),
        (SYNC_PAGE, false, SYNC_PAGE as u64 + 3)
    );
    let (page, complete, _) = sync_page(&s, page.last().expect("last").seq).expect("sync");
    assert_eq!((page.len(), complete), (3, true));
}

#[test]
fn conversations_are_newest_first_with_unread_capped_at_250() {
    let s = MemoryInbox::default();
    for i in 0..251 {
        put(&s, "alice", "bob", i, 10);
    }
    put(&s, "carol", "bob", 1, 20);
    put(&s, "bob", "dave", 1, 30);
    let list = conversation_list(&s, L).expect("list");
    let peers: Vec<&str> = list.iter().map(|c| c.peer.as_str()).collect();
    assert_eq!(peers, vec!["dave", "carol", "alice"]);
    assert_eq!(list[2].unread_count, MAX_UNREAD_PER_CONVERSATION);
    assert_eq!(list[0].unread_count, 0, "my own message is not unread");
    assert_eq!(list[1].last_message.as_ref().map(|m| m.seq), Some(252));
    assert_eq!(total_unread(&s, L).expect("total"), 251);
    // Imported history is not counted.
    let imported = msg("erin", "bob", 1, 40);
    store_once(&s, &uid("bob"), imported, 40, L, Counting::HISTORY).expect("import");
    assert_eq!(
        conversation_view(&s, &uid("erin"))
            .expect("v")
            .map(|c| c.unread_count),
        Some(0)
    );
}

#[test]
fn unread_counts_only_in_the_100_most_recent_conversations() {
    let s = MemoryInbox::default();
    let limits = InboxLimits {
        recent_contacts: 500,
        ..L
    };
    for i in 0..101u32 {
        let from = format!("u{i}");
        store_once(
            &s,
            &uid("bob"),
            msg(&from, "bob", i, u64::from(i)),
            u64::from(i),
            limits,
            Counting::LIVE,
        )
        .expect("store");
    }
    let list = conversation_list(&s, limits).expect("list");
    assert_eq!(list.len(), 101);
    assert_eq!(list[99].unread_count, 1);
    assert_eq!(
        list[100].unread_count, 0,
        "the 101st conversation's unread is not counted"
    );
    assert_eq!(total_unread(&s, limits).expect("total"), 100);
}

#[test]
fn the_recent_contact_list_keeps_the_configured_number() {
    let s = MemoryInbox::default();
    let limits = InboxLimits {
        recent_contacts: 3,
        ..L
    };
    for (i, from) in ["p1", "p2", "p3", "p4"].iter().enumerate() {
        store_once(
            &s,
            &uid("bob"),
            msg(from, "bob", 1, i as u64),
            i as u64,
            limits,
            Counting::LIVE,
        )
        .expect("store");
    }
    let peers: Vec<String> = conversation_list(&s, limits)
        .expect("list")
        .into_iter()
        .map(|c| c.peer)
        .collect();
    assert_eq!(peers, vec!["p4", "p3", "p2"]);
    assert_eq!(s.max_seq().expect("max"), 4, "the messages stay");
}

#[test]
fn reading_clears_unread_and_records_the_position() {
    let s = MemoryInbox::default();
    put(&s, "alice", "bob", 1, 10);
    put(&s, "alice", "bob", 2, 11);
    let c = mark_read(&s, &uid("alice")).expect("read").expect("conv");
    assert_eq!((c.unread_count, c.read_seq), (0, 2));
    peer_read(&s, &uid("alice"), 50).expect("receipt");
    peer_read(&s, &uid("alice"), 40).expect("older receipt");
    assert_eq!(
        conversation_view(&s, &uid("alice"))
            .expect("v")
            .map(|c| c.peer_read_time),
        Some(50)
    );
    assert_eq!(mark_read(&s, &uid("nobody")).expect("none"), None);
}

#[test]
fn only_the_sender_recalls_and_only_within_the_window() {
    let s = MemoryInbox::default();
    let sent = put(&s, "alice", "bob", 1, 1_000).message;
    let bob = uid("bob");
    let alice = uid("alice");
    let e = recall(&s, &alice, &sent.msg_key, Some(&bob), 1_001, L).expect_err("not the sender");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    let e = recall(&s, &alice, &sent.msg_key, Some(&alice), 1_121, L).expect_err("late");
    assert_eq!(e.code(), 20016);
    let e = recall(&s, &alice, "nope", Some(&alice), 1_001, L).expect_err("unknown");
    assert_eq!(e.code(), 20022);
    let r = recall(&s, &alice, &sent.msg_key, Some(&alice), 1_120, L).expect("in time");
    assert!(r.recalled);
    assert!(s.by_seq(1).expect("get").expect("msg").recalled);
    let e = recall(&s, &alice, &sent.msg_key, None, 9_999, L).expect_err("twice");
    assert_eq!(e.code(), 20023);
}

#[test]
fn a_peer_recalls_or_modifies_only_what_the_peer_sent() {
    // Bob's inbox: one message from alice, one of bob's own to alice.
    let s = MemoryInbox::default();
    let theirs = put(&s, "alice", "bob", 1, 1_000).message;
    let mine = put(&s, "bob", "alice", 2, 1_001).message;
    let alice = uid("alice");
    let e = recall_from_peer(&s, &alice, &mine.msg_key).expect_err("bob's own");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    let body = vec![MsgElem::text("edited")];
    let e =
        modify(&s, &alice, &mine.msg_key, Some(&alice), body.clone(), None).expect_err("bob's own");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    assert!(
        !s.by_seq(2).expect("get").expect("msg").recalled,
        "untouched"
    );
    recall_from_peer(&s, &alice, &theirs.msg_key).expect("alice's");
    assert_eq!(
        recall_from_peer(&s, &alice, &theirs.msg_key)
            .expect_err("twice")
            .code(),
        20023
    );
}

#[test]
fn delete_leaves_a_tombstone_and_history_skips_it() {
    let s = MemoryInbox::default();
    let a = put(&s, "alice", "bob", 1, 10).message;
    put(&s, "alice", "bob", 2, 11);
    let gone = delete(&s, &uid("alice"), std::slice::from_ref(&a.msg_key)).expect("delete");
    assert!(gone[0].deleted && gone[0].msg_body.is_empty());
    let (page, _, _) = sync_page(&s, 0).expect("sync");
    assert_eq!(
        page.iter().map(|m| (m.seq, m.deleted)).collect::<Vec<_>>(),
        vec![(1, true), (2, false)]
    );
    let (history, complete) = history_page(&s, &uid("alice"), None, 1).expect("history");
    assert_eq!((history.len(), history[0].seq, complete), (1, 2, true));
    assert_eq!(
        delete(&s, &uid("alice"), &[a.msg_key])
            .map_err(|e| e.code())
            .err(),
        Some(20022)
    );
}

#[test]
fn modify_changes_the_body_and_validates_it() {
    let s = MemoryInbox::default();
    let a = put(&s, "alice", "bob", 1, 10).message;
    let m = modify(
        &s,
        &uid("alice"),
        &a.msg_key,
        Some(&uid("alice")),
        vec![MsgElem::text("edited")],
        Some("c".into()),
    )
    .expect("modify");
    assert_eq!(
        (m.msg_body[0].as_text(), m.cloud_custom_data.as_str()),
        (Some("edited"), "c")
    );
    let e = modify(&s, &uid("alice"), &a.msg_key, None, vec![], None).expect_err("empty");
    assert_eq!(e.code(), codes::INVALID_PARAMETER);
    let e = modify(
        &s,
        &uid("alice"),
        &a.msg_key,
        Some(&uid("bob")),
        vec![MsgElem::text("mine now")],
        None,
    )
    .expect_err("not the sender");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    assert_eq!(
        s.by_seq(1).expect("get").expect("msg").msg_body[0].as_text(),
        Some("edited")
    );
}

#[test]
fn retention_deletes_old_messages_for_real_and_sync_skips_them() {
    let s = MemoryInbox::default();
    put(&s, "alice", "bob", 1, 10);
    put(&s, "alice", "bob", 2, 20);
    put(&s, "alice", "bob", 3, 30);
    s.purge_before(25).expect("purge");
    let (page, complete, max) = sync_page(&s, 0).expect("sync");
    assert_eq!(
        (
            page.iter().map(|m| m.seq).collect::<Vec<_>>(),
            complete,
            max
        ),
        (vec![3], true, 3)
    );
    assert_eq!(
        put(&s, "alice", "bob", 4, 40).message.seq,
        4,
        "seqs are never reused"
    );
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever mix of new sends and retries arrives, the inbox holds each distinct send once,
        /// seqs are exactly 1..=n, and syncing from any position returns each message once.
        #[test]
        fn no_loss_no_duplicate(
            sends in proptest::collection::vec((0usize..3, 0u32..20, 0u64..60), 1..80),
            cursor in 0u64..100,
        ) {
            let s = MemoryInbox::default();
            let senders = ["alice", "carol", "dave"];
            let mut distinct = std::collections::BTreeSet::new();
            for (who, random, t) in &sends {
                // All within one dedupe window: a repeated (sender, random) is a retry.
                put(&s, senders[*who], "bob", *random, *t);
                distinct.insert((*who, *random));
            }
            let max = s.max_seq().expect("max");
            prop_assert_eq!(max, distinct.len() as u64);
            let mut seen = Vec::new();
            let mut since = cursor.min(max);
            loop {
                let (page, complete, _) = sync_page(&s, since).expect("sync");
                if let Some(last) = page.last() { since = last.seq; }
                seen.extend(page.into_iter().map(|m| m.seq));
                if complete { break; }
            }
            let expected: Vec<u64> = (cursor.min(max) + 1..=max).collect();
            prop_assert_eq!(seen, expected);
        }
    }
}

#[test]
fn reading_up_to_a_time_leaves_later_messages_unread() {
    let s = MemoryInbox::default();
    put(&s, "alice", "bob", 1, 10);
    put(&s, "alice", "bob", 2, 20);
    put(&s, "bob", "alice", 3, 25);
    put(&s, "alice", "bob", 4, 30);
    let c = mark_read_until(&s, &uid("alice"), 20)
        .expect("read")
        .expect("conv");
    assert_eq!((c.unread_count, c.read_seq), (1, 2));
    let c = mark_read_until(&s, &uid("alice"), 5)
        .expect("read")
        .expect("conv");
    assert_eq!(c.unread_count, 3);
    let c = mark_read(&s, &uid("alice")).expect("read").expect("conv");
    assert_eq!((c.unread_count, c.read_seq), (0, 4));
}
