//! The profile family's request bodies: `modify_group_base_info`, `modify_group_member_info`,
//! `get_group_info`, `get_group_member_info`, `get_role_in_group`.

use serde::Deserialize;

/// `modify_group_base_info`'s profile fields (each absent or null one stays as it is).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ProfileChanges {
    #[serde(rename = "Name", default)]
    pub name: Option<String>,
    #[serde(rename = "Introduction", default)]
    pub introduction: Option<String>,
    #[serde(rename = "Notification", default)]
    pub notification: Option<String>,
    #[serde(rename = "FaceUrl", default)]
    pub face_url: Option<String>,
    #[serde(rename = "ApplyJoinOption", default)]
    pub apply_join_option: Option<String>,
    /// `On` or `Off`; `ShutUpAllMember` is the old name.
    #[serde(rename = "MuteAllMember", default)]
    pub mute_all_member: Option<String>,
    #[serde(rename = "ShutUpAllMember", default)]
    pub shut_up_all_member: Option<String>,
    #[serde(rename = "MaxMemberNum", default)]
    pub max_member_num: Option<u32>,
    /// 1 turns permission groups on (Community).
    #[serde(rename = "EnablePermissionGroup", default)]
    pub enable_permission_group: Option<u64>,
    #[serde(rename = "DefaultPermissions", default)]
    pub default_permissions: Option<u64>,
}

/// `modify_group_member_info`'s member fields.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct MemberChanges {
    #[serde(rename = "NameCard", default)]
    pub name_card: Option<String>,
    #[serde(rename = "MsgFlag", default)]
    pub msg_flag: Option<String>,
    #[serde(rename = "Role", default)]
    pub role: Option<String>,
    /// Seconds; `MuteTime` is the newer name.
    #[serde(rename = "ShutUpTime", default)]
    pub shut_up_time: Option<u64>,
    #[serde(rename = "MuteTime", default)]
    pub mute_time: Option<u64>,
}

/// `ResponseFilter`'s lists of custom keys (absent: every key the caller may read).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct ResponseFilter {
    #[serde(rename = "AppDefinedDataFilter_Group", default)]
    pub group_keys: Option<Vec<String>>,
    #[serde(rename = "AppDefinedDataFilter_GroupMember", default)]
    pub member_keys: Option<Vec<String>>,
}

/// `get_group_info` for one group (the REST route splits `GroupIdList`).
#[derive(Debug, Default, Deserialize)]
pub struct GetGroupInfo {
    #[serde(rename = "ResponseFilter", default)]
    pub filter: ResponseFilter,
}

/// `get_group_member_info`: a page of members, optionally of some roles.
#[derive(Debug, Default, Deserialize)]
pub struct GetMemberInfo {
    #[serde(rename = "Limit", default)]
    pub limit: Option<u64>,
    #[serde(rename = "Offset", default)]
    pub offset: Option<u64>,
    #[serde(rename = "MemberRoleFilter", default)]
    pub roles: Option<Vec<String>>,
    #[serde(rename = "ResponseFilter", default)]
    pub filter: ResponseFilter,
}

/// `get_role_in_group`.
#[derive(Debug, Deserialize)]
pub struct RoleLookup {
    #[serde(rename = "User_Account")]
    pub users: super::Accounts,
}

/// `modify_group_member_info`'s member.
#[derive(Debug, Deserialize)]
pub struct MemberOf {
    #[serde(rename = "Member_Account")]
    pub user: edgechat_proto::UserId,
}
