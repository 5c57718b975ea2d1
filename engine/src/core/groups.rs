//! Groups in the engine: the joined-group list (from the server, kept current by its
//! updates), each group's (or topic's) message log by SEQ (`seq_log`), pushes, pulls and
//! notices. The calls an app makes (sends, commands, history, read, recall) are in `group_calls`.

use super::seq_log::{SeqLog, Step};
use super::{emit, event, Action, ChatCore, Pending};
use crate::view::{body_for_show, group_conversation, group_message_id, log_key, MessageView};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::group::{
    check_topic_form, GroupId, GroupMessage, GroupType, JoinedGroup, TOPIC_INFIX,
};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// A group's message log.
pub(super) type GroupLog = SeqLog<GroupMessage>;

/// One group on this device.
#[derive(Debug, Clone)]
pub(super) struct GroupEntry {
    pub info: Option<JoinedGroup>,
    pub log: GroupLog,
}

/// The type names `@tencentcloud/chat` uses (`TYPES.GRP_*`).
pub fn sdk_group_type(ty: GroupType) -> &'static str {
    match ty {
        GroupType::Work => "Private",
        GroupType::Public => "Public",
        GroupType::Meeting => "ChatRoom",
        GroupType::AvChatRoom => "AVChatRoom",
        GroupType::Community => "Community",
    }
}

/// The group ID, or the topic ID, of a `GROUP…` conversation ID.
pub(super) fn group_of(conversation_id: &str) -> Result<String, ImError> {
    let id = conversation_id.strip_prefix("GROUP").ok_or_else(|| {
        ImError::InvalidParameter(format!(
            "conversationID {conversation_id:?} is not a GROUP conversation"
        ))
    })?;
    split_topic(id).map(|_| id.to_owned())
}

/// A group or topic ID as (group, topic), both checked.
pub(super) fn split_topic(id: &str) -> Result<(String, Option<String>), ImError> {
    match id.find(TOPIC_INFIX) {
        Some(i) => {
            let group = GroupId::parse(&id[..i])?;
            check_topic_form(&group, id)?;
            Ok((group.to_string(), Some(id.to_owned())))
        }
        None => Ok((GroupId::parse(id)?.to_string(), None)),
    }
}

impl ChatCore {
    fn group_view(&self, g: &JoinedGroup) -> Value {
        json!({
            "groupID": g.group_id,
            "name": g.name,
            "type": sdk_group_type(g.ty),
            "avatar": "",
            "unreadCount": g.unread,
            "nextMessageSeq": g.last_seq.saturating_add(1),
            "selfInfo": { "messageRemindType": g.msg_flag, "joinTime": g.join_time, "readedSequence": g.read_seq },
            "lastMessage": self.last_group_message(g),
        })
    }

    fn last_group_message(&self, g: &JoinedGroup) -> Value {
        let last = g.last_message.as_ref().filter(|m| m.seq > g.cleared_seq);
        let (Some(me), Some(m)) = (self.session.me.as_ref(), last) else {
            return json!({});
        };
        let v = MessageView::of_group(m, me);
        json!({
            "ID": v.id, "type": v.kind, "payload": v.payload, "fromAccount": v.from,
            "lastTime": v.time, "lastSequence": v.sequence, "isRevoked": v.is_revoked,
            "nick": v.nick, "nameCard": v.name_card,
            "messageForShow": body_for_show(&m.msg_body, m.recalled),
        })
    }

    /// The group conversations of the conversation list, as `(time, view)`.
    pub(super) fn group_conversations(&self) -> Vec<(u64, Value)> {
        self.groups.entries
            .values()
            .filter_map(|e| e.info.as_ref())
            .filter(|g| g.activated)
            .map(|g| {
                let mut view = json!({
                    "conversationID": group_conversation(&g.group_id),
                    "draftText": self.draft(&group_conversation(&g.group_id)),
                    "type": "GROUP",
                    "unreadCount": g.unread,
                    "lastMessage": self.last_group_message(g),
                    "groupProfile": { "groupID": g.group_id, "name": g.name, "type": sdk_group_type(g.ty) },
                });
                self.with_settings(&mut view);
                (g.time, view)
            })
            .collect()
    }

    pub(super) fn groups_unread(&self) -> u32 {
        self.groups
            .entries
            .values()
            .filter_map(|e| e.info.as_ref())
            .filter(|g| {
                g.activated && g.msg_flag == edgechat_proto::group::MsgFlag::AcceptAndNotify
            })
            .map(|g| g.unread)
            .fold(0, u32::saturating_add)
    }

    pub(super) fn group_list_view(&self) -> Value {
        json!(self
            .groups
            .entries
            .values()
            .filter_map(|e| e.info.as_ref())
            .filter(|g| g.activated)
            .map(|g| self.group_view(g))
            .collect::<Vec<_>>())
    }

    fn groups_changed(&self, out: &mut Vec<Action>) {
        out.push(emit(event::GROUP_LIST_UPDATED, self.group_list_view()));
        self.conversations_changed(out);
    }

    /// Asks for my groups (at login, on reconnect and with each heartbeat answer).
    pub(super) fn request_groups(&mut self, out: &mut Vec<Action>) {
        if self
            .requests
            .pending
            .values()
            .any(|p| matches!(p, Pending::GroupList))
        {
            return;
        }
        out.push(self.request(|req_id| ClientFrame::Groups { req_id }, Pending::GroupList));
    }

    fn pull(&mut self, key: &str, since: u64, out: &mut Vec<Action>) {
        let Ok((group_id, topic_id)) = split_topic(key) else {
            return;
        };
        out.push(self.request(
            |req_id| ClientFrame::GroupSync {
                req_id,
                group_id,
                since,
                topic_id,
            },
            Pending::GroupPull {
                group: key.to_owned(),
            },
        ));
    }

    /// Emits what a log step applied (not my own sends still in flight) and pulls if asked.
    pub(super) fn after_step(
        &mut self,
        group_id: &str,
        step: Step<GroupMessage>,
        out: &mut Vec<Action>,
    ) {
        if let Some(since) = step.pull_since {
            self.pull(group_id, since, out);
        }
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let views: Vec<MessageView> = step
            .applied
            .iter()
            .filter(|m| {
                let id = group_message_id(m);
                !self.outbox.messages.contains_key(&id) && !self.groups.sent_early.remove(&id)
            })
            .map(|m| MessageView::of_group(m, &me))
            .collect();
        if let Some(info) = self
            .groups
            .entries
            .get_mut(group_id)
            .and_then(|e| e.info.as_mut())
        {
            for m in &step.applied {
                info.on_message(m, me.as_str());
            }
        }
        if !views.is_empty() {
            out.push(emit(event::MESSAGE_RECEIVED, json!(views)));
            self.conversations_changed(out);
        }
    }

    pub(super) fn on_groups(&mut self, list: Vec<JoinedGroup>, out: &mut Vec<Action>) {
        let known: Vec<String> = list.iter().map(|g| g.group_id.clone()).collect();
        self.groups.entries.retain(|id, _| known.contains(id));
        for g in list {
            let id = g.group_id.clone();
            let last = g.last_seq;
            let step = match self.groups.entries.get_mut(&id) {
                Some(e) => {
                    e.info = Some(g);
                    e.log.on_known_max(last)
                }
                None => {
                    self.groups.entries.insert(
                        id.clone(),
                        GroupEntry {
                            info: Some(g),
                            log: GroupLog::starting_at(last),
                        },
                    );
                    Step::default()
                }
            };
            self.after_step(&id, step, out);
        }
        self.groups_changed(out);
    }

    pub(super) fn on_group_msg(&mut self, msg: GroupMessage, out: &mut Vec<Action>) {
        let id = log_key(&msg).to_owned();
        let entry = self
            .groups
            .entries
            .entry(id.clone())
            .or_insert_with(|| GroupEntry {
                info: None,
                log: GroupLog::starting_at(msg.seq.saturating_sub(1)),
            });
        let step = entry.log.on_push(msg);
        self.after_step(&id, step, out);
    }

    pub(super) fn on_group_page(
        &mut self,
        group_id: &str,
        messages: Vec<GroupMessage>,
        complete: bool,
        max_seq: u64,
        min_seq: u64,
        out: &mut Vec<Action>,
    ) {
        let Some(entry) = self.groups.entries.get_mut(group_id) else {
            return;
        };
        let step = entry.log.on_page(messages, complete, max_seq, min_seq);
        self.after_step(group_id, step, out);
    }

    pub(super) fn on_group_update(
        &mut self,
        group_id: String,
        group: Option<JoinedGroup>,
        out: &mut Vec<Action>,
    ) {
        match group {
            None => {
                self.groups.entries.remove(&group_id);
            }
            Some(g) => {
                let last = g.last_seq;
                let entry = self
                    .groups
                    .entries
                    .entry(group_id.clone())
                    .or_insert_with(|| GroupEntry {
                        info: None,
                        log: GroupLog::starting_at(last),
                    });
                entry.info = Some(g);
                let step = entry.log.on_known_max(last);
                self.after_step(&group_id, step, out);
            }
        }
        self.groups_changed(out);
    }

    /// A recalled or modified group message: the held copy (and last message) replaced, the
    /// app told with `name` (MESSAGE_REVOKED / MESSAGE_MODIFIED).
    pub(super) fn on_group_edited(
        &mut self,
        msg: GroupMessage,
        name: &'static str,
        out: &mut Vec<Action>,
    ) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        if let Some(e) = self.groups.entries.get_mut(log_key(&msg)) {
            if e.log.store.contains_key(&msg.seq) {
                e.log.store.insert(msg.seq, msg.clone());
            }
            if let Some(info) = e.info.as_mut() {
                if info.last_message.as_ref().is_some_and(|m| m.seq == msg.seq) {
                    info.last_message = Some(msg.clone());
                }
            }
        }
        out.push(emit(name, json!([MessageView::of_group(&msg, &me)])));
        self.conversations_changed(out);
    }

    pub(super) fn on_group_notice(&mut self, notice: Value, now: u64, out: &mut Vec<Action>) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        if self.on_attr_notice(&notice, out)
            || self.on_receipt_notice(&notice, out)
            || self.on_pin_notice(&notice, out)
            || self.on_topic_notice(&notice, out)
            || self.on_extras_notice(&notice, out)
        {
            return;
        }
        out.push(emit(
            event::MESSAGE_RECEIVED,
            json!([MessageView::of_notice(&notice, &me, now)]),
        ));
    }

    pub(super) fn on_group_ack(
        &mut self,
        id: String,
        message: GroupMessage,
        out: &mut Vec<Action>,
    ) {
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let group_id = log_key(&message).to_owned();
        let view = MessageView::of_group(&message, &me);
        self.outbox.messages.remove(&id);
        if message.seq > 0 {
            let seq = message.seq;
            let e = self
                .groups
                .entries
                .entry(group_id.clone())
                .or_insert_with(|| GroupEntry {
                    info: None,
                    log: GroupLog::starting_at(seq - 1),
                });
            {
                // My own message: applied (if in order) without an event here.
                let mut rest = e.log.on_push(message);
                let before = rest.applied.len();
                rest.applied.retain(|m| group_message_id(m) != id);
                if rest.applied.len() == before && e.log.contiguous < seq {
                    // Behind a gap: it is announced (not) when the gap fills.
                    self.groups.sent_early.insert(id.clone());
                }
                if let Some(info) = e.info.as_mut() {
                    info.read_seq = info.read_seq.max(view.sequence);
                }
                self.after_step(&group_id, rest, out);
            }
        }
        // My conversation list shows what I just sent.
        self.conversations_changed(out);
        out.push(Action::Resolve {
            key: id,
            data: json!({ "message": view }),
        });
    }

    /// The request id of the group-list request in flight (tests).
    #[cfg(test)]
    pub(super) fn pending_groups_request(&self) -> Option<u64> {
        self.requests
            .pending
            .iter()
            .find(|(_, p)| matches!(p, Pending::GroupList))
            .map(|(id, _)| *id)
    }

    /// The connection dropped: no pull is answered any more.
    pub(super) fn groups_disconnected(&mut self) {
        for e in self.groups.entries.values_mut() {
            e.log.on_disconnect();
        }
    }
}
