//! The JS bindings of message extensions and reactions: each takes the app's Message object
//! (as a [`MessageRef`]) and hands the call to the core.

use super::{call, js_error, JsChatCore};
use crate::core::extras::{KeyValue, MessageRef};
use edgechat_proto::ImError;
use wasm_bindgen::prelude::*;

/// The message an extension or reaction call names, from the app's Message object.
fn message_ref(message: JsValue) -> Result<MessageRef, JsValue> {
    serde_wasm_bindgen::from_value(message)
        .map_err(|e| js_error(&ImError::InvalidParameter(format!("message: {e}"))))
}

#[wasm_bindgen(js_class = ChatCore)]
impl JsChatCore {
    /// `setMessageExtensions(message, [{key, value}])`.
    #[wasm_bindgen(js_name = setMessageExtensions)]
    pub fn set_message_extensions(
        &mut self,
        message: JsValue,
        list: JsValue,
    ) -> Result<JsValue, JsValue> {
        let m = message_ref(message)?;
        let list: Vec<KeyValue> = serde_wasm_bindgen::from_value(list)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("extensions: {e}"))))?;
        call(self.0.set_message_extensions(m, list))
    }

    /// `getMessageExtensions(message)`.
    #[wasm_bindgen(js_name = getMessageExtensions)]
    pub fn get_message_extensions(&mut self, message: JsValue) -> Result<JsValue, JsValue> {
        call(self.0.get_message_extensions(message_ref(message)?))
    }

    /// `deleteMessageExtensions(message, keyList?)`: no list clears them all.
    #[wasm_bindgen(js_name = deleteMessageExtensions)]
    pub fn delete_message_extensions(
        &mut self,
        message: JsValue,
        keys: Option<Vec<String>>,
    ) -> Result<JsValue, JsValue> {
        call(
            self.0
                .delete_message_extensions(message_ref(message)?, keys),
        )
    }

    /// `addMessageReaction` (`add`) / `removeMessageReaction`.
    pub fn react(
        &mut self,
        message: JsValue,
        reaction: &str,
        add: bool,
    ) -> Result<JsValue, JsValue> {
        call(self.0.react(message_ref(message)?, reaction, add))
    }

    /// `getMessageReactions({messageList, maxUserCountPerReaction})`.
    #[wasm_bindgen(js_name = getMessageReactions)]
    pub fn get_message_reactions(&mut self, list: JsValue, max: u32) -> Result<JsValue, JsValue> {
        let list: Vec<MessageRef> = serde_wasm_bindgen::from_value(list)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("messageList: {e}"))))?;
        call(self.0.message_reactions(list, max))
    }

    /// `getAllUserListOfMessageReaction({message, reactionID, nextSeq, count})`.
    #[wasm_bindgen(js_name = getAllUserListOfMessageReaction)]
    pub fn get_reaction_users(
        &mut self,
        message: JsValue,
        reaction: &str,
        next: f64,
        count: u32,
    ) -> Result<JsValue, JsValue> {
        // A page position is a small non-negative whole number; anything else starts over.
        let next = if next.is_finite() && next >= 0.0 {
            next as u64
        } else {
            0
        };
        call(
            self.0
                .reaction_users(message_ref(message)?, reaction, next, count),
        )
    }
}
