//! The recent-contact list: loaded at login, kept current by arriving messages and the
//! server's conversation frames; read state, unread counts and read receipts.

use super::{emit, event, Action, Call, ChatCore, Pending, Phase};
use crate::view::{c2c_conversation, message_for_show};
use edgechat_proto::frame::{ClientFrame, Conversation};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Unread messages counted per conversation (as the server counts them).
const MAX_UNREAD: u32 = 250;

/// The peer of a `C2C…` conversation ID.
pub(super) fn c2c_peer(conversation_id: &str) -> Result<UserId, ImError> {
    conversation_id
        .strip_prefix("C2C")
        .ok_or_else(|| {
            ImError::InvalidParameter(format!(
                "conversationID {conversation_id:?} is not a C2C conversation"
            ))
        })
        .and_then(UserId::parse)
}

impl ChatCore {
    /// A conversation as `@tencentcloud/chat` shapes it.
    fn conversation_view(&self, c: &Conversation) -> Value {
        let shown = c.last_message.as_ref().filter(|m| !m.deleted);
        let last = shown.and_then(|m| self.view(m)).map(|v| {
            json!({
                "ID": v.id,
                "type": v.kind,
                "payload": v.payload,
                "fromAccount": v.from,
                "lastTime": v.time,
                "lastSequence": v.sequence,
                "isRevoked": v.is_revoked,
                "isPeerRead": v.is_peer_read,
                "messageForShow": c.last_message.as_ref().map(message_for_show).unwrap_or_default(),
            })
        });
        let id = c2c_conversation(&c.peer);
        let mut view = json!({
            "draftText": self.draft(&id),
            "conversationID": id,
            "type": "C2C",
            "unreadCount": c.unread_count,
            "lastMessage": last.unwrap_or_else(|| json!({})),
            "peerReadTime": c.peer_read_time,
            "userProfile": self.peer_profile(c),
        });
        self.with_settings(&mut view);
        view
    }

    /// The peer's nick and avatar as their newest held message carried them (messages carry
    /// the sender's profile); empty when none of theirs is held.
    fn peer_profile(&self, c: &Conversation) -> Value {
        let from_peer = |m: &&StoredMessage| m.from.as_str() == c.peer;
        let theirs = c.last_message.as_ref().filter(from_peer).or_else(|| {
            // Walk back a little (the list is built often): the newest page is enough.
            self.c2c
                .inbox
                .store
                .values()
                .rev()
                .take(200)
                .find(|m| m.from.as_str() == c.peer)
        });
        json!({
            "userID": c.peer,
            "nick": theirs.map(|m| m.nick.as_str()).unwrap_or_default(),
            "avatar": theirs.map(|m| m.avatar.as_str()).unwrap_or_default(),
        })
    }

    /// One-to-one and group conversations: pinned ones first, then most recent first.
    pub(super) fn list_view(&self) -> Value {
        let mut list: Vec<(u64, u64, Value)> = self
            .c2c
            .conversations
            .values()
            .map(|c| {
                let seq = c.last_message.as_ref().map_or(0, |m| m.seq);
                (c.time, seq, self.conversation_view(c))
            })
            .collect();
        list.extend(
            self.group_conversations()
                .into_iter()
                .map(|(t, v)| (t, 0, v)),
        );
        list.sort_by_key(|(time, seq, v)| {
            std::cmp::Reverse((v["isPinned"].as_bool().unwrap_or(false), *time, *seq))
        });
        json!(list.into_iter().map(|(_, _, v)| v).collect::<Vec<_>>())
    }

    /// `getTotalUnreadMessageCount`.
    /// Do-not-disturb conversations are not counted (as Tencent's SDK counts).
    pub fn total_unread(&self) -> u32 {
        self.c2c
            .conversations
            .values()
            .filter(|c| self.recent.get(&c2c_conversation(&c.peer)).remind.is_none())
            .map(|c| c.unread_count)
            .fold(self.groups_unread(), u32::saturating_add)
    }

    /// The conversation list changed: tell the app (list and total unread).
    pub(super) fn conversations_changed(&self, out: &mut Vec<Action>) {
        self.list_changed(out);
    }

    fn list_changed(&self, out: &mut Vec<Action>) {
        out.push(emit(event::CONVERSATION_LIST_UPDATED, self.list_view()));
        out.push(emit(
            event::TOTAL_UNREAD_MESSAGE_COUNT_UPDATED,
            json!(self.total_unread()),
        ));
    }

    pub(super) fn on_conversations(
        &mut self,
        req_id: u64,
        list: Vec<Conversation>,
        out: &mut Vec<Action>,
    ) {
        if !matches!(
            self.requests.pending.remove(&req_id),
            Some(Pending::Conversations)
        ) {
            return;
        }
        self.c2c.conversations = list.into_iter().map(|c| (c.peer.clone(), c)).collect();
        if self.session.phase == Phase::Syncing && self.session.ever_ready {
            // Back after a drop: no second SDK_READY; send what waited.
            self.session.phase = Phase::Ready;
            out.push(emit(
                event::NET_STATE_CHANGE,
                json!({ "state": "connected" }),
            ));
            let backlog = std::mem::take(&mut self.c2c.backlog);
            if !backlog.is_empty() {
                out.push(emit(event::MESSAGE_RECEIVED, self.views(&backlog)));
            }
            self.flush_queue(out);
        } else if self.session.phase == Phase::Syncing {
            self.became_ready(out);
            let backlog = std::mem::take(&mut self.c2c.backlog);
            if !backlog.is_empty() {
                out.push(emit(event::MESSAGE_RECEIVED, self.views(&backlog)));
            }
        }
        self.list_changed(out);
    }

    /// The server changed one conversation (read on another device, removed).
    pub(super) fn on_conversation(&mut self, c: Conversation, out: &mut Vec<Action>) {
        if c.removed {
            self.c2c.conversations.remove(&c.peer);
        } else {
            self.c2c.conversations.insert(c.peer.clone(), c);
        }
        self.list_changed(out);
    }

    /// A message new to this device moves its conversation to the top and counts unread.
    pub(super) fn note_in_conversation(&mut self, m: &StoredMessage, out: &mut Vec<Action>) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let peer = m.peer_of(&me).to_string();
        let c = self
            .c2c
            .conversations
            .entry(peer.clone())
            .or_insert_with(|| Conversation {
                peer,
                last_message: None,
                unread_count: 0,
                read_seq: 0,
                peer_read_time: 0,
                time: 0,
                removed: false,
            });
        if c.last_message.as_ref().is_none_or(|l| l.seq <= m.seq) {
            c.last_message = Some(m.clone());
        }
        c.time = c.time.max(m.time);
        if m.from != me {
            c.unread_count = c.unread_count.saturating_add(1).min(MAX_UNREAD);
        }
        self.list_changed(out);
    }

    /// The peer read our conversation: my messages up to `time` are read.
    pub(super) fn on_peer_read(&mut self, peer: &str, time: u64, out: &mut Vec<Action>) {
        let before = self
            .c2c
            .conversations
            .get(peer)
            .map_or(0, |c| c.peer_read_time);
        if let Some(c) = self.c2c.conversations.get_mut(peer) {
            c.peer_read_time = c.peer_read_time.max(time);
        }
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let newly: Vec<StoredMessage> = self
            .c2c
            .inbox
            .store
            .values()
            .filter(|m| {
                m.from == me
                    && m.to.as_str() == peer
                    && m.time > before
                    && m.time <= time
                    && !m.deleted
            })
            .cloned()
            .collect();
        if !newly.is_empty() {
            let mut views = self.views(&newly);
            if let Some(list) = views.as_array_mut() {
                for v in list {
                    v["isPeerRead"] = json!(true);
                }
            }
            out.push(emit(event::MESSAGE_READ_BY_PEER, views));
        }
    }

    /// `getConversationList`.
    pub fn get_conversation_list(&mut self) -> Result<Call, ImError> {
        self.me()?;
        let key = self.key();
        let data = json!({ "conversationList": self.list_view(), "isSyncCompleted": true });
        Ok(Call {
            key: key.clone(),
            actions: vec![Action::Resolve { key, data }],
        })
    }

    /// `getConversationProfile`.
    pub fn get_conversation_profile(&mut self, conversation_id: &str) -> Result<Call, ImError> {
        self.me()?;
        let peer = c2c_peer(conversation_id)?;
        let conv = self
            .c2c
            .conversations
            .get(peer.as_str())
            .cloned()
            .unwrap_or(Conversation {
                peer: peer.to_string(),
                last_message: None,
                unread_count: 0,
                read_seq: 0,
                peer_read_time: 0,
                time: 0,
                removed: false,
            });
        let key = self.key();
        let data = json!({ "conversation": self.conversation_view(&conv) });
        Ok(Call {
            key: key.clone(),
            actions: vec![Action::Resolve { key, data }],
        })
    }

    /// `setMessageRead`: clears unread here at once, on the other devices through the server,
    /// and sends the peer a read receipt.
    pub fn set_message_read(&mut self, conversation_id: &str) -> Result<Call, ImError> {
        self.me()?;
        if conversation_id.starts_with("GROUP") {
            let group = super::groups::group_of(conversation_id)?;
            return self.set_group_read(&group);
        }
        let peer = c2c_peer(conversation_id)?;
        let key = self.key();
        let mut actions = vec![];
        if let Some(c) = self.c2c.conversations.get_mut(peer.as_str()) {
            c.unread_count = 0;
        }
        self.list_changed(&mut actions);
        let p = peer.to_string();
        actions.push(self.request(
            |req_id| ClientFrame::Read { req_id, peer: p },
            Pending::Done { key: key.clone() },
        ));
        Ok(Call { key, actions })
    }

    /// `deleteConversation`: removes it from the list on every device (messages stay).
    pub fn delete_conversation(&mut self, conversation_id: &str) -> Result<Call, ImError> {
        self.me()?;
        let peer = c2c_peer(conversation_id)?;
        let key = self.key();
        let mut actions = vec![];
        self.drafts.remove(conversation_id);
        if self.c2c.conversations.remove(peer.as_str()).is_some() {
            self.list_changed(&mut actions);
        }
        let p = peer.to_string();
        actions.push(self.request(
            |req_id| ClientFrame::DeleteConversation { req_id, peer: p },
            Pending::Done { key: key.clone() },
        ));
        Ok(Call { key, actions })
    }
}
