//! The `SnsStore` contract as one suite, run here against the in-memory store. The SQLite
//! store (wasm only) meets the same contract end to end under `wrangler dev`
//! (`tests/e2e/rest-sns.test.mjs`).

use super::memory::MemorySns;
use super::store::{Direction, Friend, List, Pendency, SnsStore};
use serde_json::json;

fn friend(user: &str, time: u64) -> Friend {
    Friend {
        user: user.into(),
        add_time: time,
        ..Default::default()
    }
}

fn app(user: &str, direction: Direction, time: u64) -> Pendency {
    Pendency {
        user: user.into(),
        direction,
        wording: String::new(),
        source: "AddSource_Type_Web".into(),
        remark: String::new(),
        group_name: String::new(),
        both: true,
        time,
        unread: direction == Direction::In,
    }
}

fn friends_keep_their_place_and_add_time(s: &impl SnsStore) {
    assert_eq!(s.sequence(List::Friends).expect("store"), 0);
    s.put_friend(&friend("bob", 10)).expect("store");
    s.put_friend(&friend("amy", 20)).expect("store");
    let mut bob = friend("bob", 99);
    bob.remark = "B".into();
    s.put_friend(&bob).expect("store");
    let all = s.friends().expect("store");
    let users: Vec<&str> = all.iter().map(|f| f.user.as_str()).collect();
    assert_eq!(users, ["bob", "amy"], "first-added order");
    assert_eq!(all[0].remark, "B");
    assert_eq!(all[0].add_time, 10, "a replaced friend keeps its add time");
    assert_eq!(s.friend_count().expect("store"), 2);
    assert_eq!(s.sequence(List::Friends).expect("store"), 3);
    assert!(s.remove_friend("bob").expect("store"));
    assert!(!s.remove_friend("bob").expect("store"));
    assert_eq!(
        s.sequence(List::Friends).expect("store"),
        4,
        "removing nobody leaves the sequence"
    );
    assert_eq!(s.friend("bob").expect("store"), None);
    assert_eq!(
        s.friend("amy").expect("store").map(|f| f.add_time),
        Some(20)
    );
}

fn applications_by_user_and_direction(s: &impl SnsStore) {
    s.put_pendency(&app("bob", Direction::In, 5))
        .expect("store");
    s.put_pendency(&app("bob", Direction::Out, 6))
        .expect("store");
    s.put_pendency(&app("cat", Direction::In, 7))
        .expect("store");
    let mut again = app("bob", Direction::In, 8);
    again.wording = "again".into();
    s.put_pendency(&again).expect("store");
    let all = s.pendencies(None).expect("store");
    let times: Vec<u64> = all.iter().map(|p| p.time).collect();
    assert_eq!(times, [8, 7, 6], "newest first, one per user and direction");
    let incoming = s.pendencies(Some(Direction::In)).expect("store");
    assert_eq!(incoming.len(), 2);
    assert_eq!(
        s.pendency("bob", Direction::In)
            .expect("store")
            .map(|p| p.wording),
        Some("again".into())
    );
    s.mark_pendencies_read().expect("store");
    assert!(s
        .pendencies(Some(Direction::In))
        .expect("store")
        .iter()
        .all(|p| !p.unread));
    assert!(s.remove_pendency("bob", Direction::In).expect("store"));
    assert!(!s.remove_pendency("bob", Direction::In).expect("store"));
    assert!(s.pendency("bob", Direction::Out).expect("store").is_some());
}

fn groups_once_each_oldest_first(s: &impl SnsStore) {
    s.add_group("work", 2).expect("store");
    s.add_group("family", 1).expect("store");
    s.add_group("work", 3).expect("store");
    s.add_group("b", 2).expect("store");
    assert_eq!(s.group_names().expect("store"), ["family", "b", "work"]);
    let before = s.sequence(List::Groups).expect("store");
    s.remove_group("b").expect("store");
    assert_eq!(s.group_names().expect("store"), ["family", "work"]);
    assert!(s.sequence(List::Groups).expect("store") > before);
}

fn blacklist_in_blocking_order(s: &impl SnsStore) {
    s.block("zed", 5).expect("store");
    s.block("amy", 6).expect("store");
    s.block("zed", 7).expect("store");
    assert_eq!(
        s.blacklist().expect("store"),
        [("zed".to_owned(), 5), ("amy".to_owned(), 6)]
    );
    assert!(s.is_blocked("amy").expect("store"));
    assert_eq!(s.blacklist_len().expect("store"), 2);
    let seq = s.sequence(List::Blacklist).expect("store");
    assert!(s.unblock("amy").expect("store"));
    assert!(!s.unblock("amy").expect("store"));
    assert_eq!(s.sequence(List::Blacklist).expect("store"), seq + 1);
    assert!(!s.is_blocked("amy").expect("store"));
}

fn profile_fields_replace(s: &impl SnsStore) {
    s.set_profile("Tag_Profile_IM_Nick", &json!("Al"))
        .expect("store");
    s.set_profile("Tag_Profile_IM_Level", &json!(3))
        .expect("store");
    s.set_profile("Tag_Profile_IM_Nick", &json!("Alice"))
        .expect("store");
    let p = s.profile().expect("store");
    assert_eq!(p.len(), 2);
    assert_eq!(p["Tag_Profile_IM_Nick"], json!("Alice"));
    assert_eq!(p["Tag_Profile_IM_Level"], json!(3));
}

/// Every case of the contract against fresh stores from `make`.
pub fn suite<S: SnsStore>(make: impl Fn() -> S) {
    friends_keep_their_place_and_add_time(&make());
    applications_by_user_and_direction(&make());
    groups_once_each_oldest_first(&make());
    blacklist_in_blocking_order(&make());
    profile_fields_replace(&make());
}

#[test]
fn memory_store_conforms() {
    suite(MemorySns::default);
}
