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
