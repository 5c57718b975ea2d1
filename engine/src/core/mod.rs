//! The engine's sans-IO core: API calls, server frames and time go in; actions come out
//! (frames to send, events to emit, promises to settle). No sockets, no clock, no randomness.
//! `session` runs login, reconnects and logout; `dispatch` hands each server frame to its
//! part; `sync` feeds arriving one-to-one messages to the inbox's `seq_log` (the same log each group keeps); `send`, `history`, `conversations`,
//! `edit`, `status`, `sns`, `groups` and `group_calls` hold the API calls; `persist` and
//! `tracked` feed the host's local store.

mod conversations;
mod dispatch;
mod edit;
pub mod event;
mod group_calls;
mod groups;
mod history;
mod persist;
mod send;
mod seq_log;
mod session;
mod sns;
mod status;
mod sync;
mod tracked;

use crate::view::MessageView;
use edgechat_proto::frame::{ClientFrame, Conversation, ServerFrame};
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Engine-side error codes (the SDK's own, not the server's).
pub mod code {
    /// The SDK is not logged in / not ready.
    pub const NOT_READY: u32 = 6014;
    /// The connection dropped before the server answered.
    pub const NETWORK: u32 = 2801;
}

/// What the host must do after a call into the core.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Action {
    /// Send this text frame on the socket.
    Send { frame: String },
    /// Emit an event to the app's handlers.
    Emit { name: &'static str, data: Value },
    /// Resolve the promise registered under `key` with `{code: 0, data}`.
    Resolve { key: String, data: Value },
    /// Reject the promise registered under `key` with `{code, message}`.
    Reject {
        key: String,
        code: u32,
        message: String,
    },
    /// Close the socket.
    Close,
    /// The connection dropped: call `reconnect` after this many milliseconds and open the
    /// socket URL it returns.
    Reconnect { after_ms: u64 },
}

/// An API call that settles later: the host registers a promise under `key`, then runs `actions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Call {
    pub key: String,
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Connecting,
    Syncing,
    Ready,
    /// Logged in once, the socket dropped: waiting to reconnect.
    Reconnecting,
}

/// A request waiting for the server's answer.
#[derive(Debug, Clone)]
enum Pending {
    Send {
        id: String,
    },
    Sync,
    Conversations,
    History {
        key: String,
        peer: UserId,
        before: Option<u64>,
        count: usize,
    },
    Status {
        key: String,
        emit: bool,
    },
    /// Recall or modify of the message `id`: the answer is an ack with the new copy.
    Edit {
        key: String,
        id: String,
    },
    /// A request answered by `done` (read, delete, delete conversation) or an sns result.
    Done {
        key: String,
    },
    /// A profile or relationship read: its result is kept (under `cache`) for offline reads.
    SnsRead {
        key: String,
        cache: String,
    },
    /// A list read again after a server notice; its result becomes `event`.
    SnsRefresh {
        event: &'static str,
        op: String,
        cache: Option<String>,
    },
    /// A group message send: the answer is a group ack.
    GroupSend {
        id: String,
    },
    /// My groups (login, reconnect, heartbeat).
    GroupList,
    /// Missing messages of a group.
    GroupPull {
        group: String,
    },
    /// A page of a group's history.
    GroupHistory {
        key: String,
        group: String,
    },
    /// A group message being recalled.
    GroupRecall {
        key: String,
        message: Box<edgechat_proto::group::GroupMessage>,
    },
}

impl Pending {
    /// The promise key, for requests that have one.
    fn key(&self) -> Option<&str> {
        match self {
            Pending::Send { id } | Pending::GroupSend { id } => Some(id),
            Pending::History { key, .. }
            | Pending::GroupHistory { key, .. }
            | Pending::GroupRecall { key, .. }
            | Pending::Status { key, .. }
            | Pending::Edit { key, .. }
            | Pending::Done { key }
            | Pending::SnsRead { key, .. } => Some(key),
            Pending::Sync
            | Pending::Conversations
            | Pending::SnsRefresh { .. }
            | Pending::GroupList
            | Pending::GroupPull { .. } => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Outgoing {
    /// The receiver (for a group message: me).
    to: UserId,
    /// The group, for a group message.
    group: Option<String>,
    /// The Community topic, for a topic message.
    topic: Option<String>,
    priority: edgechat_proto::group::Priority,
    at_list: Vec<String>,
    random: u32,
    body: Vec<MsgElem>,
    cloud_custom_data: String,
    created: u64,
}

const LOGIN_KEY: &str = "login";

#[derive(Debug)]
pub struct ChatCore {
    sdkappid: u64,
    me: Option<UserId>,
    phase: Phase,
    next_req: u64,
    pending: HashMap<u64, Pending>,
    /// The one-to-one inbox by SEQ: applied as far as contiguous, plus older history pages
    /// and what the local store restored.
    inbox: seq_log::SeqLog<StoredMessage>,
    /// Messages created and not yet stored by the server.
    outbox: HashMap<String, Outgoing>,
    /// Conversations whose history is fully in `store`.
    history_complete: HashSet<UserId>,
    /// The recent-contact list by peer.
    conversations: BTreeMap<String, Conversation>,
    /// Messages this device is recalling or modifying: their pushes are not events here.
    editing: HashSet<String>,
    /// Messages that arrived during the login sync, announced once it completes.
    backlog: Vec<StoredMessage>,
    /// The socket URL of the current login, kept to reconnect.
    url: Option<String>,
    /// Reconnect attempts since the last successful login frame.
    attempt: u32,
    /// The session reached SDK_READY once: later drops reconnect instead of ending it.
    ever_ready: bool,
    /// Sends waiting for the connection, in the order they were asked for (message IDs).
    queued: Vec<String>,
    /// My groups, each with its message log.
    groups: BTreeMap<String, groups::GroupEntry>,
    /// My group messages acknowledged while an earlier SEQ was still missing: applied once the
    /// gap fills, without a `MESSAGE_RECEIVED` on this device.
    sent_early: HashSet<String>,
    /// The last answer of each profile and relationship read (`op body` → result): what those
    /// reads return while offline, and part of the local store.
    sns_cache: BTreeMap<String, Value>,
    /// The time of the last frame, unix seconds (for notices without one).
    now: u64,
}

fn reject(key: &str, e: &ImError) -> Action {
    Action::Reject {
        key: key.to_owned(),
        code: e.code(),
        message: e.to_string(),
    }
}

fn emit(name: &'static str, data: Value) -> Action {
    Action::Emit { name, data }
}

impl ChatCore {
    pub fn new(sdkappid: u64) -> Self {
        ChatCore {
            sdkappid,
            me: None,
            phase: Phase::Idle,
            next_req: 1,
            pending: HashMap::new(),
            inbox: Default::default(),
            outbox: HashMap::new(),
            history_complete: HashSet::new(),
            conversations: BTreeMap::new(),
            editing: HashSet::new(),
            backlog: Vec::new(),
            url: None,
            attempt: 0,
            ever_ready: false,
            queued: Vec::new(),
            groups: BTreeMap::new(),
            sent_early: HashSet::new(),
            sns_cache: BTreeMap::new(),
            now: 0,
        }
    }

    pub fn is_ready(&self) -> bool {
        self.phase == Phase::Ready
    }

    pub fn user(&self) -> Option<&UserId> {
        self.me.as_ref()
    }

    fn me(&self) -> Result<&UserId, ImError> {
        self.me
            .as_ref()
            .filter(|_| self.phase == Phase::Ready)
            .ok_or_else(|| {
                ImError::Coded(code::NOT_READY, "the SDK is not ready: log in first".into())
            })
    }

    /// The user, for calls that may wait for a dropped connection to come back (sends).
    fn me_even_offline(&self) -> Result<&UserId, ImError> {
        match self.phase {
            Phase::Ready => self.me(),
            Phase::Idle => self.me(),
            _ if self.ever_ready => self
                .me
                .as_ref()
                .ok_or_else(|| ImError::Coded(code::NOT_READY, "log in first".into())),
            _ => self.me(),
        }
    }

    /// Queues `frame` with a fresh request id, remembering what answers it.
    fn request(&mut self, frame: impl FnOnce(u64) -> ClientFrame, pending: Pending) -> Action {
        let req_id = self.next_req;
        self.next_req += 1;
        self.pending.insert(req_id, pending);
        let text = serde_json::to_string(&frame(req_id)).unwrap_or_default();
        Action::Send { frame: text }
    }

    fn key(&mut self) -> String {
        let k = format!("call{}", self.next_req);
        self.next_req += 1;
        k
    }

    /// `msg` as the app sees it, with `isPeerRead` from the conversation's read receipt.
    fn view(&self, msg: &StoredMessage) -> Option<MessageView> {
        let me = self.me.as_ref()?;
        let mut v = MessageView::of(msg, me);
        if v.flow == "out" {
            let read = self
                .conversations
                .get(msg.peer_of(me).as_str())
                .map_or(0, |c| c.peer_read_time);
            v.is_peer_read = msg.time <= read;
        }
        Some(v)
    }

    fn views(&self, msgs: &[StoredMessage]) -> Value {
        json!(msgs.iter().filter_map(|m| self.view(m)).collect::<Vec<_>>())
    }
}

#[cfg(test)]
mod tests;
