//! Live sessions of a user: accepting a socket under the login policy, kicking, the
//! heartbeat and UserSig-expiry sweep, and online status.

use super::{now_secs, UserDo};
use crate::policy::{sessions_to_kick, Live, KICK_USERSIG_EXPIRED};
use crate::presence::{keeps_push, status_of, PUSH_ONLINE_SECS};
use crate::session::{Session, EXPIRES_HEADER, PLATFORM_HEADER, USER_HEADER};
use edgechat_proto::frame::ServerFrame;
use edgechat_proto::ImError;
use serde_json::{json, Value};
use std::time::Duration;
use worker::{Request, Response, Result, WebSocket, WebSocketPair};

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

impl UserDo {
    pub(super) fn session_of(ws: &WebSocket) -> Option<Session> {
        ws.deserialize_attachment::<Session>().ok().flatten()
    }

    pub(super) fn live_sessions(&self) -> Vec<(WebSocket, Session)> {
        self.state
            .get_websockets()
            .into_iter()
            .filter_map(|ws| Self::session_of(&ws).map(|s| (ws, s)))
            .filter(|(_, s)| !s.closed)
            .collect()
    }

    /// Sends `frame` to every session of this user except `except` (a session id).
    pub(super) fn broadcast(&self, frame: &ServerFrame, except: Option<&str>) {
        self.broadcast_all(std::slice::from_ref(frame), except);
    }

    /// Sends `frames`, in order, to every live session but `except` (the sessions are looked
    /// up once).
    pub(super) fn broadcast_all(&self, frames: &[ServerFrame], except: Option<&str>) {
        if frames.is_empty() {
            return;
        }
        let texts: Vec<String> = frames.iter().map(ServerFrame::to_text).collect();
        for (ws, s) in self.live_sessions() {
            if Some(s.sid.as_str()) != except {
                for text in &texts {
                    // A socket that is closing cannot take the frame; it syncs on reconnect.
                    let _ = ws.send_with_str(text);
                }
            }
        }
    }

    /// Ends a session: tells it why (`reason` is the engine's KICKED_OUT type), then closes.
    pub(super) fn kick(&self, ws: &WebSocket, session: &mut Session, reason: &str) {
        let _ = ws.send_with_str(
            ServerFrame::Kicked {
                code: 0,
                reason: reason.to_owned(),
            }
            .to_text(),
        );
        self.end(ws, session, CLOSE_KICKED, reason);
    }

    fn end(&self, ws: &WebSocket, session: &mut Session, code: u16, reason: &str) {
        session.closed = true;
        let _ = ws.serialize_attachment(&*session);
        let _ = ws.close(Some(code), Some(reason));
    }

    /// Accepts a socket for a login the worker has verified, under the login policy.
    pub(super) async fn accept_session(&self, req: &Request) -> Result<Response> {
        let header = |name| req.headers().get(name).ok().flatten().unwrap_or_default();
        let config = match self.config() {
            Ok(c) => c,
            Err(e) => return refuse(&e),
        };
        let accounts = match self.accounts() {
            Ok(a) => a,
            Err(e) => return refuse(&e),
        };
        let user = header(USER_HEADER);
        let now = now_secs();
        match accounts.is_imported() {
            Ok(true) => {}
            Ok(false) if config.auto_import => {
                if let Err(e) = accounts.import(&Default::default(), now) {
                    return refuse(&e);
                }
            }
            Ok(false) => return refuse(&ImError::AccountNotImported(user)),
            Err(e) => return refuse(&e),
        }
        let platform = header(PLATFORM_HEADER);
        let live = self.live_sessions();
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
        for (ws, mut s) in live.iter().cloned() {
            if let Some((_, why)) = kicks.iter().find(|(sid, _)| *sid == s.sid) {
                self.kick(&ws, &mut s, why);
            }
        }
        let order = live.iter().map(|(_, s)| s.seq).max().unwrap_or(0) + 1;
        let session = Session {
            sid: format!(
                "{now}-{order}-{}",
                js_sys::Math::random().to_bits() % 1_000_000
            ),
            user: user.clone(),
            platform: platform.clone(),
            expires_at: header(EXPIRES_HEADER).parse().unwrap_or(now),
            connected_at: now,
            last_seen: now,
            seq: order,
            closed: false,
        };
        let pair = WebSocketPair::new()?;
        self.state
            .accept_websocket_with_tags(&pair.server, &[platform.as_str()]);
        pair.server.serialize_attachment(&session)?;
        let _ = accounts.set_push(&platform, None);
        // Messages past the roaming period are deleted before the client syncs; a failure
        // here only delays the purge to the next store.
        let _ = self.purge_expired(now);
        let max_seq = self
            .inbox()
            .and_then(crate::inbox::InboxStore::max_seq)
            .unwrap_or(0);
        pair.server.send_with_str(
            ServerFrame::Login {
                user_id: user.clone(),
                max_seq,
            }
            .to_text(),
        )?;
        self.schedule_sweep(now).await?;
        if live
            .iter()
            .all(|(_, s)| kicks.iter().any(|(sid, _)| *sid == s.sid))
        {
            // Was offline (or every other session was replaced): watchers hear it now.
            self.announce_status(&user).await;
        }
        Response::from_websocket(pair.client)
    }

    /// Sets the alarm for the next sweep: the heartbeat period, or a UserSig expiry if sooner.
    pub(super) async fn schedule_sweep(&self, now: u64) -> Result<()> {
        let period = self
            .config()
            .map(|c| c.heartbeat_timeout_secs)
            .unwrap_or(45)
            .div_ceil(3)
            .max(1);
        let next_expiry = self.live_sessions().iter().map(|(_, s)| s.expires_at).min();
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
    pub(super) async fn sweep(&self) -> Result<()> {
        let now = now_secs();
        let timeout = self
            .config()
            .map(|c| c.heartbeat_timeout_secs)
            .unwrap_or(45);
        for (ws, mut s) in self.live_sessions() {
            if now >= s.expires_at {
                self.kick(&ws, &mut s, KICK_USERSIG_EXPIRED);
            } else if now.saturating_sub(s.last_seen) >= timeout {
                self.mark_push(&s, now);
                self.end(&ws, &mut s, CLOSE_HEARTBEAT, "heartbeat timeout");
            }
            if self.live_sessions().is_empty() {
                self.announce_status(&s.user).await;
            }
        }
        self.schedule_sweep(now).await
    }

    /// A mobile device that lost its socket without logging out stays reachable by push.
    pub(super) fn mark_push(&self, s: &Session, now: u64) {
        if keeps_push(&s.platform) {
            if let Ok(accounts) = self.accounts() {
                let _ = accounts.set_push(&s.platform, Some(now + PUSH_ONLINE_SECS));
            }
        }
    }

    /// Ends every session with `reason`.
    pub(super) fn kick_all(&self, reason: &str) -> usize {
        let live = self.live_sessions();
        for (ws, mut s) in live.iter().cloned() {
            self.kick(&ws, &mut s, reason);
        }
        live.len()
    }

    /// `{Status, Detail}` for `query_online_status`.
    pub(super) fn status(&self) -> std::result::Result<Value, ImError> {
        let live = self.live_sessions();
        let platforms: Vec<&str> = live.iter().map(|(_, s)| s.platform.as_str()).collect();
        let push = self.accounts()?.push_platforms()?;
        let (status, detail) = status_of(&platforms, &push, now_secs());
        Ok(json!({ "Status": status, "Detail": detail }))
    }
}
