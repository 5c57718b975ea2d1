//! One-to-one read receipts (`sendMessageReadReceipt`): the receiver names messages of the
//! peer that asked for one; the peer's object marks its copies and tells its sessions.

use super::UserDo;
use crate::edge::platform::now_secs;
use crate::inbox::InboxStore;
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};

/// Messages per receipt call.
const MAX_RECEIPTS: usize = 100;

/// The internal path a receipt arrives on at the sender's object.
pub(super) const RECEIPT_PATH: &str = "/receipt";

impl UserDo {
    /// My receipts for `keys`, messages `peer` sent me asking for one; others are left out,
    /// and a call naming none of those is refused.
    pub(super) async fn send_receipts(
        &self,
        me: &UserId,
        peer: &str,
        keys: &[String],
    ) -> Result<(), ImError> {
        if keys.is_empty() || keys.len() > MAX_RECEIPTS {
            return Err(ImError::InvalidParameter(format!(
                "msgKeys has {} keys, 1..={MAX_RECEIPTS} allowed",
                keys.len()
            )));
        }
        let peer = UserId::parse(peer)?;
        let inbox = self.inbox()?;
        let mut asked = vec![];
        for key in keys {
            if let Some(m) = inbox.by_key(&peer, key)? {
                if m.from == peer && m.need_read_receipt && !m.deleted {
                    asked.push(key.clone());
                }
            }
        }
        if asked.is_empty() {
            return Err(ImError::InvalidParameter(format!(
                "none of the messages is one {peer} sent asking for a read receipt"
            )));
        }
        let body = json!({ "peer": me, "keys": asked, "time": now_secs() });
        self.call_user(peer.as_str(), RECEIPT_PATH, body).await?;
        Ok(())
    }

    /// `RECEIPT_PATH` on the sender's object: my copies are marked read by `peer`, and my
    /// sessions are told.
    pub(super) fn receipts_read(&self, body: &Value) -> Result<Value, ImError> {
        let peer = UserId::parse(body["peer"].as_str().unwrap_or_default())?;
        let time = body["time"].as_u64().unwrap_or_else(now_secs);
        let inbox = self.inbox()?;
        let mut marked = vec![];
        for key in (body["keys"].as_array().into_iter().flatten()).take(MAX_RECEIPTS) {
            let key = key.as_str().unwrap_or_default();
            if let Some(mut m) = inbox.by_key(&peer, key)? {
                if m.to == peer && m.need_read_receipt && !m.receipt_read {
                    m.receipt_read = true;
                    inbox.replace(&m)?;
                    marked.push(key.to_owned());
                }
            }
        }
        if !marked.is_empty() {
            let frame = ServerFrame::ReceiptRead {
                peer: peer.to_string(),
                msg_keys: marked,
                time,
            };
            self.broadcast(&frame, None);
        }
        Ok(json!({}))
    }
}
