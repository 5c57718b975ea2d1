//! The user's side of live sessions: the sockets are in the user's hub (`hub_do`), which
//! tells this object when sessions open and end and forwards their frames here. This object
//! admits logins (account, purge), keeps which platforms are online (status, push) and
//! pushes frames to the user's sessions through the hub.

use super::{now_secs, UserDo};
use crate::client_rate::ClientRate;
use crate::hub::{hub_of, HubRequest};
use crate::presence::{keeps_push, status_of, PUSH_ONLINE_SECS};
use crate::session::{FrameCall, SessionOpen, SessionUpdate};
use edgechat_proto::frame::{ClientFrame, FrameError, ServerFrame};
use edgechat_proto::group::MsgFlag;
use edgechat_proto::ImError;
use serde_json::{json, Value};

impl UserDo {
    /// The user's ID and live platforms, if the user is online.
    fn online(&self) -> Option<(String, Vec<String>)> {
        self.accounts()
            .ok()?
            .live()
            .ok()
            .flatten()
            .filter(|(_, p)| !p.is_empty())
    }

    /// Sends `frame` to every session of this user except `except` (a session id).
    pub(super) fn broadcast(&self, frame: &ServerFrame, except: Option<&str>) {
        self.broadcast_all(std::slice::from_ref(frame), except);
    }

    /// Sends `frames`, in order, to every live session but `except`, through the user's
    /// hub; nothing when the user is offline (or only the excepted session is live).
    pub(super) fn broadcast_all(&self, frames: &[ServerFrame], except: Option<&str>) {
        let Some((user, platforms)) = self.online() else {
            return;
        };
        if frames.is_empty() || (except.is_some() && platforms.len() <= 1) {
            return;
        }
        let Ok(hubs) = self.config().map(|c| c.hubs) else {
            return;
        };
        let request = HubRequest::Push {
            frames: frames.iter().map(ServerFrame::to_text).collect(),
            except: except.map(str::to_owned),
            user: user.clone(),
        };
        let env = self.env.clone();
        self.state.wait_until(async move {
            // A push that fails costs latency only: the client pulls what it missed by SEQ.
            let _ = crate::edge::stub::hub(&env, hub_of(&user, hubs), &request).await;
        });
    }

    /// `/session/open`: admits a login the hub is about to accept; `{maxSeq}` of the inbox.
    pub(super) async fn session_open(&self, open: SessionOpen) -> Result<Value, ImError> {
        let config = self.config()?;
        let accounts = self.accounts()?;
        let now = now_secs();
        if !accounts.is_imported()? {
            if !config.auto_import {
                return Err(ImError::AccountNotImported(open.user));
            }
            accounts.import(&Default::default(), now)?;
        }
        // A REST kick ends the sessions and the UserSigs they used (Tencent: 踢出后之前的
        // UserSig 失效): a login must bring one signed after the kick.
        if let Some(kicked) = accounts.kicked_at()? {
            if open.signed_at < kicked {
                return Err(ImError::UserSigExpired);
            }
        }
        accounts.set_push(&open.platform, None)?;
        accounts.set_live(&open.user, &open.platforms)?;
        // Messages past the roaming period are deleted before the client syncs; a failure
        // here only delays the purge to the next store.
        let _ = self.purge_expired(now);
        let max_seq = crate::inbox::InboxStore::max_seq(self.inbox()?)?;
        if open.was_offline {
            // Was offline (or every other session was replaced): watchers hear it now.
            self.announce_status(&open.user).await;
        }
        // The hub records which groups the user is online in (and which it mutes).
        let groups: Vec<(String, bool)> = (self.joined_groups()?.into_iter())
            .map(|g| (g.group_id, g.msg_flag == MsgFlag::Discard))
            .collect();
        Ok(json!({ "maxSeq": max_seq, "groups": groups }))
    }

    /// `/session/update`: sessions ended on the hub.
    pub(super) async fn session_update(&self, update: SessionUpdate) -> Result<Value, ImError> {
        let accounts = self.accounts()?;
        let now = now_secs();
        for c in &update.closed {
            if c.logout {
                accounts.set_push(&c.platform, None)?;
            } else if keeps_push(&c.platform) {
                // A mobile device that lost its socket without logging out stays reachable.
                accounts.set_push(&c.platform, Some(now + PUSH_ONLINE_SECS))?;
            }
        }
        let was_online = self.online().is_some();
        accounts.set_live(&update.user, &update.platforms)?;
        if was_online && update.platforms.is_empty() {
            self.announce_status(&update.user).await;
        }
        Ok(json!({}))
    }

    /// `/frame`: a client frame from one of the user's sessions; the reply frame's text.
    pub(super) async fn frame(&self, call: FrameCall<'_>) -> Result<Value, ImError> {
        let reply = match ClientFrame::parse(&call.text) {
            Ok(frame) => match self.admit(&call.session.sid, &frame) {
                Ok(()) => self.answer(&call.session, frame).await,
                Err(e) => ServerFrame::error(Some(frame.req_id()), &e),
            },
            Err(FrameError { req_id, error }) => ServerFrame::error(req_id, &error),
        };
        Ok(Value::String(reply.to_text()))
    }

    /// Spends the frame from the session's and the user's budgets (`client_rate`).
    fn admit(&self, sid: &str, frame: &ClientFrame) -> Result<(), ImError> {
        let mut rate = self.client_rate.borrow_mut();
        let rate = match rate.as_mut() {
            Some(r) => r,
            None => rate.insert(ClientRate::new(self.config()?.client_rate_scale)),
        };
        rate.admit(sid, frame, worker::Date::now().as_millis())
    }

    /// Ends every session with `reason`; how many there were.
    pub(super) async fn kick_all(&self, reason: &str) -> Result<u32, ImError> {
        let Some((user, _)) = self.online() else {
            return Ok(0);
        };
        let hubs = self.config()?.hubs;
        let request = HubRequest::Kick {
            user: user.clone(),
            reason: reason.to_owned(),
        };
        let reply = crate::edge::stub::hub(&self.env, hub_of(&user, hubs), &request).await?;
        self.accounts()?.set_live(&user, &[])?;
        Ok(reply.sockets)
    }

    /// The platforms of the user's live sessions. With `ask_hub`, a user recorded online is
    /// checked with the hub, which holds the sockets: after a restart of the runtime the
    /// sockets are gone without a close, and the record alone would say Online until the
    /// user's next login or logout. (The record is not rewritten here: a login between the
    /// user object's admission and the hub's accept would be lost.)
    pub(super) async fn live_platforms(&self, ask_hub: bool) -> Vec<String> {
        let Some((user, recorded)) = self.online() else {
            return Vec::new();
        };
        let hubs = match self.config() {
            Ok(c) if ask_hub => c.hubs,
            _ => return recorded,
        };
        let request = HubRequest::Sessions { user: user.clone() };
        match crate::edge::stub::hub(&self.env, hub_of(&user, hubs), &request).await {
            Ok(reply) => reply.platforms,
            Err(_) => recorded,
        }
    }

    /// `{Status, Detail}` for `query_online_status`, from `platforms` (live sessions).
    pub(super) fn status_of_platforms(&self, platforms: &[String]) -> Result<Value, ImError> {
        let platforms: Vec<&str> = platforms.iter().map(String::as_str).collect();
        let push = self.accounts()?.push_platforms()?;
        let (status, detail) = status_of(&platforms, &push, now_secs());
        let custom = self.accounts()?.custom_status()?;
        Ok(json!({ "Status": status, "Detail": detail, "CustomStatus": custom }))
    }
}
