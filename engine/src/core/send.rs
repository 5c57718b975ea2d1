//! Creating and sending messages: `createTextMessage` and the other element types, forward
//! and merged forward, and `sendMessage` (with `onlineUserOnly`).

use super::{Call, ChatCore, Outgoing, Pending};
use crate::view::{message_id, MessageView, STATUS_UNSEND};
use edgechat_proto::element::MAX_RELAY_MESSAGES;
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::message::{validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

impl ChatCore {
    /// A message with `body` to `to`, ready to send, with its random fixed now.
    pub fn create_message(
        &mut self,
        to: &str,
        body: Vec<MsgElem>,
        cloud_custom_data: &str,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        let me = self.me_even_offline()?.clone();
        let to = UserId::parse(to).map_err(|e| ImError::InvalidParameter(format!("to: {e}")))?;
        validate_body(&body, cloud_custom_data)?;
        let id = message_id(me.as_str(), to.as_str(), random);
        let out = Outgoing {
            need_read_receipt: false,
            to,
            group: None,
            topic: None,
            priority: Default::default(),
            at_list: Vec::new(),
            random,
            body,
            cloud_custom_data: cloud_custom_data.to_owned(),
            created: now,
        };
        let view = self.outgoing_view(&me, &out);
        self.outbox.messages.insert(id, out);
        Ok(view)
    }

    /// `createTextMessage`.
    pub fn create_text_message(
        &mut self,
        to: &str,
        text: &str,
        cloud_custom_data: &str,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        self.create_message(
            to,
            vec![MsgElem::text(text)],
            cloud_custom_data,
            random,
            now,
        )
    }

    fn find_message(&self, id: &str) -> Result<StoredMessage, ImError> {
        self.held_by_id(id)
            .filter(|m| !m.deleted)
            .cloned()
            .ok_or_else(|| ImError::InvalidParameter(format!("no stored message with ID {id:?}")))
    }

    /// `createForwardMessage`: the same body, to someone else.
    pub fn create_forward_message(
        &mut self,
        to: &str,
        id: &str,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        let m = self.find_message(id)?;
        self.create_message(to, m.msg_body, &m.cloud_custom_data, random, now)
    }

    /// `createMergerMessage`: a `TIMRelayElem` holding the messages `ids` (≤ 300).
    #[allow(clippy::too_many_arguments)]
    pub fn create_merger_message(
        &mut self,
        to: &str,
        ids: &[String],
        title: &str,
        abstract_list: &[String],
        compatible_text: &str,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        if ids.is_empty() || ids.len() > MAX_RELAY_MESSAGES {
            return Err(ImError::InvalidParameter(format!(
                "messageList has {} messages, 1..={MAX_RELAY_MESSAGES} allowed",
                ids.len()
            )));
        }
        let list: Vec<Value> = ids
            .iter()
            .map(|id| {
                self.find_message(id).map(|m| {
                    json!({
                        "From_Account": m.from, "To_Account": m.to, "MsgSeq": m.seq, "MsgRandom": m.random,
                        "MsgTimeStamp": m.time, "MsgBody": m.msg_body, "CloudCustomData": m.cloud_custom_data,
                    })
                })
            })
            .collect::<Result<_, _>>()?;
        let relay = MsgElem {
            msg_type: "TIMRelayElem".into(),
            msg_content: json!({
                "Title": title, "MsgNum": list.len(), "CompatibleText": compatible_text,
                "AbstractList": abstract_list, "MsgList": list,
            }),
        };
        self.create_message(to, vec![relay], "", random, now)
    }

    fn outgoing_view(&self, me: &UserId, o: &Outgoing) -> MessageView {
        let stored = StoredMessage {
            need_read_receipt: o.need_read_receipt,
            receipt_read: false,
            seq: 0,
            from: me.clone(),
            to: o.to.clone(),
            random: o.random,
            time: o.created,
            msg_key: String::new(),
            msg_body: o.body.clone(),
            cloud_custom_data: o.cloud_custom_data.clone(),
            offline_push_info: None,
            recalled: false,
            deleted: false,
            nick: String::new(),
            avatar: String::new(),
        };
        MessageView {
            status: STATUS_UNSEND,
            ..MessageView::of(&stored, me)
        }
    }

    /// `sendMessage`: sends a created message; the promise key is the message ID.
    /// `online_only` (`onlineUserOnly`) delivers to online devices and stores nothing. While
    /// the connection is down the message waits (status `unSend`) and goes out, in order and
    /// with its original random, once it is back.
    pub fn send_message(
        &mut self,
        id: &str,
        online_only: bool,
        offline_push_info: Option<Value>,
        need_read_receipt: bool,
    ) -> Result<Call, ImError> {
        self.me_even_offline()?;
        let Some(o) = self.outbox.messages.get_mut(id) else {
            return Err(ImError::InvalidParameter(format!(
                "no unsent message with ID {id:?}"
            )));
        };
        o.need_read_receipt = need_read_receipt;
        let busy = self.requests.pending.values().any(
            |p| matches!(p, Pending::Send { id: p } | Pending::GroupSend { id: p } if p == id),
        ) || self.outbox.queued.iter().any(|q| q == id);
        if busy {
            return Err(ImError::InvalidParameter(format!(
                "message {id:?} is already being sent"
            )));
        }
        if !self.is_ready() {
            self.outbox.queued.push(id.to_owned());
            return Ok(Call {
                key: id.to_owned(),
                actions: vec![],
            });
        }
        let action = self.send_frame(id, online_only, offline_push_info)?;
        Ok(Call {
            key: id.to_owned(),
            actions: vec![action],
        })
    }

    /// The frame that sends outbox message `id`.
    pub(super) fn send_frame(
        &mut self,
        id: &str,
        online_only: bool,
        offline_push_info: Option<Value>,
    ) -> Result<super::Action, ImError> {
        let o = self.outbox.messages.get(id).cloned().ok_or_else(|| {
            ImError::InvalidParameter(format!("no unsent message with ID {id:?}"))
        })?;
        if let Some(group_id) = o.group.clone() {
            return Ok(self.request(
                |req_id| ClientFrame::GroupSend {
                    req_id,
                    group_id,
                    random: o.random,
                    msg_body: o.body.clone(),
                    cloud_custom_data: o.cloud_custom_data.clone(),
                    priority: o.priority,
                    at_list: o.at_list.clone(),
                    online_only,
                    topic_id: o.topic.clone(),
                    need_read_receipt: o.need_read_receipt,
                },
                Pending::GroupSend { id: id.to_owned() },
            ));
        }
        Ok(self.request(
            |req_id| ClientFrame::Send {
                req_id,
                to: o.to.to_string(),
                random: o.random,
                msg_body: o.body.clone(),
                cloud_custom_data: o.cloud_custom_data.clone(),
                offline_push_info,
                online_only,
                need_read_receipt: o.need_read_receipt,
            },
            Pending::Send { id: id.to_owned() },
        ))
    }
}
