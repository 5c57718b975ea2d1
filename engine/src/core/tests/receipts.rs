//! Read receipts on the client: what a receipt call sends, and the events receipts make.

use super::*;
use edgechat_proto::fixtures::group_msg;
use serde_json::json;

fn asking(mut m: StoredMessage) -> StoredMessage {
    m.need_read_receipt = true;
    m
}

#[test]
fn receipts_go_for_messages_that_asked_and_come_back_as_events() {
    let theirs = asking(stored(1, "alice", "bob", 7));
    let plain = stored(2, "alice", "bob", 8);
    let mine = asking(stored(3, "bob", "alice", 9));
    let mut c = ready_with(&[theirs.clone(), plain.clone(), mine.clone()]);
    let id = |m: &StoredMessage| crate::view::message_id(m.from.as_str(), m.to.as_str(), m.random);

    let call = c
        .send_read_receipt(&[id(&theirs), id(&plain)])
        .expect("sent");
    let Some(ClientFrame::Receipt { peer, msg_keys, .. }) = frames(&call.actions).first().cloned()
    else {
        panic!("no receipt frame")
    };
    assert_eq!(
        (peer.as_str(), msg_keys),
        ("alice", vec![theirs.msg_key.clone()])
    );
    let none = c
        .send_read_receipt(&[id(&plain)])
        .expect_err("nothing asked");
    assert_eq!(none.code(), 2114);
    assert_eq!(c.send_read_receipt(&[]).expect_err("empty").code(), 10004);

    // Alice's receipt for my message: an event, and the held copy says so.
    let a = c.on_frame(&text(&ServerFrame::ReceiptRead {
        peer: "alice".into(),
        msg_keys: vec![mine.msg_key.clone()],
        time: 500,
    }));
    assert_eq!(
        emitted(&a, event::MESSAGE_READ_RECEIPT_RECEIVED),
        vec![
            &json!([{ "userID": "alice", "messageID": id(&mine), "isPeerRead": true, "timestamp": 500 }])
        ]
    );
    let held = c.find_view(&id(&mine)).expect("held");
    assert_eq!(held.read_receipt_info["isPeerRead"], true);
    assert!(held.need_read_receipt);
}

#[test]
fn a_groups_receipt_notice_names_the_held_message() {
    let mut c = ready_with(&[]);
    join_g1(&mut c, 0, 0, json!({}));
    let mut m = group_msg("g1", 1, "bob", 60, "hi");
    m.need_read_receipt = true;
    c.on_frame(&text(&ServerFrame::GroupMsg { message: m.clone() }));
    let notice = json!({ "OpType": 103, "GroupId": "g1",
        "Receipts": [{ "MsgSeq": 1, "ReadNum": 2, "UnreadNum": 3 }, { "MsgSeq": 9, "ReadNum": 1, "UnreadNum": 0 }] });
    let a = c.on_frame(&text(&ServerFrame::GroupNotice { notice }));
    assert_eq!(
        emitted(&a, event::MESSAGE_READ_RECEIPT_RECEIVED),
        vec![
            &json!([{ "groupID": "g1", "messageID": crate::view::group_message_id(&m), "readCount": 2, "unreadCount": 3 }])
        ],
        "a message not held here is left out"
    );
    assert!(
        emitted(&a, event::MESSAGE_RECEIVED).is_empty(),
        "not a message"
    );
}
