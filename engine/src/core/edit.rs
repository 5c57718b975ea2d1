//! Changing stored messages: `revokeMessage` (recall), `modifyMessage`, `deleteMessage`,
//! and the events other devices and the peer see.

use super::{emit, Action, Call, ChatCore, Pending};
use crate::view::message_id;
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};

impl ChatCore {
    pub(super) fn stored_by_id(&self, id: &str) -> Result<(StoredMessage, UserId), ImError> {
        let me = self.me()?.clone();
        let m = self
            .held_by_id(id)
            .filter(|m| !m.deleted)
            .cloned()
            .ok_or_else(|| {
                ImError::InvalidParameter(format!("no stored message with ID {id:?}"))
            })?;
        let peer = m.peer_of(&me).clone();
        Ok((m, peer))
    }

    /// `revokeMessage`: recalls a message I sent (within the server's window).
    pub fn revoke_message(&mut self, id: &str) -> Result<Call, ImError> {
        if let Some(call) = self.revoke_group_message(id) {
            return call;
        }
        self.edit(id, |req_id, peer, msg_key| ClientFrame::Recall {
            req_id,
            peer,
            msg_key,
        })
    }

    /// `modifyMessage`: replaces the body (and CloudCustomData when given) on both sides.
    pub fn modify_message(
        &mut self,
        id: &str,
        body: Vec<MsgElem>,
        cloud_custom_data: Option<String>,
    ) -> Result<Call, ImError> {
        let ccd = cloud_custom_data.as_deref();
        if let Some(call) = self.modify_group_message(id, &body, ccd) {
            return call;
        }
        self.edit(id, |req_id, peer, msg_key| ClientFrame::Modify {
            req_id,
            peer,
            msg_key,
            msg_body: body,
            cloud_custom_data,
        })
    }

    /// Asks the server to change my stored message `id` with the frame `frame` makes (from
    /// the request ID, the peer and the MsgKey); the call settles when the server answers.
    fn edit(
        &mut self,
        id: &str,
        frame: impl FnOnce(u64, String, String) -> ClientFrame,
    ) -> Result<Call, ImError> {
        let (m, peer) = self.stored_by_id(id)?;
        let key = self.key();
        self.c2c.editing.insert(id.to_owned());
        let action = self.request(
            |req_id| frame(req_id, peer.to_string(), m.msg_key),
            Pending::Edit {
                key: key.clone(),
                id: id.to_owned(),
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// The held messages `ids` (1..=`max`) and their one conversation's peer; `call` names
    /// the API in the refusal.
    pub(super) fn one_conversation(
        &self,
        ids: &[String],
        max: usize,
        call: &str,
    ) -> Result<(Vec<StoredMessage>, UserId), ImError> {
        let found = ids
            .iter()
            .map(|id| self.stored_by_id(id))
            .collect::<Result<Vec<_>, _>>()?;
        match found.first().cloned() {
            Some((_, peer)) if found.len() <= max && found.iter().all(|(_, p)| p == &peer) => {
                Ok((found.into_iter().map(|(m, _)| m).collect(), peer))
            }
            _ => Err(ImError::InvalidParameter(format!(
                "{call} takes 1..={max} messages of one conversation"
            ))),
        }
    }

    /// `deleteMessage`: deletes messages of one conversation from my inbox (every device).
    pub fn delete_messages(&mut self, ids: &[String]) -> Result<Call, ImError> {
        let (found, peer) = self.one_conversation(ids, 30, "deleteMessage")?;
        for m in &found {
            if let Some(local) = self.c2c.inbox.store.get_mut(&m.seq) {
                local.deleted = true;
            }
        }
        let key = self.key();
        let keys = found.into_iter().map(|m| m.msg_key).collect();
        let action = self.request(
            |req_id| ClientFrame::Delete {
                req_id,
                peer: peer.to_string(),
                msg_keys: keys,
            },
            Pending::Done { key: key.clone() },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// A recall or modify pushed by the server: update the copy, tell the app unless this
    /// device asked for it (its promise answers that).
    pub(super) fn on_edited(
        &mut self,
        message: StoredMessage,
        name: &'static str,
        out: &mut Vec<Action>,
    ) {
        let id = message_id(message.from.as_str(), message.to.as_str(), message.random);
        let known = self.c2c.inbox.store.contains_key(&message.seq);
        if known {
            self.c2c.inbox.store.insert(message.seq, message.clone());
        }
        if message.deleted || self.c2c.editing.contains(&id) {
            return;
        }
        if let Some(v) = self.view(&message) {
            out.push(emit(name, serde_json::json!([v])));
        }
        if let Some(me) = self.session.me.clone() {
            let peer = message.peer_of(&me).to_string();
            if let Some(c) = self.c2c.conversations.get_mut(&peer) {
                if c.last_message
                    .as_ref()
                    .is_some_and(|l| l.seq == message.seq)
                {
                    c.last_message = Some(message);
                }
            }
        }
    }
}
