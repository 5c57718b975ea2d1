//! UserDo: one Durable Object per user, owning the user's inbox and live sessions. It only
//! translates between the platform (sockets, SQLite, other objects) and the inbox rules.

use crate::inbox::sql::SqlInbox;
use crate::inbox::{history_page, store_once, sync_page, InboxStore, DEDUPE_WINDOW_SECS};
use crate::session::{Session, EXPIRES_HEADER, PLATFORM_HEADER, USER_HEADER};
use edgechat_proto::frame::{ClientFrame, FrameError, ServerFrame};
use edgechat_proto::limits::{HISTORY_PAGE_MAX, MAX_FRAME_BYTES};
use edgechat_proto::message::{msg_key, validate_body, MsgElem, StoredMessage};
use edgechat_proto::{ImError, UserId};
use serde::{Deserialize, Serialize};
use worker::{
    durable_object, wasm_bindgen, DurableObject, Env, Method, Request, RequestInit, Response,
    Result, State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
};

/// The binding name of the user objects in wrangler.toml.
pub const BINDING: &str = "USER";

#[durable_object]
pub struct UserDo {
    state: State,
    env: Env,
    inbox: std::result::Result<SqlInbox, ImError>,
}

/// What `/deliver` answers: the receiver's stored copy, or why it was refused.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
enum DeliverReply {
    Stored(StoredMessage),
    Refused { code: u32, message: String },
}

pub fn now_secs() -> u64 {
    worker::Date::now().as_millis() / 1000
}

fn internal(e: worker::Error) -> ImError {
    ImError::Internal(e.to_string())
}

impl UserDo {
    fn inbox(&self) -> std::result::Result<&SqlInbox, ImError> {
        self.inbox.as_ref().map_err(Clone::clone)
    }

    fn session_of(ws: &WebSocket) -> Option<Session> {
        ws.deserialize_attachment::<Session>().ok().flatten()
    }

    /// Sends `frame` to every session of this user except `except` (a session id).
    fn broadcast(&self, frame: &ServerFrame, except: Option<&str>) {
        let text = frame.to_text();
        for ws in self.state.get_websockets() {
            let sid = Self::session_of(&ws).map(|s| s.sid);
            if sid.is_some() && sid.as_deref() != except {
                // A socket that is closing cannot take the frame; it syncs on reconnect.
                let _ = ws.send_with_str(&text);
            }
        }
    }

    /// Accepts a socket for a login the worker has verified.
    fn accept_session(&self, req: &Request) -> Result<Response> {
        let header = |name| req.headers().get(name).ok().flatten().unwrap_or_default();
        let user = header(USER_HEADER);
        let now = now_secs();
        let session = Session {
            sid: format!("{}-{}", now, js_sys::Math::random().to_bits()),
            user: user.clone(),
            platform: header(PLATFORM_HEADER),
            expires_at: header(EXPIRES_HEADER).parse().unwrap_or(now),
            connected_at: now,
        };
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[session.platform.as_str()]);
        pair.server.serialize_attachment(&session)?;
        let max_seq = self.inbox().and_then(InboxStore::max_seq).unwrap_or(0);
        pair.server.send_with_str(
            ServerFrame::Login {
                user_id: user,
                max_seq,
            }
            .to_text(),
        )?;
        Response::from_websocket(pair.client)
    }

    /// Stores a message arriving from its sender's object and pushes it to live sessions.
    async fn deliver(&self, mut req: Request) -> Result<Response> {
        let reply = match req.json::<StoredMessage>().await {
            Err(e) => DeliverReply::Refused {
                code: 60003,
                message: e.to_string(),
            },
            Ok(msg) => {
                let owner = msg.to.clone();
                match self
                    .inbox()
                    .and_then(|inbox| store_once(inbox, &owner, msg, now_secs()))
                {
                    Ok(stored) => {
                        if stored.fresh {
                            self.broadcast(
                                &ServerFrame::Msg {
                                    message: stored.message.clone(),
                                },
                                None,
                            );
                        }
                        DeliverReply::Stored(stored.message)
                    }
                    Err(e) => DeliverReply::Refused {
                        code: e.code(),
                        message: e.to_string(),
                    },
                }
            }
        };
        Response::from_json(&reply)
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
            DeliverReply::Refused { code, message } => Err(ImError::Internal(format!(
                "receiver refused the message ({code}): {message}"
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

    async fn answer(&self, me: &Session, frame: ClientFrame) -> ServerFrame {
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
                let count = count.unwrap_or(HISTORY_PAGE_MAX as u32) as usize;
                let count = count.clamp(1, HISTORY_PAGE_MAX);
                let inbox = self.inbox()?;
                history_page(inbox, &peer, before_seq, count).map(|(messages, complete)| {
                    ServerFrame::History {
                        req_id,
                        messages,
                        complete,
                    }
                })
            }),
        };
        result.unwrap_or_else(|e| ServerFrame::error(Some(req_id), &e))
    }
}

impl DurableObject for UserDo {
    fn new(state: State, env: Env) -> Self {
        let inbox = SqlInbox::open(state.storage().sql());
        UserDo { state, env, inbox }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Get, "/connect") => self.accept_session(&req),
            (Method::Post, "/deliver") => self.deliver(req).await,
            _ => Response::error("not found", 404),
        }
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        message: WebSocketIncomingMessage,
    ) -> Result<()> {
        let Some(me) = Self::session_of(&ws) else {
            ws.close(Some(1011), Some("session lost"))?;
            return Ok(());
        };
        let reply = match message {
            WebSocketIncomingMessage::Binary(_) => ServerFrame::error(
                None,
                &ImError::JsonParse("frames are JSON text, not binary".into()),
            ),
            WebSocketIncomingMessage::String(text) if text.len() > MAX_FRAME_BYTES => {
                ServerFrame::error(
                    None,
                    &ImError::MessageTooLong {
                        len: text.len(),
                        max: MAX_FRAME_BYTES,
                    },
                )
            }
            WebSocketIncomingMessage::String(text) => match ClientFrame::parse(&text) {
                Ok(frame) => self.answer(&me, frame).await,
                Err(FrameError { req_id, error }) => ServerFrame::error(req_id, &error),
            },
        };
        ws.send_with_str(reply.to_text())
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        code: usize,
        reason: String,
        _clean: bool,
    ) -> Result<()> {
        // Complete the closing handshake; 1005/1006 cannot be sent back.
        let code = if (1000..=4999).contains(&code) && code != 1005 && code != 1006 {
            code as u16
        } else {
            1000
        };
        let _ = ws.close(Some(code), Some(reason));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        Response::ok("")
    }
}
