//! The group calls an app makes: create a group message, run a group command (REST names),
//! read a group's history, mark it read, recall a group message.

use super::group_attrs::is_attr_op;
use super::groups::split_topic;
use super::{Action, Call, ChatCore, Outgoing, Pending};
use crate::view::{group_message_id, MessageView, STATUS_UNSEND};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::group::{GroupId, GroupMessage, Priority};
use edgechat_proto::message::{validate_body, MsgElem};
use edgechat_proto::ImError;
use serde_json::{json, Value};

impl ChatCore {
    /// A group message to send, created now with its random (status `unSend`).
    #[allow(clippy::too_many_arguments)]
    pub fn create_group_message(
        &mut self,
        group_id: &str,
        body: Vec<MsgElem>,
        cloud_custom_data: &str,
        priority: Priority,
        at_list: Vec<String>,
        random: u32,
        now: u64,
    ) -> Result<MessageView, ImError> {
        let me = self.me_even_offline()?.clone();
        let (gid, topic) = split_topic(group_id)?;
        validate_body(&body, cloud_custom_data)?;
        let msg = GroupMessage {
            need_read_receipt: false,
            group_id: gid.clone(),
            seq: 0,
            from: me.to_string(),
            random,
            time: now,
            priority,
            msg_body: body.clone(),
            cloud_custom_data: cloud_custom_data.to_owned(),
            at_list: at_list.clone(),
            nick: String::new(),
            avatar: String::new(),
            name_card: String::new(),
            recalled: false,
            online_only: false,
            topic_id: topic.clone(),
        };
        let id = group_message_id(&msg);
        self.outbox.messages.insert(
            id,
            Outgoing {
                need_read_receipt: false,
                to: me.clone(),
                group: Some(gid),
                topic,
                priority,
                at_list,
                random,
                body,
                cloud_custom_data: cloud_custom_data.to_owned(),
                created: now,
            },
        );
        Ok(MessageView {
            status: STATUS_UNSEND,
            ..MessageView::of_group(&msg, &me)
        })
    }

    /// A group command with its REST name and body; resolves with the command's fields.
    pub fn group(
        &mut self,
        op: &str,
        group_id: Option<&str>,
        body: Value,
    ) -> Result<Call, ImError> {
        self.me()?;
        if !body.is_object() {
            return Err(ImError::InvalidParameter(
                "a group command's body must be an object".into(),
            ));
        }
        if op == "get_joined_group_list" {
            let key = self.key();
            let data = json!({ "groupList": self.group_list_view() });
            return Ok(Call {
                key: key.clone(),
                actions: vec![Action::Resolve { key, data }],
            });
        }
        let group_id = match group_id {
            Some(g) => Some(GroupId::parse(g)?.to_string()),
            None if op == "create_group" => None,
            None => return Err(ImError::InvalidParameter(format!("{op} needs a groupID"))),
        };
        let key = self.key();
        let mut body = body;
        let pending = match &group_id {
            Some(g) if is_attr_op(op) => {
                self.with_attr_version(op, g, &mut body);
                Pending::GroupAttrs {
                    key: key.clone(),
                    group: g.clone(),
                }
            }
            Some(_) if op == "get_pinned_messages" => Pending::GroupPinned { key: key.clone() },
            _ => Pending::Done { key: key.clone() },
        };
        let op = op.to_owned();
        let action = self.request(
            |req_id| ClientFrame::Group {
                req_id,
                op,
                group_id,
                body,
            },
            pending,
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// `getMessageList` for a group: pages from the server, newest first.
    /// The SEQ of a held message of group (or topic) `group_id` by its ID, newest first.
    pub(super) fn held_group_seq(&self, group_id: &str, id: &str) -> Option<u64> {
        self.groups
            .entries
            .get(group_id)?
            .log
            .store
            .values()
            .rev()
            .find(|m| group_message_id(m) == id)
            .map(|m| m.seq)
    }

    /// Where a group page starts: `None` for the newest page, else the cursor's SEQ (10004 when
    /// the cursor is not a held message).
    fn group_cursor(&self, group_id: &str, cursor: Option<&str>) -> Result<Option<u64>, ImError> {
        match cursor.filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(id) => self.held_group_seq(group_id, id).map(Some).ok_or_else(|| {
                ImError::InvalidParameter(format!("nextReqMessageID {id:?} is not a known message"))
            }),
        }
    }

    pub(super) fn group_message_list(
        &mut self,
        group_id: &str,
        next_req_message_id: Option<&str>,
        count: usize,
    ) -> Result<Call, ImError> {
        let before = self.group_cursor(group_id, next_req_message_id)?;
        let key = self.key();
        let mut body = json!({ "count": count });
        if let Some(b) = before {
            body["before"] = json!(b);
        }
        let (g, topic) = split_topic(group_id)?;
        if let Some(t) = topic {
            body["TopicId"] = json!(t);
        }
        let action = self.request(
            |req_id| ClientFrame::Group {
                req_id,
                op: "history".into(),
                group_id: Some(g),
                body,
            },
            Pending::GroupHistory {
                key: key.clone(),
                group: group_id.to_owned(),
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// A group page from the messages held here (restored from the local store), while the
    /// session is not synced; oldest first, like the server's.
    pub(super) fn local_group_page(
        &mut self,
        group_id: &str,
        next_req_message_id: Option<&str>,
        count: usize,
    ) -> Result<Call, ImError> {
        let me = self.session.me.clone().ok_or_else(|| {
            ImError::Coded(
                super::code::NOT_READY,
                "the SDK is not ready: log in first".into(),
            )
        })?;
        let before = self
            .group_cursor(group_id, next_req_message_id)?
            .unwrap_or(u64::MAX);
        let held = self.groups.entries.get(group_id).map(|e| &e.log.store);
        let cleared = self.group_cleared(group_id);
        let older: Vec<&GroupMessage> = held
            .map(|s| {
                s.range(cleared + 1..before.max(cleared + 1))
                    .map(|(_, m)| m)
                    .collect()
            })
            .unwrap_or_default();
        let page = &older[older.len().saturating_sub(count)..];
        let views: Vec<MessageView> = page.iter().map(|m| MessageView::of_group(m, &me)).collect();
        let key = self.key();
        let data = json!({
            "messageList": views,
            "nextReqMessageID": views.first().map(|v| v.id.clone()).unwrap_or_default(),
            "isCompleted": false,
        });
        Ok(Call {
            key: key.clone(),
            actions: vec![Action::Resolve { key, data }],
        })
    }

    /// The answer to a history page: remembered (for the next page's ID) and resolved.
    pub(super) fn on_group_history(
        &mut self,
        key: String,
        group_id: &str,
        result: &Value,
        out: &mut Vec<Action>,
    ) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let cleared = self.group_cleared(group_id);
        let messages: Vec<GroupMessage> =
            serde_json::from_value::<Vec<GroupMessage>>(result["messages"].clone())
                .unwrap_or_default()
                .into_iter()
                .filter(|m| m.seq > cleared)
                .collect();
        if let Some(e) = self.groups.entries.get_mut(group_id) {
            for m in &messages {
                // The server's copy wins (a recall made while this device was away).
                e.log.store.upsert(m.seq, m.clone());
            }
        }
        let views: Vec<MessageView> = messages
            .iter()
            .map(|m| MessageView::of_group(m, &me))
            .collect();
        let complete = result["complete"].as_bool().unwrap_or(true);
        let next = views.first().map(|v| v.id.clone()).unwrap_or_default();
        out.push(Action::Resolve {
            key,
            data: json!({ "messageList": views, "nextReqMessageID": next, "isCompleted": complete || views.is_empty() }),
        });
    }

    /// `setMessageRead` for a group: clears unread here, then on the server and my other devices.
    pub(super) fn set_group_read(&mut self, group_id: &str) -> Result<Call, ImError> {
        let key = self.key();
        let mut actions = vec![];
        if split_topic(group_id)?.1.is_some() {
            // Topics keep no server-side read position yet: nothing to tell the server.
            actions.push(Action::Resolve {
                key: key.clone(),
                data: json!({}),
            });
            return Ok(Call { key, actions });
        }
        if let Some(info) = self
            .groups
            .entries
            .get_mut(group_id)
            .and_then(|e| e.info.as_mut())
        {
            info.unread = 0;
            info.read_seq = info.last_seq;
        }
        self.conversations_changed(&mut actions);
        let g = group_id.to_owned();
        actions.push(self.request(
            |req_id| ClientFrame::GroupRead {
                req_id,
                group_id: g,
                seq: None,
            },
            Pending::Done { key: key.clone() },
        ));
        Ok(Call { key, actions })
    }

    /// `revokeMessage` for a group message this device knows: `None` when `id` is not one.
    pub(super) fn revoke_group_message(&mut self, id: &str) -> Option<Result<Call, ImError>> {
        let m = self.held_group_message(id)?;
        let key = self.key();
        let mut body = json!({ "MsgSeqList": [{ "MsgSeq": m.seq }] });
        if let Some(t) = &m.topic_id {
            body["TopicId"] = json!(t);
        }
        let group_id = m.group_id.clone();
        let action = self.request(
            |req_id| ClientFrame::Group {
                req_id,
                op: "group_msg_recall".into(),
                group_id: Some(group_id),
                body,
            },
            Pending::GroupRecall {
                key: key.clone(),
                message: Box::new(m),
            },
        );
        Some(Ok(Call {
            key,
            actions: vec![action],
        }))
    }

    /// The group message held here with ID `id`.
    fn held_group_message(&self, id: &str) -> Option<GroupMessage> {
        (self.groups.entries.values())
            .flat_map(|e| e.log.store.values())
            .find(|m| group_message_id(m) == id)
            .cloned()
    }

    /// `modifyMessage` for a group message held here (`None` when `id` is not one): the server
    /// changes it for every member (`modify_group_msg`, the sender's own message); the call
    /// resolves with the new copy.
    pub(super) fn modify_group_message(
        &mut self,
        id: &str,
        body: &[MsgElem],
        cloud_custom_data: Option<&str>,
    ) -> Option<Result<Call, ImError>> {
        let held = self.held_group_message(id)?;
        let mut changed = held.clone();
        changed.msg_body = body.to_vec();
        let mut req = json!({ "MsgSeq": held.seq, "MsgBody": body });
        if let Some(c) = cloud_custom_data {
            req["CloudCustomData"] = json!(c);
            changed.cloud_custom_data = c.to_owned();
        }
        if let Some(t) = &held.topic_id {
            req["TopicId"] = json!(t);
        }
        let key = self.key();
        let action = self.request(
            |req_id| ClientFrame::Group {
                req_id,
                op: "modify_group_msg".into(),
                group_id: Some(held.group_id.clone()),
                body: req,
            },
            Pending::GroupModify {
                key: key.clone(),
                message: Box::new(changed),
            },
        );
        Some(Ok(Call {
            key,
            actions: vec![action],
        }))
    }

    /// The answer to a group recall: the message marked recalled, or its RetCode.
    pub(super) fn on_group_recalled(
        &mut self,
        key: String,
        mut message: GroupMessage,
        result: &Value,
        out: &mut Vec<Action>,
    ) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let code = result["RecallRetList"][0]["RetCode"].as_u64().unwrap_or(0) as u32;
        if code != 0 {
            out.push(Action::Reject {
                key,
                code,
                message: format!("the group message could not be recalled ({code})"),
            });
            return;
        }
        message.recalled = true;
        out.push(Action::Resolve {
            key,
            data: json!({ "message": MessageView::of_group(&message, &me) }),
        });
    }
}
