//! Creating or importing a group for a client or the REST API: the ID chosen (custom, or
//! generated and retried if taken), reserved in the app's index, then created in its object.

use crate::edge::platform::{now_secs, GROUP as BINDING};
use crate::edge::stub;
use crate::group::app_caps::GroupCaps;
use edgechat_proto::codes;
use edgechat_proto::group::{GroupId, GroupType};
use edgechat_proto::{ImError, UserId};
use serde_json::{json, Value};
use worker::Env;

/// Creates (`op` = `create_group`) or imports (`import_group`) a group: the given
/// `GroupId` (checked as a custom ID) or a generated one, retried if taken. The app's index
/// reserves it first (refusing past the app's caps, `group::app_caps`). Used by clients (`me`
/// owns it) and REST.
pub async fn create_group(
    env: &Env,
    op: &str,
    me: Option<&UserId>,
    admin: bool,
    mut body: Value,
    caps: GroupCaps,
) -> std::result::Result<Value, ImError> {
    use crate::edge::group_index_do::NAME;
    use crate::edge::platform::GROUP_INDEX as INDEX;
    let ty = GroupType::parse(body["Type"].as_str().unwrap_or_default())?;
    let custom = match body.get("GroupId") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.is_empty() => None,
        Some(Value::String(s)) => Some(GroupId::custom(s, ty)?),
        Some(_) => {
            return Err(ImError::Coded(
                codes::INVALID_PARAMETER,
                "GroupId must be a string".into(),
            ))
        }
    };
    let tries = if custom.is_some() { 1 } else { 4 };
    let mut last = None;
    for _ in 0..tries {
        let id = match &custom {
            Some(id) => id.clone(),
            None => GroupId::generate(ty, entropy()),
        };
        let mut reserve = json!({ "id": id, "type": ty, "now": now_secs() });
        if let (Some(r), Ok(Value::Object(c))) =
            (reserve.as_object_mut(), serde_json::to_value(caps))
        {
            r.extend(c);
        }
        let reserved = stub::call(env, INDEX, NAME, "/reserve", &reserve.to_string()).await?;
        body["GroupId"] = json!(id);
        let call = json!({ "user": me, "admin": admin || me.is_none(), "op": op, "body": body });
        let result = stub::call(env, BINDING, id.as_str(), "/op", &call.to_string()).await;
        if result.is_err() && reserved["inserted"] == true {
            let _ = stub::call(
                env,
                INDEX,
                NAME,
                "/remove",
                &json!({ "id": id, "now": now_secs() }).to_string(),
            )
            .await;
        }
        match result {
            Err(e) if e.code() == codes::GROUP_ID_TAKEN && custom.is_none() => last = Some(e),
            other => return other,
        }
    }
    Err(last.unwrap_or_else(|| ImError::Internal("could not create the group".into())))
}

/// 64 random bits for a generated group ID.
fn entropy() -> u64 {
    let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (hi << 32) ^ lo ^ now_secs()
}
