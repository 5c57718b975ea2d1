//! Becoming friends: allow types, applications and their answers, refusals, import.

use super::{code, World};
use crate::sns::service::Changed;
use crate::sns::store::{Direction, SnsStore};
use edgechat_proto::codes;
use serde_json::json;

#[test]
fn allow_any_makes_friends_both_ways_at_once() {
    let w = World::new();
    w.allow("bob", "AllowType_Type_AllowAny");
    w.heard("bob");
    let r = w.add("amy", "bob");
    assert_eq!(code(&r, 0), 0);
    assert_eq!(w.friends("amy"), ["bob"]);
    assert_eq!(w.friends("bob"), ["amy"]);
    assert_eq!(
        w.store("amy")
            .friend("bob")
            .expect("present")
            .expect("present")
            .groups,
        ["mates"]
    );
    assert_eq!(w.heard("bob"), [Changed::Friends]);
}

#[test]
fn confirmation_waits_then_agree_and_add() {
    let w = World::new();
    let r = w.add("amy", "bob");
    assert_eq!(code(&r, 0), 30539);
    assert_eq!(r["Fail_Account"], json!(["bob"]));
    assert!(w.friends("amy").is_empty());
    let apps = w.cmd("bob", "pendency_get", json!({}));
    assert_eq!(apps["UnreadPendencyCount"], 1);
    assert_eq!(
        apps["PendencyItem"][0]["PendencyType"],
        "Pendency_Type_ComeIn"
    );
    w.cmd("bob", "pendency_read", json!({}));
    assert_eq!(
        w.cmd("bob", "pendency_get", json!({}))["UnreadPendencyCount"],
        0
    );
    w.cmd(
        "bob",
        "pendency_response",
        json!({ "To_Account": "amy", "ResponseAction": "Response_Action_AgreeAndAdd" }),
    );
    assert_eq!(w.friends("amy"), ["bob"]);
    assert_eq!(w.friends("bob"), ["amy"]);
    assert_eq!(
        w.store("amy").group_names().expect("present"),
        ["mates"],
        "the asker's group"
    );
    assert!(w.store("amy").pendencies(None).expect("present").is_empty());
    assert!(w.store("bob").pendencies(None).expect("present").is_empty());
}

#[test]
fn a_refusal_ends_both_applications() {
    let w = World::new();
    w.add("amy", "bob");
    w.cmd(
        "bob",
        "pendency_response",
        json!({ "To_Account": "amy", "ResponseAction": "Refuse" }),
    );
    assert!(w.friends("amy").is_empty() && w.friends("bob").is_empty());
    assert!(w
        .store("amy")
        .pendency("bob", Direction::Out)
        .expect("present")
        .is_none());
}

#[test]
fn a_bad_answer_keeps_the_application() {
    let w = World::new();
    w.add("amy", "bob");
    let long = "r".repeat(97);
    let e = w.fails(
        "bob",
        "pendency_response",
        json!({ "To_Account": "amy", "ResponseAction": "Response_Action_AgreeAndAdd", "Remark": long }),
    );
    assert_eq!(e, 30001);
    assert!(w
        .store("bob")
        .pendency("amy", Direction::In)
        .expect("present")
        .is_some());
    assert_eq!(
        w.fails("bob", "pendency_response", json!({ "To_Account": "cat" })),
        30001,
        "no application from cat"
    );
}

#[test]
fn refused_requests_carry_tencent_codes_and_store_nothing() {
    let w = World::new();
    w.allow("bob", "AllowType_Type_DenyAny");
    assert_eq!(code(&w.add("amy", "bob"), 0), 30516);
    w.cmd("amy", "black_list_add", json!({ "To_Account": ["cat"] }));
    assert_eq!(code(&w.add("amy", "cat"), 0), 30515);
    assert_eq!(code(&w.add("cat", "amy"), 0), 30525);
    assert_eq!(
        code(&w.add("amy", "zoe"), 0),
        30003,
        "zoe was never imported"
    );
    assert_eq!(code(&w.add("amy", "amy"), 0), 30001);
    w.cmd_as(
        "dan",
        true,
        "portrait_set",
        json!({ "ProfileItem": [{ "Tag": "Tag_Profile_IM_AdminForbidType", "Value": "AdminForbid_Type_SendOut" }] }),
    )
    .expect("admin sets");
    assert_eq!(code(&w.add("dan", "cat"), 0), 30009);
    let lift = json!({ "ProfileItem": [{ "Tag": "Tag_Profile_IM_AdminForbidType", "Value": "AdminForbid_Type_None" }] });
    assert_eq!(
        w.fails("dan", "portrait_set", lift),
        codes::PROFILE_NO_WRITE_PERMISSION,
        "dan cannot lift the admin's ban himself"
    );
    assert_eq!(code(&w.add("dan", "cat"), 0), 30009);
    // A user's ForceAddFlags would skip the target's confirmation: admins only.
    w.allow("bob", "AllowType_Type_DenyAny");
    let force = json!({ "AddFriendItem": [{ "To_Account": "bob", "AddSource": "AddSource_Type_Web" }], "ForceAddFlags": 1 });
    assert_eq!(
        w.fails("amy", "friend_add", force.clone()),
        codes::SNS_ADMIN_REQUIRED
    );
    assert!(!w.friends("bob").contains(&"amy".to_owned()));
    w.allow("bob", "AllowType_Type_AllowAny");
    let no_source = json!({ "AddFriendItem": [{ "To_Account": "dan" }] });
    assert_eq!(code(&w.cmd("amy", "friend_add", no_source), 0), 30001);
    let bad_type = json!({ "AddFriendItem": [{ "To_Account": "dan", "AddSource": "AddSource_Type_Web" }], "AddType": "Both" });
    assert_eq!(w.fails("amy", "friend_add", bad_type), 30001);
    assert_eq!(
        w.fails("amy", "friend_add", json!({ "AddFriendItem": "dan" })),
        30001
    );
    assert_eq!(
        w.fails("amy", "friend_add", json!({ "AddFriendItem": [] })),
        30001
    );
    for u in ["amy", "bob", "cat", "dan"] {
        assert!(w.friends(u).is_empty(), "{u} has no friends");
        let out = w
            .store(u)
            .pendencies(Some(Direction::Out))
            .expect("present");
        assert!(out.is_empty(), "{u} has no application");
    }
}

#[test]
fn import_is_one_way_with_its_own_fields() {
    let w = World::new();
    let body = json!({ "AddFriendItem": [{ "To_Account": "bob", "AddSource": "AddSource_Type_Import",
        "GroupName": ["a", "b"], "AddTime": 42, "Remark": "B",
        "CustomItem": [{ "Tag": "Tag_SNS_Custom_Hobby", "Value": "chess" }] }] });
    assert_eq!(
        w.fails("amy", "friend_import", body.clone()),
        codes::SNS_ADMIN_REQUIRED,
        "a user's own socket cannot import friends"
    );
    assert_eq!(code(&w.admin("amy", "friend_import", body), 0), 0);
    let bob = w.store("amy").friend("bob").expect("present").expect("bob");
    assert_eq!(
        (bob.add_time, bob.groups.clone()),
        (42, vec!["a".into(), "b".into()])
    );
    assert_eq!(bob.custom["Tag_SNS_Custom_Hobby"], "chess");
    assert!(w.friends("bob").is_empty(), "one way");
    let undeclared = json!({ "AddFriendItem": [{ "To_Account": "cat", "AddSource": "AddSource_Type_Import",
        "CustomItem": [{ "Tag": "Tag_SNS_Custom_Nope", "Value": "x" }] }] });
    assert_eq!(code(&w.admin("amy", "friend_import", undeclared), 0), 30001);
    assert_eq!(w.friends("amy"), ["bob"]);
}
