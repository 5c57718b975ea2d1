//! Community rules over the in-memory store: topics with their own SEQ, and permission
//! groups deciding who may send, @all, manage members and speak in a topic.

use super::memory::MemoryGroup;
use super::msg_rate::GroupRate;
use super::requests::typed as parse;
use super::requests::PermissionGroupIds;
use super::rules::*;
use super::store::GroupStore;
use super::tests::changes;
use super::tests::{make, send, text, uid};
use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupType, Role};
use serde_json::json;

/// A typed request from a JSON body, as the command layer parses it.
fn typed<T: serde::de::DeserializeOwned>(body: &serde_json::Value) -> T {
    parse("test", body).expect("a valid request")
}

#[test]
fn community_topics_have_their_own_seq_and_rules() {
    let store = MemoryGroup::default();
    create(
        &store,
        CreateRequest {
            id: GroupId::parse("@TGS#_club").expect("id"),
            ty: GroupType::Community,
            owner: Some(uid("owner")),
            name: "club".into(),
            introduction: String::new(),
            notification: String::new(),
            face_url: String::new(),
            max_member_num: None,
            apply_join_option: None,
            members: vec![(uid("m"), Role::Member)],
            support_topic: true,
            enable_permission_group: false,
            default_permissions: 0,
        },
        100,
    )
    .expect("create");
    let mut g = Group::load(&store, "@TGS#_club").expect("load");
    let owner = Caller::user(uid("owner"));
    let e = g
        .create_topic(
            &Caller::user(uid("m")),
            typed(&json!({ "TopicName": "x" })),
            101,
        )
        .expect_err("members do not manage topics");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    let custom = g
        .create_topic(
            &owner,
            typed(&json!({ "TopicId": "@TGS#_club@TOPIC#_news", "TopicName": "News" })),
            101,
        )
        .expect("custom id");
    assert_eq!(custom.reply["TopicId"], "@TGS#_club@TOPIC#_news");
    // Every member hears of it (TOPIC_CREATED).
    assert!(custom.notices[0].everyone);
    assert_eq!(custom.notices[0].body["OpType"], 105);
    assert_eq!(custom.notices[0].body["TopicId"], "@TGS#_club@TOPIC#_news");
    let generated = g
        .create_topic(&owner, typed(&json!({ "TopicName": "Chat" })), 102)
        .expect("generated");
    let chat = generated.reply["TopicId"].as_str().expect("id").to_owned();
    assert!(chat.starts_with("@TGS#_club@TOPIC#_@TOPIC#"));
    for (body, c) in [
        (
            json!({ "TopicId": "@TGS#_club@TOPIC#_news", "TopicName": "again" }),
            codes::GROUP_ID_TAKEN,
        ),
        (
            json!({ "TopicId": "@TGS#_other@TOPIC#_x", "TopicName": "x" }),
            codes::INVALID_PARAMETER,
        ),
        (json!({ "TopicName": "" }), codes::INVALID_PARAMETER),
        (
            json!({ "TopicName": "n".repeat(151) }),
            codes::INVALID_PARAMETER,
        ),
    ] {
        assert_eq!(
            g.create_topic(&owner, typed(&body), 103)
                .map_err(|e| e.code())
                .err(),
            Some(c),
            "{body}"
        );
    }
    // Each topic and the group count their own SEQs.
    let mut rate = GroupRate::default();
    let mut in_topic = |topic: Option<&str>, r: u32| {
        let mut req = text("m", r);
        req.topic = topic.map(str::to_owned);
        g.send(&Caller::user(uid("m")), req, &mut rate, 200)
            .expect("send")
            .0
            .message()
            .seq
    };
    assert_eq!(in_topic(Some("@TGS#_club@TOPIC#_news"), 1), 1);
    assert_eq!(in_topic(Some("@TGS#_club@TOPIC#_news"), 2), 2);
    assert_eq!(in_topic(Some(&chat), 3), 1);
    assert_eq!(in_topic(None, 4), 1);
    let page = g
        .sync_in(&Caller::user(uid("m")), "@TGS#_club@TOPIC#_news", 0, 10)
        .expect("page");
    assert_eq!(
        page.messages.iter().map(|m| m.seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
    assert!(page
        .messages
        .iter()
        .all(|m| m.topic_id.as_deref() == Some("@TGS#_club@TOPIC#_news")));
    let mut req = text("m", 9);
    req.topic = Some("@TGS#_club@TOPIC#_gone".into());
    assert_eq!(
        g.send(&Caller::user(uid("m")), req, &mut GroupRate::default(), 200)
            .map_err(|e| e.code())
            .err(),
        Some(codes::GROUP_NOT_FOUND)
    );
    let fx = g
        .destroy_topics(
            &owner,
            typed(&json!({ "TopicIdList": ["@TGS#_club@TOPIC#_news", "@TGS#_club@TOPIC#_none"] })),
        )
        .expect("destroy");
    assert_eq!(
        fx.reply["DestroyResultItem"][1]["ErrorCode"],
        codes::GROUP_NOT_FOUND
    );
    assert_eq!(store.topics().expect("topics").len(), 1);
    assert_eq!(fx.notices[0].body["OpType"], 106);
    assert_eq!(
        fx.notices[0].body["TopicIdList"],
        json!(["@TGS#_club@TOPIC#_news"]),
        "only the ones deleted"
    );
    let renamed = g
        .modify_topic(
            &owner,
            typed(&json!({ "TopicId": chat, "TopicName": "Lounge" })),
        )
        .expect("modify");
    assert_eq!(renamed.notices[0].body["OpType"], 107);
    assert_eq!(renamed.notices[0].body["TopicInfo"]["TopicName"], "Lounge");
    // A group without SupportTopic has none.
    let plain = MemoryGroup::default();
    make(&plain, GroupType::Public, &[]);
    let mut p = Group::load(&plain, "g1").expect("load");
    assert_eq!(
        p.create_topic(&Caller::admin(), typed(&json!({ "TopicName": "x" })), 101)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
}

#[test]
fn permission_groups_open_operations_by_bit() {
    use super::pmg::*;
    let store = MemoryGroup::default();
    create(
        &store,
        CreateRequest {
            id: GroupId::parse("@TGS#_guild").expect("id"),
            ty: GroupType::Community,
            owner: Some(uid("owner")),
            name: "guild".into(),
            introduction: String::new(),
            notification: String::new(),
            face_url: String::new(),
            max_member_num: None,
            apply_join_option: None,
            members: vec![
                (uid("mod"), Role::Admin),
                (uid("talker"), Role::Member),
                (uid("quiet"), Role::Member),
            ],
            support_topic: true,
            enable_permission_group: true,
            default_permissions: 0,
        },
        100,
    )
    .expect("create");
    let mut g = Group::load(&store, "@TGS#_guild").expect("load");
    let owner = Caller::user(uid("owner"));
    let talker = Caller::user(uid("talker"));
    // Nobody but the owner may speak until a permission group says so; admins are members too.
    assert_eq!(
        send(&mut g, "talker", 1, 200).err(),
        Some(codes::NO_PERMISSION)
    );
    assert_eq!(
        send(&mut g, "mod", 2, 200).err(),
        Some(codes::NO_PERMISSION)
    );
    assert!(send(&mut g, "owner", 3, 200).is_ok());
    let e = g
        .create_pmg(&talker, typed(&json!({ "PermissionGroupName": "x" })), 201)
        .expect_err("member");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    for (body, c) in [
        (
            json!({ "PermissionGroupName": "" }),
            codes::INVALID_PARAMETER,
        ),
        (
            json!({ "PermissionGroupName": "n".repeat(151) }),
            codes::INVALID_PARAMETER,
        ),
        (
            json!({ "PermissionGroupName": "x", "PermissionGroupId": "speakers" }),
            codes::INVALID_PARAMETER,
        ),
        (
            json!({ "PermissionGroupName": "x", "PermissionGroupId": "@PMG#_@PMG#1" }),
            codes::INVALID_PARAMETER,
        ),
        (
            json!({ "PermissionGroupName": "x", "CustomString": "c".repeat(3001) }),
            codes::INVALID_PARAMETER,
        ),
    ] {
        assert_eq!(
            g.create_pmg(&owner, typed(&body), 201)
                .map_err(|e| e.code())
                .err(),
            Some(c),
            "{body}"
        );
    }
    let fx = g
        .create_pmg(&owner, typed(&json!({ "PermissionGroupId": "@PMG#_speakers", "PermissionGroupName": "Speakers", "Permission": SEND_GROUP_MESSAGE })), 201)
        .expect("create");
    assert_eq!(fx.reply["PermissionGroupId"], "@PMG#_speakers");
    let add = g
        .pmg_members(&owner, typed(&json!({ "PermissionGroupId": "@PMG#_speakers", "MemberList": [{ "Member_Account": "talker" }, { "Member_Account": "stranger" }] })), true)
        .expect("add");
    assert_eq!(add.reply["MemberList"][0]["Result"], 0);
    assert_eq!(
        add.reply["MemberList"][1]["Result"],
        codes::NO_PERMISSION,
        "not a community member"
    );
    assert!(
        send(&mut g, "talker", 4, 202).is_ok(),
        "the bit opens sending"
    );
    assert_eq!(
        send(&mut g, "quiet", 5, 202).err(),
        Some(codes::NO_PERMISSION)
    );
    // @all needs its own bit.
    let mut at_all = text("talker", 6);
    at_all.at_list = vec![edgechat_proto::group::AT_ALL.into()];
    assert_eq!(
        g.send(&talker, at_all, &mut GroupRate::default(), 203)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
    // The community default reaches everyone; kicking needs ManageGroupMember.
    g.modify_profile(
        &owner,
        &changes(json!({ "DefaultPermissions": SEND_GROUP_MESSAGE })),
        204,
    )
    .expect("defaults");
    assert!(send(&mut g, "quiet", 7, 205).is_ok());
    assert_eq!(
        g.kick(&Caller::user(uid("mod")), &[uid("quiet")], "", true, 205)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
    g.modify_pmg(&owner, typed(&json!({ "PermissionGroupId": "@PMG#_speakers", "Permission": SEND_GROUP_MESSAGE | MANAGE_GROUP_MEMBER }))).expect("modify");
    assert!(
        g.kick(&talker, &[uid("quiet")], "", true, 206).is_ok(),
        "ManageGroupMember lets a member remove members"
    );
    // Topic permissions: a topic's SendTopicMessage bit for a group's members.
    g.create_topic(
        &owner,
        typed(&json!({ "TopicId": "@TGS#_guild@TOPIC#_vip", "TopicName": "VIP" })),
        207,
    )
    .expect("topic");
    g.modify_profile(&owner, &changes(json!({ "DefaultPermissions": 0 })), 207)
        .expect("defaults off");
    g.pmg_members(
        &owner,
        typed(&json!({ "PermissionGroupId": "@PMG#_speakers", "MemberList": ["talker"] })),
        false,
    )
    .expect("remove");
    let mut in_vip = text("talker", 8);
    in_vip.topic = Some("@TGS#_guild@TOPIC#_vip".into());
    assert_eq!(
        g.send(&talker, in_vip.clone(), &mut GroupRate::default(), 208)
            .map_err(|e| e.code())
            .err(),
        Some(codes::NO_PERMISSION)
    );
    g.create_pmg(
        &owner,
        typed(&json!({ "PermissionGroupId": "@PMG#_vip", "PermissionGroupName": "VIP" })),
        208,
    )
    .expect("vip");
    g.pmg_members(
        &owner,
        typed(&json!({ "PermissionGroupId": "@PMG#_vip", "MemberList": ["talker"] })),
        true,
    )
    .expect("join");
    let set = g
        .set_topic_permissions(&owner, typed(&json!({ "PermissionGroupId": "@PMG#_vip", "TopicPermissionList": [{ "TopicId": "@TGS#_guild@TOPIC#_vip", "Permission": SEND_TOPIC_MESSAGE }, { "TopicId": "@TGS#_guild@TOPIC#_none", "Permission": 1 }] })), true)
        .expect("topic permission");
    assert_eq!(
        set.reply["TopicPermissionResultList"][1]["ErrorCode"],
        codes::GROUP_NOT_FOUND
    );
    assert!(g
        .send(&talker, in_vip, &mut GroupRate::default(), 209)
        .is_ok());
    assert_eq!(
        send(&mut g, "talker", 10, 209).err(),
        Some(codes::NO_PERMISSION),
        "the topic bit is for that topic only"
    );
    let gone = g
        .destroy_pmgs(
            &owner,
            typed::<PermissionGroupIds>(
                &json!({ "PermissionGroupIdList": ["@PMG#_vip", "@PMG#_none"] }),
            )
            .ids
            .unwrap_or_default(),
        )
        .expect("destroy");
    assert_eq!(
        gone.reply["PermissionGroupResultList"][1]["ErrorCode"],
        codes::GROUP_NOT_FOUND
    );
}

#[test]
fn community_bodies_are_parsed_once_with_10004_naming_the_field() {
    use super::requests::{CreateTopic, ModifyPermissionGroup, ModifyTopic};
    let e = parse::<CreateTopic>("create_topic", &json!({ "TopicName": 5 })).expect_err("type");
    assert_eq!(e.code(), codes::INVALID_PARAMETER);
    assert!(e.to_string().starts_with("create_topic: "), "{e}");
    let e = parse::<ModifyPermissionGroup>("modify_permission_group", &json!({ "Permission": 1 }))
        .expect_err("no id");
    assert!(e.to_string().contains("PermissionGroupId"), "{e}");
    let e = parse::<ModifyTopic>(
        "modify_topic",
        &json!({ "TopicId": "t", "DefaultPermissions": -1 }),
    )
    .expect_err("negative");
    assert_eq!(e.code(), codes::INVALID_PARAMETER);
    let ok: ModifyTopic = parse(
        "modify_topic",
        &json!({ "TopicId": "t", "TopicName": null, "MuteAllMember": "On" }),
    )
    .expect("null is absent");
    assert_eq!((ok.fields.name, ok.mute_all.as_deref()), (None, Some("On")));
}
