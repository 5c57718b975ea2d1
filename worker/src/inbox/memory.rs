//! An in-memory [`InboxStore`], for tests and simulations.

use super::InboxStore;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use std::cell::RefCell;

#[derive(Debug, Default)]
pub struct MemoryInbox {
    messages: RefCell<Vec<(UserId, StoredMessage)>>,
}

impl InboxStore for MemoryInbox {
    fn max_seq(&self) -> Result<u64, ImError> {
        Ok(self.messages.borrow().last().map_or(0, |(_, m)| m.seq))
    }

    fn find_recent(
        &self,
        from: &UserId,
        to: &UserId,
        random: u32,
        since: u64,
    ) -> Result<Option<StoredMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .iter()
            .map(|(_, m)| m)
            .find(|m| &m.from == from && &m.to == to && m.random == random && m.time >= since)
            .cloned())
    }

    fn append(&self, mut msg: StoredMessage, peer: &UserId) -> Result<StoredMessage, ImError> {
        msg.seq = self.max_seq()? + 1;
        self.messages.borrow_mut().push((peer.clone(), msg.clone()));
        Ok(msg)
    }

    fn after(&self, after: u64, limit: usize) -> Result<Vec<StoredMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .iter()
            .map(|(_, m)| m)
            .filter(|m| m.seq > after)
            .take(limit)
            .cloned()
            .collect())
    }

    fn before(
        &self,
        peer: &UserId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .iter()
            .rev()
            .filter(|(p, m)| p == peer && before.is_none_or(|b| m.seq < b))
            .take(limit)
            .map(|(_, m)| m.clone())
            .collect())
    }
}
