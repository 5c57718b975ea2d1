//! The engine's sans-IO core: API calls, server frames and time go in; actions come out
//! (frames to send, events to emit, promises to settle). No sockets, no clock, no randomness.

use crate::view::{c2c_conversation, message_id, MessageView, STATUS_UNSEND};
use edgechat_proto::frame::{ClientFrame, ServerFrame, UserStatus};
use edgechat_proto::limits::HISTORY_PAGE_MAX;
use edgechat_proto::message::{validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Event names of `@tencentcloud/chat`.
pub mod event {
    pub const SDK_READY: &str = "sdkStateReady";
    pub const SDK_NOT_READY: &str = "sdkStateNotReady";
    pub const MESSAGE_RECEIVED: &str = "onMessageReceived";
    pub const KICKED_OUT: &str = "kickedOut";
    pub const NET_STATE_CHANGE: &str = "netStateChange";
    pub const USER_STATUS_UPDATED: &str = "onUserStatusUpdated";
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
#[serde(tag = "kind", rename_all = "camelCase")]
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
}

#[derive(Debug, Clone)]
enum Pending {
    Send {
        id: String,
    },
    Sync,
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
}

#[derive(Debug, Clone)]
struct Outgoing {
    to: UserId,
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
    store: BTreeMap<u64, StoredMessage>,
    /// Every seq up to here is in `store` or was never ours to hold (history not fetched yet).
    contiguous: u64,
    /// Pushed messages past a gap, applied once the gap is filled.
    early: BTreeMap<u64, StoredMessage>,
    syncing: bool,
    /// Messages created and not yet stored by the server.
    outbox: HashMap<String, Outgoing>,
    /// Conversations whose history is fully in `store`.
    history_complete: HashSet<UserId>,
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

impl ChatCore {
    pub fn new(sdkappid: u64) -> Self {
        ChatCore {
            sdkappid,
            me: None,
            phase: Phase::Idle,
            next_req: 1,
            pending: HashMap::new(),
            store: BTreeMap::new(),
            contiguous: 0,
            early: BTreeMap::new(),
            syncing: false,
            outbox: HashMap::new(),
            history_complete: HashSet::new(),
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

    fn request(
        &mut self,
        frame: impl FnOnce(u64) -> ClientFrame,
        pending: Pending,
    ) -> (u64, Action) {
        let req_id = self.next_req;
        self.next_req += 1;
        self.pending.insert(req_id, pending);
        let text = serde_json::to_string(&frame(req_id)).unwrap_or_default();
        (req_id, Action::Send { frame: text })
    }

    fn key(&mut self) -> String {
        let k = format!("call{}", self.next_req);
        self.next_req += 1;
        k
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
        Ok(format!(
            "{base}/ws?sdkappid={}&identifier={}&usersig={}&platform={}",
            self.sdkappid,
            percent_encode(user.as_str()),
            percent_encode(user_sig),
            percent_encode(platform)
        ))
    }

    /// The socket opened.
    pub fn on_open(&mut self) -> Vec<Action> {
        vec![]
    }

    /// The socket closed (or failed to open).
    pub fn on_close(&mut self) -> Vec<Action> {
        let mut out = vec![];
        let was = self.phase;
        if was == Phase::Idle {
            return out;
        }
        self.phase = Phase::Idle;
        self.syncing = false;
        let lost = ImError::Coded(
            code::NETWORK,
            "the connection closed before the server answered".into(),
        );
        if matches!(was, Phase::Connecting | Phase::Syncing) {
            out.push(reject(LOGIN_KEY, &lost));
        }
        for (_, p) in self.pending.drain() {
            match p {
                Pending::Send { id } => out.push(reject(&id, &lost)),
                Pending::History { key, .. } | Pending::Status { key, .. } => {
                    out.push(reject(&key, &lost))
                }
                Pending::Sync => {}
            }
        }
        out.push(Action::Emit {
            name: event::NET_STATE_CHANGE,
            data: json!({ "state": "disconnected" }),
        });
        if was == Phase::Ready {
            out.push(Action::Emit {
                name: event::SDK_NOT_READY,
                data: json!({}),
            });
        }
        out
    }

    /// Logs out: closes the socket and forgets the session (the promise key is returned).
    pub fn logout(&mut self) -> Call {
        let key = self.key();
        let mut actions = vec![Action::Close];
        let was_ready = self.phase == Phase::Ready;
        self.phase = Phase::Idle;
        self.pending.clear();
        if was_ready {
            actions.push(Action::Emit {
                name: event::SDK_NOT_READY,
                data: json!({}),
            });
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
                out.push(Action::Emit {
                    name: event::NET_STATE_CHANGE,
                    data: json!({ "state": "connected" }),
                });
                self.sync(&mut out);
            }
            ServerFrame::Pong { .. } => {}
            ServerFrame::Error {
                req_id: None,
                code,
                message,
            } => {
                if self.phase == Phase::Connecting {
                    self.phase = Phase::Idle;
                    self.me = None;
                    out.push(Action::Reject {
                        key: LOGIN_KEY.into(),
                        code,
                        message,
                    });
                    out.push(Action::Close);
                } else {
                    out.push(Action::Emit {
                        name: "error",
                        data: json!({ "code": code, "message": message }),
                    });
                }
            }
            ServerFrame::Error {
                req_id: Some(r),
                code,
                message,
            } => match self.pending.remove(&r) {
                Some(Pending::Send { id }) => out.push(Action::Reject {
                    key: id,
                    code,
                    message,
                }),
                Some(Pending::History { key, .. } | Pending::Status { key, .. }) => {
                    out.push(Action::Reject { key, code, message })
                }
                Some(Pending::Sync) => {
                    self.syncing = false;
                    out.push(Action::Emit {
                        name: "error",
                        data: json!({ "code": code, "message": message }),
                    });
                }
                None => {}
            },
            ServerFrame::Msg { message } => {
                let fresh = self.receive(vec![message], &mut out);
                self.emit_received(fresh, &mut out);
            }
            ServerFrame::Sync {
                req_id,
                messages,
                complete,
                ..
            } => {
                if !matches!(self.pending.remove(&req_id), Some(Pending::Sync)) {
                    return out;
                }
                self.syncing = false;
                let fresh = self.receive(messages, &mut out);
                if !complete || !self.early.is_empty() {
                    self.sync(&mut out);
                } else if self.phase == Phase::Syncing {
                    self.phase = Phase::Ready;
                    out.push(Action::Resolve {
                        key: LOGIN_KEY.into(),
                        data: json!({ "repeatLogin": false }),
                    });
                    out.push(Action::Emit {
                        name: event::SDK_READY,
                        data: json!({}),
                    });
                }
                self.emit_received(fresh, &mut out);
            }
            ServerFrame::Ack { req_id, message } => {
                if let Some(Pending::Send { id }) = self.pending.remove(&req_id) {
                    self.outbox.remove(&id);
                    let me = self.me.clone();
                    self.receive(vec![message.clone()], &mut out);
                    if let Some(me) = me {
                        out.push(Action::Resolve {
                            key: id,
                            data: json!({ "message": MessageView::of(&message, &me) }),
                        });
                    }
                }
            }
            ServerFrame::History {
                req_id,
                messages,
                complete,
            } => {
                if let Some(Pending::History {
                    key,
                    peer,
                    before,
                    count,
                }) = self.pending.remove(&req_id)
                {
                    for m in messages {
                        self.store.entry(m.seq).or_insert(m);
                    }
                    if complete {
                        self.history_complete.insert(peer.clone());
                    }
                    let list = self.local_page(&peer, before, count);
                    out.push(Action::Resolve { key, data: list.1 });
                }
            }
            ServerFrame::StatusList { req_id, list } => {
                if let Some(Pending::Status { key, emit }) = self.pending.remove(&req_id) {
                    if emit {
                        out.push(Action::Emit {
                            name: event::USER_STATUS_UPDATED,
                            data: status_views(&list),
                        });
                    }
                    out.push(Action::Resolve {
                        key,
                        data: json!({ "failureUserList": [] }),
                    });
                }
            }
            ServerFrame::UserStatus { status } => out.push(Action::Emit {
                name: event::USER_STATUS_UPDATED,
                data: status_views(std::slice::from_ref(&status)),
            }),
            ServerFrame::Kicked { reason, .. } => {
                self.phase = Phase::Idle;
                out.push(Action::Emit {
                    name: event::KICKED_OUT,
                    data: json!({ "type": reason }),
                });
            }
        }
        out
    }

    fn sync(&mut self, out: &mut Vec<Action>) {
        if self.syncing {
            return;
        }
        self.syncing = true;
        let since = self.contiguous;
        let (_, a) = self.request(|req_id| ClientFrame::Sync { req_id, since }, Pending::Sync);
        out.push(a);
    }

    /// Applies messages in seq order; returns the ones new to this device. A gap triggers a sync.
    fn receive(
        &mut self,
        messages: Vec<StoredMessage>,
        out: &mut Vec<Action>,
    ) -> Vec<StoredMessage> {
        for m in messages {
            if m.seq > self.contiguous && !self.store.contains_key(&m.seq) {
                self.early.insert(m.seq, m);
            }
        }
        let mut fresh = vec![];
        while let Some(m) = self.early.remove(&(self.contiguous + 1)) {
            self.contiguous = m.seq;
            fresh.push(m.clone());
            self.store.insert(m.seq, m);
        }
        // Anything left in `early` sits past a gap: pull the gap.
        if !self.early.is_empty() && self.phase != Phase::Connecting {
            self.sync(out);
        }
        fresh
    }

    fn emit_received(&self, fresh: Vec<StoredMessage>, out: &mut Vec<Action>) {
        let Some(me) = &self.me else { return };
        if fresh.is_empty() || self.phase != Phase::Ready {
            return;
        }
        let views: Vec<MessageView> = fresh.iter().map(|m| MessageView::of(m, me)).collect();
        out.push(Action::Emit {
            name: event::MESSAGE_RECEIVED,
            data: json!(views),
        });
    }

    /// `createTextMessage`: a message ready to send, with its random fixed now.
    pub fn create_text_message(
        &mut self,
        to: &str,
        text: &str,
        cloud_custom_data: &str,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        let me = self.me()?.clone();
        let to = UserId::parse(to).map_err(|e| ImError::InvalidParameter(format!("to: {e}")))?;
        let body = vec![MsgElem::text(text)];
        validate_body(&body, cloud_custom_data)?;
        let id = message_id(me.as_str(), to.as_str(), random);
        let out = Outgoing {
            to,
            random,
            body,
            cloud_custom_data: cloud_custom_data.to_owned(),
            created: now,
        };
        let view = self.outgoing_view(&me, &out, STATUS_UNSEND);
        self.outbox.insert(id, out);
        Ok(view)
    }

    fn outgoing_view(&self, me: &UserId, o: &Outgoing, status: &'static str) -> MessageView {
        let stored = StoredMessage {
            seq: 0,
            from: me.clone(),
            to: o.to.clone(),
            random: o.random,
            time: o.created,
            msg_key: String::new(),
            msg_body: o.body.clone(),
            cloud_custom_data: o.cloud_custom_data.clone(),
        };
        MessageView {
            status,
            ..MessageView::of(&stored, me)
        }
    }

    /// `sendMessage`: sends a created message; the promise key is the message ID.
    pub fn send_message(&mut self, id: &str) -> Result<Call, ImError> {
        self.me()?;
        let o = self.outbox.get(id).cloned().ok_or_else(|| {
            ImError::InvalidParameter(format!("no unsent message with ID {id:?}"))
        })?;
        if self
            .pending
            .values()
            .any(|p| matches!(p, Pending::Send { id: p } if p == id))
        {
            return Err(ImError::InvalidParameter(format!(
                "message {id:?} is already being sent"
            )));
        }
        let (_, action) = self.request(
            |req_id| ClientFrame::Send {
                req_id,
                to: o.to.to_string(),
                random: o.random,
                msg_body: o.body.clone(),
                cloud_custom_data: o.cloud_custom_data.clone(),
            },
            Pending::Send { id: id.to_owned() },
        );
        Ok(Call {
            key: id.to_owned(),
            actions: vec![action],
        })
    }

    /// The page of `peer`'s conversation before `before` from local data, and whether the
    /// local data was enough.
    fn local_page(&self, peer: &UserId, before: Option<u64>, count: usize) -> (bool, Value) {
        let me = self.me.clone().unwrap_or_else(|| peer.clone());
        let older: Vec<&StoredMessage> = self
            .store
            .range(..before.unwrap_or(u64::MAX))
            .map(|(_, m)| m)
            .filter(|m| m.peer_of(&me) == peer)
            .collect();
        let complete = self.history_complete.contains(peer);
        let page = &older[older.len().saturating_sub(count)..];
        let enough = older.len() >= count || complete;
        let data = json!({
            "messageList": page.iter().map(|m| MessageView::of(m, &me)).collect::<Vec<_>>(),
            "nextReqMessageID": page.first().map(|m| message_id(m.from.as_str(), m.to.as_str(), m.random)).unwrap_or_default(),
            "isCompleted": complete && older.len() <= count,
        });
        (enough, data)
    }

    /// `getMessageList`: a page of history, newest first page; local data first, then the server.
    pub fn get_message_list(
        &mut self,
        conversation_id: &str,
        next_req_message_id: Option<&str>,
        count: Option<u32>,
    ) -> Result<Call, ImError> {
        self.me()?;
        let peer = conversation_id
            .strip_prefix("C2C")
            .ok_or_else(|| {
                ImError::InvalidParameter(format!(
                    "conversationID {conversation_id:?} is not a C2C conversation"
                ))
            })
            .and_then(UserId::parse)?;
        let count = count.unwrap_or(HISTORY_PAGE_MAX as u32) as usize;
        if count == 0 || count > HISTORY_PAGE_MAX {
            return Err(ImError::InvalidParameter(format!(
                "count must be 1..={HISTORY_PAGE_MAX}"
            )));
        }
        let before = match next_req_message_id.filter(|s| !s.is_empty()) {
            None => None,
            Some(id) => Some(
                self.store
                    .values()
                    .find(|m| message_id(m.from.as_str(), m.to.as_str(), m.random) == id)
                    .map(|m| m.seq)
                    .ok_or_else(|| {
                        ImError::InvalidParameter(format!(
                            "nextReqMessageID {id:?} is not a known message"
                        ))
                    })?,
            ),
        };
        let (enough, data) = self.local_page(&peer, before, count);
        let key = self.key();
        if enough {
            return Ok(Call {
                key: key.clone(),
                actions: vec![Action::Resolve { key, data }],
            });
        }
        // Ask the server for what precedes the oldest message we hold locally.
        let me = self.me.clone().unwrap_or_else(|| peer.clone());
        let oldest_local = self
            .store
            .range(..before.unwrap_or(u64::MAX))
            .map(|(_, m)| m)
            .find(|m| m.peer_of(&me) == &peer)
            .map(|m| m.seq)
            .or(before);
        let p = peer.clone();
        let (_, action) = self.request(
            |req_id| ClientFrame::History {
                req_id,
                peer: p.to_string(),
                before_seq: oldest_local,
                count: Some(count as u32),
            },
            Pending::History {
                key: key.clone(),
                peer,
                before,
                count,
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// `subscribeUserStatus` (`on`) / `unsubscribeUserStatus`: current statuses arrive as
    /// `USER_STATUS_UPDATED`, and so does every later change.
    pub fn subscribe_user_status(
        &mut self,
        user_ids: &[String],
        on: bool,
    ) -> Result<Call, ImError> {
        self.me()?;
        if user_ids.is_empty() || user_ids.len() > 100 {
            return Err(ImError::InvalidParameter(format!(
                "userIDList has {} users, 1..=100 allowed",
                user_ids.len()
            )));
        }
        for id in user_ids {
            UserId::parse(id)?;
        }
        let key = self.key();
        let list = user_ids.to_vec();
        let (_, action) = self.request(
            |req_id| {
                if on {
                    ClientFrame::SubscribeStatus {
                        req_id,
                        user_id_list: list,
                    }
                } else {
                    ClientFrame::UnsubscribeStatus {
                        req_id,
                        user_id_list: list,
                    }
                }
            },
            Pending::Status {
                key: key.clone(),
                emit: on,
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// A ping frame for the heartbeat.
    pub fn ping(&mut self) -> Option<String> {
        (self.phase != Phase::Idle).then(|| {
            let req_id = self.next_req;
            self.next_req += 1;
            serde_json::to_string(&ClientFrame::Ping { req_id }).unwrap_or_default()
        })
    }

    /// The conversation ID for a one-to-one peer.
    pub fn conversation_of(peer: &str) -> String {
        c2c_conversation(peer)
    }
}

/// `USER_STATUS_UPDATED` data: `[{userID, statusType, customStatus}]`.
fn status_views(list: &[UserStatus]) -> Value {
    json!(list
        .iter()
        .map(|s| json!({ "userID": s.user_id, "statusType": s.status_type, "customStatus": "" }))
        .collect::<Vec<_>>())
}

#[cfg(test)]
mod tests;
