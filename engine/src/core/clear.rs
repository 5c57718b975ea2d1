//! `clearHistoryMessage` on the client: the conversation stays, read and empty, here at once;
//! the server deletes a one-to-one conversation's messages from the inbox, or hides a group's
//! messages so far from this user, and tells the other devices.

use super::{Action, Call, ChatCore, Pending};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::ImError;
use serde_json::json;

/// The SDK's code for a conversation that is not in the list.
const CONV_NOT_FOUND: u32 = 2500;

impl ChatCore {
    /// `clearHistoryMessage(conversationID)`: resolves with `{conversationID}`.
    pub fn clear_history_message(&mut self, conversation_id: &str) -> Result<Call, ImError> {
        self.me()?;
        let id = conversation_id.to_owned();
        let group = match id.strip_prefix("GROUP") {
            Some(_) => {
                let g = super::groups::group_of(&id)?;
                if super::groups::split_topic(&g)?.1.is_some() {
                    return Err(ImError::InvalidParameter(
                        "clearHistoryMessage does not take a topic's conversation".into(),
                    ));
                }
                Some(g)
            }
            None => {
                super::conversations::c2c_peer(&id)?;
                None
            }
        };
        if !self.has_conversation(&id) {
            return Err(ImError::Coded(
                CONV_NOT_FOUND,
                format!("conversation {id:?} is not in the conversation list"),
            ));
        }
        let key = self.key();
        let mut actions = vec![];
        match &group {
            Some(g) => self.clear_group_here(g),
            None => self.clear_c2c_here(id.trim_start_matches("C2C")),
        }
        self.conversations_changed(&mut actions);
        let conversation_id = id.clone();
        actions.push(self.request(
            |req_id| ClientFrame::ClearHistory {
                req_id,
                conversation_id,
            },
            Pending::Cleared {
                key: key.clone(),
                id,
            },
        ));
        Ok(Call { key, actions })
    }

    /// Every message held of the conversation with `peer` is deleted (and stored so).
    fn clear_c2c_here(&mut self, peer: &str) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let seqs: Vec<u64> = (self.c2c.inbox.store.iter())
            .filter(|(_, m)| m.peer_of(&me).as_str() == peer && !m.deleted)
            .map(|(seq, _)| *seq)
            .collect();
        for seq in seqs {
            if let Some(m) = self.c2c.inbox.store.get_mut(&seq) {
                m.deleted = true;
            }
        }
        if let Some(c) = self.c2c.conversations.get_mut(peer) {
            c.last_message = None;
            c.unread_count = 0;
        }
    }

    /// The group's messages so far are hidden here, and read.
    fn clear_group_here(&mut self, group: &str) {
        if let Some(info) = (self.groups.entries.get_mut(group)).and_then(|e| e.info.as_mut()) {
            info.cleared_seq = info.last_seq;
            info.read_seq = info.last_seq;
            info.unread = 0;
        }
    }

    /// Up to what SEQ `group`'s messages are hidden (`clearHistoryMessage`; 0: none).
    pub(super) fn group_cleared(&self, group: &str) -> u64 {
        (self.groups.entries.get(group))
            .and_then(|e| e.info.as_ref())
            .map_or(0, |g| g.cleared_seq)
    }

    /// The server cleared it: settles the call.
    pub(super) fn on_cleared(key: String, id: String, out: &mut Vec<Action>) {
        out.push(Action::Resolve {
            key,
            data: json!({ "conversationID": id }),
        });
    }
}
