//! The object's internal calls, made by other user objects and by the REST API: JSON in,
//! `{"ok": …}` or `{"code", "message"}` out.

use super::messages::{Delivery, SendRequest};
use super::{now_secs, UserDo};
use crate::inbox::{self, store_once, Counting, InboxStore};
use edgechat_proto::codes;
use edgechat_proto::message::{MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::Deserialize;
use serde_json::{json, Value};

fn parse<T: for<'de> Deserialize<'de>>(body: Value) -> Result<T, ImError> {
    serde_json::from_value(body).map_err(|e| ImError::InvalidParameter(e.to_string()))
}

/// `/send_as`: the REST API sends as this user.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendAs {
    from: UserId,
    to: UserId,
    random: u32,
    msg_body: Vec<MsgElem>,
    #[serde(default)]
    cloud_custom_data: String,
    #[serde(default)]
    offline_push_info: Option<Value>,
    #[serde(default)]
    online_only: bool,
    #[serde(default = "yes")]
    keep_copy: bool,
    #[serde(default)]
    msg_seq: Option<u64>,
    /// The message time when a batch fixed it (unix seconds).
    #[serde(default)]
    time: Option<u64>,
    #[serde(default)]
    no_unread: bool,
    #[serde(default)]
    no_last_msg: bool,
    /// `ForbidCallbackControl: ["ForbidBeforeSendMsgCallback"]`.
    #[serde(default)]
    forbid_before: bool,
    /// `ForbidCallbackControl: ["ForbidAfterSendMsgCallback"]`.
    #[serde(default)]
    forbid_after: bool,
}

fn yes() -> bool {
    true
}

/// `/sns/profile`: the REST API reads this user's profile fields (all set ones when empty).
#[derive(Deserialize)]
struct ProfileTags {
    #[serde(default)]
    tags: Vec<String>,
}

/// `/roam`: a page of history for `admin_getroammsg`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Roam {
    peer: UserId,
    max_cnt: usize,
    min_time: u64,
    max_time: u64,
    /// Continue before this message (the previous page's last).
    #[serde(default)]
    last_key: Option<String>,
}

impl UserDo {
    /// Runs internal call `path` with `body`; `None` when there is no such call.
    pub(super) async fn internal(&self, path: &str, body: Value) -> Option<Result<Value, ImError>> {
        Some(match path {
            "/deliver" => match parse::<Delivery>(body) {
                Ok(d) => self.receive(d).and_then(|m| to_value(&m)),
                Err(e) => Err(e),
            },
            "/recalled" => self.recalled(&body),
            "/modified" => self.modified(&body),
            "/peer_read" => self.peer_read(&body),
            "/send_as" => self.send_as(body).await,
            "/import_msg" => self.import_msg(body),
            "/admin_recall" => self.admin_recall(body).await,
            "/admin_modify" => self.admin_modify(body).await,
            "/admin_read" => self.admin_read(body).await,
            "/roam" => self.roam(body),
            "/unread" => self.unread(&body),
            crate::group::to_user::PATH => match serde_json::from_value(body) {
                Ok(call) => self.group_told(call),
                Err(e) => Err(ImError::JsonParse(format!("a group's call: {e}"))),
            },
            "/group/list" => match UserId::parse(body["me"].as_str().unwrap_or_default()) {
                Ok(me) => self
                    .joined_groups_now(&me)
                    .await
                    .map(|g| json!({ "groups": g })),
                Err(e) => Err(e),
            },
            "/sns/cmd" => self.sns_cmd(body).await,
            "/recent/cmd" => self.recent_rest(body).await,
            super::receipts::RECEIPT_PATH => self.receipts_read(&body),
            super::extras::EXTRAS_PATH => match parse(body) {
                Ok(call) => self.extras_call(call).await,
                Err(e) => Err(e),
            },
            super::extras::CHANGED_PATH => self.extras_changed(&body),
            "/sns/profile" => match parse::<ProfileTags>(body) {
                Ok(p) => self
                    .sns()
                    .and_then(|s| crate::sns::profile::profile_items(s, &p.tags)),
                Err(e) => Err(e),
            },
            super::sns::PEER_PATH => match parse(body) {
                Ok(call) => self.sns_peer_call(call),
                Err(e) => Err(e),
            },
            _ => return None,
        })
    }

    /// `/sns/cmd {me, cmd, body}`: a relationship command run as this user (REST).
    async fn sns_cmd(&self, body: Value) -> Result<Value, ImError> {
        let cmd = body["cmd"].as_str().unwrap_or_default().to_owned();
        let missing = if cmd.starts_with("portrait") {
            codes::PROFILE_ACCOUNT_NOT_FOUND
        } else {
            codes::SNS_ACCOUNT_NOT_FOUND
        };
        let me = UserId::parse(body["me"].as_str().unwrap_or_default())
            .map_err(|e| ImError::Coded(missing, format!("From_Account: {e}")))?;
        if !self.config()?.is_admin(me.as_str()) && !self.accounts()?.is_imported()? {
            return Err(ImError::Coded(
                missing,
                format!("From_Account {me} does not exist"),
            ));
        }
        self.sns_command(&me, &cmd, &body["body"], true).await
    }

    async fn send_as(&self, body: Value) -> Result<Value, ImError> {
        let s: SendAs = parse(body)?;
        let config = self.config()?;
        // A REST send never creates its sender (dev auto-import is at a first login only).
        if !config.is_admin(s.from.as_str()) && !self.accounts()?.is_imported()? {
            return Err(ImError::Coded(
                codes::OPENIM_FROM_ACCOUNT,
                format!("From_Account {} does not exist", s.from),
            ));
        }
        let request = SendRequest {
            from: s.from,
            to: s.to,
            random: s.random,
            msg_body: s.msg_body,
            cloud_custom_data: s.cloud_custom_data,
            offline_push_info: s.offline_push_info,
            online_only: s.online_only,
            keep_copy: s.keep_copy,
            msg_seq: s.msg_seq,
            time: s.time,
            by_admin: true,
            no_unread: s.no_unread,
            no_last_msg: s.no_last_msg,
            except_sid: None,
            need_read_receipt: false,
            callback_platform: Some("RESTAPI".to_owned()),
            before_callback: !s.forbid_before,
            after_callback: !s.forbid_after,
        };
        to_value(&self.send(request).await?)
    }

    /// Stores an imported message in this inbox (`owner`'s): once per MsgKey; `live`
    /// (SyncFromOldSystem 5) pushes it and counts it unread, history (2) does neither.
    fn import_msg(&self, body: Value) -> Result<Value, ImError> {
        let msg: StoredMessage = parse(body["message"].clone())?;
        let owner = UserId::parse(body["owner"].as_str().unwrap_or_default())?;
        let live = body["live"].as_bool().unwrap_or(false);
        let inbox = self.inbox()?;
        let accounts = self.accounts()?;
        if !accounts.is_imported()? {
            return Err(ImError::Coded(
                codes::OPENIM_TO_NOT_FOUND,
                format!("{owner} does not exist"),
            ));
        }
        let peer = msg.peer_of(&owner).clone();
        if let Some(first) = inbox.by_key(&peer, &msg.msg_key)? {
            return to_value(&first);
        }
        let counting = if live {
            Counting::LIVE
        } else {
            Counting::HISTORY
        };
        let stored = store_once(
            inbox,
            &owner,
            msg,
            now_secs(),
            self.config()?.inbox_limits(),
            counting,
        )?;
        if live && stored.fresh && stored.message.from != owner {
            self.broadcast(
                &edgechat_proto::frame::ServerFrame::Msg {
                    message: stored.message.clone(),
                },
                None,
            );
        }
        to_value(&stored.message)
    }

    async fn admin_recall(&self, body: Value) -> Result<Value, ImError> {
        let me = UserId::parse(body["me"].as_str().unwrap_or_default())?;
        let msg = self
            .recall(
                &me,
                body["peer"].as_str().unwrap_or_default(),
                body["msgKey"].as_str().unwrap_or_default(),
                None,
            )
            .await?;
        to_value(&msg)
    }

    /// `modify_c2c_msg`: the sender's (`me`) message changed on both sides; a field not given
    /// keeps its value.
    async fn admin_modify(&self, body: Value) -> Result<Value, ImError> {
        let me = UserId::parse(body["me"].as_str().unwrap_or_default())?;
        let peer = UserId::parse(body["peer"].as_str().unwrap_or_default())?;
        let key = body["msgKey"].as_str().unwrap_or_default();
        let held = self.inbox()?.by_key(&peer, key)?.ok_or_else(|| {
            ImError::MessageNotFound(format!("no message {key} between {me} and {peer}"))
        })?;
        let msg_body = match &body["msgBody"] {
            Value::Null => held.msg_body,
            b => serde_json::from_value(b.clone())
                .map_err(|e| ImError::Coded(codes::OPENIM_MSG_BODY, format!("MsgBody: {e}")))?,
        };
        let ccd = body["cloudCustomData"].as_str().map(str::to_owned);
        let msg = self.modify(&me, peer.as_str(), key, msg_body, ccd).await?;
        to_value(&msg)
    }

    async fn admin_read(&self, body: Value) -> Result<Value, ImError> {
        let me = UserId::parse(body["me"].as_str().unwrap_or_default())?;
        let until = body["until"].as_u64();
        self.read(&me, body["peer"].as_str().unwrap_or_default(), until)
            .await?;
        Ok(json!({}))
    }

    /// Messages with `peer` between `min_time` and `max_time`, newest first, `max_cnt` at most.
    fn roam(&self, body: Value) -> Result<Value, ImError> {
        let r: Roam = parse(body)?;
        let inbox = self.inbox()?;
        let mut before = match &r.last_key {
            Some(k) => Some(
                inbox
                    .by_key(&r.peer, k)?
                    .ok_or_else(|| ImError::MessageNotFound(format!("LastMsgKey {k:?}")))?
                    .seq,
            ),
            None => None,
        };
        let mut out: Vec<StoredMessage> = vec![];
        let mut complete = false;
        while out.len() < r.max_cnt {
            let batch = inbox.before(&r.peer, before, 100)?;
            if batch.is_empty() {
                complete = true;
                break;
            }
            before = batch.last().map(|m| m.seq);
            for m in batch {
                if m.time < r.min_time {
                    complete = true;
                    break;
                }
                if m.time <= r.max_time && !m.deleted && out.len() < r.max_cnt {
                    out.push(m);
                }
            }
            if complete {
                break;
            }
        }
        if !complete && out.len() == r.max_cnt {
            // Complete only if nothing older in the window remains.
            let last = out.last().map(|m| m.seq);
            complete = !inbox
                .before(&r.peer, last, 100)?
                .iter()
                .any(|m| m.time >= r.min_time && m.time <= r.max_time && !m.deleted);
        }
        let peer_read_time = inbox.conversation(&r.peer)?.map_or(0, |c| c.peer_read_time);
        Ok(json!({ "messages": out, "complete": complete, "peerReadTime": peer_read_time }))
    }

    /// Unread counts: all, and per peer for `peers` (every conversation when absent).
    fn unread(&self, body: &Value) -> Result<Value, ImError> {
        let limits = self.config()?.inbox_limits();
        let list = inbox::conversation_list(self.inbox()?, limits)?;
        let all: u32 = list.iter().map(|c| c.unread_count).sum();
        let per: Vec<Value> = match body["peers"].as_array() {
            Some(peers) => peers
                .iter()
                .filter_map(Value::as_str)
                .map(|p| {
                    let n = list
                        .iter()
                        .find(|c| c.peer == p)
                        .map_or(0, |c| c.unread_count);
                    json!({ "peer": p, "unread": n })
                })
                .collect(),
            None => list
                .iter()
                .map(|c| json!({ "peer": c.peer, "unread": c.unread_count }))
                .collect(),
        };
        Ok(json!({ "all": all, "peers": per }))
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Result<Value, ImError> {
    serde_json::to_value(v).map_err(|e| ImError::Internal(e.to_string()))
}
