//! edgechat-worker: the Cloudflare Workers back end. The modules at this root are the pure
//! rules, tested natively with `cargo test`: accounts, UserSig checks, config, login policy,
//! presence, per-API rates, sessions, typed request bodies (`request_body`), dev-only fault
//! injection for tests (`faults`), and the domains `inbox` (one to one), `group`, `sns`
//! (profiles and relationships), `hub` (where sockets live) and `rest` (the admin API). `edge`
//! holds what only runs on Workers: the routes, the Durable Objects and the calls between them.

pub mod account;
pub mod api_rate;
pub mod auth;
pub mod callback;
pub mod client_rate;
pub mod config;
pub mod faults;
pub mod group;
pub mod hub;
pub mod inbox;
pub mod joined;
pub mod policy;
pub mod presence;
pub mod recent;
pub mod request_body;
pub mod rest;
pub mod session;
pub mod sns;

#[cfg(target_arch = "wasm32")]
mod edge;

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(
    req: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    edge::routes::handle(req, env).await
}
