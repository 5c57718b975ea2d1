//! The inbox rules, run against the in-memory store (the SQLite store runs the same
//! behaviour end to end under `wrangler dev`).

use super::memory::MemoryInbox;
use super::*;
use edgechat_proto::message::MsgElem;

fn uid(s: &str) -> UserId {
    UserId::parse(s).expect("test id")
}

fn msg(from: &str, to: &str, random: u32, time: u64) -> StoredMessage {
    StoredMessage {
        seq: 0,
        from: uid(from),
        to: uid(to),
        random,
        time,
        msg_key: format!("{random}_0_{time}"),
        msg_body: vec![MsgElem::text("hi")],
        cloud_custom_data: String::new(),
    }
}

#[test]
fn seq_starts_at_one_and_rises_by_one() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    for i in 0..5 {
        let r = store_once(&s, &me, msg("alice", "bob", i, 10), 10).expect("store");
        assert_eq!((r.message.seq, r.fresh), (u64::from(i) + 1, true));
    }
    assert_eq!(s.max_seq().expect("max"), 5);
}

#[test]
fn a_retry_inside_the_window_returns_the_first_copy() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    let first = store_once(&s, &me, msg("alice", "bob", 7, 1_000), 1_000).expect("first");
    let mut retry = msg("alice", "bob", 7, 1_119);
    retry.msg_body = vec![MsgElem::text("changed")];
    let again = store_once(&s, &me, retry, 1_000 + DEDUPE_WINDOW_SECS).expect("retry");
    assert_eq!(
        again,
        Stored {
            message: first.message.clone(),
            fresh: false
        }
    );
    // The same random from another sender, or to another receiver, is a different message.
    assert!(
        store_once(&s, &me, msg("carol", "bob", 7, 1_001), 1_001)
            .expect("c")
            .fresh
    );
    assert!(
        store_once(&s, &me, msg("bob", "alice", 7, 1_001), 1_001)
            .expect("d")
            .fresh
    );
    // Past the window the same random is a new message.
    let late = store_once(&s, &me, msg("alice", "bob", 7, 1_121), 1_121).expect("late");
    assert!(late.fresh);
    assert_eq!(late.message.seq, 4);
}

#[test]
fn history_pages_by_peer_newest_page_first() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    for i in 0..7 {
        let from = if i % 2 == 0 { "alice" } else { "carol" };
        store_once(&s, &me, msg(from, "bob", i, 5), 5).expect("store");
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
fn sync_pages_are_bounded() {
    let s = MemoryInbox::default();
    let me = uid("bob");
    for i in 0..(SYNC_PAGE as u32 + 3) {
        store_once(&s, &me, msg("alice", "bob", i, 5), 5).expect("store");
    }
    let (page, complete, max) = sync_page(&s, 0).expect("sync");
    assert_eq!(
        (page.len(), complete, max),
        (SYNC_PAGE, false, SYNC_PAGE as u64 + 3)
    );
    let (page, complete, _) = sync_page(&s, page.last().expect("last").seq).expect("sync");
    assert_eq!((page.len(), complete), (3, true));
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
            let me = uid("bob");
            let senders = ["alice", "carol", "dave"];
            let mut distinct = std::collections::BTreeSet::new();
            for (who, random, t) in &sends {
                // All within one dedupe window: a repeated (sender, random) is a retry.
                store_once(&s, &me, msg(senders[*who], "bob", *random, *t), *t).expect("store");
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
