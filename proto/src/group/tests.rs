//! Group types, roles, IDs and messages as Tencent names and checks them.

use super::*;

#[test]
fn type_names_old_and_new() {
    assert_eq!(GroupType::parse("Private"), Ok(GroupType::Work));
    assert_eq!(GroupType::parse("ChatRoom"), Ok(GroupType::Meeting));
    for ty in GroupType::ALL {
        assert_eq!(GroupType::parse(ty.as_str()), Ok(ty));
        let json = serde_json::to_string(&ty).expect("json");
        assert_eq!(serde_json::from_str::<GroupType>(&json).expect("back"), ty);
    }
    assert_eq!(GroupType::parse("Club").map_err(|e| e.code()), Err(10004));
}

#[test]
fn custom_ids_follow_the_seed() {
    assert!(GroupId::custom("team-1 ok", GroupType::Public).is_ok());
    assert!(GroupId::custom(&"x".repeat(48), GroupType::Work).is_ok());
    for (raw, ty, c) in [
        ("", GroupType::Public, 10015),
        (&"x".repeat(49) as &str, GroupType::Public, 10015),
        ("名字", GroupType::Public, 10015),
        ("tab\there", GroupType::Public, 10015),
        ("@TGS#mine", GroupType::Public, 10004),
        ("club", GroupType::Community, 10004),
        ("@TGS#_@TGS#abc", GroupType::Community, 10004),
    ] {
        assert_eq!(
            GroupId::custom(raw, ty).map_err(|e| e.code()),
            Err(c),
            "{raw:?}"
        );
    }
    assert!(GroupId::custom("@TGS#_fans", GroupType::Community).is_ok());
}

#[test]
fn generated_ids_have_the_prefix_and_differ_by_entropy() {
    let a = GroupId::generate(GroupType::Public, 1);
    let b = GroupId::generate(GroupType::Public, 2);
    assert!(a.as_str().starts_with("@TGS#") && a != b);
    assert_eq!(a.as_str().len(), 17);
    let c = GroupId::generate(GroupType::Community, 7);
    assert!(c.as_str().starts_with("@TGS#_@TGS#"));
    assert!(GroupId::parse(c.as_str()).is_ok());
}

#[test]
fn topic_ids() {
    let g = GroupId::parse("@TGS#_fans").expect("id");
    assert!(check_topic_id(&g, "@TGS#_fans@TOPIC#_news").is_ok());
    assert!(check_topic_id(&g, "@TGS#_other@TOPIC#_news").is_err());
    assert!(check_topic_id(&g, "@TGS#_fans@TOPIC#_").is_err());
    assert!(check_topic_id(&g, &format!("@TGS#_fans@TOPIC#_{}", "n".repeat(90))).is_err());
    assert!(check_topic_id(&g, "@TGS#_fans@TOPIC#_a@TOPIC#_b").is_err());
}

#[test]
fn message_round_trips_and_mentions() {
    let m = GroupMessage {
        random: 9,
        priority: Priority::High,
        at_list: vec!["bob".into()],
        name_card: "Al".into(),
        ..crate::fixtures::group_msg("g", 3, "alice", 100, "hi")
    };
    let json = serde_json::to_string(&m).expect("json");
    assert_eq!(
        serde_json::from_str::<GroupMessage>(&json).expect("back"),
        m
    );
    assert!(m.mentions("bob") && !m.mentions("carol") && !m.is_tip());
}

#[test]
fn an_unread_count_from_the_wire_never_overflows() {
    // Found by fuzzing (fuzz/, engine_frames): a joined row with `unread` u32::MAX and one more
    // message overflowed `unread + 1`.
    let mut row: JoinedGroup = serde_json::from_value(serde_json::json!({
        "groupId": "g", "type": "Public", "joinTime": 1, "lastSeq": 3, "readSeq": 1,
        "unread": u32::MAX, "msgFlag": "AcceptAndNotify", "time": 5,
    }))
    .expect("row");
    row.on_message(
        &crate::fixtures::group_msg("g", 4, "alice", 100, "hi"),
        "bob",
    );
    assert_eq!((row.last_seq, row.unread), (4, MAX_GROUP_UNREAD));
}
