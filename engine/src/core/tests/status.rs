//! `subscribeUserStatus`: the IDs the server could not watch come back in `failureUserList`,
//! and only the watched ones are announced.

use super::*;
use edgechat_proto::frame::{StatusFailure, UserStatus};
use serde_json::json;

#[test]
fn failures_are_reported_and_only_watched_users_announced() {
    let mut c = ready_with(&[]);
    let ids = ["alice".to_owned(), "ghost".to_owned()];
    let call = c.subscribe_user_status(&ids, true).expect("subscribe");
    let Some(ClientFrame::SubscribeStatus { req_id, .. }) = frames(&call.actions).first().cloned()
    else {
        panic!("no subscribeStatus frame: {:?}", call.actions)
    };
    let ghost = StatusFailure {
        user_id: "ghost".into(),
        code: 70107,
        message: "ghost is not imported".into(),
    };
    let alice = UserStatus {
        user_id: "alice".into(),
        status_type: 1,
        custom_status: String::new(),
    };
    let a = c.on_frame(&text(&ServerFrame::StatusList {
        req_id,
        list: vec![alice],
        failures: vec![ghost.clone()],
    }));
    let announced = emitted(&a, event::USER_STATUS_UPDATED);
    assert_eq!(announced.len(), 1);
    assert_eq!(announced[0][0]["userID"], "alice");
    assert!(a.contains(&Action::Resolve {
        key: call.key.clone(),
        data: json!({ "failureUserList": [
            { "userID": "ghost", "code": 70107, "message": "ghost is not imported" }
        ] }),
    }));

    // Nobody could be watched: nothing is announced, the call still resolves with the failures.
    let call = c.subscribe_user_status(&ids[1..], true).expect("again");
    let Some(ClientFrame::SubscribeStatus { req_id, .. }) = frames(&call.actions).first().cloned()
    else {
        panic!("no subscribeStatus frame")
    };
    let a = c.on_frame(&text(&ServerFrame::StatusList {
        req_id,
        list: vec![],
        failures: vec![ghost],
    }));
    assert!(emitted(&a, event::USER_STATUS_UPDATED).is_empty());
    assert!(a
        .iter()
        .any(|x| matches!(x, Action::Resolve { key, .. } if *key == call.key)));
}
