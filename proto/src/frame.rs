//! Frames on the client socket: JSON text, `cmd` from the client and `type` from the server.

use crate::error::ImError;
use crate::group::{GroupMessage, JoinedGroup, Priority};
use crate::message::{MsgElem, StoredMessage};
use crate::recent::RecentState;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A request from a client. Every request carries a `reqId` that its reply echoes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum ClientFrame {
    Ping {
        req_id: u64,
    },
    /// Send a one-to-one message. `to` is validated by the receiver of the frame.
    Send {
        req_id: u64,
        to: String,
        random: u32,
        msg_body: Vec<MsgElem>,
        #[serde(default)]
        cloud_custom_data: String,
        #[serde(default)]
        offline_push_info: Option<Value>,
        /// Deliver to online devices only; never stored or counted (typing indicators).
        #[serde(default)]
        online_only: bool,
        /// The sender asks for a read receipt (`needReadReceipt`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        need_read_receipt: bool,
    },
    /// Recall a message I sent, within the recall window.
    Recall {
        req_id: u64,
        peer: String,
        msg_key: String,
    },
    /// Mark a conversation read (on every device; the peer gets a read receipt).
    Read {
        req_id: u64,
        peer: String,
    },
    /// Delete messages from my inbox only.
    Delete {
        req_id: u64,
        peer: String,
        msg_keys: Vec<String>,
    },
    /// Change a sent message's body or CloudCustomData (both sides see it).
    Modify {
        req_id: u64,
        peer: String,
        msg_key: String,
        msg_body: Vec<MsgElem>,
        #[serde(default)]
        cloud_custom_data: Option<String>,
    },
    /// The recent-contact list.
    Conversations {
        req_id: u64,
    },
    /// A profile or relationship command (`portrait_get`, `friend_add`, … as in the REST API,
    /// run as this user; `body` has the REST fields without `From_Account`).
    Sns {
        req_id: u64,
        op: String,
        #[serde(default)]
        body: Value,
    },
    /// Remove a conversation from the list (its messages stay).
    DeleteConversation {
        req_id: u64,
        peer: String,
    },
    /// Messages of this user's inbox with `seq > since`, oldest first, a page at a time.
    Sync {
        req_id: u64,
        since: u64,
    },
    /// A page of one conversation's history, newest page first, messages oldest first.
    History {
        req_id: u64,
        peer: String,
        #[serde(default)]
        before_seq: Option<u64>,
        #[serde(default)]
        count: Option<u32>,
        /// `getMessageListHopping`: the messages sent at this time or before it (or, `newer`,
        /// at or after it) instead of a page by SEQ.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        time: Option<u64>,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        newer: bool,
    },
    /// Subscribe to these users' online status (≤ 100 per call).
    SubscribeStatus {
        req_id: u64,
        #[serde(rename = "userIDList")]
        user_id_list: Vec<String>,
    },
    /// Stop receiving these users' status.
    UnsubscribeStatus {
        req_id: u64,
        #[serde(rename = "userIDList")]
        user_id_list: Vec<String>,
    },
    /// These users' statuses now, without subscribing (`getUserStatus`, ≤ 100 per call).
    QueryStatus {
        req_id: u64,
        #[serde(rename = "userIDList")]
        user_id_list: Vec<String>,
    },
    /// Sets my custom status (`setSelfStatus`, ≤ 100 bytes); watchers and my other devices
    /// are told.
    SetSelfStatus {
        req_id: u64,
        custom_status: String,
    },
    /// A group command named as in the REST API (`create_group`, `apply_join_group`,
    /// `quit_group`, `add_group_member`, …), run as this user on group `groupId`.
    Group {
        req_id: u64,
        op: String,
        #[serde(default)]
        group_id: Option<String>,
        #[serde(default)]
        body: Value,
    },
    /// Send a group message.
    GroupSend {
        req_id: u64,
        group_id: String,
        random: u32,
        msg_body: Vec<MsgElem>,
        #[serde(default)]
        cloud_custom_data: String,
        #[serde(default)]
        priority: Priority,
        #[serde(default)]
        at_list: Vec<String>,
        #[serde(default)]
        online_only: bool,
        /// A Community topic of the group.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic_id: Option<String>,
        /// The sender asks for read receipts (`needReadReceipt`).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        need_read_receipt: bool,
    },
    /// A group's stored messages with SEQ > `since`, a page at a time.
    GroupSync {
        req_id: u64,
        group_id: String,
        since: u64,
        /// A Community topic's log instead of the group's.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic_id: Option<String>,
    },
    /// My groups with their newest SEQ and unread counts.
    Groups {
        req_id: u64,
    },
    /// Mark a group read (up to `seq`, or everything).
    GroupRead {
        req_id: u64,
        group_id: String,
        #[serde(default)]
        seq: Option<u64>,
    },
    /// An extension or reaction command (`set_key_values`, `add_reaction`, …, the group
    /// commands' bodies with `MsgKey` for `MsgSeq`) on a one-to-one message with `peer`.
    Extras {
        req_id: u64,
        peer: String,
        op: String,
        body: Value,
    },
    /// `sendMessageReadReceipt` for messages of `peer` that asked for one: the peer is told.
    Receipt {
        req_id: u64,
        peer: String,
        msg_keys: Vec<String>,
    },
    /// `clearHistoryMessage`: deletes a one-to-one conversation's messages from my inbox, or
    /// hides a group's messages so far from me; the conversation stays, read.
    ClearHistory {
        req_id: u64,
        #[serde(rename = "conversationID")]
        conversation_id: String,
    },
    /// A conversation-settings command named as in the REST API (`mark_contact`,
    /// `create_contact_group`, …, and `pin_contact`), run as this user; `body` has the REST
    /// fields without `From_Account`.
    Recent {
        req_id: u64,
        op: String,
        #[serde(default)]
        body: Value,
    },
}

const COMMANDS: [&str; 24] = [
    "ping",
    "send",
    "sync",
    "history",
    "subscribeStatus",
    "unsubscribeStatus",
    "queryStatus",
    "setSelfStatus",
    "recall",
    "read",
    "delete",
    "modify",
    "conversations",
    "deleteConversation",
    "sns",
    "group",
    "groupSend",
    "groupSync",
    "groups",
    "groupRead",
    "recent",
    "clearHistory",
    "receipt",
    "extras",
];

/// One entry of the recent-contact list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub peer: String,
    /// The newest message, if any is left.
    #[serde(default)]
    pub last_message: Option<StoredMessage>,
    pub unread_count: u32,
    /// My read position (inbox seq).
    pub read_seq: u64,
    /// When the peer last read this conversation (unix seconds), for read receipts.
    pub peer_read_time: u64,
    /// Unix seconds of the last activity; the list is ordered by it.
    pub time: u64,
    /// Removed from the list by its owner (pushed so other devices drop it too).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed: bool,
}

pub use crate::status::{StatusFailure, UserStatus};

/// A frame the client could not have meant: the error to report and the request it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameError {
    pub req_id: Option<u64>,
    pub error: ImError,
}

impl ClientFrame {
    /// Parses a client frame, telling apart bad JSON (60003), unknown commands (10004)
    /// and wrong fields (60003), and keeping the `reqId` when there is one.
    pub fn parse(text: &str) -> Result<ClientFrame, FrameError> {
        let value: Value = serde_json::from_str(text).map_err(|e| FrameError {
            req_id: None,
            error: ImError::JsonParse(e.to_string()),
        })?;
        let req_id = value.get("reqId").and_then(Value::as_u64);
        let fail = |error| FrameError { req_id, error };
        match value.get("cmd").and_then(Value::as_str) {
            None => return Err(fail(ImError::JsonParse("frame has no \"cmd\"".into()))),
            Some(cmd) if !COMMANDS.contains(&cmd) => {
                return Err(fail(ImError::InvalidParameter(format!(
                    "unknown cmd {cmd:?}; known: {}",
                    COMMANDS.join(", ")
                ))))
            }
            Some(_) => {}
        }
        serde_json::from_value(value).map_err(|e| fail(ImError::JsonParse(e.to_string())))
    }

    pub fn req_id(&self) -> u64 {
        match self {
            ClientFrame::Ping { req_id }
            | ClientFrame::Send { req_id, .. }
            | ClientFrame::Sync { req_id, .. }
            | ClientFrame::History { req_id, .. }
            | ClientFrame::SubscribeStatus { req_id, .. }
            | ClientFrame::UnsubscribeStatus { req_id, .. }
            | ClientFrame::QueryStatus { req_id, .. }
            | ClientFrame::SetSelfStatus { req_id, .. }
            | ClientFrame::Recall { req_id, .. }
            | ClientFrame::Read { req_id, .. }
            | ClientFrame::Delete { req_id, .. }
            | ClientFrame::Modify { req_id, .. }
            | ClientFrame::Conversations { req_id }
            | ClientFrame::DeleteConversation { req_id, .. }
            | ClientFrame::Sns { req_id, .. }
            | ClientFrame::Group { req_id, .. }
            | ClientFrame::GroupSend { req_id, .. }
            | ClientFrame::GroupSync { req_id, .. }
            | ClientFrame::Groups { req_id }
            | ClientFrame::GroupRead { req_id, .. }
            | ClientFrame::Recent { req_id, .. }
            | ClientFrame::ClearHistory { req_id, .. }
            | ClientFrame::Extras { req_id, .. }
            | ClientFrame::Receipt { req_id, .. } => *req_id,
        }
    }
}

/// A frame from the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ServerFrame {
    /// First frame of an accepted session.
    Login {
        #[serde(rename = "userID")]
        user_id: String,
        max_seq: u64,
    },
    /// The heartbeat's answer, with the inbox's newest seq: a client that has less lost a
    /// push and pulls the gap, so even the last message of a burst is never lost.
    Pong {
        req_id: u64,
        #[serde(default)]
        max_seq: u64,
        /// The server's clock, unix seconds (`getServerTime`); 0 from older servers.
        #[serde(default)]
        server_time: u64,
    },
    /// The result of a send: the sender's stored copy.
    Ack { req_id: u64, message: StoredMessage },
    /// A message pushed live to a session.
    Msg { message: StoredMessage },
    Sync {
        req_id: u64,
        messages: Vec<StoredMessage>,
        complete: bool,
        max_seq: u64,
    },
    /// A request that returns nothing else succeeded.
    Done { req_id: u64 },
    /// A message was recalled (pushed to both sides).
    Revoked { message: StoredMessage },
    /// A message was modified (pushed to both sides).
    Modified { message: StoredMessage },
    /// The recent-contact list, newest first.
    Conversations {
        req_id: u64,
        conversations: Vec<Conversation>,
    },
    /// One conversation changed (read on another device, removed, …).
    Conversation { conversation: Conversation },
    /// The answer to an `sns` command: the REST command's own fields.
    SnsResult { req_id: u64, result: Value },
    /// A profile or relationship list changed: `what` is `profile` (of `userID`), `friends`,
    /// `applications`, `groups` or `blacklist`.
    SnsUpdate {
        what: String,
        #[serde(rename = "userID", default, skip_serializing_if = "Option::is_none")]
        user_id: Option<String>,
    },
    /// The peer read this conversation up to `time` (a read receipt).
    PeerRead { peer: String, time: u64 },
    /// The peer sent read receipts for these messages of mine (`sendMessageReadReceipt`).
    ReceiptRead {
        peer: String,
        msg_keys: Vec<String>,
        time: u64,
    },
    History {
        req_id: u64,
        messages: Vec<StoredMessage>,
        complete: bool,
    },
    Error {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        req_id: Option<u64>,
        code: u32,
        message: String,
    },
    /// The answer to `subscribeStatus` / `unsubscribeStatus`: current statuses.
    StatusList {
        req_id: u64,
        list: Vec<UserStatus>,
        /// Users a `queryStatus` could not report (none for subscriptions).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        failures: Vec<StatusFailure>,
    },
    /// A subscribed user's status changed.
    UserStatus { status: UserStatus },
    /// The session is being closed by the server; `reason` is the engine's KICKED_OUT type.
    Kicked { code: u32, reason: String },
    /// The answer to a `group` command: the REST command's own fields.
    GroupResult { req_id: u64, result: Value },
    /// The answer to an `extras` command, in the group commands' fields.
    ExtrasResult { req_id: u64, result: Value },
    /// A one-to-one message's extensions or reactions changed: the group notice's fields
    /// (`OpType` 108 / 109) with `MsgFrom`, `MsgTo` and `MsgRandom` naming the message.
    ExtrasChanged { notice: Value },
    /// The result of a group send: the stored message (SEQ 0 if never stored).
    GroupAck { req_id: u64, message: GroupMessage },
    /// A group message or tip pushed live.
    GroupMsg { message: GroupMessage },
    /// A group message was recalled.
    GroupRevoked { message: GroupMessage },
    /// A group message's body or custom data changed (`modify_group_msg`).
    GroupModified { message: GroupMessage },
    GroupSync {
        req_id: u64,
        group_id: String,
        messages: Vec<GroupMessage>,
        complete: bool,
        max_seq: u64,
        /// The first SEQ this member may read.
        min_seq: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic_id: Option<String>,
    },
    Groups {
        req_id: u64,
        groups: Vec<JoinedGroup>,
    },
    /// A group system notice (join request, kicked, dismissed, …): live only.
    GroupNotice { notice: Value },
    /// The answer to a `recent` command: the REST command's own fields, and all my
    /// conversation settings after it.
    RecentResult {
        req_id: u64,
        result: Value,
        state: RecentState,
    },
    /// My conversation settings changed (on another device or by the REST API): all of them.
    RecentUpdate { state: RecentState },
    /// One of my groups changed (joined, read elsewhere, …) or, without `group`, is gone.
    GroupUpdate {
        group_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<JoinedGroup>,
    },
}

impl ServerFrame {
    /// The error frame for `error`, answering `req_id`.
    pub fn error(req_id: Option<u64>, error: &ImError) -> Self {
        ServerFrame::Error {
            req_id,
            code: error.code(),
            message: error.to_string(),
        }
    }

    /// The frame as JSON text.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(r#"{{"type":"error","code":90000,"message":"encode: {e}"}}"#)
        })
    }
}

#[cfg(test)]
#[path = "frame_tests.rs"]
mod tests;
