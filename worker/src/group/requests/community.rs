//! The Community commands' request bodies (permission groups and topics) with Tencent's field
//! names, parsed once at the edge (`requests::typed`: a missing required field or a wrong type is
//! 10004 naming it), and the rules in `pmg` and `topics` take these typed values.

use serde::Deserialize;

/// The fields of a permission group `create_permission_group` sets and
/// `modify_permission_group` changes.
#[derive(Debug, Default, Deserialize)]
pub struct PermissionGroupFields {
    #[serde(rename = "PermissionGroupName", default)]
    pub name: Option<String>,
    #[serde(rename = "Permission", default)]
    pub permission: Option<u64>,
    #[serde(rename = "CustomString", default)]
    pub custom_string: Option<String>,
}

/// `create_permission_group`.
#[derive(Debug, Default, Deserialize)]
pub struct CreatePermissionGroup {
    /// A custom ID (`@TGS#_...`), or none for a generated one.
    #[serde(rename = "PermissionGroupId", default)]
    pub id: Option<String>,
    #[serde(flatten)]
    pub fields: PermissionGroupFields,
}

/// `modify_permission_group`: the fields given change.
#[derive(Debug, Deserialize)]
pub struct ModifyPermissionGroup {
    #[serde(rename = "PermissionGroupId")]
    pub id: String,
    #[serde(flatten)]
    pub fields: PermissionGroupFields,
}

/// `destroy_permission_group` (the list is required) and `get_permission_group` (absent or
/// empty: all).
#[derive(Debug, Deserialize)]
pub struct PermissionGroupIds {
    #[serde(rename = "PermissionGroupIdList", default)]
    pub ids: Option<Vec<String>>,
}

/// A member given as `"id"` or `{"Member_Account": "id"}`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum MemberItem {
    Id(String),
    Member {
        #[serde(rename = "Member_Account")]
        account: String,
    },
}

impl MemberItem {
    pub fn account(&self) -> &str {
        match self {
            MemberItem::Id(s) | MemberItem::Member { account: s } => s,
        }
    }
}

/// `add_permission_group_member` and `delete_permission_group_member`.
#[derive(Debug, Deserialize)]
pub struct PermissionGroupMembers {
    #[serde(rename = "PermissionGroupId")]
    pub id: String,
    #[serde(rename = "MemberList")]
    pub members: Vec<MemberItem>,
}

/// `get_permission_group_member_list`: a page from `Next` (an offset), `Limit` at most.
#[derive(Debug, Deserialize)]
pub struct PermissionGroupMemberList {
    #[serde(rename = "PermissionGroupId")]
    pub id: String,
    #[serde(rename = "Next", default)]
    pub next: Option<String>,
    #[serde(rename = "Limit", default)]
    pub limit: Option<u64>,
}

/// One topic's permission mask.
#[derive(Debug, Deserialize)]
pub struct TopicPermission {
    #[serde(rename = "TopicId", default)]
    pub topic_id: String,
    #[serde(rename = "Permission", default)]
    pub permission: Option<u64>,
}

/// `add_topic_permission_group` and `set_topic_permission_group`.
#[derive(Debug, Deserialize)]
pub struct TopicPermissions {
    #[serde(rename = "PermissionGroupId")]
    pub id: String,
    #[serde(rename = "TopicPermissionList")]
    pub list: Vec<TopicPermission>,
}

/// `delete_topic_permission_group` (the list is required) and `get_topic_permission_group`
/// (absent or empty: all).
#[derive(Debug, Deserialize)]
pub struct PermissionGroupTopics {
    #[serde(rename = "PermissionGroupId")]
    pub id: String,
    #[serde(rename = "TopicIdList", default)]
    pub topics: Option<Vec<String>>,
}

/// `create_topic`.
#[derive(Debug, Default, Deserialize)]
pub struct CreateTopic {
    /// A custom ID (`{GroupId}@TOPIC#_...`), or none for a generated one.
    #[serde(rename = "TopicId", default)]
    pub id: Option<String>,
    #[serde(flatten)]
    pub fields: TopicFields,
}

/// The fields of a topic `create_topic` sets and `modify_topic` changes.
#[derive(Debug, Default, Deserialize)]
pub struct TopicFields {
    #[serde(rename = "TopicName", default)]
    pub name: Option<String>,
    #[serde(rename = "Introduction", default)]
    pub introduction: Option<String>,
    #[serde(rename = "Notification", default)]
    pub notification: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    pub face_url: Option<String>,
    #[serde(rename = "CustomString", default)]
    pub custom_string: Option<String>,
    #[serde(rename = "DefaultPermissions", default)]
    pub default_permissions: Option<u64>,
}

/// `modify_topic`.
#[derive(Debug, Deserialize)]
pub struct ModifyTopic {
    #[serde(rename = "TopicId")]
    pub id: String,
    #[serde(flatten)]
    pub fields: TopicFields,
    /// `On` or `Off`.
    #[serde(rename = "MuteAllMember", default)]
    pub mute_all: Option<String>,
}

/// `get_topic` (absent: all) and `destroy_topic` (required).
#[derive(Debug, Deserialize)]
pub struct TopicIds {
    #[serde(rename = "TopicIdList", default)]
    pub ids: Option<Vec<String>>,
}
