//! The openim commands against fake user objects.

use super::super::users::fake::{run, FakeUsers};
use super::*;
use edgechat_proto::codes;
use serde_json::json;

fn text(t: &str) -> Value {
    json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": t } }])
}

#[test]
fn a_batch_gives_every_receiver_the_first_sends_time_and_msg_seq() {
    let u = FakeUsers::default();
    let body = json!({ "To_Account": ["b", "c", "d"], "MsgRandom": 7, "MsgBody": text("hi") });
    let r = run(batchsendmsg(&u, &body, "administrator")).expect("batch");
    assert_eq!(r["MsgKey"], "1_7_100");
    let sent = u.sent.borrow();
    assert_eq!(sent.len(), 3);
    assert!(
        sent[0].get("time").is_none(),
        "the first send picks its own time"
    );
    for later in &sent[1..] {
        assert_eq!(
            (later["time"].as_u64(), later["msgSeq"].as_u64()),
            (Some(100), Some(1))
        );
    }
}

#[test]
fn sendmsg_checks_fields_with_tencent_codes() {
    let u = FakeUsers::default();
    let ok = json!({ "To_Account": "b", "MsgRandom": 7, "MsgBody": text("hi") });
    let code_of = |b: Value| {
        run(sendmsg(&u, &b, "administrator"))
            .map(|_| ())
            .map_err(|e| e.code())
    };
    assert_eq!(code_of(ok.clone()), Ok(()));
    let with = |k: &str, v: Value| {
        let mut b = ok.clone();
        b[k] = v;
        b
    };
    let without = |k: &str| {
        let mut b = ok.clone();
        b.as_object_mut().map(|o| o.remove(k));
        b
    };
    assert_eq!(code_of(without("To_Account")), Err(90003));
    assert_eq!(code_of(with("To_Account", json!("a b"))), Err(90003));
    assert_eq!(code_of(without("MsgRandom")), Err(90005));
    assert_eq!(code_of(with("MsgRandom", json!(-1))), Err(90005));
    assert_eq!(code_of(with("MsgBody", json!({}))), Err(90007));
    assert_eq!(
        code_of(with(
            "MsgBody",
            json!([{ "MsgType": "TIMBogus", "MsgContent": {} }])
        )),
        Err(90002)
    );
    assert_eq!(
        code_of(with("MsgBody", text(&"x".repeat(12 * 1024)))),
        Err(93000)
    );
    assert_eq!(code_of(with("From_Account", json!(""))), Err(90008));
    assert_eq!(code_of(with("SyncOtherMachine", json!(3))), Err(90031));
    assert_eq!(code_of(with("MsgLifeTime", json!(604_801))), Err(90026));
    assert_eq!(code_of(with("OfflinePushInfo", json!("x"))), Err(90043));
    let sent = u.sent.borrow();
    assert_eq!(sent.len(), 1, "only the valid request reached a user");
    assert_eq!(sent[0]["from"], "administrator");
}

#[test]
fn send_plan_reads_sync_life_time_and_controls() {
    let p = send_plan(
        &json!({ "From_Account": "a", "SyncOtherMachine": 2, "MsgLifeTime": 0, "MsgRandom": 1,
        "MsgSeq": 9, "MsgBody": text("t"), "SendMsgControl": ["NoUnread", "NoLastMsg"] }),
        "admin",
    )
    .expect("plan");
    assert_eq!(
        (
            p.from.as_str(),
            p.keep_copy,
            p.online_only,
            p.no_unread,
            p.no_last_msg
        ),
        ("a", false, true, true, true)
    );
    assert_eq!(p.message.msg_seq, Some(9));
}

#[test]
fn batch_limits_to_500_and_reports_bad_receivers() {
    let u = FakeUsers::default();
    let body = |n: usize| json!({ "To_Account": (0..n).map(|i| format!("u{i}")).collect::<Vec<_>>(), "MsgRandom": 1, "MsgBody": text("t") });
    assert_eq!(
        run(batchsendmsg(&u, &body(501), "admin"))
            .map_err(|e| e.code())
            .err(),
        Some(90011)
    );
    let r = run(batchsendmsg(
        &u,
        &json!({ "To_Account": ["a", "bad id"], "MsgRandom": 1, "MsgBody": text("t") }),
        "admin",
    ))
    .expect("batch");
    assert_eq!(
        r["ErrorList"],
        json!([{ "To_Account": "bad id", "ErrorCode": 70107 }])
    );
    assert!(r["MsgKey"].is_string());
    assert!(run(batchsendmsg(&u, &body(500), "admin")).is_ok());
}

#[test]
fn import_requires_its_fields() {
    let u = FakeUsers::default();
    let ok = json!({ "SyncFromOldSystem": 2, "From_Account": "a", "To_Account": "b", "MsgRandom": 5, "MsgTimeStamp": 1000, "MsgBody": text("old") });
    run(importmsg(&u, &ok, 2000)).expect("import");
    assert_eq!(u.sent.borrow().len(), 2, "both inboxes");
    for (k, v, c) in [
        ("SyncFromOldSystem", json!(3), 90030),
        ("MsgTimeStamp", json!("x"), 90006),
        ("MsgTimeStamp", json!(2000 + 301), 90006),
        ("From_Account", json!(1), 90008),
    ] {
        let mut b = ok.clone();
        b[k] = v;
        assert_eq!(
            run(importmsg(&u, &b, 2000)).map_err(|e| e.code()).err(),
            Some(c),
            "{k}"
        );
    }
}

#[test]
fn withdraw_checks_the_msg_key() {
    let u = FakeUsers::default();
    let b = |k: &str| json!({ "From_Account": "a", "To_Account": "b", "MsgKey": k });
    assert!(run(admin_msgwithdraw(&u, &b("1_2_3"))).is_ok());
    assert_eq!(
        run(admin_msgwithdraw(&u, &b("nope")))
            .map_err(|e| e.code())
            .err(),
        Some(90054)
    );
}

#[test]
fn modify_names_what_changes_and_checks_it() {
    let u = FakeUsers::default();
    let with = |extra: serde_json::Value| {
        let mut b = json!({ "From_Account": "a", "To_Account": "b", "MsgKey": "1_2_3" });
        if let (Some(b), Some(e)) = (b.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        run(modify_c2c_msg(&u, &b)).map_err(|e| e.code())
    };
    let text = json!([{ "MsgType": "TIMTextElem", "MsgContent": { "Text": "new" } }]);
    assert!(with(json!({ "MsgBody": text })).is_ok());
    assert!(with(json!({ "CloudCustomData": "c" })).is_ok());
    assert_eq!(with(json!({})).err(), Some(90002), "nothing to change");
    assert_eq!(with(json!({ "MsgBody": [] })).err(), Some(90007));
    assert_eq!(with(json!({ "MsgBody": "x" })).err(), Some(90007));
    assert_eq!(with(json!({ "CloudCustomData": 5 })).err(), Some(90002));
    let bad = json!([{ "MsgType": "TIMNopeElem", "MsgContent": {} }]);
    assert_eq!(with(json!({ "MsgBody": bad })).err(), Some(90002));
    assert_eq!(
        with(json!({ "MsgKey": "x", "CloudCustomData": "c" })).err(),
        Some(90054)
    );
    let sent = u.sent.borrow();
    assert_eq!(sent[0]["op"], "/admin_modify");
    assert_eq!(
        sent[1]["body"]["msgBody"],
        serde_json::Value::Null,
        "a field not given keeps its value"
    );
}

#[test]
fn unread_query_limits_peers_to_10() {
    let u = FakeUsers::default();
    for id in ["me", "a", "z"] {
        u.imported.borrow_mut().insert(id.into(), json!({}));
    }
    let r = run(get_c2c_unread_msg_num(
        &u,
        &json!({ "To_Account": "me", "Peer_Account": ["a", "z"] }),
    ))
    .expect("unread");
    assert_eq!(r["AllC2CUnreadMsgNum"], 3);
    assert_eq!(
        r["C2CUnreadMsgNumList"],
        json!([{ "Peer_Account": "a", "C2CUnreadMsgNum": 3 }, { "Peer_Account": "z", "C2CUnreadMsgNum": 0 }])
    );
    let eleven: Vec<String> = (0..11).map(|i| format!("p{i}")).collect();
    assert_eq!(
        run(get_c2c_unread_msg_num(
            &u,
            &json!({ "To_Account": "me", "Peer_Account": eleven })
        ))
        .map_err(|e| e.code())
        .err(),
        Some(90018)
    );
}

#[test]
fn extension_commands_go_to_the_conversations_keeper() {
    let u = FakeUsers::default();
    let body =
        json!({ "From_Account": "zed", "To_Account": "amy", "MsgKey": "1_2_3", "OperateType": 3 });
    let reply = run(set_key_values(&u, &body)).expect("ran");
    assert_eq!(reply["keeper"], "amy", "the user whose ID sorts first");
    let sent = u.sent.borrow();
    assert_eq!(sent[0]["body"]["peer"], "zed");
    assert_eq!(sent[0]["body"]["tellPeer"], true);
    drop(sent);
    let bad = |b: serde_json::Value| run(get_key_values(&u, &b)).map_err(|e| e.code()).err();
    assert_eq!(
        bad(json!({ "To_Account": "amy", "MsgKey": "1_2_3" })),
        Some(codes::OPENIM_FROM_ACCOUNT)
    );
    assert_eq!(
        bad(json!({ "From_Account": "amy", "To_Account": "amy", "MsgKey": "1_2_3" })),
        Some(codes::OPENIM_TO_ACCOUNT)
    );
    assert_eq!(
        bad(json!({ "From_Account": "zed", "To_Account": "amy", "MsgKey": "x" })),
        Some(codes::OPENIM_MSG_KEY)
    );
}
