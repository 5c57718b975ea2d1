//! The conversation-settings rules: limits, codes, and that a refused change stores nothing.

use super::*;

fn code(r: Result<impl std::fmt::Debug, ImError>) -> u32 {
    r.expect_err("refused").code()
}

#[test]
fn conversation_ids_are_checked() {
    assert_eq!(contact_id("C2Calice").expect("accepted"), "C2Calice");
    assert_eq!(
        contact_id("GROUP@TGS#1abc").expect("accepted"),
        "GROUP@TGS#1abc"
    );
    for bad in ["alice", "C2C", "GROUP", "@TIM#SYSTEM", "c2calice"] {
        assert_eq!(
            code(contact_id(bad)),
            codes::RECENT_INVALID_PARAMETER,
            "{bad}"
        );
    }
    let long = format!("GROUP{}", "g".repeat(49));
    assert!(contact_id(&long)
        .expect_err("refused")
        .to_string()
        .contains("GroupId"));
}

#[test]
fn marks_set_and_clear_bits_and_show_as_tencent_does() {
    let mut s = RecentState::default();
    assert!(s.mark("C2Cbob", 0b1001, 0, 10).expect("accepted"));
    assert_eq!(standard_mark(s.get("C2Cbob").marks), "1001");
    assert!(
        !s.mark("C2Cbob", 0b1000, 0, 11).expect("accepted"),
        "already set"
    );
    assert!(s.mark("C2Cbob", 1 << 40, 1, 12).expect("accepted"));
    assert_eq!(s.get("C2Cbob").marks, (1 << 40) | 0b1000);
    assert_eq!(s.get("C2Cbob").time, 12);
    s.mark("C2Cbob", 0, u64::MAX, 13).expect("accepted");
    assert!(s.contacts.is_empty(), "nothing set: not kept");
    assert_eq!(standard_mark(0), "");
}

#[test]
fn pins_stop_at_fifty_and_a_refusal_keeps_the_rest() {
    let mut s = RecentState::default();
    for i in 0..MAX_PINNED {
        assert!(s.pin(&format!("C2Cu{i}"), true, 1).expect("accepted"));
    }
    let before = s.clone();
    assert_eq!(code(s.pin("C2Cone_more", true, 2)), codes::PINNED_FULL);
    assert_eq!(s, before);
    assert!(
        !s.pin("C2Cu0", true, 2).expect("accepted"),
        "pinning a pinned one changes nothing"
    );
    assert!(s.pin("C2Cu0", false, 2).expect("accepted"));
    assert!(s.pin("C2Cone_more", true, 3).expect("accepted"));
}

#[test]
fn marks_custom_data_and_groups_share_a_thousand_conversations() {
    let mut s = RecentState::default();
    for i in 0..MAX_CONTACTS {
        s.mark(&format!("C2Cu{i}"), 1, 0, 1).expect("accepted");
    }
    s.pin("C2Cpinned", true, 1).expect("accepted");
    let before = s.clone();
    assert_eq!(
        code(s.set_custom_data("C2Cpinned", "x", 2)),
        codes::RECENT_CONTACTS_FULL
    );
    let g = s.create_group("work").expect("accepted");
    assert_eq!(
        code(s.add_to_group(g, "GROUPg1", 2)),
        codes::RECENT_CONTACTS_FULL
    );
    s.delete_group("work").expect("accepted");
    assert_eq!(s.contacts, before.contacts);
    // A conversation already counted may change further.
    assert!(s.set_custom_data("C2Cu1", "x", 2).expect("accepted"));
}

#[test]
fn custom_data_is_at_most_256_bytes() {
    let mut s = RecentState::default();
    assert!(s
        .set_custom_data("C2Cbob", &"x".repeat(256), 1)
        .expect("accepted"));
    let err = s
        .set_custom_data("C2Cbob", &"x".repeat(257), 2)
        .expect_err("refused");
    assert_eq!(err.code(), codes::RECENT_INVALID_PARAMETER);
    assert!(err.to_string().contains("257"));
    assert_eq!(s.get("C2Cbob").custom_data.len(), 256);
    assert!(s.set_custom_data("C2Cbob", "", 3).expect("accepted"));
    assert!(s.contacts.is_empty());
}

#[test]
fn groups_follow_tencents_rules() {
    let mut s = RecentState::default();
    assert_eq!(code(s.create_group("")), codes::CONTACT_GROUP_NAME);
    assert_eq!(
        code(s.create_group(&"n".repeat(33))),
        codes::CONTACT_GROUP_NAME
    );
    let work = s.create_group(&"n".repeat(32)).expect("accepted");
    assert_eq!(
        code(s.create_group(&"n".repeat(32))),
        codes::RECENT_INVALID_PARAMETER
    );
    for i in 1..MAX_GROUPS {
        s.create_group(&format!("g{i}")).expect("accepted");
    }
    assert_eq!(code(s.create_group("one more")), codes::CONTACT_GROUPS_FULL);
    assert_eq!(code(s.delete_group("nope")), codes::CONTACT_GROUP_NOT_FOUND);
    assert_eq!(
        code(s.rename_group("nope", "x")),
        codes::CONTACT_GROUP_NOT_FOUND
    );
    assert_eq!(
        code(s.rename_group("g1", "g2")),
        codes::RECENT_INVALID_PARAMETER
    );
    assert_eq!(code(s.rename_group("g1", "")), codes::CONTACT_GROUP_NAME);

    s.add_to_group(work, "C2Cbob", 5).expect("accepted");
    let g1 = s.group_id("g1").expect("accepted");
    s.add_to_group(g1, "C2Cbob", 5).expect("accepted");
    assert!(!s.add_to_group(g1, "C2Cbob", 6).expect("accepted"));
    assert_eq!(
        s.group_names(&s.get("C2Cbob").groups),
        vec!["n".repeat(32), "g1".into()]
    );
    assert_eq!(s.rename_group("g1", "friends").expect("accepted"), g1);
    assert_eq!(s.group_names(&s.get("C2Cbob").groups)[1], "friends");

    // A deleted group's ID is never given again, and leaves no trace on conversations.
    assert_eq!(s.delete_group(&"n".repeat(32)).expect("accepted"), work);
    assert_eq!(s.get("C2Cbob").groups, vec![g1]);
    let again = s.create_group("again").expect("accepted");
    assert!(again > g1 && again != work);
    assert!(s.remove_from_group(g1, "C2Cbob", 7).expect("accepted"));
    assert!(s.contacts.is_empty());
}

#[test]
fn the_state_round_trips_through_json() {
    let mut s = RecentState::default();
    s.pin("C2Cbob", true, 1).expect("accepted");
    s.mark("GROUPg", 1 << 63, 0, 2).expect("accepted");
    let g = s.create_group("a").expect("accepted");
    s.add_to_group(g, "GROUPg", 3).expect("accepted");
    let text = serde_json::to_string(&s).expect("accepted");
    assert_eq!(
        serde_json::from_str::<RecentState>(&text).expect("accepted"),
        s
    );
    assert_eq!(
        serde_json::from_str::<RecentState>("{}").expect("accepted"),
        RecentState::default()
    );
}

#[test]
fn receive_options_follow_tencents_values() {
    let mut s = RecentState::default();
    assert!(s
        .set_remind("C2Cbob", MsgFlag::AcceptNotNotify, 1)
        .expect("set"));
    assert_eq!(s.get("C2Cbob").remind, Some(MsgFlag::AcceptNotNotify));
    assert!(!s
        .set_remind("C2Cbob", MsgFlag::AcceptNotNotify, 2)
        .expect("same"));
    for (id, flag) in [
        ("GROUPg", MsgFlag::Discard),
        ("C2Cbob", MsgFlag::AcceptNotNotifyExceptAt),
    ] {
        assert_eq!(
            code(s.set_remind(id, flag, 3)),
            codes::RECENT_INVALID_PARAMETER
        );
    }
    assert!(s
        .set_remind("C2Cbob", MsgFlag::AcceptAndNotify, 4)
        .expect("back"));
    assert!(s.contacts.is_empty(), "the default is not kept");

    let opt = |flag, start_time, end_time| AllReceiveOpt {
        flag,
        start_time,
        end_time,
        is_repeated: true,
    };
    s.set_all_receive(opt(MsgFlag::AcceptNotNotify, 100, 100 + 86_400))
        .expect("a day");
    let before = s.clone();
    assert_eq!(
        code(s.set_all_receive(opt(MsgFlag::Discard, 0, 1))),
        codes::RECENT_INVALID_PARAMETER
    );
    assert_eq!(
        code(s.set_all_receive(opt(MsgFlag::AcceptNotNotify, 100, 99))),
        codes::RECENT_INVALID_PARAMETER
    );
    assert_eq!(
        code(s.set_all_receive(opt(MsgFlag::AcceptNotNotify, 0, 86_401))),
        codes::RECENT_INVALID_PARAMETER
    );
    assert_eq!(s, before);
}
