//! Extensions and reactions on group messages: members (and the app admin) set a message's
//! key-value extensions (`group_set_key_values`, with Tencent's per-key `Seq`) and react to it;
//! every change is a notice to the group's room (`MESSAGE_EXTENSIONS_UPDATED` /
//! `_DELETED`, `MESSAGE_REACTIONS_UPDATED`). Not in AVChatRoom. The rules are
//! `edgechat_proto::extras`; this file finds the message and stores the result beside it.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use super::tips::{notice_to_everyone, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::extras::{ExtOp, ExtensionItem, MAX_PARTIAL_USERS};
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// Messages one `get_reactions` reads.
pub const MAX_REACTION_MESSAGES: usize = 20;

/// The message a call names: its log, SEQ, sender and random.
struct Target {
    log: String,
    seq: u64,
    from: String,
    random: u32,
}

impl<S: GroupStore> Group<'_, S> {
    /// The log a message lives in (the group's own, or a checked topic), and message `seq`
    /// there, which must be one that may carry extras (not recalled, not a tip).
    fn extras_target(&self, topic: Option<&str>, seq: u64) -> Result<Target, ImError> {
        let log = self.log_named(topic)?;
        let found = (seq > 0)
            .then(|| self.store.log_range(&log, seq, seq))
            .transpose()?
            .and_then(|m| m.into_iter().next())
            .filter(|m| !m.recalled && !m.is_tip());
        match found {
            Some(m) => Ok(Target {
                log,
                seq,
                from: m.from,
                random: m.random,
            }),
            None => Err(code(
                codes::INVALID_PARAMETER,
                format!("MsgSeq {seq}: no message there that extensions or reactions may name"),
            )),
        }
    }

    /// A notice about message `t` for every member; it names the message's sender and random
    /// so that a device can tell the message's ID.
    fn extras_notice(&self, kind: NoticeKind, who: &str, t: &Target, mut extra: Value) -> Effects {
        extra["MsgSeq"] = json!(t.seq);
        extra["MsgFrom"] = json!(t.from);
        extra["MsgRandom"] = json!(t.random);
        if !t.log.is_empty() {
            extra["TopicId"] = json!(t.log);
        }
        let n = notice_to_everyone(self.id(), self.ty(), kind, who, extra);
        Effects {
            notices: vec![n],
            ..Effects::default()
        }
    }

    /// `group_set_key_values`: sets, deletes or clears (`op`) extensions of message `seq`.
    /// Answers `ResultList` (a stale `Seq` is 23001 for that key only) and `LatestSeq`.
    pub fn set_message_extensions(
        &mut self,
        caller: &Caller,
        topic: Option<&str>,
        seq: u64,
        op: ExtOp,
        items: &[ExtensionItem],
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MessageExtras)?;
        let t = self.extras_target(topic, seq)?;
        let mut extras = self.store.message_extras(&t.log, seq)?;
        let (results, changed) = extras.extensions.apply(op, items)?;
        let latest = extras.extensions.latest();
        let clear = extras.extensions.clear_seq();
        let answer = json!({ "ResultList": results, "LatestSeq": latest });
        if changed.is_empty() {
            return Ok(reply(answer));
        }
        self.store.put_message_extras(&t.log, seq, &extras)?;
        let body = json!({
            "OperateType": op as u8,
            "ExtensionList": changed,
            "LatestSeq": latest,
            "ClearSeq": clear,
        });
        let fx = self.extras_notice(NoticeKind::ExtensionsUpdated, &caller.name(), &t, body);
        Ok(Effects {
            reply: answer,
            ..fx
        })
    }

    /// `group_get_key_values`: message `seq`'s extensions written at `start` or later.
    pub fn message_extensions(
        &self,
        caller: &Caller,
        topic: Option<&str>,
        seq: u64,
        start: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MessageExtras)?;
        let t = self.extras_target(topic, seq)?;
        let page = self
            .store
            .message_extras(&t.log, seq)?
            .extensions
            .page(start);
        Ok(reply(json!({
            "CompleteFlag": u8::from(page.complete),
            "LatestSeq": page.latest,
            "ClearSeq": page.clear,
            "ExtensionList": page.list,
        })))
    }

    /// `add_reaction` / `remove_reaction`: the caller's reaction `id` on message `seq`.
    pub fn react(
        &mut self,
        caller: &Caller,
        topic: Option<&str>,
        seq: u64,
        id: &str,
        add: bool,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MessageExtras)?;
        let t = self.extras_target(topic, seq)?;
        let me = caller.name();
        let mut extras = self.store.message_extras(&t.log, seq)?;
        if add {
            extras.reactions.add(id, &me)?;
        } else {
            extras.reactions.remove(id, &me)?;
        }
        self.store.put_message_extras(&t.log, seq, &extras)?;
        let now = extras.reactions.one(id, &me, MAX_PARTIAL_USERS);
        let body = json!({
            "OperateType": if add { 1 } else { 2 },
            "ReactionId": id,
            "TotalUserCount": now.as_ref().map_or(0, |r| r.total),
            "UserIdList": now.map(|r| r.users).unwrap_or_default(),
        });
        let fx = self.extras_notice(NoticeKind::ReactionsUpdated, &me, &t, body);
        Ok(Effects {
            reply: json!({}),
            ..fx
        })
    }

    /// `get_reactions`: the reactions of messages `seqs` as the caller sees them, with the
    /// first `partial` users of each. A message that cannot carry reactions has none.
    pub fn reactions(
        &self,
        caller: &Caller,
        topic: Option<&str>,
        seqs: &[u64],
        partial: usize,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MessageExtras)?;
        if seqs.is_empty() || seqs.len() > MAX_REACTION_MESSAGES {
            return Err(code(
                codes::INVALID_PARAMETER,
                format!(
                    "MsgSeqList has {} messages; give 1..={MAX_REACTION_MESSAGES}",
                    seqs.len()
                ),
            ));
        }
        let me = caller.name();
        let mut list = vec![];
        for &seq in seqs {
            let reactions = match self.extras_target(topic, seq) {
                Ok(t) => self
                    .store
                    .message_extras(&t.log, seq)?
                    .reactions
                    .summary(&me, partial),
                Err(_) => vec![],
            };
            list.push(json!({ "MsgSeq": seq, "ReactionList": reactions }));
        }
        Ok(reply(json!({ "ResultList": list })))
    }

    /// `get_reaction_users`: a page of the users on reaction `id` of message `seq`.
    pub fn reaction_users(
        &self,
        caller: &Caller,
        topic: Option<&str>,
        seq: u64,
        id: &str,
        next: usize,
        count: usize,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::MessageExtras)?;
        let t = self.extras_target(topic, seq)?;
        let (users, next) = self
            .store
            .message_extras(&t.log, seq)?
            .reactions
            .users(id, next, count);
        Ok(reply(json!({ "UserIdList": users, "NextSeq": next })))
    }
}

#[cfg(test)]
mod tests {
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::tests::{make, send, uid};
    use edgechat_proto::codes;
    use edgechat_proto::extras::{ExtOp, ExtensionItem};
    use edgechat_proto::group::GroupType;

    fn code<T: std::fmt::Debug>(r: Result<T, edgechat_proto::ImError>) -> u32 {
        r.expect_err("refused").code()
    }

    fn item(key: &str, value: &str, seq: u64) -> ExtensionItem {
        ExtensionItem {
            key: key.into(),
            value: value.into(),
            seq: Some(seq),
        }
    }

    #[test]
    fn members_set_extensions_and_everyone_hears() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a", "b"]);
        let mut g = Group::load(&store, "g1").expect("load");
        send(&mut g, "a", 1, 100).expect("sent");
        let a = Caller::user(uid("a"));
        let fx = g
            .set_message_extensions(&a, None, 1, ExtOp::Set, &[item("vote-a", "yes", 0)])
            .expect("set");
        assert_eq!(fx.reply["ResultList"][0]["ErrorCode"], 0);
        assert_eq!(fx.reply["LatestSeq"], 1);
        assert!(fx.notices[0].everyone);
        assert_eq!(fx.notices[0].body["OpType"], 108);
        assert_eq!(fx.notices[0].body["ExtensionList"][0]["Key"], "vote-a");
        // b never saw vote-a: a conflict, no notice, nothing stored.
        let b = Caller::user(uid("b"));
        let before = g.store.message_extras("", 1).expect("read");
        let fx = g
            .set_message_extensions(&b, None, 1, ExtOp::Set, &[item("vote-a", "no", 0)])
            .expect("answered");
        assert_eq!(
            fx.reply["ResultList"][0]["ErrorCode"],
            codes::EXTENSION_CONFLICT
        );
        assert_eq!(fx.reply["ResultList"][0]["Extension"]["Value"], "yes");
        assert!(fx.notices.is_empty());
        assert_eq!(g.store.message_extras("", 1).expect("read"), before);
        let read = g.message_extensions(&b, None, 1, 0).expect("read").reply;
        assert_eq!(read["CompleteFlag"], 1);
        assert_eq!(read["ExtensionList"][0]["Value"], "yes");
        let outsider = Caller::user(uid("stranger"));
        assert_eq!(
            code(g.message_extensions(&outsider, None, 1, 0)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.set_message_extensions(&a, None, 9, ExtOp::Set, &[item("k", "v", 0)])),
            codes::INVALID_PARAMETER,
            "no message 9"
        );
        let fx = g
            .set_message_extensions(&a, None, 1, ExtOp::Clear, &[])
            .expect("cleared");
        assert_eq!(fx.notices[0].body["OperateType"], 3);
        assert_eq!(fx.notices[0].body["ClearSeq"], 1);
    }

    #[test]
    fn reactions_are_counted_and_paged() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Work, &["a", "b"]);
        let mut g = Group::load(&store, "g1").expect("load");
        send(&mut g, "owner", 1, 100).expect("sent");
        send(&mut g, "owner", 2, 100).expect("sent");
        let a = Caller::user(uid("a"));
        let b = Caller::user(uid("b"));
        let fx = g.react(&a, None, 1, "like", true).expect("added");
        assert_eq!(fx.notices[0].body["OpType"], 109);
        assert_eq!(fx.notices[0].body["TotalUserCount"], 1);
        g.react(&b, None, 1, "like", true).expect("added");
        assert_eq!(
            code(g.react(&b, None, 1, "like", true)),
            codes::REACTION_ALREADY_ADDED
        );
        assert_eq!(
            code(g.react(&b, None, 2, "like", false)),
            codes::REACTION_NOT_ADDED
        );
        let seen = g.reactions(&a, None, &[1, 2, 77], 1).expect("read").reply;
        let first = &seen["ResultList"][0]["ReactionList"][0];
        assert_eq!(
            (
                first["TotalUserCount"].as_u64(),
                first["ReactedByMyself"].as_bool()
            ),
            (Some(2), Some(true))
        );
        assert_eq!(first["UserIdList"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            seen["ResultList"][1]["ReactionList"]
                .as_array()
                .map(Vec::len),
            Some(0)
        );
        assert_eq!(
            code(g.reactions(&a, None, &[], 1)),
            codes::INVALID_PARAMETER
        );
        let page = g
            .reaction_users(&b, None, 1, "like", 0, 1)
            .expect("read")
            .reply;
        assert_eq!(
            (page["UserIdList"][0].as_str(), page["NextSeq"].as_u64()),
            (Some("a"), Some(1))
        );
        let fx = g.react(&a, None, 1, "like", false).expect("removed");
        assert_eq!(fx.notices[0].body["UserIdList"][0], "b");
        let outsider = Caller::user(uid("stranger"));
        assert_eq!(
            code(g.react(&outsider, None, 1, "like", true)),
            codes::NO_PERMISSION
        );
    }

    #[test]
    fn av_chat_rooms_have_no_extras() {
        let store = MemoryGroup::default();
        make(&store, GroupType::AvChatRoom, &[]);
        let mut g = Group::load(&store, "g1").expect("load");
        send(&mut g, "owner", 1, 100).expect("sent");
        let a = Caller::user(uid("owner"));
        assert_eq!(
            code(g.react(&a, None, 1, "like", true)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.set_message_extensions(&a, None, 1, ExtOp::Set, &[item("k", "v", 0)])),
            codes::NO_PERMISSION
        );
    }
}
