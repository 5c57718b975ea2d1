//! The REST adapter: reads the HTTP request, checks the caller and the API's rate, and
//! dispatches to the service files; user objects are reached through [`DoUsers`].

use super::envelope::{check_caller, reply_error, reply_ok, RestQuery};
use super::users::{UserOp, Users};
use super::{intake, recent, route, sns};
use crate::api_rate::api_limit;
use crate::config::AppConfig;
use crate::edge::platform::now_secs;
use edgechat_proto::codes;
use edgechat_proto::usersig;
use edgechat_proto::{ImError, UserId};
use serde_json::Value;
use std::collections::HashMap;
use worker::{Env, Method, Request, Response, Result};

/// A REST error as Tencent's envelope, HTTP 200.
pub fn error_response(e: &ImError) -> Result<Response> {
    Response::from_json(&reply_error(e))
}

/// User objects reached through their Durable Object stubs.
struct DoUsers<'a> {
    env: &'a Env,
}

fn internal(e: worker::Error) -> ImError {
    ImError::Internal(e.to_string())
}

impl Users for DoUsers<'_> {
    async fn call(
        &self,
        user: &UserId,
        op: UserOp,
        body: Value,
    ) -> std::result::Result<Value, ImError> {
        let result = crate::edge::stub::call(
            self.env,
            crate::edge::platform::USER,
            user.as_str(),
            op.path(),
            &body.to_string(),
        )
        .await;
        match result {
            Err(e) if e.code() == codes::ACCOUNT_NOT_IMPORTED => {
                Err(ImError::AccountNotImported(user.to_string()))
            }
            other => other,
        }
    }
}

/// Group objects reached through their Durable Object stubs, as the app admin.
struct DoGroups<'a> {
    env: &'a Env,
    group_caps: crate::group::app_caps::GroupCaps,
}

impl super::group::Groups for DoGroups<'_> {
    async fn op(
        &self,
        id: &edgechat_proto::group::GroupId,
        op: &str,
        body: Value,
    ) -> std::result::Result<Value, ImError> {
        let call = serde_json::json!({ "admin": true, "op": op, "body": body });
        crate::edge::stub::call(
            self.env,
            crate::edge::platform::GROUP,
            id.as_str(),
            "/op",
            &call.to_string(),
        )
        .await
    }

    async fn create(&self, op: &str, body: Value) -> std::result::Result<Value, ImError> {
        crate::edge::group_do::create_group(self.env, op, None, true, body, self.group_caps).await
    }

    async fn app_groups(&self, body: Value) -> std::result::Result<Value, ImError> {
        use crate::edge::group_index_do::NAME;
        crate::edge::stub::call(
            self.env,
            crate::edge::platform::GROUP_INDEX,
            NAME,
            "/list",
            &body.to_string(),
        )
        .await
    }

    async fn joined(
        &self,
        user: &UserId,
    ) -> std::result::Result<Vec<edgechat_proto::group::JoinedGroup>, ImError> {
        let reply = crate::edge::stub::call(
            self.env,
            crate::edge::platform::USER,
            user.as_str(),
            "/group/list",
            &serde_json::json!({ "me": user }).to_string(),
        )
        .await?;
        serde_json::from_value(reply["groups"].clone())
            .map_err(|e| ImError::Internal(format!("joined groups: {e}")))
    }
}

/// Asks the API's limiter object whether this call fits in the current second.
async fn admitted(env: &Env, config: &AppConfig, api: &str) -> std::result::Result<bool, ImError> {
    let limit = ((f64::from(api_limit(api)) * config.rate_scale).floor() as u32).max(1);
    let stub = env
        .durable_object(crate::edge::platform::RATE)
        .and_then(|ns| ns.id_from_name(api)?.get_stub())
        .map_err(internal)?;
    let url = format!("https://rate.internal/admit?limit={limit}");
    let reply: Value = stub
        .fetch_with_str(&url)
        .await
        .map_err(internal)?
        .json()
        .await
        .map_err(internal)?;
    Ok(reply["admitted"].as_bool().unwrap_or(false))
}

async fn dispatch(
    env: &Env,
    api: &str,
    body: &Value,
    admin: &str,
    config: &AppConfig,
) -> std::result::Result<Value, ImError> {
    let users = DoUsers { env };
    let groups = DoGroups {
        env,
        group_caps: config.group_caps(),
    };
    let custom = &config.profile_custom_fields;
    route::dispatch(&users, &groups, api, body, admin, now_secs(), custom).await
}

pub async fn handle(
    mut req: Request,
    env: &Env,
    config: &AppConfig,
    api: String,
) -> Result<Response> {
    if req.method() != Method::Post {
        return error_response(&ImError::HttpParse(format!(
            "use POST for /v4/{api}, not {}",
            req.method()
        )));
    }
    let q: HashMap<String, String> = req.url()?.query_pairs().into_owned().collect();
    let query = RestQuery::from_map(&q);
    let admin = match check_caller(config, &query, |sig, id| {
        usersig::verify(
            sig,
            &config.secret_key,
            config.sdkappid,
            id,
            now_secs(),
            config.sig_bounds,
        )
    }) {
        Ok(admin) => admin,
        Err(e) => {
            return error_response(&intake::refuse_unchecked(e, now_secs(), config.rate_scale))
        }
    };
    let declared = req.headers().get("content-length")?;
    if let Err(e) = intake::check_declared_length(declared.as_deref()) {
        return error_response(&e);
    }
    let text = req.text().await.unwrap_or_default();
    if let Err(e) = intake::check_length(text.len()) {
        return error_response(&e);
    }
    let text = if text.trim().is_empty() {
        "{}"
    } else {
        text.as_str()
    };
    let body: Value = match serde_json::from_str(text) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => {
            return error_response(&ImError::JsonParse("the body must be a JSON object".into()))
        }
        Err(e) => return error_response(&ImError::JsonParse(e.to_string())),
    };
    match admitted(env, config, &api).await {
        Ok(true) => {}
        Ok(false) => return error_response(&ImError::RateLimited(format!("/v4/{api}"))),
        Err(e) => return error_response(&e),
    }
    let mut reply = match dispatch(env, &api, &body, &admin, config).await {
        Ok(fields) => reply_ok(fields),
        Err(e) => reply_error(&e),
    };
    if sns::handles(&api) || recent::handles(&api) {
        // The profile, relationship and recent-contact pages answer with ErrorDisplay too.
        reply["ErrorDisplay"] = Value::String(String::new());
    }
    Response::from_json(&reply)
}
