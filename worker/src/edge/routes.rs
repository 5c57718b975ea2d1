//! The Worker's front door: routes HTTP requests to the client socket, the REST API and the
//! dev-only UserSig route. It checks who is calling, then hands over to the objects.

use crate::auth::check_login;
use crate::config::AppConfig;
use crate::edge::platform::{config, now_secs};
use crate::rest;
use crate::session::{EXPIRES_HEADER, PLATFORM_HEADER, SIGNED_HEADER, USER_HEADER};
use edgechat_proto::limits::DEFAULT_USERSIG_EXPIRE_SECS;
use edgechat_proto::usersig::{sign, SigClaims};
use edgechat_proto::{ImError, UserId};
use std::collections::HashMap;
use worker::{Env, Headers, Method, Request, RequestInit, Response, Result};

fn query(req: &Request) -> Result<HashMap<String, String>> {
    Ok(req.url()?.query_pairs().into_owned().collect())
}

pub async fn handle(req: Request, env: Env) -> Result<Response> {
    let path = req.path();
    let config = match config(&env) {
        Ok(c) => c,
        Err(e) => return rest::error_response(&e),
    };
    if path == "/ws" {
        return client_socket(req, &env, &config).await;
    }
    if let Some(rest_path) = path.strip_prefix("/v4/") {
        return rest::handle(req, &env, &config, rest_path.to_owned()).await;
    }
    if path == "/dev/usersig" && config.dev {
        return dev_usersig(&req, &config);
    }
    if path == "/dev/room" && config.dev && req.method() == Method::Post {
        return super::dev_room::handle(req, &env, &config).await;
    }
    Response::error("not found", 404)
}

async fn client_socket(req: Request, env: &Env, config: &AppConfig) -> Result<Response> {
    let upgrade = req.headers().get("Upgrade")?.unwrap_or_default();
    if !upgrade.eq_ignore_ascii_case("websocket") {
        return Response::error("expected a WebSocket upgrade", 426);
    }
    let q = query(&req)?;
    let get = |k: &str| q.get(k).map(String::as_str);
    let login = match check_login(
        config,
        get("sdkappid"),
        get("identifier"),
        get("usersig"),
        get("platform"),
        now_secs(),
    ) {
        Ok(login) => login,
        Err(e) => return crate::edge::hub_do::refuse(&e),
    };
    let headers = Headers::new();
    headers.set("Upgrade", "websocket")?;
    headers.set(USER_HEADER, login.user.as_str())?;
    headers.set(PLATFORM_HEADER, &login.platform)?;
    headers.set(EXPIRES_HEADER, &login.claims.expires_at().to_string())?;
    headers.set(SIGNED_HEADER, &login.claims.time.to_string())?;
    let mut init = RequestInit::new();
    init.with_method(Method::Get).with_headers(headers);
    let forward = Request::new_with_init("https://hub.internal/connect", &init)?;
    let hub = crate::hub::hub_name(crate::hub::hub_of(login.user.as_str(), config.hubs));
    let stub = env
        .durable_object(crate::edge::platform::HUB)?
        .id_from_name(&hub)?
        .get_stub()?;
    stub.fetch_with_request(forward).await
}

/// Dev only: mints a UserSig so the demo's login box works without an app server.
fn dev_usersig(req: &Request, config: &AppConfig) -> Result<Response> {
    let q = query(req)?;
    let user = match UserId::parse(q.get("userid").map_or("", String::as_str)) {
        Ok(u) => u,
        Err(e) => return rest::error_response(&e).map(|r| r.with_status(400)),
    };
    // A page anyone can open must not hand out the app admin's powers.
    if config.is_admin(user.as_str()) {
        let e = ImError::InvalidParameter(format!(
            "{user} is an app admin: the dev UserSig route does not sign app admin identifiers"
        ));
        return rest::error_response(&e).map(|r| r.with_status(403));
    }
    let claims = SigClaims {
        identifier: user.to_string(),
        sdkappid: config.sdkappid,
        time: now_secs(),
        expire: DEFAULT_USERSIG_EXPIRE_SECS,
        userbuf: None,
    };
    Response::from_json(&serde_json::json!({
        "SDKAppID": config.sdkappid,
        "userID": user,
        "userSig": sign(&config.secret_key, &claims),
    }))
}
