//! A group's records as stored: the profile, members and join applications, with the
//! profile's length limits and Tencent's REST field names.

use edgechat_proto::codes;
use edgechat_proto::group::{ApplyJoinOption, GroupId, GroupType, MsgFlag, Role};
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub const MAX_NAME_BYTES: usize = 30;
pub const MAX_INTRODUCTION_BYTES: usize = 240;
pub const MAX_NOTIFICATION_BYTES: usize = 300;
pub const MAX_FACE_URL_BYTES: usize = 100;
pub const MAX_NAME_CARD_BYTES: usize = 50;

/// Checks a text field's length: 10004 with the field, its length and the limit.
pub fn check_len(field: &str, value: &str, max: usize) -> Result<(), ImError> {
    if value.len() > max {
        return Err(ImError::Coded(
            codes::INVALID_PARAMETER,
            format!("{field} is {} bytes; at most {max}", value.len()),
        ));
    }
    Ok(())
}

/// `MuteAllMember`: `On` or `Off`.
pub fn mute_all_flag(value: &str) -> Result<bool, ImError> {
    match value {
        "On" => Ok(true),
        "Off" => Ok(false),
        _ => Err(ImError::Coded(
            codes::INVALID_PARAMETER,
            "MuteAllMember must be On or Off".into(),
        )),
    }
}

/// The group profile (群基础资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupProfile {
    pub group_id: GroupId,
    #[serde(rename = "type")]
    pub ty: GroupType,
    pub name: String,
    pub introduction: String,
    pub notification: String,
    pub face_url: String,
    /// None once the owner of a Work group quits.
    pub owner: Option<UserId>,
    pub create_time: u64,
    pub info_seq: u64,
    pub last_info_time: u64,
    pub last_msg_time: u64,
    pub max_member_num: u32,
    pub apply_join_option: ApplyJoinOption,
    pub mute_all: bool,
    /// Work groups become visible to members with their first message.
    pub activated: bool,
    /// A Community created with `SupportTopic`: it holds topics.
    #[serde(default)]
    pub support_topic: bool,
    /// A Community whose rights come from permission groups (`EnablePermissionGroup`).
    #[serde(default)]
    pub enable_permission_group: bool,
    /// The community permission bits every member holds (`DefaultPermissions`).
    #[serde(default)]
    pub default_permissions: u64,
    /// Custom group fields (`AppDefinedData`).
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

impl GroupProfile {
    /// Tencent's `GroupInfo` fields (without members), given the counters the store keeps.
    pub fn to_rest(&self, next_msg_seq: u64, member_num: u32) -> Value {
        json!({
            "GroupId": self.group_id,
            "Type": self.ty,
            "Name": self.name,
            "Introduction": self.introduction,
            "Notification": self.notification,
            "FaceUrl": self.face_url,
            "Owner_Account": self.owner.as_ref().map_or("", |o| o.as_str()),
            "CreateTime": self.create_time,
            "InfoSeq": self.info_seq,
            "LastInfoTime": self.last_info_time,
            "LastMsgTime": self.last_msg_time,
            "NextMsgSeq": next_msg_seq,
            "MemberNum": member_num,
            "MaxMemberNum": self.max_member_num,
            "ApplyJoinOption": self.apply_join_option,
            "MuteAllMember": if self.mute_all { "On" } else { "Off" },
            "EnablePermissionGroup": u8::from(self.enable_permission_group),
            "DefaultPermissions": self.default_permissions,
        })
    }
}

/// One member (群成员资料).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Member {
    pub user: UserId,
    pub role: Role,
    pub join_time: u64,
    /// The member's read position (the SEQ of the last message read).
    pub msg_seq: u64,
    pub msg_flag: MsgFlag,
    pub last_send_time: u64,
    pub name_card: String,
    /// 0, or the unix time the member's mute ends.
    pub mute_until: u64,
    /// The group's SEQ when the member joined: earlier messages are hidden from them where
    /// the type does not show history from before joining.
    #[serde(default)]
    pub join_seq: u64,
    /// Custom member fields (`AppMemberDefinedData`).
    #[serde(default)]
    pub custom: BTreeMap<String, String>,
}

impl Member {
    pub fn new(user: UserId, role: Role, ty: GroupType, now: u64) -> Member {
        Member {
            user,
            role,
            join_time: now,
            msg_seq: 0,
            msg_flag: ty.default_msg_flag(),
            last_send_time: 0,
            name_card: String::new(),
            mute_until: 0,
            join_seq: 0,
            custom: BTreeMap::new(),
        }
    }

    pub fn muted_at(&self, now: u64) -> bool {
        self.mute_until > now
    }

    /// Tencent's `MemberList` entry.
    pub fn to_rest(&self) -> Value {
        json!({
            "Member_Account": self.user,
            "Role": self.role.as_str(),
            "JoinTime": self.join_time,
            "MsgSeq": self.msg_seq,
            "MsgFlag": self.msg_flag,
            "LastSendMsgTime": self.last_send_time,
            "NameCard": self.name_card,
            "MuteUntil": self.mute_until,
        })
    }
}

/// A pending join application.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub user: UserId,
    pub time: u64,
    pub message: String,
}

/// A Community topic: its own profile and message log (SEQ from 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Topic {
    pub topic_id: String,
    pub name: String,
    pub introduction: String,
    pub notification: String,
    pub face_url: String,
    pub custom_string: String,
    pub create_time: u64,
    pub mute_all: bool,
    /// The topic permission bits every member holds here (`DefaultPermissions`).
    #[serde(default)]
    pub default_permissions: u64,
}

impl Topic {
    /// Tencent's `TopicInfo` entry.
    pub fn to_rest(&self, next_msg_seq: u64) -> Value {
        json!({
            "TopicId": self.topic_id,
            "TopicName": self.name,
            "Introduction": self.introduction,
            "Notification": self.notification,
            "FaceUrl": self.face_url,
            "CustomString": self.custom_string,
            "CreateTime": self.create_time,
            "MuteAllMember": if self.mute_all { "On" } else { "Off" },
            "NextMsgSeq": next_msg_seq,
            "DefaultPermissions": self.default_permissions,
        })
    }
}
