//! One-to-one messages in a user's object: the sender's side of a send, and delivery into
//! the receiver's inbox.

use super::{internal, now_secs, UserDo, BINDING};
use crate::inbox::{history_page, store_once, sync_page, InboxStore, DEDUPE_WINDOW_SECS};
use crate::session::Session;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::limits::HISTORY_PAGE_MAX;
use edgechat_proto::message::{msg_key, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use worker::{wasm_bindgen, Method, Request, RequestInit, Response, Result};

/// What `/deliver` answers: the receiver's stored copy, or why it was refused.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum DeliverReply {
    Stored(StoredMessage),
    Refused { code: u32, message: String },
}

impl UserDo {
    fn store_delivery(&self, msg: StoredMessage) -> std::result::Result<StoredMessage, ImError> {
        let config = self.config()?;
        let accounts = self.accounts()?;
        let now = now_secs();
        if !accounts.is_imported()? {
            if !config.auto_import {
                return Err(ImError::InvalidAccount(format!(
                    "{} is not imported",
                    msg.to
                )));
            }
            accounts.import(&Default::default(), now)?;
        }
        let owner = msg.to.clone();
        let stored = store_once(self.inbox()?, &owner, msg, now)?;
        if stored.fresh {
            self.broadcast(
                &ServerFrame::Msg {
                    message: stored.message.clone(),
                },
                None,
            );
        }
        Ok(stored.message)
    }

    /// Stores a message arriving from its sender's object and pushes it to live sessions.
    pub(super) async fn deliver(&self, mut req: Request) -> Result<Response> {
        let reply = match req.json::<StoredMessage>().await {
            Err(e) => Err(ImError::JsonParse(e.to_string())),
            Ok(msg) => self.store_delivery(msg),
        };
        Response::from_json(&match reply {
            Ok(m) => DeliverReply::Stored(m),
            Err(e) => DeliverReply::Refused {
                code: e.code(),
                message: e.to_string(),
            },
        })
    }

    /// Hands `msg` to the receiver's object and returns the receiver's copy.
    async fn deliver_to(&self, msg: &StoredMessage) -> std::result::Result<StoredMessage, ImError> {
        let stub = self
            .env
            .durable_object(BINDING)
            .and_then(|ns| ns.id_from_name(msg.to.as_str())?.get_stub())
            .map_err(internal)?;
        let body = serde_json::to_string(msg).map_err(|e| ImError::Internal(e.to_string()))?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post)
            .with_body(Some(wasm_bindgen::JsValue::from_str(&body)));
        let req =
            Request::new_with_init("https://user.internal/deliver", &init).map_err(internal)?;
        let mut resp = stub.fetch_with_request(req).await.map_err(internal)?;
        match resp.json::<DeliverReply>().await.map_err(internal)? {
            DeliverReply::Stored(m) => Ok(m),
            DeliverReply::Refused {
                code: 20003,
                message,
            } => Err(ImError::InvalidAccount(message)),
            DeliverReply::Refused { code, message } => Err(ImError::Internal(format!(
                "the receiver refused the message ({code}): {message}"
            ))),
        }
    }

    async fn send(
        &self,
        me: &Session,
        to: &str,
        random: u32,
        msg_body: Vec<MsgElem>,
        cloud_custom_data: String,
    ) -> std::result::Result<StoredMessage, ImError> {
        let to =
            UserId::parse(to).map_err(|e| ImError::InvalidParameter(format!("To_Account: {e}")))?;
        let from = UserId::parse(&me.user)?;
        validate_body(&msg_body, &cloud_custom_data)?;
        let inbox = self.inbox()?;
        let now = now_secs();
        // A retry of a send this inbox already holds gets the first result back.
        let since = now.saturating_sub(DEDUPE_WINDOW_SECS);
        if let Some(first) = inbox.find_recent(&from, &to, random, since)? {
            return Ok(first);
        }
        let msg = StoredMessage {
            seq: 0,
            msg_key: msg_key(random, inbox.max_seq()? + 1, now),
            from: from.clone(),
            to: to.clone(),
            random,
            time: now,
            msg_body,
            cloud_custom_data,
        };
        // The receiver stores first: if we fail after, the retry finds its copy there.
        let theirs = if to == from {
            msg
        } else {
            self.deliver_to(&msg).await?
        };
        let stored = store_once(inbox, &from, theirs, now)?;
        if stored.fresh {
            self.broadcast(
                &ServerFrame::Msg {
                    message: stored.message.clone(),
                },
                Some(&me.sid),
            );
        }
        Ok(stored.message)
    }

    /// The reply to one client frame.
    pub(super) async fn answer(&self, me: &Session, frame: ClientFrame) -> ServerFrame {
        let req_id = frame.req_id();
        let result = match frame {
            ClientFrame::Ping { req_id } => Ok(ServerFrame::Pong { req_id }),
            ClientFrame::Send {
                req_id,
                to,
                random,
                msg_body,
                cloud_custom_data,
            } => self
                .send(me, &to, random, msg_body, cloud_custom_data)
                .await
                .map(|message| ServerFrame::Ack { req_id, message }),
            ClientFrame::Sync { req_id, since } => self
                .inbox()
                .and_then(|inbox| sync_page(inbox, since))
                .map(|(messages, complete, max_seq)| ServerFrame::Sync {
                    req_id,
                    messages,
                    complete,
                    max_seq,
                }),
            ClientFrame::History {
                req_id,
                peer,
                before_seq,
                count,
            } => UserId::parse(&peer).and_then(|peer| {
                let count =
                    (count.unwrap_or(HISTORY_PAGE_MAX as u32) as usize).clamp(1, HISTORY_PAGE_MAX);
                history_page(self.inbox()?, &peer, before_seq, count).map(|(messages, complete)| {
                    ServerFrame::History {
                        req_id,
                        messages,
                        complete,
                    }
                })
            }),
            ClientFrame::SubscribeStatus {
                req_id,
                user_id_list,
            } => self
                .subscribe(me, &user_id_list, true)
                .await
                .map(|list| ServerFrame::StatusList { req_id, list }),
            ClientFrame::UnsubscribeStatus {
                req_id,
                user_id_list,
            } => self
                .subscribe(me, &user_id_list, false)
                .await
                .map(|list| ServerFrame::StatusList { req_id, list }),
        };
        result.unwrap_or_else(|e| ServerFrame::error(Some(req_id), &e))
    }
}
