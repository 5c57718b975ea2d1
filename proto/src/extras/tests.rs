//! Extension and reaction rules: limits, codes, conflicts, and that a refused call stores
//! nothing.

use super::*;
use crate::codes;
use crate::ImError;

fn code(r: Result<impl std::fmt::Debug, ImError>) -> u32 {
    r.expect_err("refused").code()
}

fn item(key: &str, value: &str, seq: Option<u64>) -> ExtensionItem {
    ExtensionItem {
        key: key.into(),
        value: value.into(),
        seq,
    }
}

#[test]
fn a_stale_seq_is_a_conflict_that_carries_the_current_value() {
    let mut x = Extensions::default();
    let (res, changed) = x
        .apply(
            ExtOp::Set,
            &[item("a", "1", Some(0)), item("b", "2", Some(0))],
        )
        .expect("set");
    assert!(res.iter().all(|r| r.code == 0));
    assert_eq!(changed.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
    // A second writer who never saw "a" collides; "c" is new and goes through.
    let (res, changed) = x
        .apply(
            ExtOp::Set,
            &[item("a", "9", Some(0)), item("c", "3", Some(0))],
        )
        .expect("answered");
    assert_eq!(res[0].code, codes::EXTENSION_CONFLICT);
    assert_eq!(
        (res[0].extension.value.as_str(), res[0].extension.seq),
        ("1", 1)
    );
    assert_eq!((res[1].code, res[1].extension.seq), (0, 3));
    assert_eq!(changed.len(), 1);
    // Retrying with the Seq the conflict gave wins; an admin without Seq overwrites.
    let (res, _) = x
        .apply(ExtOp::Set, &[item("a", "9", Some(1))])
        .expect("set");
    assert_eq!((res[0].code, res[0].extension.seq), (0, 4));
    x.apply(ExtOp::Set, &[item("a", "admin", None)])
        .expect("set");
    let page = x.page(0);
    assert_eq!(page.latest, 5);
    assert!(page.complete);
    let kv: Vec<(&str, &str, u64)> = page
        .list
        .iter()
        .map(|e| (e.key.as_str(), e.value.as_str(), e.seq))
        .collect();
    assert_eq!(kv, [("b", "2", 2), ("c", "3", 3), ("a", "admin", 5)]);
    assert_eq!(x.page(4).list.len(), 1, "a read from StartSeq");
}

#[test]
fn deletes_and_clears_follow_the_versions() {
    let mut x = Extensions::default();
    x.apply(
        ExtOp::Set,
        &[item("a", "1", Some(0)), item("b", "2", Some(0))],
    )
    .expect("set");
    let (res, changed) = x
        .apply(ExtOp::Delete, &[item("a", "", Some(7))])
        .expect("answered");
    assert_eq!(res[0].code, codes::EXTENSION_CONFLICT);
    assert!(changed.is_empty());
    let (res, changed) = x
        .apply(
            ExtOp::Delete,
            &[item("a", "", Some(1)), item("gone", "", None)],
        )
        .expect("deleted");
    assert_eq!((res[0].code, res[1].code), (0, 0));
    assert_eq!(changed.len(), 1, "deleting a missing key changes nothing");
    assert_eq!((changed[0].value.as_str(), changed[0].seq), ("", 3));
    let tomb = x.page(3).list;
    assert_eq!(tomb.len(), 1, "a deleted key reads with an empty value");
    x.apply(ExtOp::Set, &[item("a", "again", Some(0))])
        .map(|(res, _)| assert_eq!(res[0].code, codes::EXTENSION_CONFLICT))
        .expect("answered");
    x.apply(ExtOp::Set, &[item("a", "again", Some(3))])
        .map(|(res, _)| assert_eq!(res[0].code, 0))
        .expect("the version of the delete is the one to name");
    x.apply(ExtOp::Delete, &[item("a", "", None)])
        .expect("deleted");
    let (_, gone) = x.apply(ExtOp::Clear, &[]).expect("cleared");
    assert_eq!(
        gone.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        ["b"]
    );
    let page = x.page(0);
    assert!(page.list.is_empty());
    assert_eq!((page.latest, page.clear), (5, 5));
}

#[test]
fn bad_writes_are_refused_whole() {
    let mut x = Extensions::default();
    x.apply(ExtOp::Set, &[item("keep", "v", Some(0))])
        .expect("set");
    let before = x.clone();
    let long_key = "k".repeat(MAX_KEY_BYTES + 1);
    let long_value = "v".repeat(MAX_VALUE_BYTES + 1);
    let many: Vec<ExtensionItem> = (0..=MAX_PER_CALL)
        .map(|i| item(&format!("k{i}"), "v", None))
        .collect();
    for bad in [
        vec![],
        many,
        vec![item("", "v", None)],
        vec![item(&long_key, "v", None)],
        vec![item("ok", &long_value, None)],
        vec![item("ok", "v", None), item("ok", "w", None)],
    ] {
        assert_eq!(
            code(x.apply(ExtOp::Set, &bad)),
            codes::INVALID_PARAMETER,
            "{bad:?}"
        );
    }
    assert_eq!(x, before, "a refusal stores nothing");
    assert_eq!(code(ExtOp::parse(4)), codes::INVALID_PARAMETER);
    // The 300-key ceiling.
    let mut full = Extensions::default();
    for chunk in 0..(MAX_KEYS / MAX_PER_CALL) {
        let items: Vec<ExtensionItem> = (0..MAX_PER_CALL)
            .map(|i| item(&format!("k{chunk}-{i}"), "v", None))
            .collect();
        full.apply(ExtOp::Set, &items).expect("set");
    }
    assert_eq!(
        code(full.apply(ExtOp::Set, &[item("one-more", "v", None)])),
        codes::INVALID_PARAMETER
    );
    full.apply(ExtOp::Set, &[item("k0-0", "changed", None)])
        .expect("an existing key may change");
    let first = full.page(0);
    assert_eq!(first.list.len(), MAX_PAGE);
    assert!(!first.complete);
}

#[test]
fn reactions_follow_tencents_codes() {
    let mut r = Reactions::default();
    r.add("like", "a").expect("added");
    r.add("like", "b").expect("added");
    r.add("heart", "a").expect("added");
    assert_eq!(code(r.add("like", "a")), codes::REACTION_ALREADY_ADDED);
    assert_eq!(code(r.remove("heart", "b")), codes::REACTION_NOT_ADDED);
    assert_eq!(code(r.remove("nope", "a")), codes::REACTION_NOT_ADDED);
    assert_eq!(code(r.add("", "a")), codes::INVALID_PARAMETER);
    let s = r.summary("b", 1);
    assert_eq!(s.len(), 2);
    assert_eq!((s[0].id.as_str(), s[0].total, s[0].mine), ("like", 2, true));
    assert_eq!(s[0].users, ["a"]);
    assert!(!s[1].mine);
    r.remove("heart", "a").expect("removed");
    assert!(r.one("heart", "a", 10).is_none(), "nobody left on it");
    for i in 0..(MAX_REACTIONS - 1) {
        r.add(&format!("r{i}"), "a").expect("added");
    }
    let before = r.clone();
    assert_eq!(code(r.add("one-more", "a")), codes::REACTIONS_FULL);
    assert_eq!(r, before, "a refusal stores nothing");
    for i in 0..(MAX_USERS - 2) {
        r.add("like", &format!("u{i}")).expect("added");
    }
    assert_eq!(code(r.add("like", "late")), codes::REACTION_USERS_FULL);
}

#[test]
fn reaction_users_come_in_pages() {
    let mut r = Reactions::default();
    for i in 0..150 {
        r.add("like", &format!("u{i:03}")).expect("added");
    }
    let (first, next) = r.users("like", 0, 100);
    assert_eq!((first.len(), next), (100, 100));
    let (rest, next) = r.users("like", next, 100);
    assert_eq!((rest.len(), next), (50, 0));
    assert_eq!(rest[0], "u100");
    assert_eq!(r.users("missing", 0, 10), (vec![], 0));
    let all: MessageExtras = serde_json::from_str(
        &serde_json::to_string(&MessageExtras {
            extensions: Extensions::default(),
            reactions: r.clone(),
        })
        .expect("encoded"),
    )
    .expect("decoded");
    assert_eq!(all.reactions, r, "the stored form round-trips");
    assert!(MessageExtras::default().is_empty());
}
