//! The recentcontact commands in Tencent's bodies, with their bad inputs.

use super::*;
use edgechat_proto::recent::MAX_GROUPS;

fn ok(state: &mut RecentState, cmd: &str, body: Value) -> Value {
    run(state, cmd, &body, 100).expect(cmd).0
}

fn code(state: &mut RecentState, cmd: &str, body: Value) -> u32 {
    let before = state.clone();
    let code = run(state, cmd, &body, 100).expect_err(cmd).code();
    assert_eq!(*state, before, "a refused {cmd} stores nothing");
    code
}

#[test]
fn contact_items_take_both_spellings_of_the_group_field() {
    for item in [
        json!({"Type": 2, "ToGroupId": "g1"}),
        json!({"Type": 2, "ToGroupid": "g1"}),
        json!({"Type": 2, "GroupId": "g1"}),
    ] {
        assert_eq!(contact(&item).expect("accepted"), "GROUPg1");
    }
    assert_eq!(
        contact(&json!({"Type": 1, "To_Account": "bob"})).expect("accepted"),
        "C2Cbob"
    );
    for bad in [
        json!({"Type": 3, "To_Account": "bob"}),
        json!({"To_Account": "bob"}),
        json!({"Type": 1}),
        json!({"Type": 2, "ToGroupId": ""}),
    ] {
        assert_eq!(
            contact(&bad).expect_err("refused").code(),
            codes::RECENT_INVALID_PARAMETER
        );
    }
    assert_eq!(
        contact_item("GROUPg1"),
        json!({"Type": 2, "ToGroupId": "g1"})
    );
}

#[test]
fn mark_contact_sets_standard_and_custom_marks_per_item() {
    let mut s = RecentState::default();
    let bob = json!({"Type": 1, "To_Account": "bob"});
    let answer = ok(
        &mut s,
        "mark_contact",
        json!({"MarkItem": [
            {"OptType": 3, "ContactItem": bob, "SetMark": [0, 3], "CustomMark": "abcd"},
            {"OptType": 1, "ContactItem": {"Type": 2, "ToGroupId": "g1"}, "SetMark": [64]},
            {"OptType": 4, "ContactItem": bob},
        ]}),
    );
    let codes_: Vec<u64> = (answer["ResultItem"].as_array().expect("accepted").iter())
        .map(|r| r["ResultCode"].as_u64().expect("accepted"))
        .collect();
    assert_eq!(codes_, vec![0, 50002, 50002]);
    assert!(answer["ResultItem"][1]["ResultInfo"]
        .as_str()
        .expect("accepted")
        .contains("64"));
    assert_eq!(s.get("C2Cbob").marks, 0b1001);
    assert_eq!(s.get("C2Cbob").custom_data, "abcd");
    assert!(s.get("GROUPg1").marks == 0, "the refused item set nothing");

    ok(
        &mut s,
        "mark_contact",
        json!({"MarkItem": [{"OptType": 1, "ContactItem": bob, "ClearMark": [0]}]}),
    );
    assert_eq!(s.get("C2Cbob").marks, 0b1000);
    ok(
        &mut s,
        "mark_contact",
        json!({"MarkItem": [{"OptType": 2, "ContactItem": bob}]}),
    );
    assert_eq!(
        s.get("C2Cbob").custom_data,
        "",
        "OptType 2 without CustomMark clears it"
    );

    assert_eq!(
        code(&mut s, "mark_contact", json!({"MarkItem": []})),
        codes::RECENT_MARK_BATCH
    );
    let many: Vec<Value> = (0..101)
        .map(|i| json!({"OptType": 1, "ContactItem": {"Type": 1, "To_Account": format!("u{i}")}, "SetMark": [0]}))
        .collect();
    assert_eq!(
        code(&mut s, "mark_contact", json!({"MarkItem": many})),
        codes::RECENT_MARK_BATCH
    );
    assert_eq!(
        code(&mut s, "mark_contact", json!({})),
        codes::RECENT_INVALID_PARAMETER
    );
    let long = "x".repeat(257);
    let r = ok(
        &mut s,
        "mark_contact",
        json!({"MarkItem": [{"OptType": 2, "ContactItem": bob, "CustomMark": long}]}),
    );
    assert_eq!(r["ResultItem"][0]["ResultCode"], 50002);
}

#[test]
fn groups_are_made_renamed_filled_and_deleted_in_tencents_bodies() {
    let mut s = RecentState::default();
    let bob = json!({"Type": 1, "To_Account": "bob"});
    let g1 = json!({"Type": 2, "ToGroupId": "g1"});
    let made = ok(
        &mut s,
        "create_contact_group",
        json!({"GroupContactItem": [
            {"GroupName": "work", "ContactItem": [bob, {"Type": 9}]}
        ]}),
    );
    let item = &made["GroupResultItem"][0];
    assert_eq!(
        item["GroupItem"],
        json!({"GroupName": "work", "GroupId": 1})
    );
    assert_eq!(item["ResultItem"][0]["ResultCode"], 0);
    assert_eq!(item["ResultItem"][1]["ResultCode"], 50002);

    let added = ok(
        &mut s,
        "update_contact_group",
        json!({"UpdateType": 1, "UpdateGroup": {
            "UpdateGroupType": 2, "OldGroupName": "work",
            "ContactUpdateItem": [{"ContactOptType": 1, "ContactItem": g1}, {"ContactOptType": 3, "ContactItem": g1}]
        }}),
    );
    let r = &added["UpdateGroupResult"];
    assert_eq!(
        (r["GroupId"].as_u64(), r["GroupName"].as_str()),
        (Some(1), Some("work"))
    );
    assert_eq!(r["ContactResultItem"][0]["ResultCode"], 0);
    assert_eq!(r["ContactResultItem"][1]["ResultCode"], 50002);
    assert_eq!(s.get("GROUPg1").groups, vec![1]);

    let renamed = ok(
        &mut s,
        "update_contact_group",
        json!({"UpdateType": 1, "UpdateGroup": {
        "UpdateGroupType": 1, "OldGroupName": "work", "NewGroupName": "job"}}),
    );
    assert_eq!(renamed["UpdateGroupResult"]["GroupName"], "job");

    let found = ok(
        &mut s,
        "search_contact_group",
        json!({"ContactItem": [bob, g1]}),
    );
    assert_eq!(found["ContactResultItem"][0]["ContactGroupId"], json!([1]));
    assert_eq!(
        found["GroupItem"],
        json!([{"GroupName": "job", "GroupId": 1}])
    );

    let page = ok(&mut s, "get_contact_group", json!({"StartIndex": 0}));
    assert_eq!(page["ContactItem"].as_array().expect("accepted").len(), 2);
    assert_eq!(
        (
            page["CompleteFlag"].as_u64(),
            page["NextStartIndex"].as_u64()
        ),
        (Some(1), Some(0))
    );

    let gone = ok(&mut s, "del_contact_group", json!({"GroupName": ["job"]}));
    assert_eq!(
        gone["GroupItem"],
        json!([{"GroupName": "job", "GroupId": 1}])
    );
    assert!(s.contacts.is_empty() && s.groups.is_empty());
}

#[test]
fn group_commands_refuse_bad_bodies_with_tencents_codes() {
    let mut s = RecentState::default();
    ok(
        &mut s,
        "create_contact_group",
        json!({"GroupContactItem": [{"GroupName": "a"}]}),
    );
    let two = json!({"GroupContactItem": [{"GroupName": "b"}, {"GroupName": "c"}]});
    assert_eq!(
        code(&mut s, "create_contact_group", two),
        codes::RECENT_INVALID_PARAMETER
    );
    let long = json!({"GroupContactItem": [{"GroupName": "n".repeat(33)}]});
    assert_eq!(
        code(&mut s, "create_contact_group", long),
        codes::CONTACT_GROUP_NAME
    );
    for i in 1..MAX_GROUPS {
        ok(
            &mut s,
            "create_contact_group",
            json!({"GroupContactItem": [{"GroupName": format!("g{i}")}]}),
        );
    }
    let full = json!({"GroupContactItem": [{"GroupName": "z"}]});
    assert_eq!(
        code(&mut s, "create_contact_group", full),
        codes::CONTACT_GROUPS_FULL
    );
    assert_eq!(
        code(&mut s, "del_contact_group", json!({"GroupName": ["nope"]})),
        codes::CONTACT_GROUP_NOT_FOUND
    );
    assert_eq!(
        code(
            &mut s,
            "del_contact_group",
            json!({"GroupName": ["a", "g1"]})
        ),
        codes::RECENT_INVALID_PARAMETER
    );
    let no_type = json!({"UpdateType": 2, "UpdateGroup": {"UpdateGroupType": 1, "OldGroupName": "a", "NewGroupName": "b"}});
    assert_eq!(
        code(&mut s, "update_contact_group", no_type),
        codes::RECENT_INVALID_PARAMETER
    );
    let missing = json!({"UpdateType": 1, "UpdateGroup": {"UpdateGroupType": 2, "OldGroupName": "nope", "ContactUpdateItem": []}});
    assert_eq!(
        code(&mut s, "update_contact_group", missing),
        codes::CONTACT_GROUP_NOT_FOUND
    );
    assert_eq!(
        code(&mut s, "get_contact_group", json!({"StartIndex": -1})),
        codes::RECENT_INVALID_PARAMETER
    );
    assert_eq!(
        run(&mut s, "nope", &json!({}), 1)
            .expect_err("refused")
            .code(),
        60009
    );
}

#[test]
fn pins_answer_with_the_flag() {
    let mut s = RecentState::default();
    let r = ok(
        &mut s,
        "pin_contact",
        json!({"ContactItem": {"Type": 1, "To_Account": "bob"}, "TopFlag": 1}),
    );
    assert_eq!(r["TopFlag"], 1);
    assert!(s.get("C2Cbob").pinned);
    let (_, changed) = run(
        &mut s,
        "pin_contact",
        &json!({"ContactItem": {"Type": 1, "To_Account": "bob"}, "TopFlag": 1}),
        5,
    )
    .expect("accepted");
    assert!(!changed);
    assert_eq!(
        code(
            &mut s,
            "pin_contact",
            json!({"ContactItem": {"Type": 1, "To_Account": "bob"}, "TopFlag": 2})
        ),
        50002
    );
}

#[test]
fn the_list_puts_pinned_conversations_first_and_pages() {
    let mut s = RecentState::default();
    s.pin("GROUPold", true, 1).expect("accepted");
    s.mark("C2Cbob", 0b101, 0, 1).expect("accepted");
    let mut entries: Vec<ListEntry> = (0..150)
        .map(|i| ListEntry {
            id: format!("C2Cu{i}"),
            time: 1000 + i,
        })
        .collect();
    entries.push(ListEntry {
        id: "GROUPold".into(),
        time: 5,
    });
    entries.push(ListEntry {
        id: "C2Cbob".into(),
        time: 2000,
    });
    let first = list_page(
        entries.clone(),
        &s,
        &json!({"StartIndex": 0, "AssistFlags": 63}),
    )
    .expect("accepted");
    let items = first["SessionItem"].as_array().expect("accepted");
    assert_eq!(items.len(), 100);
    assert_eq!(
        items[0],
        json!({"Type": 2, "GroupId": "old", "MsgTime": 5, "TopFlag": 1})
    );
    assert_eq!(items[1]["StandardMark"], "101");
    assert_eq!(first["CompleteFlag"], 0);
    let next = first["StartIndex"].clone();
    let second = list_page(entries, &s, &json!({"StartIndex": next})).expect("accepted");
    assert_eq!(
        second["SessionItem"].as_array().expect("accepted").len(),
        52
    );
    assert_eq!(second["CompleteFlag"], 1);
    let bad = list_page(vec![], &s, &json!({"TimeStamp": "x"})).expect_err("refused");
    assert_eq!(bad.code(), codes::RECENT_INVALID_PARAMETER);
}
