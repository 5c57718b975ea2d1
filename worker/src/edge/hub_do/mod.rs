//! HubDo: a socket hub. Every client socket ends in the hub that `hub::hub_of` picks for its
//! user, so all of a user's devices share one object and a group reaches all its members on
//! a hub with one call. The hub keeps the sessions (login policy, kicks, heartbeat and
//! UserSig expiry) and forwards each client frame to the user's object, which answers it;
//! user and group objects push frames back through the hub (`HubRequest`). It also keeps
//! which members of each group are online here (`hub::room`): the first one of a group makes
//! the hub subscribe to the group, the last one leaving unsubscribes it, and a group push
//! names only the group.

mod login;
mod rooms;

use crate::config::AppConfig;
use crate::edge::platform::{now_secs, USER as USER_BINDING};
use crate::edge::stub;
use crate::hub::room::PendingLogin;
use crate::hub::room_sql::RoomSql;
use crate::hub::{HubReply, HubRequest};
use crate::session::{ClosedSession, FrameCall, Session, SessionUpdate};
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::limits::MAX_FRAME_BYTES;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use worker::wasm_bindgen::{self, JsValue};
use worker::{
    durable_object, DurableObject, Env, Method, Request, Response, Result, State, WebSocket,
    WebSocketIncomingMessage, WebSocketPair,
};
use worker::{js_sys, web_sys};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A WebSocket seen only for `send(string)`, so one JS string goes to many sockets
    /// without being copied out of wasm memory again for each.
    type TextSocket;
    #[wasm_bindgen(method, catch, js_name = send)]
    fn send_text(this: &TextSocket, data: &js_sys::JsString) -> std::result::Result<(), JsValue>;
}

/// Writes `frames` (already JS strings) to `ws`; a closing socket refuses them, and its
/// client syncs on reconnect.
fn send_all(ws: &WebSocket, frames: &[js_sys::JsString]) {
    use wasm_bindgen::JsCast;
    let raw: &web_sys::WebSocket = ws.as_ref();
    let socket: &TextSocket = raw.unchecked_ref();
    for f in frames {
        let _ = socket.send_text(f);
    }
}

fn js_strings<'a>(frames: impl IntoIterator<Item = &'a str>) -> Vec<js_sys::JsString> {
    frames.into_iter().map(js_sys::JsString::from).collect()
}

/// Close code for a session the server ended (kick, expiry, heartbeat).
pub const CLOSE_KICKED: u16 = 4100;
pub const CLOSE_HEARTBEAT: u16 = 4108;

/// A socket that tells the client why it was refused, then closes.
pub fn refuse(error: &ImError) -> Result<Response> {
    let pair = WebSocketPair::new()?;
    pair.server.accept()?;
    pair.server
        .send_with_str(ServerFrame::error(None, error).to_text())?;
    let code = 4000 + (error.code() % 1000) as u16;
    pair.server
        .close(Some(code), Some(error.code().to_string()))?;
    Response::from_websocket(pair.client)
}

/// A hub's live sockets by user.
type SocketsByUser = HashMap<String, Vec<WebSocket>>;

#[durable_object]
pub struct HubDo {
    state: State,
    env: Env,
    config: std::result::Result<AppConfig, ImError>,
    /// Live sockets by user for group pushes, built from the attachments when first needed
    /// and dropped whenever a socket opens or closes (a tag lookup per member costs a scan
    /// of every socket on the hub).
    by_user: RefCell<Option<Rc<SocketsByUser>>>,
    /// Which members of which groups are online here.
    rooms: std::result::Result<RoomSql, ImError>,
    /// Logins being admitted, with the membership changes that arrived meanwhile.
    pending: RefCell<HashMap<String, PendingLogin>>,
    /// Room members read from the table, per group, until a change touches the group (a
    /// push to a big room then reads nothing from storage).
    room_cache: RefCell<HashMap<String, Rc<RoomOnHub>>>,
}

/// A group's members online on a hub: (those who get everything, "discard" members).
type RoomOnHub = (Vec<String>, Vec<String>);

/// Group objects told at once of subscriptions.
const GROUP_CHUNK: usize = 50;

fn session_of(ws: &WebSocket) -> Option<Session> {
    ws.deserialize_attachment::<Session>().ok().flatten()
}

fn reply(result: std::result::Result<Value, ImError>) -> Result<Response> {
    Response::from_json(&match result {
        Ok(v) => json!({ "ok": v }),
        Err(e) => json!({ "code": e.code(), "message": e.to_string() }),
    })
}

impl HubDo {
    /// Live sockets by user (cached until a socket opens or closes).
    fn by_user(&self) -> Rc<SocketsByUser> {
        if let Some(map) = self.by_user.borrow().as_ref() {
            return Rc::clone(map);
        }
        let mut map = SocketsByUser::new();
        for ws in self.state.get_websockets() {
            if let Some(s) = session_of(&ws).filter(|s| !s.closed) {
                map.entry(s.user).or_default().push(ws);
            }
        }
        let map = Rc::new(map);
        *self.by_user.borrow_mut() = Some(Rc::clone(&map));
        map
    }

    /// Forgets the socket map (a socket opened or closed).
    fn sockets_changed(&self) {
        *self.by_user.borrow_mut() = None;
    }

    /// The live sessions of `user` on this hub (sockets are tagged with their user).
    fn sessions_of(&self, user: &str) -> Vec<(WebSocket, Session)> {
        self.state
            .get_websockets_with_tag(user)
            .into_iter()
            .filter_map(|ws| session_of(&ws).map(|s| (ws, s)))
            .filter(|(_, s)| !s.closed)
            .collect()
    }

    fn platforms_of(&self, user: &str) -> Vec<String> {
        self.sessions_of(user)
            .into_iter()
            .map(|(_, s)| s.platform)
            .collect()
    }

    /// Ends a session: tells it why (`reason` is the engine's KICKED_OUT type), then closes.
    fn kick(ws: &WebSocket, session: &mut Session, reason: &str) {
        let _ = ws.send_with_str(
            ServerFrame::Kicked {
                code: 0,
                reason: reason.to_owned(),
            }
            .to_text(),
        );
        Self::end(ws, session, CLOSE_KICKED, reason);
    }

    fn end(ws: &WebSocket, session: &mut Session, code: u16, reason: &str) {
        session.closed = true;
        let _ = ws.serialize_attachment(&*session);
        let _ = ws.close(Some(code), Some(reason));
    }

    /// Tells the user's object which sessions ended and which stay.
    async fn sessions_ended(&self, user: &str, closed: Vec<ClosedSession>) {
        let update = SessionUpdate {
            user: user.to_owned(),
            platforms: self.platforms_of(user),
            closed,
        };
        // An object that cannot be told now corrects itself at the user's next login.
        let _ = stub::send(&self.env, USER_BINDING, user, "/session/update", &update).await;
        self.leave_rooms_if_offline(user).await;
    }

    /// Carries out a push or kick from a user or group object.
    async fn call(&self, request: HubRequest) -> std::result::Result<HubReply, ImError> {
        let mut sockets = 0u32;
        match request {
            HubRequest::Sessions { user } => {
                let platforms = self.platforms_of(&user);
                return Ok(HubReply {
                    sockets: platforms.len() as u32,
                    platforms,
                    ..HubReply::default()
                });
            }
            HubRequest::Push {
                user,
                frames,
                except,
            } => {
                let frames = js_strings(frames.iter().map(String::as_str));
                for (ws, s) in self.sessions_of(&user) {
                    if Some(&s.sid) != except.as_ref() {
                        sockets += 1;
                        send_all(&ws, &frames);
                    }
                }
            }
            HubRequest::Kick { user, reason } => {
                self.sockets_changed();
                for (ws, mut s) in self.sessions_of(&user) {
                    Self::kick(&ws, &mut s, &reason);
                    sockets += 1;
                }
                self.leave_rooms_if_offline(&user).await;
            }
            HubRequest::Group(push) => sockets = self.write_group(&push),
            HubRequest::Room(push) => return self.room_push(push).await,
            HubRequest::Members(change) => {
                return Ok(HubReply {
                    online: self.members_changed(change)?,
                    ..HubReply::default()
                })
            }
        }
        Ok(HubReply {
            sockets,
            ..HubReply::default()
        })
    }

    /// A client's socket closed or broke: its session ends (once) and the user's object hears
    /// which platforms stay.
    async fn socket_gone(&self, ws: &WebSocket, logout: bool) {
        self.sockets_changed();
        let Some(mut s) = session_of(ws).filter(|s| !s.closed) else {
            return;
        };
        s.closed = true;
        let _ = ws.serialize_attachment(&s);
        let closed = vec![ClosedSession {
            platform: s.platform.clone(),
            logout,
        }];
        self.sessions_ended(&s.user, closed).await;
    }

    /// The user's object answers a client frame.
    async fn forward(&self, me: &Session, text: &str) -> std::result::Result<String, ImError> {
        let call = FrameCall {
            session: std::borrow::Cow::Borrowed(me),
            text: std::borrow::Cow::Borrowed(text),
        };
        let reply = stub::send(&self.env, USER_BINDING, &me.user, "/frame", &call).await?;
        match reply {
            Value::String(s) => Ok(s),
            other => Err(ImError::Internal(format!("a frame answered {other}"))),
        }
    }
}

/// The request ID of a frame the user's object could not answer, for the error frame (read
/// only then, with the protocol's own parser).
fn req_id_of(text: &str) -> Option<u64> {
    match ClientFrame::parse(text) {
        Ok(frame) => Some(frame.req_id()),
        Err(e) => e.req_id,
    }
}

impl DurableObject for HubDo {
    fn new(state: State, env: Env) -> Self {
        let config = crate::edge::platform::config(&env);
        HubDo {
            env,
            config,
            by_user: RefCell::new(None),
            rooms: RoomSql::open(state.storage().sql()),
            pending: RefCell::default(),
            room_cache: RefCell::default(),
            state,
        }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Get, "/connect") => self.accept_login(&req).await,
            (Method::Post, "/call") => match stub::body::<HubRequest>(&mut req).await {
                Ok(r) => reply(self.call(r).await.and_then(|out| {
                    serde_json::to_value(out)
                        .map_err(|e| ImError::Internal(format!("hub reply: {e}")))
                })),
                Err(e) => reply(Err(e)),
            },
            _ => Response::error("not found", 404),
        }
    }

    async fn websocket_message(
        &self,
        ws: WebSocket,
        message: WebSocketIncomingMessage,
    ) -> Result<()> {
        let Some(mut me) = session_of(&ws) else {
            ws.close(Some(1011), Some("session lost"))?;
            return Ok(());
        };
        if me.closed {
            return Ok(());
        }
        me.last_seen = now_secs();
        ws.serialize_attachment(&me)?;
        let text = match message {
            WebSocketIncomingMessage::Binary(_) => ServerFrame::error(
                None,
                &ImError::JsonParse("frames are JSON text, not binary".into()),
            )
            .to_text(),
            WebSocketIncomingMessage::String(text) if text.len() > MAX_FRAME_BYTES => {
                ServerFrame::error(
                    None,
                    &ImError::MessageTooLong {
                        len: text.len(),
                        max: MAX_FRAME_BYTES,
                    },
                )
                .to_text()
            }
            WebSocketIncomingMessage::String(text) => match self.forward(&me, &text).await {
                Ok(reply) => reply,
                Err(e) => ServerFrame::error(req_id_of(&text), &e).to_text(),
            },
        };
        ws.send_with_str(text)
    }

    async fn websocket_close(
        &self,
        ws: WebSocket,
        code: usize,
        reason: String,
        _clean: bool,
    ) -> Result<()> {
        self.socket_gone(&ws, reason == "logout").await;
        // Complete the closing handshake; 1005/1006 cannot be sent back.
        let code = match code {
            1000..=4999 if code != 1005 && code != 1006 => code as u16,
            _ => 1000,
        };
        let _ = ws.close(Some(code), Some(reason));
        Ok(())
    }

    async fn websocket_error(&self, ws: WebSocket, _error: worker::Error) -> Result<()> {
        // A broken connection ends its session as a close without logout would.
        self.socket_gone(&ws, false).await;
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        self.sweep().await?;
        Response::ok("")
    }
}
