//! The wasm-bindgen adapter: exposes [`ChatCore`] to JS, turning values and errors into JS
//! objects (`{code, message}` for errors). The npm package's `index.js` drives it.

use crate::core::{Call, ChatCore};
use edgechat_proto::group::Priority;
use edgechat_proto::message::MsgElem;
use edgechat_proto::ImError;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    // Maps as plain objects, so `message.payload.text` works in JS.
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&ImError::Internal(e.to_string())))
}

fn js_error(e: &ImError) -> JsValue {
    let obj = js_sys::Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = js_sys::Reflect::set(&obj, &"code".into(), &e.code().into());
    let _ = js_sys::Reflect::set(&obj, &"message".into(), &e.to_string().into());
    obj.into()
}

mod extras;

fn call(c: Result<Call, ImError>) -> Result<JsValue, JsValue> {
    c.map_err(|e| js_error(&e)).and_then(|c| to_js(&c))
}

/// `@tencentcloud/chat`'s `EVENT` object: each key with the event name the engine emits, from
/// the one list in `core::event`.
#[wasm_bindgen(js_name = eventNames)]
pub fn event_names() -> JsValue {
    let obj = js_sys::Object::new();
    for (key, name) in crate::core::event::ALL {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&obj, &(*key).into(), &(*name).into());
    }
    obj.into()
}

/// The engine core for one `Chat.create` instance.
#[wasm_bindgen(js_name = ChatCore)]
pub struct JsChatCore(ChatCore);

#[wasm_bindgen(js_class = ChatCore)]
impl JsChatCore {
    #[wasm_bindgen(constructor)]
    pub fn new(sdkappid: f64) -> Result<JsChatCore, JsValue> {
        if !(sdkappid.is_finite() && sdkappid >= 1.0 && sdkappid.fract() == 0.0) {
            return Err(js_error(&ImError::InvalidParameter(
                "SDKAppID must be a positive integer".into(),
            )));
        }
        Ok(JsChatCore(ChatCore::new(sdkappid as u64)))
    }

    /// Returns the socket URL; the promise key is `"login"`.
    pub fn login(
        &mut self,
        user_id: &str,
        user_sig: &str,
        server: &str,
        platform: &str,
    ) -> Result<String, JsValue> {
        self.0
            .login(user_id, user_sig, server, platform)
            .map_err(|e| js_error(&e))
    }

    #[wasm_bindgen(js_name = onOpen)]
    pub fn on_open(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.0.on_open())
    }

    /// `jitter` in [0, 1) (the host's `Math.random()`) spreads reconnects out.
    #[wasm_bindgen(js_name = onClose)]
    pub fn on_close(&mut self, jitter: f64) -> Result<JsValue, JsValue> {
        to_js(&self.0.on_close(jitter))
    }

    /// The socket URL to reopen after a `reconnect` action, if the session still wants one.
    pub fn reconnect(&mut self) -> Option<String> {
        self.0.reconnect()
    }

    #[wasm_bindgen(js_name = onFrame)]
    pub fn on_frame(&mut self, text: &str) -> Result<JsValue, JsValue> {
        to_js(&self.0.on_frame(text))
    }

    pub fn logout(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.0.logout())
    }

    #[wasm_bindgen(js_name = isReady)]
    pub fn is_ready(&self) -> bool {
        self.0.is_ready()
    }

    /// `now` is the host's clock in seconds; the random comes from the host too.
    #[wasm_bindgen(js_name = createTextMessage)]
    pub fn create_text_message(
        &mut self,
        to: &str,
        text: &str,
        cloud_custom_data: &str,
        random: u32,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let m = self
            .0
            .create_text_message(to, text, cloud_custom_data, random, now.max(0.0) as u64)
            .map_err(|e| js_error(&e))?;
        to_js(&m)
    }

    /// A message of any element types: `body` is a `MsgBody` array (`{MsgType, MsgContent}`).
    #[wasm_bindgen(js_name = createMessage)]
    pub fn create_message(
        &mut self,
        to: &str,
        body: JsValue,
        cloud_custom_data: &str,
        random: u32,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let body: Vec<MsgElem> = serde_wasm_bindgen::from_value(body)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("MsgBody: {e}"))))?;
        let m = self
            .0
            .create_message(to, body, cloud_custom_data, random, now.max(0.0) as u64)
            .map_err(|e| js_error(&e))?;
        to_js(&m)
    }

    #[wasm_bindgen(js_name = createForwardMessage)]
    pub fn create_forward_message(
        &mut self,
        to: &str,
        id: &str,
        random: u32,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let m = self
            .0
            .create_forward_message(to, id, random, now.max(0.0) as u64)
            .map_err(|e| js_error(&e))?;
        to_js(&m)
    }

    #[wasm_bindgen(js_name = createMergerMessage)]
    #[allow(clippy::too_many_arguments)]
    pub fn create_merger_message(
        &mut self,
        to: &str,
        ids: Vec<String>,
        title: &str,
        abstract_list: Vec<String>,
        compatible_text: &str,
        random: u32,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let m = self
            .0
            .create_merger_message(
                to,
                &ids,
                title,
                &abstract_list,
                compatible_text,
                random,
                now.max(0.0) as u64,
            )
            .map_err(|e| js_error(&e))?;
        to_js(&m)
    }

    /// `offline_push_info` is `OfflinePushInfo` as JSON, or undefined.
    #[wasm_bindgen(js_name = sendMessage)]
    pub fn send_message(
        &mut self,
        id: &str,
        online_only: bool,
        offline_push_info: JsValue,
        need_read_receipt: bool,
    ) -> Result<JsValue, JsValue> {
        let opi: Option<serde_json::Value> =
            if offline_push_info.is_undefined() || offline_push_info.is_null() {
                None
            } else {
                Some(
                    serde_wasm_bindgen::from_value(offline_push_info).map_err(|e| {
                        js_error(&ImError::InvalidParameter(format!("offlinePushInfo: {e}")))
                    })?,
                )
            };
        call(self.0.send_message(id, online_only, opi, need_read_receipt))
    }

    #[wasm_bindgen(js_name = revokeMessage)]
    pub fn revoke_message(&mut self, id: &str) -> Result<JsValue, JsValue> {
        call(self.0.revoke_message(id))
    }

    #[wasm_bindgen(js_name = modifyMessage)]
    pub fn modify_message(
        &mut self,
        id: &str,
        body: JsValue,
        cloud_custom_data: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let body: Vec<MsgElem> = serde_wasm_bindgen::from_value(body)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("MsgBody: {e}"))))?;
        call(self.0.modify_message(id, body, cloud_custom_data))
    }

    #[wasm_bindgen(js_name = deleteMessage)]
    pub fn delete_message(&mut self, ids: Vec<String>) -> Result<JsValue, JsValue> {
        call(self.0.delete_messages(&ids))
    }

    #[wasm_bindgen(js_name = getConversationList)]
    pub fn get_conversation_list(&mut self) -> Result<JsValue, JsValue> {
        call(self.0.get_conversation_list())
    }

    #[wasm_bindgen(js_name = getConversationProfile)]
    pub fn get_conversation_profile(&mut self, conversation_id: &str) -> Result<JsValue, JsValue> {
        call(self.0.get_conversation_profile(conversation_id))
    }

    #[wasm_bindgen(js_name = setMessageRead)]
    pub fn set_message_read(&mut self, conversation_id: &str) -> Result<JsValue, JsValue> {
        call(self.0.set_message_read(conversation_id))
    }

    #[wasm_bindgen(js_name = deleteConversation)]
    pub fn delete_conversation(&mut self, conversation_id: &str) -> Result<JsValue, JsValue> {
        call(self.0.delete_conversation(conversation_id))
    }

    /// `ids` is a JS array of message IDs (one-to-one, one conversation).
    #[wasm_bindgen(js_name = sendReadReceipt)]
    pub fn send_read_receipt(&mut self, ids: Vec<String>) -> Result<JsValue, JsValue> {
        call(self.0.send_read_receipt(&ids))
    }

    /// `getMessageListHopping`: `sequence` (groups) and `time` (one to one) may be undefined.
    #[wasm_bindgen(js_name = getMessageListHopping)]
    pub fn get_message_list_hopping(
        &mut self,
        conversation_id: &str,
        sequence: Option<f64>,
        time: Option<f64>,
        count: Option<u32>,
        direction: u32,
    ) -> Result<JsValue, JsValue> {
        let whole = |v: Option<f64>| v.filter(|n| n.is_finite() && *n >= 0.0).map(|n| n as u64);
        call(self.0.message_list_hopping(
            conversation_id,
            whole(sequence),
            whole(time),
            count,
            direction,
        ))
    }

    /// The server's clock from the heartbeat answer just handled (once), or undefined.
    #[wasm_bindgen(js_name = takeServerTime)]
    pub fn take_server_time(&mut self) -> Option<f64> {
        self.0.take_server_time().map(|t| t as f64)
    }

    #[wasm_bindgen(js_name = clearHistoryMessage)]
    pub fn clear_history_message(&mut self, conversation_id: &str) -> Result<JsValue, JsValue> {
        call(self.0.clear_history_message(conversation_id))
    }

    /// `user_ids` is a JS array of strings.
    #[wasm_bindgen(js_name = getUserStatus)]
    pub fn get_user_status(&mut self, user_ids: Vec<String>) -> Result<JsValue, JsValue> {
        call(self.0.get_user_status(&user_ids))
    }

    #[wasm_bindgen(js_name = setSelfStatus)]
    pub fn set_self_status(&mut self, custom_status: &str) -> Result<JsValue, JsValue> {
        call(self.0.set_self_status(custom_status))
    }

    #[wasm_bindgen(js_name = setConversationDraft)]
    pub fn set_conversation_draft(
        &mut self,
        conversation_id: &str,
        text: &str,
    ) -> Result<JsValue, JsValue> {
        call(self.0.set_conversation_draft(conversation_id, text))
    }

    /// `findMessage`: the held message with this ID, or `null`.
    #[wasm_bindgen(js_name = findMessage)]
    pub fn find_message(&self, id: &str) -> Result<JsValue, JsValue> {
        match self.0.find_view(id) {
            Some(v) => to_js(&v),
            None => Ok(JsValue::NULL),
        }
    }

    #[wasm_bindgen(js_name = getTotalUnreadMessageCount)]
    pub fn total_unread(&self) -> u32 {
        self.0.total_unread()
    }

    #[wasm_bindgen(js_name = getMessageList)]
    pub fn get_message_list(
        &mut self,
        conversation_id: &str,
        next_req_message_id: Option<String>,
        count: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        call(
            self.0
                .get_message_list(conversation_id, next_req_message_id.as_deref(), count),
        )
    }

    /// `on`: subscribe; otherwise unsubscribe. `user_ids` is a JS array of strings.
    #[wasm_bindgen(js_name = subscribeUserStatus)]
    pub fn subscribe_user_status(
        &mut self,
        user_ids: Vec<String>,
        on: bool,
    ) -> Result<JsValue, JsValue> {
        call(self.0.subscribe_user_status(&user_ids, on))
    }

    /// A profile or relationship command (REST name and body), run as this user.
    pub fn sns(&mut self, op: &str, body: JsValue) -> Result<JsValue, JsValue> {
        let body: serde_json::Value = serde_wasm_bindgen::from_value(body)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("body: {e}"))))?;
        call(self.0.sns(op, body))
    }

    /// A group command (REST name and body) on `group_id`, run as this user.
    pub fn group(
        &mut self,
        op: &str,
        group_id: Option<String>,
        body: JsValue,
    ) -> Result<JsValue, JsValue> {
        let body: serde_json::Value = serde_wasm_bindgen::from_value(body)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("body: {e}"))))?;
        call(self.0.group(op, group_id.as_deref(), body))
    }

    /// A conversation-settings call (`pinConversation`, `markConversation`, the conversation
    /// group calls, …) with the SDK's options object.
    pub fn recent(&mut self, method: &str, args: JsValue) -> Result<JsValue, JsValue> {
        let args: serde_json::Value = serde_wasm_bindgen::from_value(args)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("options: {e}"))))?;
        call(self.0.recent_call(method, &args))
    }

    /// A group message of any element types (`priority`: High, Normal, Low or Lowest).
    #[wasm_bindgen(js_name = createGroupMessage)]
    #[allow(clippy::too_many_arguments)]
    pub fn create_group_message(
        &mut self,
        group_id: &str,
        body: JsValue,
        cloud_custom_data: &str,
        priority: &str,
        at_list: Vec<String>,
        random: u32,
        now: f64,
    ) -> Result<JsValue, JsValue> {
        let body: Vec<MsgElem> = serde_wasm_bindgen::from_value(body)
            .map_err(|e| js_error(&ImError::InvalidParameter(format!("MsgBody: {e}"))))?;
        let priority = if priority.is_empty() {
            Priority::Normal
        } else {
            Priority::parse(priority).map_err(|e| js_error(&e))?
        };
        let m = self
            .0
            .create_group_message(
                group_id,
                body,
                cloud_custom_data,
                priority,
                at_list,
                random,
                now.max(0.0) as u64,
            )
            .map_err(|e| js_error(&e))?;
        to_js(&m)
    }

    /// What changed since the last call, as JSON text for the host's store: `{meta, messages,
    /// groupMessages}` (none before a login).
    #[wasm_bindgen(js_name = takeChanges)]
    pub fn take_changes(&mut self) -> Option<String> {
        self.0.take_changes()
    }

    /// Older one-to-one messages read from the host's store (JSON array), while not synced.
    #[wasm_bindgen(js_name = loadMessages)]
    pub fn load_messages(&mut self, text: &str) -> Result<(), JsValue> {
        self.0.load_messages(text).map_err(|e| js_error(&e))
    }

    /// The SEQ of a held message of a conversation, by its ID.
    #[wasm_bindgen(js_name = messageSeq)]
    pub fn message_seq(&self, conversation_id: &str, id: &str) -> Option<f64> {
        self.0.message_seq(conversation_id, id).map(|s| s as f64)
    }

    /// Older group messages read from the host's store (JSON array), while not synced.
    #[wasm_bindgen(js_name = loadGroupMessages)]
    pub fn load_group_messages(
        &mut self,
        conversation_id: &str,
        text: &str,
    ) -> Result<(), JsValue> {
        self.0
            .load_group_messages(conversation_id, text)
            .map_err(|e| js_error(&e))
    }

    /// Loads a stored snapshot right after `login`; returns the actions (list events).
    pub fn restore(&mut self, text: &str) -> Result<JsValue, JsValue> {
        let actions = self.0.restore(text).map_err(|e| js_error(&e))?;
        to_js(&actions)
    }

    pub fn ping(&mut self) -> Option<String> {
        self.0.ping()
    }
}
