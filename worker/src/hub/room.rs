//! Group rooms on hubs: a hub keeps which members of each group are online on it, and a group
//! keeps which hubs have any (its subscribers). A group message then costs the group one call
//! per subscribed hub, or, past [`RELAY_ABOVE`] hubs, one call per [`RELAY_WIDTH`] hubs with
//! the first hub of each slice relaying to the rest: the group's work per message is bounded
//! by hubs, never by members.

use super::PushItem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Subscribed hubs a group calls itself; above this it goes through relays.
pub const RELAY_ABOVE: usize = 32;
/// Hubs one relayed call reaches (the relay and those it forwards to).
pub const RELAY_WIDTH: usize = 32;

/// A group's frames for every member of it online on the hub; the hub also sends the push
/// on to the `relay` hubs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomPush {
    pub group: String,
    pub items: Vec<PushItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relay: Vec<u32>,
}

/// Changes to which members of a group are online on the hub. `set` records members
/// (ID, receives only its own messages) if they are online or logging in; `remove` forgets
/// members; `clear` forgets the group (dismissed). `synthetic` records the `set` members
/// without sockets (the dev-only load route: hubs that do the work of members without
/// real clients).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoomMembers {
    pub group: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set: Vec<(String, bool)>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub clear: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub synthetic: bool,
}

/// [`super::HubRequest::Room`] by reference: the same JSON, without copying the push for
/// each hub it goes to.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RoomCall<'a> {
    Room(&'a RoomPush),
}

/// Hub → group: the hub has a member of the group online now (`subscribe`), or no longer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HubToGroup {
    pub hub: u32,
    pub subscribe: bool,
}

/// The path of [`HubToGroup`] calls on a group object.
pub const GROUP_PATH: &str = "/hub";

/// The calls a group makes for one push to `hubs`: each target with the hubs it relays to.
/// Every hub is reached exactly once; the group makes at most
/// `max(|hubs| when ≤ RELAY_ABOVE, ⌈|hubs| / RELAY_WIDTH⌉)` calls.
pub fn plan(hubs: &BTreeSet<u32>) -> Vec<(u32, Vec<u32>)> {
    let all: Vec<u32> = hubs.iter().copied().collect();
    if all.len() <= RELAY_ABOVE {
        return all.into_iter().map(|h| (h, Vec::new())).collect();
    }
    all.chunks(RELAY_WIDTH)
        .map(|slice| (slice[0], slice[1..].to_vec()))
        .collect()
}

/// What a group learns from a push's answer: the hubs that turned out to have no member of
/// it online (a hub restarted, `HUBS` changed, a subscription was lost) and are dropped.
pub fn unsubscribe(hubs: &mut BTreeSet<u32>, empty: impl IntoIterator<Item = u32>) -> bool {
    let mut changed = false;
    for h in empty {
        changed |= hubs.remove(&h);
    }
    changed
}

/// A login that is being admitted: membership changes that reach the hub before the login's
/// list of groups is recorded are kept here and applied after it, so a join or a removal in
/// that window is not lost or undone by the older list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PendingLogin {
    pub logins: u32,
    /// Group → the member's receive option ("discard"), or `None` when removed.
    pub changes: Vec<(String, Option<bool>)>,
}

impl PendingLogin {
    /// The rows the login records: its list of groups, then the changes seen meanwhile.
    pub fn rows(&self, groups: Vec<(String, bool)>) -> Vec<(String, Option<bool>)> {
        let mut rows: Vec<(String, Option<bool>)> =
            groups.into_iter().map(|(g, q)| (g, Some(q))).collect();
        rows.extend(self.changes.iter().cloned());
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hubs(n: u32) -> BTreeSet<u32> {
        (0..n).collect()
    }

    #[test]
    fn few_hubs_are_called_directly() {
        let p = plan(&hubs(16));
        assert_eq!(p.len(), 16);
        assert!(p.iter().all(|(_, relay)| relay.is_empty()));
        assert!(plan(&BTreeSet::new()).is_empty(), "no subscriber: no call");
    }

    #[test]
    fn many_hubs_go_through_relays_each_reached_once() {
        for n in [33, 100, 1024] {
            let p = plan(&hubs(n));
            assert_eq!(p.len(), (n as usize).div_ceil(RELAY_WIDTH), "{n} hubs");
            let mut seen: Vec<u32> = p
                .iter()
                .flat_map(|(h, r)| std::iter::once(*h).chain(r.iter().copied()))
                .collect();
            seen.sort_unstable();
            assert_eq!(seen, (0..n).collect::<Vec<_>>(), "each hub exactly once");
            assert!(p.iter().all(|(_, r)| r.len() < RELAY_WIDTH));
        }
    }

    #[test]
    fn hubs_that_answer_empty_are_dropped() {
        let mut h = hubs(4);
        assert!(unsubscribe(&mut h, [1, 3, 9]));
        assert_eq!(h.into_iter().collect::<Vec<_>>(), vec![0, 2]);
        let mut h = hubs(2);
        assert!(!unsubscribe(&mut h, []));
    }

    #[test]
    fn changes_during_a_login_win_over_its_older_list() {
        let pending = PendingLogin {
            logins: 1,
            changes: vec![("left".into(), None), ("joined".into(), Some(false))],
        };
        let rows = pending.rows(vec![("left".into(), false), ("kept".into(), true)]);
        assert_eq!(
            rows,
            vec![
                ("left".into(), Some(false)),
                ("kept".into(), Some(true)),
                ("left".into(), None),
                ("joined".into(), Some(false)),
            ],
            "applied in order, the removal comes last"
        );
    }

    #[test]
    fn room_calls_round_trip_as_json() {
        let push = RoomPush {
            group: "@TGS#1".into(),
            items: vec![PushItem {
                from: "a".into(),
                always: false,
                frame: "{}".into(),
            }],
            relay: vec![3, 4],
        };
        let text = serde_json::to_string(&push).expect("json");
        assert_eq!(serde_json::from_str::<RoomPush>(&text).expect("back"), push);
        let call = serde_json::to_string(&RoomCall::Room(&push)).expect("json");
        assert_eq!(
            serde_json::from_str::<super::super::HubRequest>(&call).expect("a hub request"),
            super::super::HubRequest::Room(push.clone()),
            "the borrowed form is a HubRequest::Room"
        );
        let members = RoomMembers {
            group: "g".into(),
            set: vec![("a".into(), true)],
            remove: vec!["b".into()],
            clear: false,
            synthetic: false,
        };
        let text = serde_json::to_string(&members).expect("json");
        assert_eq!(
            serde_json::from_str::<RoomMembers>(&text).expect("back"),
            members
        );
    }
}
