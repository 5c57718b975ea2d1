//! A user's one-to-one inbox: a gap-free sequence of messages (from 1), deduplicated by the
//! sender's random, plus the recent-contact list with unread counts. The rules live in
//! `rules`; storage comes in through [`InboxStore`] (memory for tests, SQLite in the DO).

pub mod extras;
pub mod memory;
pub mod outbox;
mod rules;
#[cfg(target_arch = "wasm32")]
pub mod sql;

pub use rules::*;

use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};

/// A conversation row as stored (the view adds the last message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    pub peer: UserId,
    pub last_seq: u64,
    pub unread: u32,
    pub read_seq: u64,
    pub peer_read_time: u64,
    pub time: u64,
}

impl ConversationRow {
    pub fn new(peer: UserId) -> Self {
        ConversationRow {
            peer,
            last_seq: 0,
            unread: 0,
            read_seq: 0,
            peer_read_time: 0,
            time: 0,
        }
    }
}

/// Where an inbox keeps its messages and conversations.
pub trait InboxStore {
    /// The highest seq stored, 0 when empty.
    fn max_seq(&self) -> Result<u64, ImError>;
    /// The message from `from` to `to` with `random` stored at `since` or later, if any.
    fn find_recent(
        &self,
        from: &UserId,
        to: &UserId,
        random: u32,
        since: u64,
    ) -> Result<Option<StoredMessage>, ImError>;
    /// Stores `msg` with seq = max_seq + 1 in one atomic step and returns the stored copy.
    fn append(&self, msg: StoredMessage, peer: &UserId) -> Result<StoredMessage, ImError>;
    /// Up to `limit` messages with seq > `after`, oldest first.
    fn after(&self, after: u64, limit: usize) -> Result<Vec<StoredMessage>, ImError>;
    /// Up to `limit` messages with `peer` and seq < `before` (all when `None`), newest first.
    fn before(
        &self,
        peer: &UserId,
        before: Option<u64>,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError>;
    /// Up to `limit` messages with `peer` sent at `time` or before it, newest first; with
    /// `newer`, at `time` or after it, oldest first.
    fn around_time(
        &self,
        peer: &UserId,
        time: u64,
        newer: bool,
        limit: usize,
    ) -> Result<Vec<StoredMessage>, ImError>;
    /// The message with `peer` whose MsgKey is `key`.
    fn by_key(&self, peer: &UserId, key: &str) -> Result<Option<StoredMessage>, ImError>;
    fn by_seq(&self, seq: u64) -> Result<Option<StoredMessage>, ImError>;
    /// Overwrites the stored message with `msg.seq` (flags, body).
    fn replace(&self, msg: &StoredMessage) -> Result<(), ImError>;
    /// Deletes every message older than `time` (roaming retention).
    fn purge_before(&self, time: u64) -> Result<(), ImError>;
    fn conversation(&self, peer: &UserId) -> Result<Option<ConversationRow>, ImError>;
    fn put_conversation(&self, row: &ConversationRow) -> Result<(), ImError>;
    fn remove_conversation(&self, peer: &UserId) -> Result<(), ImError>;
    /// Up to `limit` conversations, most recent first.
    fn conversations(&self, limit: usize) -> Result<Vec<ConversationRow>, ImError>;
}

#[cfg(test)]
mod conformance;
