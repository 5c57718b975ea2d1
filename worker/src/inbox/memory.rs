//! An in-memory [`InboxStore`], for tests and simulations.

use super::{ConversationRow, InboxStore};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub struct MemoryInbox {
    /// By seq: the conversation peer and the message.
    messages: RefCell<BTreeMap<u64, (UserId, StoredMessage)>>,
    conversations: RefCell<BTreeMap<UserId, ConversationRow>>,
    max_seq: RefCell<u64>,
}

impl InboxStore for MemoryInbox {
    fn max_seq(&self) -> Result<u64, ImError> {
        Ok(*self.max_seq.borrow())
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
            .values()
            .map(|(_, m)| m)
            .find(|m| &m.from == from && &m.to == to && m.random == random && m.time >= since)
            .cloned())
    }

    fn append(&self, mut msg: StoredMessage, peer: &UserId) -> Result<StoredMessage, ImError> {
        let mut max = self.max_seq.borrow_mut();
        *max += 1;
        msg.seq = *max;
        self.messages
            .borrow_mut()
            .insert(msg.seq, (peer.clone(), msg.clone()));
        Ok(msg)
    }

    fn after(&self, after: u64, limit: usize) -> Result<Vec<StoredMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .range(after + 1..)
            .take(limit)
            .map(|(_, (_, m))| m.clone())
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
            .range(..before.unwrap_or(u64::MAX))
            .rev()
            .filter(|(_, (p, _))| p == peer)
            .take(limit)
            .map(|(_, (_, m))| m.clone())
            .collect())
    }

    fn around_time(
        &self,
        peer: &UserId,
        time: u64,
        newer: bool,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError> {
        let all = self.messages.borrow();
        let mine = all.values().filter(|(p, _)| p == peer).map(|(_, m)| m);
        Ok(if newer {
            mine.filter(|m| m.time >= time)
                .take(limit)
                .cloned()
                .collect()
        } else {
            let older: Vec<&StoredMessage> = mine.filter(|m| m.time <= time).collect();
            older.into_iter().rev().take(limit).cloned().collect()
        })
    }

    fn by_key(&self, peer: &UserId, key: &str) -> Result<Option<StoredMessage>, ImError> {
        Ok(self
            .messages
            .borrow()
            .values()
            .find(|(p, m)| p == peer && m.msg_key == key)
            .map(|(_, m)| m.clone()))
    }

    fn by_seq(&self, seq: u64) -> Result<Option<StoredMessage>, ImError> {
        Ok(self.messages.borrow().get(&seq).map(|(_, m)| m.clone()))
    }

    fn replace(&self, msg: &StoredMessage) -> Result<(), ImError> {
        if let Some((_, m)) = self.messages.borrow_mut().get_mut(&msg.seq) {
            *m = msg.clone();
        }
        Ok(())
    }

    fn purge_before(&self, time: u64) -> Result<(), ImError> {
        self.messages
            .borrow_mut()
            .retain(|_, (_, m)| m.time >= time);
        Ok(())
    }

    fn conversation(&self, peer: &UserId) -> Result<Option<ConversationRow>, ImError> {
        Ok(self.conversations.borrow().get(peer).cloned())
    }

    fn put_conversation(&self, row: &ConversationRow) -> Result<(), ImError> {
        self.conversations
            .borrow_mut()
            .insert(row.peer.clone(), row.clone());
        Ok(())
    }

    fn remove_conversation(&self, peer: &UserId) -> Result<(), ImError> {
        self.conversations.borrow_mut().remove(peer);
        Ok(())
    }

    fn conversations(&self, limit: usize) -> Result<Vec<ConversationRow>, ImError> {
        let mut all: Vec<ConversationRow> = self.conversations.borrow().values().cloned().collect();
        all.sort_by_key(|c| std::cmp::Reverse((c.time, c.last_seq)));
        all.truncate(limit);
        Ok(all)
    }
}
