//! The engine's frame parser and what it drives: a core logged in as `bob` (its login sync and
//! conversation list answered) is fed the input's lines in order. A line with `"call"` is an API
//! call (`engine_calls`); any other line is a server frame, given to `on_frame` as it is. A
//! negative `reqId` -k names the k-th newest request the core sent, so answers reach the requests
//! the calls made. Rules: no panic; every frame the core sends parses as a client frame; its own
//! refusals carry a code.

use super::engine_calls::call;
use crate::check::{refusal, text, trace, Outcome, Sig};
use edgechat_engine::core::Action;
use edgechat_engine::ChatCore;
use edgechat_proto::frame::{ClientFrame, ServerFrame};
use serde_json::Value;

const APP: u64 = 1_400_000_000;

/// The requests the core sent, oldest first, and the signature so far.
pub(super) struct Run {
    pub sent: Vec<u64>,
    pub sig: Sig,
}

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let (mut core, mut r) = ready()?;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let actions = match serde_json::from_str::<Value>(line) {
            Ok(v) if v.get("call").is_some() => match call(&mut core, &v) {
                Ok(actions) => actions,
                Err(e) => {
                    trace(|| format!("{line}: refused {e}"));
                    r.sig.add(&refusal("engine call", &e)?);
                    continue;
                }
            },
            Ok(mut v) => match named_request(&mut v, &r.sent) {
                true => core.on_frame(&v.to_string()),
                false => core.on_frame(line),
            },
            Err(_) => core.on_frame(line),
        };
        trace(|| format!("{}: {actions:?}", line.chars().take(60).collect::<String>()));
        r.note(&actions)?;
    }
    after(&mut core, &mut r)?;
    Ok(r.sig.done())
}

/// Replaces a negative `reqId` -k with the k-th newest request sent; false if there is none.
fn named_request(v: &mut Value, sent: &[u64]) -> bool {
    let Some(k) = v.get("reqId").and_then(Value::as_i64).filter(|k| *k < 0) else {
        return false;
    };
    let back = usize::try_from(k.unsigned_abs()).unwrap_or(usize::MAX);
    match sent.len().checked_sub(back).and_then(|i| sent.get(i)) {
        Some(id) => {
            v["reqId"] = Value::from(*id);
            true
        }
        None => false,
    }
}

impl Run {
    /// Checks and records what the core asked the host to do.
    pub(super) fn note(&mut self, actions: &[Action]) -> Result<(), String> {
        for a in actions {
            match a {
                Action::Send { frame } => match ClientFrame::parse(frame) {
                    Ok(f) => {
                        self.sent.push(f.req_id());
                        let cmd = frame.split(',').next().unwrap_or_default();
                        self.sig.add(&("send", cmd));
                    }
                    Err(e) => return Err(format!("the core sent a bad frame {frame:?}: {e:?}")),
                },
                Action::Emit { name, .. } => {
                    self.sig.add(*name);
                }
                Action::Resolve { .. } => {
                    self.sig.add("resolve");
                }
                Action::Reject { .. } => {
                    self.sig.add("reject");
                }
                Action::Close | Action::Reconnect { .. } => {
                    self.sig.add("close");
                }
            }
        }
        Ok(())
    }
}

/// A core logged in as `bob`: the login's sync and conversation list answered, empty; its
/// other requests (groups, conversation settings) left for the input to answer.
fn ready() -> Result<(ChatCore, Run), String> {
    let mut core = ChatCore::new(APP);
    core.login("bob", "sig", "ws://127.0.0.1:8787/", "Web")
        .map_err(|e| format!("login: {e}"))?;
    let mut r = Run {
        sent: vec![],
        sig: Sig::new("engine"),
    };
    let mut todo = core.on_frame(
        &ServerFrame::Login {
            user_id: "bob".into(),
            max_seq: 0,
        }
        .to_text(),
    );
    while !core.is_ready() {
        let mut next = vec![];
        for a in &todo {
            let Action::Send { frame } = a else { continue };
            let answer = match ClientFrame::parse(frame) {
                Ok(ClientFrame::Sync { req_id, .. }) => ServerFrame::Sync {
                    req_id,
                    messages: vec![],
                    complete: true,
                    max_seq: 0,
                },
                Ok(ClientFrame::Conversations { req_id }) => ServerFrame::Conversations {
                    req_id,
                    conversations: vec![],
                },
                Ok(f) => {
                    r.sent.push(f.req_id());
                    continue;
                }
                Err(e) => return Err(format!("login sent {frame}: {e:?}")),
            };
            next.extend(core.on_frame(&answer.to_text()));
        }
        if next.is_empty() && !core.is_ready() {
            return Err("the core never got ready".into());
        }
        todo = next;
    }
    Ok((core, r))
}

/// Reads what the frames left: the unread total, the conversation list, the local-store changes,
/// a heartbeat, and a dropped socket with its reconnect.
fn after(core: &mut ChatCore, r: &mut Run) -> Result<(), String> {
    r.sig.add(&("unread", core.total_unread().min(3)));
    if let Ok(c) = core.get_conversation_list() {
        r.note(&c.actions)?;
    }
    if let Some(changes) = core.take_changes() {
        serde_json::from_str::<Value>(&changes).map_err(|e| format!("changes: {e}"))?;
    }
    if let Some(frame) = core.ping() {
        ClientFrame::parse(&frame).map_err(|e| format!("ping {frame}: {e:?}"))?;
    }
    let closed = core.on_close(0.5);
    r.note(&closed)?;
    if core.reconnect().is_some() {
        let opened = core.on_open();
        r.note(&opened)?;
    }
    Ok(())
}
