//! UserDo: one Durable Object per user, owning the user's account record, inbox,
//! relationships and joined-group list. The user's sockets live in a hub (`hub_do`), which
//! forwards their frames here; this object only translates between the platform and the
//! rules in `inbox`, `group` and `presence`.

mod callback_queue;
mod callbacks;
mod extras;
mod frames;
mod groups;
mod internal;
mod live;
mod messages;
mod outbox;
mod receipts;
mod recent;
mod sns;
mod status;
mod store;

use crate::account::ImportedProfile;
use crate::config::AppConfig;
use crate::edge::platform::{now_secs, USER as BINDING};
use crate::inbox::sql::SqlInbox;
use crate::policy::KICK_REST_API;
use crate::session::{FrameCall, SessionOpen, SessionUpdate};
use edgechat_proto::ImError;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use store::AccountStore;
use worker::{durable_object, DurableObject, Env, Method, Request, Response, Result, State};

#[durable_object]
pub struct UserDo {
    state: State,
    env: Env,
    config: std::result::Result<AppConfig, ImError>,
    inbox: std::result::Result<SqlInbox, ImError>,
    accounts: std::result::Result<AccountStore, ImError>,
    sns: std::result::Result<crate::sns::sql::SqlSns, ImError>,
    /// The joined-group table exists (created on first use).
    joined_schema: std::cell::Cell<bool>,
    /// When messages past the roaming period were last deleted (unix seconds): the store path
    /// purges at most once a minute, not per message.
    purged_at: std::cell::Cell<u64>,
    /// What this user's clients may still send (made at the first frame).
    client_rate: std::cell::RefCell<Option<crate::client_rate::ClientRate>>,
    /// The last MsgSeq given to a message from this user (`messages::next_msg_seq`).
    last_msg_seq: std::cell::Cell<u64>,
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
        let profile: ImportedProfile = crate::edge::stub::body(&mut req).await?;
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
        crate::edge::stub::call(&self.env, BINDING, user, path, &body.to_string()).await
    }

    async fn body<T: DeserializeOwned>(mut req: Request) -> std::result::Result<T, ImError> {
        crate::edge::stub::body(&mut req).await
    }

    /// Fails with 70107 unless the account was imported.
    fn must_exist(&self) -> std::result::Result<(), ImError> {
        if self.accounts()?.is_imported()? {
            Ok(())
        } else {
            Err(ImError::AccountNotImported(String::new()))
        }
    }

    async fn delete_account(&self, user: &str) -> std::result::Result<Value, ImError> {
        self.must_exist()?;
        let kicked = self.kick_all(KICK_REST_API).await?;
        self.leave_groups_of_deleted(user).await;
        // Its friends forget it too (as a two-way friend_delete_all would tell them).
        if let Ok(me) = edgechat_proto::UserId::parse(user) {
            let both = json!({ "DeleteType": "Delete_Type_Both" });
            let _ = self
                .sns_command(&me, "friend_delete_all", &both, true)
                .await;
        }
        // Tencent: an account's relationships, profile and conversations go with it, so a
        // re-imported account starts empty.
        self.accounts()?.delete_everything()?;
        self.sns()?.forget_account()?;
        // A re-imported account does not take back the UserSigs of the deleted one.
        self.accounts()?
            .set_kicked_at(crate::edge::platform::now_secs())?;
        Ok(json!({ "kicked": kicked }))
    }

    /// `/status`: the account's online status, checked with the hub.
    async fn status(&self) -> std::result::Result<Value, ImError> {
        self.must_exist()?;
        let platforms = self.live_platforms(true).await;
        self.status_of_platforms(&platforms)
    }

    async fn kick(&self) -> std::result::Result<Value, ImError> {
        self.must_exist()?;
        self.accounts()?
            .set_kicked_at(crate::edge::platform::now_secs())?;
        Ok(json!({ "kicked": self.kick_all(KICK_REST_API).await? }))
    }
}

impl DurableObject for UserDo {
    fn new(state: State, env: Env) -> Self {
        let sql = state.storage().sql();
        let config = crate::edge::platform::config(&env);
        let inbox = SqlInbox::open(sql.clone());
        let accounts = AccountStore::open(sql.clone());
        let sns = crate::sns::sql::SqlSns::open(sql);
        UserDo {
            state,
            env,
            config,
            inbox,
            accounts,
            sns,
            joined_schema: std::cell::Cell::new(false),
            purged_at: std::cell::Cell::new(0),
            client_rate: std::cell::RefCell::new(None),
            last_msg_seq: std::cell::Cell::new(0),
        }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Post, "/frame") => match Self::body::<FrameCall<'static>>(req).await {
                Ok(call) => reply(self.frame(call).await),
                Err(e) => reply(Err(e)),
            },
            (Method::Post, "/session/open") => match Self::body::<SessionOpen>(req).await {
                Ok(open) => reply(self.session_open(open).await),
                Err(e) => reply(Err(e)),
            },
            (Method::Post, "/session/update") => match Self::body::<SessionUpdate>(req).await {
                Ok(update) => reply(self.session_update(update).await),
                Err(e) => reply(Err(e)),
            },
            (Method::Post, "/import") => reply(self.import(req).await),
            (Method::Post, "/check") => reply(
                self.accounts()
                    .and_then(|a| a.is_imported())
                    .map(|i| json!({ "imported": i })),
            ),
            (Method::Post, "/delete") => match Self::body::<Value>(req).await {
                Ok(b) => reply(
                    self.delete_account(b["user"].as_str().unwrap_or_default())
                        .await,
                ),
                Err(e) => reply(Err(e)),
            },
            (Method::Post, "/kick") => reply(self.kick().await),
            (Method::Post, "/status") => reply(self.status().await),
            (Method::Post, "/watch") => match Self::body(req).await {
                Ok(b) => reply(self.watch(&b).await),
                Err(e) => reply(Err(e)),
            },
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

    // Sockets end in the hubs; a user object holds none.
    async fn websocket_message(
        &self,
        _ws: worker::WebSocket,
        _message: worker::WebSocketIncomingMessage,
    ) -> Result<()> {
        Ok(())
    }

    async fn websocket_close(
        &self,
        _ws: worker::WebSocket,
        _code: usize,
        _reason: String,
        _clean: bool,
    ) -> Result<()> {
        Ok(())
    }

    async fn websocket_error(&self, _ws: worker::WebSocket, _error: worker::Error) -> Result<()> {
        Ok(())
    }

    /// One-to-one deliveries whose answer was lost are sent again (`outbox`), and queued
    /// callbacks to the app are sent (`callback_queue`).
    async fn alarm(&self) -> Result<Response> {
        let outbox = self.retry_outbox().await.unwrap_or_else(|e| {
            worker::console_error!("outbox: {e}");
            None
        });
        let callbacks = self.send_callbacks().await.unwrap_or_else(|e| {
            worker::console_error!("{e}");
            None
        });
        if let Err(e) = self.alarm_next(&[outbox, callbacks]).await {
            worker::console_error!("{e}");
        }
        Response::ok("")
    }
}
