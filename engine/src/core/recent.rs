//! Conversation pins, marks, custom data and conversation groups on the client: the settings
//! the server keeps (`edgechat_proto::recent`), fetched at login and replaced whole by every
//! answer and update; the SDK calls that change them, and the events a change makes.

use super::{emit, event, Action, Call, ChatCore, Pending};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::group::MsgFlag;
use edgechat_proto::recent::{contact_id, contact_item, RecentState, MAX_PER_CALL};
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// The SDK's codes for a conversation a call cannot use (its failure list's `code`).
const CONV_NOT_FOUND: u32 = 2500;
const INVALID_CONV_ID: u32 = 2503;

/// How the answer to a settings command becomes the call's result.
#[derive(Debug, Clone)]
pub(super) enum RecentAnswer {
    /// The settings at login: no promise.
    Load,
    /// `pinConversation`: `{conversationID}`.
    Pin(String),
    /// Calls on a list of conversations: `{successConversationIDList,
    /// failureConversationIDList}`, with those refused before sending.
    Each(Vec<Value>),
    /// Calls on a whole group, and the receive option for all messages: `{}`.
    Nothing,
    /// `setMessageRemindType` with `userIDList`: `{successUserIDList, failureUserIDList}`.
    Users,
}

/// The receive option a remind type names (`TYPES.MSG_REMIND_*`).
fn remind_flag(args: &Value) -> Result<MsgFlag, ImError> {
    let raw = args["messageRemindType"].as_str().unwrap_or_default();
    MsgFlag::parse(raw).map_err(|_| {
        ImError::InvalidParameter(format!(
            "messageRemindType {raw:?} is not one of TYPES.MSG_REMIND_ACPT_AND_NOTE, MSG_REMIND_ACPT_NOT_NOTE, MSG_REMIND_DISCARD"
        ))
    })
}

/// One-to-one receive options are set for at most 30 users a call (more are left out, as
/// Tencent's SDK leaves them).
const REMIND_USERS: usize = 30;

/// A REST `ContactItem` as a conversation ID.
fn conversation_of(item: &Value) -> String {
    match item["Type"].as_u64() {
        Some(1) => format!("C2C{}", item["To_Account"].as_str().unwrap_or_default()),
        _ => format!("GROUP{}", item["ToGroupId"].as_str().unwrap_or_default()),
    }
}

/// Whether a group to create would get no conversation (Tencent's SDK then sends nothing).
fn items_empty(body: &Value) -> bool {
    body["GroupContactItem"][0]["ContactItem"]
        .as_array()
        .is_none_or(|l| l.is_empty())
}

fn failure(id: &str, code: u32, message: &str) -> Value {
    json!({ "conversationID": id, "code": code, "message": message })
}

/// A mark type (`TYPES.CONV_MARK_TYPE_*`, or 2^n for 32 ≤ n < 64) as its bit.
fn mark_bit(mark_type: &Value) -> Result<u64, ImError> {
    let n = mark_type
        .as_u64()
        .or_else(|| {
            mark_type
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 1.0)
                .map(|f| f as u64)
        })
        .unwrap_or(0);
    match n.is_power_of_two().then(|| n.trailing_zeros()) {
        Some(bit @ (0..=3 | 32..=63)) => Ok(bit.into()),
        _ => Err(ImError::InvalidParameter(format!(
            "markType {mark_type} is neither a TYPES.CONV_MARK_TYPE_* value nor 2^n with 32 <= n < 64"
        ))),
    }
}

fn text(args: &Value, key: &str) -> Result<String, ImError> {
    args[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| ImError::InvalidParameter(format!("{key} must be a string")))
}

impl ChatCore {
    /// Splits `conversationIDList` into those to send and those refused here (as Tencent's SDK
    /// refuses them: 2503 for an ID that is not C2C/GROUP, 2500 for one not in the list).
    fn usable(&self, args: &Value) -> Result<(Vec<String>, Vec<Value>), ImError> {
        let list = args["conversationIDList"]
            .as_array()
            .filter(|l| !l.is_empty() && l.len() <= MAX_PER_CALL);
        let list = list.ok_or_else(|| {
            ImError::InvalidParameter(format!(
                "conversationIDList must hold 1..={MAX_PER_CALL} conversation IDs"
            ))
        })?;
        let (mut ok, mut refused) = (vec![], vec![]);
        for id in list {
            let id = id.as_str().unwrap_or_default();
            if contact_id(id).is_err() {
                refused.push(failure(id, INVALID_CONV_ID, "invalid conversation ID"));
            } else if !self.has_conversation(id) {
                refused.push(failure(
                    id,
                    CONV_NOT_FOUND,
                    "the conversation is not in the list",
                ));
            } else if !ok.iter().any(|o| o == id) {
                ok.push(id.to_owned());
            }
        }
        Ok((ok, refused))
    }

    /// Sends settings command `op` for `answer`, or settles at once when nothing is left to send.
    fn recent_request(&mut self, op: &str, body: Value, answer: RecentAnswer, send: bool) -> Call {
        let key = self.key();
        if !send {
            let data = match answer {
                RecentAnswer::Each(refused) => {
                    json!({ "successConversationIDList": [], "failureConversationIDList": refused })
                }
                _ => json!({}),
            };
            return Call {
                key: key.clone(),
                actions: vec![Action::Resolve { key, data }],
            };
        }
        let op = op.to_owned();
        let action = self.request(
            |req_id| ClientFrame::Recent { req_id, op, body },
            Pending::Recent {
                key: Some(key.clone()),
                answer,
            },
        );
        Call {
            key,
            actions: vec![action],
        }
    }

    /// `mark_contact` with one `MarkItem` per usable conversation of `args`.
    fn mark_each(&mut self, args: &Value, item: impl Fn(&str) -> Value) -> Result<Call, ImError> {
        let (ids, refused) = self.usable(args)?;
        let items: Vec<Value> = ids.iter().map(|id| item(id)).collect();
        let send = !items.is_empty();
        let body = json!({ "MarkItem": items });
        Ok(self.recent_request("mark_contact", body, RecentAnswer::Each(refused), send))
    }

    /// The settings at login (after the conversation list).
    pub(super) fn request_recent(&mut self, out: &mut Vec<Action>) {
        let body = json!({});
        let action = self.request(
            |req_id| ClientFrame::Recent {
                req_id,
                op: "get_contact_group".into(),
                body,
            },
            Pending::Recent {
                key: None,
                answer: RecentAnswer::Load,
            },
        );
        out.push(action);
    }

    /// A conversation-settings call of the SDK (`pinConversation`, `markConversation`, …)
    /// with its `args` object.
    pub fn recent_call(&mut self, method: &str, args: &Value) -> Result<Call, ImError> {
        self.me()?;
        match method {
            "pinConversation" => {
                let id = text(args, "conversationID")?;
                contact_id(&id).map_err(|_| {
                    ImError::Coded(INVALID_CONV_ID, format!("conversationID {id:?} is invalid"))
                })?;
                let pinned = args["isPinned"].as_bool().ok_or_else(|| {
                    ImError::InvalidParameter("isPinned must be a boolean".into())
                })?;
                let body = json!({ "ContactItem": contact_item(&id), "TopFlag": u8::from(pinned) });
                let send = self.recent.get(&id).pinned != pinned;
                Ok(self.recent_request("pin_contact", body, RecentAnswer::Pin(id), send))
            }
            "markConversation" => {
                let bit = mark_bit(&args["markType"])?;
                let enable = args["enableMark"].as_bool().ok_or_else(|| {
                    ImError::InvalidParameter("enableMark must be a boolean".into())
                })?;
                let key = if enable { "SetMark" } else { "ClearMark" };
                self.mark_each(
                    args,
                    |id| json!({ "OptType": 1, "ContactItem": contact_item(id), key: [bit] }),
                )
            }
            "setConversationCustomData" => {
                let data = text(args, "customData")?;
                self.mark_each(
                    args,
                    |id| json!({ "OptType": 2, "ContactItem": contact_item(id), "CustomMark": data }),
                )
            }
            "createConversationGroup" => {
                let name = text(args, "groupName")?;
                let (ids, refused) = self.usable(args)?;
                let items: Vec<Value> = ids.iter().map(|id| contact_item(id)).collect();
                let body =
                    json!({ "GroupContactItem": [{ "GroupName": name, "ContactItem": items }] });
                let send = !items_empty(&body);
                Ok(self.recent_request(
                    "create_contact_group",
                    body,
                    RecentAnswer::Each(refused),
                    send,
                ))
            }
            "addConversationsToGroup" | "deleteConversationsFromGroup" => {
                let name = text(args, "groupName")?;
                let opt = if method == "addConversationsToGroup" {
                    1
                } else {
                    2
                };
                let (ids, refused) = self.usable(args)?;
                let items: Vec<Value> = (ids.iter())
                    .map(|id| json!({ "ContactOptType": opt, "ContactItem": contact_item(id) }))
                    .collect();
                let body = json!({ "UpdateType": 1, "UpdateGroup": {
                    "UpdateGroupType": 2, "OldGroupName": name, "ContactUpdateItem": items } });
                let send = !items.is_empty();
                Ok(self.recent_request(
                    "update_contact_group",
                    body,
                    RecentAnswer::Each(refused),
                    send,
                ))
            }
            "renameConversationGroup" => {
                let (old, new) = (text(args, "oldName")?, text(args, "newName")?);
                let body = json!({ "UpdateType": 1, "UpdateGroup": {
                    "UpdateGroupType": 1, "OldGroupName": old, "NewGroupName": new } });
                Ok(self.recent_request("update_contact_group", body, RecentAnswer::Nothing, true))
            }
            "deleteConversationGroup" => {
                let name = text(args, "groupName")?;
                let body = json!({ "GroupName": [name] });
                Ok(self.recent_request("del_contact_group", body, RecentAnswer::Nothing, true))
            }
            "setC2CMessageRemindType" => {
                let flag = remind_flag(args)?;
                let users: Vec<&Value> = (args["userIDList"].as_array())
                    .filter(|l| !l.is_empty())
                    .ok_or_else(|| {
                        ImError::InvalidParameter("userIDList must hold user IDs".into())
                    })?
                    .iter()
                    .take(REMIND_USERS)
                    .collect();
                let body = json!({ "To_Account": users, "MsgFlag": flag });
                Ok(self.recent_request("set_c2c_remind", body, RecentAnswer::Users, true))
            }
            "setAllReceiveMessageOpt" => {
                let flag = remind_flag(args)?;
                let body = json!({ "MsgFlag": flag, "StartTime": args["startTime"],
                    "EndTime": args["endTime"], "IsRepeated": args["isRepeated"] });
                Ok(self.recent_request("set_all_receive", body, RecentAnswer::Nothing, true))
            }
            "getAllReceiveMessageOpt" => {
                let key = self.key();
                let data = self.all_receive_view();
                Ok(Call {
                    key: key.clone(),
                    actions: vec![Action::Resolve { key, data }],
                })
            }
            "getConversationGroupList" => {
                let key = self.key();
                let data = json!(self
                    .recent
                    .groups
                    .iter()
                    .map(|g| &g.name)
                    .collect::<Vec<_>>());
                Ok(Call {
                    key: key.clone(),
                    actions: vec![Action::Resolve { key, data }],
                })
            }
            _ => Err(ImError::InvalidParameter(format!(
                "{method} is not a conversation-settings call"
            ))),
        }
    }

    /// A settings command's answer: the new settings, then the call's result.
    pub(super) fn on_recent_result(
        &mut self,
        key: Option<String>,
        answer: RecentAnswer,
        result: &Value,
        state: RecentState,
        out: &mut Vec<Action>,
    ) {
        self.set_recent(state, out);
        let Some(key) = key else {
            return;
        };
        let data = match answer {
            RecentAnswer::Load | RecentAnswer::Nothing => json!({}),
            RecentAnswer::Pin(id) => json!({ "conversationID": id }),
            RecentAnswer::Users => {
                let (mut ok, mut failed) = (vec![], vec![]);
                for item in result["ResultItem"].as_array().into_iter().flatten() {
                    let user = item["To_Account"].clone();
                    match item["ResultCode"].as_u64() {
                        Some(0) => ok.push(json!({ "userID": user })),
                        code => failed.push(json!({ "userID": user, "code": code,
                            "message": item["ResultInfo"] })),
                    }
                }
                json!({ "successUserIDList": ok, "failureUserIDList": failed })
            }
            RecentAnswer::Each(mut failures) => {
                let items = (result["ResultItem"].as_array())
                    .or_else(|| result["GroupResultItem"][0]["ResultItem"].as_array())
                    .or_else(|| result["UpdateGroupResult"]["ContactResultItem"].as_array());
                let mut success = vec![];
                for item in items.into_iter().flatten() {
                    let id = conversation_of(&item["ContactItem"]);
                    match item["ResultCode"].as_u64() {
                        Some(0) => success.push(json!(id)),
                        code => failures.push(failure(
                            &id,
                            code.and_then(|c| u32::try_from(c).ok()).unwrap_or_default(),
                            item["ResultInfo"].as_str().unwrap_or_default(),
                        )),
                    }
                }
                json!({ "successConversationIDList": success, "failureConversationIDList": failures })
            }
        };
        out.push(Action::Resolve { key, data });
    }

    /// Takes the server's settings: the events for what changed.
    pub(super) fn set_recent(&mut self, state: RecentState, out: &mut Vec<Action>) {
        let old = std::mem::replace(&mut self.recent, state);
        if old.all_receive != self.recent.all_receive {
            out.push(emit(
                event::ALL_RECEIVE_MESSAGE_OPT_UPDATED,
                self.all_receive_view(),
            ));
        }
        if old.contacts == self.recent.contacts && old.groups == self.recent.groups {
            return;
        }
        self.conversations_changed(out);
        let names = |s: &RecentState| s.groups.iter().map(|g| g.name.clone()).collect::<Vec<_>>();
        if names(&old) != names(&self.recent) {
            out.push(emit(
                event::CONVERSATION_GROUP_LIST_UPDATED,
                json!(names(&self.recent)),
            ));
        }
        // The conversation list, built once for all the groups whose members changed.
        let mut list: Option<Value> = None;
        for g in &self.recent.groups {
            let members = |s: &RecentState, id: u32| -> BTreeSet<String> {
                (s.contacts.iter())
                    .filter(|(_, c)| c.groups.contains(&id))
                    .map(|(conv, _)| conv.clone())
                    .collect()
            };
            let was = old
                .groups
                .iter()
                .find(|o| o.id == g.id)
                .map(|o| members(&old, o.id));
            let now = members(&self.recent, g.id);
            if was.as_ref().map_or(!now.is_empty(), |w| *w != now) {
                let list = list.get_or_insert_with(|| self.list_view());
                let in_group: Vec<&Value> = (list.as_array().into_iter().flatten())
                    .filter(|c| {
                        c["conversationGroupList"]
                            .as_array()
                            .is_some_and(|l| l.iter().any(|n| n == &json!(g.name)))
                    })
                    .collect();
                out.push(emit(
                    event::CONVERSATION_IN_GROUP_UPDATED,
                    json!({ "groupName": g.name, "conversationList": in_group }),
                ));
            }
        }
    }

    /// Adds a conversation's settings to its view (`isPinned`, `markList`, `customData`,
    /// `conversationGroupList`).
    pub(super) fn with_settings(&self, view: &mut Value) {
        let id = view["conversationID"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let s = self.recent.get(&id);
        let marks: Vec<u64> = (0..64)
            .filter(|b| s.marks & (1 << b) != 0)
            .map(|b| 1u64 << b)
            .collect();
        view["isPinned"] = json!(s.pinned);
        view["markList"] = json!(marks);
        view["customData"] = json!(s.custom_data);
        view["conversationGroupList"] = json!(self.recent.group_names(&s.groups));
        view["messageRemindType"] = json!(self.remind_of(&id));
    }

    /// A conversation's receive option: a one-to-one one's as set, a group's as my member
    /// option says.
    pub(super) fn remind_of(&self, id: &str) -> MsgFlag {
        match id.strip_prefix("GROUP") {
            Some(group) => (self.groups.entries.get(group).and_then(|e| e.info.as_ref()))
                .map_or(MsgFlag::AcceptAndNotify, |g| g.msg_flag),
            None => self
                .recent
                .get(id)
                .remind
                .unwrap_or(MsgFlag::AcceptAndNotify),
        }
    }

    /// `getAllReceiveMessageOpt`'s answer (and the update event's).
    fn all_receive_view(&self) -> Value {
        match &self.recent.all_receive {
            None => json!({ "messageRemindType": MsgFlag::AcceptAndNotify, "startTime": 0,
                "endTime": 0, "isRepeated": false }),
            Some(o) => json!({ "messageRemindType": o.flag, "startTime": o.start_time,
                "endTime": o.end_time, "isRepeated": o.is_repeated }),
        }
    }
}
