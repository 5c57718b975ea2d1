//! `getMessageListHopping`: a page of a conversation from a point, older or newer: one to one
//! by the time the messages were sent (the server reads the inbox by time), in groups by SEQ
//! (the group's history pages).

use super::groups::{group_of, split_topic};
use super::{Action, Call, ChatCore, Pending};
use crate::view::MessageView;
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::message::StoredMessage;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Messages per hop, as Tencent's SDK caps them.
const MAX_HOP: u32 = 15;

/// What a hop asked for, to shape its answer.
#[derive(Debug, Clone)]
pub(super) enum Hop {
    C2c {
        newer: bool,
    },
    Group {
        group: String,
        newer: bool,
        from: u64,
        count: usize,
    },
}

impl ChatCore {
    /// `getMessageListHopping({conversationID, sequence, time, count, direction})`:
    /// `direction` 0 goes back from the point (it included), 1 forward.
    pub fn message_list_hopping(
        &mut self,
        conversation_id: &str,
        sequence: Option<u64>,
        time: Option<u64>,
        count: Option<u32>,
        direction: u32,
    ) -> Result<Call, ImError> {
        self.me()?;
        let count = count.unwrap_or(MAX_HOP).clamp(1, MAX_HOP);
        let newer = match direction {
            0 => false,
            1 => true,
            d => {
                return Err(ImError::InvalidParameter(format!(
                    "direction {d} is neither 0 (older) nor 1 (newer)"
                )))
            }
        };
        let key = self.key();
        if conversation_id.starts_with("GROUP") {
            let group = group_of(conversation_id)?;
            let (gid, topic) = split_topic(&group)?;
            let from = sequence.filter(|s| *s > 0);
            if newer && from.is_none() {
                let data = json!({ "messageList": [], "isCompleted": true, "nextMessageSeq": "" });
                return Ok(Call {
                    key: key.clone(),
                    actions: vec![Action::Resolve { key, data }],
                });
            }
            let mut body = json!({ "count": count });
            if let Some(s) = from {
                // `sequence` is the app's: any u64, so the bound saturates.
                let before = if newer { u64::from(count) } else { 1 };
                body["before"] = json!(s.saturating_add(before));
            }
            if let Some(t) = topic {
                body["TopicId"] = json!(t);
            }
            let hop = Hop::Group {
                group,
                newer,
                from: from.unwrap_or(u64::MAX),
                count: count as usize,
            };
            let action = self.request(
                |req_id| ClientFrame::Group {
                    req_id,
                    op: "history".into(),
                    group_id: Some(gid),
                    body,
                },
                Pending::Hopping {
                    key: key.clone(),
                    hop,
                },
            );
            return Ok(Call {
                key,
                actions: vec![action],
            });
        }
        let peer = super::conversations::c2c_peer(conversation_id)?;
        let at = time
            .filter(|t| *t > 0)
            .unwrap_or(if newer { 0 } else { u64::MAX });
        let action = self.request(
            |req_id| ClientFrame::History {
                req_id,
                peer: peer.to_string(),
                before_seq: None,
                count: Some(count),
                time: Some(at),
                newer,
            },
            Pending::Hopping {
                key: key.clone(),
                hop: Hop::C2c { newer },
            },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// A one-to-one hop's page (oldest first): held, and shown with where the next hop starts.
    pub(super) fn on_c2c_hop(
        &mut self,
        key: String,
        newer: bool,
        messages: Vec<StoredMessage>,
        complete: bool,
        out: &mut Vec<Action>,
    ) {
        for m in &messages {
            self.c2c.inbox.store.insert_if_absent(m.seq, m.clone());
        }
        let next = match (complete, newer, messages.first(), messages.last()) {
            (false, true, _, Some(last)) => json!(last.time + 1),
            (false, false, Some(first), _) => json!(first.time.saturating_sub(1)),
            _ => json!(0),
        };
        let data = json!({ "messageList": self.views(&messages), "isCompleted": complete, "nextMessageTime": next });
        out.push(Action::Resolve { key, data });
    }

    /// A group hop's page (the group's history answer), held, cut to the side asked for.
    pub(super) fn on_group_hop(
        &mut self,
        key: String,
        hop: Hop,
        result: &Value,
        out: &mut Vec<Action>,
    ) {
        let Hop::Group {
            group,
            newer,
            from,
            count,
        } = hop
        else {
            return;
        };
        let Some(me) = self.session.me.clone() else {
            return;
        };
        let cleared = self.group_cleared(&group);
        let messages: Vec<GroupMessage> =
            serde_json::from_value::<Vec<GroupMessage>>(result["messages"].clone())
                .unwrap_or_default()
                .into_iter()
                .filter(|m| m.seq > cleared && if newer { m.seq >= from } else { m.seq <= from })
                .collect();
        let newest = (self.groups.entries.get(&group))
            .and_then(|e| e.info.as_ref())
            .map_or(0, |g| g.last_seq);
        if let Some(e) = self.groups.entries.get_mut(&group) {
            for m in &messages {
                e.log.store.upsert(m.seq, m.clone());
            }
        }
        let complete = if newer {
            messages.len() < count || messages.last().is_some_and(|m| m.seq >= newest)
        } else {
            result["complete"].as_bool().unwrap_or(true)
        };
        let next = match (complete, newer, messages.first(), messages.last()) {
            (false, true, _, Some(last)) => json!(last.seq + 1),
            (false, false, Some(first), _) => json!(first.seq.saturating_sub(1)),
            _ => json!(""),
        };
        let views: Vec<MessageView> = messages
            .iter()
            .map(|m| MessageView::of_group(m, &me))
            .collect();
        let data = json!({ "messageList": views, "isCompleted": complete, "nextMessageSeq": next });
        out.push(Action::Resolve { key, data });
    }
}
