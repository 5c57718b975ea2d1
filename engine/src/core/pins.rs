//! Pinned group messages on the client: the list a group's pins read gives, as Message
//! objects with `pinnerInfo`, and the pin notices as `PINNED_GROUP_MESSAGE_UPDATED`.

use super::{emit, event, Action, ChatCore};
use crate::view::MessageView;
use edgechat_proto::group::GroupMessage;
use serde_json::{json, Value};

/// The group notice type (`OpType`) of a message pinned or unpinned.
const MESSAGE_PINNED: u64 = 104;

/// Who pinned, as `pinnerInfo` / `operatorInfo` (nick and avatar are not known here).
pub(super) fn user_info(id: &Value) -> Value {
    json!({ "userID": id.as_str().unwrap_or_default(), "nick": "", "avatar": "" })
}

impl ChatCore {
    /// A group message from a server answer, as the app sees it.
    fn raw_group_view(&self, raw: &Value) -> Option<Value> {
        let me = self.session.me.as_ref()?;
        let m: GroupMessage = serde_json::from_value(raw.clone()).ok()?;
        serde_json::to_value(MessageView::of_group(&m, me)).ok()
    }

    /// `get_pinned_messages`' answer: `{messageList}` oldest first, each with `pinnerInfo`.
    pub(super) fn on_pinned_list(&mut self, key: String, result: &Value, out: &mut Vec<Action>) {
        let mut list: Vec<(u64, Value)> =
            (result["PinnedMsgList"].as_array().into_iter().flatten())
                .filter_map(|p| {
                    let mut v = self.raw_group_view(&p["Message"])?;
                    v["pinnerInfo"] = user_info(&p["Pinner_Account"]);
                    Some((p["MsgSeq"].as_u64().unwrap_or_default(), v))
                })
                .collect();
        list.sort_by_key(|(seq, _)| *seq);
        let messages: Vec<Value> = list.into_iter().map(|(_, v)| v).collect();
        out.push(Action::Resolve {
            key,
            data: json!({ "messageList": messages }),
        });
    }

    /// A pin notice becomes `PINNED_GROUP_MESSAGE_UPDATED`; false for other notices.
    pub(super) fn on_pin_notice(&mut self, notice: &Value, out: &mut Vec<Action>) -> bool {
        if notice["OpType"].as_u64() != Some(MESSAGE_PINNED) {
            return false;
        }
        let Some(message) = self.raw_group_view(&notice["Message"]) else {
            return true;
        };
        let group = notice["TopicId"]
            .as_str()
            .or_else(|| notice["GroupId"].as_str());
        out.push(emit(
            event::PINNED_GROUP_MESSAGE_UPDATED,
            json!({
                "groupID": group.unwrap_or_default(),
                "message": message,
                "isPinned": notice["IsPinned"].as_bool().unwrap_or(false),
                "operatorInfo": user_info(&notice["Operator_Account"]),
            }),
        ));
        true
    }
}
