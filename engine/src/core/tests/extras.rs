//! Extensions and reactions on the client: each write names the version last seen (from
//! answers, conflicts and notices; a clear forgets them), reads page on, and the notices become
//! their events with `reactedByMyself` as this device knows it.

use super::*;
use crate::core::extras::{KeyValue, MessageRef};
use serde_json::json;

fn msg(seq: u64) -> MessageRef {
    MessageRef {
        id: format!("bob-g1-{seq}"),
        conversation_type: "GROUP".into(),
        to: "g1".into(),
        sequence: seq,
    }
}

fn kv(key: &str, value: &str) -> KeyValue {
    KeyValue {
        key: key.into(),
        value: value.into(),
    }
}

/// The request id, op and body of the call's one group frame.
fn sent(call: &Call) -> (u64, String, Value) {
    match frames(&call.actions).first() {
        Some(ClientFrame::Group {
            req_id, op, body, ..
        }) => (*req_id, op.clone(), body.clone()),
        other => panic!("no group frame: {other:?}"),
    }
}

fn answer(c: &mut ChatCore, req_id: u64, result: Value) -> Vec<Action> {
    c.on_frame(&text(&ServerFrame::GroupResult { req_id, result }))
}

fn resolved(a: &[Action]) -> Value {
    a.iter()
        .find_map(|x| match x {
            Action::Resolve { data, .. } => Some(data.clone()),
            _ => None,
        })
        .expect("resolved")
}

#[test]
fn writes_name_the_version_last_seen() {
    let mut c = ready_with(&[]);
    let call = c
        .set_message_extensions(msg(4), vec![kv("a", "1")])
        .expect("sent");
    let (req, op, body) = sent(&call);
    assert_eq!(op, "group_set_key_values");
    assert_eq!(body["MsgSeq"], 4);
    assert_eq!(
        body["ExtensionList"],
        json!([{ "Key": "a", "Value": "1", "Seq": 0 }])
    );
    let a = answer(
        &mut c,
        req,
        json!({ "ResultList": [{ "ErrorCode": 23001, "Extension": { "Key": "a", "Value": "x", "Seq": 7 } }] }),
    );
    assert_eq!(
        resolved(&a),
        json!({ "extensions": [{ "code": 23001, "key": "a", "value": "x" }] })
    );
    let (_, _, body) = sent(
        &c.set_message_extensions(msg(4), vec![kv("a", "1")])
            .expect("sent"),
    );
    assert_eq!(
        body["ExtensionList"][0]["Seq"], 7,
        "the conflict taught the version"
    );

    // A notice moves it on; a clear forgets it.
    let notice = |op: u64, seq: u64| {
        json!({ "OpType": 108, "GroupId": "g1", "MsgSeq": 4, "MsgFrom": "bob", "MsgRandom": 4,
                "OperateType": op, "ExtensionList": [{ "Key": "a", "Value": "", "Seq": seq }] })
    };
    let a = c.on_frame(&text(&ServerFrame::GroupNotice {
        notice: notice(2, 9),
    }));
    assert_eq!(
        emitted(&a, event::MESSAGE_EXTENSIONS_DELETED),
        vec![&json!({ "messageID": "bob-g1-4", "keyList": ["a"] })]
    );
    let (_, _, body) = sent(
        &c.delete_message_extensions(msg(4), Some(vec!["a".into()]))
            .expect("sent"),
    );
    assert_eq!(
        (
            body["OperateType"].as_u64(),
            body["ExtensionList"][0]["Seq"].as_u64()
        ),
        (Some(2), Some(9))
    );
    c.on_frame(&text(&ServerFrame::GroupNotice {
        notice: notice(3, 9),
    }));
    let (_, _, body) = sent(
        &c.set_message_extensions(msg(4), vec![kv("a", "1")])
            .expect("sent"),
    );
    assert_eq!(body["ExtensionList"][0]["Seq"], 0, "cleared");
    let (_, _, body) = sent(&c.delete_message_extensions(msg(4), None).expect("sent"));
    assert_eq!(body["OperateType"], 3);
}

#[test]
fn a_read_pages_on_and_leaves_deleted_keys_out() {
    let mut c = ready_with(&[]);
    let (req, op, _) = sent(&c.get_message_extensions(msg(2)).expect("sent"));
    assert_eq!(op, "group_get_key_values");
    let a = answer(
        &mut c,
        req,
        json!({ "CompleteFlag": 0, "ExtensionList": [{ "Key": "a", "Value": "1", "Seq": 1 }, { "Key": "b", "Value": "", "Seq": 2 }] }),
    );
    let Some(ClientFrame::Group { req_id, body, .. }) = frames(&a).first().cloned() else {
        panic!("no next page asked")
    };
    assert_eq!(body["StartSeq"], 3);
    let a = answer(
        &mut c,
        req_id,
        json!({ "CompleteFlag": 1, "ExtensionList": [{ "Key": "c", "Value": "3", "Seq": 3 }] }),
    );
    assert_eq!(
        resolved(&a),
        json!({ "extensions": [{ "key": "a", "value": "1" }, { "key": "c", "value": "3" }] })
    );
    let (_, _, body) = sent(
        &c.set_message_extensions(msg(2), vec![kv("b", "2")])
            .expect("sent"),
    );
    assert_eq!(
        body["ExtensionList"][0]["Seq"], 2,
        "a deleted key's version counts"
    );
}

#[test]
fn reaction_notices_know_which_are_mine() {
    let mut c = ready_with(&[]);
    let me = c.session.me.clone().expect("logged in").to_string();
    let (req, op, body) = sent(&c.react(msg(5), "like", true).expect("sent"));
    assert_eq!(
        (op.as_str(), body["ReactionId"].as_str()),
        ("add_reaction", Some("like"))
    );
    assert_eq!(resolved(&answer(&mut c, req, json!({}))), json!({}));
    let notice = |who: &str, op: u64, total: u64| {
        json!({ "OpType": 109, "GroupId": "g1", "MsgSeq": 5, "MsgFrom": "bob", "MsgRandom": 5,
                "Operator_Account": who, "OperateType": op, "ReactionId": "like",
                "TotalUserCount": total, "UserIdList": ["carol"] })
    };
    let a = c.on_frame(&text(&ServerFrame::GroupNotice {
        notice: notice("carol", 1, 2),
    }));
    let ev = emitted(&a, event::MESSAGE_REACTIONS_UPDATED);
    assert_eq!(ev[0]["messageID"], "bob-g1-5");
    assert_eq!(
        ev[0]["reactionList"][0]["reactedByMyself"], true,
        "I added it"
    );
    assert_eq!(
        ev[0]["reactionList"][0]["partialUserList"][0]["userID"],
        "carol"
    );
    let a = c.on_frame(&text(&ServerFrame::GroupNotice {
        notice: notice(&me, 2, 1),
    }));
    let ev = emitted(&a, event::MESSAGE_REACTIONS_UPDATED);
    assert_eq!(
        ev[0]["reactionList"][0]["reactedByMyself"], false,
        "my other device took it back"
    );

    // A summary read says so too, and a page of users.
    let (req, op, body) = sent(&c.message_reactions(vec![msg(5), msg(6)], 1).expect("sent"));
    assert_eq!(
        (op.as_str(), body["MsgSeqList"].clone()),
        ("get_reactions", json!([5, 6]))
    );
    let a = answer(
        &mut c,
        req,
        json!({ "ResultList": [{ "MsgSeq": 5, "ReactionList": [{ "ReactionId": "like", "TotalUserCount": 3, "UserIdList": ["carol"], "ReactedByMyself": true }] }] }),
    );
    assert_eq!(
        resolved(&a)["resultList"][0]["reactionList"][0]["reactedByMyself"],
        true
    );
    let (req, _, body) = sent(&c.reaction_users(msg(5), "like", 0, 500).expect("sent"));
    assert_eq!(body["Count"], 100);
    let a = answer(
        &mut c,
        req,
        json!({ "UserIdList": ["carol"], "NextSeq": 0 }),
    );
    assert_eq!(resolved(&a)["isCompleted"], true);
}

#[test]
fn bad_calls_are_refused_before_anything_is_sent() {
    let mut c = ready_with(&[]);
    let unsent = MessageRef {
        sequence: 0,
        ..msg(1)
    };
    assert_eq!(
        c.react(unsent, "like", true).expect_err("unsent").code(),
        10004
    );
    let other = MessageRef {
        to: "g2".into(),
        ..msg(2)
    };
    assert_eq!(
        c.message_reactions(vec![msg(1), other], 1)
            .expect_err("two groups")
            .code(),
        10004
    );
    assert_eq!(
        c.message_reactions(vec![], 1).expect_err("none").code(),
        10004
    );
    assert_eq!(
        c.message_reactions(vec![msg(1)], 11)
            .expect_err("too many")
            .code(),
        10004
    );
}

#[test]
fn one_to_one_messages_go_by_key_to_the_peer() {
    let held = stored(1, "alice", "bob", 7);
    let mut c = ready_with(std::slice::from_ref(&held));
    let id = crate::view::message_id("alice", "bob", 7);
    let m = MessageRef {
        id: id.clone(),
        conversation_type: "C2C".into(),
        to: "bob".into(),
        sequence: 0,
    };
    let call = c
        .set_message_extensions(m.clone(), vec![kv("a", "1")])
        .expect("sent");
    let Some(ClientFrame::Extras {
        req_id,
        peer,
        op,
        body,
    }) = frames(&call.actions).first().cloned()
    else {
        panic!("no extras frame")
    };
    assert_eq!((peer.as_str(), op.as_str()), ("alice", "set_key_values"));
    assert_eq!(body["MsgKey"], held.msg_key);
    let a = c.on_frame(&text(&ServerFrame::ExtrasResult {
        req_id,
        result: json!({ "ResultList": [{ "ErrorCode": 0, "Extension": { "Key": "a", "Value": "1", "Seq": 1 } }] }),
    }));
    assert_eq!(resolved(&a)["extensions"][0]["code"], 0);
    let call = c.message_reactions(vec![m.clone()], 2).expect("sent");
    let Some(ClientFrame::Extras { body, .. }) = frames(&call.actions).first().cloned() else {
        panic!("no extras frame")
    };
    assert_eq!(body["MsgKeyList"], json!([held.msg_key]));

    let a = c.on_frame(&text(&ServerFrame::ExtrasChanged {
        notice: json!({ "OpType": 108, "OperateType": 1, "MsgFrom": "alice", "MsgTo": "bob", "MsgRandom": 7,
                        "ExtensionList": [{ "Key": "b", "Value": "2", "Seq": 2 }] }),
    }));
    assert_eq!(
        emitted(&a, event::MESSAGE_EXTENSIONS_UPDATED),
        vec![&json!({ "messageID": id, "extensions": [{ "key": "b", "value": "2" }] })]
    );
    let unknown = MessageRef {
        id: "nobody-bob-1".into(),
        ..m
    };
    assert!(
        c.react(unknown, "like", true).is_err(),
        "not a held message"
    );
}
