//! Profile and relationship commands among in-memory users, as their objects run them: each
//! line is `{"as", "op", "admin", "now", "body"}`, run as user `as` (`amy` without one), by an
//! app admin when `admin` is true; calls to other users' relationships are carried at once.
//! `amy`, `bob`, `cat` and `dan` are imported accounts; anyone else is not.

use super::{block_on, config, json_lines};
use crate::check::{refusal, text, trace, Outcome, Sig};
use edgechat_proto::{ImError, UserId};
use edgechat_worker::sns::memory::MemorySns;
use edgechat_worker::sns::service::{on_peer_call, run as run_cmd, PeerCall, Peers, Sns};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

const IMPORTED: [&str; 4] = ["amy", "bob", "cat", "dan"];

/// The users' stores; the clock of the command running.
#[derive(Default)]
struct World {
    stores: RefCell<BTreeMap<String, Rc<MemorySns>>>,
    now: Cell<u64>,
}

impl World {
    fn store(&self, user: &str) -> Rc<MemorySns> {
        let mut all = self.stores.borrow_mut();
        all.entry(user.to_owned()).or_default().clone()
    }
}

impl Peers for World {
    async fn call(&self, to: &str, call: &PeerCall) -> Result<Value, ImError> {
        let id = UserId::parse(to)?;
        let store = self.store(to);
        let mut sns = Sns::new(&*store, self, &id, config());
        sns.now = self.now.get();
        sns.imported = IMPORTED.contains(&to);
        Ok(on_peer_call(&sns, call.clone())?.reply)
    }
}

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let world = World::default();
    let mut sig = Sig::new("sns");
    for (i, line) in json_lines(&text).iter().enumerate() {
        let Ok(cmd) = line else { continue };
        let me = cmd.get("as").and_then(Value::as_str).unwrap_or("amy");
        let op = cmd.get("op").and_then(Value::as_str).unwrap_or_default();
        let id = match UserId::parse(me) {
            Ok(id) => id,
            Err(e) => {
                sig.add(&refusal("as", &e)?);
                continue;
            }
        };
        world.now.set(
            cmd.get("now")
                .and_then(Value::as_u64)
                .unwrap_or(1_000 + i as u64),
        );
        let store = world.store(me);
        let mut sns = Sns::new(&*store, &world, &id, config());
        sns.now = world.now.get();
        sns.by_admin = cmd.get("admin").and_then(Value::as_bool) == Some(true);
        sns.imported = IMPORTED.contains(&me);
        let body = cmd.get("body").cloned().unwrap_or(Value::Null);
        let result = block_on(run_cmd(&sns, op, &body));
        trace(|| format!("{me} {op}: {:?}", result.as_ref().map(|fx| &fx.reply)));
        match result {
            Ok(fx) => {
                serde_json::to_string(&fx.reply).map_err(|e| format!("{op} reply: {e}"))?;
                sig.add(&(op, "ok", fx.changed.len()));
            }
            Err(e) => {
                // A mutated command name is just unknown: its name would make every one new.
                let unknown = e.code() == ImError::UnknownCommand(String::new()).code();
                sig.add(&refusal(if unknown { "unknown op" } else { op }, &e)?);
            }
        }
    }
    Ok(sig.done())
}
