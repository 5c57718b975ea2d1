//! Group commands on an in-memory group, as the group's object runs them. The first line is a
//! `create_group` body (`"import": true` makes it `import_group`), run as the app admin; each
//! later line is `{"op", "as", "now", "body"}`: the command run as user `as` (the app admin
//! without one) on the group as stored after the lines before it.

use super::groups::{command, create, new_group_id};
use super::json_lines;
use crate::check::{refusal, text, trace, Outcome, Sig};
use edgechat_proto::{ImError, UserId};
use edgechat_worker::group::memory::MemoryGroup;
use edgechat_worker::group::msg_rate::GroupRate;
use edgechat_worker::group::rules::Caller;
use serde_json::Value;

const START: u64 = 1_000;

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let lines = json_lines(&text);
    let mut sig = Sig::new("group");
    let Some(Ok(body)) = lines.first() else {
        return Ok(sig.add("no create").done());
    };
    let store = MemoryGroup::default();
    let import = body.get("import").and_then(Value::as_bool) == Some(true);
    let op = if import {
        "import_group"
    } else {
        "create_group"
    };
    let made =
        new_group_id(body, 7).and_then(|id| create(&store, &Caller::admin(), op, body, id, START));
    trace(|| format!("{op}: {:?}", made.as_ref().map(|fx| &fx.reply)));
    match made {
        Ok(_) => sig.add("created"),
        Err(e) => return Ok(sig.add(&refusal(op, &e)?).done()),
    };
    let mut rate = GroupRate::default();
    for (i, line) in lines.iter().enumerate().skip(1) {
        let Ok(cmd) = line else { continue };
        let op = cmd.get("op").and_then(Value::as_str).unwrap_or_default();
        let caller = match cmd.get("as").and_then(Value::as_str) {
            None => Caller::admin(),
            Some(u) => match UserId::parse(u) {
                Ok(u) => Caller::user(u),
                Err(e) => {
                    sig.add(&refusal("caller", &e)?);
                    continue;
                }
            },
        };
        let now = cmd.get("now").and_then(Value::as_u64);
        let now = now.unwrap_or(START + i as u64);
        let body = cmd.get("body").cloned().unwrap_or(Value::Null);
        let result = command(&store, &mut rate, &caller, op, &body, now);
        trace(|| format!("{op}: {:?}", result.as_ref().map(|fx| &fx.reply)));
        match result {
            Ok(fx) => {
                serde_json::to_string(&fx.reply).map_err(|e| format!("{op} reply: {e}"))?;
                sig.add(&(op, "ok", fx.messages.len().min(2)));
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
