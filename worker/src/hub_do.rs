//! HubDo: a socket hub. Every client socket ends in the hub that `hub::hub_of` picks for its
//! user, so all of a user's devices share one object and a group reaches all its members on
//! a hub with one call. The hub keeps the sessions (login policy, kicks, heartbeat and
//! UserSig expiry) and forwards each client frame to the user's object, which answers it;
//! user and group objects push frames back through the hub (`HubRequest`). It also keeps
//! which members of each group are online here (`hub::room`): the first one of a group makes
//! the hub subscribe to the group, the last one leaving unsubscribes it, and a group push
//! names only the group.

use crate::config::AppConfig;
use crate::hub::room::{HubToGroup, PendingLogin, RoomMembers, RoomPush, GROUP_PATH};
use crate::hub::room_sql::RoomSql;
use crate::hub::{hub_of, GroupPush, HubReply, HubRequest, PushItem};
use crate::platform::GROUP as GROUP_BINDING;
use crate::platform::{now_secs, USER as USER_BINDING};
use crate::policy::{sessions_to_kick, Live, KICK_USERSIG_EXPIRED};
use crate::session::{
    ClosedSession, FrameCall, Session, SessionOpen, SessionUpdate, EXPIRES_HEADER, PLATFORM_HEADER,
    USER_HEADER,
};
use crate::stub;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use edgechat_proto::limits::MAX_FRAME_BYTES;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::Duration;
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

    fn rooms(&self) -> std::result::Result<&RoomSql, ImError> {
        self.rooms.as_ref().map_err(Clone::clone)
    }

    /// This hub's index (every user on it hashes here).
    fn index(&self, user: &str) -> u32 {
        hub_of(user, self.config.as_ref().map_or(1, |c| c.hubs))
    }

    /// Tells `groups` that this hub has members of theirs online now, or no longer.
    async fn tell_groups(&self, hub: u32, groups: Vec<String>, subscribe: bool) {
        let call = HubToGroup { hub, subscribe };
        for chunk in groups.chunks(GROUP_CHUNK) {
            let calls =
                (chunk.iter()).map(|g| stub::send(&self.env, GROUP_BINDING, g, GROUP_PATH, &call));
            futures_util::future::join_all(calls).await;
        }
    }

    /// Records the rooms of a user who just logged in (its groups, then the changes that
    /// arrived during the login); the groups this hub had no one online in before.
    fn enter_rooms(&self, user: &str, rows: Vec<(String, Option<bool>)>) -> Vec<String> {
        let Ok(rooms) = self.rooms() else {
            return Vec::new();
        };
        self.room_cache.borrow_mut().clear();
        let mut before: BTreeMap<String, u32> = BTreeMap::new();
        for (group, quiet) in rows {
            if !before.contains_key(&group) {
                before.insert(group.clone(), rooms.count(&group).unwrap_or(0));
            }
            let _ = match quiet {
                Some(q) => rooms.set(&group, user, q),
                None => rooms.remove(&group, user),
            };
        }
        before
            .into_iter()
            .filter(|(g, n)| *n == 0 && rooms.count(g).unwrap_or(0) > 0)
            .map(|(g, _)| g)
            .collect()
    }

    /// A user with no session left (and none being admitted) leaves its rooms; groups with no
    /// one online here any more are unsubscribed.
    async fn leave_rooms_if_offline(&self, user: &str) {
        if !self.sessions_of(user).is_empty() || self.pending.borrow().contains_key(user) {
            return;
        }
        self.room_cache.borrow_mut().clear();
        let Ok(empty) = self.rooms().and_then(|r| r.remove_user(user)) else {
            return;
        };
        self.tell_groups(self.index(user), empty, false).await;
    }

    /// The end of a login's admission: the changes that arrived meanwhile.
    fn admitted(&self, user: &str) -> PendingLogin {
        let mut pending = self.pending.borrow_mut();
        let Some(p) = pending.get_mut(user) else {
            return PendingLogin::default();
        };
        p.logins = p.logins.saturating_sub(1);
        let out = p.clone();
        if p.logins == 0 {
            pending.remove(user);
        }
        out
    }

    /// A group's members coming online here or going (join, quit, kick, receive option,
    /// dismiss); the group's members online here after.
    fn members_changed(&self, change: RoomMembers) -> std::result::Result<u32, ImError> {
        let rooms = self.rooms()?;
        let group = change.group.as_str();
        self.room_cache.borrow_mut().remove(group);
        if change.clear {
            rooms.clear(group)?;
        }
        let mut pending = self.pending.borrow_mut();
        for (user, quiet) in &change.set {
            if change.synthetic || !self.sessions_of(user).is_empty() {
                rooms.set(group, user, *quiet)?;
            }
            if let Some(p) = pending.get_mut(user) {
                p.changes.push((group.to_owned(), Some(*quiet)));
            }
        }
        for user in &change.remove {
            rooms.remove(group, user)?;
            if let Some(p) = pending.get_mut(user) {
                p.changes.push((group.to_owned(), None));
            }
        }
        rooms.count(group)
    }

    /// A group push: written to every member of the group online here, and sent on to the
    /// relay hubs (whose answers say which of them have no one).
    async fn room_push(&self, push: RoomPush) -> std::result::Result<HubReply, ImError> {
        let relayed = (!push.relay.is_empty()).then(|| {
            HubRequest::Room(RoomPush {
                group: push.group.clone(),
                items: push.items.clone(),
                relay: Vec::new(),
            })
        });
        let relays = push.relay.iter().map(|hub| {
            let request = relayed.as_ref();
            async move {
                let reply = match request {
                    Some(r) => stub::hub(&self.env, *hub, r).await.ok(),
                    None => None,
                };
                (*hub, reply)
            }
        });
        let relays = futures_util::future::join_all(relays);
        let room = self.room(&push.group)?;
        let online = (room.0.len() + room.1.len()) as u32;
        let sockets = self.write_to(&room.0, &room.1, &push.items);
        let empty = (relays.await.into_iter())
            .filter(|(_, r)| r.as_ref().is_some_and(|r| r.online == 0))
            .map(|(h, _)| h)
            .collect();
        Ok(HubReply {
            sockets,
            online,
            empty,
            ..HubReply::default()
        })
    }

    /// The group's members online here (cached until a change touches the group).
    fn room(&self, group: &str) -> std::result::Result<Rc<RoomOnHub>, ImError> {
        if let Some(room) = self.room_cache.borrow().get(group) {
            return Ok(Rc::clone(room));
        }
        let room = Rc::new(self.rooms()?.members(group)?);
        (self.room_cache.borrow_mut()).insert(group.to_owned(), Rc::clone(&room));
        Ok(room)
    }

    /// Writes a group push's frames to the sockets of its members here; sockets written.
    fn write_group(&self, push: &GroupPush) -> u32 {
        self.write_to(&push.members, &push.quiet, &push.items)
    }

    fn write_to(&self, members: &[String], quiet: &[String], items: &[PushItem]) -> u32 {
        let mut sockets = 0;
        // Each frame becomes a JS string once, then goes to every socket as it is.
        let all = js_strings(items.iter().map(|i| i.frame.as_str()));
        let by_user = self.by_user();
        let mut send = |member: &str, frames: &[js_sys::JsString]| {
            for ws in by_user.get(member).into_iter().flatten() {
                sockets += 1;
                send_all(ws, frames);
            }
        };
        for member in members {
            send(member, &all);
        }
        for member in quiet {
            let frames = crate::hub::quiet_frames(items, member);
            if !frames.is_empty() {
                send(member, &js_strings(frames));
            }
        }
        sockets
    }

    /// Accepts a socket for a login the worker has verified, under the login policy; the
    /// user's object admits the account first.
    async fn accept_login(&self, req: &Request) -> Result<Response> {
        let header = |name| req.headers().get(name).ok().flatten().unwrap_or_default();
        let config = match &self.config {
            Ok(c) => c,
            Err(e) => return refuse(e),
        };
        let user = header(USER_HEADER);
        let platform = header(PLATFORM_HEADER);
        let now = now_secs();
        let live = self.sessions_of(&user);
        let views: Vec<Live> = live
            .iter()
            .map(|(_, s)| Live {
                sid: &s.sid,
                platform: &s.platform,
                connected_at: s.seq,
            })
            .collect();
        let kicks: Vec<(String, &str)> = sessions_to_kick(
            config.login_policy,
            config.max_per_platform,
            &views,
            &platform,
        )
        .into_iter()
        .map(|(sid, why)| (sid.to_owned(), why))
        .collect();
        let kicked = |s: &Session| kicks.iter().find(|(sid, _)| *sid == s.sid).map(|k| k.1);
        let mut platforms: Vec<String> = live
            .iter()
            .filter(|(_, s)| kicked(s).is_none())
            .map(|(_, s)| s.platform.clone())
            .collect();
        let was_offline = platforms.is_empty();
        platforms.push(platform.clone());
        let open = SessionOpen {
            user: user.clone(),
            platform: platform.clone(),
            platforms,
            was_offline,
        };
        self.pending
            .borrow_mut()
            .entry(user.clone())
            .or_default()
            .logins += 1;
        let opened = stub::send(&self.env, USER_BINDING, &user, "/session/open", &open).await;
        let pending = self.admitted(&user);
        let opened = match opened {
            Ok(v) => v,
            Err(e) => return refuse(&e),
        };
        let max_seq = opened["maxSeq"].as_u64().unwrap_or(0);
        // The user's groups, each with whether it receives only its own messages: this
        // hub subscribes to those it had no one online in, before the socket is accepted (the
        // client syncs after the login frame, so nothing falls between).
        let groups: Vec<(String, bool)> =
            serde_json::from_value(opened["groups"].clone()).unwrap_or_default();
        let newly = self.enter_rooms(&user, pending.rows(groups));
        self.tell_groups(self.index(&user), newly, true).await;
        let order = live.iter().map(|(_, s)| s.seq).max().unwrap_or(0) + 1;
        for (ws, mut s) in live {
            if let Some(why) = kicked(&s) {
                Self::kick(&ws, &mut s, why);
            }
        }
        let session = Session {
            sid: format!(
                "{now}-{order}-{}",
                js_sys::Math::random().to_bits() % 1_000_000
            ),
            user: user.clone(),
            platform,
            expires_at: header(EXPIRES_HEADER).parse().unwrap_or(now),
            connected_at: now,
            last_seen: now,
            seq: order,
            closed: false,
        };
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[user.as_str()]);
        pair.server.serialize_attachment(&session)?;
        self.sockets_changed();
        pair.server.send_with_str(
            ServerFrame::Login {
                user_id: user,
                max_seq,
            }
            .to_text(),
        )?;
        self.schedule_sweep(now).await?;
        Response::from_websocket(pair.client)
    }

    /// Sets the alarm for the next sweep: the heartbeat period, or a UserSig expiry if sooner.
    async fn schedule_sweep(&self, now: u64) -> Result<()> {
        let period = self
            .config
            .as_ref()
            .map(|c| c.heartbeat_timeout_secs)
            .unwrap_or(45)
            .div_ceil(3)
            .max(1);
        let next_expiry = self
            .state
            .get_websockets()
            .iter()
            .filter_map(session_of)
            .filter(|s| !s.closed)
            .map(|s| s.expires_at)
            .min();
        let Some(expiry) = next_expiry else {
            return Ok(());
        };
        let wait = period.min(expiry.saturating_sub(now)).max(1);
        self.state
            .storage()
            .set_alarm(Duration::from_secs(wait))
            .await
    }

    /// The alarm: closes sessions whose UserSig expired or that stopped answering.
    async fn sweep(&self) -> Result<()> {
        let now = now_secs();
        let timeout = self
            .config
            .as_ref()
            .map(|c| c.heartbeat_timeout_secs)
            .unwrap_or(45);
        let mut ended: BTreeMap<String, Vec<ClosedSession>> = BTreeMap::new();
        for ws in self.state.get_websockets() {
            let Some(mut s) = session_of(&ws).filter(|s| !s.closed) else {
                continue;
            };
            if now >= s.expires_at {
                Self::kick(&ws, &mut s, KICK_USERSIG_EXPIRED);
            } else if now.saturating_sub(s.last_seen) >= timeout {
                Self::end(&ws, &mut s, CLOSE_HEARTBEAT, "heartbeat timeout");
            } else {
                continue;
            }
            ended
                .entry(s.user.clone())
                .or_default()
                .push(ClosedSession {
                    platform: s.platform,
                    logout: false,
                });
        }
        if !ended.is_empty() {
            self.sockets_changed();
        }
        for (user, closed) in ended {
            self.sessions_ended(&user, closed).await;
        }
        self.schedule_sweep(now).await
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
        let config = crate::platform::config(&env);
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
