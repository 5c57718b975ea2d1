//! `modifyMessage` on a group message: the command it sends and the copy it resolves with.

use super::*;
use edgechat_proto::fixtures::group_msg;
use edgechat_proto::message::MsgElem;
use serde_json::json;

#[test]
fn a_group_message_is_modified_through_the_group() {
    let mut c = ready_with(&[]);
    join_g1(&mut c, 0, 0, json!({}));
    let mine = group_msg("g1", 1, "bob", 60, "tpyo");
    c.on_frame(&text(&ServerFrame::GroupMsg {
        message: mine.clone(),
    }));
    let id = crate::view::group_message_id(&mine);
    let call = c
        .modify_message(&id, vec![MsgElem::text("typo")], Some("v2".into()))
        .expect("modify");
    let Some(ClientFrame::Group {
        req_id, op, body, ..
    }) = frames(&call.actions).first().cloned()
    else {
        panic!("no group frame")
    };
    assert_eq!(op, "modify_group_msg");
    assert_eq!(
        (body["MsgSeq"].clone(), body["CloudCustomData"].clone()),
        (json!(1), json!("v2"))
    );
    let a = c.on_frame(&text(&ServerFrame::GroupResult {
        req_id,
        result: json!({}),
    }));
    let data = a
        .iter()
        .find_map(|x| match x {
            Action::Resolve { key, data } if *key == call.key => Some(data.clone()),
            _ => None,
        })
        .expect("resolved");
    assert_eq!(data["message"]["payload"]["text"], "typo");
    assert_eq!(data["message"]["cloudCustomData"], "v2");
}
