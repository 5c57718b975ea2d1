//! Tests of the sans-IO core: a scripted server answers the frames the core sends.

mod attrs;
mod clear;
mod edges;
mod extras;
mod group_edit;
mod hopping;
mod later;
mod receipts;
mod recent;
mod status;

use super::*;
use edgechat_proto::fixtures;

fn stored(seq: u64, from: &str, to: &str, random: u32) -> StoredMessage {
    fixtures::stored(seq, from, to, random, 100 + seq, &format!("m{seq}"))
}

fn frames(actions: &[Action]) -> Vec<ClientFrame> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Send { frame } => ClientFrame::parse(frame).ok(),
            _ => None,
        })
        .collect()
}

fn emitted<'a>(actions: &'a [Action], name: &str) -> Vec<&'a Value> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Emit { name: n, data } if *n == name => Some(data),
            _ => None,
        })
        .collect()
}

fn text(f: &ServerFrame) -> String {
    f.to_text()
}

/// Puts group `g1` (Public) in `c`'s list, its newest SEQ `last_seq` and read up to `read_seq`.
fn join_g1(c: &mut ChatCore, last_seq: u64, read_seq: u64, extra: Value) -> Vec<Action> {
    let mut row = serde_json::json!({
        "groupId": "g1", "type": "Public", "name": "team", "joinTime": 1, "lastSeq": last_seq,
        "readSeq": read_seq, "unread": last_seq - read_seq, "msgFlag": "AcceptAndNotify", "time": 50,
    });
    if let (Some(r), Value::Object(more)) = (row.as_object_mut(), extra) {
        r.extend(more);
    }
    let group = serde_json::from_value(row).expect("a joined row");
    c.on_frame(&text(&ServerFrame::GroupUpdate {
        group_id: "g1".into(),
        group: Some(group),
    }))
}

/// Logs `bob` in against a server whose inbox holds `inbox`; returns the core, ready.
fn ready_with(inbox: &[StoredMessage]) -> ChatCore {
    let mut c = ChatCore::new(1_400_000_000);
    let url = c
        .login("bob", "sig*-_", "http://127.0.0.1:8787/", "Web")
        .expect("login");
    assert_eq!(
        url,
        "ws://127.0.0.1:8787/ws?sdkappid=1400000000&identifier=bob&usersig=sig%2A-_&platform=Web"
    );
    let a = c.on_frame(&text(&ServerFrame::Login {
        user_id: "bob".into(),
        max_seq: inbox.len() as u64,
    }));
    let sync = frames(&a);
    let Some(ClientFrame::Sync { req_id, since: 0 }) = sync.first().cloned() else {
        panic!("no sync: {a:?}")
    };
    let a = c.on_frame(&text(&ServerFrame::Sync {
        req_id,
        messages: inbox.to_vec(),
        complete: true,
        max_seq: inbox.len() as u64,
    }));
    assert!(!c.is_ready(), "the conversation list comes first");
    let Some(ClientFrame::Conversations { req_id }) = frames(&a).first().cloned() else {
        panic!("no conversations request: {a:?}")
    };
    let a = c.on_frame(&text(&ServerFrame::Conversations {
        req_id,
        conversations: vec![],
    }));
    assert!(a.contains(&Action::Resolve {
        key: "login".into(),
        data: json!({"repeatLogin": false})
    }));
    assert_eq!(emitted(&a, event::SDK_READY).len(), 1);
    assert!(c.is_ready());
    c
}

#[test]
fn login_then_offline_messages_arrive_as_received() {
    let c = ready_with(&[stored(1, "alice", "bob", 5)]);
    assert_eq!(c.c2c.inbox.contiguous, 1);
}

#[test]
fn a_refused_login_rejects_with_the_server_code_and_closes() {
    let mut c = ChatCore::new(1);
    c.login("bob", "bad", "ws://h", "Web").expect("url");
    let a = c.on_frame(&text(&ServerFrame::error(
        None,
        &ImError::SignatureMismatch,
    )));
    assert!(matches!(&a[0], Action::Reject { key, code: 70009, .. } if key == "login"));
    assert!(a.contains(&Action::Close));
    assert!(!c.is_ready());
    assert!(
        c.login("bob", "again", "ws://h", "Web").is_ok(),
        "can try again"
    );
}

#[test]
fn bad_login_arguments_are_refused_before_any_io() {
    let mut c = ChatCore::new(1);
    assert_eq!(
        c.login("a b", "s", "ws://h", "Web").map_err(|e| e.code()),
        Err(10004)
    );
    assert_eq!(
        c.login("bob", "", "ws://h", "Web").map_err(|e| e.code()),
        Err(70003)
    );
}

#[test]
fn calls_before_ready_fail_with_not_ready() {
    let mut c = ChatCore::new(1);
    let e = c
        .create_text_message("alice", "hi", "", 1, 1)
        .expect_err("not ready");
    assert_eq!(e.code(), code::NOT_READY);
    assert_eq!(
        c.get_message_list("C2Calice", None, None)
            .map(|_| ())
            .map_err(|e| e.code()),
        Err(code::NOT_READY)
    );
}

#[test]
fn send_resolves_with_the_stored_copy_and_is_not_echoed() {
    let mut c = ready_with(&[]);
    let m = c
        .create_text_message("alice", "hi", "", 42, 1_000)
        .expect("create");
    assert_eq!(
        (m.id.as_str(), m.status, m.flow),
        ("bob-alice-42", "unSend", "out")
    );
    let call = c.send_message(&m.id, false, None, false).expect("send");
    let Some(ClientFrame::Send {
        req_id, random: 42, ..
    }) = frames(&call.actions).first().cloned()
    else {
        panic!()
    };
    assert!(
        c.send_message(&m.id, false, None, false).is_err(),
        "no second send while the first is in flight"
    );
    let a = c.on_frame(&text(&ServerFrame::Ack {
        req_id,
        message: stored(1, "bob", "alice", 42),
    }));
    let Some(Action::Resolve { key, data }) =
        a.iter().find(|x| matches!(x, Action::Resolve { .. }))
    else {
        panic!("{a:?}")
    };
    assert_eq!(key, &m.id);
    assert_eq!(data["message"]["status"], "success");
    assert_eq!(data["message"]["sequence"], 1);
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
    // The push of the same message (from another path) is not delivered twice.
    let a = c.on_frame(&text(&ServerFrame::Msg {
        message: stored(1, "bob", "alice", 42),
    }));
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
}

#[test]
fn a_send_error_rejects_with_its_code() {
    let mut c = ready_with(&[]);
    let m = c
        .create_text_message("alice", "hi", "", 1, 1)
        .expect("create");
    let call = c.send_message(&m.id, false, None, false).expect("send");
    let req_id = frames(&call.actions)[0].req_id();
    let a = c.on_frame(&text(&ServerFrame::error(
        Some(req_id),
        &ImError::InvalidAccount("alice".into()),
    )));
    assert!(matches!(&a[0], Action::Reject { key, code: 20003, .. } if key == &m.id));
}

#[test]
fn create_refuses_oversized_and_bad_receivers() {
    let mut c = ready_with(&[]);
    let big = "x".repeat(12 * 1024);
    assert_eq!(
        c.create_text_message("alice", &big, "", 1, 1)
            .map_err(|e| e.code()),
        Err(80002)
    );
    assert_eq!(
        c.create_text_message("no one", "hi", "", 1, 1)
            .map_err(|e| e.code()),
        Err(10004)
    );
}

#[test]
fn a_push_past_a_gap_waits_for_the_gap_to_be_pulled() {
    let mut c = ready_with(&[stored(1, "alice", "bob", 1)]);
    let a = c.on_frame(&text(&ServerFrame::Msg {
        message: stored(3, "alice", "bob", 3),
    }));
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
    let Some(ClientFrame::Sync { req_id, since: 1 }) = frames(&a).first().cloned() else {
        panic!("{a:?}")
    };
    let a = c.on_frame(&text(&ServerFrame::Sync {
        req_id,
        messages: vec![stored(2, "alice", "bob", 2), stored(3, "alice", "bob", 3)],
        complete: true,
        max_seq: 3,
    }));
    let got = emitted(&a, event::MESSAGE_RECEIVED);
    let seqs: Vec<u64> = got[0]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|m| m["sequence"].as_u64())
        .collect();
    assert_eq!(seqs, vec![2, 3]);
}

#[test]
fn message_list_pages_locally_then_asks_the_server() {
    let inbox: Vec<_> = (1..=20)
        .map(|s| stored(s, "alice", "bob", s as u32))
        .collect();
    let mut c = ready_with(&inbox);
    let call = c
        .get_message_list("C2Calice", None, Some(15))
        .expect("page");
    let Action::Resolve { data, .. } = &call.actions[0] else {
        panic!()
    };
    let list = data["messageList"].as_array().expect("list");
    assert_eq!(list.len(), 15);
    assert_eq!(list[0]["sequence"], 6);
    assert_eq!(data["nextReqMessageID"], "alice-bob-6");
    // The next page has only 5 locally and history is not known complete: ask the server.
    let call = c
        .get_message_list("C2Calice", Some("alice-bob-6"), Some(15))
        .expect("page 2");
    let Some(ClientFrame::History {
        req_id,
        before_seq: Some(1),
        ..
    }) = frames(&call.actions).first().cloned()
    else {
        panic!("{:?}", call.actions)
    };
    let a = c.on_frame(&text(&ServerFrame::History {
        req_id,
        messages: vec![],
        complete: true,
    }));
    let Some(Action::Resolve { data, key }) = a.first() else {
        panic!()
    };
    assert_eq!(key, &call.key);
    assert_eq!(data["messageList"].as_array().map(Vec::len), Some(5));
    assert_eq!(data["isCompleted"], true);
    assert!(c.get_message_list("GROUP", None, None).is_err());
    assert!(c.get_message_list("TOPICx", None, None).is_err());
    assert!(c.get_message_list("C2Calice", Some("nope"), None).is_err());
    assert!(c.get_message_list("C2Calice", None, Some(16)).is_err());
}

#[test]
fn a_dropped_connection_keeps_sends_and_reconnects_with_backoff() {
    let mut c = ready_with(&[]);
    let first = c
        .create_text_message("alice", "one", "", 1, 1)
        .expect("create");
    c.send_message(&first.id, false, None, false).expect("send");
    let a = c.on_close(0.0);
    assert!(a.contains(&Action::Reconnect { after_ms: 500 }), "{a:?}");
    assert!(
        !a.iter().any(|x| matches!(x, Action::Reject { .. })),
        "the send waits"
    );
    assert!(emitted(&a, event::SDK_NOT_READY).is_empty());
    // Offline: more sends wait in order; the engine still creates messages.
    let second = c
        .create_text_message("alice", "two", "", 2, 2)
        .expect("create offline");
    let call = c
        .send_message(&second.id, false, None, false)
        .expect("queued");
    assert!(call.actions.is_empty());
    // A failed attempt backs off further.
    assert!(c.reconnect().is_some());
    let a = c.on_close(1.0);
    assert!(a.contains(&Action::Reconnect { after_ms: 2_000 }), "{a:?}");
    // Back: sync, conversations, then both sends go out in order with their randoms.
    let url = c.reconnect().expect("url");
    assert!(url.contains("identifier=bob"));
    let a = c.on_frame(&text(&ServerFrame::Login {
        user_id: "bob".into(),
        max_seq: 0,
    }));
    let Some(ClientFrame::Sync { req_id, .. }) = frames(&a).first().cloned() else {
        panic!("{a:?}")
    };
    let a = c.on_frame(&text(&ServerFrame::Sync {
        req_id,
        messages: vec![],
        complete: true,
        max_seq: 0,
    }));
    let Some(ClientFrame::Conversations { req_id }) = frames(&a).first().cloned() else {
        panic!("{a:?}")
    };
    let a = c.on_frame(&text(&ServerFrame::Conversations {
        req_id,
        conversations: vec![],
    }));
    assert!(
        emitted(&a, event::SDK_READY).is_empty(),
        "no second SDK_READY"
    );
    assert_eq!(
        emitted(&a, event::NET_STATE_CHANGE),
        vec![&json!({ "state": "connected" })]
    );
    let randoms: Vec<u32> = frames(&a)
        .into_iter()
        .filter_map(|f| match f {
            ClientFrame::Send { random, .. } => Some(random),
            _ => None,
        })
        .collect();
    assert_eq!(randoms, vec![1, 2]);
    assert!(c.is_ready());
}

#[test]
fn a_refused_reconnect_ends_the_session_and_rejects_what_waited() {
    let mut c = ready_with(&[]);
    let m = c
        .create_text_message("alice", "one", "", 1, 1)
        .expect("create");
    c.send_message(&m.id, false, None, false).expect("send");
    c.on_close(0.5);
    c.reconnect().expect("url");
    let a = c.on_frame(&text(&ServerFrame::error(None, &ImError::UserSigExpired)));
    assert!(a
        .iter()
        .any(|x| matches!(x, Action::Reject { key, code: 70001, .. } if key == &m.id)));
    assert_eq!(emitted(&a, event::SDK_NOT_READY).len(), 1);
    assert!(c.reconnect().is_none());
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Pushes arrive in any order, some lost, some repeated; with the syncs the core asks
        /// for, the app sees every message exactly once and in order.
        #[test]
        fn pushes_in_any_order_with_losses_deliver_each_message_once(
            order in Just((1u64..=30).collect::<Vec<_>>()).prop_shuffle(),
            lost in proptest::collection::vec(any::<bool>(), 30),
            repeated in proptest::collection::vec(0usize..30, 0..10),
        ) {
            let server: Vec<StoredMessage> = (1..=30).map(|s| stored(s, "alice", "bob", s as u32)).collect();
            let mut c = ready_with(&[]);
            let mut seen = vec![];
            let mut queue: Vec<Action> = vec![];
            let mut pushes: Vec<u64> = order.iter().copied().filter(|s| !lost[(*s - 1) as usize]).collect();
            pushes.extend(repeated.iter().map(|i| order[*i]));
            pushes.push(30); // the last one always gets through in the end
            for seq in pushes {
                queue.extend(c.on_frame(&text(&ServerFrame::Msg { message: server[(seq - 1) as usize].clone() })));
                // Answer every sync the core asked for, from the server's log.
                while let Some(a) = queue.pop() {
                    match a {
                        Action::Send { frame } => {
                            if let Ok(ClientFrame::Sync { req_id, since }) = ClientFrame::parse(&frame) {
                                let page: Vec<_> = server.iter().filter(|m| m.seq > since).take(7).cloned().collect();
                                let complete = page.last().is_none_or(|m| m.seq == 30);
                                queue.extend(c.on_frame(&text(&ServerFrame::Sync { req_id, messages: page, complete, max_seq: 30 })));
                            }
                        }
                        Action::Emit { name, data } if name == event::MESSAGE_RECEIVED => {
                            seen.extend(data.as_array().into_iter().flatten().filter_map(|m| m["sequence"].as_u64()));
                        }
                        _ => {}
                    }
                }
            }
            prop_assert_eq!(seen, (1..=30).collect::<Vec<_>>());
        }
    }
}

#[test]
fn a_new_device_keeps_an_inbox_whose_oldest_messages_expired() {
    // SEQs 1..=4 expired on the server: the login's sync starts at 5.
    let mut c = ChatCore::new(1_400_000_000);
    c.login("bob", "sig", "http://127.0.0.1:8787/", "Web")
        .expect("login");
    let a = c.on_frame(&text(&ServerFrame::Login {
        user_id: "bob".into(),
        max_seq: 7,
    }));
    let Some(ClientFrame::Sync { req_id, since: 0 }) = frames(&a).first().cloned() else {
        panic!("no sync: {a:?}")
    };
    let inbox: Vec<_> = (5..=7)
        .map(|s| stored(s, "alice", "bob", s as u32))
        .collect();
    let a = c.on_frame(&text(&ServerFrame::Sync {
        req_id,
        messages: inbox,
        complete: true,
        max_seq: 7,
    }));
    let asked = frames(&a);
    assert!(
        matches!(asked.as_slice(), [ClientFrame::Conversations { .. }]),
        "no second sync, straight to the list: {asked:?}"
    );
    assert_eq!(
        c.c2c.inbox.store.keys().copied().collect::<Vec<_>>(),
        vec![5, 6, 7]
    );
    let Some(ClientFrame::Conversations { req_id }) = asked.first().cloned() else {
        unreachable!()
    };
    let a = c.on_frame(&text(&ServerFrame::Conversations {
        req_id,
        conversations: vec![],
    }));
    let got = emitted(&a, event::MESSAGE_RECEIVED);
    let seqs: Vec<u64> = got
        .iter()
        .flat_map(|l| l.as_array().into_iter().flatten())
        .filter_map(|m| m["sequence"].as_u64())
        .collect();
    assert_eq!(seqs, vec![5, 6, 7], "announced once, after SDK_READY");
}
