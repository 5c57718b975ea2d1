//! What members add to a message after it was sent: key-value extensions (Tencent's
//! `set_key_values`, with a version per key so concurrent writers do not overwrite each other)
//! and reactions (a user list per reaction ID). Pure rules with Tencent's limits and codes; the
//! group object and the user objects store the state, the engine shows it.

mod extensions;
mod reactions;

pub use extensions::{
    ExtOp, Extension, ExtensionItem, ExtensionPage, ExtensionResult, Extensions, MAX_KEYS,
    MAX_KEY_BYTES, MAX_PAGE, MAX_PER_CALL, MAX_VALUE_BYTES,
};
pub use reactions::{
    ReactionSummary, Reactions, MAX_PARTIAL_USERS, MAX_REACTIONS, MAX_REACTION_ID_BYTES, MAX_USERS,
    MAX_USER_PAGE,
};

use serde::{Deserialize, Serialize};

/// The body of an extension or reaction command, group (`MsgSeq`, `TopicId`, `MsgSeqList`)
/// or one to one (`MsgKey`, `MsgKeyList`), in Tencent's REST field names.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExtrasRequest {
    #[serde(rename = "TopicId", default)]
    pub topic: Option<String>,
    #[serde(rename = "MsgSeq", default)]
    pub seq: Option<u64>,
    #[serde(rename = "MsgKey", default)]
    pub key: String,
    #[serde(rename = "OperateType", default)]
    pub op: Option<u64>,
    #[serde(rename = "ExtensionList", default)]
    pub extensions: Vec<ExtensionItem>,
    #[serde(rename = "StartSeq", default)]
    pub start: u64,
    #[serde(rename = "ReactionId", default)]
    pub reaction: String,
    #[serde(rename = "MsgSeqList", default)]
    pub seqs: Vec<u64>,
    #[serde(rename = "MsgKeyList", default)]
    pub keys: Vec<String>,
    /// Users per reaction (`get_reactions`, 0..=10) or per page (`get_reaction_users`, ≤ 100).
    #[serde(rename = "Count", default)]
    pub count: Option<usize>,
    #[serde(rename = "NextSeq", default)]
    pub next: usize,
}

/// One message's extras, stored beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageExtras {
    #[serde(default)]
    pub extensions: Extensions,
    #[serde(default)]
    pub reactions: Reactions,
}

impl MessageExtras {
    /// Nothing to keep: no extension ever set and no reaction.
    pub fn is_empty(&self) -> bool {
        self == &MessageExtras::default()
    }
}

#[cfg(test)]
mod tests;
