//! The REST adapter: reads the HTTP request, checks the caller, dispatches to a service.

use super::envelope::{check_caller, reply_error, RestQuery};
use crate::config::AppConfig;
use crate::user_do::now_secs;
use edgechat_proto::usersig;
use edgechat_proto::ImError;
use std::collections::HashMap;
use worker::{Env, Method, Request, Response, Result};

/// A REST error as Tencent's envelope, HTTP 200.
pub fn error_response(e: &ImError) -> Result<Response> {
    Response::from_json(&reply_error(e))
}

pub async fn handle(
    mut req: Request,
    _env: &Env,
    config: &AppConfig,
    path: String,
) -> Result<Response> {
    if req.method() != Method::Post {
        return error_response(&ImError::HttpParse(format!(
            "use POST for /v4/{path}, not {}",
            req.method()
        )));
    }
    let q: HashMap<String, String> = req.url()?.query_pairs().into_owned().collect();
    let query = RestQuery::from_map(&q);
    let caller = match check_caller(config, &query, |sig, id| {
        usersig::verify(sig, &config.secret_key, config.sdkappid, id, now_secs())
    }) {
        Ok(c) => c,
        Err(e) => return error_response(&e),
    };
    let body = req.text().await.unwrap_or_default();
    let body: serde_json::Value =
        match serde_json::from_str(if body.trim().is_empty() { "{}" } else { &body }) {
            Ok(v) => v,
            Err(e) => return error_response(&ImError::JsonParse(e.to_string())),
        };
    let _ = (caller, body);
    error_response(&ImError::InvalidParameter(format!(
        "unknown REST command /v4/{path}"
    )))
}
