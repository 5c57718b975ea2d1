//! Extensions and reactions on one-to-one messages. One side keeps a conversation's extras: the
//! user whose ID sorts first ([`keeper`]), so both users' writes meet in one place and the
//! per-key versions stay exact. The commands and fields are the group ones with `MsgKey` for
//! `MsgSeq`; the rules are `edgechat_proto::extras`. Pure: the user object stores and tells.

use super::InboxStore;
use edgechat_proto::codes;
use edgechat_proto::extras::{ExtOp, ExtrasRequest, MessageExtras, MAX_PARTIAL_USERS};
use edgechat_proto::message::StoredMessage;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Messages one `get_reactions` reads.
pub const MAX_REACTION_MESSAGES: usize = 20;

/// Where a conversation's extras are kept.
pub trait ExtrasStore {
    fn extras(&self, peer: &UserId, key: &str) -> Result<MessageExtras, ImError>;
    fn put_extras(&self, peer: &UserId, key: &str, extras: &MessageExtras) -> Result<(), ImError>;
}

/// The user whose object keeps the extras of the conversation between `a` and `b`.
pub fn keeper<'a>(a: &'a UserId, b: &'a UserId) -> &'a UserId {
    if a.as_str() <= b.as_str() {
        a
    } else {
        b
    }
}

/// A command's answer, and the notice both users' devices get when something changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub reply: Value,
    pub notice: Option<Value>,
}

fn invalid(why: impl Into<String>) -> ImError {
    ImError::Coded(codes::INVALID_PARAMETER, why.into())
}

/// The message `key` of the conversation with `peer`, if it may carry extras.
fn target<I: InboxStore>(inbox: &I, peer: &UserId, key: &str) -> Result<StoredMessage, ImError> {
    (inbox.by_key(peer, key)?)
        .filter(|m| !m.recalled)
        .ok_or_else(|| {
            invalid(format!(
                "MsgKey {key:?}: no message with {peer} that extensions or reactions may name"
            ))
        })
}

/// A notice naming message `m`.
fn notice(m: &StoredMessage, actor: &str, op_type: u64, mut extra: Value) -> Value {
    extra["OpType"] = json!(op_type);
    extra["Operator_Account"] = json!(actor);
    extra["MsgKey"] = json!(m.msg_key);
    extra["MsgFrom"] = json!(m.from);
    extra["MsgTo"] = json!(m.to);
    extra["MsgRandom"] = json!(m.random);
    extra
}

/// Runs extras command `op` on the conversation with `peer`, for `actor` (a user of the
/// conversation, or an app admin, whose writes need no `Seq`).
pub fn run<I: InboxStore, E: ExtrasStore>(
    inbox: &I,
    store: &E,
    peer: &UserId,
    actor: &str,
    op: &str,
    body: &Value,
) -> Result<Outcome, ImError> {
    let req: ExtrasRequest = crate::request_body::parse(op, body, codes::INVALID_PARAMETER)?;
    let reply = |v| {
        Ok(Outcome {
            reply: v,
            notice: None,
        })
    };
    match op {
        "set_key_values" => {
            let how = ExtOp::parse(req.op.unwrap_or_default())?;
            let m = target(inbox, peer, &req.key)?;
            let mut x = store.extras(peer, &m.msg_key)?;
            let (results, changed) = x.extensions.apply(how, &req.extensions)?;
            let answer = json!({ "ResultList": results, "LatestSeq": x.extensions.latest() });
            if changed.is_empty() {
                return reply(answer);
            }
            store.put_extras(peer, &m.msg_key, &x)?;
            let n = json!({
                "OperateType": how as u8,
                "ExtensionList": changed,
                "LatestSeq": x.extensions.latest(),
                "ClearSeq": x.extensions.clear_seq(),
            });
            Ok(Outcome {
                reply: answer,
                notice: Some(notice(&m, actor, 108, n)),
            })
        }
        "get_key_values" => {
            let m = target(inbox, peer, &req.key)?;
            let page = store.extras(peer, &m.msg_key)?.extensions.page(req.start);
            reply(json!({
                "CompleteFlag": u8::from(page.complete),
                "LatestSeq": page.latest,
                "ClearSeq": page.clear,
                "ExtensionList": page.list,
            }))
        }
        "add_reaction" | "remove_reaction" => {
            let m = target(inbox, peer, &req.key)?;
            let mut x = store.extras(peer, &m.msg_key)?;
            if op == "add_reaction" {
                x.reactions.add(&req.reaction, actor)?;
            } else {
                x.reactions.remove(&req.reaction, actor)?;
            }
            store.put_extras(peer, &m.msg_key, &x)?;
            let now = x.reactions.one(&req.reaction, actor, MAX_PARTIAL_USERS);
            let n = json!({
                "OperateType": if op == "add_reaction" { 1 } else { 2 },
                "ReactionId": req.reaction,
                "TotalUserCount": now.as_ref().map_or(0, |r| r.total),
                "UserIdList": now.map(|r| r.users).unwrap_or_default(),
            });
            Ok(Outcome {
                reply: json!({}),
                notice: Some(notice(&m, actor, 109, n)),
            })
        }
        "get_reactions" => {
            if req.keys.is_empty() || req.keys.len() > MAX_REACTION_MESSAGES {
                return Err(invalid(format!(
                    "MsgKeyList has {} messages; give 1..={MAX_REACTION_MESSAGES}",
                    req.keys.len()
                )));
            }
            let partial = req.count.unwrap_or(MAX_PARTIAL_USERS);
            let mut list = vec![];
            for key in &req.keys {
                let reactions = match target(inbox, peer, key) {
                    Ok(m) => store
                        .extras(peer, &m.msg_key)?
                        .reactions
                        .summary(actor, partial),
                    Err(_) => vec![],
                };
                list.push(json!({ "MsgKey": key, "ReactionList": reactions }));
            }
            reply(json!({ "ResultList": list }))
        }
        "get_reaction_users" => {
            let m = target(inbox, peer, &req.key)?;
            let count = req.count.unwrap_or(100);
            let (users, next) =
                store
                    .extras(peer, &m.msg_key)?
                    .reactions
                    .users(&req.reaction, req.next, count);
            reply(json!({ "UserIdList": users, "NextSeq": next }))
        }
        _ => Err(invalid(format!("unknown extras command {op:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::memory::MemoryInbox;
    use edgechat_proto::fixtures::stored;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Mem(RefCell<BTreeMap<(String, String), MessageExtras>>);

    impl ExtrasStore for Mem {
        fn extras(&self, peer: &UserId, key: &str) -> Result<MessageExtras, ImError> {
            let k = (peer.to_string(), key.to_owned());
            Ok(self.0.borrow().get(&k).cloned().unwrap_or_default())
        }
        fn put_extras(&self, peer: &UserId, key: &str, x: &MessageExtras) -> Result<(), ImError> {
            let k = (peer.to_string(), key.to_owned());
            self.0.borrow_mut().insert(k, x.clone());
            Ok(())
        }
    }

    fn uid(s: &str) -> UserId {
        UserId::parse(s).expect("user id")
    }

    #[test]
    fn the_first_sorted_user_keeps_the_extras() {
        assert_eq!(keeper(&uid("bob"), &uid("alice")).as_str(), "alice");
        assert_eq!(keeper(&uid("alice"), &uid("bob")).as_str(), "alice");
    }

    #[test]
    fn both_users_write_against_one_record_and_hear_it() {
        let inbox = MemoryInbox::default();
        let m = inbox
            .append(stored(0, "bob", "alice", 7, 100, "vote"), &uid("bob"))
            .expect("stored");
        let store = Mem::default();
        let bob = uid("bob");
        let set = json!({ "MsgKey": m.msg_key, "OperateType": 1, "ExtensionList": [{ "Key": "k", "Value": "v", "Seq": 0 }] });
        let out = run(&inbox, &store, &bob, "bob", "set_key_values", &set).expect("set");
        assert_eq!(out.reply["ResultList"][0]["ErrorCode"], 0);
        let n = out.notice.expect("told");
        assert_eq!(
            (
                n["OpType"].as_u64(),
                n["MsgFrom"].as_str(),
                n["MsgTo"].as_str()
            ),
            (Some(108), Some("bob"), Some("alice"))
        );
        let again = run(&inbox, &store, &bob, "alice", "set_key_values", &set).expect("answered");
        assert_eq!(
            again.reply["ResultList"][0]["ErrorCode"],
            codes::EXTENSION_CONFLICT
        );
        assert!(again.notice.is_none());

        let react = json!({ "MsgKey": m.msg_key, "ReactionId": "like" });
        run(&inbox, &store, &bob, "alice", "add_reaction", &react).expect("added");
        let e = run(&inbox, &store, &bob, "alice", "add_reaction", &react).expect_err("twice");
        assert_eq!(e.code(), codes::REACTION_ALREADY_ADDED);
        let read = json!({ "MsgKeyList": [m.msg_key, "1_2_3"] });
        let got = run(&inbox, &store, &bob, "bob", "get_reactions", &read).expect("read");
        assert_eq!(
            got.reply["ResultList"][0]["ReactionList"][0]["TotalUserCount"],
            1
        );
        assert_eq!(
            got.reply["ResultList"][0]["ReactionList"][0]["ReactedByMyself"],
            false
        );
        assert_eq!(got.reply["ResultList"][1]["ReactionList"], json!([]));

        let missing = json!({ "MsgKey": "9_9_9", "ReactionId": "like" });
        let e = run(&inbox, &store, &bob, "bob", "add_reaction", &missing).expect_err("no message");
        assert_eq!(e.code(), codes::INVALID_PARAMETER);
        let e = run(&inbox, &store, &bob, "bob", "nope", &json!({})).expect_err("unknown");
        assert_eq!(e.code(), codes::INVALID_PARAMETER);
    }
}
