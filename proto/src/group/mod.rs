//! Groups on the wire: the five types, roles, options, validated group IDs and the group
//! message, named as Tencent names them (REST and `@tencentcloud/chat`).

mod id;

pub use id::{check_topic_form, check_topic_id, GroupId};

use crate::error::ImError;
use crate::message::MsgElem;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Longest group ID, in bytes.
pub const MAX_GROUP_ID_BYTES: usize = 48;
/// Longest topic ID (`GroupId@TOPIC#_custom`), in bytes.
pub const MAX_TOPIC_ID_BYTES: usize = 96;
/// The prefix of every generated group ID.
pub const GENERATED_PREFIX: &str = "@TGS#";
/// The prefix every Community ID starts with.
pub const COMMUNITY_PREFIX: &str = "@TGS#_";
/// What separates a topic's community from its own part.
pub const TOPIC_INFIX: &str = "@TOPIC#_";
/// The sender of group tips.
pub const SYSTEM_SENDER: &str = "@TIM#SYSTEM";

fn code(c: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(c, why.into())
}

/// The five group types. `Private` and `ChatRoom` are the old names of Work and Meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GroupType {
    Work,
    Public,
    Meeting,
    AvChatRoom,
    Community,
}

impl GroupType {
    pub const ALL: [GroupType; 5] = [
        GroupType::Work,
        GroupType::Public,
        GroupType::Meeting,
        GroupType::AvChatRoom,
        GroupType::Community,
    ];

    /// Reads a REST or SDK type name (`Work`/`Private`, `Public`, `Meeting`/`ChatRoom`,
    /// `AVChatRoom`, `Community`).
    pub fn parse(raw: &str) -> Result<GroupType, ImError> {
        Ok(match raw {
            "Work" | "Private" => GroupType::Work,
            "Public" => GroupType::Public,
            "Meeting" | "ChatRoom" => GroupType::Meeting,
            "AVChatRoom" => GroupType::AvChatRoom,
            "Community" => GroupType::Community,
            other => {
                return Err(code(
                    10004,
                    format!(
                        "Type {other:?} is not a group type: use Work, Public, Meeting, AVChatRoom or Community"
                    ),
                ))
            }
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::Work => "Work",
            GroupType::Public => "Public",
            GroupType::Meeting => "Meeting",
            GroupType::AvChatRoom => "AVChatRoom",
            GroupType::Community => "Community",
        }
    }

    /// The member cap a group gets when it is created without `MaxMemberNum`.
    pub fn default_max_members(self) -> u32 {
        match self {
            GroupType::AvChatRoom => u32::MAX,
            GroupType::Community => 100_000,
            _ => 200,
        }
    }

    /// The highest `MaxMemberNum` allowed (the paid ceilings of the seed).
    pub fn max_members_ceiling(self) -> u32 {
        match self {
            GroupType::AvChatRoom => u32::MAX,
            GroupType::Community => 100_000,
            _ => 6000,
        }
    }

    /// Messages are stored and take a SEQ (all but AVChatRoom).
    pub fn stores_messages(self) -> bool {
        self != GroupType::AvChatRoom
    }

    /// Messages may ask for read receipts (Work, Public: the types with read positions that
    /// Tencent's receipts support; not Community, Meeting or AVChatRoom).
    pub fn keeps_receipts(self) -> bool {
        matches!(self, GroupType::Work | GroupType::Public)
    }

    /// Unread messages are counted (Work, Public, Community).
    pub fn counts_unread(self) -> bool {
        matches!(
            self,
            GroupType::Work | GroupType::Public | GroupType::Community
        )
    }

    /// New members may read messages sent before they joined (Meeting and Community by
    /// default; configurable per app).
    pub fn history_before_join(self) -> bool {
        matches!(self, GroupType::Meeting | GroupType::Community)
    }

    /// Invisible to members other than the owner until its first message (Work).
    pub fn needs_activation(self) -> bool {
        self == GroupType::Work
    }

    /// How others may join when the creator says nothing.
    pub fn default_apply_option(self) -> ApplyJoinOption {
        match self {
            GroupType::Work => ApplyJoinOption::DisableApply,
            GroupType::Public => ApplyJoinOption::NeedPermission,
            _ => ApplyJoinOption::FreeAccess,
        }
    }

    /// The receive option a new member gets.
    pub fn default_msg_flag(self) -> MsgFlag {
        match self {
            GroupType::Meeting | GroupType::AvChatRoom => MsgFlag::AcceptNotNotify,
            _ => MsgFlag::AcceptAndNotify,
        }
    }
}

impl fmt::Display for GroupType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl GroupType {
    /// The name the REST API answers with (`Private` for Work, `ChatRoom` for Meeting).
    pub fn rest_name(self) -> &'static str {
        match self {
            GroupType::Work => "Private",
            GroupType::Meeting => "ChatRoom",
            other => other.as_str(),
        }
    }
}

impl Serialize for GroupType {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.rest_name())
    }
}

impl<'de> Deserialize<'de> for GroupType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        GroupType::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A member's role inside a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Admin,
    Member,
}

impl Role {
    pub fn parse(raw: &str) -> Result<Role, ImError> {
        match raw {
            "Owner" => Ok(Role::Owner),
            "Admin" => Ok(Role::Admin),
            "Member" => Ok(Role::Member),
            other => Err(code(
                10004,
                format!("Role {other:?} is not Owner, Admin or Member"),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "Owner",
            Role::Admin => "Admin",
            Role::Member => "Member",
        }
    }
}

/// Who may apply to join.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplyJoinOption {
    DisableApply,
    NeedPermission,
    FreeAccess,
}

impl ApplyJoinOption {
    pub fn parse(raw: &str) -> Result<Self, ImError> {
        serde_json::from_value(serde_json::Value::String(raw.to_owned())).map_err(|_| {
            code(
                10004,
                format!(
                    "ApplyJoinOption {raw:?} is not DisableApply, NeedPermission or FreeAccess"
                ),
            )
        })
    }
}

/// A member's receive option for one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MsgFlag {
    AcceptAndNotify,
    AcceptNotNotify,
    Discard,
    AcceptNotNotifyExceptAt,
}

impl MsgFlag {
    pub fn parse(raw: &str) -> Result<Self, ImError> {
        serde_json::from_value(serde_json::Value::String(raw.to_owned())).map_err(|_| {
            code(
                10004,
                format!("MsgFlag {raw:?} is not AcceptAndNotify, AcceptNotNotify, Discard or AcceptNotNotifyExceptAt"),
            )
        })
    }
}

/// A group message's priority under the per-group rate limit.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum Priority {
    High,
    #[default]
    Normal,
    Low,
    Lowest,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::High,
        Priority::Normal,
        Priority::Low,
        Priority::Lowest,
    ];

    pub fn parse(raw: &str) -> Result<Self, ImError> {
        serde_json::from_value(serde_json::Value::String(raw.to_owned())).map_err(|_| {
            code(
                10004,
                format!("MsgPriority {raw:?} is not High, Normal, Low or Lowest"),
            )
        })
    }
}

/// A group message as the group's log holds it and clients receive it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupMessage {
    pub group_id: String,
    /// The group's SEQ: from 1, +1 per stored message; 0 for messages never stored.
    pub seq: u64,
    /// The sender's UserID, or `@TIM#SYSTEM` for tips.
    pub from: String,
    pub random: u32,
    /// Server time, unix seconds.
    pub time: u64,
    #[serde(default)]
    pub priority: Priority,
    pub msg_body: Vec<MsgElem>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cloud_custom_data: String,
    /// UserIDs mentioned (`@TIM#AT_ALL` for everyone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at_list: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nick: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub avatar: String,
    /// The sender's name card in this group when it was sent.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_card: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub recalled: bool,
    /// Delivered to online members only and never stored (system notices, AVChatRoom).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub online_only: bool,
    /// The Community topic it belongs to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic_id: Option<String>,
    /// The sender asked for read receipts (`needReadReceipt`): it is told as members read it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub need_read_receipt: bool,
}

/// One of a user's groups as the user's object tracks it: the group conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JoinedGroup {
    pub group_id: String,
    #[serde(rename = "type")]
    pub ty: GroupType,
    #[serde(default)]
    pub name: String,
    pub join_time: u64,
    /// The newest SEQ the user's object has heard of.
    pub last_seq: u64,
    /// The user's read position.
    pub read_seq: u64,
    pub unread: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<GroupMessage>,
    pub msg_flag: MsgFlag,
    /// Unix seconds of the last activity.
    pub time: u64,
    /// False for a Work group its first message has not activated (hidden from members).
    #[serde(default = "activated_default")]
    pub activated: bool,
    /// `clearHistoryMessage`: this user sees none of the group's messages up to this SEQ.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub cleared_seq: u64,
}

fn activated_default() -> bool {
    true
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl JoinedGroup {
    /// Applies a message seen by `me` (newest SEQ, unread, last message), the same way on
    /// the server's copy and the engine's.
    pub fn on_message(&mut self, msg: &GroupMessage, me: &str) {
        let newer = msg.seq == 0 || msg.seq > self.last_seq;
        if msg.seq > self.last_seq {
            self.last_seq = msg.seq;
        }
        if !msg.is_tip() {
            self.activated = true;
        }
        // A profile tip that renames the group renames my row too.
        if let Some(name) = msg
            .msg_body
            .first()
            .filter(|e| e.msg_type == "TIMGroupTipElem")
            .and_then(|e| e.msg_content.get("GroupInfo")?.get("Name")?.as_str())
        {
            self.name = name.to_owned();
        }
        if msg.from == me {
            if msg.seq > 0 {
                self.read_seq = self.read_seq.max(msg.seq);
                self.unread = 0;
            }
        } else if newer
            && msg.seq > self.read_seq
            && !msg.is_tip()
            && self.ty.counts_unread()
            && self.msg_flag != MsgFlag::Discard
        {
            self.unread = self.unread.saturating_add(1).min(MAX_GROUP_UNREAD);
        }
        if newer {
            self.time = self.time.max(msg.time);
            self.last_message = Some(msg.clone());
        }
    }

    /// Marks the group read up to `seq`.
    pub fn on_read(&mut self, seq: u64) {
        let seq = seq.min(self.last_seq);
        if seq <= self.read_seq {
            return;
        }
        let newly = u32::try_from(seq - self.read_seq).unwrap_or(u32::MAX);
        self.read_seq = seq;
        self.unread = if seq >= self.last_seq {
            0
        } else {
            self.unread.saturating_sub(newly)
        };
    }
}

/// Unread messages counted per group (more are stored, not counted).
pub const MAX_GROUP_UNREAD: u32 = 999;

/// The mention that means every member.
pub const AT_ALL: &str = "@TIM#AT_ALL";

impl GroupMessage {
    /// A group tip (join, quit, profile change…) from the system sender.
    pub fn is_tip(&self) -> bool {
        self.from == SYSTEM_SENDER
    }

    /// Mentions `user` by name or through @all.
    pub fn mentions(&self, user: &str) -> bool {
        self.at_list.iter().any(|a| a == user || a == AT_ALL)
    }
}

#[cfg(test)]
mod tests;
