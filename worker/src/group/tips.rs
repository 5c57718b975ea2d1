//! Group tips (stored or live messages from `@TIM#SYSTEM` about joins, quits, role and
//! profile changes) and group system notices (sent to chosen users, never stored).

use edgechat_proto::group::{GroupMessage, GroupType, Priority, SYSTEM_SENDER};
use edgechat_proto::message::MsgElem;
use edgechat_proto::UserId;
use serde_json::{json, Value};

/// `TIMGroupTipElem.OpType`, as `@tencentcloud/chat`'s `GRP_TIP_*` numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TipKind {
    Join = 1,
    Quit = 2,
    Kicked = 3,
    SetAdmin = 4,
    CancelAdmin = 5,
    ProfileUpdated = 6,
    MemberUpdated = 7,
    /// Members were banned (`ban_group_member`): removed, and kept out until the ban ends.
    Banned = 10,
    /// Users' bans were lifted (`unban_group_member`).
    Unbanned = 11,
}

/// How a tip reaches members in a group of this type (the seed's 群成员变更通知 rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    Stored,
    OnlineOnly,
    None,
}

pub fn delivery(kind: TipKind, ty: GroupType) -> Delivery {
    use GroupType::*;
    match (kind, ty) {
        (_, AvChatRoom) => match kind {
            TipKind::SetAdmin | TipKind::CancelAdmin | TipKind::MemberUpdated => Delivery::None,
            _ => Delivery::OnlineOnly,
        },
        (
            TipKind::Join | TipKind::Quit | TipKind::Kicked | TipKind::Banned | TipKind::Unbanned,
            Meeting,
        ) => Delivery::None,
        (TipKind::SetAdmin | TipKind::CancelAdmin | TipKind::MemberUpdated, Meeting) => {
            Delivery::None
        }
        _ => Delivery::Stored,
    }
}

/// A tip message (seq 0 until stored).
pub fn tip(
    group: &str,
    kind: TipKind,
    operator: &str,
    members: &[UserId],
    extra: Value,
    now: u64,
) -> GroupMessage {
    let mut content = json!({
        "OpType": kind as u8,
        "Operator_Account": operator,
        "MemberList": members,
    });
    if let (Some(c), Value::Object(more)) = (content.as_object_mut(), extra) {
        c.extend(more);
    }
    GroupMessage {
        need_read_receipt: false,
        group_id: group.to_owned(),
        seq: 0,
        from: SYSTEM_SENDER.to_owned(),
        random: 0,
        time: now,
        priority: Priority::High,
        msg_body: vec![MsgElem {
            msg_type: "TIMGroupTipElem".into(),
            msg_content: content,
        }],
        cloud_custom_data: String::new(),
        at_list: Vec::new(),
        nick: String::new(),
        avatar: String::new(),
        name_card: String::new(),
        recalled: false,
        online_only: false,
        topic_id: None,
    }
}

/// `GroupSystemNotice.OpType`, as `@tencentcloud/chat`'s `GRP_SYS_*` numbers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    JoinRequest = 1,
    JoinAccepted = 2,
    JoinRefused = 3,
    KickedOut = 4,
    Dismissed = 5,
    Created = 6,
    Quit = 8,
    SetAdmin = 9,
    CancelAdmin = 10,
    /// edgechat's own: the group's attributes changed (`GROUP_ATTRIBUTES_UPDATED`).
    AttributesUpdated = 101,
    /// edgechat's own: some of the group's counters changed (`GROUP_COUNTER_UPDATED`).
    CountersUpdated = 102,
    /// edgechat's own: members read messages of the receiver that asked for read receipts
    /// (`MESSAGE_READ_RECEIPT_RECEIVED`).
    ReadReceipts = 103,
    /// edgechat's own: a message was pinned or unpinned (`PINNED_GROUP_MESSAGE_UPDATED`).
    MessagePinned = 104,
    /// edgechat's own: a Community topic was created (`TOPIC_CREATED`).
    TopicCreated = 105,
    /// edgechat's own: Community topics were deleted (`TOPIC_DELETED`).
    TopicDeleted = 106,
    /// edgechat's own: a Community topic's profile changed (`TOPIC_UPDATED`).
    TopicUpdated = 107,
    /// edgechat's own: a message's extensions were set, deleted or cleared
    /// (`MESSAGE_EXTENSIONS_UPDATED` / `MESSAGE_EXTENSIONS_DELETED`).
    ExtensionsUpdated = 108,
    /// edgechat's own: a member added or removed a reaction (`MESSAGE_REACTIONS_UPDATED`).
    ReactionsUpdated = 109,
    Custom = 255,
}

/// A system notice for some users: delivered live, not stored, no SEQ.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub to: Vec<UserId>,
    /// For every member (`to` is then empty): it goes to the group's room.
    pub everyone: bool,
    pub body: Value,
}

pub fn notice(
    group: &str,
    ty: GroupType,
    kind: NoticeKind,
    operator: &str,
    to: Vec<UserId>,
    extra: Value,
) -> Notice {
    let mut body = json!({
        "OpType": kind as u8,
        "GroupId": group,
        "GroupType": ty,
        "Operator_Account": operator,
    });
    if let (Some(b), Value::Object(more)) = (body.as_object_mut(), extra) {
        b.extend(more);
    }
    Notice {
        to,
        everyone: false,
        body,
    }
}

/// A notice for every member, without listing them.
pub fn notice_to_everyone(
    group: &str,
    ty: GroupType,
    kind: NoticeKind,
    operator: &str,
    extra: Value,
) -> Notice {
    Notice {
        everyone: true,
        ..notice(group, ty, kind, operator, Vec::new(), extra)
    }
}
