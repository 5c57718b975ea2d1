//! What survives a reload: a snapshot of the session's local data (the newest messages of the
//! inbox and of each group, the sync positions, the conversation and group lists) that the host
//! writes to its storage (IndexedDB in browsers, anything with get/set elsewhere) and hands
//! back at the next login, so the lists and the last pages show before the network answers.

use super::group_log::GroupLog;
use super::groups::GroupEntry;
use super::{emit, Action, ChatCore};
use edgechat_proto::frame::Conversation;
use edgechat_proto::group::{GroupMessage, JoinedGroup};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};

/// Inbox messages kept in a snapshot (the newest).
pub const SNAPSHOT_MESSAGES: usize = 2000;
/// Messages kept per group or topic.
pub const SNAPSHOT_GROUP_MESSAGES: usize = 100;
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GroupSnapshot {
    key: String,
    #[serde(default)]
    info: Option<JoinedGroup>,
    contiguous: u64,
    messages: Vec<GroupMessage>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    version: u32,
    user: String,
    contiguous: u64,
    messages: Vec<StoredMessage>,
    conversations: Vec<Conversation>,
    groups: Vec<GroupSnapshot>,
}

impl ChatCore {
    /// The session's local data as JSON text, for the host to store (None before a login).
    pub fn snapshot(&self) -> Option<String> {
        let me = self.me.as_ref()?;
        let skip = self.store.len().saturating_sub(SNAPSHOT_MESSAGES);
        let snap = Snapshot {
            version: VERSION,
            user: me.to_string(),
            contiguous: self.contiguous,
            messages: self.store.values().skip(skip).cloned().collect(),
            conversations: self.conversations.values().cloned().collect(),
            groups: self
                .groups
                .iter()
                .map(|(key, e)| {
                    let skip = e.log.store.len().saturating_sub(SNAPSHOT_GROUP_MESSAGES);
                    GroupSnapshot {
                        key: key.clone(),
                        info: e.info.clone(),
                        contiguous: e.log.contiguous,
                        messages: e.log.store.values().skip(skip).cloned().collect(),
                    }
                })
                .collect(),
        };
        serde_json::to_string(&snap).ok()
    }

    /// Loads a snapshot saved by an earlier session of the same user, right after `login`
    /// (before the socket opens): the lists are announced from local data at once, and the
    /// sync then asks only for what is newer. A snapshot of another user, another version or
    /// bad JSON is ignored (`Ok(vec![])`): nothing of it shows.
    pub fn restore(&mut self, text: &str) -> Result<Vec<Action>, ImError> {
        let me = self
            .me
            .clone()
            .ok_or_else(|| ImError::InvalidParameter("restore needs a login first".into()))?;
        let Ok(snap) = serde_json::from_str::<Snapshot>(text) else {
            return Ok(vec![]);
        };
        if snap.version != VERSION
            || snap.user != me.as_str()
            || self.contiguous > 0
            || !self.store.is_empty()
        {
            return Ok(vec![]);
        }
        // Shown at once, confirmed (or corrected: recalls, edits) by the login's sync from the
        // start, which does not announce them again.
        self.store = snap.messages.into_iter().map(|m| (m.seq, m)).collect();
        self.restored = self.store.keys().copied().collect();
        self.conversations = snap
            .conversations
            .into_iter()
            .map(|c| (c.peer.clone(), c))
            .collect();
        // Groups: the list only (their pages come from the server, which knows of recalls).
        for g in snap.groups {
            if let Some(info) = g.info {
                let log = GroupLog::starting_at(info.last_seq);
                self.groups.insert(
                    g.key,
                    GroupEntry {
                        info: Some(info),
                        log,
                    },
                );
            }
        }
        let mut out = vec![];
        self.conversations_changed(&mut out);
        out.push(emit(
            super::groups::group_event::GROUP_LIST_UPDATED,
            self.group_list_view(),
        ));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{event, Action};
    use edgechat_proto::frame::ServerFrame;
    use edgechat_proto::message::MsgElem;
    use edgechat_proto::UserId;

    fn msg(seq: u64) -> StoredMessage {
        StoredMessage {
            seq,
            from: UserId::parse("alice").expect("id"),
            to: UserId::parse("bob").expect("id"),
            random: seq as u32,
            time: 100 + seq,
            msg_key: format!("{seq}_{seq}_1"),
            msg_body: vec![MsgElem::text("hi")],
            cloud_custom_data: String::new(),
            offline_push_info: None,
            recalled: false,
            deleted: false,
            nick: String::new(),
            avatar: String::new(),
        }
    }

    fn logged_in(user: &str) -> ChatCore {
        let mut c = ChatCore::new(1_400_000_000);
        c.login(user, "sig", "http://x", "Web").expect("login");
        c
    }

    #[test]
    fn a_snapshot_restores_the_lists_and_the_sync_position() {
        let mut c = logged_in("bob");
        c.on_frame(
            &ServerFrame::Login {
                user_id: "bob".into(),
                max_seq: 2,
            }
            .to_text(),
        );
        c.contiguous = 2;
        c.store.insert(1, msg(1));
        c.store.insert(2, msg(2));
        c.conversations.insert(
            "alice".into(),
            Conversation {
                peer: "alice".into(),
                last_message: Some(msg(2)),
                unread_count: 2,
                read_seq: 0,
                peer_read_time: 0,
                time: 102,
                removed: false,
            },
        );
        let text = c.snapshot().expect("snapshot");

        let mut d = logged_in("bob");
        let actions = d.restore(&text).expect("restore");
        let lists: Vec<_> = actions
            .iter()
            .filter_map(|a| match a {
                Action::Emit { name, data } if *name == event::CONVERSATION_LIST_UPDATED => {
                    Some(data)
                }
                _ => None,
            })
            .collect();
        assert_eq!(lists[0][0]["conversationID"], "C2Calice");
        assert_eq!(lists[0][0]["unreadCount"], 2);
        // The login's sync starts over and corrects what changed meanwhile (a recall), without
        // announcing the restored messages again.
        let a = d.on_frame(
            &ServerFrame::Login {
                user_id: "bob".into(),
                max_seq: 3,
            }
            .to_text(),
        );
        let sync_req = a
            .iter()
            .find_map(|x| match x {
                Action::Send { frame } if frame.contains(r#""cmd":"sync""#) => Some(frame.clone()),
                _ => None,
            })
            .expect("a sync");
        assert!(sync_req.contains(r#""since":0"#), "{sync_req}");
        let req_id: u64 = serde_json::from_str::<serde_json::Value>(&sync_req).expect("json")
            ["reqId"]
            .as_u64()
            .expect("reqId");
        let mut recalled = msg(1);
        recalled.recalled = true;
        d.on_frame(
            &ServerFrame::Sync {
                req_id,
                messages: vec![recalled, msg(2), msg(3)],
                complete: true,
                max_seq: 3,
            }
            .to_text(),
        );
        assert!(
            d.store.get(&1).is_some_and(|m| m.recalled),
            "the recall reached the restored copy"
        );
        assert!(d.restored.is_empty());
        assert_eq!(d.contiguous, 3);
    }

    #[test]
    fn another_users_or_a_broken_snapshot_shows_nothing() {
        let mut c = logged_in("bob");
        c.contiguous = 5;
        let text = c.snapshot().expect("snapshot");
        let mut other = logged_in("carol");
        assert!(other.restore(&text).expect("restore").is_empty());
        assert_eq!(other.contiguous, 0);
        let mut d = logged_in("bob");
        assert!(d.restore("{not json").expect("restore").is_empty());
        assert!(ChatCore::new(1).restore(&text).is_err(), "before a login");
    }
}
