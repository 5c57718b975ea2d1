//! What survives a reload. After each burst of frames the host takes the changes (every
//! message stored or changed since, with its conversation, plus the lists and sync positions)
//! and writes them to its store (IndexedDB in browsers: one record per message); at the next
//! login it hands back the lists with the last page of each conversation (`restore`), so they
//! show before the network answers, and older pages while offline (`load_messages`).

use super::groups::GroupEntry;
use super::groups::GroupLog;
use super::{emit, event, Action, ChatCore};
use edgechat_proto::frame::Conversation;
use edgechat_proto::group::{GroupMessage, JoinedGroup};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::ImError;
use serde::{Deserialize, Serialize};

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

/// One message for the host's store: its conversation (`C2C…`/`GROUP…`) and SEQ.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a, M> {
    #[serde(rename = "conversationID")]
    conversation_id: String,
    seq: u64,
    message: &'a M,
}

/// What changed since the host last stored: `meta` is a snapshot without messages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Changes<'a> {
    meta: Snapshot,
    messages: Vec<Record<'a, StoredMessage>>,
    group_messages: Vec<Record<'a, GroupMessage>>,
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
    /// Profile and relationship reads (`op body` → answer).
    #[serde(default)]
    sns: std::collections::BTreeMap<String, serde_json::Value>,
}

impl ChatCore {
    /// The lists and sync positions, without messages.
    fn meta(&self, me: &str) -> Snapshot {
        Snapshot {
            version: VERSION,
            user: me.to_owned(),
            contiguous: self.c2c.inbox.contiguous,
            messages: vec![],
            conversations: self.c2c.conversations.values().cloned().collect(),
            groups: self
                .groups
                .entries
                .iter()
                .map(|(key, e)| GroupSnapshot {
                    key: key.clone(),
                    info: e.info.clone(),
                    contiguous: e.log.contiguous,
                    messages: vec![],
                })
                .collect(),
            sns: self.sns_cache.clone(),
        }
    }

    /// What changed since the last call, as JSON text for the host's store: `{meta, messages,
    /// groupMessages}`, each message as `{conversationID, seq, message}`. None before a login.
    pub fn take_changes(&mut self) -> Option<String> {
        let me = self.session.me.clone()?;
        let inbox = self.c2c.inbox.store.take_changed();
        let mut group_changes = Vec::new();
        for (key, e) in self.groups.entries.iter_mut() {
            for seq in e.log.store.take_changed() {
                group_changes.push((key.clone(), seq));
            }
        }
        let messages = inbox
            .into_iter()
            .filter_map(|seq| self.c2c.inbox.store.get(&seq))
            .map(|m| Record {
                conversation_id: format!("C2C{}", m.peer_of(&me)),
                seq: m.seq,
                message: m,
            })
            .collect();
        let group_messages = group_changes
            .into_iter()
            .filter_map(|(key, seq)| {
                let m = self.groups.entries.get(&key)?.log.store.get(&seq)?;
                Some(Record {
                    conversation_id: format!("GROUP{key}"),
                    seq,
                    message: m,
                })
            })
            .collect();
        let changes = Changes {
            meta: self.meta(me.as_str()),
            messages,
            group_messages,
        };
        serde_json::to_string(&changes).ok()
    }

    /// Older one-to-one messages the host read from its store (a JSON array of stored
    /// messages), while the session is not synced: held like restored ones, confirmed or
    /// corrected (not announced again) by the login's sync. Messages already held are left as they are.
    pub fn load_messages(&mut self, text: &str) -> Result<(), ImError> {
        let messages: Vec<StoredMessage> = serde_json::from_str(text)
            .map_err(|e| ImError::InvalidParameter(format!("stored messages: {e}")))?;
        if self.is_ready() {
            return Ok(()); // synced: everything is held already
        }
        for m in messages {
            self.c2c.inbox.store.load(m.seq, m);
        }
        Ok(())
    }

    /// The SEQ of a held message of `conversation_id` by its ID (where the host reads older
    /// pages from): one-to-one or group.
    pub fn message_seq(&self, conversation_id: &str, id: &str) -> Option<u64> {
        match conversation_id.strip_prefix("GROUP") {
            None => self.held_by_id(id).map(|m| m.seq),
            Some(key) => self.held_group_seq(key, id),
        }
    }

    /// Older messages of a group the host read from its store (a JSON array), while the session
    /// is not synced: held for offline pages; once synced, the server's pages replace them.
    pub fn load_group_messages(
        &mut self,
        conversation_id: &str,
        text: &str,
    ) -> Result<(), ImError> {
        let key = super::groups::group_of(conversation_id)?;
        let messages: Vec<GroupMessage> = serde_json::from_str(text)
            .map_err(|e| ImError::InvalidParameter(format!("stored group messages: {e}")))?;
        if self.is_ready() {
            return Ok(());
        }
        if let Some(e) = self.groups.entries.get_mut(&key) {
            for m in messages {
                e.log.store.load(m.seq, m);
            }
        }
        Ok(())
    }

    /// The session's local data as JSON text, in the form `restore` reads (tests).
    #[cfg(test)]
    pub fn snapshot(&self) -> Option<String> {
        let me = self.session.me.as_ref()?;
        let mut snap = self.meta(me.as_str());
        snap.messages = self.c2c.inbox.store.values().cloned().collect();
        for g in &mut snap.groups {
            if let Some(e) = self.groups.entries.get(&g.key) {
                g.messages = e.log.store.values().cloned().collect();
            }
        }
        serde_json::to_string(&snap).ok()
    }

    /// Loads what the host stored for this user (the lists and the last page of each
    /// conversation, in the snapshot form), right after `login` (before the socket opens): the
    /// lists are announced from local data at once; the login's sync confirms or corrects the
    /// one-to-one messages, and a group's server pages replace its restored ones. A snapshot of another user, another version or
    /// bad JSON is ignored (`Ok(vec![])`): nothing of it shows.
    pub fn restore(&mut self, text: &str) -> Result<Vec<Action>, ImError> {
        let me = self
            .session
            .me
            .clone()
            .ok_or_else(|| ImError::InvalidParameter("restore needs a login first".into()))?;
        let Ok(snap) = serde_json::from_str::<Snapshot>(text) else {
            return Ok(vec![]);
        };
        if snap.version != VERSION
            || snap.user != me.as_str()
            || self.c2c.inbox.contiguous > 0
            || !self.c2c.inbox.store.is_empty()
        {
            return Ok(vec![]);
        }
        // Shown at once, confirmed (or corrected: recalls, edits) by the login's sync from the
        // start, which does not announce them again.
        self.c2c.inbox.store = snap.messages.into_iter().map(|m| (m.seq, m)).collect();
        self.sns_cache = snap.sns;
        self.c2c.conversations = snap
            .conversations
            .into_iter()
            .map(|c| (c.peer.clone(), c))
            .collect();
        // Groups: the list, and the last pages for reading while offline (once synced, pages
        // come from the server, which knows of recalls, and replace these).
        for g in snap.groups {
            if let Some(info) = g.info {
                let mut log = GroupLog::starting_at(info.last_seq);
                for m in g.messages {
                    log.store.load(m.seq, m);
                }
                self.groups.entries.insert(
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
        out.push(emit(event::GROUP_LIST_UPDATED, self.group_list_view()));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::{event, Action};
    use edgechat_proto::fixtures::stored;
    use edgechat_proto::frame::ServerFrame;

    fn msg(seq: u64) -> StoredMessage {
        stored(seq, "alice", "bob", seq as u32, 100 + seq, "hi")
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
        c.c2c.inbox.contiguous = 2;
        c.c2c.inbox.store.insert(1, msg(1));
        c.c2c.inbox.store.insert(2, msg(2));
        c.c2c.conversations.insert(
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
            d.c2c.inbox.store.get(&1).is_some_and(|m| m.recalled),
            "the recall reached the restored copy"
        );
        let announced: Vec<u64> = d.c2c.backlog.iter().map(|m| m.seq).collect();
        assert_eq!(
            announced,
            vec![3],
            "only the message new to this device is announced"
        );
        assert_eq!(d.c2c.inbox.contiguous, 3);
    }

    #[test]
    fn another_users_or_a_broken_snapshot_shows_nothing() {
        let mut c = logged_in("bob");
        c.c2c.inbox.contiguous = 5;
        let text = c.snapshot().expect("snapshot");
        let mut other = logged_in("carol");
        assert!(other.restore(&text).expect("restore").is_empty());
        assert_eq!(other.c2c.inbox.contiguous, 0);
        let mut d = logged_in("bob");
        assert!(d.restore("{not json").expect("restore").is_empty());
        assert!(ChatCore::new(1).restore(&text).is_err(), "before a login");
    }

    fn changed_seqs(c: &mut ChatCore) -> Vec<(String, u64)> {
        let text = c.take_changes().expect("changes");
        let v: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(v["meta"]["user"], "bob");
        assert_eq!(v["meta"]["messages"], serde_json::json!([]));
        v["messages"]
            .as_array()
            .expect("messages")
            .iter()
            .map(|r| {
                assert_eq!(r["message"]["seq"], r["seq"]);
                (
                    r["conversationID"].as_str().unwrap_or("").to_owned(),
                    r["seq"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }

    fn sync_req(actions: &[Action]) -> u64 {
        actions
            .iter()
            .find_map(|x| match x {
                Action::Send { frame } if frame.contains(r#""cmd":"sync""#) => {
                    serde_json::from_str::<serde_json::Value>(frame).ok()?["reqId"].as_u64()
                }
                _ => None,
            })
            .expect("a sync")
    }

    #[test]
    fn changes_list_each_stored_or_changed_message_once_and_restored_copies_not_at_all() {
        let mut c = logged_in("bob");
        assert!(
            ChatCore::new(1).take_changes().is_none(),
            "no login, nothing"
        );
        let a = c.on_frame(
            &ServerFrame::Login {
                user_id: "bob".into(),
                max_seq: 2,
            }
            .to_text(),
        );
        let req_id = sync_req(&a);
        c.on_frame(
            &ServerFrame::Sync {
                req_id,
                messages: vec![msg(1), msg(2)],
                complete: true,
                max_seq: 2,
            }
            .to_text(),
        );
        assert_eq!(
            changed_seqs(&mut c),
            vec![("C2Calice".into(), 1), ("C2Calice".into(), 2)]
        );
        assert!(changed_seqs(&mut c).is_empty(), "taken once");

        // The next session restores the last page and loads an older one while offline:
        // none of it is written back; the sync rewrites only the message that changed.
        let text = c.snapshot().expect("snapshot");
        let mut d = logged_in("bob");
        let mut snap: serde_json::Value = serde_json::from_str(&text).expect("json");
        snap["messages"] = serde_json::json!([msg(2)]);
        d.restore(&snap.to_string()).expect("restore");
        assert_eq!(
            d.message_seq("C2Calice", "alice-bob-99"),
            None,
            "an unknown ID"
        );
        let id = crate::view::message_id("alice", "bob", 2);
        assert_eq!(d.message_seq("C2Calice", &id), Some(2));
        d.load_messages(&serde_json::json!([msg(1)]).to_string())
            .expect("load");
        assert!(d.load_messages("[{").is_err(), "bad JSON is refused");
        assert_eq!(d.c2c.inbox.store.len(), 2);
        assert!(changed_seqs(&mut d).is_empty());
        let a = d.on_frame(
            &ServerFrame::Login {
                user_id: "bob".into(),
                max_seq: 2,
            }
            .to_text(),
        );
        let req_id = sync_req(&a);
        let mut recalled = msg(1);
        recalled.recalled = true;
        d.on_frame(
            &ServerFrame::Sync {
                req_id,
                messages: vec![recalled, msg(2)],
                complete: true,
                max_seq: 2,
            }
            .to_text(),
        );
        assert_eq!(changed_seqs(&mut d), vec![("C2Calice".into(), 1)]);
    }
}
