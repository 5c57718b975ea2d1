//! The group rules end to end over the in-memory store: create, membership, tips and SEQ,
//! mute, dedupe, rate drops, recall, history visibility, dismiss.

mod messages;

/// Profile changes from a JSON body, as the command layer parses them.
pub(crate) fn changes(body: serde_json::Value) -> super::requests::ProfileChanges {
    super::requests::typed("test", &body).expect("valid changes")
}

use super::memory::MemoryGroup;
use super::msg_rate::GroupRate;
use super::rules::*;
use super::send::*;
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupType, Priority, Role};
use edgechat_proto::message::MsgElem;
use edgechat_proto::UserId;
use serde_json::json;

pub(super) fn uid(s: &str) -> UserId {
    UserId::parse(s).expect("id")
}

pub(super) fn make(store: &MemoryGroup, ty: GroupType, members: &[&str]) -> Effects {
    create(
        store,
        CreateRequest {
            id: GroupId::parse("g1").expect("id"),
            ty,
            owner: Some(uid("owner")),
            name: "team".into(),
            introduction: String::new(),
            notification: String::new(),
            face_url: String::new(),
            max_member_num: None,
            apply_join_option: None,
            members: members.iter().map(|m| (uid(m), Role::Member)).collect(),
            support_topic: false,
            enable_permission_group: false,
            default_permissions: 0,
        },
        100,
    )
    .expect("create")
}

pub(super) fn text(from: &str, random: u32) -> SendRequest {
    SendRequest {
        from: uid(from),
        topic: None,
        random,
        priority: Priority::Normal,
        body: vec![MsgElem::text("hi")],
        cloud_custom_data: String::new(),
        at_list: Vec::new(),
        online_only: false,
        nick: String::new(),
        avatar: String::new(),
        need_read_receipt: false,
    }
}

pub(super) fn send(
    g: &mut Group<MemoryGroup>,
    from: &str,
    random: u32,
    now: u64,
) -> Result<Sent, u32> {
    let mut rate = GroupRate::default();
    g.send(&Caller::user(uid(from)), text(from, random), &mut rate, now)
        .map(|(s, _)| s)
        .map_err(|e| e.code())
}

#[test]
fn create_sets_roles_and_refuses_a_taken_id() {
    let store = MemoryGroup::default();
    let fx = make(&store, GroupType::Public, &["a", "b"]);
    assert_eq!(fx.joined.len(), 3);
    assert_eq!(
        fx.notices.len(),
        1,
        "the creator's devices learn of the group"
    );
    let g = Group::load(&store, "g1").expect("load");
    assert_eq!(
        g.store.member(&uid("owner")).expect("m").map(|m| m.role),
        Some(Role::Owner)
    );
    let info = g.info().expect("info");
    assert_eq!(
        (info["MemberNum"].as_u64(), info["NextMsgSeq"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(info["ApplyJoinOption"], "NeedPermission");
    let again = create(
        &store,
        CreateRequest {
            id: GroupId::parse("g1").expect("id"),
            ty: GroupType::Public,
            owner: None,
            name: "x".into(),
            introduction: String::new(),
            notification: String::new(),
            face_url: String::new(),
            max_member_num: None,
            apply_join_option: None,
            members: vec![],
            support_topic: false,
            enable_permission_group: false,
            default_permissions: 0,
        },
        101,
    );
    assert_eq!(
        again.map_err(|e| e.code()).err(),
        Some(codes::GROUP_ID_TAKEN)
    );
}

#[test]
fn profile_limits_and_info_seq() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let owner = Caller::user(uid("owner"));
    for (field, max) in [
        ("Name", 30),
        ("Introduction", 240),
        ("Notification", 300),
        ("FaceUrl", 100),
    ] {
        let e = g
            .modify_profile(&owner, &changes(json!({ field: "x".repeat(max + 1) })), 200)
            .expect_err(field);
        assert_eq!(e.code(), codes::INVALID_PARAMETER, "{field}");
        assert!(g
            .modify_profile(&owner, &changes(json!({ field: "x".repeat(max) })), 200)
            .is_ok());
    }
    assert_eq!(g.profile.info_seq, 4);
    let e = g
        .modify_profile(
            &Caller::user(uid("a")),
            &changes(json!({ "Name": "mine" })),
            201,
        )
        .expect_err("member edits a Public group");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    assert_eq!(g.profile.info_seq, 4, "a refused edit changes nothing");
    assert_eq!(g.profile.name, "x".repeat(30));
}

#[test]
fn every_stored_message_and_tip_takes_the_next_seq() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let s1 = send(&mut g, "a", 1, 200).expect("send");
    assert_eq!(s1.message().seq, 1);
    let fx = g
        .add(&Caller::admin(), &[uid("b")], false, 201)
        .expect("add");
    assert_eq!(fx.messages.len(), 1, "a join tip");
    assert_eq!(fx.messages[0].seq, 2);
    assert!(fx.messages[0].is_tip());
    let s3 = send(&mut g, "b", 1, 202).expect("send");
    assert_eq!(s3.message().seq, 3);
    assert_eq!(store.max_seq().expect("max"), 3);
    assert_eq!(g.info().expect("info")["NextMsgSeq"], 4);
}

#[test]
fn dedupe_within_five_minutes_then_a_new_message() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Work, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let first = send(&mut g, "a", 7, 1000).expect("send");
    assert!(
        matches!(send(&mut g, "a", 7, 1299), Ok(Sent::Duplicate(m)) if m.seq == first.message().seq)
    );
    assert!(
        matches!(send(&mut g, "owner", 7, 1299), Ok(Sent::Delivered(_))),
        "another sender"
    );
    assert!(matches!(send(&mut g, "a", 7, 1301), Ok(Sent::Delivered(m)) if m.seq == 3));
    // Groups dedupe by sender and Random alone (Tencent's group page: the same Random within
    // five minutes is a repeat), unlike one to one, whose key has the content's CRC32.
    let mut rate = GroupRate::default();
    let mut other = text("a", 7);
    other.cloud_custom_data = "different".into();
    let sent = g
        .send(&Caller::user(uid("a")), other, &mut rate, 1302)
        .map(|(s, _)| s);
    assert!(matches!(sent, Ok(Sent::Duplicate(m)) if m.seq == 3));
}

#[test]
fn muted_members_and_mute_all_get_10017() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a", "b"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let owner = Caller::user(uid("owner"));
    g.mute(&owner, &[uid("a")], 60, 100).expect("mute");
    assert_eq!(send(&mut g, "a", 1, 159).err(), Some(codes::MUTED));
    assert!(send(&mut g, "a", 2, 160).is_ok(), "the mute ends");
    g.modify_profile(&owner, &changes(json!({ "ShutUpAllMember": "On" })), 170)
        .expect("mute all");
    assert_eq!(send(&mut g, "b", 3, 171).err(), Some(codes::MUTED));
    assert!(
        send(&mut g, "owner", 4, 171).is_ok(),
        "the owner still speaks"
    );
    let e = g
        .mute(&Caller::user(uid("a")), &[uid("b")], 60, 172)
        .expect_err("member mutes");
    assert_eq!(e.code(), codes::NO_PERMISSION);
}

#[test]
fn admins_kick_members_not_admins() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["adm", "adm2", "m"]);
    let mut g = Group::load(&store, "g1").expect("load");
    let owner = Caller::user(uid("owner"));
    g.set_role(&owner, &uid("adm"), Role::Admin, 101)
        .expect("admin");
    g.set_role(&owner, &uid("adm2"), Role::Admin, 101)
        .expect("admin");
    let adm = Caller::user(uid("adm"));
    let e = g
        .kick(&adm, &[uid("adm2")], "", false, 102)
        .expect_err("admin kicks admin");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    assert!(
        store.member(&uid("adm2")).expect("m").is_some(),
        "nothing changed"
    );
    let fx = g
        .kick(&adm, &[uid("m")], "spam", false, 103)
        .expect("kick member");
    assert_eq!(fx.left, vec![uid("m")]);
    assert_eq!(fx.notices[0].to, vec![uid("m")]);
    assert_eq!(store.member_count().expect("n"), 3);
}

#[test]
fn applications_pend_then_join_and_full_groups_refuse() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &[]);
    let mut g = Group::load(&store, "g1").expect("load");
    let fx = g.apply(&uid("x"), "let me in", 100).expect("apply");
    assert_eq!(fx.reply["JoinStatus"], "WaitAdminApproval");
    assert_eq!(fx.notices[0].to, vec![uid("owner")]);
    assert!(store.member(&uid("x")).expect("m").is_none());
    let owner = Caller::user(uid("owner"));
    let fx = g
        .handle_application(&owner, &uid("x"), true, "", 101)
        .expect("approve");
    assert_eq!(fx.joined, vec![uid("x")]);
    assert_eq!(
        g.apply(&uid("x"), "", 102).map_err(|e| e.code()).err(),
        Some(codes::ALREADY_MEMBER)
    );
    g.modify_profile(
        &owner,
        &changes(json!({ "MaxMemberNum": 2, "ApplyJoinOption": "FreeAccess" })),
        103,
    )
    .expect("cap");
    assert_eq!(
        g.apply(&uid("y"), "", 104).map_err(|e| e.code()).err(),
        Some(codes::GROUP_FULL)
    );
}

#[test]
fn pending_applications_keep_the_newest_fifty() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &[]);
    let mut g = Group::load(&store, "g1").expect("load");
    for i in 0..60u64 {
        g.apply(&uid(&format!("u{i}")), "", 100 + i).expect("apply");
    }
    let apps = store.applications().expect("apps");
    assert_eq!(apps.len(), MAX_PENDING_APPLICATIONS);
    assert!(apps.iter().all(|a| a.time >= 110));
}

#[test]
fn work_groups_invite_freely_and_the_owner_may_quit() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Work, &["a"]);
    let mut g = Group::load(&store, "g1").expect("load");
    assert!(g
        .add(&Caller::user(uid("a")), &[uid("b")], false, 101)
        .is_ok());
    assert_eq!(
        g.apply(&uid("c"), "", 102).map_err(|e| e.code()).err(),
        Some(codes::NO_PERMISSION)
    );
    g.quit(&uid("owner"), 103)
        .expect("owner quits a Work group");
    assert_eq!(g.profile.owner, None);
    let e = g
        .dismiss(&Caller::user(uid("a")))
        .expect_err("members never dismiss Work");
    assert_eq!(e.code(), codes::NO_PERMISSION);
    let fx = g.dismiss(&Caller::admin()).expect("app admin dismisses");
    assert!(fx.dismissed);
    assert_eq!(fx.left.len(), 2);
    assert!(Group::load(&store, "g1").map_err(|e| e.code()).err() == Some(codes::GROUP_NOT_FOUND));
}

#[test]
fn refused_joins_leave_the_effects_and_mark_the_batch_answer() {
    let mut fx = Effects {
        joined: vec![uid("a"), uid("b")],
        reply: json!({ "MemberList": [{ "Member_Account": "a", "Result": 1 }, { "Member_Account": "b", "Result": 1 }] }),
        ..Effects::default()
    };
    assert!(fx.refuse_joins(&[uid("b")]));
    assert_eq!(fx.joined, vec![uid("a")]);
    assert_eq!(fx.reply["MemberList"][0]["Result"], 1);
    assert_eq!(fx.reply["MemberList"][1]["Result"], 0);
    let mut single = Effects {
        joined: vec![uid("c")],
        ..Effects::default()
    };
    assert!(
        !single.refuse_joins(&[uid("c")]),
        "a single join fails instead"
    );
    assert!(single.joined.is_empty());
}
