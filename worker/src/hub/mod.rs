//! Socket hubs: the objects where clients' sockets end. This module is the pure part: which
//! hub holds a user's sockets, the typed requests a hub answers, and which frames of a group
//! push go to which member.

pub mod room;
pub mod room_sql;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Hubs when the `HUBS` variable is not set.
pub const DEFAULT_HUBS: u32 = 16;
/// Most hubs an app may configure (each is one object; a group calls each that has members).
pub const MAX_HUBS: u32 = 1024;

/// The hub (0-based) that holds every socket of `user`: a stable FNV-1a hash of the ID, so
/// all of a user's devices meet in one hub and any object can find it without asking.
pub fn hub_of(user: &str, hubs: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in user.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h % u64::from(hubs.max(1))) as u32
}

/// The object name of hub `index`.
pub fn hub_name(index: u32) -> String {
    format!("hub-{index}")
}

/// What a hub is asked to do (`POST /call`, JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum HubRequest {
    /// Frames (their JSON text) for every live session of `user` except `except` (a sid).
    Push {
        user: String,
        frames: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        except: Option<String>,
    },
    /// Ends every session of `user`, telling it `reason` (the engine's KICKED_OUT type).
    Kick { user: String, reason: String },
    /// The platforms of `user`'s live sessions (what status queries report).
    Sessions { user: String },
    /// A group's frames for the members listed (notices to some members).
    Group(GroupPush),
    /// A group's frames for every member of it online on this hub, and on the relay hubs.
    Room(room::RoomPush),
    /// Who of a group's members are online on this hub.
    Members(room::RoomMembers),
}

/// A hub's answer: how many sockets were written to (a push), closed (a kick) or are live
/// (sessions, with their platforms). To a group: how many of its members are online on this
/// hub (`online`) and which relayed hubs have none (`empty`), so it drops them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct HubReply {
    pub sockets: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub platforms: Vec<String>,
    #[serde(default)]
    pub online: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub empty: Vec<u32>,
}

/// One group batch for the members on one hub: each frame encoded once by the group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPush {
    /// Members who get every frame.
    pub members: Vec<String>,
    /// Members whose receive option is "discard": they get only their own messages and
    /// the frames marked `always` (recalls, notices).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quiet: Vec<String>,
    pub items: Vec<PushItem>,
}

/// A frame of a group push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushItem {
    /// The sender, for "discard" members (who still see what they sent).
    #[serde(default)]
    pub from: String,
    /// Goes to "discard" members too.
    #[serde(default)]
    pub always: bool,
    /// The frame's JSON text, as the sockets get it.
    pub frame: String,
}

impl GroupPush {
    /// The frames a "discard" member gets: what it sent itself, and those marked `always`.
    pub fn quiet_frames(&self, member: &str) -> Vec<&str> {
        quiet_frames(&self.items, member)
    }

    /// Each recipient on this hub with the frames it gets, in order (members get every frame;
    /// the hub writes them from one shared list).
    #[cfg(test)]
    pub fn deliveries(&self) -> impl Iterator<Item = (&str, Vec<&str>)> {
        let all: Vec<&str> = self.items.iter().map(|i| i.frame.as_str()).collect();
        let full = self.members.iter().map(move |m| (m.as_str(), all.clone()));
        let quiet = (self.quiet.iter()).map(|q| (q.as_str(), self.quiet_frames(q)));
        full.chain(quiet).filter(|(_, f)| !f.is_empty())
    }
}

/// The frames of `items` a "discard" member gets: what it sent itself, and those marked
/// `always`.
pub fn quiet_frames<'a>(items: &'a [PushItem], member: &str) -> Vec<&'a str> {
    items
        .iter()
        .filter(|i| i.always || i.from == member)
        .map(|i| i.frame.as_str())
        .collect()
}

/// A group's members grouped by the hub that holds their sockets.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MembersByHub {
    /// Hub index → (members who get everything, "discard" members).
    pub hubs: BTreeMap<u32, (Vec<String>, Vec<String>)>,
}

impl MembersByHub {
    /// Groups `members` (ID, receives only its own messages) over `hubs` hubs.
    pub fn new<'a>(members: impl IntoIterator<Item = (&'a str, bool)>, hubs: u32) -> Self {
        let mut out = MembersByHub::default();
        for (id, quiet) in members {
            let entry = out.hubs.entry(hub_of(id, hubs)).or_default();
            if quiet {
                entry.1.push(id.to_owned());
            } else {
                entry.0.push(id.to_owned());
            }
        }
        out
    }

    /// One push per hub that has members among `to` (all members when `None`).
    pub fn pushes(&self, items: &[PushItem], to: Option<&[String]>) -> Vec<(u32, GroupPush)> {
        let keep = |m: &String| to.is_none_or(|t| t.contains(m));
        self.hubs
            .iter()
            .map(|(hub, (members, quiet))| {
                let push = GroupPush {
                    members: members.iter().filter(|m| keep(m)).cloned().collect(),
                    quiet: quiet.iter().filter(|m| keep(m)).cloned().collect(),
                    items: items.to_vec(),
                };
                (*hub, push)
            })
            .filter(|(_, p)| !p.members.is_empty() || !p.quiet.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(from: &str, always: bool, frame: &str) -> PushItem {
        PushItem {
            from: from.into(),
            always,
            frame: frame.into(),
        }
    }

    #[test]
    fn a_user_always_lands_on_the_same_hub_within_range() {
        for hubs in [1, 2, 16, 1024] {
            for u in ["alice", "bob", "user_00001", ""] {
                let h = hub_of(u, hubs);
                assert!(h < hubs);
                assert_eq!(h, hub_of(u, hubs));
            }
        }
        assert_eq!(hub_of("x", 0), 0, "zero hubs is read as one");
    }

    #[test]
    fn members_spread_over_hubs_and_each_hub_gets_one_push() {
        let ids: Vec<String> = (0..1000).map(|i| format!("m{i}")).collect();
        let by = MembersByHub::new(ids.iter().map(|i| (i.as_str(), false)), 16);
        assert_eq!(
            by.hubs.len(),
            16,
            "1,000 members reach every one of 16 hubs"
        );
        let pushes = by.pushes(&[item("m1", false, "{}")], None);
        assert_eq!(pushes.len(), 16, "one call per hub, not per member");
        let total: usize = pushes.iter().map(|(_, p)| p.members.len()).sum();
        assert_eq!(total, 1000);
        for (hub, p) in &pushes {
            assert!(p.members.iter().all(|m| hub_of(m, 16) == *hub));
        }
        // The biggest hub holds far fewer than all: the hash spreads.
        assert!(pushes.iter().all(|(_, p)| p.members.len() < 120));
    }

    #[test]
    fn a_push_to_some_members_calls_only_their_hubs() {
        let ids: Vec<String> = (0..100).map(|i| format!("u{i}")).collect();
        let by = MembersByHub::new(ids.iter().map(|i| (i.as_str(), false)), 16);
        let to = vec!["u3".to_owned()];
        let pushes = by.pushes(&[item("", true, "{}")], Some(&to));
        assert_eq!(pushes.len(), 1);
        assert_eq!(pushes[0].0, hub_of("u3", 16));
        assert_eq!(pushes[0].1.members, to);
    }

    #[test]
    fn discard_members_get_their_own_messages_and_recalls_only() {
        let push = GroupPush {
            members: vec!["a".into()],
            quiet: vec!["q".into()],
            items: vec![
                item("a", false, "m1"),
                item("q", false, "m2"),
                item("a", true, "recall"),
            ],
        };
        let got: Vec<(&str, Vec<&str>)> = push.deliveries().collect();
        assert_eq!(
            got,
            vec![
                ("a", vec!["m1", "m2", "recall"]),
                ("q", vec!["m2", "recall"])
            ]
        );
        let only_others = GroupPush {
            members: vec![],
            quiet: vec!["q".into()],
            items: vec![item("a", false, "m1")],
        };
        assert_eq!(
            only_others.deliveries().count(),
            0,
            "nothing to send: no call"
        );
    }

    #[test]
    fn requests_round_trip_as_json() {
        let reqs = [
            HubRequest::Push {
                user: "a".into(),
                frames: vec!["{\"type\":\"x\"}".into()],
                except: Some("sid".into()),
            },
            HubRequest::Kick {
                user: "a".into(),
                reason: "kickedByAdmin".into(),
            },
            HubRequest::Sessions { user: "a".into() },
            HubRequest::Group(GroupPush {
                members: vec!["a".into()],
                quiet: vec![],
                items: vec![item("b", false, "{}")],
            }),
        ];
        for r in reqs {
            let text = serde_json::to_string(&r).expect("json");
            let back: HubRequest = serde_json::from_str(&text).expect("parse");
            assert_eq!(back, r);
        }
    }
}
