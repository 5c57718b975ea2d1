//! Conversation drafts (`setConversationDraft`): text kept on this device while the SDK runs,
//! as Tencent's Web SDK keeps them (never sent to the server), shown as each conversation's
//! `draftText`.

use super::conversations::c2c_peer;
use super::{Action, Call, ChatCore};
use edgechat_proto::ImError;
use serde_json::json;

/// The longest draft, in bytes (a message's body limit).
pub const MAX_DRAFT_BYTES: usize = 12 * 1024;

impl ChatCore {
    /// `setConversationDraft`: sets (or, with `''`, clears) the draft of a conversation in the
    /// list; the list is announced again with it.
    pub fn set_conversation_draft(
        &mut self,
        conversation_id: &str,
        text: &str,
    ) -> Result<Call, ImError> {
        self.me()?;
        if !self.has_conversation(conversation_id) {
            return Err(ImError::InvalidParameter(format!(
                "conversationID {conversation_id:?} is not in the conversation list"
            )));
        }
        if text.len() > MAX_DRAFT_BYTES {
            return Err(ImError::InvalidParameter(format!(
                "draftText has {} bytes, at most {MAX_DRAFT_BYTES}",
                text.len()
            )));
        }
        if text.is_empty() {
            self.drafts.remove(conversation_id);
        } else {
            self.drafts
                .insert(conversation_id.to_owned(), text.to_owned());
        }
        let key = self.key();
        let mut actions = vec![];
        self.conversations_changed(&mut actions);
        actions.push(Action::Resolve {
            key: key.clone(),
            data: json!({}),
        });
        Ok(Call { key, actions })
    }

    /// The draft of `conversation_id` ('' when none).
    pub(super) fn draft(&self, conversation_id: &str) -> &str {
        self.drafts.get(conversation_id).map_or("", String::as_str)
    }

    /// Whether `conversation_id` is in the conversation list here.
    pub(super) fn has_conversation(&self, conversation_id: &str) -> bool {
        if let Some(group) = conversation_id.strip_prefix("GROUP") {
            return self
                .groups
                .entries
                .get(group)
                .and_then(|e| e.info.as_ref())
                .is_some_and(|g| g.activated);
        }
        c2c_peer(conversation_id).is_ok_and(|p| self.c2c.conversations.contains_key(p.as_str()))
    }
}
