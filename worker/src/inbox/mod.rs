//! A user's one-to-one inbox: a gap-free sequence of messages (from 1), deduplicated by the
//! sender's random. The rules live here; storage comes in through [`InboxStore`].

pub mod memory;
#[cfg(target_arch = "wasm32")]
pub mod sql;

use edgechat_proto::limits::SYNC_PAGE;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};

/// How long a retried send (same sender, receiver and random) is recognised, in seconds.
pub const DEDUPE_WINDOW_SECS: u64 = 120;

/// Where an inbox keeps its messages. Implementations: memory (tests) and SQLite (the DO).
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
}

/// The result of storing a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub message: StoredMessage,
    /// False when this was a retry of a message already stored.
    pub fresh: bool,
}

/// Stores `msg` (its `seq` is ignored) in `owner`'s inbox unless the same send is already
/// there within the dedupe window, in which case the first copy is returned.
pub fn store_once<S: InboxStore>(
    store: &S,
    owner: &UserId,
    msg: StoredMessage,
    now: u64,
) -> Result<Stored, ImError> {
    let since = now.saturating_sub(DEDUPE_WINDOW_SECS);
    if let Some(first) = store.find_recent(&msg.from, &msg.to, msg.random, since)? {
        return Ok(Stored {
            message: first,
            fresh: false,
        });
    }
    let peer = msg.peer_of(owner).clone();
    Ok(Stored {
        message: store.append(msg, &peer)?,
        fresh: true,
    })
}

/// One page of sync: messages after `since`, whether that was the last page, and the max seq.
pub fn sync_page<S: InboxStore>(
    store: &S,
    since: u64,
) -> Result<(Vec<StoredMessage>, bool, u64), ImError> {
    let mut page = store.after(since, SYNC_PAGE + 1)?;
    let complete = page.len() <= SYNC_PAGE;
    page.truncate(SYNC_PAGE);
    Ok((page, complete, store.max_seq()?))
}

/// One page of a conversation's history before `before`, oldest first, and whether it
/// reaches the start of the conversation.
pub fn history_page<S: InboxStore>(
    store: &S,
    peer: &UserId,
    before: Option<u64>,
    count: usize,
) -> Result<(Vec<StoredMessage>, bool), ImError> {
    let mut page = store.before(peer, before, count + 1)?;
    let complete = page.len() <= count;
    page.truncate(count);
    page.reverse();
    Ok((page, complete))
}

#[cfg(test)]
mod conformance;
