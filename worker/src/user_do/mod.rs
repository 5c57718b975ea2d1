//! UserDo: one Durable Object per user, owning the user's account record, inbox and live
//! sessions. It only translates between the platform and the rules in `inbox`, `policy`
//! and `presence`; `sessions` and `messages` hold its two halves.

mod frames;
mod groups;
mod internal;
mod messages;
mod sessions;
mod sns;
mod sns_store;
mod status;
mod store;

pub use sessions::refuse;

use crate::account::ImportedProfile;
use crate::config::AppConfig;
use crate::inbox::sql::SqlInbox;
use crate::policy::KICK_REST_API;
use edgechat_proto::frame::{ClientFrame, FrameError, ServerFrame};
use edgechat_proto::limits::MAX_FRAME_BYTES;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use store::AccountStore;
use worker::{
    durable_object, DurableObject, Env, Method, Request, Response, Result, State, WebSocket,
    WebSocketIncomingMessage,
};

/// The binding name of the user objects in wrangler.toml.
pub const BINDING: &str = "USER";

#[durable_object]
pub struct UserDo {
    state: State,
    env: Env,
    config: std::result::Result<AppConfig, ImError>,
    inbox: std::result::Result<SqlInbox, ImError>,
    accounts: std::result::Result<AccountStore, ImError>,
    sns: std::result::Result<sns_store::SnsStore, ImError>,
    /// The joined-group table exists (created on first use).
    joined_schema: std::cell::Cell<bool>,
}

pub fn now_secs() -> u64 {
    worker::Date::now().as_millis() / 1000
}

/// The JSON answer of an internal call: `{"ok": …}` or `{"code", "message"}`.
fn reply(result: std::result::Result<Value, ImError>) -> Result<Response> {
    Response::from_json(&match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "code": e.code(), "message": e.to_string() }),
    })
}

impl UserDo {
    fn config(&self) -> std::result::Result<&AppConfig, ImError> {
        self.config.as_ref().map_err(Clone::clone)
    }

    fn inbox(&self) -> std::result::Result<&SqlInbox, ImError> {
        self.inbox.as_ref().map_err(Clone::clone)
    }

    fn accounts(&self) -> std::result::Result<&AccountStore, ImError> {
        self.accounts.as_ref().map_err(Clone::clone)
    }

    async fn import(&self, mut req: Request) -> std::result::Result<Value, ImError> {
        let profile: ImportedProfile = req
            .json()
            .await
            .map_err(|e| ImError::JsonParse(e.to_string()))?;
        profile.validate()?;
        self.accounts()?.import(&profile, now_secs())?;
        Ok(json!({}))
    }

    /// POSTs `body` to `user`'s object at `path` and returns its `ok` value.
    pub(crate) async fn call_user(
        &self,
        user: &str,
        path: &str,
        body: Value,
    ) -> Result<Value, ImError> {
        crate::stub::call(&self.env, BINDING, user, path, &body.to_string()).await
    }

    async fn body(mut req: Request) -> std::result::Result<Value, ImError> {
        req.json()
            .await
            .map_err(|e| ImError::JsonParse(e.to_string()))
    }

    /// Fails with 70107 unless the account was imported.
    fn must_exist(&self) -> std::result::Result<(), ImError> {
        if self.accounts()?.is_imported()? {
            Ok(())
        } else {
            Err(ImError::AccountNotImported(String::new()))
        }
    }

    fn delete_account(&self) -> std::result::Result<Value, ImError> {
        self.must_exist()?;
        let kicked = self.kick_all(KICK_REST_API);
        self.accounts()?.delete_everything()?;
        Ok(json!({ "kicked": kicked }))
    }
}

impl DurableObject for UserDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        let config = crate::routes::config(&env);
        let inbox = SqlInbox::open(sql.clone());
        let accounts = AccountStore::open(sql.clone());
        let sns = sns_store::SnsStore::open(sql);
        UserDo {
            state,
            env,
            config,
            inbox,
            accounts,
            sns,
            joined_schema: std::cell::Cell::new(false),
        }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Get, "/connect") => self.accept_session(&req).await,
            (Method::Post, "/import") => reply(self.import(req).await),
            (Method::Post, "/check") => reply(
                self.accounts()
                    .and_then(|a| a.is_imported())
                    .map(|i| json!({ "imported": i })),
            ),
            (Method::Post, "/delete") => reply(self.delete_account()),
            (Method::Post, "/kick") => reply(
                self.must_exist()
                    .map(|()| json!({ "kicked": self.kick_all(KICK_REST_API) })),
            ),
            (Method::Post, "/status") => reply(self.must_exist().and_then(|()| self.status())),
            (Method::Post, "/watch") => reply(Self::body(req).await.and_then(|b| self.watch(&b))),
            (Method::Post, "/status_changed") => {
                reply(Self::body(req).await.and_then(|b| self.status_changed(&b)))
            }
            (Method::Post, path) => {
                let path = path.to_owned();
                match Self::body(req).await {
                    Err(e) => reply(Err(e)),
                    Ok(body) => match self.internal(&path, body).await {
                        Some(result) => reply(result),
                        None => Response::error("not found", 404),
                    },
                }
            }
            _ => Response::error("not found", 404),
        }
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        message: WebSocketIncomingMessage,
    ) -> Result<()> {
        let Some(mut me) = Self::session_of(&ws) else {
            ws.close(Some(1011), Some("session lost"))?;
            return Ok(());
        };
        if me.closed {
            return Ok(());
        }
        me.last_seen = now_secs();
        ws.serialize_attachment(&me)?;
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
        if let Some(mut s) = Self::session_of(&ws) {
            if !s.closed {
                if reason == "logout" {
                    let _ = self.accounts().map(|a| a.set_push(&s.platform, None));
                } else {
                    self.mark_push(&s, now_secs());
                }
                s.closed = true;
                let _ = ws.serialize_attachment(&s);
                if self.live_sessions().is_empty() {
                    self.announce_status(&s.user).await;
                }
            }
        }
        // Complete the closing handshake; 1005/1006 cannot be sent back.
        let code = match code {
            1000..=4999 if code != 1005 && code != 1006 => code as u16,
            _ => 1000,
        };
        let _ = ws.close(Some(code), Some(reason));
        Ok(())
    }

    async fn websocket_error(&self, _ws: WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        self.sweep().await?;
        Response::ok("")
    }
}
