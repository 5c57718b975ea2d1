//! Group read receipts: who has read a stored message, from the members' read positions
//! (a member has read SEQ s when their `MsgSeq` is s or more). The sender is not counted.

use super::perm::Op;
use super::rules::{code, Caller, Effects, Group};
use super::store::GroupStore;
use edgechat_proto::codes;
use edgechat_proto::codes::RECALL_NOT_FOUND;
use edgechat_proto::ImError;
use serde_json::json;

/// Largest page of a read-member list.
pub const MAX_RECEIPT_PAGE: usize = 100;

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
}
