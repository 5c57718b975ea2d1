//! Group attributes on the client: the version seen goes with each write, only forward, and
//! the update notices become their events (not messages).

use super::*;
use serde_json::json;

/// Runs a group command; returns the frame's request id and body.
fn command(c: &mut ChatCore, op: &str, body: Value) -> (u64, Value) {
    let call = c.group(op, Some("g1"), body).expect(op);
    match frames(&call.actions).first() {
        Some(ClientFrame::Group { req_id, body, .. }) => (*req_id, body.clone()),
        other => panic!("no group frame: {other:?}"),
    }
}

fn answer(c: &mut ChatCore, req_id: u64, result: Value) -> Vec<Action> {
    c.on_frame(&text(&ServerFrame::GroupResult { req_id, result }))
}

fn notice(c: &mut ChatCore, n: Value) -> Vec<Action> {
    c.on_frame(&text(&ServerFrame::GroupNotice { notice: n }))
}

#[test]
fn writes_carry_the_version_last_seen_and_it_never_goes_back() {
    let mut c = ready_with(&[]);
    let (req, body) = command(&mut c, "get_group_attr", json!({}));
    assert_eq!(body.get("AttrVersion"), None, "a read names no version");
    let a = answer(&mut c, req, json!({ "GroupAttrAry": [], "AttrVersion": 3 }));
    assert!(a.iter().any(|x| matches!(x, Action::Resolve { .. })));

    let (req, body) = command(&mut c, "modify_group_attr", json!({ "GroupAttr": [] }));
    assert_eq!(body["AttrVersion"], 3);
    let a = notice(
        &mut c,
        json!({ "OpType": 101, "GroupId": "g1", "AttrVersion": 5,
                "GroupAttr": [{"key": "seat1", "value": "bob"}] }),
    );
    assert_eq!(
        emitted(&a, event::GROUP_ATTRIBUTES_UPDATED),
        vec![&json!({ "groupID": "g1", "groupAttributes": { "seat1": "bob" } })]
    );
    assert!(
        emitted(&a, event::MESSAGE_RECEIVED).is_empty(),
        "not a message"
    );
    answer(&mut c, req, json!({ "AttrVersion": 4 }));
    let (_, body) = command(&mut c, "clear_group_attr", json!({}));
    assert_eq!(
        body["AttrVersion"], 5,
        "the older answer did not take it back"
    );
    let (_, body) = command(&mut c, "set_group_attr", json!({ "AttrVersion": 1 }));
    assert_eq!(body["AttrVersion"], 1, "a version the app gives is kept");
    let (_, body) = command(&mut c, "update_group_counter", json!({}));
    assert_eq!(body.get("AttrVersion"), None, "counters have no version");
}

#[test]
fn a_counter_notice_is_one_event_per_counter() {
    let mut c = ready_with(&[]);
    let a = notice(
        &mut c,
        json!({ "OpType": 102, "GroupId": "g1",
                "GroupCounter": [{"key": "likes", "value": 15}, {"key": "seats", "value": -2}] }),
    );
    assert_eq!(
        emitted(&a, event::GROUP_COUNTER_UPDATED),
        vec![
            &json!({ "groupID": "g1", "key": "likes", "value": 15 }),
            &json!({ "groupID": "g1", "key": "seats", "value": -2 }),
        ]
    );
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
    let custom = notice(
        &mut c,
        json!({ "OpType": 255, "GroupId": "g1", "UserDefinedField": "x" }),
    );
    assert_eq!(
        emitted(&custom, event::MESSAGE_RECEIVED).len(),
        1,
        "other notices stay messages"
    );
}
