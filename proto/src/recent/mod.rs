//! A user's conversation settings as the server keeps them (Tencent's `recentcontact`):
//! pinned conversations, standard and custom marks, custom data and conversation groups, with
//! Tencent's limits and codes. Pure rules: the worker stores the state and the engine shows it.

use crate::codes;
use crate::group::{GroupId, MsgFlag};
use crate::{ImError, UserId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most 50 conversations are pinned (51012).
pub const MAX_PINNED: usize = 50;
/// Marks, custom data and groups are set on at most 1,000 conversations in all (51008).
pub const MAX_CONTACTS: usize = 1000;
/// At most 20 conversation groups (51010).
pub const MAX_GROUPS: usize = 20;
/// A group name is 1..=32 bytes (51011).
pub const MAX_GROUP_NAME_BYTES: usize = 32;
/// Custom data (REST `CustomMark`) is at most 256 bytes.
pub const MAX_CUSTOM_DATA_BYTES: usize = 256;
/// Conversations per mark or group call.
pub const MAX_PER_CALL: usize = 100;
/// The longest period of a receive option for all messages.
const DAY: u64 = 24 * 60 * 60;

fn coded(code: u32, why: impl Into<String>) -> ImError {
    ImError::Coded(code, why.into())
}

fn invalid(why: impl Into<String>) -> ImError {
    coded(codes::RECENT_INVALID_PARAMETER, why)
}

/// Checks a conversation ID (`C2C<userID>` or `GROUP<groupID>`) and returns it.
pub fn contact_id(raw: &str) -> Result<String, ImError> {
    let ok = if let Some(user) = raw.strip_prefix("C2C") {
        UserId::parse(user).map(|_| ())
    } else if let Some(group) = raw.strip_prefix("GROUP") {
        GroupId::parse(group).map(|_| ())
    } else {
        Err(invalid("it is neither C2C<userID> nor GROUP<groupID>"))
    };
    ok.map(|()| raw.to_owned())
        .map_err(|e| invalid(format!("conversation {raw:?}: {e}")))
}

/// A conversation ID as a REST `ContactItem` (`{Type: 1, To_Account}` / `{Type: 2, ToGroupId}`).
pub fn contact_item(id: &str) -> serde_json::Value {
    match id.strip_prefix("C2C") {
        Some(user) => serde_json::json!({ "Type": 1, "To_Account": user }),
        None => {
            serde_json::json!({ "Type": 2, "ToGroupId": id.strip_prefix("GROUP").unwrap_or(id) })
        }
    }
}

/// Tencent's `StandardMark`: the set bits as a binary string, highest first ("" for none).
pub fn standard_mark(marks: u64) -> String {
    if marks == 0 {
        String::new()
    } else {
        format!("{marks:b}")
    }
}

/// The settings of one conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactSettings {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// Bit n set: mark n is on (the SDK's mark type 2^n).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub marks: u64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub custom_data: String,
    /// The IDs of the conversation groups it is in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<u32>,
    /// A one-to-one conversation's receive option (`setMessageRemindType` with `userIDList`);
    /// none: AcceptAndNotify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind: Option<MsgFlag>,
    /// When the settings last changed (unix seconds).
    #[serde(default)]
    pub time: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl ContactSettings {
    /// Counted against the 1,000-conversation limit (pins have their own).
    fn counts(&self) -> bool {
        self.marks != 0 || !self.custom_data.is_empty() || !self.groups.is_empty()
    }

    fn is_empty(&self) -> bool {
        !self.pinned && !self.counts() && self.remind.is_none()
    }

    fn same_as(&self, other: &ContactSettings) -> bool {
        self.pinned == other.pinned
            && self.remind == other.remind
            && self.marks == other.marks
            && self.custom_data == other.custom_data
            && self.groups == other.groups
    }
}

/// A conversation group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactGroup {
    pub id: u32,
    pub name: String,
}

/// Everything one user has set on their conversations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecentState {
    /// By conversation ID; conversations with nothing set are not kept.
    #[serde(default)]
    pub contacts: BTreeMap<String, ContactSettings>,
    /// In the order they were made.
    #[serde(default)]
    pub groups: Vec<ContactGroup>,
    /// The ID the next group gets (IDs are never reused).
    #[serde(default)]
    pub next_group_id: u32,
    /// The receive option for all messages (`setAllReceiveMessageOpt`); none: receive and notify.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub all_receive: Option<AllReceiveOpt>,
}

/// The receive option for all of a user's messages, for a daily (or a one-off) period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AllReceiveOpt {
    /// AcceptAndNotify or AcceptNotNotify.
    pub flag: MsgFlag,
    /// Unix seconds.
    pub start_time: u64,
    pub end_time: u64,
    /// Every day at the same time, or once.
    pub is_repeated: bool,
}

/// Checks a conversation group's name.
fn group_name(name: &str) -> Result<&str, ImError> {
    if name.is_empty() || name.len() > MAX_GROUP_NAME_BYTES {
        return Err(coded(
            codes::CONTACT_GROUP_NAME,
            format!(
                "a conversation group name is 1..={MAX_GROUP_NAME_BYTES} bytes, {name:?} has {}",
                name.len()
            ),
        ));
    }
    Ok(name)
}

impl RecentState {
    /// The settings of conversation `id` (defaults when none are set).
    pub fn get(&self, id: &str) -> ContactSettings {
        self.contacts.get(id).cloned().unwrap_or_default()
    }

    /// Changes conversation `id`'s settings with `change`, within the limits; whether anything
    /// changed. A refused change stores nothing.
    fn write(
        &mut self,
        id: &str,
        now: u64,
        change: impl FnOnce(&mut ContactSettings),
    ) -> Result<bool, ImError> {
        let before = self.get(id);
        let mut after = before.clone();
        change(&mut after);
        if after.same_as(&before) {
            return Ok(false);
        }
        if after.counts() && !before.counts() {
            let counted = self.contacts.values().filter(|s| s.counts()).count();
            if counted >= MAX_CONTACTS {
                return Err(coded(
                    codes::RECENT_CONTACTS_FULL,
                    format!("marks, custom data and groups are set on {MAX_CONTACTS} conversations already"),
                ));
            }
        }
        if after.pinned && !before.pinned {
            let pinned = self.contacts.values().filter(|s| s.pinned).count();
            if pinned >= MAX_PINNED {
                return Err(coded(
                    codes::PINNED_FULL,
                    format!("{MAX_PINNED} conversations are pinned already"),
                ));
            }
        }
        if after.is_empty() {
            self.contacts.remove(id);
        } else {
            after.time = now;
            self.contacts.insert(id.to_owned(), after);
        }
        Ok(true)
    }

    /// Pins or unpins a conversation.
    pub fn pin(&mut self, id: &str, pinned: bool, now: u64) -> Result<bool, ImError> {
        self.write(id, now, |s| s.pinned = pinned)
    }

    /// Sets the marks in `set` and clears those in `clear` (bit masks).
    pub fn mark(&mut self, id: &str, set: u64, clear: u64, now: u64) -> Result<bool, ImError> {
        self.write(id, now, |s| s.marks = (s.marks & !clear) | set)
    }

    /// Sets (or with `""` clears) a conversation's custom data.
    pub fn set_custom_data(&mut self, id: &str, data: &str, now: u64) -> Result<bool, ImError> {
        if data.len() > MAX_CUSTOM_DATA_BYTES {
            return Err(invalid(format!(
                "custom data is at most {MAX_CUSTOM_DATA_BYTES} bytes, got {}",
                data.len()
            )));
        }
        self.write(id, now, |s| s.custom_data = data.to_owned())
    }

    /// The ID of the group named `name`.
    pub fn group_id(&self, name: &str) -> Result<u32, ImError> {
        self.groups
            .iter()
            .find(|g| g.name == name)
            .map(|g| g.id)
            .ok_or_else(|| {
                coded(
                    codes::CONTACT_GROUP_NOT_FOUND,
                    format!("there is no conversation group {name:?}"),
                )
            })
    }

    /// The names of groups `ids`, in the groups' order (unknown IDs are skipped).
    pub fn group_names(&self, ids: &[u32]) -> Vec<String> {
        (self.groups.iter())
            .filter(|g| ids.contains(&g.id))
            .map(|g| g.name.clone())
            .collect()
    }

    /// Makes an empty group; its ID.
    pub fn create_group(&mut self, name: &str) -> Result<u32, ImError> {
        let name = group_name(name)?;
        if self.groups.iter().any(|g| g.name == name) {
            return Err(invalid(format!(
                "a conversation group named {name:?} exists already"
            )));
        }
        if self.groups.len() >= MAX_GROUPS {
            return Err(coded(
                codes::CONTACT_GROUPS_FULL,
                format!("there are {MAX_GROUPS} conversation groups already"),
            ));
        }
        self.next_group_id = self.next_group_id.max(1);
        let id = self.next_group_id;
        self.next_group_id += 1;
        self.groups.push(ContactGroup {
            id,
            name: name.to_owned(),
        });
        Ok(id)
    }

    /// Deletes a group (its conversations stay, out of it); its ID.
    pub fn delete_group(&mut self, name: &str) -> Result<u32, ImError> {
        let id = self.group_id(name)?;
        self.groups.retain(|g| g.id != id);
        for s in self.contacts.values_mut() {
            s.groups.retain(|g| *g != id);
        }
        self.contacts.retain(|_, s| !s.is_empty());
        Ok(id)
    }

    /// Renames a group; its ID.
    pub fn rename_group(&mut self, old: &str, new: &str) -> Result<u32, ImError> {
        let id = self.group_id(old)?;
        let new = group_name(new)?;
        if old != new && self.groups.iter().any(|g| g.name == new) {
            return Err(invalid(format!(
                "a conversation group named {new:?} exists already"
            )));
        }
        if let Some(g) = self.groups.iter_mut().find(|g| g.id == id) {
            g.name = new.to_owned();
        }
        Ok(id)
    }

    /// Puts conversation `id` into group `group` (by ID).
    pub fn add_to_group(&mut self, group: u32, id: &str, now: u64) -> Result<bool, ImError> {
        self.write(id, now, |s| {
            if !s.groups.contains(&group) {
                s.groups.push(group);
            }
        })
    }

    /// Sets a one-to-one conversation's receive option (any but AcceptNotNotifyExceptAt,
    /// which is for groups).
    pub fn set_remind(&mut self, id: &str, flag: MsgFlag, now: u64) -> Result<bool, ImError> {
        if !id.starts_with("C2C") || flag == MsgFlag::AcceptNotNotifyExceptAt {
            return Err(invalid(format!(
                "{id}: a one-to-one conversation's receive option is AcceptAndNotify, AcceptNotNotify or Discard"
            )));
        }
        let remind = Some(flag).filter(|f| *f != MsgFlag::AcceptAndNotify);
        self.write(id, now, |s| s.remind = remind)
    }

    /// Sets the receive option for all messages: AcceptAndNotify or AcceptNotNotify, from
    /// `start_time` for at most a day.
    pub fn set_all_receive(&mut self, opt: AllReceiveOpt) -> Result<(), ImError> {
        if !matches!(
            opt.flag,
            MsgFlag::AcceptAndNotify | MsgFlag::AcceptNotNotify
        ) {
            return Err(invalid(
                "the receive option for all messages is AcceptAndNotify or AcceptNotNotify",
            ));
        }
        if opt.end_time < opt.start_time || opt.end_time - opt.start_time > DAY {
            return Err(invalid(format!(
                "the period runs from startTime to at most a day later; got {}..{}",
                opt.start_time, opt.end_time
            )));
        }
        self.all_receive = Some(opt);
        Ok(())
    }

    /// Takes conversation `id` out of group `group`.
    pub fn remove_from_group(&mut self, group: u32, id: &str, now: u64) -> Result<bool, ImError> {
        self.write(id, now, |s| s.groups.retain(|g| *g != group))
    }
}

#[cfg(test)]
mod tests;
