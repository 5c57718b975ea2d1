//! `clearHistoryMessage` on the client: the conversation stays, read and empty; its messages
//! no longer show, from memory, the server's pages or the last message.

use super::*;
use edgechat_proto::fixtures::group_msg;
use serde_json::json;

fn list_entry(a: &[Action], id: &str) -> Value {
    let lists = emitted(a, event::CONVERSATION_LIST_UPDATED);
    let list = lists.last().expect("list updated");
    (list.as_array().expect("a list").iter())
        .find(|c| c["conversationID"] == id)
        .cloned()
        .expect(id)
}

fn settle(c: &mut ChatCore, call: &Call) -> Vec<Action> {
    let Some(ClientFrame::ClearHistory { req_id, .. }) = frames(&call.actions).first().cloned()
    else {
        panic!("no clearHistory frame: {:?}", call.actions)
    };
    c.on_frame(&text(&ServerFrame::Done { req_id }))
}

#[test]
fn a_one_to_one_conversation_is_emptied_and_stays() {
    let mut c = ready_with(&[stored(1, "alice", "bob", 7), stored(2, "bob", "alice", 8)]);
    let conversation = edgechat_proto::frame::Conversation {
        peer: "alice".into(),
        last_message: Some(stored(2, "bob", "alice", 8)),
        unread_count: 1,
        read_seq: 0,
        peer_read_time: 0,
        time: 100,
        removed: false,
    };
    c.on_frame(&text(&ServerFrame::Conversation { conversation }));
    let call = c.clear_history_message("C2Calice").expect("clear");
    let entry = list_entry(&call.actions, "C2Calice");
    assert_eq!(
        (entry["unreadCount"].clone(), entry["lastMessage"].clone()),
        (json!(0), json!({}))
    );
    let a = settle(&mut c, &call);
    assert!(a.contains(&Action::Resolve {
        key: call.key.clone(),
        data: json!({"conversationID": "C2Calice"})
    }));
    let page = c
        .get_message_list("C2Calice", None, Some(15))
        .expect("page");
    assert!(
        frames(&page.actions)
            .iter()
            .all(|f| matches!(f, ClientFrame::History { .. })),
        "nothing local is left to show"
    );

    assert_eq!(
        c.clear_history_message("C2Cnobody")
            .expect_err("unknown")
            .code(),
        2500
    );
    assert_eq!(
        c.clear_history_message("@TIM#SYSTEM")
            .expect_err("system")
            .code(),
        10004
    );
}

#[test]
fn a_groups_messages_so_far_are_hidden() {
    let mut c = ready_with(&[]);
    join_g1(
        &mut c,
        2,
        0,
        json!({ "lastMessage": group_msg("g1", 2, "alice", 50, "two") }),
    );
    let call = c.clear_history_message("GROUPg1").expect("clear");
    let entry = list_entry(&call.actions, "GROUPg1");
    assert_eq!(
        (entry["unreadCount"].clone(), entry["lastMessage"].clone()),
        (json!(0), json!({}))
    );
    settle(&mut c, &call);

    // A page the server gives with older messages shows only the newer ones.
    let page = c.get_message_list("GROUPg1", None, Some(15)).expect("page");
    let Some(ClientFrame::Group { req_id, op, .. }) = frames(&page.actions).first().cloned() else {
        panic!("no history request")
    };
    assert_eq!(op, "history");
    let messages = json!([
        group_msg("g1", 2, "alice", 50, "two"),
        group_msg("g1", 3, "alice", 60, "three")
    ]);
    let a = c.on_frame(&text(&ServerFrame::GroupResult {
        req_id,
        result: json!({"messages": messages, "complete": true}),
    }));
    let shown = a.iter().find_map(|x| match x {
        Action::Resolve { key, data } if *key == page.key => Some(data["messageList"].clone()),
        _ => None,
    });
    let shown = shown.expect("resolved");
    assert_eq!(shown.as_array().map(Vec::len), Some(1));
    assert_eq!(shown[0]["sequence"], 3);
    assert_eq!(
        c.clear_history_message("GROUPg1@TOPIC#_t")
            .expect_err("topic")
            .code(),
        10004
    );
}
