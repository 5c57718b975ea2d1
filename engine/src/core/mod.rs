//! The engine's sans-IO core: API calls, server frames and time go in; actions come out
//! (frames to send, events to emit, promises to settle). No sockets, no clock, no randomness.
//! `state` holds the parts `ChatCore` owns; `session` runs login, reconnects and logout;
//! `dispatch` hands each server frame to its part; `sync` feeds arriving one-to-one messages
//! to the inbox's `seq_log` (the same log each group keeps); `send`, `history`,
//! `conversations`, `drafts`, `edit`, `status`, `sns`, `groups`, `group_calls`, `group_attrs` and
//! `recent` (pins, marks, conversation groups) hold the API calls;
//! `persist` and `tracked` feed the host's local store.

mod clear;
mod conversations;
mod dispatch;
mod drafts;
mod edit;
pub mod event;
pub mod extras;
mod group_attrs;
mod group_calls;
mod groups;
mod history;
mod hopping;
mod persist;
mod pins;
mod receipts;
mod recent;
mod send;
mod seq_log;
mod session;
mod sns;
mod state;
mod status;
mod sync;
mod topic_events;
mod tracked;

use crate::view::MessageView;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

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
    /// `getUserStatus`: answered by a status list with failures.
    StatusQuery {
        key: String,
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
    /// A group attribute read or write: its answer carries the attributes' version.
    GroupAttrs {
        key: String,
        group: String,
    },
    /// `clearHistoryMessage` of conversation `id`: answered by `done`.
    Cleared {
        key: String,
        id: String,
    },
    /// A conversation-settings command (`recent`): its answer carries all the settings.
    Recent {
        key: Option<String>,
        answer: recent::RecentAnswer,
    },
    /// `getMessageListHopping`: a history page from a point (one to one by time, groups by SEQ).
    Hopping {
        key: String,
        hop: hopping::Hop,
    },
    /// A group's pinned messages (`get_pinned_messages`): the answer becomes Message objects.
    GroupPinned {
        key: String,
    },
    /// A group message being modified: its new copy, for the answer.
    GroupModify {
        key: String,
        message: Box<edgechat_proto::group::GroupMessage>,
    },
    /// A group message being recalled.
    GroupRecall {
        key: String,
        message: Box<edgechat_proto::group::GroupMessage>,
    },
    /// A message extension or reaction command: `ask` says what its answer becomes.
    Extras {
        key: String,
        ask: extras::Ask,
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
            | Pending::GroupModify { key, .. }
            | Pending::GroupAttrs { key, .. }
            | Pending::Status { key, .. }
            | Pending::StatusQuery { key }
            | Pending::Edit { key, .. }
            | Pending::Done { key }
            | Pending::SnsRead { key, .. }
            | Pending::Cleared { key, .. }
            | Pending::GroupPinned { key }
            | Pending::Extras { key, .. }
            | Pending::Hopping { key, .. } => Some(key),
            Pending::Recent { key, .. } => key.as_deref(),
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
    /// `needReadReceipt`, as the send asked.
    need_read_receipt: bool,
}

const LOGIN_KEY: &str = "login";

/// One `Chat.create` instance's state, as owned parts (like quinn-proto's `Connection`): the
/// session, the requests in flight, one-to-one, the outbox, groups and the relationship cache.
/// Each part is plain data (`state.rs`); the behaviour is in the files named for it.
#[derive(Debug)]
pub struct ChatCore {
    sdkappid: u64,
    session: state::Session,
    requests: state::Requests,
    c2c: state::OneToOne,
    outbox: state::Outbox,
    groups: state::Groups,
    /// The last answer of each profile and relationship read (`op body` → result): what those
    /// reads return while offline, and part of the local store.
    sns_cache: BTreeMap<String, Value>,
    /// Conversation drafts by conversation ID, while the SDK runs (`drafts.rs`).
    drafts: BTreeMap<String, String>,
    /// Pins, marks, custom data and conversation groups, as the server last told (`recent.rs`).
    recent: edgechat_proto::recent::RecentState,
    /// Extension versions and my reactions, as answers and notices showed them (`extras.rs`).
    extras: extras::ExtrasState,
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
            session: state::Session::default(),
            requests: state::Requests::default(),
            c2c: state::OneToOne::default(),
            outbox: state::Outbox::default(),
            groups: state::Groups::default(),
            sns_cache: BTreeMap::new(),
            drafts: BTreeMap::new(),
            recent: Default::default(),
            extras: Default::default(),
        }
    }

    pub fn is_ready(&self) -> bool {
        self.session.phase == Phase::Ready
    }

    pub fn user(&self) -> Option<&UserId> {
        self.session.me.as_ref()
    }

    fn me(&self) -> Result<&UserId, ImError> {
        self.session
            .me
            .as_ref()
            .filter(|_| self.session.phase == Phase::Ready)
            .ok_or_else(|| {
                ImError::Coded(code::NOT_READY, "the SDK is not ready: log in first".into())
            })
    }

    /// The user, for calls that may wait for a dropped connection to come back (sends).
    fn me_even_offline(&self) -> Result<&UserId, ImError> {
        match self.session.phase {
            Phase::Ready => self.me(),
            Phase::Idle => self.me(),
            _ if self.session.ever_ready => self
                .session
                .me
                .as_ref()
                .ok_or_else(|| ImError::Coded(code::NOT_READY, "log in first".into())),
            _ => self.me(),
        }
    }

    /// Queues `frame` with a fresh request id, remembering what answers it.
    fn request(&mut self, frame: impl FnOnce(u64) -> ClientFrame, pending: Pending) -> Action {
        let req_id = self.requests.next_id();
        self.requests.pending.insert(req_id, pending);
        let text = serde_json::to_string(&frame(req_id)).unwrap_or_default();
        Action::Send { frame: text }
    }

    fn key(&mut self) -> String {
        format!("call{}", self.requests.next_id())
    }

    /// `msg` as the app sees it, with `isPeerRead` from the conversation's read receipt.
    fn view(&self, msg: &StoredMessage) -> Option<MessageView> {
        let me = self.session.me.as_ref()?;
        let mut v = MessageView::of(msg, me);
        if v.flow == "out" {
            let read = self
                .c2c
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
