//! Conversations, relationship notices, recalls, group pushes and the local store, with the
//! same scripted server.

use super::*;

#[test]
fn a_pong_showing_newer_messages_pulls_them() {
    let mut c = ready_with(&[stored(1, "alice", "bob", 1)]);
    let a = c.on_frame(&text(&ServerFrame::Pong {
        req_id: 9,
        max_seq: 1,
        server_time: 0,
    }));
    assert!(frames(&a).is_empty(), "up to date: nothing to pull");
    let a = c.on_frame(&text(&ServerFrame::Pong {
        req_id: 10,
        max_seq: 2,
        server_time: 0,
    }));
    let Some(ClientFrame::Sync { since: 1, .. }) = frames(&a).first().cloned() else {
        panic!("the lost last push is pulled: {a:?}")
    };
}

#[test]
fn conversations_count_unread_and_read_receipts_mark_my_messages() {
    let mut c = ready_with(&[]);
    let a = c.on_frame(&text(&ServerFrame::Msg {
        message: stored(1, "alice", "bob", 1),
    }));
    assert_eq!(
        emitted(&a, event::TOTAL_UNREAD_MESSAGE_COUNT_UPDATED),
        vec![&json!(1)]
    );
    let m = c
        .create_text_message("alice", "back", "", 5, 200)
        .expect("create");
    let call = c.send_message(&m.id, false, None, false).expect("send");
    let req_id = frames(&call.actions)[0].req_id();
    let mut mine = stored(2, "bob", "alice", 5);
    mine.time = 200;
    c.on_frame(&text(&ServerFrame::Ack {
        req_id,
        message: mine,
    }));
    let a = c.on_frame(&text(&ServerFrame::PeerRead {
        peer: "alice".into(),
        time: 200,
    }));
    let read = emitted(&a, event::MESSAGE_READ_BY_PEER);
    assert_eq!(read[0][0]["ID"], "bob-alice-5");
    assert_eq!(read[0][0]["isPeerRead"], true);
    let call = c.set_message_read("C2Calice").expect("read");
    assert_eq!(c.total_unread(), 0);
    assert!(matches!(
        frames(&call.actions).first(),
        Some(ClientFrame::Read { .. })
    ));
}

#[test]
fn a_relationship_notice_reads_the_list_again_and_emits_it() {
    let mut c = ready_with(&[]);
    let call = c
        .sns(
            "friend_add",
            json!({ "AddFriendItem": [{ "To_Account": "alice" }] }),
        )
        .expect("sns");
    let Some(ClientFrame::Sns { req_id, op, .. }) = frames(&call.actions).first().cloned() else {
        panic!()
    };
    assert_eq!(op, "friend_add");
    let a = c.on_frame(&text(&ServerFrame::SnsResult {
        req_id,
        result: json!({ "ResultItem": [] }),
    }));
    assert_eq!(
        a,
        vec![Action::Resolve {
            key: call.key,
            data: json!({ "ResultItem": [] })
        }]
    );

    let a = c.on_frame(&text(&ServerFrame::SnsUpdate {
        what: "friends".into(),
        user_id: None,
    }));
    let Some(ClientFrame::Sns { req_id, op, .. }) = frames(&a).first().cloned() else {
        panic!("{a:?}")
    };
    assert_eq!(op, "friend_get");
    let a = c.on_frame(&text(&ServerFrame::SnsResult {
        req_id,
        result: json!({ "UserDataItem": [] }),
    }));
    assert_eq!(emitted(&a, event::FRIEND_LIST_UPDATED).len(), 1);
    assert!(c.sns("", json!({})).is_err());
    assert!(c.sns("friend_get", json!([])).is_err());
}

#[test]
fn my_recall_updates_my_own_conversation_preview() {
    let mut c = ready_with(&[]);
    let m = c
        .create_text_message("alice", "oops", "", 7, 300)
        .expect("create");
    let call = c.send_message(&m.id, false, None, false).expect("send");
    let req_id = frames(&call.actions)[0].req_id();
    let mut mine = stored(1, "bob", "alice", 7);
    c.on_frame(&text(&ServerFrame::Ack {
        req_id,
        message: mine.clone(),
    }));
    let call = c.revoke_message("bob-alice-7").expect("revoke");
    let req_id = frames(&call.actions)[0].req_id();
    mine.recalled = true;
    let a = c.on_frame(&text(&ServerFrame::Ack {
        req_id,
        message: mine,
    }));
    let lists = emitted(&a, event::CONVERSATION_LIST_UPDATED);
    let last = lists.last().expect("a list update");
    assert_eq!(last[0]["lastMessage"]["messageForShow"], "[Recalled]");
}

#[test]
fn group_pushes_apply_in_seq_order_and_a_gap_is_pulled_once() {
    use edgechat_proto::group::JoinedGroup;
    let mut c = ready_with(&[]);
    let row: JoinedGroup = serde_json::from_value(json!({
        "groupId": "g1", "type": "Public", "name": "team", "joinTime": 1, "lastSeq": 2,
        "readSeq": 2, "unread": 0, "msgFlag": "AcceptAndNotify", "time": 1
    }))
    .expect("row");
    let groups_req = c
        .pending_groups_request()
        .expect("the login asked for my groups");
    let a = c.on_frame(&text(&ServerFrame::Groups {
        req_id: groups_req,
        groups: vec![row],
    }));
    assert_eq!(emitted(&a, "onGroupListUpdated").len(), 1);
    assert!(frames(&a).is_empty(), "a group first met pulls nothing");
    let msg = |seq: u64| fixtures::group_msg("g1", seq, "alice", 100 + seq, &format!("m{seq}"));
    let a = c.on_frame(&text(&ServerFrame::GroupMsg { message: msg(4) }));
    assert!(
        emitted(&a, event::MESSAGE_RECEIVED).is_empty(),
        "4 waits for 3"
    );
    let Some(ClientFrame::GroupSync {
        req_id,
        since: 2,
        group_id,
        ..
    }) = frames(&a).first().cloned()
    else {
        panic!("no pull: {a:?}")
    };
    assert_eq!(group_id, "g1");
    let a = c.on_frame(&text(&ServerFrame::GroupMsg { message: msg(5) }));
    assert!(frames(&a).is_empty(), "one pull at a time");
    let a = c.on_frame(&text(&ServerFrame::GroupSync {
        req_id,
        group_id: "g1".into(),
        messages: vec![msg(3), msg(4)],
        complete: true,
        max_seq: 5,
        min_seq: 1,
        topic_id: None,
    }));
    let got = emitted(&a, event::MESSAGE_RECEIVED);
    let seqs: Vec<u64> = got
        .iter()
        .flat_map(|l| l.as_array().cloned().unwrap_or_default())
        .map(|m| m["sequence"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(seqs, vec![3, 4, 5]);
    assert_eq!(got[0][0]["conversationID"], "GROUPg1");
    assert_eq!(c.total_unread(), 3);
}

#[test]
fn my_group_message_acked_behind_a_gap_is_not_announced_to_me_when_it_fills() {
    use edgechat_proto::group::{GroupMessage, JoinedGroup};
    let mut c = ready_with(&[]);
    let row: JoinedGroup = serde_json::from_value(json!({
        "groupId": "g1", "type": "Public", "name": "team", "joinTime": 1, "lastSeq": 2,
        "readSeq": 2, "unread": 0, "msgFlag": "AcceptAndNotify", "time": 1
    }))
    .expect("row");
    let groups_req = c.pending_groups_request().expect("group list asked");
    c.on_frame(&text(&ServerFrame::Groups {
        req_id: groups_req,
        groups: vec![row],
    }));
    let msg = |seq: u64, from: &str, random: u32| GroupMessage {
        random,
        ..fixtures::group_msg("g1", seq, from, 100 + seq, "hi")
    };
    let body = vec![serde_json::from_value(
        json!({ "MsgType": "TIMTextElem", "MsgContent": { "Text": "hi" } }),
    )
    .expect("elem")];
    let mine = c
        .create_group_message("g1", body, "", Default::default(), vec![], 9, 100)
        .expect("create");
    let call = c.send_message(&mine.id, false, None, false).expect("send");
    let req_id = frames(&call.actions)[0].req_id();
    // The server stored alice's 3 first; my ack (4) arrives before the push of 3.
    let a = c.on_frame(&text(&ServerFrame::GroupAck {
        req_id,
        message: msg(4, "bob", 9),
    }));
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
    let a = c.on_frame(&text(&ServerFrame::GroupMsg {
        message: msg(3, "alice", 1),
    }));
    let got: Vec<Value> = emitted(&a, event::MESSAGE_RECEIVED)
        .iter()
        .flat_map(|l| l.as_array().cloned().unwrap_or_default())
        .collect();
    assert_eq!(got.len(), 1, "only alice's message: {got:?}");
    assert_eq!(got[0]["from"], "alice");
    // The push of my own message, after the ack, is not announced either.
    let a = c.on_frame(&text(&ServerFrame::GroupMsg {
        message: msg(4, "bob", 9),
    }));
    assert!(emitted(&a, event::MESSAGE_RECEIVED).is_empty());
}

#[test]
fn a_conversation_shows_the_peer_nick_and_avatar_their_messages_carried() {
    let mut theirs = stored(1, "alice", "bob", 5);
    theirs.nick = "Alice A".into();
    theirs.avatar = "https://x/a.png".into();
    let mut c = ready_with(&[]);
    for message in [
        theirs,
        stored(2, "bob", "alice", 6),
        stored(3, "carol", "bob", 7),
    ] {
        c.on_frame(&text(&ServerFrame::Msg { message }));
    }
    let call = c.get_conversation_list().expect("list");
    let Some(Action::Resolve { data, .. }) = call.actions.first() else {
        panic!("{:?}", call.actions)
    };
    let list = data["conversationList"].as_array().expect("list");
    let of = |peer: &str| {
        list.iter()
            .find(|c| c["conversationID"] == format!("C2C{peer}"))
            .map(|c| c["userProfile"].clone())
            .expect("the conversation")
    };
    // My own message is newest with alice: her profile comes from her earlier one.
    assert_eq!(of("alice")["nick"], "Alice A");
    assert_eq!(of("alice")["avatar"], "https://x/a.png");
    assert_eq!(of("carol")["nick"], "", "carol's message carried none");
    assert_eq!(of("carol")["userID"], "carol");
}

#[test]
fn profile_and_relationship_reads_are_kept_and_answer_offline_after_a_restore() {
    let mut c = ready_with(&[]);
    let body = json!({ "StartIndex": 0 });
    let call = c.sns("friend_get", body.clone()).expect("sns");
    let Some(ClientFrame::Sns { req_id, .. }) = frames(&call.actions).first().cloned() else {
        panic!()
    };
    let friends = json!({ "UserDataItem": [{ "To_Account": "alice" }] });
    c.on_frame(&text(&ServerFrame::SnsResult {
        req_id,
        result: friends.clone(),
    }));
    // A notice's refresh keeps its answer too (the same read as getFriendList's).
    let a = c.on_frame(&text(&ServerFrame::SnsUpdate {
        what: "blacklist".into(),
        user_id: None,
    }));
    let Some(ClientFrame::Sns { req_id, .. }) = frames(&a).first().cloned() else {
        panic!("{a:?}")
    };
    let blocked = json!({ "BlackListItem": [{ "To_Account": "mallory" }] });
    c.on_frame(&text(&ServerFrame::SnsResult {
        req_id,
        result: blocked.clone(),
    }));
    let text_of_store = c.snapshot().expect("snapshot");

    let mut d = ChatCore::new(1_400_000_000);
    d.login("bob", "sig", "http://127.0.0.1:8787/", "Web")
        .expect("login");
    d.restore(&text_of_store).expect("restore");
    assert!(!d.is_ready());
    let offline = |d: &mut ChatCore, op: &str, body: Value| match d.sns(op, body) {
        Ok(call) => match call.actions.first() {
            Some(Action::Resolve { data, .. }) => Ok(data.clone()),
            other => Err(format!("not answered locally: {other:?}")),
        },
        Err(e) => Err(format!("{}", e.code())),
    };
    assert_eq!(
        offline(&mut d, "friend_get", json!({ "StartIndex": 0 })),
        Ok(friends)
    );
    let black = json!({ "StartIndex": 0, "MaxLimited": 1000 });
    assert_eq!(offline(&mut d, "black_list_get", black), Ok(blocked));
    // What was never read, and what changes things, needs the server.
    assert_eq!(
        offline(&mut d, "friend_get", json!({ "StartIndex": 5 })),
        Err(code::NOT_READY.to_string())
    );
    assert_eq!(
        offline(&mut d, "friend_add", json!({ "AddFriendItem": [] })),
        Err(code::NOT_READY.to_string())
    );
}

#[test]
fn find_message_returns_a_held_message_by_id_and_nothing_otherwise() {
    let c = ready_with(&[stored(1, "alice", "bob", 7), stored(2, "bob", "alice", 8)]);
    let v = c.find_view("alice-bob-7").expect("held");
    assert_eq!((v.sequence, v.flow), (1, "in"));
    assert_eq!(c.find_view("bob-alice-8").map(|v| v.flow), Some("out"));
    assert!(c.find_view("alice-bob-9").is_none(), "an unknown random");
    assert!(c.find_view("").is_none());
    assert!(
        ChatCore::new(1).find_view("alice-bob-7").is_none(),
        "not logged in"
    );
}

#[test]
fn drafts_are_kept_per_conversation_shown_in_the_list_and_bad_ones_refused() {
    let mut c = ready_with(&[]);
    c.on_frame(&text(&ServerFrame::Msg {
        message: stored(1, "alice", "bob", 1),
    }));
    let call = c
        .set_conversation_draft("C2Calice", "half a thought")
        .expect("draft");
    let lists = emitted(&call.actions, event::CONVERSATION_LIST_UPDATED);
    assert_eq!(lists[0][0]["draftText"], "half a thought");
    assert!(call.actions.contains(&Action::Resolve {
        key: call.key.clone(),
        data: json!({})
    }));
    for (id, text) in [
        ("C2Cnobody", "x".to_owned()),
        ("GROUPnone", "x".to_owned()),
        ("nonsense", "x".to_owned()),
        ("C2Calice", "x".repeat(drafts::MAX_DRAFT_BYTES + 1)),
    ] {
        assert_eq!(
            c.set_conversation_draft(id, &text)
                .map_err(|e| e.code())
                .err(),
            Some(10004),
            "{id}"
        );
    }
    assert_eq!(
        c.draft("C2Calice"),
        "half a thought",
        "refusals change nothing"
    );
    let call = c.set_conversation_draft("C2Calice", "").expect("clear");
    let lists = emitted(&call.actions, event::CONVERSATION_LIST_UPDATED);
    assert_eq!(lists[0][0]["draftText"], "");
}

#[test]
fn the_heartbeat_answer_gives_the_server_clock_once() {
    let mut c = ready_with(&[]);
    assert_eq!(c.take_server_time(), None, "no heartbeat answer yet");
    c.on_frame(&text(&ServerFrame::Pong {
        req_id: 99,
        max_seq: 0,
        server_time: 1_800_000_000,
    }));
    assert_eq!(c.take_server_time(), Some(1_800_000_000));
    assert_eq!(c.take_server_time(), None, "taken");
    c.on_frame(&text(&ServerFrame::Pong {
        req_id: 100,
        max_seq: 0,
        server_time: 0,
    }));
    assert_eq!(c.take_server_time(), None, "an older server sends none");
}
