//! `getMessageListHopping`: the frames a hop sends and the pages it resolves with.

use super::*;
use edgechat_proto::fixtures::group_msg;
use serde_json::json;

fn resolved(a: &[Action], key: &str) -> Value {
    a.iter()
        .find_map(|x| match x {
            Action::Resolve { key: k, data } if k == key => Some(data.clone()),
            _ => None,
        })
        .expect("resolved")
}

#[test]
fn one_to_one_hops_by_time() {
    let mut c = ready_with(&[]);
    let call = c
        .message_list_hopping("C2Calice", None, Some(500), Some(40), 0)
        .expect("hop");
    let Some(ClientFrame::History {
        req_id,
        peer,
        time,
        newer,
        count,
        ..
    }) = frames(&call.actions).first().cloned()
    else {
        panic!("no history frame")
    };
    assert_eq!(
        (peer.as_str(), time, newer, count),
        ("alice", Some(500), false, Some(15)),
        "15 at most"
    );
    let page = vec![stored(3, "alice", "bob", 7), stored(4, "bob", "alice", 8)];
    let a = c.on_frame(&text(&ServerFrame::History {
        req_id,
        messages: page.clone(),
        complete: false,
    }));
    let data = resolved(&a, &call.key);
    assert_eq!(data["messageList"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        (data["isCompleted"].clone(), data["nextMessageTime"].clone()),
        (json!(false), json!(page[0].time - 1))
    );

    let newer = c
        .message_list_hopping("C2Calice", None, None, None, 1)
        .expect("from the start");
    let Some(ClientFrame::History { time, newer: n, .. }) = frames(&newer.actions).first().cloned()
    else {
        panic!("no history frame")
    };
    assert_eq!((time, n), (Some(0), true));
    assert_eq!(
        c.message_list_hopping("C2Calice", None, None, None, 2)
            .expect_err("direction")
            .code(),
        10004
    );
    assert_eq!(
        c.message_list_hopping("alice", None, None, None, 0)
            .expect_err("id")
            .code(),
        10004
    );
}

#[test]
fn group_hops_by_seq_either_way() {
    let mut c = ready_with(&[]);
    join_g1(&mut c, 12, 12, json!({}));

    let up = c
        .message_list_hopping("GROUPg1", Some(10), None, Some(3), 0)
        .expect("back");
    let Some(ClientFrame::Group {
        req_id, op, body, ..
    }) = frames(&up.actions).first().cloned()
    else {
        panic!("no group frame")
    };
    assert_eq!(
        (op.as_str(), body["before"].clone(), body["count"].clone()),
        ("history", json!(11), json!(3))
    );
    let page = json!([
        group_msg("g1", 8, "a", 1, "8"),
        group_msg("g1", 9, "a", 2, "9"),
        group_msg("g1", 10, "a", 3, "10")
    ]);
    let a = c.on_frame(&text(&ServerFrame::GroupResult {
        req_id,
        result: json!({ "messages": page, "complete": false }),
    }));
    let data = resolved(&a, &up.key);
    assert_eq!(data["messageList"].as_array().map(Vec::len), Some(3));
    assert_eq!(data["nextMessageSeq"], 7);

    let down = c
        .message_list_hopping("GROUPg1", Some(11), None, Some(5), 1)
        .expect("forward");
    let Some(ClientFrame::Group { req_id, body, .. }) = frames(&down.actions).first().cloned()
    else {
        panic!("no group frame")
    };
    assert_eq!(body["before"], 16);
    let page = json!([
        group_msg("g1", 11, "a", 4, "11"),
        group_msg("g1", 12, "a", 5, "12")
    ]);
    let a = c.on_frame(&text(&ServerFrame::GroupResult {
        req_id,
        result: json!({ "messages": page, "complete": true }),
    }));
    let data = resolved(&a, &down.key);
    assert_eq!(
        (data["isCompleted"].clone(), data["nextMessageSeq"].clone()),
        (json!(true), json!("")),
        "the newest reached"
    );

    let nothing = c
        .message_list_hopping("GROUPg1", None, None, None, 1)
        .expect("no point");
    assert!(frames(&nothing.actions).is_empty());
    assert_eq!(
        resolved(&nothing.actions, &nothing.key)["isCompleted"],
        true
    );
}

#[test]
fn a_hop_from_the_largest_seq_does_not_overflow() {
    // Found by fuzzing (fuzz/, engine_frames): `sequence + count` overflowed.
    let mut c = ready_with(&[]);
    join_g1(&mut c, 12, 12, json!({}));
    for direction in [0, 1] {
        let hop = c
            .message_list_hopping("GROUPg1", Some(u64::MAX), None, Some(5), direction)
            .expect("hop");
        let Some(ClientFrame::Group { body, .. }) = frames(&hop.actions).first().cloned() else {
            panic!("no group frame")
        };
        assert_eq!(body["before"], json!(u64::MAX));
    }
}
