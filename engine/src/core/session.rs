//! A session's life: login (the socket URL), the socket opening and closing, reconnects with
//! backoff, the queue of sends made while away, logout and the heartbeat.

use super::*;

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl ChatCore {
    /// The server's clock (unix seconds) from the heartbeat answer that just arrived, once;
    /// `None` when no new one came (older servers send none).
    pub fn take_server_time(&mut self) -> Option<u64> {
        self.session.server_time.take()
    }

    /// Starts a login: returns the socket URL to open. The promise key is `"login"`.
    pub fn login(
        &mut self,
        user_id: &str,
        user_sig: &str,
        server: &str,
        platform: &str,
    ) -> Result<String, ImError> {
        if self.session.phase != Phase::Idle {
            return Err(ImError::InvalidParameter(
                "already logged in or logging in; log out first".into(),
            ));
        }
        let user = UserId::parse(user_id)?;
        if user_sig.is_empty() {
            return Err(ImError::UserSigMalformed("userSig is empty".into()));
        }
        let base = server.trim_end_matches('/');
        let base = if let Some(rest) = base.strip_prefix("https://") {
            format!("wss://{rest}")
        } else if let Some(rest) = base.strip_prefix("http://") {
            format!("ws://{rest}")
        } else {
            base.to_owned()
        };
        if self.session.me.as_ref().is_some_and(|m| m != &user) {
            // Another user's data must not show through.
            *self = ChatCore::new(self.sdkappid);
        }
        self.session.me = Some(user.clone());
        self.session.phase = Phase::Connecting;
        self.session.ever_ready = false;
        self.session.attempt = 0;
        let url = format!(
            "{base}/ws?sdkappid={}&identifier={}&usersig={}&platform={}",
            self.sdkappid,
            percent_encode(user.as_str()),
            percent_encode(user_sig),
            percent_encode(platform)
        );
        self.session.url = Some(url.clone());
        Ok(url)
    }

    /// The socket opened.
    pub fn on_open(&mut self) -> Vec<Action> {
        vec![]
    }

    /// The socket closed (or failed to open). `jitter` in [0, 1) spreads reconnects out.
    pub fn on_close(&mut self, jitter: f64) -> Vec<Action> {
        let was = self.session.phase;
        if was == Phase::Idle || was == Phase::Reconnecting {
            return vec![];
        }
        if self.session.ever_ready {
            return self.connection_lost(jitter);
        }
        let mut out = vec![];
        self.session.phase = Phase::Idle;
        self.c2c.inbox.on_disconnect();
        self.c2c.editing.clear();
        let lost = ImError::Coded(
            code::NETWORK,
            "the connection closed before the server answered".into(),
        );
        if matches!(was, Phase::Connecting | Phase::Syncing) {
            out.push(reject(LOGIN_KEY, &lost));
        }
        for (_, p) in self.requests.pending.drain() {
            if let Some(key) = p.key() {
                out.push(reject(key, &lost));
            }
        }
        out.push(emit(
            event::NET_STATE_CHANGE,
            json!({ "state": "disconnected" }),
        ));
        if was == Phase::Ready {
            out.push(emit(event::SDK_NOT_READY, json!({})));
        }
        out
    }

    /// A logged-in session lost its socket: keep the session and the unsent messages, and
    /// reconnect after a backoff (1 s doubling to 30 s, times 0.5..1 of jitter).
    pub(super) fn connection_lost(&mut self, jitter: f64) -> Vec<Action> {
        let mut out = vec![];
        self.session.phase = Phase::Reconnecting;
        self.c2c.inbox.on_disconnect();
        self.c2c.editing.clear();
        let lost = ImError::Coded(
            code::NETWORK,
            "the connection closed before the server answered".into(),
        );
        let mut in_flight: Vec<(u64, String)> = vec![];
        self.groups_disconnected();
        for (req_id, p) in self.requests.pending.drain() {
            match p {
                // A send in flight is sent again with the same random: stored once either way.
                Pending::Send { id } | Pending::GroupSend { id } => in_flight.push((req_id, id)),
                p => {
                    if let Some(key) = p.key() {
                        out.push(reject(key, &lost));
                    }
                }
            }
        }
        in_flight.sort();
        let mut queue: Vec<String> = in_flight.into_iter().map(|(_, id)| id).collect();
        queue.append(&mut self.outbox.queued);
        self.outbox.queued = queue;
        self.session.attempt += 1;
        let base = 1_000u64
            .saturating_mul(1 << (self.session.attempt - 1).min(5))
            .min(30_000);
        let after_ms = (base as f64 * (0.5 + 0.5 * jitter.clamp(0.0, 1.0))) as u64;
        out.push(emit(
            event::NET_STATE_CHANGE,
            json!({ "state": "disconnected" }),
        ));
        out.push(Action::Reconnect { after_ms });
        out
    }

    /// Starts a reconnect: returns the socket URL to open (`None` when there is nothing to resume).
    pub fn reconnect(&mut self) -> Option<String> {
        if self.session.phase != Phase::Reconnecting {
            return None;
        }
        self.session.phase = Phase::Connecting;
        self.session.url.clone()
    }

    /// Ends the session: rejects what waits for the connection.
    pub(super) fn end_session(&mut self, why: &ImError, out: &mut Vec<Action>) {
        self.session.phase = Phase::Idle;
        self.session.url = None;
        self.session.ever_ready = false;
        for id in std::mem::take(&mut self.outbox.queued) {
            out.push(reject(&id, why));
        }
        for (_, p) in self.requests.pending.drain() {
            if let Some(key) = p.key() {
                out.push(reject(key, why));
            }
        }
    }

    /// Sends what waited for the connection, in order, with their original randoms.
    pub(super) fn flush_queue(&mut self, out: &mut Vec<Action>) {
        for id in std::mem::take(&mut self.outbox.queued) {
            match self.send_frame(&id, false, None) {
                Ok(a) => out.push(a),
                Err(e) => out.push(reject(&id, &e)),
            }
        }
    }

    /// Logs out: closes the socket and forgets the session (the promise key is returned).
    pub fn logout(&mut self) -> Call {
        let key = self.key();
        let mut actions = vec![Action::Close];
        let was_ready = self.session.phase == Phase::Ready;
        let ended = ImError::Coded(code::NOT_READY, "logged out".into());
        self.end_session(&ended, &mut actions);
        if was_ready {
            actions.push(emit(event::SDK_NOT_READY, json!({})));
        }
        actions.push(Action::Resolve {
            key: key.clone(),
            data: json!({}),
        });
        Call { key, actions }
    }

    /// A ping frame for the heartbeat.
    pub fn ping(&mut self) -> Option<String> {
        (self.session.phase != Phase::Idle).then(|| {
            let req_id = self.requests.next_id();
            serde_json::to_string(&ClientFrame::Ping { req_id }).unwrap_or_default()
        })
    }
}
