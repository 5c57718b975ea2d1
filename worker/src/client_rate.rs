//! What one signed-in client may send per second: token buckets per session (every frame) and
//! per user (messages, group creations), kept in the user's object, which answers every frame.
//!
//! A client that logs in pulls its conversations, groups and missed messages in a burst of
//! frames, so the frame budget is wide; messages and new groups are what an abuser multiplies
//! (each message is stored, each group is a Durable Object), so theirs are narrow. Over a
//! budget the frame is refused before it is carried out: 7008 (Tencent's "API called too
//! often") for frames and one-to-one messages, 10023 (群消息 "发消息的频率超限") for group
//! messages, 10006 (the group family's "too frequent") for creations.

use edgechat_proto::frame::ClientFrame;
use edgechat_proto::{codes, ImError};
use std::collections::HashMap;

/// A bucket's refill rate and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    pub per_sec: f64,
    pub burst: f64,
}

impl Budget {
    fn scaled(self, scale: f64) -> Budget {
        Budget {
            per_sec: self.per_sec * scale,
            burst: (self.burst * scale).max(1.0),
        }
    }
}

/// Every frame of one session: 100 a second, 500 at once (a login's catch-up).
pub const FRAMES: Budget = Budget {
    per_sec: 100.0,
    burst: 500.0,
};
/// One-to-one and group messages of one user, all devices together: 20 a second, 100 at once.
pub const MESSAGES: Budget = Budget {
    per_sec: 20.0,
    burst: 100.0,
};
/// Groups one user creates: one every 6 seconds, 10 at once.
pub const GROUP_CREATIONS: Budget = Budget {
    per_sec: 1.0 / 6.0,
    burst: 10.0,
};

/// Sessions whose buckets are kept before the full (idle) ones are forgotten.
const SESSIONS_KEPT: usize = 64;

/// Tokens left at a time; a bucket never used is full.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Bucket {
    state: Option<(u64, f64)>,
}

impl Bucket {
    fn tokens(&self, now_ms: u64, budget: Budget) -> f64 {
        match self.state {
            None => budget.burst,
            Some((at, tokens)) => {
                let elapsed = now_ms.saturating_sub(at) as f64 / 1000.0;
                (tokens + elapsed * budget.per_sec).min(budget.burst)
            }
        }
    }

    /// Takes one token at `now_ms` if there is one.
    pub fn take(&mut self, now_ms: u64, budget: Budget) -> bool {
        let tokens = self.tokens(now_ms, budget);
        let ok = tokens >= 1.0;
        self.state = Some((now_ms, if ok { tokens - 1.0 } else { tokens }));
        ok
    }

    fn is_full(&self, now_ms: u64, budget: Budget) -> bool {
        self.tokens(now_ms, budget) >= budget.burst
    }
}

/// One user's buckets.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRate {
    frames: Budget,
    messages: Budget,
    creations: Budget,
    sessions: HashMap<String, Bucket>,
    sent: Bucket,
    created: Bucket,
}

/// What a frame spends besides a frame: a message (with the code that refuses it), a group.
fn spends(frame: &ClientFrame) -> (Option<u32>, bool) {
    match frame {
        ClientFrame::Send { .. } => (Some(codes::CALLS_TOO_FREQUENT), false),
        ClientFrame::GroupSend { .. } => (Some(codes::GROUP_SEND_TOO_FREQUENT), false),
        ClientFrame::Group { op, .. } => (None, op == "create_group"),
        _ => (None, false),
    }
}

impl ClientRate {
    /// The budgets above multiplied by `scale` (`CLIENT_RATE_SCALE`; benchmarks lift them).
    pub fn new(scale: f64) -> ClientRate {
        ClientRate {
            frames: FRAMES.scaled(scale),
            messages: MESSAGES.scaled(scale),
            creations: GROUP_CREATIONS.scaled(scale),
            sessions: HashMap::new(),
            sent: Bucket::default(),
            created: Bucket::default(),
        }
    }

    /// Admits `frame` from session `sid` at `now_ms`, or says which budget it is over.
    pub fn admit(&mut self, sid: &str, frame: &ClientFrame, now_ms: u64) -> Result<(), ImError> {
        if self.sessions.len() >= SESSIONS_KEPT && !self.sessions.contains_key(sid) {
            let frames = self.frames;
            self.sessions.retain(|_, b| !b.is_full(now_ms, frames));
        }
        let frames = self.frames;
        if !self
            .sessions
            .entry(sid.to_owned())
            .or_default()
            .take(now_ms, frames)
        {
            return Err(ImError::Coded(
                codes::CALLS_TOO_FREQUENT,
                format!(
                    "this session sent more than {:.0} frames a second (at most {:.0} at once); slow down",
                    frames.per_sec, frames.burst
                ),
            ));
        }
        let (message, creation) = spends(frame);
        if let Some(code) = message.filter(|_| !self.sent.take(now_ms, self.messages)) {
            return Err(ImError::Coded(
                code,
                format!(
                    "this user sends faster than its budget ({} messages a second, {:.0} at once); the message was not sent",
                    self.messages.per_sec, self.messages.burst
                ),
            ));
        }
        if creation && !self.created.take(now_ms, self.creations) {
            return Err(ImError::Coded(
                codes::GROUP_LIMIT,
                format!(
                    "this user created {:.0} groups in a short time; one more may be created every {:.0} s",
                    self.creations.burst,
                    1.0 / self.creations.per_sec
                ),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn frame(v: serde_json::Value) -> ClientFrame {
        ClientFrame::parse(&v.to_string()).expect("frame")
    }

    fn send() -> ClientFrame {
        frame(json!({"cmd": "send", "reqId": 1, "to": "b", "random": 1,
            "msgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}))
    }

    fn ping() -> ClientFrame {
        frame(json!({"cmd": "ping", "reqId": 1}))
    }

    fn create() -> ClientFrame {
        frame(json!({"cmd": "group", "reqId": 1, "op": "create_group",
            "body": {"Type": "AVChatRoom", "Name": "r"}}))
    }

    #[test]
    fn a_bucket_refills_at_its_rate_up_to_its_burst() {
        let budget = Budget {
            per_sec: 2.0,
            burst: 3.0,
        };
        let mut b = Bucket::default();
        assert!(
            (0..3).all(|_| b.take(1_000, budget)),
            "a full bucket gives its burst"
        );
        assert!(!b.take(1_000, budget));
        assert!(!b.take(1_400, budget), "0.8 of a token after 400 ms");
        assert!(b.take(1_500, budget), "1 token after 500 ms");
        assert!(
            (0..3).all(|_| b.take(60_000, budget)),
            "refills to the burst"
        );
        assert!(!b.take(60_000, budget), "never above it");
        assert!(!b.take(0, budget), "a clock that goes back adds nothing");
    }

    #[test]
    fn messages_past_the_user_budget_are_refused_with_7008() {
        let mut rate = ClientRate::new(1.0);
        let now = 5_000;
        for i in 0..100 {
            rate.admit("s1", &send(), now)
                .unwrap_or_else(|e| panic!("message {i}: {e}"));
        }
        let e = rate
            .admit("s1", &send(), now)
            .expect_err("the 101st at once");
        assert_eq!(e.code(), codes::CALLS_TOO_FREQUENT);
        assert!(e.to_string().contains("20 messages a second"), "{e}");
        // Another device of the same user, and group messages, share the message budget.
        assert!(rate.admit("s2", &send(), now).is_err());
        let group = frame(
            json!({"cmd": "groupSend", "reqId": 2, "groupId": "g", "random": 1,
            "msgBody": [{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}]}),
        );
        let e = rate
            .admit("s2", &group, now)
            .expect_err("a group message too");
        assert_eq!(e.code(), codes::GROUP_SEND_TOO_FREQUENT);
        // Reads still go through; after a second, 20 more messages do.
        assert!(rate.admit("s1", &ping(), now).is_ok());
        let later = now + 1_000;
        assert!((0..20).all(|_| rate.admit("s2", &send(), later).is_ok()));
        assert!(rate.admit("s2", &send(), later).is_err());
    }

    #[test]
    fn frames_past_the_session_budget_are_refused_and_other_sessions_are_not() {
        let mut rate = ClientRate::new(1.0);
        assert!((0..500).all(|_| rate.admit("s1", &ping(), 0).is_ok()));
        let e = rate.admit("s1", &ping(), 0).expect_err("the 501st frame");
        assert_eq!(e.code(), codes::CALLS_TOO_FREQUENT);
        assert!(e.to_string().contains("frames a second"), "{e}");
        assert!(rate.admit("s2", &ping(), 0).is_ok(), "its own budget");
        assert!(
            rate.admit("s1", &ping(), 10).is_ok(),
            "one token after 10 ms"
        );
    }

    #[test]
    fn group_creations_past_the_budget_are_refused_with_10006() {
        let mut rate = ClientRate::new(1.0);
        assert!((0..10).all(|_| rate.admit("s", &create(), 0).is_ok()));
        let e = rate
            .admit("s", &create(), 0)
            .expect_err("the 11th room at once");
        assert_eq!(e.code(), codes::GROUP_LIMIT);
        assert!(
            rate.admit("s", &create(), 6_000).is_ok(),
            "one more after 6 s"
        );
        let other =
            frame(json!({"cmd": "group", "reqId": 1, "op": "get_group_info", "groupId": "g"}));
        assert!(
            rate.admit("s", &other, 6_000).is_ok(),
            "other group commands are frames only"
        );
    }

    #[test]
    fn a_scale_lifts_every_budget_and_idle_sessions_are_forgotten() {
        let mut rate = ClientRate::new(10.0);
        assert!((0..1_000).all(|_| rate.admit("s", &send(), 0).is_ok()));
        let mut tiny = ClientRate::new(0.000_001);
        assert!(
            tiny.admit("s", &ping(), 0).is_ok(),
            "a burst is at least one frame"
        );
        for i in 0..(SESSIONS_KEPT * 3) {
            rate.admit(&format!("s{i}"), &ping(), (i as u64) * 10_000)
                .expect("frame");
        }
        assert!(
            rate.sessions.len() <= SESSIONS_KEPT,
            "{}",
            rate.sessions.len()
        );
    }
}
