//! One-to-one messages in a user's object: the sender's side (send, recall, modify, read,
//! delete) and the receiver's side (deliver, and the notices of recall, modify and read).

use super::{now_secs, UserDo};
use crate::callback::before_send::Verdict;
use crate::inbox::{self, history_page, store_once, Counting, InboxStore};
use crate::sns::relations::check_c2c;
use crate::sns::store::SnsStore;
use edgechat_proto::frame::{Conversation, ServerFrame};
use edgechat_proto::limits::HISTORY_PAGE_MAX;
use edgechat_proto::message::{msg_key, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A message handed to the receiver's object.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delivery {
    pub message: StoredMessage,
    /// Deliver to online sessions only, store nothing.
    #[serde(default)]
    pub online_only: bool,
    /// History: stored, not pushed, not counted unread.
    #[serde(default)]
    pub silent: bool,
    /// Sent through the REST API: no friend or blacklist check (Tencent's rule).
    #[serde(default)]
    pub by_admin: bool,
    /// `SendMsgControl: NoUnread`.
    #[serde(default)]
    pub no_unread: bool,
    /// `SendMsgControl: NoLastMsg`.
    #[serde(default)]
    pub no_last_msg: bool,
}

impl Delivery {
    fn counting(&self) -> Counting {
        Counting {
            unread: !self.silent && !self.no_unread,
            last_msg: !self.no_last_msg,
        }
    }
}

/// What a send asks for, from a client socket or the REST API.
#[derive(Debug, Clone)]
pub struct SendRequest {
    pub from: UserId,
    pub to: UserId,
    pub random: u32,
    pub msg_body: Vec<MsgElem>,
    pub cloud_custom_data: String,
    pub offline_push_info: Option<Value>,
    pub online_only: bool,
    /// Keep the sender's copy (SyncOtherMachine = 1); false: only the receiver stores it.
    pub keep_copy: bool,
    /// The MsgSeq part of the MsgKey (REST `MsgSeq`); the server picks one when absent.
    pub msg_seq: Option<u64>,
    /// The message time, when the caller fixed it (a batch); otherwise now.
    pub time: Option<u64>,
    /// Sent through the REST API (no relationship checks) with its `SendMsgControl`.
    pub by_admin: bool,
    pub no_unread: bool,
    pub no_last_msg: bool,
    /// The sending session, which gets an ack instead of a push.
    pub except_sid: Option<String>,
    /// The sender asks for a read receipt.
    pub need_read_receipt: bool,
    /// The `OptPlatform` of the send's callbacks; `None`: none.
    pub callback_platform: Option<String>,
    /// Ask the app first (`C2C.CallbackBeforeSendMsg`), and tell it after (`…AfterSendMsg`):
    /// both unless REST's `ForbidCallbackControl` says otherwise.
    pub before_callback: bool,
    pub after_callback: bool,
}

/// How often the store path deletes messages past the roaming period.
const PURGE_EVERY_SECS: u64 = 60;

pub(super) fn parse_peer(raw: &str) -> Result<UserId, ImError> {
    UserId::parse(raw).map_err(|e| ImError::InvalidParameter(format!("peer: {e}")))
}

impl UserDo {
    fn limits(&self) -> Result<inbox::InboxLimits, ImError> {
        Ok(self.config()?.inbox_limits())
    }

    /// Deletes messages past the roaming period, for real.
    pub(super) fn purge_expired(&self, now: u64) -> Result<(), ImError> {
        self.inbox()?
            .purge_before(self.config()?.roaming_cutoff(now))?;
        self.purged_at.set(now);
        Ok(())
    }

    /// [`Self::purge_expired`] unless it ran less than [`PURGE_EVERY_SECS`] ago: the roaming
    /// period is counted in days, so a message store need not pay for a delete each time.
    fn purge_expired_lazily(&self, now: u64) -> Result<(), ImError> {
        if now < self.purged_at.get().saturating_add(PURGE_EVERY_SECS) {
            return Ok(());
        }
        self.purge_expired(now)
    }

    /// Makes sure this account exists to receive, then applies the receiver's relationship
    /// rules to `from`. A message never creates its receiver (dev auto-import happens at a
    /// first login only): an ID that never existed gets 20003 in every configuration.
    fn accept_from(&self, from: &UserId, to: &UserId, by_admin: bool) -> Result<(), ImError> {
        let config = self.config()?;
        let accounts = self.accounts()?;
        if !accounts.is_imported()? {
            return Err(ImError::InvalidAccount(format!(
                "{to} does not exist (import it, or let it log in once)"
            )));
        }
        if by_admin || config.is_admin(from.as_str()) {
            return Ok(());
        }
        check_c2c(config.friends_only, accounts.relation_to(from.as_str())?)
    }

    /// The receiver's side: stores (or, online-only, just pushes) a message from another object.
    pub(super) fn receive(&self, d: Delivery) -> Result<StoredMessage, ImError> {
        let now = now_secs();
        let to = d.message.to.clone();
        self.accept_from(&d.message.from, &to, d.by_admin)?;
        if d.online_only {
            self.broadcast(
                &ServerFrame::Msg {
                    message: d.message.clone(),
                },
                None,
            );
            return Ok(d.message);
        }
        self.purge_expired_lazily(now)?;
        let counting = d.counting();
        let silent = d.silent;
        let stored = store_once(self.inbox()?, &to, d.message, now, self.limits()?, counting)?;
        if stored.fresh && !silent {
            self.broadcast(
                &ServerFrame::Msg {
                    message: stored.message.clone(),
                },
                None,
            );
        }
        Ok(stored.message)
    }

    /// The MsgSeq of a new message from this user: at least `from_inbox`, and above every
    /// one handed out before, so two sends in flight at once never share a MsgKey.
    fn next_msg_seq(&self, from_inbox: u64) -> u64 {
        let seq = from_inbox.max(self.last_msg_seq.get().saturating_add(1));
        self.last_msg_seq.set(seq);
        seq
    }

    /// The sender's side of a send: dedupe, receiver first, then the sender's copy.
    pub(super) async fn send(&self, r: SendRequest) -> Result<StoredMessage, ImError> {
        validate_body(&r.msg_body, &r.cloud_custom_data)?;
        let inbox = self.inbox()?;
        let now = r.time.unwrap_or_else(now_secs);
        let msg_seq = match r.msg_seq {
            Some(seq) => seq,
            None => self.next_msg_seq(inbox.max_seq()? + 1),
        };
        let msg = StoredMessage {
            need_read_receipt: r.need_read_receipt,
            receipt_read: false,
            seq: 0,
            msg_key: msg_key(r.random, msg_seq, now),
            from: r.from.clone(),
            to: r.to.clone(),
            random: r.random,
            time: now,
            msg_body: r.msg_body,
            cloud_custom_data: r.cloud_custom_data,
            offline_push_info: r.offline_push_info,
            recalled: false,
            deleted: false,
            nick: String::new(),
            avatar: String::new(),
        };
        // The sender's nick and face travel with the message.
        let mut msg = msg;
        if let Ok(profile) = self.sns().and_then(|s| s.profile()) {
            let text = |tag: &str| {
                profile
                    .get(tag)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            msg.nick = text("Tag_Profile_IM_Nick");
            msg.avatar = text("Tag_Profile_IM_Image");
        }
        // The app's back end may refuse, drop or rewrite it first (C2C.CallbackBeforeSendMsg).
        if let Some(platform) = r.callback_platform.as_ref().filter(|_| r.before_callback) {
            match self.before_send(&msg, r.online_only, platform).await {
                Verdict::Allow {
                    msg_body,
                    cloud_custom_data,
                } => {
                    msg.msg_body = msg_body.unwrap_or(msg.msg_body);
                    msg.cloud_custom_data = cloud_custom_data.unwrap_or(msg.cloud_custom_data);
                }
                Verdict::Refuse(e) => return Err(e),
                Verdict::Drop => return Ok(msg),
            }
        }
        let delivery = Delivery {
            message: msg,
            online_only: r.online_only,
            silent: false,
            by_admin: r.by_admin,
            no_unread: r.no_unread,
            no_last_msg: r.no_last_msg,
        };
        let after = r.callback_platform.clone().filter(|_| r.after_callback);
        if r.online_only {
            let sent = if r.to == r.from {
                self.receive(delivery)?
            } else {
                self.deliver_to(&r.to, &delivery).await?
            };
            self.after_send(&sent, true, after.as_deref()).await;
            return Ok(sent);
        }
        // The receiver stores first: if we fail after, the retry finds its copy there. A retry
        // of a send both inboxes hold gets the first result from each (`store_once`), so it is
        // not looked up here first: that query would cost every message for the rare retry.
        let theirs = if r.to == r.from {
            delivery.message
        } else {
            self.deliver_kept(&r.to, &delivery, r.keep_copy).await?
        };
        if !r.keep_copy {
            self.after_send(&theirs, false, after.as_deref()).await;
            return Ok(theirs);
        }
        self.purge_expired_lazily(now)?;
        let mine = Counting {
            unread: false,
            last_msg: !r.no_last_msg,
        };
        let stored = store_once(inbox, &r.from, theirs, now, self.limits()?, mine)?;
        if stored.fresh {
            self.broadcast(
                &ServerFrame::Msg {
                    message: stored.message.clone(),
                },
                r.except_sid.as_deref(),
            );
        }
        self.after_send(&stored.message, false, after.as_deref())
            .await;
        Ok(stored.message)
    }

    pub(super) async fn deliver_to(
        &self,
        to: &UserId,
        d: &Delivery,
    ) -> Result<StoredMessage, ImError> {
        let body = serde_json::to_value(d).map_err(|e| ImError::Internal(e.to_string()))?;
        let v = self.call_user(to.as_str(), "/deliver", body).await?;
        serde_json::from_value(v).map_err(|e| ImError::Internal(e.to_string()))
    }

    /// Recalls `key` in my conversation with `peer`; `by` is the asking user (None: admin).
    pub(super) async fn recall(
        &self,
        me: &UserId,
        peer: &str,
        key: &str,
        by: Option<&UserId>,
    ) -> Result<StoredMessage, ImError> {
        let peer = parse_peer(peer)?;
        let msg = inbox::recall(self.inbox()?, &peer, key, by, now_secs(), self.limits()?)?;
        if &peer != me {
            self.call_user(
                peer.as_str(),
                "/recalled",
                json!({ "peer": me, "msgKey": key }),
            )
            .await?;
        }
        self.broadcast(
            &ServerFrame::Revoked {
                message: msg.clone(),
            },
            None,
        );
        Ok(msg)
    }

    /// The peer recalled a message: flag my copy and tell my sessions.
    pub(super) fn recalled(&self, body: &Value) -> Result<Value, ImError> {
        let peer = parse_peer(body["peer"].as_str().unwrap_or_default())?;
        let key = body["msgKey"].as_str().unwrap_or_default();
        match inbox::recall_from_peer(self.inbox()?, &peer, key) {
            Ok(msg) => self.broadcast(&ServerFrame::Revoked { message: msg }, None),
            // Already recalled here, or deleted here: nothing to tell.
            Err(ImError::AlreadyRecalled | ImError::MessageNotFound(_)) => {}
            Err(e) => return Err(e),
        }
        Ok(json!({}))
    }

    /// Changes a message on both sides.
    pub(super) async fn modify(
        &self,
        me: &UserId,
        peer: &str,
        key: &str,
        body: Vec<MsgElem>,
        ccd: Option<String>,
    ) -> Result<StoredMessage, ImError> {
        let peer = parse_peer(peer)?;
        let msg = inbox::modify(
            self.inbox()?,
            &peer,
            key,
            Some(me),
            body.clone(),
            ccd.clone(),
        )?;
        if &peer != me {
            let notice =
                json!({ "peer": me, "msgKey": key, "msgBody": body, "cloudCustomData": ccd });
            self.call_user(peer.as_str(), "/modified", notice).await?;
        }
        self.broadcast(
            &ServerFrame::Modified {
                message: msg.clone(),
            },
            None,
        );
        Ok(msg)
    }

    /// The peer modified a message: change my copy and tell my sessions.
    pub(super) fn modified(&self, body: &Value) -> Result<Value, ImError> {
        let peer = parse_peer(body["peer"].as_str().unwrap_or_default())?;
        let key = body["msgKey"].as_str().unwrap_or_default();
        let msg_body: Vec<MsgElem> = serde_json::from_value(body["msgBody"].clone())
            .map_err(|e| ImError::JsonParse(e.to_string()))?;
        let ccd = body["cloudCustomData"].as_str().map(str::to_owned);
        // Only what the peer sent: never a message of mine with the same key.
        let msg = inbox::modify(self.inbox()?, &peer, key, Some(&peer), msg_body, ccd)?;
        self.broadcast(&ServerFrame::Modified { message: msg }, None);
        Ok(json!({}))
    }

    /// Marks my conversation with `peer` read on every device and sends the peer a receipt.
    pub(super) async fn read(
        &self,
        me: &UserId,
        peer: &str,
        until: Option<u64>,
    ) -> Result<Option<Conversation>, ImError> {
        let peer = parse_peer(peer)?;
        let conv = inbox::mark_read_until(self.inbox()?, &peer, until.unwrap_or(u64::MAX))?;
        if let Some(c) = &conv {
            self.broadcast(
                &ServerFrame::Conversation {
                    conversation: c.clone(),
                },
                None,
            );
            if &peer != me {
                // A receipt that cannot be delivered now is not worth failing the read for.
                let _ = self
                    .call_user(
                        peer.as_str(),
                        "/peer_read",
                        json!({ "peer": me, "time": until.unwrap_or_else(now_secs) }),
                    )
                    .await;
            }
        }
        Ok(conv)
    }

    /// The peer read our conversation: record it and tell my sessions.
    pub(super) fn peer_read(&self, body: &Value) -> Result<Value, ImError> {
        let peer = parse_peer(body["peer"].as_str().unwrap_or_default())?;
        let time = body["time"].as_u64().unwrap_or_else(now_secs);
        inbox::peer_read(self.inbox()?, &peer, time)?;
        self.broadcast(
            &ServerFrame::PeerRead {
                peer: peer.to_string(),
                time,
            },
            None,
        );
        Ok(json!({}))
    }

    /// Deletes messages from my inbox; my other sessions see the tombstones.
    pub(super) fn delete(
        &self,
        peer: &str,
        keys: &[String],
        except: Option<&str>,
    ) -> Result<(), ImError> {
        if keys.is_empty() || keys.len() > 30 {
            return Err(ImError::InvalidParameter(format!(
                "msgKeys has {} keys, 1..=30 allowed",
                keys.len()
            )));
        }
        for m in inbox::delete(self.inbox()?, &parse_peer(peer)?, keys)? {
            self.broadcast(&ServerFrame::Modified { message: m }, except);
        }
        Ok(())
    }

    /// `clearHistoryMessage`: a one-to-one conversation is read, then its messages deleted
    /// from my inbox; a group's messages so far are hidden from me (`group_clear`). The
    /// conversation stays.
    pub(super) async fn clear_conversation(
        &self,
        me: &UserId,
        conversation_id: &str,
        except: &str,
    ) -> Result<(), ImError> {
        if let Some(group) = conversation_id.strip_prefix("GROUP") {
            return self.group_clear(me, group).await;
        }
        let peer = conversation_id.strip_prefix("C2C").ok_or_else(|| {
            ImError::InvalidParameter(format!(
                "conversationID {conversation_id:?} is neither C2C<userID> nor GROUP<groupID>"
            ))
        })?;
        // Cleared first: the read's push to every session then shows it empty.
        self.clear_history(peer, Some(except))?;
        self.read(me, peer, None).await?;
        Ok(())
    }

    /// Deletes every message of a conversation from my inbox (tombstones, as `delete`); my
    /// sessions but `except` see them go.
    pub(super) fn clear_history(&self, peer: &str, except: Option<&str>) -> Result<(), ImError> {
        let peer = parse_peer(peer)?;
        let inbox = self.inbox()?;
        let mut gone = vec![];
        loop {
            let (page, _) = history_page(inbox, &peer, None, HISTORY_PAGE_MAX)?;
            if page.is_empty() {
                break;
            }
            let keys: Vec<String> = page.iter().map(|m| m.msg_key.clone()).collect();
            gone.extend(inbox::delete(inbox, &peer, &keys)?);
        }
        let frames: Vec<ServerFrame> = (gone.into_iter())
            .map(|message| ServerFrame::Modified { message })
            .collect();
        self.broadcast_all(&frames, except);
        Ok(())
    }

    /// Removes a conversation from my list (its messages stay).
    pub(super) fn delete_conversation(&self, peer: &str) -> Result<(), ImError> {
        let peer = parse_peer(peer)?;
        let inbox = self.inbox()?;
        if let Some(mut c) = inbox::conversation_view(inbox, &peer)? {
            inbox.remove_conversation(&peer)?;
            c.removed = true;
            self.broadcast(&ServerFrame::Conversation { conversation: c }, None);
        }
        Ok(())
    }

    pub(super) fn conversations(&self) -> Result<Vec<Conversation>, ImError> {
        inbox::conversation_list(self.inbox()?, self.limits()?)
    }
}
