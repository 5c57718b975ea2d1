//! `getMessageList`: pages of a conversation, newest page first, from local data when it
//! has them and from the server when it does not.

use super::conversations::c2c_peer;
use super::{Action, Call, ChatCore, Pending, Phase};
use crate::view::{is_message_id, message_id};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::limits::HISTORY_PAGE_MAX;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

impl ChatCore {
    /// `findMessage`: a message held on this device (one-to-one or group) by its ID, as the
    /// app sees it; `None` for an unknown or deleted one.
    pub fn find_view(&self, id: &str) -> Option<crate::view::MessageView> {
        let me = self.session.me.as_ref()?;
        if let Some(m) = self.held_by_id(id) {
            return (!m.deleted).then(|| self.view(m)).flatten();
        }
        self.groups.entries.values().find_map(|e| {
            e.log
                .store
                .values()
                .rev()
                .find(|m| crate::view::group_message_id(m) == id)
                .map(|m| crate::view::MessageView::of_group(m, me))
        })
    }

    /// The held one-to-one message with this ID, newest first (deleted ones too).
    pub(super) fn held_by_id(&self, id: &str) -> Option<&StoredMessage> {
        self.c2c
            .inbox
            .store
            .values()
            .rev()
            .find(|m| is_message_id(id, m.from.as_str(), m.to.as_str(), m.random))
    }

    /// Up to `take` local messages with `peer` before `before`, oldest first (deleted ones
    /// left out), found walking back from `before`.
    fn local_before(&self, peer: &UserId, before: Option<u64>, take: usize) -> Vec<&StoredMessage> {
        let Some(me) = self.session.me.as_ref() else {
            return vec![];
        };
        let mut out: Vec<&StoredMessage> = self
            .c2c
            .inbox
            .store
            .range(..before.unwrap_or(u64::MAX))
            .rev()
            .map(|(_, m)| m)
            .filter(|m| m.peer_of(me) == peer && !m.deleted)
            .take(take)
            .collect();
        out.reverse();
        out
    }

    /// The page before `before` from local data, and whether local data was enough.
    fn local_page(&self, peer: &UserId, before: Option<u64>, count: usize) -> (bool, Value) {
        let older = self.local_before(peer, before, count + 1);
        let complete = self.c2c.history_complete.contains(peer);
        let page: Vec<StoredMessage> = older[older.len().saturating_sub(count)..]
            .iter()
            .map(|m| (*m).clone())
            .collect();
        let enough = older.len() >= count || complete;
        let data = json!({
            "messageList": self.views(&page),
            "nextReqMessageID": page.first().map(|m| message_id(m.from.as_str(), m.to.as_str(), m.random)).unwrap_or_default(),
            "isCompleted": complete && older.len() <= count,
        });
        (enough, data)
    }

    pub fn get_message_list(
        &mut self,
        conversation_id: &str,
        next_req_message_id: Option<&str>,
        count: Option<u32>,
    ) -> Result<Call, ImError> {
        // While a login or reconnect is under way, one-to-one pages come from local data only.
        let local_only = !self.is_ready();
        if local_only {
            if self.session.me.is_none() || self.session.phase == Phase::Idle {
                return Err(ImError::Coded(
                    super::code::NOT_READY,
                    "the SDK is not ready: log in first".into(),
                ));
            }
        } else {
            self.me()?;
        }
        let count = count.unwrap_or(HISTORY_PAGE_MAX as u32) as usize;
        if count == 0 || count > HISTORY_PAGE_MAX {
            return Err(ImError::InvalidParameter(format!(
                "count must be 1..={HISTORY_PAGE_MAX}"
            )));
        }
        if conversation_id.starts_with("GROUP") {
            let group = super::groups::group_of(conversation_id)?;
            if local_only {
                return self.local_group_page(&group, next_req_message_id, count);
            }
            return self.group_message_list(&group, next_req_message_id, count);
        }
        let peer = c2c_peer(conversation_id)?;
        let before = match next_req_message_id.filter(|s| !s.is_empty()) {
            None => None,
            Some(id) => Some(self.held_by_id(id).map(|m| m.seq).ok_or_else(|| {
                ImError::InvalidParameter(format!("nextReqMessageID {id:?} is not a known message"))
            })?),
        };
        let (enough, data) = self.local_page(&peer, before, count);
        let key = self.key();
        if enough || local_only {
            return Ok(Call {
                key: key.clone(),
                actions: vec![Action::Resolve { key, data }],
            });
        }
        // Ask the server for what precedes the oldest message held locally.
        let oldest_local = self.session.me.as_ref().and_then(|me| {
            self.c2c
                .inbox
                .store
                .range(..before.unwrap_or(u64::MAX))
                .map(|(_, m)| m)
                .find(|m| m.peer_of(me) == &peer && !m.deleted)
                .map(|m| m.seq)
        });
        let oldest_local = oldest_local.or(before);
        let p = peer.to_string();
        let action = self.request(
            |req_id| ClientFrame::History {
                req_id,
                peer: p,
                before_seq: oldest_local,
                count: Some(count as u32),
                time: None,
                newer: false,
            },
            Pending::History {
                key: key.clone(),
                peer,
                before,
                count,
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    pub(super) fn on_history(
        &mut self,
        req_id: u64,
        messages: Vec<StoredMessage>,
        complete: bool,
        out: &mut Vec<Action>,
    ) {
        let pending = self.requests.pending.remove(&req_id);
        if let Some(Pending::Hopping {
            key,
            hop: super::hopping::Hop::C2c { newer },
        }) = pending
        {
            return self.on_c2c_hop(key, newer, messages, complete, out);
        }
        if let Some(Pending::History {
            key,
            peer,
            before,
            count,
        }) = pending
        {
            for m in messages {
                self.c2c.inbox.store.insert_if_absent(m.seq, m);
            }
            if complete {
                self.c2c.history_complete.insert(peer.clone());
            }
            let (_, data) = self.local_page(&peer, before, count);
            out.push(Action::Resolve { key, data });
        }
    }
}
