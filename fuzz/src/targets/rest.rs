//! REST command bodies, as the worker's REST adapter hands them to the commands: the API path
//! on the first line (`openim/sendmsg`, `group_open_http_svc/create_group`, …), the body on the
//! second (empty is `{}`, anything but an object is refused), and the command run against
//! in-memory user objects (`FakeUsers`: `a`, `b`, `c` imported, `a` online) and groups. The
//! answer goes out in Tencent's envelope, whose `ErrorCode` a refusal must set.

use super::block_on;
use super::groups::MemGroups;
use crate::check::{refusal_code, text, trace, Outcome, Sig};
use edgechat_proto::ImError;
use edgechat_worker::rest::envelope::{reply_error, reply_ok};
use edgechat_worker::rest::group::Groups as _;
use edgechat_worker::rest::route;
use edgechat_worker::rest::users::fake::FakeUsers;
use serde_json::{json, Value};

const ADMIN: &str = "administrator";
const NOW: u64 = 1_700_000_000;

pub fn run(data: &[u8]) -> Outcome {
    let text = text(data);
    let (api, raw) = text.split_once('\n').unwrap_or((&text, ""));
    let api = api.trim().trim_start_matches("/v4/");
    let raw = if raw.trim().is_empty() { "{}" } else { raw };
    let result = match serde_json::from_str::<Value>(raw) {
        Ok(body @ Value::Object(_)) => block_on(dispatch(api, &body)),
        Ok(_) => Err(ImError::JsonParse("the body must be a JSON object".into())),
        Err(e) => Err(ImError::JsonParse(e.to_string())),
    };
    let reply = match &result {
        Ok(fields) => reply_ok(fields.clone()),
        Err(e) => reply_error(e),
    };
    trace(|| format!("{api}: {reply}"));
    let code = reply["ErrorCode"].as_u64().unwrap_or_default();
    // Named by its API when it ran one (a mutated path is just unknown), else by its body.
    let unknown = u64::from(ImError::UnknownCommand(String::new()).code());
    let json = u64::from(ImError::JsonParse(String::new()).code());
    let tag = match code {
        c if c == unknown => "unknown API",
        c if c == json => "bad body",
        _ => api,
    };
    let mut sig = Sig::new(tag);
    match result {
        Ok(_) if code == 0 && reply["ActionStatus"] == "OK" => {
            let keys: Vec<&String> = reply
                .as_object()
                .into_iter()
                .flat_map(|o| o.keys())
                .collect();
            sig.add(&(tag, keys));
        }
        Ok(_) => return Err(format!("{api}: an answer with ErrorCode {code}")),
        Err(_) => {
            let code = u32::try_from(code).unwrap_or_default();
            let info = reply["ErrorInfo"].as_str().unwrap_or_default();
            let refused = refusal_code(tag, code, info)?;
            // An unknown API's message names the mutated path: the code says enough.
            if tag != "unknown API" {
                sig.add(&refused);
            }
        }
    }
    serde_json::to_string(&reply).map_err(|e| format!("{api}: reply: {e}"))?;
    Ok(sig.done())
}

fn users() -> FakeUsers {
    let u = FakeUsers::default();
    for id in ["a", "b", "c"] {
        u.imported.borrow_mut().insert(id.into(), json!({}));
    }
    u.online.borrow_mut().insert("a".into());
    u
}

/// The REST adapter's dispatch, over in-memory objects; a group command finds group `g1`
/// made first (a Public group of `a`, `b` and `c` owned by `a`) unless it names another.
async fn dispatch(api: &str, body: &Value) -> Result<Value, ImError> {
    let users = users();
    let groups = MemGroups::default();
    groups.now.set(NOW);
    let first = json!({ "Type": "Public", "Name": "team", "GroupId": "g1", "Owner_Account": "a",
        "MemberList": [{ "Member_Account": "b" }, { "Member_Account": "c", "Role": "Admin" }] });
    groups.create("create_group", first).await?;
    let custom = &super::config().profile_custom_fields;
    route::dispatch(&users, &groups, api, body, ADMIN, NOW, custom).await
}
