//! The hub's rooms: which members of each group are online here, subscribing to a group
//! with its first member and leaving with its last, and writing a group's pushes to them.

use super::{js_strings, send_all, HubDo, RoomOnHub, GROUP_CHUNK};
use crate::edge::platform::GROUP as GROUP_BINDING;
use crate::edge::stub;
use crate::hub::room::{HubToGroup, PendingLogin, RoomMembers, RoomPush, GROUP_PATH};
use crate::hub::room_sql::RoomSql;
use crate::hub::{hub_of, GroupPush, HubReply, HubRequest, PushItem};
use edgechat_proto::ImError;
use std::collections::BTreeMap;
use std::rc::Rc;
use worker::js_sys;

impl HubDo {
    pub(super) fn rooms(&self) -> std::result::Result<&RoomSql, ImError> {
        self.rooms.as_ref().map_err(Clone::clone)
    }

    /// This hub's index (every user on it hashes here).
    pub(super) fn index(&self, user: &str) -> u32 {
        hub_of(user, self.config.as_ref().map_or(1, |c| c.hubs))
    }

    /// Tells `groups` that this hub has members of theirs online now, or no longer.
    pub(super) async fn tell_groups(&self, hub: u32, groups: Vec<String>, subscribe: bool) {
        let call = HubToGroup { hub, subscribe };
        for chunk in groups.chunks(GROUP_CHUNK) {
            let calls =
                (chunk.iter()).map(|g| stub::send(&self.env, GROUP_BINDING, g, GROUP_PATH, &call));
            futures_util::future::join_all(calls).await;
        }
    }

    /// Records the rooms of a user who just logged in (its groups, then the changes that
    /// arrived during the login); the groups this hub had no one online in before.
    pub(super) fn enter_rooms(&self, user: &str, rows: Vec<(String, Option<bool>)>) -> Vec<String> {
        let Ok(rooms) = self.rooms() else {
            return Vec::new();
        };
        self.room_cache.borrow_mut().clear();
        let mut before: BTreeMap<String, u32> = BTreeMap::new();
        for (group, quiet) in rows {
            if !before.contains_key(&group) {
                before.insert(group.clone(), rooms.count(&group).unwrap_or(0));
            }
            let _ = match quiet {
                Some(q) => rooms.set(&group, user, q),
                None => rooms.remove(&group, user),
            };
        }
        before
            .into_iter()
            .filter(|(g, n)| *n == 0 && rooms.count(g).unwrap_or(0) > 0)
            .map(|(g, _)| g)
            .collect()
    }

    /// A user with no session left (and none being admitted) leaves its rooms; groups with no
    /// one online here any more are unsubscribed.
    pub(super) async fn leave_rooms_if_offline(&self, user: &str) {
        if !self.sessions_of(user).is_empty() || self.pending.borrow().contains_key(user) {
            return;
        }
        self.room_cache.borrow_mut().clear();
        let Ok(empty) = self.rooms().and_then(|r| r.remove_user(user)) else {
            return;
        };
        self.tell_groups(self.index(user), empty, false).await;
    }

    /// The end of a login's admission: the changes that arrived meanwhile.
    pub(super) fn admitted(&self, user: &str) -> PendingLogin {
        let mut pending = self.pending.borrow_mut();
        let Some(p) = pending.get_mut(user) else {
            return PendingLogin::default();
        };
        p.logins = p.logins.saturating_sub(1);
        let out = p.clone();
        if p.logins == 0 {
            pending.remove(user);
        }
        out
    }

    /// A group's members coming online here or going (join, quit, kick, receive option,
    /// dismiss); the group's members online here after.
    pub(super) fn members_changed(&self, change: RoomMembers) -> std::result::Result<u32, ImError> {
        let rooms = self.rooms()?;
        let group = change.group.as_str();
        self.room_cache.borrow_mut().remove(group);
        if change.clear {
            rooms.clear(group)?;
        }
        let mut pending = self.pending.borrow_mut();
        for (user, quiet) in &change.set {
            if change.synthetic || !self.sessions_of(user).is_empty() {
                rooms.set(group, user, *quiet)?;
            }
            if let Some(p) = pending.get_mut(user) {
                p.changes.push((group.to_owned(), Some(*quiet)));
            }
        }
        for user in &change.remove {
            rooms.remove(group, user)?;
            if let Some(p) = pending.get_mut(user) {
                p.changes.push((group.to_owned(), None));
            }
        }
        rooms.count(group)
    }

    /// A group push: written to every member of the group online here, and sent on to the
    /// relay hubs (whose answers say which of them have no one).
    pub(super) async fn room_push(&self, push: RoomPush) -> std::result::Result<HubReply, ImError> {
        let relayed = (!push.relay.is_empty()).then(|| {
            HubRequest::Room(RoomPush {
                group: push.group.clone(),
                items: push.items.clone(),
                relay: Vec::new(),
            })
        });
        let relays = push.relay.iter().map(|hub| {
            let request = relayed.as_ref();
            async move {
                let reply = match request {
                    Some(r) => stub::hub(&self.env, *hub, r).await.ok(),
                    None => None,
                };
                (*hub, reply)
            }
        });
        let relays = futures_util::future::join_all(relays);
        let room = self.room(&push.group)?;
        let online = (room.0.len() + room.1.len()) as u32;
        let sockets = self.write_to(&room.0, &room.1, &push.items);
        let empty = (relays.await.into_iter())
            .filter(|(_, r)| r.as_ref().is_some_and(|r| r.online == 0))
            .map(|(h, _)| h)
            .collect();
        Ok(HubReply {
            sockets,
            online,
            empty,
            ..HubReply::default()
        })
    }

    /// The group's members online here (cached until a change touches the group).
    pub(super) fn room(&self, group: &str) -> std::result::Result<Rc<RoomOnHub>, ImError> {
        if let Some(room) = self.room_cache.borrow().get(group) {
            return Ok(Rc::clone(room));
        }
        let room = Rc::new(self.rooms()?.members(group)?);
        (self.room_cache.borrow_mut()).insert(group.to_owned(), Rc::clone(&room));
        Ok(room)
    }

    /// Writes a group push's frames to the sockets of its members here; sockets written.
    pub(super) fn write_group(&self, push: &GroupPush) -> u32 {
        self.write_to(&push.members, &push.quiet, &push.items)
    }

    pub(super) fn write_to(&self, members: &[String], quiet: &[String], items: &[PushItem]) -> u32 {
        let mut sockets = 0;
        // Each frame becomes a JS string once, then goes to every socket as it is.
        let all = js_strings(items.iter().map(|i| i.frame.as_str()));
        let by_user = self.by_user();
        let mut send = |member: &str, frames: &[js_sys::JsString]| {
            for ws in by_user.get(member).into_iter().flatten() {
                sockets += 1;
                send_all(ws, frames);
            }
        };
        for member in members {
            send(member, &all);
        }
        for member in quiet {
            let frames = crate::hub::quiet_frames(items, member);
            if !frames.is_empty() {
                send(member, &js_strings(frames));
            }
        }
        sockets
    }
}
