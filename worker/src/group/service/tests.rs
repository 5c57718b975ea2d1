//! The command layer over the in-memory store: join/quit churn held back by the rate.

use super::*;
use crate::group::memory::MemoryGroup;
use crate::group::msg_rate::GroupRate;
use crate::group::rules::{Caller, Effects, Group};
use crate::group::store::GroupStore;
use crate::group::tests::{make, uid};
use edgechat_proto::group::GroupType;
use serde_json::json;

fn as_user<S: GroupStore>(
    g: &mut Group<S>,
    rate: &mut GroupRate,
    who: &str,
    op: &str,
    now: u64,
) -> Effects {
    let caller = Caller::user(uid(who));
    let cx = Context {
        caller: &caller,
        now,
        recall_window: 120,
        admins: &[],
        group_fields: &[],
        member_fields: &[],
    };
    let body = json!({ "GroupId": "g1", "ApplyMsg": "" });
    run(g, rate, &cx, op, &body).expect(op)
}

#[test]
fn one_users_join_quit_churn_is_held_back_and_others_are_not() {
    let store = MemoryGroup::default();
    make(&store, GroupType::Public, &["a"]);
    let g = Group::load(&store, "g1").expect("load");
    let mut p = g.profile.clone();
    p.apply_join_option = edgechat_proto::group::ApplyJoinOption::FreeAccess;
    store.put_profile(&p).expect("profile");
    let mut g = Group::load(&store, "g1").expect("reload");
    let mut rate = GroupRate::default();
    let mut pushed = 0;
    for i in 0..10 {
        let op = if i % 2 == 0 {
            "apply_join_group"
        } else {
            "quit_group"
        };
        let fx = as_user(&mut g, &mut rate, "loop", op, 500);
        if !fx.messages.is_empty() || !fx.notices.is_empty() {
            pushed += 1;
        }
    }
    assert_eq!(pushed, 2, "two join/quit pushes per window for one user");
    assert!(
        store.member(&uid("loop")).expect("read").is_none(),
        "the churn itself happened"
    );
    assert_eq!(store.max_seq().expect("max"), 10, "every tip is stored");
    let fx = as_user(&mut g, &mut rate, "b", "apply_join_group", 500);
    assert!(!fx.messages.is_empty(), "another user's join goes out");
    let sent = (0..40)
        .filter(|r| {
            let (s, _) = g
                .send(
                    &Caller::user(uid("a")),
                    crate::group::tests::text("a", *r),
                    &mut rate,
                    500,
                )
                .expect("send");
            matches!(s, crate::group::send::Sent::Delivered(_))
        })
        .count();
    assert_eq!(sent, 40, "churn never takes a message's place");
}
