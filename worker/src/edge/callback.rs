//! Sends a callback to the app's back end (`callback`): a JSON POST to the URL the config
//! builds, answered within a timeout or not at all.

use crate::callback::CallbackConfig;
use futures_util::future::{select, Either};
use serde_json::Value;
use std::time::Duration;
use worker::{Fetch, Headers, Method, Request, RequestInit};

/// POSTs `body` for `command`; the HTTP status and text, or `None` without an answer in time.
pub async fn post(
    config: &CallbackConfig,
    sdkappid: u64,
    command: &str,
    platform: &str,
    body: &Value,
    timeout_ms: u64,
) -> Option<(u16, String)> {
    let now = crate::edge::platform::now_secs();
    let url = config.request_url(sdkappid, command, "", platform, now);
    let headers = Headers::new();
    headers.set("Content-Type", "application/json").ok()?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_headers(headers)
        .with_body(Some(body.to_string().into()));
    let request = Request::new_with_init(&url, &init).ok()?;
    let answer = async move {
        let mut response = Fetch::Request(request).send().await.ok()?;
        let status = response.status_code();
        Some((status, response.text().await.unwrap_or_default()))
    };
    let timeout = worker::Delay::from(Duration::from_millis(timeout_ms));
    futures_util::pin_mut!(answer);
    match select(answer, timeout).await {
        Either::Left((text, _)) => text,
        Either::Right(_) => None,
    }
}
