//! Conversation settings on the client: the calls' frames and results, the SDK's own refusals,
//! and the events a new state makes (wherever it came from).

use super::*;
use edgechat_proto::recent::RecentState;
use serde_json::json;

/// Ready, with one conversation (with alice).
fn ready() -> ChatCore {
    let mut c = ready_with(&[stored(1, "alice", "bob", 7)]);
    let conversation = edgechat_proto::frame::Conversation {
        peer: "alice".into(),
        last_message: None,
        unread_count: 0,
        read_seq: 0,
        peer_read_time: 0,
        time: 100,
        removed: false,
    };
    let newer = edgechat_proto::frame::Conversation {
        peer: "carol".into(),
        time: 200,
        ..conversation.clone()
    };
    c.on_frame(&text(&ServerFrame::Conversation { conversation }));
    c.on_frame(&text(&ServerFrame::Conversation {
        conversation: newer,
    }));
    c
}

/// Runs `method`; returns the request id and body of its `recent` frame.
fn command(c: &mut ChatCore, method: &str, args: Value) -> (String, u64, String, Value) {
    let call = c.recent_call(method, &args).expect(method);
    match frames(&call.actions).first() {
        Some(ClientFrame::Recent { req_id, op, body }) => {
            (call.key, *req_id, op.clone(), body.clone())
        }
        other => panic!("no recent frame: {other:?}"),
    }
}

fn answer(c: &mut ChatCore, req_id: u64, result: Value, state: &RecentState) -> Vec<Action> {
    c.on_frame(&text(&ServerFrame::RecentResult {
        req_id,
        result,
        state: state.clone(),
    }))
}

fn resolved<'a>(a: &'a [Action], key: &str) -> &'a Value {
    a.iter()
        .find_map(|x| match x {
            Action::Resolve { key: k, data } if k == key => Some(data),
            _ => None,
        })
        .expect("resolved")
}

fn conversation(a: &[Action], id: &str) -> Value {
    let lists = emitted(a, event::CONVERSATION_LIST_UPDATED);
    let list = lists.last().expect("list updated");
    list.as_array()
        .expect("accepted")
        .iter()
        .find(|c| c["conversationID"] == id)
        .cloned()
        .expect(id)
}

#[test]
fn a_pin_is_sent_and_the_answer_reorders_the_list() {
    let mut c = ready();
    let (key, req, op, body) = command(
        &mut c,
        "pinConversation",
        json!({"conversationID": "C2Calice", "isPinned": true}),
    );
    assert_eq!(op, "pin_contact");
    assert_eq!(
        body,
        json!({"ContactItem": {"Type": 1, "To_Account": "alice"}, "TopFlag": 1})
    );
    let mut state = RecentState::default();
    state.pin("C2Calice", true, 5).expect("accepted");
    let a = answer(&mut c, req, json!({"TopFlag": 1}), &state);
    assert_eq!(resolved(&a, &key), &json!({"conversationID": "C2Calice"}));
    let v = conversation(&a, "C2Calice");
    assert_eq!(
        (v["isPinned"].as_bool(), v["markList"].clone()),
        (Some(true), json!([]))
    );
    // Pinned first, however old: carol's newer conversation comes after.
    let lists = emitted(&a, event::CONVERSATION_LIST_UPDATED);
    let order: Vec<&Value> = (lists[0].as_array().expect("accepted").iter())
        .map(|c| &c["conversationID"])
        .collect();
    assert_eq!(order, vec!["C2Calice", "C2Ccarol"]);

    // Pinning what is pinned settles at once; a bad ID is refused with the SDK's code.
    let same = c
        .recent_call(
            "pinConversation",
            &json!({"conversationID": "C2Calice", "isPinned": true}),
        )
        .expect("accepted");
    assert!(frames(&same.actions).is_empty());
    let bad = c.recent_call(
        "pinConversation",
        &json!({"conversationID": "alice", "isPinned": true}),
    );
    assert_eq!(bad.expect_err("refused").code(), 2503);
    let bad = c.recent_call("pinConversation", &json!({"conversationID": "C2Calice"}));
    assert_eq!(bad.expect_err("refused").code(), 10004);
}

#[test]
fn marks_name_their_bit_and_unusable_conversations_fail_here() {
    let mut c = ready();
    let args = json!({"conversationIDList": ["C2Calice", "C2Cnobody", "nope"], "markType": 2, "enableMark": true});
    let (key, req, op, body) = command(&mut c, "markConversation", args);
    assert_eq!(op, "mark_contact");
    assert_eq!(
        body["MarkItem"],
        json!([{"OptType": 1, "ContactItem": {"Type": 1, "To_Account": "alice"}, "SetMark": [1]}])
    );
    let mut state = RecentState::default();
    state.mark("C2Calice", 2, 0, 5).expect("accepted");
    let result = json!({"ResultItem": [{"OptType": 1, "ContactItem": {"Type": 1, "To_Account": "alice"}, "ResultCode": 0, "ResultInfo": ""}]});
    let a = answer(&mut c, req, result, &state);
    let data = resolved(&a, &key);
    assert_eq!(data["successConversationIDList"], json!(["C2Calice"]));
    let codes: Vec<&Value> = data["failureConversationIDList"]
        .as_array()
        .expect("accepted")
        .iter()
        .map(|f| &f["code"])
        .collect();
    assert_eq!(codes, vec![&json!(2500), &json!(2503)]);
    assert_eq!(conversation(&a, "C2Calice")["markList"], json!([2]));

    // A custom mark is 2^n with 32 <= n < 64; anything else is refused before any frame.
    let (_, _, _, body) = command(
        &mut c,
        "markConversation",
        json!({"conversationIDList": ["C2Calice"], "markType": 2f64.powi(40), "enableMark": false}),
    );
    assert_eq!(body["MarkItem"][0]["ClearMark"], json!([40]));
    for bad in [json!(3), json!(16), json!(0), json!("x")] {
        let r = c.recent_call(
            "markConversation",
            &json!({"conversationIDList": ["C2Calice"], "markType": bad, "enableMark": true}),
        );
        assert_eq!(r.expect_err("refused").code(), 10004);
    }
    let none = c
        .recent_call(
            "markConversation",
            &json!({"conversationIDList": ["C2Cnobody"], "markType": 1, "enableMark": true}),
        )
        .expect("accepted");
    assert!(
        frames(&none.actions).is_empty(),
        "nothing usable: nothing sent"
    );
    let empty = c.recent_call(
        "setConversationCustomData",
        &json!({"conversationIDList": [], "customData": "x"}),
    );
    assert_eq!(empty.expect_err("refused").code(), 10004);
}

#[test]
fn a_new_group_and_its_members_are_events() {
    let mut c = ready();
    let args = json!({"conversationIDList": ["C2Calice"], "groupName": "work"});
    let (key, req, op, body) = command(&mut c, "createConversationGroup", args);
    assert_eq!(op, "create_contact_group");
    assert_eq!(body["GroupContactItem"][0]["GroupName"], "work");
    let mut state = RecentState::default();
    let id = state.create_group("work").expect("accepted");
    state.add_to_group(id, "C2Calice", 5).expect("accepted");
    let result = json!({"GroupResultItem": [{"GroupItem": {"GroupName": "work", "GroupId": id},
        "ResultItem": [{"ContactItem": {"Type": 1, "To_Account": "alice"}, "ResultCode": 0}]}]});
    let a = answer(&mut c, req, result, &state);
    assert_eq!(
        resolved(&a, &key)["successConversationIDList"],
        json!(["C2Calice"])
    );
    assert_eq!(
        emitted(&a, event::CONVERSATION_GROUP_LIST_UPDATED),
        vec![&json!(["work"])]
    );
    let in_group = emitted(&a, event::CONVERSATION_IN_GROUP_UPDATED);
    assert_eq!(in_group[0]["groupName"], "work");
    assert_eq!(
        in_group[0]["conversationList"][0]["conversationID"],
        "C2Calice"
    );
    assert_eq!(
        conversation(&a, "C2Calice")["conversationGroupList"],
        json!(["work"])
    );
    let list = c
        .recent_call("getConversationGroupList", &json!({}))
        .expect("accepted");
    assert_eq!(resolved(&list.actions, &list.key), &json!(["work"]));

    // Renamed on another device: the push alone updates the list and the conversation.
    state.rename_group("work", "job").expect("accepted");
    let a = c.on_frame(&text(&ServerFrame::RecentUpdate {
        state: state.clone(),
    }));
    assert_eq!(
        emitted(&a, event::CONVERSATION_GROUP_LIST_UPDATED),
        vec![&json!(["job"])]
    );
    assert_eq!(
        conversation(&a, "C2Calice")["conversationGroupList"],
        json!(["job"])
    );
    assert!(
        c.on_frame(&text(&ServerFrame::RecentUpdate { state }))
            .is_empty(),
        "no change, no event"
    );
}

#[test]
fn a_refusal_rejects_with_the_servers_code() {
    let mut c = ready();
    let (key, req, _, _) = command(
        &mut c,
        "deleteConversationGroup",
        json!({"groupName": "nope"}),
    );
    let a = c.on_frame(&text(&ServerFrame::Error {
        req_id: Some(req),
        code: 51009,
        message: "no group".into(),
    }));
    assert!(a.contains(&Action::Reject {
        key,
        code: 51009,
        message: "no group".into()
    }));
    assert_eq!(
        c.recent_call("deleteConversationGroup", &json!({}))
            .expect_err("refused")
            .code(),
        10004
    );
    assert_eq!(
        c.recent_call("nope", &json!({}))
            .expect_err("refused")
            .code(),
        10004
    );
}

#[test]
fn receive_options_show_on_conversations_and_leave_the_total() {
    let mut c = ready();
    let (_, _, op, _) = command(
        &mut c,
        "setC2CMessageRemindType",
        json!({"userIDList": ["alice"], "messageRemindType": "AcceptNotNotify"}),
    );
    assert_eq!(op, "set_c2c_remind");
    let (key, req, _, body) = command(
        &mut c,
        "setC2CMessageRemindType",
        json!({"userIDList": ["alice", "x"], "messageRemindType": "Discard"}),
    );
    assert_eq!(
        body,
        json!({"To_Account": ["alice", "x"], "MsgFlag": "Discard"})
    );
    let mut state = RecentState::default();
    state
        .set_remind("C2Calice", edgechat_proto::group::MsgFlag::Discard, 5)
        .expect("set");
    let result = json!({"ResultItem": [
        {"To_Account": "alice", "ResultCode": 0, "ResultInfo": ""},
        {"To_Account": "x", "ResultCode": 50002, "ResultInfo": "bad"},
    ]});
    let a = answer(&mut c, req, result, &state);
    assert_eq!(
        resolved(&a, &key),
        &json!({"successUserIDList": [{"userID": "alice"}],
                "failureUserIDList": [{"userID": "x", "code": 50002, "message": "bad"}]})
    );
    assert_eq!(conversation(&a, "C2Calice")["messageRemindType"], "Discard");
    assert_eq!(
        conversation(&a, "C2Ccarol")["messageRemindType"],
        "AcceptAndNotify"
    );

    // The option for all messages: set anywhere, an event here; read locally.
    state.all_receive = Some(edgechat_proto::recent::AllReceiveOpt {
        flag: edgechat_proto::group::MsgFlag::AcceptNotNotify,
        start_time: 100,
        end_time: 200,
        is_repeated: true,
    });
    let a = c.on_frame(&text(&ServerFrame::RecentUpdate {
        state: state.clone(),
    }));
    let expected = json!({"messageRemindType": "AcceptNotNotify", "startTime": 100, "endTime": 200, "isRepeated": true});
    assert_eq!(
        emitted(&a, event::ALL_RECEIVE_MESSAGE_OPT_UPDATED),
        vec![&expected]
    );
    let read = c
        .recent_call("getAllReceiveMessageOpt", &json!({}))
        .expect("read");
    assert_eq!(resolved(&read.actions, &read.key), &expected);
    let bad = c.recent_call(
        "setC2CMessageRemindType",
        &json!({"userIDList": ["alice"], "messageRemindType": "Sometimes"}),
    );
    assert_eq!(bad.expect_err("refused").code(), 10004);
    let none = c.recent_call(
        "setC2CMessageRemindType",
        &json!({"userIDList": [], "messageRemindType": "Discard"}),
    );
    assert_eq!(none.expect_err("refused").code(), 10004);
}
