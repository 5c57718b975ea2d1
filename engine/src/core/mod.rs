//! The engine's sans-IO core: API calls, server frames and time go in; actions come out
//! (frames to send, events to emit, promises to settle). No sockets, no clock, no randomness.
//! `sync` applies arriving messages in seq order; `send`, `history`, `conversations`,
//! `edit` and `status` hold the API calls.

mod conversations;
mod edit;
mod group_calls;
mod group_log;
mod groups;
mod history;
mod persist;
mod send;
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

/// Event names of `@tencentcloud/chat`.
pub mod event {
    pub use super::sns::event::*;
    pub const SDK_READY: &str = "sdkStateReady";
    pub const SDK_NOT_READY: &str = "sdkStateNotReady";
    pub const MESSAGE_RECEIVED: &str = "onMessageReceived";
    pub const MESSAGE_REVOKED: &str = "onMessageRevoked";
    pub const MESSAGE_MODIFIED: &str = "onMessageModified";
    pub const MESSAGE_READ_BY_PEER: &str = "onMessageReadByPeer";
    pub const CONVERSATION_LIST_UPDATED: &str = "onConversationListUpdated";
    pub const TOTAL_UNREAD_MESSAGE_COUNT_UPDATED: &str = "onTotalUnreadMessageCountUpdated";
    pub const KICKED_OUT: &str = "kickedOut";
    pub const NET_STATE_CHANGE: &str = "netStateChange";
    pub const USER_STATUS_UPDATED: &str = "onUserStatusUpdated";
    pub const ERROR: &str = "error";
}

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
    /// A list read again after a server notice; its result becomes `event`.
    SnsRefresh {
        event: &'static str,
        op: String,
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
            | Pending::Done { key } => Some(key),
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
    /// The inbox as far as it is contiguous from 1 (plus older history pages fetched).
    store: tracked::Tracked<StoredMessage>,
    /// Every seq up to here has been applied (or is known to be gone).
    contiguous: u64,
    /// Pushed messages past a gap, applied once the gap is filled.
    early: BTreeMap<u64, StoredMessage>,
    syncing: bool,
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
    /// Inbox messages shown from a stored snapshot and not yet confirmed by this session's sync:
    /// the sync replaces them (recalls and edits made meanwhile) without announcing them again.
    restored: std::collections::BTreeSet<u64>,
    /// My groups, each with its message log.
    groups: BTreeMap<String, groups::GroupEntry>,
    /// My group messages acknowledged while an earlier SEQ was still missing: applied once the
    /// gap fills, without a `MESSAGE_RECEIVED` on this device.
    sent_early: HashSet<String>,
    /// The time of the last frame, unix seconds (for notices without one).
    now: u64,
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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
            store: Default::default(),
            contiguous: 0,
            early: BTreeMap::new(),
            syncing: false,
            outbox: HashMap::new(),
            history_complete: HashSet::new(),
            conversations: BTreeMap::new(),
            editing: HashSet::new(),
            backlog: Vec::new(),
            url: None,
            attempt: 0,
            ever_ready: false,
            queued: Vec::new(),
            restored: Default::default(),
            groups: BTreeMap::new(),
            sent_early: HashSet::new(),
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

    /// Starts a login: returns the socket URL to open. The promise key is `"login"`.
    pub fn login(
        &mut self,
        user_id: &str,
        user_sig: &str,
        server: &str,
        platform: &str,
    ) -> Result<String, ImError> {
        if self.phase != Phase::Idle {
            return Err(ImError::InvalidParameter(
                "already logged in or logging in; log out first".into(),
            ));
        }
        let user = UserId::parse(user_id)?;
        if user_sig.is_empty() {
            return Err(ImError::UserSigMalformed("userSig is empty".into()));
        }
        let base = server.trim_end_matches('/');
        let base = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            base.to_owned()
        };
        if self.me.as_ref().is_some_and(|m| m != &user) {
            // Another user's data must not show through.
            *self = ChatCore::new(self.sdkappid);
        }
        self.me = Some(user.clone());
        self.phase = Phase::Connecting;
        self.ever_ready = false;
        self.attempt = 0;
        let url = format!(
            "{base}/ws?sdkappid={}&identifier={}&usersig={}&platform={}",
            self.sdkappid,
            percent_encode(user.as_str()),
            percent_encode(user_sig),
            percent_encode(platform)
        );
        self.url = Some(url.clone());
        Ok(url)
    }

    /// The socket opened.
    pub fn on_open(&mut self) -> Vec<Action> {
        vec![]
    }

    /// The socket closed (or failed to open). `jitter` in [0, 1) spreads reconnects out.
    pub fn on_close(&mut self, jitter: f64) -> Vec<Action> {
        let was = self.phase;
        if was == Phase::Idle || was == Phase::Reconnecting {
            return vec![];
        }
        if self.ever_ready {
            return self.connection_lost(jitter);
        }
        let mut out = vec![];
        self.phase = Phase::Idle;
        self.syncing = false;
        self.editing.clear();
        let lost = ImError::Coded(
            code::NETWORK,
            "the connection closed before the server answered".into(),
        );
        if matches!(was, Phase::Connecting | Phase::Syncing) {
            out.push(reject(LOGIN_KEY, &lost));
        }
        for (_, p) in self.pending.drain() {
            if let Some(key) = p.key() {
                out.push(reject(key, &lost));
            }
        }
        out.push(emit(
            event::NET_STATE_CHANGE,
            json!({ "state": "disconnected" }),
        ));
        if was == Phase::Ready {
            out.push(emit(event::SDK_NOT_READY, json!({})));
        }
        out
    }

    /// A logged-in session lost its socket: keep the session and the unsent messages, and
    /// reconnect after a backoff (1 s doubling to 30 s, times 0.5..1 of jitter).
    fn connection_lost(&mut self, jitter: f64) -> Vec<Action> {
        let mut out = vec![];
        self.phase = Phase::Reconnecting;
        self.syncing = false;
        self.editing.clear();
        let lost = ImError::Coded(
            code::NETWORK,
            "the connection closed before the server answered".into(),
        );
        let mut in_flight: Vec<(u64, String)> = vec![];
        self.groups_disconnected();
        for (req_id, p) in self.pending.drain() {
            match p {
                // A send in flight is sent again with the same random: stored once either way.
                Pending::Send { id } | Pending::GroupSend { id } => in_flight.push((req_id, id)),
                p => {
                    if let Some(key) = p.key() {
                        out.push(reject(key, &lost));
                    }
                }
            }
        }
        in_flight.sort();
        let mut queue: Vec<String> = in_flight.into_iter().map(|(_, id)| id).collect();
        queue.append(&mut self.queued);
        self.queued = queue;
        self.attempt += 1;
        let base = 1_000u64
            .saturating_mul(1 << (self.attempt - 1).min(5))
            .min(30_000);
        let after_ms = (base as f64 * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))) as u64;
        out.push(emit(
            event::NET_STATE_CHANGE,
            json!({ "state": "disconnected" }),
        ));
        out.push(Action::Reconnect { after_ms });
        out
    }

    /// Starts a reconnect: returns the socket URL to open (`None` when there is nothing to resume).
    pub fn reconnect(&mut self) -> Option<String> {
        if self.phase != Phase::Reconnecting {
            return None;
        }
        self.phase = Phase::Connecting;
        self.url.clone()
    }

    /// Ends the session: rejects what waits for the connection.
    fn end_session(&mut self, why: &ImError, out: &mut Vec<Action>) {
        self.phase = Phase::Idle;
        self.url = None;
        self.ever_ready = false;
        for id in std::mem::take(&mut self.queued) {
            out.push(reject(&id, why));
        }
        for (_, p) in self.pending.drain() {
            if let Some(key) = p.key() {
                out.push(reject(key, why));
            }
        }
    }

    /// Sends what waited for the connection, in order, with their original randoms.
    fn flush_queue(&mut self, out: &mut Vec<Action>) {
        for id in std::mem::take(&mut self.queued) {
            match self.send_frame(&id, false, None) {
                Ok(a) => out.push(a),
                Err(e) => out.push(reject(&id, &e)),
            }
        }
    }

    /// Logs out: closes the socket and forgets the session (the promise key is returned).
    pub fn logout(&mut self) -> Call {
        let key = self.key();
        let mut actions = vec![Action::Close];
        let was_ready = self.phase == Phase::Ready;
        let ended = ImError::Coded(code::NOT_READY, "logged out".into());
        self.end_session(&ended, &mut actions);
        if was_ready {
            actions.push(emit(event::SDK_NOT_READY, json!({})));
        }
        actions.push(Action::Resolve {
            key: key.clone(),
            data: json!({}),
        });
        Call { key, actions }
    }

    /// A frame arrived from the server.
    pub fn on_frame(&mut self, text: &str) -> Vec<Action> {
        let frame: ServerFrame = match serde_json::from_str(text) {
            Ok(f) => f,
            // A frame we do not understand (a newer server): ignore it, keep the session.
            Err(_) => return vec![],
        };
        let mut out = vec![];
        match frame {
            ServerFrame::Login { .. } => {
                self.phase = Phase::Syncing;
                self.attempt = 0;
                if !self.ever_ready {
                    // After a reconnect, "connected" waits until the session is usable again.
                    out.push(emit(
                        event::NET_STATE_CHANGE,
                        json!({ "state": "connected" }),
                    ));
                }
                self.sync(&mut out);
                self.request_groups(&mut out);
            }
            ServerFrame::Pong { max_seq, .. } => {
                if max_seq > self.contiguous && self.phase == Phase::Ready {
                    self.sync(&mut out);
                }
                if self.phase == Phase::Ready {
                    self.request_groups(&mut out);
                }
            }
            ServerFrame::Error {
                req_id: None,
                code,
                message,
            } => {
                if self.phase == Phase::Connecting && self.ever_ready {
                    // A reconnect was refused (the UserSig expired, say): the session ends.
                    let why = ImError::Coded(code, message.clone());
                    self.end_session(&why, &mut out);
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                    out.push(emit(event::SDK_NOT_READY, json!({})));
                    out.push(Action::Close);
                } else if self.phase == Phase::Connecting {
                    self.phase = Phase::Idle;
                    self.me = None;
                    out.push(Action::Reject {
                        key: LOGIN_KEY.into(),
                        code,
                        message,
                    });
                    out.push(Action::Close);
                } else {
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                }
            }
            ServerFrame::Error {
                req_id: Some(r),
                code,
                message,
            } => match self.pending.remove(&r) {
                Some(Pending::GroupPull { group }) => {
                    // Not readable any more (kicked, dismissed): the list update follows.
                    if let Some(e) = self.groups.get_mut(&group) {
                        e.log.on_disconnect();
                    }
                }
                Some(Pending::GroupList) => {}
                Some(Pending::Sync | Pending::Conversations | Pending::SnsRefresh { .. }) => {
                    self.syncing = false;
                    out.push(emit(
                        event::ERROR,
                        json!({ "code": code, "message": message }),
                    ));
                }
                Some(p) => {
                    if let Pending::Edit { id, .. } = &p {
                        self.editing.remove(id);
                    }
                    if let Some(key) = p.key() {
                        out.push(Action::Reject {
                            key: key.to_owned(),
                            code,
                            message,
                        });
                    }
                }
                None => {}
            },
            ServerFrame::Msg { message } => self.on_msg(message, &mut out),
            ServerFrame::Sync {
                req_id,
                messages,
                complete,
                max_seq,
            } => self.on_sync(req_id, messages, complete, max_seq, &mut out),
            ServerFrame::Ack { req_id, message } => self.on_ack(req_id, message, &mut out),
            ServerFrame::History {
                req_id,
                messages,
                complete,
            } => self.on_history(req_id, messages, complete, &mut out),
            ServerFrame::StatusList { req_id, list } => {
                self.on_status_list(req_id, &list, &mut out)
            }
            ServerFrame::UserStatus { status } => out.push(emit(
                event::USER_STATUS_UPDATED,
                status::views(std::slice::from_ref(&status)),
            )),
            ServerFrame::Done { req_id } => {
                if let Some(key) = self.pending.remove(&req_id).as_ref().and_then(Pending::key) {
                    out.push(Action::Resolve {
                        key: key.to_owned(),
                        data: json!({}),
                    });
                }
            }
            ServerFrame::Revoked { message } => {
                self.on_edited(message, event::MESSAGE_REVOKED, &mut out)
            }
            ServerFrame::Modified { message } => {
                self.on_edited(message, event::MESSAGE_MODIFIED, &mut out)
            }
            ServerFrame::Conversations {
                req_id,
                conversations,
            } => self.on_conversations(req_id, conversations, &mut out),
            ServerFrame::Conversation { conversation } => {
                self.on_conversation(conversation, &mut out)
            }
            ServerFrame::PeerRead { peer, time } => self.on_peer_read(&peer, time, &mut out),
            ServerFrame::SnsResult { req_id, result } => {
                self.on_sns_result(req_id, result, &mut out)
            }
            ServerFrame::SnsUpdate { what, user_id } => {
                self.on_sns_update(&what, user_id.as_deref(), &mut out)
            }
            ServerFrame::GroupResult { req_id, result } => match self.pending.remove(&req_id) {
                Some(Pending::GroupHistory { key, group }) => {
                    self.on_group_history(key, &group, &result, &mut out)
                }
                Some(Pending::GroupRecall { key, message }) => {
                    self.on_group_recalled(key, *message, &result, &mut out)
                }
                Some(p) => {
                    if let Some(key) = p.key() {
                        out.push(Action::Resolve {
                            key: key.to_owned(),
                            data: result,
                        });
                    }
                }
                None => {}
            },
            ServerFrame::GroupAck { req_id, message } => {
                if let Some(Pending::GroupSend { id }) = self.pending.remove(&req_id) {
                    self.on_group_ack(id, message, &mut out);
                }
            }
            ServerFrame::GroupMsg { message } => {
                self.now = self.now.max(message.time);
                self.on_group_msg(message, &mut out)
            }
            ServerFrame::GroupRevoked { message } => self.on_group_revoked(message, &mut out),
            ServerFrame::GroupSync {
                req_id,
                group_id,
                messages,
                complete,
                max_seq,
                min_seq,
                topic_id,
            } => {
                self.pending.remove(&req_id);
                let key = topic_id.unwrap_or(group_id);
                self.on_group_page(&key, messages, complete, max_seq, min_seq, &mut out);
            }
            ServerFrame::Groups { req_id, groups } => {
                self.pending.remove(&req_id);
                self.on_groups(groups, &mut out);
            }
            ServerFrame::GroupNotice { notice } => {
                let now = self.now;
                self.on_group_notice(notice, now, &mut out)
            }
            ServerFrame::GroupUpdate { group_id, group } => {
                self.on_group_update(group_id, group, &mut out)
            }
            ServerFrame::Kicked { reason, .. } => {
                let why = ImError::Coded(code::NOT_READY, format!("kicked out: {reason}"));
                self.end_session(&why, &mut out);
                out.push(emit(event::KICKED_OUT, json!({ "type": reason })));
            }
        }
        out
    }

    /// A ping frame for the heartbeat.
    pub fn ping(&mut self) -> Option<String> {
        (self.phase != Phase::Idle).then(|| {
            let req_id = self.next_req;
            self.next_req += 1;
            serde_json::to_string(&ClientFrame::Ping { req_id }).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests;
