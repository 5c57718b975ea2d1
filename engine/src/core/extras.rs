//! Message extensions and reactions on the client: the seven SDK calls become group commands
//! (`group_set_key_values`, `add_reaction`, …) or, for one-to-one messages, `extras` frames with
//! the same bodies by `MsgKey`; their answers become the SDK's shapes, and the notices become
//! `MESSAGE_EXTENSIONS_UPDATED` / `_DELETED` and `MESSAGE_REACTIONS_UPDATED`. The core remembers each extension key's `Seq` (so a write names
//! the version it last saw, as Tencent's conflict check needs) and which reactions are mine.

use super::pins::user_info;
use super::{emit, event, Action, Call, ChatCore, Pending};
use crate::view::{group_message_id_of, message_id};
use edgechat_proto::codes;
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::group::GroupId;
use edgechat_proto::ImError;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The group notice types (`OpType`) of extension and reaction changes.
const EXTENSIONS_UPDATED: u64 = 108;
const REACTIONS_UPDATED: u64 = 109;

/// What the core keeps between calls.
#[derive(Debug, Default)]
pub struct ExtrasState {
    /// Each message's extension keys with the `Seq` last seen (by message ID).
    seqs: BTreeMap<String, BTreeMap<String, u64>>,
    /// (message ID, reaction ID) pairs I am on.
    mine: BTreeSet<(String, String)>,
}

/// The message a call names, from the app's Message object.
#[derive(Debug, Clone, Deserialize)]
pub struct MessageRef {
    #[serde(rename = "ID", default)]
    pub id: String,
    #[serde(rename = "conversationType", default)]
    pub conversation_type: String,
    /// The group or topic (a group message), or the receiver.
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub sequence: u64,
}

/// One extension as the SDK takes it.
#[derive(Debug, Clone, Deserialize)]
pub struct KeyValue {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// What an answer becomes.
#[derive(Debug, Clone)]
pub(super) enum Ask {
    /// A set or delete: `{extensions: [{code, key, value}]}`.
    Write { id: String },
    /// A read, page after page: `{extensions: [{key, value}]}`.
    Read {
        id: String,
        place: Place,
        body: Value,
        got: Vec<Value>,
    },
    /// A reaction added or removed: `{}`.
    React {
        id: String,
        reaction: String,
        add: bool,
    },
    /// `getMessageReactions`: the message IDs by SEQ (groups) or `MsgKey` (one to one).
    Reactions { ids: BTreeMap<String, String> },
    /// `getAllUserListOfMessageReaction`.
    Users,
}

/// Where a message's extras are asked for: its group, or the peer of its conversation.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Place {
    Group(String),
    C2c(String),
}

impl Place {
    fn frame(&self, req_id: u64, op: &str, body: Value) -> ClientFrame {
        match self {
            // The extension commands of groups have a `group_` prefix (Tencent's REST names).
            Place::Group(g) => ClientFrame::Group {
                req_id,
                op: if op.ends_with("key_values") {
                    format!("group_{op}")
                } else {
                    op.to_owned()
                },
                group_id: Some(g.clone()),
                body,
            },
            Place::C2c(peer) => ClientFrame::Extras {
                req_id,
                peer: peer.clone(),
                op: op.to_owned(),
                body,
            },
        }
    }
}

/// A group message's group, and the body naming its SEQ (and topic).
fn group_target(m: &MessageRef) -> Result<(String, Value), ImError> {
    if m.sequence == 0 {
        return Err(ImError::InvalidParameter(format!(
            "message {:?} has no sequence: only a sent message takes extensions and reactions",
            m.id
        )));
    }
    let place = m.to.as_str();
    let group = place.split("@TOPIC#_").next().unwrap_or(place);
    let group = GroupId::parse(group)?.to_string();
    let mut body = json!({ "MsgSeq": m.sequence });
    if place.contains("@TOPIC#_") {
        body["TopicId"] = json!(place);
    }
    Ok((group, body))
}

/// How a body or an answer names a message: its `MsgKey` (one to one) or its `MsgSeq` (groups).
fn message_name(v: &Value) -> String {
    match (&v["MsgKey"], &v["MsgSeq"]) {
        (Value::String(k), _) => k.clone(),
        (_, seq) => seq.to_string(),
    }
}

fn reaction_view(r: &Value, mine: bool) -> Value {
    let users: Vec<Value> = (r["UserIdList"].as_array().into_iter().flatten())
        .map(user_info)
        .collect();
    json!({
        "reactionID": r["ReactionId"],
        "totalUserCount": r["TotalUserCount"],
        "partialUserList": users,
        "reactedByMyself": mine,
    })
}

impl ChatCore {
    /// The place of message `m` and the body naming it (`MsgSeq` and topic, or `MsgKey`).
    fn extras_target(&self, m: &MessageRef) -> Result<(Place, Value), ImError> {
        match m.conversation_type.as_str() {
            "GROUP" => group_target(m).map(|(g, body)| (Place::Group(g), body)),
            "C2C" => {
                let (msg, peer) = self.stored_by_id(&m.id)?;
                Ok((Place::C2c(peer.to_string()), json!({ "MsgKey": msg.msg_key })))
            }
            other => Err(ImError::Coded(
                codes::INVALID_PARAMETER,
                format!("message {:?} of conversation type {other:?}: extensions and reactions are for C2C and GROUP messages", m.id),
            )),
        }
    }

    /// Sends command `op` for promise `key`; its answer goes to `on_extras_result`.
    fn extras_send(
        &mut self,
        place: &Place,
        op: &str,
        body: Value,
        key: String,
        ask: Ask,
    ) -> Action {
        self.request(
            |req_id| place.frame(req_id, op, body),
            Pending::Extras { key, ask },
        )
    }

    fn extras_request(&mut self, place: &Place, op: &str, body: Value, ask: Ask) -> Call {
        let key = self.key();
        let action = self.extras_send(place, op, body, key.clone(), ask);
        Call {
            key,
            actions: vec![action],
        }
    }

    /// `setMessageExtensions`: at most 20 keys, each written against the `Seq` last seen.
    pub fn set_message_extensions(
        &mut self,
        m: MessageRef,
        list: Vec<KeyValue>,
    ) -> Result<Call, ImError> {
        self.me()?;
        let (place, mut body) = self.extras_target(&m)?;
        let known = self.extras.seqs.get(&m.id);
        let items: Vec<Value> = list
            .iter()
            .map(|kv| {
                let seq = known.and_then(|k| k.get(&kv.key)).copied().unwrap_or(0);
                json!({ "Key": kv.key, "Value": kv.value, "Seq": seq })
            })
            .collect();
        body["OperateType"] = json!(1);
        body["ExtensionList"] = json!(items);
        Ok(self.extras_request(&place, "set_key_values", body, Ask::Write { id: m.id }))
    }

    /// `deleteMessageExtensions`: the keys named, or (none named) all of them.
    pub fn delete_message_extensions(
        &mut self,
        m: MessageRef,
        keys: Option<Vec<String>>,
    ) -> Result<Call, ImError> {
        self.me()?;
        let (place, mut body) = self.extras_target(&m)?;
        match keys {
            Some(keys) => {
                let known = self.extras.seqs.get(&m.id);
                let items: Vec<Value> = keys
                    .iter()
                    .map(|k| {
                        let seq = known.and_then(|s| s.get(k)).copied().unwrap_or(0);
                        json!({ "Key": k, "Value": "", "Seq": seq })
                    })
                    .collect();
                body["OperateType"] = json!(2);
                body["ExtensionList"] = json!(items);
            }
            None => body["OperateType"] = json!(3),
        }
        Ok(self.extras_request(&place, "set_key_values", body, Ask::Write { id: m.id }))
    }

    /// `getMessageExtensions`: every extension of the message.
    pub fn get_message_extensions(&mut self, m: MessageRef) -> Result<Call, ImError> {
        self.me()?;
        let (place, body) = self.extras_target(&m)?;
        let ask = Ask::Read {
            id: m.id,
            place: place.clone(),
            body: body.clone(),
            got: vec![],
        };
        Ok(self.extras_request(&place, "get_key_values", body, ask))
    }

    /// `addMessageReaction` / `removeMessageReaction`.
    pub fn react(&mut self, m: MessageRef, reaction: &str, add: bool) -> Result<Call, ImError> {
        self.me()?;
        let (place, mut body) = self.extras_target(&m)?;
        body["ReactionId"] = json!(reaction);
        let op = if add {
            "add_reaction"
        } else {
            "remove_reaction"
        };
        let ask = Ask::React {
            id: m.id,
            reaction: reaction.to_owned(),
            add,
        };
        Ok(self.extras_request(&place, op, body, ask))
    }

    /// `getMessageReactions`: the messages' reactions, with the first `max` (0..=10) users of
    /// each. The messages are one conversation's (the first one's).
    pub fn message_reactions(&mut self, list: Vec<MessageRef>, max: u32) -> Result<Call, ImError> {
        self.me()?;
        let first = list.first().ok_or_else(|| {
            ImError::InvalidParameter("messageList must hold at least one message".into())
        })?;
        let (place, first_body) = self.extras_target(first)?;
        if max > 10 {
            return Err(ImError::InvalidParameter(format!(
                "maxUserCountPerReaction {max}: give 0..=10"
            )));
        }
        // One conversation: the same place, and in a group the same topic.
        let mut ids = BTreeMap::new();
        let mut names = vec![];
        for m in &list {
            let (p, b) = self.extras_target(m)?;
            if p != place || b["TopicId"] != first_body["TopicId"] {
                return Err(ImError::InvalidParameter(
                    "messageList must hold messages of one conversation".into(),
                ));
            }
            ids.insert(message_name(&b), m.id.clone());
            names.push(
                b.get("MsgKey")
                    .cloned()
                    .unwrap_or_else(|| b["MsgSeq"].clone()),
            );
        }
        let mut body = json!({ "Count": max });
        match place {
            Place::Group(_) => {
                body["MsgSeqList"] = json!(names);
                if let Some(t) = first_body.get("TopicId") {
                    body["TopicId"] = t.clone();
                }
            }
            Place::C2c(_) => body["MsgKeyList"] = json!(names),
        }
        Ok(self.extras_request(&place, "get_reactions", body, Ask::Reactions { ids }))
    }

    /// `getAllUserListOfMessageReaction`: a page (≤ 100) of a reaction's users.
    pub fn reaction_users(
        &mut self,
        m: MessageRef,
        reaction: &str,
        next: u64,
        count: u32,
    ) -> Result<Call, ImError> {
        self.me()?;
        let (place, mut body) = self.extras_target(&m)?;
        body["ReactionId"] = json!(reaction);
        body["NextSeq"] = json!(next);
        body["Count"] = json!(count.clamp(1, 100));
        Ok(self.extras_request(&place, "get_reaction_users", body, Ask::Users))
    }

    /// Remembers the `Seq` of each extension an answer or a notice shows (a deleted key keeps
    /// its `Seq` with an empty value); `forget` drops them instead (a clear).
    fn note_seqs<'a>(&mut self, id: &str, list: impl Iterator<Item = &'a Value>, forget: bool) {
        let seqs = self.extras.seqs.entry(id.to_owned()).or_default();
        for e in list {
            let key = e["Key"].as_str().unwrap_or_default().to_owned();
            if forget {
                seqs.remove(&key);
            } else {
                seqs.insert(key, e["Seq"].as_u64().unwrap_or_default());
            }
        }
    }

    /// An answer to one of this file's commands.
    pub(super) fn on_extras_result(
        &mut self,
        key: String,
        ask: Ask,
        result: Value,
        out: &mut Vec<Action>,
    ) {
        let data = match ask {
            Ask::Write { id } => {
                let results = result["ResultList"].as_array().cloned().unwrap_or_default();
                // A conflict carries the key as it stands: its Seq makes the retry succeed.
                self.note_seqs(&id, results.iter().map(|r| &r["Extension"]), false);
                let list: Vec<Value> = results
                    .iter()
                    .map(|r| {
                        json!({
                            "code": r["ErrorCode"],
                            "key": r["Extension"]["Key"],
                            "value": r["Extension"]["Value"],
                        })
                    })
                    .collect();
                json!({ "extensions": list })
            }
            Ask::Read {
                id,
                place,
                mut body,
                mut got,
            } => {
                let page = result["ExtensionList"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                self.note_seqs(&id, page.iter(), false);
                let last = page.last().and_then(|e| e["Seq"].as_u64());
                got.extend(page);
                if let (Some(0), Some(last)) = (result["CompleteFlag"].as_u64(), last) {
                    body["StartSeq"] = json!(last + 1);
                    let ask = Ask::Read {
                        id,
                        place: place.clone(),
                        body: body.clone(),
                        got,
                    };
                    let action = self.extras_send(&place, "get_key_values", body, key, ask);
                    out.push(action);
                    return;
                }
                // A deleted key reads with an empty value: the app sees the others.
                let list: Vec<Value> = (got.iter())
                    .filter(|e| e["Value"].as_str().is_some_and(|v| !v.is_empty()))
                    .map(|e| json!({ "key": e["Key"], "value": e["Value"] }))
                    .collect();
                json!({ "extensions": list })
            }
            Ask::React { id, reaction, add } => {
                if add {
                    self.extras.mine.insert((id, reaction));
                } else {
                    self.extras.mine.remove(&(id, reaction));
                }
                json!({})
            }
            Ask::Reactions { ids } => {
                let mut list = vec![];
                for m in result["ResultList"].as_array().into_iter().flatten() {
                    let Some(id) = ids.get(&message_name(m)) else {
                        continue;
                    };
                    let mut reactions = vec![];
                    for r in m["ReactionList"].as_array().into_iter().flatten() {
                        let mine = r["ReactedByMyself"].as_bool().unwrap_or(false);
                        let pair = (
                            id.clone(),
                            r["ReactionId"].as_str().unwrap_or_default().to_owned(),
                        );
                        if mine {
                            self.extras.mine.insert(pair);
                        } else {
                            self.extras.mine.remove(&pair);
                        }
                        reactions.push(reaction_view(r, mine));
                    }
                    list.push(json!({ "messageID": id, "reactionList": reactions }));
                }
                json!({ "resultList": list })
            }
            Ask::Users => {
                let users: Vec<Value> = (result["UserIdList"].as_array().into_iter().flatten())
                    .map(user_info)
                    .collect();
                let next = result["NextSeq"].as_u64().unwrap_or_default();
                json!({ "userList": users, "nextSeq": next, "isCompleted": next == 0 })
            }
        };
        out.push(Action::Resolve { key, data });
    }

    /// An extension or reaction notice becomes its event; false for other notices.
    pub(super) fn on_extras_notice(&mut self, n: &Value, out: &mut Vec<Action>) -> bool {
        let op = n["OpType"].as_u64();
        if op != Some(EXTENSIONS_UPDATED) && op != Some(REACTIONS_UPDATED) {
            return false;
        }
        let from = n["MsgFrom"].as_str().unwrap_or_default();
        let random = n["MsgRandom"].as_u64().unwrap_or_default();
        let id = match n["MsgTo"].as_str() {
            Some(to) => message_id(from, to, u32::try_from(random).unwrap_or_default()),
            None => {
                let place = n["TopicId"].as_str().or_else(|| n["GroupId"].as_str());
                group_message_id_of(from, place.unwrap_or_default(), random)
            }
        };
        if op == Some(REACTIONS_UPDATED) {
            let reaction = n["ReactionId"].as_str().unwrap_or_default().to_owned();
            let me = self.session.me.as_ref().map(|m| m.to_string());
            let pair = (id.clone(), reaction);
            if n["Operator_Account"].as_str() == me.as_deref() {
                if n["OperateType"].as_u64() == Some(1) {
                    self.extras.mine.insert(pair.clone());
                } else {
                    self.extras.mine.remove(&pair);
                }
            }
            let mine = self.extras.mine.contains(&pair);
            let view = reaction_view(n, mine);
            out.push(emit(
                event::MESSAGE_REACTIONS_UPDATED,
                json!({ "messageID": id, "reactionList": [view] }),
            ));
            return true;
        }
        let list = n["ExtensionList"].as_array().cloned().unwrap_or_default();
        let cleared = n["OperateType"].as_u64() == Some(3);
        self.note_seqs(&id, list.iter(), cleared);
        if n["OperateType"].as_u64() == Some(1) {
            let extensions: Vec<Value> = list
                .iter()
                .map(|e| json!({ "key": e["Key"], "value": e["Value"] }))
                .collect();
            out.push(emit(
                event::MESSAGE_EXTENSIONS_UPDATED,
                json!({ "messageID": id, "extensions": extensions }),
            ));
        } else {
            let keys: Vec<Value> = list.iter().map(|e| e["Key"].clone()).collect();
            out.push(emit(
                event::MESSAGE_EXTENSIONS_DELETED,
                json!({ "messageID": id, "keyList": keys }),
            ));
        }
        true
    }
}
