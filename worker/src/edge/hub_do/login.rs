//! Accepting a socket (the login policy, kicks, the session's user object opened) and the
//! sweep alarm that ends silent or expired sessions.

use super::{refuse, session_of, HubDo, CLOSE_HEARTBEAT};
use crate::edge::platform::{now_secs, USER as USER_BINDING};
use crate::edge::stub;
use crate::policy::{sessions_to_kick, Live, KICK_USERSIG_EXPIRED};
use crate::session::{
    ClosedSession, Session, SessionOpen, EXPIRES_HEADER, PLATFORM_HEADER, SIGNED_HEADER,
    USER_HEADER,
};
use edgechat_proto::frame::ServerFrame;
use std::collections::BTreeMap;
use std::time::Duration;
use worker::js_sys;
use worker::{Request, Response, Result, WebSocketPair};

impl HubDo {
    /// Accepts a socket for a login the worker has verified, under the login policy; the
    /// user's object admits the account first.
    pub(super) async fn accept_login(&self, req: &Request) -> Result<Response> {
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
            signed_at: header(SIGNED_HEADER).parse().unwrap_or(0),
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
    pub(super) async fn schedule_sweep(&self, now: u64) -> Result<()> {
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
    pub(super) async fn sweep(&self) -> Result<()> {
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
}
