//! Calls between objects: POST a JSON body to a named Durable Object and read its
//! `{"ok": …}` or `{"code", "message"}` answer. In a dev worker with `FAULTS` set, each call
//! may be dropped, delayed or have its answer lost (`crate::faults`).

use crate::faults::{injected, Fault, Injector};
use edgechat_proto::ImError;
use serde_json::Value;
use worker::{wasm_bindgen::JsValue, Env, Method, Request, RequestInit};

fn internal(e: worker::Error) -> ImError {
    ImError::Internal(e.to_string())
}

thread_local! {
    /// The dev-only fault plan with its call counter, read once per isolate.
    static FAULTS: std::cell::OnceCell<Option<Injector>> = const { std::cell::OnceCell::new() };
}

/// The fault for this call (none unless the config has a plan: dev only).
async fn fault(env: &Env, name: &str, path: &str) -> Result<bool, ImError> {
    let fault = FAULTS.with(|f| {
        let plan = || crate::edge::platform::config(env).ok()?.faults;
        (f.get_or_init(|| plan().map(Injector::new)).as_ref())
            .map_or(Fault::Pass { delay_ms: 0 }, |i| i.next(path))
    });
    let (delay_ms, lose) = match fault {
        Fault::Drop => return Err(injected("dropped", &format!("{name}{path}"))),
        Fault::Pass { delay_ms } => (delay_ms, false),
        Fault::Lose { delay_ms } => (delay_ms, true),
    };
    if delay_ms > 0 {
        worker::Delay::from(std::time::Duration::from_millis(delay_ms.into())).await;
    }
    Ok(lose)
}

/// POSTs `body` to `path` on the object named `name` of `binding`; its `ok` value, or its
/// error with the code it carried.
pub async fn call(
    env: &Env,
    binding: &str,
    name: &str,
    path: &str,
    body: &str,
) -> Result<Value, ImError> {
    let stub = env
        .durable_object(binding)
        .and_then(|ns| ns.id_from_name(name)?.get_stub())
        .map_err(internal)?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post)
        .with_body(Some(JsValue::from_str(body)));
    let req = Request::new_with_init(&format!("https://object.internal{path}"), &init)
        .map_err(internal)?;
    let lose = fault(env, name, path).await?;
    let response = stub.fetch_with_request(req).await.map_err(internal)?;
    let text = reply_text(response).await?;
    if lose {
        return Err(injected("lost", &format!("{name}{path}")));
    }
    let reply: Value =
        serde_json::from_str(&text).map_err(|e| ImError::Internal(format!("{name}{path}: {e}")))?;
    match (reply.get("ok"), reply["code"].as_u64()) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(code)) => Err(ImError::Coded(
            code as u32,
            reply["message"].as_str().unwrap_or_default().to_owned(),
        )),
        (None, None) => Err(ImError::Internal(format!("{name}{path} answered {reply}"))),
    }
}

/// The body of an object's reply, read by the runtime in one piece (`Response::text` of
/// workers-rs reads a fetched body chunk by chunk through a stream reader from wasm, which
/// cost a tenth of the runtime's busy time in a one-to-one profile).
async fn reply_text(response: worker::Response) -> Result<String, ImError> {
    let raw: worker::web_sys::Response = response.into();
    let promise = raw
        .text()
        .map_err(|e| ImError::Internal(format!("reply body: {e:?}")))?;
    worker::wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| ImError::Internal(format!("reply body: {e:?}")))?
        .as_string()
        .ok_or_else(|| ImError::Internal("reply body is not text".to_owned()))
}

/// POSTs `request` as JSON to `path` on the object named `name` of `binding`: the typed form
/// of [`call`].
pub async fn send<T: serde::Serialize>(
    env: &Env,
    binding: &str,
    name: &str,
    path: &str,
    request: &T,
) -> Result<Value, ImError> {
    let body = serde_json::to_string(request).map_err(|e| ImError::Internal(e.to_string()))?;
    call(env, binding, name, path, &body).await
}

/// Asks hub `index` to do `request`; how many sockets it wrote to or closed.
pub async fn hub(
    env: &Env,
    index: u32,
    request: &crate::hub::HubRequest,
) -> Result<crate::hub::HubReply, ImError> {
    hub_as(env, index, request).await
}

/// [`hub`] with a request in any form that serializes as a `HubRequest`.
pub async fn hub_as<T: serde::Serialize>(
    env: &Env,
    index: u32,
    request: &T,
) -> Result<crate::hub::HubReply, ImError> {
    let name = crate::hub::hub_name(index);
    let reply = send(env, crate::edge::platform::HUB, &name, "/call", request).await?;
    serde_json::from_value(reply).map_err(|e| ImError::Internal(format!("{name}: {e}")))
}

/// Reads a request's JSON body in one pass with serde_json (`Request::json` builds a JS object
/// and converts it field by field, which costs more for the larger bodies objects exchange).
pub async fn body<T: serde::de::DeserializeOwned>(req: &mut worker::Request) -> Result<T, ImError> {
    let text = req
        .text()
        .await
        .map_err(|e| ImError::JsonParse(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| ImError::JsonParse(e.to_string()))
}
