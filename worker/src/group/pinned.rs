//! Pinned group messages: at most 10 per log (the group's own, or a Community topic's),
//! pinned and unpinned by the owner, the admins and the app admin; every change is a notice
//! to the group's room (`PINNED_GROUP_MESSAGE_UPDATED`). Not in AVChatRoom.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::service::reply;
use super::store::GroupStore;
use super::tips::{notice_to_everyone, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;

/// Pinned messages per log (Tencent: 10, then 10070).
pub const MAX_PINNED: usize = 10;

/// One pinned message: its SEQ, who pinned it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin {
    pub seq: u64,
    pub pinner: String,
    pub time: u64,
}

/// The pinned messages of every log of the group, by log ("" is the group's own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinnedState {
    #[serde(default)]
    pub logs: BTreeMap<String, Vec<Pin>>,
}

impl<S: GroupStore> Group<'_, S> {
    /// `pin_message` / `unpin_message`: message `seq` of `topic` (or the group) pinned or
    /// unpinned, by the caller or, when an app admin names one (`Pinner_Account`), by `pinner`.
    pub fn pin_message(
        &mut self,
        caller: &Caller,
        topic: Option<&str>,
        seq: u64,
        pinned: bool,
        pinner: Option<&str>,
        now: u64,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::PinMessage)?;
        let who = match pinner.filter(|_| caller.app_admin) {
            Some(p) => UserId::parse(p)
                .map_err(|e| code(codes::INVALID_PARAMETER, format!("Pinner_Account: {e}")))?
                .to_string(),
            None => caller.name(),
        };
        let log = self.log_named(topic)?;
        let msg = (self.store.log_range(&log, seq, seq)?.into_iter().next())
            .filter(|m| seq > 0 && !m.recalled)
            .ok_or_else(|| {
                code(
                    codes::INVALID_PARAMETER,
                    format!("MsgSeq {seq}: no stored message to pin there"),
                )
            })?;
        let mut st = self.store.pinned_state()?;
        let pins = st.logs.entry(log.clone()).or_default();
        let at = pins.iter().position(|p| p.seq == seq);
        match (pinned, at) {
            (true, Some(_)) => {
                return Err(code(
                    codes::MESSAGE_ALREADY_PINNED,
                    format!("message {seq} is pinned already"),
                ))
            }
            (true, None) if pins.len() >= MAX_PINNED => {
                return Err(code(
                    codes::PINNED_MESSAGES_FULL,
                    format!("{MAX_PINNED} messages are pinned already; unpin one first"),
                ))
            }
            (true, None) => pins.push(Pin {
                seq,
                pinner: who.clone(),
                time: now,
            }),
            (false, Some(i)) => {
                pins.remove(i);
            }
            (false, None) => {
                return Err(code(
                    codes::INVALID_PARAMETER,
                    format!("message {seq} is not pinned"),
                ))
            }
        }
        st.logs.retain(|_, p| !p.is_empty());
        self.store.put_pinned_state(&st)?;
        let mut extra = json!({ "MsgSeq": seq, "IsPinned": pinned, "Message": msg });
        if !log.is_empty() {
            extra["TopicId"] = json!(log);
        }
        let n = notice_to_everyone(self.id(), self.ty(), NoticeKind::MessagePinned, &who, extra);
        Ok(Effects {
            notices: vec![n],
            ..reply(json!({}))
        })
    }

    /// `get_pinned_messages`: Tencent's `PinnedMsgList` (`MsgSeq`, `Pinner_Account`), with
    /// each message itself (`Message`) so a client need not fetch it.
    pub fn pinned_messages(
        &self,
        caller: &Caller,
        topic: Option<&str>,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::ReadPinned)?;
        let log = self.log_named(topic)?;
        let st = self.store.pinned_state()?;
        let mut list = vec![];
        for p in st.logs.get(&log).into_iter().flatten() {
            if let Some(m) = self.store.log_range(&log, p.seq, p.seq)?.into_iter().next() {
                list.push(json!({ "MsgSeq": p.seq, "Pinner_Account": p.pinner, "Message": m }));
            }
        }
        Ok(reply(json!({ "PinnedMsgList": list })))
    }
}

#[cfg(test)]
mod tests {
    use crate::group::memory::MemoryGroup;
    use crate::group::rules::{Caller, Group};
    use crate::group::store::GroupStore;
    use crate::group::tests::{make, send, uid};
    use edgechat_proto::codes;
    use edgechat_proto::group::GroupType;

    fn code<T: std::fmt::Debug>(r: Result<T, edgechat_proto::ImError>) -> u32 {
        r.expect_err("refused").code()
    }

    #[test]
    fn pins_follow_tencents_limits_and_tell_everyone() {
        let store = MemoryGroup::default();
        make(&store, GroupType::Public, &["a"]);
        let mut g = Group::load(&store, "g1").expect("load");
        for r in 1..=12 {
            send(&mut g, "owner", r, 100).expect("sent");
        }
        let owner = Caller::user(uid("owner"));
        let fx = g
            .pin_message(&owner, None, 3, true, None, 5)
            .expect("pinned");
        assert!(fx.notices[0].everyone);
        assert_eq!(fx.notices[0].body["OpType"], 104);
        assert_eq!(fx.notices[0].body["Message"]["seq"], 3);
        assert_eq!(
            code(g.pin_message(&owner, None, 3, true, None, 6)),
            codes::MESSAGE_ALREADY_PINNED
        );
        let member = Caller::user(uid("a"));
        assert_eq!(
            code(g.pin_message(&member, None, 4, true, None, 6)),
            codes::NO_PERMISSION
        );
        assert_eq!(
            code(g.pin_message(&owner, None, 99, true, None, 6)),
            codes::INVALID_PARAMETER
        );
        assert_eq!(
            code(g.pin_message(&owner, Some("@TGS#nope@TOPIC#_x"), 1, true, None, 6)),
            code(g.pinned_messages(&owner, Some("@TGS#nope@TOPIC#_x")))
        );
        for seq in [1, 2, 4, 5, 6, 7, 8, 9, 10] {
            g.pin_message(&owner, None, seq, true, None, 7)
                .expect("pinned");
        }
        let before = g.store.pinned_state().expect("state");
        assert_eq!(
            code(g.pin_message(&owner, None, 11, true, None, 8)),
            codes::PINNED_MESSAGES_FULL
        );
        assert_eq!(
            g.store.pinned_state().expect("state"),
            before,
            "a refusal stores nothing"
        );
        let list = g.pinned_messages(&member, None).expect("read").reply;
        assert_eq!(list["PinnedMsgList"].as_array().map(Vec::len), Some(10));
        g.pin_message(&owner, None, 3, false, None, 9)
            .expect("unpinned");
        assert_eq!(
            code(g.pin_message(&owner, None, 3, false, None, 9)),
            codes::INVALID_PARAMETER
        );
        let admin = Caller {
            user: None,
            app_admin: true,
        };
        g.pin_message(&admin, None, 11, true, Some("a"), 10)
            .expect("pinned for a");
        let list = g.pinned_messages(&admin, None).expect("read").reply;
        assert_eq!(list["PinnedMsgList"][9]["Pinner_Account"], "a");
    }
}
