//! The engine compiled to wasm and run in headless Chromium: the JS boundary (values and
//! `{code, message}` errors), UserSig in wasm, and the sync core driven through the adapter.
#![cfg(target_arch = "wasm32")]

use edgechat_engine::wasm::JsChatCore;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::usersig::{sign, verify, SigBounds, SigClaims};
use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn kinds(actions: &JsValue) -> Vec<String> {
    Array::from(actions)
        .iter()
        .filter_map(|a| get(&a, "kind").as_string())
        .collect()
}

fn sent_frame(actions: &JsValue) -> serde_json::Value {
    let send = Array::from(actions)
        .iter()
        .find(|a| get(a, "kind").as_string().as_deref() == Some("send"))
        .expect("a send action");
    serde_json::from_str(&get(&send, "frame").as_string().expect("frame")).expect("json")
}

#[wasm_bindgen_test]
fn usersig_round_trips_in_wasm() {
    let c = SigClaims {
        identifier: "alice".into(),
        sdkappid: 1_400_000_000,
        time: 10,
        expire: 100,
        userbuf: None,
    };
    let t = sign("k", &c);
    assert_eq!(
        verify(&t, "k", 1_400_000_000, "alice", 20, SigBounds::default()),
        Ok(c)
    );
    assert_eq!(
        verify(&t, "x", 1_400_000_000, "alice", 20, SigBounds::default()).map_err(|e| e.code()),
        Err(70009)
    );
}

#[wasm_bindgen_test]
fn errors_cross_the_boundary_as_code_and_message() {
    let mut core = JsChatCore::new(1_400_000_000.0).expect("core");
    let err = core
        .login("not valid", "sig", "http://h", "Web")
        .expect_err("bad id");
    assert_eq!(get(&err, "code").as_f64(), Some(10004.0));
    assert!(get(&err, "message")
        .as_string()
        .expect("message")
        .contains("UserID"));
    let err = core
        .create_text_message("bob", "hi", "", 1, 0.0)
        .expect_err("not ready");
    assert_eq!(get(&err, "code").as_f64(), Some(6014.0));
    assert!(JsChatCore::new(0.0).is_err());
}

#[wasm_bindgen_test]
fn login_sync_send_and_receive_through_the_adapter() {
    let mut core = JsChatCore::new(1_400_000_000.0).expect("core");
    let url = core
        .login("bob", "s", "https://chat.example", "Web")
        .expect("url");
    assert!(url.starts_with("wss://chat.example/ws?sdkappid=1400000000&identifier=bob"));
    let login = ServerFrame::Login {
        user_id: "bob".into(),
        max_seq: 1,
    }
    .to_text();
    let actions = core.on_frame(&login).expect("login frame");
    let sync = sent_frame(&actions);
    assert_eq!(
        (sync["cmd"].as_str(), sync["since"].as_u64()),
        (Some("sync"), Some(0))
    );
    let first = stored(1, "hello");
    let reply = ServerFrame::Sync {
        req_id: sync["reqId"].as_u64().expect("reqId"),
        messages: vec![first],
        complete: true,
        max_seq: 1,
    };
    let actions = core.on_frame(&reply.to_text()).expect("sync reply");
    let convs = sent_frame(&actions);
    assert_eq!(convs["cmd"].as_str(), Some("conversations"));
    let reply = ServerFrame::Conversations {
        req_id: convs["reqId"].as_u64().expect("reqId"),
        conversations: vec![],
    };
    let actions = core
        .on_frame(&reply.to_text())
        .expect("conversations reply");
    assert_eq!(
        kinds(&actions),
        vec!["resolve", "emit", "emit", "emit", "emit"]
    );
    assert!(core.is_ready());
    let received = Array::from(&actions).get(2);
    let list = Array::from(&get(&received, "data"));
    let msg = list.get(0);
    assert_eq!(
        get(&get(&msg, "payload"), "text").as_string().as_deref(),
        Some("hello")
    );
    assert_eq!(
        get(&msg, "conversationID").as_string().as_deref(),
        Some("C2Calice")
    );
    assert_eq!(get(&msg, "flow").as_string().as_deref(), Some("in"));

    let created = core
        .create_text_message("alice", "back", "", 9, 200.0)
        .expect("create");
    assert_eq!(
        get(&created, "status").as_string().as_deref(),
        Some("unSend")
    );
    let id = get(&created, "ID").as_string().expect("ID");
    let call = core
        .send_message(&id, false, JsValue::UNDEFINED, false)
        .expect("send");
    assert_eq!(get(&call, "key").as_string(), Some(id));
    let frame = sent_frame(&get(&call, "actions"));
    assert_eq!(frame["msgBody"][0]["MsgContent"]["Text"], "back");
    assert_eq!(frame["random"], 9);
}

fn stored(seq: u64, text: &str) -> StoredMessage {
    edgechat_proto::fixtures::stored(seq, "alice", "bob", seq as u32, 100 + seq, text)
}

#[wasm_bindgen_test]
fn the_local_store_round_trip_through_the_adapter() {
    let mut core = JsChatCore::new(1_400_000_000.0).expect("core");
    core.login("bob", "s", "https://chat.example", "Web")
        .expect("url");
    let login = ServerFrame::Login {
        user_id: "bob".into(),
        max_seq: 3,
    };
    let sync = sent_frame(&core.on_frame(&login.to_text()).expect("login"));
    let reply = ServerFrame::Sync {
        req_id: sync["reqId"].as_u64().expect("reqId"),
        messages: (1..=3).map(|s| stored(s, &format!("m{s}"))).collect(),
        complete: true,
        max_seq: 3,
    };
    core.on_frame(&reply.to_text()).expect("sync");
    // The changes: one record per message, with its conversation, then nothing more.
    let changes: serde_json::Value =
        serde_json::from_str(&core.take_changes().expect("changes")).expect("json");
    let seqs: Vec<(String, u64)> = changes["messages"]
        .as_array()
        .expect("records")
        .iter()
        .map(|r| {
            (
                r["conversationID"].as_str().unwrap_or("").to_owned(),
                r["seq"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let c2c = |s| ("C2Calice".to_owned(), s);
    assert_eq!(seqs, vec![c2c(1), c2c(2), c2c(3)]);
    let again: serde_json::Value =
        serde_json::from_str(&core.take_changes().expect("changes")).expect("json");
    assert_eq!(again["messages"], serde_json::json!([]));

    // The next session: the host restores the meta with the last page (3), then loads the
    // older page (1, 2) it read from its store; the offline page shows all three.
    let mut next = JsChatCore::new(1_400_000_000.0).expect("core");
    next.login("bob", "s", "https://chat.example", "Web")
        .expect("url");
    let mut meta = changes["meta"].clone();
    meta["messages"] = serde_json::json!([stored(3, "m3")]);
    next.restore(&meta.to_string()).expect("restore");
    let id3 = edgechat_engine::view::message_id("alice", "bob", 3);
    assert_eq!(next.message_seq("C2Calice", &id3), Some(3.0));
    let older = serde_json::json!([stored(1, "m1"), stored(2, "m2")]);
    next.load_messages(&older.to_string()).expect("load");
    let bad = next.load_messages("{").expect_err("bad JSON");
    assert_eq!(get(&bad, "code").as_f64(), Some(10004.0));
    let call = next
        .get_message_list("C2Calice", None, Some(15))
        .expect("a local page");
    let resolve = Array::from(&get(&call, "actions")).get(0);
    let texts: Vec<String> = Array::from(&get(&get(&resolve, "data"), "messageList"))
        .iter()
        .filter_map(|m| get(&get(&m, "payload"), "text").as_string())
        .collect();
    assert_eq!(texts, vec!["m1", "m2", "m3"]);
}
