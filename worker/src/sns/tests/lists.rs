//! The friend list, blacklist, friend groups and profiles.

use super::{befriend, code, World};
use crate::sns::service::{Changed, PeerCall};
use crate::sns::store::{Direction, List, SnsStore};
use serde_json::{json, Value};

#[test]
fn delete_both_or_single_and_check() {
    let w = World::new();
    befriend(&w, "amy", "bob");
    befriend(&w, "amy", "cat");
    let check = |t: &str| {
        let v = w.cmd(
            "amy",
            "friend_check",
            json!({ "To_Account": ["bob", "cat", "dan"], "CheckType": t }),
        );
        let rel: Vec<Value> = (0..3)
            .map(|i| v["InfoItem"][i]["Relation"].clone())
            .collect();
        rel
    };
    assert_eq!(
        check("CheckResult_Type_Both")[0],
        "CheckResult_Type_BothWay"
    );
    let single = json!({ "To_Account": ["cat"], "DeleteType": "Delete_Type_Single" });
    w.cmd("amy", "friend_delete", single);
    assert_eq!(w.friends("cat"), ["amy"], "single keeps the peer's side");
    assert_eq!(check("CheckResult_Type_Both")[1], "CheckResult_Type_BWithA");
    assert_eq!(
        check("CheckResult_Type_Single")[2],
        "CheckResult_Type_NoRelation"
    );
    let r = w.cmd(
        "amy",
        "friend_delete",
        json!({ "To_Account": ["bob", "dan"] }),
    );
    assert_eq!((code(&r, 0), code(&r, 1)), (0, 31704));
    assert!(w.friends("bob").is_empty(), "both ways by default");
    let bad = json!({ "To_Account": ["bob"], "CheckType": "Both" });
    assert_eq!(w.fails("amy", "friend_check", bad), 30001);
    let bad = json!({ "To_Account": ["bob"], "DeleteType": "All" });
    assert_eq!(w.fails("amy", "friend_delete", bad), 30001);
}

#[test]
fn blocking_ends_friendship_and_applications() {
    let w = World::new();
    befriend(&w, "amy", "bob");
    w.add("cat", "amy");
    let r = w.cmd(
        "amy",
        "black_list_add",
        json!({ "To_Account": ["bob", "cat", "amy"] }),
    );
    assert_eq!((code(&r, 0), code(&r, 1), code(&r, 2)), (0, 0, 30001));
    assert!(w.friends("amy").is_empty() && w.friends("bob").is_empty());
    assert!(w
        .store("amy")
        .pendency("cat", Direction::In)
        .expect("present")
        .is_none());
    let again = w.cmd("amy", "black_list_add", json!({ "To_Account": ["bob"] }));
    assert_eq!(code(&again, 0), 30001, "already blocked");
    let v = w.cmd(
        "bob",
        "black_list_check",
        json!({ "To_Account": ["amy"], "CheckType": "BlackCheckResult_Type_Both" }),
    );
    assert_eq!(
        v["BlackListCheckItem"][0]["Relation"],
        "BlackCheckResult_Type_BWithA"
    );
    let page = w.cmd(
        "amy",
        "black_list_get",
        json!({ "StartIndex": 0, "MaxLimited": 1 }),
    );
    assert_eq!(page["BlackListItem"][0]["To_Account"], "bob");
    assert_eq!(page["StartIndex"], 1);
    assert_eq!(
        page["CurruentSequence"],
        w.store("amy").sequence(List::Blacklist).expect("present")
    );
    let r = w.cmd(
        "amy",
        "black_list_delete",
        json!({ "To_Account": ["cat", "dan"] }),
    );
    assert_eq!((code(&r, 0), code(&r, 1)), (0, 30001));
    assert_eq!(w.store("amy").blacklist_len().expect("present"), 1);
}

#[test]
fn friend_groups_hold_friends_only_within_the_limit() {
    let w = World::new();
    befriend(&w, "amy", "bob");
    let r = w.cmd(
        "amy",
        "group_add",
        json!({ "GroupName": ["work"], "To_Account": ["bob", "cat"] }),
    );
    assert_eq!(r["ResultItem"][1]["ResultCode"], 32216);
    assert_eq!(r["Fail_Account"], json!(["cat"]));
    assert_eq!(
        w.fails("amy", "group_add", json!({ "GroupName": ["work"] })),
        30001
    );
    let many: Vec<String> = (0..31).map(|i| format!("g{i}")).collect();
    assert_eq!(
        w.fails("amy", "group_add", json!({ "GroupName": many })),
        30011
    );
    assert_eq!(
        w.store("amy").group_names().expect("present"),
        ["mates", "work"]
    );
    w.cmd(
        "amy",
        "group_rename",
        json!({ "OldGroupName": "work", "NewGroupName": "job" }),
    );
    let rename_taken = json!({ "OldGroupName": "job", "NewGroupName": "mates" });
    assert_eq!(w.fails("amy", "group_rename", rename_taken), 30001);
    let got = w.cmd(
        "amy",
        "group_get",
        json!({ "NeedFriend": "Need_Friend_Type_Yes" }),
    );
    assert_eq!(
        got["ResultItem"][0],
        json!({ "GroupName": "job", "FriendNumber": 1, "To_Account": ["bob"] })
    );
    w.cmd(
        "amy",
        "group_delete",
        json!({ "GroupName": ["job", "mates"] }),
    );
    assert!(w
        .store("amy")
        .friend("bob")
        .expect("present")
        .expect("present")
        .groups
        .is_empty());
    assert_eq!(
        w.fails("amy", "group_delete", json!({ "GroupName": ["job"] })),
        30001
    );
}

#[test]
fn update_fails_per_friend_or_whole_for_undeclared_fields() {
    let w = World::new();
    befriend(&w, "amy", "bob");
    let body = json!({ "UpdateItem": [
        { "To_Account": "bob", "SnsItem": [{ "Tag": "Tag_SNS_IM_Remark", "Value": "Bobby" }, { "Tag": "Tag_SNS_Custom_Hobby", "Value": "go" }] },
        { "To_Account": "cat", "SnsItem": [{ "Tag": "Tag_SNS_IM_Remark", "Value": "C" }] }] });
    let r = w.cmd("amy", "friend_update", body);
    assert_eq!((code(&r, 0), code(&r, 1)), (0, 30001));
    let bob = w
        .store("amy")
        .friend("bob")
        .expect("present")
        .expect("present");
    assert_eq!(
        (bob.remark.as_str(), &bob.custom["Tag_SNS_Custom_Hobby"]),
        ("Bobby", &json!("go"))
    );
    let undeclared = json!({ "UpdateItem": [{ "To_Account": "bob", "SnsItem": [{ "Tag": "Tag_SNS_Custom_X", "Value": "1" }] }] });
    assert_eq!(w.fails("amy", "friend_update", undeclared), 30001);
    assert_eq!(
        w.store("amy")
            .friend("bob")
            .expect("present")
            .expect("present")
            .remark,
        "Bobby"
    );
}

#[test]
fn friend_get_pages_by_one_hundred() {
    let w = World::new();
    for i in 0..250 {
        w.admin("amy", "friend_import", json!({ "AddFriendItem": [{ "To_Account": format!("u{i}"), "AddSource": "AddSource_Type_Import" }] }));
    }
    let mut start = 0;
    let mut sizes = vec![];
    loop {
        let v = w.cmd("amy", "friend_get", json!({ "StartIndex": start }));
        sizes.push(v["UserDataItem"].as_array().expect("present").len());
        assert_eq!(v["FriendNum"], 250);
        start = v["NextStartIndex"].as_u64().expect("present");
        if v["CompleteFlag"] == 1 {
            break;
        }
    }
    assert_eq!((sizes, start), (vec![100, 100, 50], 0));
}

#[test]
fn profile_writes_and_reads_follow_field_access() {
    let w = World::new();
    befriend(&w, "amy", "bob");
    w.heard("amy");
    let set = |tag: &str, v: Value| json!({ "ProfileItem": [{ "Tag": tag, "Value": v }] });
    w.cmd(
        "bob",
        "portrait_set",
        set("Tag_Profile_Custom_Mood", json!("ok")),
    );
    assert_eq!(
        w.heard("amy"),
        [Changed::Profile("bob".into())],
        "friends hear of it"
    );
    assert_eq!(
        w.fails(
            "bob",
            "portrait_set",
            set("Tag_Profile_Custom_Rank", json!("1"))
        ),
        40008
    );
    w.cmd_as(
        "bob",
        true,
        "portrait_set",
        set("Tag_Profile_Custom_Rank", json!("1")),
    )
    .expect("admin writes");
    w.cmd_as(
        "bob",
        true,
        "portrait_set",
        set("Tag_Profile_Custom_Secret", json!("s")),
    )
    .expect("admin writes");
    assert_eq!(
        w.fails(
            "bob",
            "portrait_set",
            set("Tag_Profile_Custom_Nope", json!("x"))
        ),
        40009
    );
    assert_eq!(
        w.fails("bob", "portrait_set", json!({ "ProfileItem": [] })),
        40001
    );
    assert_eq!(
        w.fails("bob", "portrait_set", json!({ "ProfileItem": "x" })),
        40001
    );
    let all = w.cmd("amy", "portrait_get", json!({ "To_Account": ["bob"] }));
    let tags: Vec<&str> = all["UserProfileItem"][0]["ProfileItem"]
        .as_array()
        .expect("present")
        .iter()
        .filter_map(|i| i["Tag"].as_str())
        .collect();
    assert!(
        tags.contains(&"Tag_Profile_Custom_Mood") && !tags.contains(&"Tag_Profile_Custom_Secret"),
        "{tags:?}"
    );
    let ask = json!({ "To_Account": ["bob"], "TagList": ["Tag_Profile_Custom_Secret"] });
    assert_eq!(w.fails("amy", "portrait_get", ask.clone()), 40007);
    let own = w.cmd("bob", "portrait_get", ask);
    assert_eq!(own["UserProfileItem"][0]["ProfileItem"][0]["Value"], "s");
    let list = w.cmd("amy", "friend_get_list", json!({ "To_Account": ["bob", "cat"], "TagList": ["Tag_Profile_IM_Gender", "Tag_SNS_IM_AddSource"] }));
    assert_eq!(
        list["InfoItem"][0]["SnsProfileItem"],
        json!([
        { "Tag": "Tag_Profile_IM_Gender", "Value": "Gender_Type_Unknown" },
        { "Tag": "Tag_SNS_IM_AddSource", "Value": "AddSource_Type_Web" }])
    );
    assert_eq!(list["InfoItem"][1]["ResultCode"], 30001);
}

#[test]
fn unknown_commands_and_peer_calls_round_trip() {
    let w = World::new();
    assert_eq!(w.fails("amy", "friend_hug", json!({})), 60009);
    let call = PeerCall::Unfriended { from: "amy".into() };
    let wire = serde_json::to_value(&call).expect("present");
    assert_eq!(wire, json!({ "call": "unfriended", "from": "amy" }));
    assert_eq!(
        serde_json::from_value::<PeerCall>(wire).expect("present"),
        call
    );
}
