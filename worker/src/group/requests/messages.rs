//! The message family's request bodies: notifications, recalls, history pages, deletes, read
//! positions and receipts. `send_group_msg` is `send::send_request`.

use super::Accounts;
use edgechat_proto::UserId;
use serde::Deserialize;

/// `send_group_system_notification`.
#[derive(Debug, Deserialize)]
pub struct SystemNotification {
    #[serde(rename = "Content", default)]
    pub content: String,
    /// Absent: every member.
    #[serde(rename = "ToMembers_Account", default)]
    pub to: Option<Accounts>,
}

/// One entry of `group_msg_recall`'s list.
#[derive(Debug, Clone, Copy, Deserialize)]
pub struct SeqItem {
    #[serde(rename = "MsgSeq")]
    pub seq: u64,
}

/// `group_msg_recall`.
#[derive(Debug, Deserialize)]
pub struct Recall {
    #[serde(rename = "MsgSeqList")]
    pub seqs: Vec<SeqItem>,
    /// A Community topic's log (absent: the group's own).
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
}

/// `set_unread_msg_num`: member `Member_Account` gets `UnreadMsgNum` unread messages.
#[derive(Debug, Deserialize)]
pub struct SetUnread {
    #[serde(rename = "Member_Account")]
    pub member: UserId,
    #[serde(rename = "UnreadMsgNum")]
    pub unread: u64,
}

/// `modify_group_msg`: message `MsgSeq` (of the group, or topic `TopicId`) gets `MsgBody`
/// and/or `CloudCustomData`.
#[derive(Debug, Deserialize)]
pub struct ModifyMessage {
    #[serde(rename = "MsgSeq")]
    pub seq: u64,
    #[serde(rename = "MsgBody", default)]
    pub body: Option<Vec<edgechat_proto::message::MsgElem>>,
    #[serde(rename = "CloudCustomData", default)]
    pub cloud_custom_data: Option<String>,
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
}

/// `group_msg_get_simple`: `ReqMsgNumber` messages up to `ReqMsgSeq` (absent: the newest).
#[derive(Debug, Deserialize)]
pub struct GetSimple {
    #[serde(rename = "ReqMsgSeq", default)]
    pub upto: Option<u64>,
    #[serde(rename = "ReqMsgNumber")]
    pub number: u64,
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
}

/// `delete_group_msg_by_sender`.
#[derive(Debug, Deserialize)]
pub struct DeleteBySender {
    #[serde(rename = "Sender_Account")]
    pub sender: UserId,
}

/// A client's `set_read`: read up to `MsgSeq` (absent: everything).
#[derive(Debug, Default, Deserialize)]
pub struct SetRead {
    #[serde(rename = "MsgSeq", default)]
    pub seq: Option<u64>,
}

/// A client's `history`: `count` messages before `before` (absent: the newest page).
#[derive(Debug, Default, Deserialize)]
pub struct History {
    #[serde(default)]
    pub before: Option<u64>,
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
}

/// A client's `sync`: stored messages after `since`, at most `limit`.
#[derive(Debug, Default, Deserialize)]
pub struct Sync {
    #[serde(default)]
    pub since: Option<u64>,
    #[serde(default)]
    pub limit: Option<u64>,
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
}

/// `read_members` (message receipts): who read (`Filter` 0) or did not read `MsgSeq`.
#[derive(Debug, Deserialize)]
pub struct ReadMembers {
    #[serde(rename = "MsgSeq")]
    pub seq: u64,
    #[serde(rename = "Filter", default)]
    pub filter: Option<u64>,
    #[serde(rename = "Offset", default)]
    pub offset: Option<u64>,
    #[serde(rename = "Count", default)]
    pub count: Option<u64>,
}

/// Who `send_group_msg` sends as: `From_Account` (an app admin's REST call may name a member).
#[derive(Debug, Default, Deserialize)]
pub struct SendAs {
    #[serde(rename = "From_Account", default)]
    pub from: Option<UserId>,
}
