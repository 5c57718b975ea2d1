//! The parts `ChatCore` owns, as plain data: the session, the requests in flight, one-to-one
//! (inbox and conversations), the outbox, and groups. Behaviour lives in the files named for
//! each part (`session.rs`, `sync.rs`, `send.rs`, `groups.rs`, …).

use super::groups::GroupEntry;
use super::seq_log::SeqLog;
use super::{Outgoing, Pending, Phase};
use edgechat_proto::frame::Conversation;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::UserId;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Who is logged in and the connection's state.
#[derive(Debug)]
pub(super) struct Session {
    pub me: Option<UserId>,
    pub phase: Phase,
    /// The socket URL of the current login, kept to reconnect.
    pub url: Option<String>,
    /// Reconnect attempts since the last successful login frame.
    pub attempt: u32,
    /// The session reached SDK_READY once: later drops reconnect instead of ending it.
    pub ever_ready: bool,
    /// The time of the last frame, unix seconds (for notices without one).
    pub now: u64,
    /// The server's clock as the last heartbeat answer gave it, until the host takes it
    /// (`getServerTime`: the host pairs it with its own clock).
    pub server_time: Option<u64>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            me: None,
            phase: Phase::Idle,
            url: None,
            attempt: 0,
            ever_ready: false,
            now: 0,
            server_time: None,
        }
    }
}

/// Requests sent and waiting for the server's answer, by request id.
#[derive(Debug)]
pub(super) struct Requests {
    /// The next request id (also numbers promise keys).
    pub next: u64,
    pub pending: HashMap<u64, Pending>,
}

impl Requests {
    /// A fresh id, for a request or a promise key.
    pub fn next_id(&mut self) -> u64 {
        let id = self.next;
        self.next += 1;
        id
    }
}

impl Default for Requests {
    fn default() -> Self {
        Requests {
            next: 1,
            pending: HashMap::new(),
        }
    }
}

/// One-to-one: the inbox and the recent-contact list.
#[derive(Debug, Default)]
pub(super) struct OneToOne {
    /// The inbox by SEQ: applied as far as contiguous, plus older history pages and what the
    /// local store restored.
    pub inbox: SeqLog<StoredMessage>,
    /// Conversations whose history is fully in the inbox.
    pub history_complete: HashSet<UserId>,
    /// The recent-contact list by peer.
    pub conversations: BTreeMap<String, Conversation>,
    /// Messages this device is recalling or modifying: their pushes are not events here.
    pub editing: HashSet<String>,
    /// Messages that arrived during the login sync, announced once it completes.
    pub backlog: Vec<StoredMessage>,
}

/// Messages created here and not yet stored by the server (one-to-one and group).
#[derive(Debug, Default)]
pub(super) struct Outbox {
    /// By message ID.
    pub messages: HashMap<String, Outgoing>,
    /// Sends waiting for the connection, in the order they were asked for (message IDs).
    pub queued: Vec<String>,
}

/// My groups, each with its message log.
#[derive(Debug, Default)]
pub(super) struct Groups {
    pub entries: BTreeMap<String, GroupEntry>,
    /// My group messages acknowledged while an earlier SEQ was still missing: applied once the
    /// gap fills, without a `MESSAGE_RECEIVED` on this device.
    pub sent_early: HashSet<String>,
    /// Each group's attribute version last seen (`group_attrs`).
    pub attr_versions: BTreeMap<String, u64>,
}
