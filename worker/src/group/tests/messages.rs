//! Messages over the in-memory store: history visibility, live rooms, the rate, recall,
//! transfer, imports and read receipts.

use super::*;
use crate::group::requests::{typed, ImportMessages, ImportedMember, ImportedMessage};

#[test]
fn meeting_members_see_history_from_before_joining_public_members_do_not() {
    for (ty, before) in [(GroupType::Meeting, true), (GroupType::Public, false)] {
        let store = MemoryGroup::default();
        make(&store, ty, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        for r in 1..=3 {
            send(&mut g, "a", r, 100).expect("send");
        }
        g.add(&Caller::admin(), &[uid("late")], true, 101)
            .expect("add");
        let page = g.sync(&Caller::user(uid("late")), 0, 100).expect("sync");
        assert_eq!(page.messages.len() == 3, before, "{ty}");
        assert_eq!(page.min_seq, if before { 1 } else { 4 }, "{ty}");
        assert!(page.complete);
    }
}

#[test]
fn avchatroom_stores_nothing_and_takes_no_seq() {
    let store = MemoryGroup::default();
    make(&store, GroupType::AvChatRoom, &[]);
    let mut g = Group::load(&store, "g1").expect("load");
    let fx = g.apply(&uid("viewer"), "", 100).expect("free join");
    assert!(fx.messages.iter().all(|m| m.online_only && m.seq == 0));
    let sent = send(&mut g, "viewer", 1, 101).expect("send");
    assert_eq!(sent.message().seq, 0);
    assert!(sent.message().online_only);
    assert_eq!(store.max_seq().expect("max"), 0);
    assert_eq!(
        g.sync(&Caller::user(uid("viewer")), 0, 10)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION),
        "no history in a live room"
    );
}

#[test]
fn over_the_rate_messages_are_dropped_silently() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let mut rate = GroupRate::default();
    let me = Caller::user(uid("a"));
    let mut kinds = (0, 0);
    for r in 0..50 {
        match g.send(&me, text("a", r), &mut rate, 500).expect("send").0 {
            Sent::Delivered(_) => kinds.0 += 1,
            Sent::Dropped(m) => {
                assert_eq!(m.seq, 0);
                kinds.1 += 1
            }
            Sent::Duplicate(_) => unreachable!(),
        }
    }
    assert_eq!(kinds, (40, 10));
    assert_eq!(
        store.max_seq().expect("max"),
        40,
        "dropped messages are not stored"
    );
    let mut high = text("a", 999);
    high.priority = Priority::High;
    assert!(matches!(
        g.send(&me, high, &mut rate, 500).expect("high").0,
        Sent::Delivered(_)
    ));
}

#[test]
fn recall_own_within_the_window_managers_any() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a", "b"]);
    let mut g = Group::load(&store, "g1").expect("load");
    send(&mut g, "a", 1, 100).expect("send");
    send(&mut g, "b", 1, 100).expect("send");
    let a = Caller::user(uid("a"));
    let (r, _) = g.recall(&a, &[2], 120, 110).expect("recall");
    assert_eq!(r, vec![(2, codes::NO_PERMISSION)], "not a's message");
    let (r, _) = g.recall(&a, &[1], 120, 300).expect("recall");
    assert_eq!(r, vec![(1, codes::RECALL_TOO_OLD)], "too late");
    let (r, done) = g
        .recall(&Caller::user(uid("owner")), &[1, 2, 9], 120, 300)
        .expect("recall");
    assert_eq!(r, vec![(1, 0), (2, 0), (9, codes::RECALL_NOT_FOUND)]);
    assert_eq!(done.len(), 2);
    let (r, _) = g.recall(&Caller::admin(), &[1], 120, 300).expect("again");
    assert_eq!(r, vec![(1, codes::RECALL_NOT_ALLOWED)]);
}

#[test]
fn transfer_moves_the_owner_role() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let e = g
        .transfer(&Caller::user(uid("a")), &uid("a"), 100)
        .expect_err("member");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    g.transfer(&Caller::user(uid("owner")), &uid("a"), 100)
        .expect("transfer");
    assert_eq!(g.profile.owner, Some(uid("a")));
    assert_eq!(
        store.member(&uid("owner")).expect("m").map(|m| m.role),
        Some(Role::Member)
    );
    assert!(
        g.quit(&uid("owner"), 101).is_ok(),
        "the old owner may now quit"
    );
    assert_eq!(
        g.quit(&uid("a"), 102).map_err(|e| e.code()).err(),
        Some(codes::OWNER_CANNOT_QUIT)
    );
}

#[test]
fn imports_keep_order_and_refuse_live_rooms() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &[]);
    let mut g = Group::load(&store, "g1").expect("load");
    let admin = Caller::admin();
    let msg = |t: u64| -> ImportedMessage {
        serde_json::from_value(json!({ "From_Account": "a", "SendTime": t, "MsgBody": [{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "old" } }] }))
            .expect("message")
    };
    let e = g
        .import_messages(&Caller::user(uid("owner")), &[msg(150)], 150)
        .expect_err("users do not import");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    // A body that does not fit is refused before the rules, naming the field.
    let e = typed::<ImportMessages>(
        "import_group_msg",
        &json!({ "MsgList": [{ "From_Account": "a", "MsgBody": [] }] }),
    )
    .expect_err("no SendTime");
    assert_eq!(e.code(), codes::INVALID_PARAMETER);
    assert!(
        e.to_string().contains("MsgList[0]") && e.to_string().contains("SendTime"),
        "{e}"
    );
    for (bad, why) in [
        (vec![msg(120), msg(110)], "out of order"),
        (vec![msg(90)], "before the group"),
        (vec![msg(500)], "in the future"),
    ] {
        assert_eq!(
            g.import_messages(&admin, &bad, 200)
                .map_err(|e| e.code())
                .err(),
            Some(codes::INVALID_PARAMETER),
            "{why}"
        );
    }
    assert_eq!(
        store.max_seq().expect("max"),
        0,
        "a refused import stores nothing"
    );
    let too_many: Vec<_> = (0..21).map(|i| msg(100 + i)).collect();
    assert_eq!(
        g.import_messages(&admin, &too_many, 200)
            .map_err(|e| e.code())
            .err(),
        Some(codes::INVALID_PARAMETER)
    );
    let fx = g
        .import_messages(&admin, &[msg(110), msg(110), msg(120)], 200)
        .expect("import");
    assert_eq!(fx.reply["ImportMsgResult"][2]["MsgSeq"], 3);
    assert!(fx.messages.is_empty(), "imports are delivered to nobody");
    let fx = g
        .import_members(
            &admin,
            &serde_json::from_value::<Vec<ImportedMember>>(json!([
                { "Member_Account": "b", "Role": "Admin", "JoinTime": 150 },
                { "Member_Account": "owner" },
            ]))
            .expect("members"),
            200,
        )
        .expect("members");
    assert_eq!(fx.reply["MemberList"][0]["Result"], 1);
    assert_eq!(fx.reply["MemberList"][1]["Result"], 2);
    assert_eq!(
        store
            .member(&uid("b"))
            .expect("m")
            .map(|m| (m.role, m.join_time)),
        Some((Role::Admin, 150))
    );
    g.delete_by_sender(&admin, &uid("a")).expect("delete");
    assert_eq!(store.range(1, 3).expect("range").len(), 0);
    assert_eq!(store.max_seq().expect("max"), 3, "SEQs stay used");

    let live = MemoryGroup::default();
    make(&live, GroupType::AvChatRoom, &[]);
    let mut g = Group::load(&live, "g1").expect("load");
    assert_eq!(
        g.import_messages(&admin, &[msg(110)], 200)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
}

#[test]
fn read_receipts_follow_read_positions() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a", "b"]);
    let mut g = Group::load(&store, "g1").expect("load");
    send(&mut g, "owner", 1, 100).expect("send");
    send(&mut g, "owner", 2, 100).expect("send");
    g.read(&uid("a"), 2).expect("a reads both");
    g.read(&uid("b"), 1).expect("b reads the first");
    let owner = Caller::user(uid("owner"));
    let r = g.read_members(&owner, 2, true, 0, 10).expect("read").reply;
    assert_eq!(
        (r["ReadNum"].as_u64(), r["UnreadNum"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(r["MemberList"], json!(["a"]));
    let u = g
        .read_members(&owner, 2, false, 0, 10)
        .expect("unread")
        .reply;
    assert_eq!(u["MemberList"], json!(["b"]));
    let first = g.read_members(&owner, 1, true, 0, 1).expect("page").reply;
    assert_eq!(
        (first["ReadNum"].as_u64(), first["IsCompleted"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(
        g.read_members(&owner, 9, true, 0, 10)
            .map_err(|e| e.code())
            .err(),
        Some(codes::RECALL_NOT_FOUND)
    );
    assert_eq!(
        g.read_members(&Caller::user(uid("stranger")), 1, true, 0, 10)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
}

#[test]
fn a_read_tells_senders_who_asked_for_receipts() {
    let receipt_send = |g: &mut Group<MemoryGroup>, from: &str, random: u32, ask: bool| {
        let mut rate = GroupRate::default();
        let req = SendRequest {
            need_read_receipt: ask,
            ..text(from, random)
        };
        g.send(&Caller::user(uid(from)), req, &mut rate, 100)
            .map(|(s, _)| s.message().clone())
            .expect("sent")
    };
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a", "b"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let asked = receipt_send(&mut g, "owner", 1, true);
    assert!(asked.need_read_receipt);
    receipt_send(&mut g, "owner", 2, false);
    let mine = receipt_send(&mut g, "a", 3, true);

    let notices = g.receipts_for_read(&uid("a"), 0, 3).expect("receipts");
    assert_eq!(
        notices.len(),
        1,
        "only the owner's asking message; a's own is not told"
    );
    assert_eq!(notices[0].to, vec![uid("owner")]);
    assert_eq!(notices[0].body["OpType"], 103);
    g.read(&uid("a"), 3).expect("a reads");
    let n = g.receipts_for_read(&uid("a"), 0, 3).expect("again");
    assert_eq!(
        n[0].body["Receipts"],
        json!([{ "MsgSeq": asked.seq, "ReadNum": 1, "UnreadNum": 1 }])
    );
    g.read(&uid("b"), 3).expect("b reads");
    let n = g.receipts_for_read(&uid("b"), 0, 3).expect("b's");
    let to_a = n
        .iter()
        .find(|x| x.to == vec![uid("a")])
        .expect("a asked too");
    assert_eq!(
        to_a.body["Receipts"],
        json!([{ "MsgSeq": mine.seq, "ReadNum": 1, "UnreadNum": 1 }]),
        "b read it; the owner has not"
    );
    assert!(g
        .receipts_for_read(&uid("b"), 3, 3)
        .expect("none")
        .is_empty());

    // Communities keep no receipts: the flag is dropped, nobody is told.
    let other = MemoryGroup::default();
    make(&other, GroupType::Community, &["a"]);
    let mut c = Group::load(&other, "g1").expect("load");
    assert!(!receipt_send(&mut c, "owner", 1, true).need_read_receipt);
    assert!(c
        .receipts_for_read(&uid("a"), 0, 1)
        .expect("none")
        .is_empty());
}
