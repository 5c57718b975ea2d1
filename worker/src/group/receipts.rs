//! Group read receipts: who has read a stored message, from the members' read positions
//! (a member has read SEQ s when their `MsgSeq` is s or more). The sender is not counted.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::store::GroupStore;
use super::tips::{notice, Notice, NoticeKind};
use edgechat_proto::codes;
use edgechat_proto::codes::RECALL_NOT_FOUND;
use edgechat_proto::group::GroupMessage;
use edgechat_proto::ImError;
use edgechat_proto::UserId;
use serde_json::json;
use std::collections::BTreeMap;

/// Largest page of a read-member list.
pub const MAX_RECEIPT_PAGE: usize = 100;

/// A read reaches back at most this many messages for receipts (older ones are counted when
/// their sender asks, `read_members`).
const RECEIPT_SPAN: u64 = 100;

impl<S: GroupStore> Group<'_, S> {
    /// The members who have (`read`) or have not read message `seq`: counts, and a page of
    /// their IDs from `offset`.
    pub fn read_members(
        &self,
        caller: &Caller,
        seq: u64,
        read: bool,
        offset: usize,
        count: usize,
    ) -> Result<Effects, ImError> {
        self.require(caller, Op::ReadMembers)?;
        if !self.ty().counts_unread() {
            return Err(code(
                codes::NO_PERMISSION,
                format!("a {} group keeps no read receipts", self.ty()),
            ));
        }
        let msg = self
            .store
            .range(seq, seq)?
            .into_iter()
            .next()
            .ok_or_else(|| code(RECALL_NOT_FOUND, format!("no stored message {seq}")))?;
        let members: Vec<_> = self
            .store
            .members(0, usize::MAX)?
            .into_iter()
            .filter(|m| m.user.as_str() != msg.from && m.join_seq < seq)
            .collect();
        let (readers, others): (Vec<_>, Vec<_>) =
            members.into_iter().partition(|m| m.msg_seq >= seq);
        let (chosen, total) = if read {
            (&readers, readers.len())
        } else {
            (&others, others.len())
        };
        let count = count.clamp(1, MAX_RECEIPT_PAGE);
        let page: Vec<_> = chosen
            .iter()
            .skip(offset)
            .take(count)
            .map(|m| m.user.clone())
            .collect();
        let next = offset + page.len();
        Ok(Effects {
            reply: json!({
                "MsgSeq": seq,
                "ReadNum": readers.len(),
                "UnreadNum": others.len(),
                "MemberList": page,
                "Next": if next < total { next } else { 0 },
                "IsCompleted": next >= total,
            }),
            ..Effects::default()
        })
    }

    /// The read and unread counts of message `msg`: members who joined before it, its sender
    /// left out.
    fn receipt_counts(&self, msg: &GroupMessage) -> Result<(usize, usize), ImError> {
        let members = self.store.members(0, usize::MAX)?;
        let counted =
            (members.iter()).filter(|m| m.user.as_str() != msg.from && m.join_seq < msg.seq);
        let read = counted.clone().filter(|m| m.msg_seq >= msg.seq).count();
        Ok((read, counted.count() - read))
    }

    /// `reader` read from SEQ `old` to `new`: each message in between that asked for read
    /// receipts (not the reader's own) has its new counts told to its sender.
    pub fn receipts_for_read(
        &self,
        reader: &UserId,
        old: u64,
        new: u64,
    ) -> Result<Vec<Notice>, ImError> {
        if !self.ty().keeps_receipts() || new <= old {
            return Ok(vec![]);
        }
        let first = old.max(new.saturating_sub(RECEIPT_SPAN)) + 1;
        let mut by_sender: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for msg in self.store.range(first, new)? {
            if !msg.need_read_receipt || msg.recalled || msg.from == reader.as_str() {
                continue;
            }
            let (read, unread) = self.receipt_counts(&msg)?;
            by_sender
                .entry(msg.from.clone())
                .or_default()
                .push(json!({ "MsgSeq": msg.seq, "ReadNum": read, "UnreadNum": unread }));
        }
        Ok(by_sender
            .into_iter()
            .filter_map(|(sender, receipts)| {
                let to = UserId::parse(&sender).ok()?;
                Some(notice(
                    self.id(),
                    self.ty(),
                    NoticeKind::ReadReceipts,
                    reader.as_str(),
                    vec![to],
                    json!({ "Receipts": receipts }),
                ))
            })
            .collect())
    }
}
