//! Attributes and counters through the command layer, bodies as REST and clients send them:
//! the limits, 10050, 10056, who may, and that a refused write stores nothing.

use crate::group::memory::MemoryGroup;
use crate::group::msg_rate::GroupRate;
use crate::group::rules::{Caller, Effects, Group};
use crate::group::service::{run, Context};
use crate::group::store::GroupStore;
use crate::group::tests::{make, uid};
use crate::group::tips::NoticeKind;
use edgechat_proto::codes;
use edgechat_proto::group::GroupType;
use edgechat_proto::ImError;
use serde_json::{json, Value};

fn call(store: &MemoryGroup, who: Option<&str>, op: &str, body: Value) -> Result<Effects, ImError> {
    let caller = who.map_or_else(Caller::admin, |u| Caller::user(uid(u)));
    let cx = Context {
        caller: &caller,
        now: 500,
        recall_window: 120,
        admins: &[],
        group_fields: &[],
        member_fields: &[],
    };
    let mut g = Group::load(store, "g1")?;
    run(&mut g, &mut GroupRate::default(), &cx, op, &body)
}

/// A group `g1` of type `ty` with members a and b (who join an AVChatRoom themselves).
fn group(ty: GroupType) -> MemoryGroup {
    let store = MemoryGroup::default();
    if ty == GroupType::AvChatRoom {
        make(&store, ty, &[]);
        for who in ["a", "b"] {
            let body = json!({ "GroupId": "g1", "ApplyMsg": "" });
            call(&store, Some(who), "apply_join_group", body).expect("join");
        }
    } else {
        make(&store, ty, &["a", "b"]);
    }
    store
}

fn attrs(list: &[(&str, &str)]) -> Value {
    let v: Vec<Value> = list
        .iter()
        .map(|(k, v)| json!({ "key": k, "value": v }))
        .collect();
    json!({ "GroupId": "g1", "GroupAttr": v })
}

fn stored(store: &MemoryGroup) -> Vec<(String, String)> {
    let st = store.attr_state().expect("state");
    st.attrs.into_iter().collect()
}

fn code_of(r: Result<Effects, ImError>) -> u32 {
    r.expect_err("refused").code()
}

#[test]
fn writes_change_the_map_bump_the_version_and_tell_every_member() {
    let store = group(GroupType::Public);
    let fx = call(
        &store,
        Some("a"),
        "modify_group_attr",
        attrs(&[("seat1", "a"), ("seat2", "")]),
    )
    .expect("modify");
    assert_eq!(fx.reply["AttrVersion"], 1);
    assert_eq!(fx.notices.len(), 1);
    let n = &fx.notices[0];
    assert!(n.everyone && n.to.is_empty(), "a notice for the whole room");
    assert_eq!(n.body["OpType"], NoticeKind::AttributesUpdated as u8);
    assert_eq!(n.body["AttrVersion"], 1);
    assert_eq!(
        n.body["GroupAttr"],
        json!([{"key": "seat1", "value": "a"}, {"key": "seat2", "value": ""}])
    );

    let read = call(
        &store,
        Some("b"),
        "get_group_attr",
        json!({ "GroupId": "g1" }),
    )
    .expect("get");
    assert_eq!(read.reply["GroupAttrAry"].as_array().map(Vec::len), Some(2));
    assert_eq!(read.reply["AttrVersion"], 1);
    assert!(read.notices.is_empty());

    // set_group_attr (init) replaces the whole map.
    let fx = call(&store, None, "set_group_attr", attrs(&[("seat3", "c")])).expect("set");
    assert_eq!(fx.reply["AttrVersion"], 2);
    assert_eq!(stored(&store), vec![("seat3".into(), "c".into())]);

    let fx = call(
        &store,
        Some("b"),
        "delete_group_attr",
        json!({ "GroupId": "g1", "GroupAttr": [{"key": "seat3"}] }),
    )
    .expect("delete");
    assert_eq!(fx.reply["AttrVersion"], 3);
    assert!(stored(&store).is_empty());

    // A write that changes nothing keeps the version and tells no one.
    let fx = call(&store, None, "clear_group_attr", json!({ "GroupId": "g1" })).expect("clear");
    assert_eq!(fx.reply["AttrVersion"], 3);
    assert!(fx.notices.is_empty());
    call(&store, None, "modify_group_attr", attrs(&[("k", "v")])).expect("modify");
    let fx = call(&store, None, "clear_group_attr", json!({ "GroupId": "g1" })).expect("clear");
    assert_eq!(fx.reply["AttrVersion"], 5);
    assert_eq!(fx.notices[0].body["GroupAttr"], json!([]));
}

#[test]
fn a_write_against_an_older_version_is_10056_and_stores_nothing() {
    let store = group(GroupType::AvChatRoom);
    call(
        &store,
        Some("a"),
        "modify_group_attr",
        attrs(&[("seat1", "a")]),
    )
    .expect("first");
    let mut stale = attrs(&[("seat1", "b")]);
    stale["AttrVersion"] = json!(0);
    assert_eq!(
        code_of(call(&store, Some("b"), "modify_group_attr", stale)),
        codes::GROUP_ATTR_CONFLICT
    );
    assert_eq!(stored(&store), vec![("seat1".into(), "a".into())]);
    let mut fresh = attrs(&[("seat1", "b")]);
    fresh["AttrVersion"] = json!(1);
    let fx = call(&store, Some("b"), "modify_group_attr", fresh).expect("fresh");
    assert_eq!(fx.reply["AttrVersion"], 2);
    let stale_clear = json!({ "GroupId": "g1", "AttrVersion": 1 });
    assert_eq!(
        code_of(call(&store, Some("a"), "clear_group_attr", stale_clear)),
        codes::GROUP_ATTR_CONFLICT
    );
}

#[test]
fn the_limits_hold_and_a_refused_write_stores_nothing() {
    let store = group(GroupType::Work);
    call(&store, None, "modify_group_attr", attrs(&[("keep", "1")])).expect("seed");
    let before = store.attr_state().expect("state");
    let long_key = "k".repeat(33);
    let big = "v".repeat(4001);
    let sixteen: Vec<(String, String)> = (0..16).map(|i| (format!("k{i}"), "v".into())).collect();
    let refs: Vec<(&str, &str)> = sixteen
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let quarter = "q".repeat(4000);
    let bad: Vec<Value> = vec![
        attrs(&[(&long_key, "v")]),
        attrs(&[("", "v")]),
        attrs(&[("k", &big)]),
        attrs(&refs), // 16 new + "keep" = 17 keys
        attrs(&[
            ("a", &quarter),
            ("b", &quarter),
            ("c", &quarter),
            ("d", &quarter),
            ("e", &quarter),
        ]), // > 16 KiB
        json!({ "GroupId": "g1", "GroupAttr": [] }),
        json!({ "GroupId": "g1", "GroupAttr": [{"key": "novalue"}] }),
        json!({ "GroupId": "g1", "GroupAttr": "seat" }),
        json!({ "GroupId": "g1" }),
    ];
    for body in bad {
        let r = call(&store, None, "modify_group_attr", body.clone());
        assert_eq!(code_of(r), codes::INVALID_PARAMETER, "{body}");
    }
    assert_eq!(store.attr_state().expect("state"), before, "nothing stored");
    let missing = json!({ "GroupId": "g1", "GroupAttr": [{"key": "keep"}, {"key": "nope"}] });
    assert_eq!(
        code_of(call(&store, None, "delete_group_attr", missing)),
        codes::GROUP_ATTR_NOT_FOUND
    );
    assert_eq!(
        store.attr_state().expect("state"),
        before,
        "a delete naming a missing key removes nothing"
    );
    // Exactly at the limits is fine.
    let fifteen: Vec<(&str, &str)> = refs[..15].to_vec();
    call(&store, None, "modify_group_attr", attrs(&fifteen)).expect("16 keys");
    call(
        &store,
        None,
        "set_group_attr",
        attrs(&[
            ("a", &quarter),
            ("b", &quarter),
            ("c", &quarter),
            ("d", &quarter),
        ]),
    )
    .expect("16,004 bytes");
}

#[test]
fn members_and_the_app_admin_may_others_may_not() {
    let store = group(GroupType::Public);
    for op in [
        "get_group_attr",
        "modify_group_attr",
        "get_group_counter",
        "update_group_counter",
    ] {
        let body = match op {
            "update_group_counter" => {
                json!({ "GroupId": "g1", "GroupCounter": [{"key": "n", "value": 1}] })
            }
            _ => attrs(&[("k", "v")]),
        };
        assert_eq!(
            code_of(call(&store, Some("stranger"), op, body.clone())),
            codes::NO_PERMISSION,
            "{op}"
        );
        call(&store, Some("b"), op, body.clone()).expect(op);
        call(&store, None, op, body).expect(op);
    }
    assert!(
        store.attr_state().expect("state").counters.get("n") == Some(&1),
        "Set twice to 1"
    );
    let community = MemoryGroup::default();
    make(&community, GroupType::Community, &["a"]);
    let body = json!({ "GroupId": "g1", "GroupCounter": [{"key": "n", "value": 1}] });
    assert_eq!(
        code_of(call(&community, Some("a"), "update_group_counter", body)),
        codes::NO_PERMISSION
    );
    call(
        &community,
        Some("a"),
        "modify_group_attr",
        attrs(&[("k", "v")]),
    )
    .expect("community attrs");
}

#[test]
fn counters_set_increase_decrease_and_refuse_what_would_not_fit() {
    let store = group(GroupType::Meeting);
    let up =
        |mode: &str, list: Value| json!({ "GroupId": "g1", "Mode": mode, "GroupCounter": list });
    let fx = call(
        &store,
        Some("a"),
        "update_group_counter",
        up(
            "Set",
            json!([{"key": "likes", "value": 10}, {"key": "seats", "value": 4}]),
        ),
    )
    .expect("set");
    assert_eq!(
        fx.reply["GroupCounter"],
        json!([{"key": "likes", "value": 10}, {"key": "seats", "value": 4}])
    );
    assert_eq!(
        fx.notices[0].body["OpType"],
        NoticeKind::CountersUpdated as u8
    );
    let fx = call(
        &store,
        Some("b"),
        "update_group_counter",
        up(
            "Increase",
            json!([{"key": "likes", "value": 5}, {"key": "new", "value": 2}]),
        ),
    )
    .expect("inc");
    assert_eq!(
        fx.reply["GroupCounter"],
        json!([{"key": "likes", "value": 15}, {"key": "new", "value": 2}])
    );
    assert_eq!(fx.notices[0].body["GroupCounter"], fx.reply["GroupCounter"]);
    let fx = call(
        &store,
        None,
        "update_group_counter",
        up("Decrease", json!([{"key": "seats", "value": 6}])),
    )
    .expect("dec");
    assert_eq!(
        fx.reply["GroupCounter"],
        json!([{"key": "seats", "value": -2}])
    );

    let all = call(
        &store,
        Some("a"),
        "get_group_counter",
        json!({ "GroupId": "g1" }),
    )
    .expect("all");
    assert_eq!(all.reply["GroupCounter"].as_array().map(Vec::len), Some(3));
    let some = call(
        &store,
        Some("a"),
        "get_group_counter",
        json!({ "GroupId": "g1", "GroupCounterKeys": ["likes", "zero"] }),
    )
    .expect("some");
    assert_eq!(
        some.reply["GroupCounter"],
        json!([{"key": "likes", "value": 15}, {"key": "zero", "value": 0}])
    );

    let before = store.attr_state().expect("state");
    let twenty: Vec<Value> = (0..18)
        .map(|i| json!({ "key": format!("c{i}"), "value": 1 }))
        .collect();
    let bad = [
        up("Increase", json!([{"key": "likes", "value": i64::MAX}])),
        up("Decrease", json!([{"key": "seats", "value": i64::MAX}])),
        up("Multiply", json!([{"key": "likes", "value": 2}])),
        up("Set", json!([])),
        up("Set", json!([{"key": "k".repeat(129), "value": 1}])),
        up("Set", json!([{"key": "likes", "value": "ten"}])),
        up("Set", json!(twenty)), // 3 + 18 = 21 counters
    ];
    for body in bad {
        assert_eq!(
            code_of(call(&store, None, "update_group_counter", body.clone())),
            codes::INVALID_PARAMETER,
            "{body}"
        );
    }
    assert_eq!(store.attr_state().expect("state"), before, "nothing stored");

    call(
        &store,
        Some("a"),
        "delete_group_counter",
        json!({ "GroupId": "g1", "GroupCounterKeys": ["likes", "unknown"] }),
    )
    .expect("delete");
    assert_eq!(store.attr_state().expect("state").counters.len(), 2);
    let empty = json!({ "GroupId": "g1", "GroupCounterKeys": [] });
    assert_eq!(
        code_of(call(&store, Some("a"), "delete_group_counter", empty)),
        codes::INVALID_PARAMETER
    );
}

#[test]
fn attributes_go_with_the_group() {
    let store = group(GroupType::Public);
    call(&store, None, "modify_group_attr", attrs(&[("k", "v")])).expect("modify");
    store.wipe().expect("wipe");
    assert_eq!(store.attr_state().expect("state"), Default::default());
}
