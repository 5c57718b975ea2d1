//! The inbox rules over any [`InboxStore`]: store once, sync and history pages, the
//! recent-contact list and unread counts, read, recall, delete, modify, retention.

use super::{ConversationRow, InboxStore};
use edgechat_proto::frame::Conversation;
use edgechat_proto::limits::SYNC_PAGE;
use edgechat_proto::message::{validate_body, MsgElem, StoredMessage};
use edgechat_proto::{codes, ImError, UserId};

/// How long a retried send (same sender, receiver and random) is recognised, in seconds.
pub const DEDUPE_WINDOW_SECS: u64 = 120;
/// Unread messages counted per conversation (more are stored, not counted).
pub const MAX_UNREAD_PER_CONVERSATION: u32 = 250;
/// Conversations whose unread messages are counted.
pub const MAX_UNREAD_CONVERSATIONS: usize = 100;

/// Limits that come from app configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InboxLimits {
    /// Recent contacts kept (100 by default, at most 500).
    pub recent_contacts: usize,
    /// How long a sender may recall a message, in seconds.
    pub recall_window_secs: u64,
}

impl Default for InboxLimits {
    fn default() -> Self {
        InboxLimits {
            recent_contacts: 100,
            recall_window_secs: 120,
        }
    }
}

/// How a stored message affects the conversation list (`SendMsgControl`, imports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counting {
    /// Counts as unread for the receiver (not: `NoUnread`, history imports).
    pub unread: bool,
    /// Becomes the conversation's last message (not: `NoLastMsg`).
    pub last_msg: bool,
}

impl Counting {
    pub const LIVE: Counting = Counting {
        unread: true,
        last_msg: true,
    };
    pub const HISTORY: Counting = Counting {
        unread: false,
        last_msg: true,
    };
}

/// The result of storing a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub message: StoredMessage,
    /// False when this was a retry of a message already stored.
    pub fresh: bool,
}

/// Stores `msg` (its `seq` is ignored) in `owner`'s inbox unless the same send is already
/// there within the dedupe window, in which case the first copy is returned. A fresh message
/// updates the conversation as `counting` says.
pub fn store_once<S: InboxStore>(
    store: &S,
    owner: &UserId,
    msg: StoredMessage,
    now: u64,
    limits: InboxLimits,
    counting: Counting,
) -> Result<Stored, ImError> {
    let since = now.saturating_sub(DEDUPE_WINDOW_SECS);
    // A retry is the same send: same sender, receiver and random, and the same content (as
    // Tencent's key has the body's CRC32). A different message that happens to reuse a
    // random is stored, not answered with the first one's ack.
    if let Some(first) = store.find_recent(&msg.from, &msg.to, msg.random, since)? {
        let same =
            first.msg_body == msg.msg_body && first.cloud_custom_data == msg.cloud_custom_data;
        // A recalled or deleted first copy no longer shows its content: still the same send.
        if same || first.recalled || first.deleted {
            return Ok(Stored {
                message: first,
                fresh: false,
            });
        }
    }
    let peer = msg.peer_of(owner).clone();
    // A MsgKey names one message of a conversation (recall, modify and receipts find it by
    // the key): a second message under a key already taken is the same message sent again
    // (an import retried past the window) or is refused, never stored beside the first.
    if let Some(first) = store.by_key(&peer, &msg.msg_key)? {
        let same = first.from == msg.from
            && (first.recalled
                || first.deleted
                || (first.msg_body == msg.msg_body
                    && first.cloud_custom_data == msg.cloud_custom_data));
        if same {
            return Ok(Stored {
                message: first,
                fresh: false,
            });
        }
        return Err(ImError::Coded(
            codes::OPENIM_MSG_KEY,
            format!(
                "MsgKey {} already names another message with {peer} (the same MsgSeq, MsgRandom and time); send it with another MsgRandom",
                msg.msg_key
            ),
        ));
    }
    let message = store.append(msg, &peer)?;
    let mut conv = match store.conversation(&peer)? {
        Some(c) => c,
        None => {
            evict_oldest(store, limits.recent_contacts.saturating_sub(1))?;
            ConversationRow::new(peer)
        }
    };
    if counting.last_msg {
        conv.last_seq = conv.last_seq.max(message.seq);
        conv.time = conv.time.max(message.time);
    }
    if counting.unread && &message.from != owner {
        conv.unread = (conv.unread + 1).min(MAX_UNREAD_PER_CONVERSATION);
    }
    store.put_conversation(&conv)?;
    Ok(Stored {
        message,
        fresh: true,
    })
}

/// Keeps at most `keep` conversations, dropping the least recent.
fn evict_oldest<S: InboxStore>(store: &S, keep: usize) -> Result<(), ImError> {
    let all = store.conversations(usize::MAX)?;
    for old in all.iter().skip(keep) {
        store.remove_conversation(&old.peer)?;
    }
    Ok(())
}

/// One page of sync: messages after `since`, whether that was the last page, and the max seq.
/// Seqs missing between `since` and the page's end are gone (expired), not late.
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
/// reaches the start of the conversation. Deleted messages are left out.
pub fn history_page<S: InboxStore>(
    store: &S,
    peer: &UserId,
    before: Option<u64>,
    count: usize,
) -> Result<(Vec<StoredMessage>, bool), ImError> {
    let mut out = vec![];
    let mut cursor = before;
    loop {
        let batch = store.before(peer, cursor, count + 1)?;
        let exhausted = batch.len() <= count;
        cursor = batch.last().map(|m| m.seq);
        out.extend(batch.into_iter().filter(|m| !m.deleted));
        if out.len() > count || exhausted {
            let complete = out.len() <= count;
            out.truncate(count);
            out.reverse();
            return Ok((out, complete));
        }
    }
}

/// `getMessageListHopping` one to one: up to `count` messages with `peer` sent at `time` or
/// before it (or, `newer`, at or after it), oldest first, deleted ones left out, and whether
/// the conversation ends there. Deleted messages are looked past up to a few pages.
pub fn hopping_page<S: InboxStore>(
    store: &S,
    peer: &UserId,
    time: u64,
    newer: bool,
    count: usize,
) -> Result<(Vec<StoredMessage>, bool), ImError> {
    let limit = count * 4 + 1;
    let batch = store.around_time(peer, time, newer, limit)?;
    let reached_end = batch.len() < limit;
    let mut kept: Vec<StoredMessage> = batch.into_iter().filter(|m| !m.deleted).collect();
    let complete = reached_end && kept.len() <= count;
    kept.truncate(count);
    if !newer {
        kept.reverse();
    }
    Ok((kept, complete))
}

/// The conversation as the client sees it: with its last message, unread counted only for
/// the most recent [`MAX_UNREAD_CONVERSATIONS`].
fn view<S: InboxStore>(
    store: &S,
    row: &ConversationRow,
    counted: bool,
) -> Result<Conversation, ImError> {
    Ok(Conversation {
        peer: row.peer.to_string(),
        // A deleted last message (deleteMessage, clearHistoryMessage) is shown as none.
        last_message: store.by_seq(row.last_seq)?.filter(|m| !m.deleted),
        unread_count: if counted { row.unread } else { 0 },
        read_seq: row.read_seq,
        peer_read_time: row.peer_read_time,
        time: row.time,
        removed: false,
    })
}

/// The recent-contact list, most recent first.
pub fn conversation_list<S: InboxStore>(
    store: &S,
    limits: InboxLimits,
) -> Result<Vec<Conversation>, ImError> {
    store
        .conversations(limits.recent_contacts)?
        .iter()
        .enumerate()
        .map(|(i, row)| view(store, row, i < MAX_UNREAD_CONVERSATIONS))
        .collect()
}

/// One conversation's view (after a change), if it is in the list.
pub fn conversation_view<S: InboxStore>(
    store: &S,
    peer: &UserId,
) -> Result<Option<Conversation>, ImError> {
    let rank = store
        .conversations(MAX_UNREAD_CONVERSATIONS)?
        .iter()
        .position(|r| &r.peer == peer);
    match store.conversation(peer)? {
        Some(row) => Ok(Some(view(store, &row, rank.is_some())?)),
        None => Ok(None),
    }
}

/// Total unread over the counted conversations.
pub fn total_unread<S: InboxStore>(store: &S, limits: InboxLimits) -> Result<u32, ImError> {
    Ok(conversation_list(store, limits)?
        .iter()
        .map(|c| c.unread_count)
        .sum())
}

/// Marks `peer`'s conversation read up to its last message.
pub fn mark_read<S: InboxStore>(store: &S, peer: &UserId) -> Result<Option<Conversation>, ImError> {
    mark_read_until(store, peer, u64::MAX)
}

/// Marks `peer`'s conversation read up to the messages of time `until` (unix seconds):
/// later messages from the peer stay unread.
pub fn mark_read_until<S: InboxStore>(
    store: &S,
    peer: &UserId,
    until: u64,
) -> Result<Option<Conversation>, ImError> {
    if let Some(mut row) = store.conversation(peer)? {
        let mut unread = 0;
        let mut read_seq = row.last_seq;
        if until != u64::MAX {
            for m in store.before(peer, None, MAX_UNREAD_PER_CONVERSATION as usize * 2)? {
                if m.time <= until {
                    read_seq = m.seq;
                    break;
                }
                read_seq = m.seq - 1;
                if &m.from == peer && !m.deleted {
                    unread += 1;
                }
            }
        }
        row.unread = unread.min(MAX_UNREAD_PER_CONVERSATION);
        row.read_seq = read_seq.max(row.read_seq.min(row.last_seq));
        store.put_conversation(&row)?;
    }
    conversation_view(store, peer)
}

/// Records that `peer` read our conversation at `time` (a read receipt).
pub fn peer_read<S: InboxStore>(store: &S, peer: &UserId, time: u64) -> Result<(), ImError> {
    if let Some(mut row) = store.conversation(peer)? {
        row.peer_read_time = row.peer_read_time.max(time);
        store.put_conversation(&row)?;
    }
    Ok(())
}

fn find<S: InboxStore>(store: &S, peer: &UserId, key: &str) -> Result<StoredMessage, ImError> {
    store
        .by_key(peer, key)?
        .filter(|m| !m.deleted)
        .ok_or_else(|| ImError::MessageNotFound(format!("no message {key:?} with {peer}")))
}

/// Recalls the message `key` with `peer`. `by` is who asks: only the sender may, within the
/// window; `None` is an app admin, who may at any time. Recalling twice is refused (20023).
pub fn recall<S: InboxStore>(
    store: &S,
    peer: &UserId,
    key: &str,
    by: Option<&UserId>,
    now: u64,
    limits: InboxLimits,
) -> Result<StoredMessage, ImError> {
    let msg = find(store, peer, key)?;
    if let Some(who) = by {
        if &msg.from != who {
            return Err(ImError::NoPermission(
                "only the sender may recall a message".into(),
            ));
        }
        if now > msg.time + limits.recall_window_secs {
            return Err(ImError::RecallTooLate(limits.recall_window_secs));
        }
    }
    mark_recalled(store, msg)
}

fn mark_recalled<S: InboxStore>(
    store: &S,
    mut msg: StoredMessage,
) -> Result<StoredMessage, ImError> {
    if msg.recalled {
        return Err(ImError::AlreadyRecalled);
    }
    msg.recalled = true;
    store.replace(&msg)?;
    Ok(msg)
}

/// The receiver's side of a recall: `peer` says they recalled `key`, which must be a message
/// `peer` sent (never one of mine that has the same key).
pub fn recall_from_peer<S: InboxStore>(
    store: &S,
    peer: &UserId,
    key: &str,
) -> Result<StoredMessage, ImError> {
    let msg = find(store, peer, key)?;
    if &msg.from != peer {
        return Err(ImError::NoPermission(format!(
            "{peer} may recall only what {peer} sent"
        )));
    }
    mark_recalled(store, msg)
}

/// Deletes messages from this inbox only: tombstones keep the seq so sync stays gap-free.
pub fn delete<S: InboxStore>(
    store: &S,
    peer: &UserId,
    keys: &[String],
) -> Result<Vec<StoredMessage>, ImError> {
    let found = keys
        .iter()
        .map(|k| find(store, peer, k))
        .collect::<Result<Vec<_>, _>>()?;
    found
        .into_iter()
        .map(|mut m| {
            m.deleted = true;
            m.msg_body.clear();
            m.cloud_custom_data.clear();
            m.offline_push_info = None;
            store.replace(&m)?;
            Ok(m)
        })
        .collect()
}

/// Changes a message's body (and CloudCustomData when given); only its sender may (`by`;
/// `None` applies a change the sender already made on the other side).
pub fn modify<S: InboxStore>(
    store: &S,
    peer: &UserId,
    key: &str,
    by: Option<&UserId>,
    body: Vec<MsgElem>,
    cloud_custom_data: Option<String>,
) -> Result<StoredMessage, ImError> {
    let mut msg = find(store, peer, key)?;
    if by.is_some_and(|who| who != &msg.from) {
        return Err(ImError::NoPermission(
            "only the sender may modify a message".into(),
        ));
    }
    if msg.recalled {
        return Err(ImError::InvalidParameter(
            "a recalled message cannot be modified".into(),
        ));
    }
    let ccd = cloud_custom_data.unwrap_or_else(|| msg.cloud_custom_data.clone());
    validate_body(&body, &ccd)?;
    msg.msg_body = body;
    msg.cloud_custom_data = ccd;
    store.replace(&msg)?;
    Ok(msg)
}
