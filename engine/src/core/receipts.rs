//! Read receipts on the client: one-to-one receipts sent for messages that asked for one, and
//! the receipts that come back (a peer's, or a group's members reading) as
//! `MESSAGE_READ_RECEIPT_RECEIVED`.

use super::{emit, event, Action, Call, ChatCore, Pending};
use crate::view::{group_message_id, message_id};
use edgechat_proto::frame::ClientFrame;
use edgechat_proto::ImError;
use serde_json::{json, Value};

/// The SDK's code for a receipt call naming no message that asked for one.
const READ_RECEIPT_MSG_LIST_EMPTY: u32 = 2114;

/// Messages per receipt call (as the server takes them).
const MAX_RECEIPTS: usize = 100;

/// The group notice type (`OpType`) of read receipts.
const READ_RECEIPTS: u64 = 103;

impl ChatCore {
    /// `sendMessageReadReceipt` for one-to-one messages (by ID, one conversation): those the
    /// peer sent asking for a receipt are acknowledged; the peer hears of it.
    pub fn send_read_receipt(&mut self, ids: &[String]) -> Result<Call, ImError> {
        self.me()?;
        let (found, peer) = self.one_conversation(ids, MAX_RECEIPTS, "sendMessageReadReceipt")?;
        let keys: Vec<String> = (found.into_iter())
            .filter(|m| m.from == peer && m.need_read_receipt)
            .map(|m| m.msg_key)
            .collect();
        if keys.is_empty() {
            return Err(ImError::Coded(
                READ_RECEIPT_MSG_LIST_EMPTY,
                "none of the messages is one the peer sent asking for a read receipt".into(),
            ));
        }
        let key = self.key();
        let peer = peer.to_string();
        let action = self.request(
            |req_id| ClientFrame::Receipt {
                req_id,
                peer,
                msg_keys: keys,
            },
            Pending::Done { key: key.clone() },
        );
        Ok(Call {
            key,
            actions: vec![action],
        })
    }

    /// `peer` sent receipts for messages of mine: the copies held here are marked, and the
    /// app told.
    pub(super) fn on_receipt_read(
        &mut self,
        peer: &str,
        keys: &[String],
        time: u64,
        out: &mut Vec<Action>,
    ) {
        let seqs: Vec<u64> = (self.c2c.inbox.store.iter())
            .filter(|(_, m)| m.to.as_str() == peer && keys.contains(&m.msg_key))
            .map(|(seq, _)| *seq)
            .collect();
        let mut told = vec![];
        for seq in seqs {
            if let Some(m) = self.c2c.inbox.store.get_mut(&seq) {
                m.receipt_read = true;
                let id = message_id(m.from.as_str(), m.to.as_str(), m.random);
                told.push(json!({ "userID": peer, "messageID": id, "isPeerRead": true, "timestamp": time }));
            }
        }
        if !told.is_empty() {
            out.push(emit(event::MESSAGE_READ_RECEIPT_RECEIVED, json!(told)));
        }
    }

    /// A group's read-receipt notice becomes `MESSAGE_READ_RECEIPT_RECEIVED` (for the messages
    /// held here); false for other notices.
    pub(super) fn on_receipt_notice(&mut self, notice: &Value, out: &mut Vec<Action>) -> bool {
        if notice["OpType"].as_u64() != Some(READ_RECEIPTS) {
            return false;
        }
        let group = notice["GroupId"].as_str().unwrap_or_default();
        let held = self.groups.entries.get(group).map(|e| &e.log.store);
        let told: Vec<Value> = (notice["Receipts"].as_array().into_iter().flatten())
            .filter_map(|r| {
                let m = held?.get(&r["MsgSeq"].as_u64()?)?;
                Some(json!({
                    "groupID": group, "messageID": group_message_id(m),
                    "readCount": r["ReadNum"], "unreadCount": r["UnreadNum"],
                }))
            })
            .collect();
        if !told.is_empty() {
            out.push(emit(event::MESSAGE_READ_RECEIPT_RECEIVED, json!(told)));
        }
        true
    }
}
