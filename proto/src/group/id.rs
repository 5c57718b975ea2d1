//! Group and topic IDs: validated newtypes, generated or custom, checked as Tencent checks them.

use super::{
    code, GroupType, COMMUNITY_PREFIX, GENERATED_PREFIX, MAX_GROUP_ID_BYTES, MAX_TOPIC_ID_BYTES,
    TOPIC_INFIX,
};
use crate::error::ImError;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// A group ID: 1..=48 bytes of printable ASCII (0x20–0x7e).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct GroupId(String);

impl GroupId {
    /// Checks the form every group ID has (lookups: 10015 when malformed).
    pub fn parse(raw: &str) -> Result<GroupId, ImError> {
        if raw.is_empty() || raw.len() > MAX_GROUP_ID_BYTES {
            return Err(code(
                10015,
                format!(
                    "GroupId must be 1..={MAX_GROUP_ID_BYTES} bytes, got {}",
                    raw.len()
                ),
            ));
        }
        if let Some(bad) = raw.bytes().find(|b| !(0x20..=0x7e).contains(b)) {
            return Err(code(
                10015,
                format!("GroupId {raw:?} has the byte 0x{bad:02x}; only printable ASCII (0x20-0x7e) is allowed"),
            ));
        }
        Ok(GroupId(raw.to_owned()))
    }

    /// Checks an ID chosen by the creator: not `@TGS#…` (the generated form), except that a
    /// Community's must start with `@TGS#_` (and not `@TGS#_@TGS#`, its generated form).
    pub fn custom(raw: &str, ty: GroupType) -> Result<GroupId, ImError> {
        let id = GroupId::parse(raw)?;
        let generated_community = format!("{COMMUNITY_PREFIX}{GENERATED_PREFIX}");
        match ty {
            GroupType::Community if !raw.starts_with(COMMUNITY_PREFIX) => Err(code(
                10004,
                format!("a Community's GroupId must start with {COMMUNITY_PREFIX:?}, got {raw:?}"),
            )),
            GroupType::Community if raw.starts_with(&generated_community) => Err(code(
                10004,
                format!("a custom Community GroupId must not start with {generated_community:?}"),
            )),
            GroupType::Community => Ok(id),
            _ if raw.starts_with(GENERATED_PREFIX) => Err(code(
                10004,
                format!("a custom GroupId must not start with {GENERATED_PREFIX:?} (the generated form), got {raw:?}"),
            )),
            _ => Ok(id),
        }
    }

    /// A generated ID from 64 bits of entropy: `@TGS#` and 12 characters of `[0-9A-Z]`
    /// (Community: `@TGS#_@TGS#…`).
    pub fn generate(ty: GroupType, mut entropy: u64) -> GroupId {
        const ALPHABET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut tail = String::with_capacity(12);
        for _ in 0..12 {
            tail.push(ALPHABET[(entropy % 36) as usize] as char);
            entropy /= 36;
        }
        let prefix = if ty == GroupType::Community {
            format!("{COMMUNITY_PREFIX}{GENERATED_PREFIX}")
        } else {
            GENERATED_PREFIX.to_owned()
        };
        GroupId(format!("{prefix}{tail}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for GroupId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        GroupId::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// Checks the form of any topic ID of `group` (generated or custom): `GroupId@TOPIC#_…`,
/// ≤ 96 bytes, printable ASCII.
pub fn check_topic_form(group: &GroupId, raw: &str) -> Result<(), ImError> {
    let prefix = format!("{group}{TOPIC_INFIX}");
    let ok = raw.len() > prefix.len()
        && raw.starts_with(&prefix)
        && raw.len() <= MAX_TOPIC_ID_BYTES
        && raw.bytes().all(|b| (0x20..=0x7e).contains(&b));
    if ok {
        Ok(())
    } else {
        Err(code(
            10004,
            format!("{raw:?} is not a topic ID of {group} (GroupId@TOPIC#_…, at most {MAX_TOPIC_ID_BYTES} bytes)"),
        ))
    }
}

/// Checks a custom topic ID: `GroupId@TOPIC#_custom`, ≤ 96 bytes, printable ASCII, belonging
/// to `group`, its own part free of `@TGS#_` and `@TOPIC#` (the generated form).
pub fn check_topic_id(group: &GroupId, raw: &str) -> Result<(), ImError> {
    let prefix = format!("{group}{TOPIC_INFIX}");
    let Some(own) = raw.strip_prefix(&prefix) else {
        return Err(code(
            10004,
            format!("TopicId {raw:?} must start with {prefix:?}"),
        ));
    };
    if own.is_empty() || raw.len() > MAX_TOPIC_ID_BYTES {
        return Err(code(
            10004,
            format!(
                "TopicId must have its own part and be at most {MAX_TOPIC_ID_BYTES} bytes, got {}",
                raw.len()
            ),
        ));
    }
    if own.contains(COMMUNITY_PREFIX) || own.contains(TOPIC_INFIX) || own.contains("@TOPIC#") {
        return Err(code(
            10004,
            format!("TopicId's own part {own:?} must not contain @TGS#_ or @TOPIC#"),
        ));
    }
    if own.bytes().any(|b| !(0x20..=0x7e).contains(&b)) {
        return Err(code(10004, "TopicId must be printable ASCII (0x20-0x7e)"));
    }
    Ok(())
}
