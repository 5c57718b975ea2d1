//! The membership family's request bodies: adding, removing and muting members, ownership,
//! applications and imports.

use super::Accounts;
use edgechat_proto::message::MsgElem;
use edgechat_proto::UserId;
use serde::Deserialize;

/// `Silence: 1` (no tip for the change).
fn silent(flag: Option<u64>) -> bool {
    flag == Some(1)
}

/// `add_group_member`.
#[derive(Debug, Deserialize)]
pub struct AddMembers {
    #[serde(rename = "MemberList")]
    pub members: Accounts,
    #[serde(rename = "Silence", default)]
    silence: Option<u64>,
}

impl AddMembers {
    pub fn silent(&self) -> bool {
        silent(self.silence)
    }
}

/// `delete_group_member`.
#[derive(Debug, Deserialize)]
pub struct DeleteMembers {
    #[serde(rename = "MemberToDel_Account")]
    pub members: Accounts,
    #[serde(rename = "Reason", default)]
    pub reason: Option<String>,
    #[serde(rename = "Silence", default)]
    silence: Option<u64>,
}

impl DeleteMembers {
    pub fn silent(&self) -> bool {
        silent(self.silence)
    }
}

/// `forbid_send_msg`: seconds to mute for (`MuteTime`, or the older `ShutUpTime`); 0 unmutes.
#[derive(Debug, Deserialize)]
pub struct MuteMembers {
    #[serde(rename = "Members_Account")]
    pub members: Accounts,
    #[serde(rename = "MuteTime", default)]
    pub mute_time: Option<u64>,
    #[serde(rename = "ShutUpTime", default)]
    pub shut_up_time: Option<u64>,
}

/// `change_group_owner`.
#[derive(Debug, Deserialize)]
pub struct ChangeOwner {
    #[serde(rename = "NewOwner_Account")]
    pub new_owner: UserId,
}

/// `apply_join_group` (a client's).
#[derive(Debug, Default, Deserialize)]
pub struct ApplyJoin {
    #[serde(rename = "ApplyMsg", default)]
    pub message: Option<String>,
}

/// `handle_group_application`'s decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Decision {
    Agree,
    Reject,
}

/// `handle_group_application`.
#[derive(Debug, Deserialize)]
pub struct HandleApplication {
    #[serde(rename = "Applicant_Account")]
    pub applicant: UserId,
    #[serde(rename = "HandleResult")]
    pub decision: Decision,
    #[serde(rename = "Reason", default)]
    pub reason: Option<String>,
}

/// One member of `import_group_member`.
#[derive(Debug, Clone, Deserialize)]
pub struct ImportedMember {
    #[serde(rename = "Member_Account")]
    pub user: UserId,
    /// `Member` or `Admin` (absent: `Member`).
    #[serde(rename = "Role", default)]
    pub role: Option<String>,
    /// Unix seconds (absent: now).
    #[serde(rename = "JoinTime", default)]
    pub join_time: Option<u64>,
}

/// `import_group_member`.
#[derive(Debug, Deserialize)]
pub struct ImportMembers {
    #[serde(rename = "MemberList")]
    pub members: Vec<ImportedMember>,
}

/// One message of `import_group_msg`.
#[derive(Debug, Clone, Deserialize)]
pub struct ImportedMessage {
    #[serde(rename = "From_Account")]
    pub from: UserId,
    /// Unix seconds.
    #[serde(rename = "SendTime")]
    pub send_time: u64,
    #[serde(rename = "MsgBody")]
    pub body: Vec<MsgElem>,
    #[serde(rename = "Random", default)]
    pub random: Option<u32>,
}

/// `import_group_msg`.
#[derive(Debug, Deserialize)]
pub struct ImportMessages {
    #[serde(rename = "MsgList")]
    pub messages: Vec<ImportedMessage>,
}
