//! edgechat-worker: the Cloudflare Workers back end. Pure rules (`auth`, `config`, `inbox`,
//! `rest::envelope`) are tested natively; `routes`, `user_do` and `rest` adapt them to the platform.

pub mod account;
pub mod auth;
pub mod config;
pub mod group;
pub mod hub;
pub mod inbox;
pub mod joined;
pub mod policy;
pub mod presence;
pub mod rate;
pub mod rest;
pub mod session;
pub mod sns;

#[cfg(target_arch = "wasm32")]
mod group_do;
#[cfg(target_arch = "wasm32")]
mod group_index_do;
#[cfg(target_arch = "wasm32")]
mod hub_do;
#[cfg(target_arch = "wasm32")]
mod platform;
#[cfg(target_arch = "wasm32")]
mod rate_do;
#[cfg(target_arch = "wasm32")]
mod routes;
#[cfg(target_arch = "wasm32")]
mod stub;
#[cfg(target_arch = "wasm32")]
mod user_do;

#[cfg(target_arch = "wasm32")]
#[worker::event(fetch)]
async fn fetch(
    req: worker::Request,
    env: worker::Env,
    _ctx: worker::Context,
) -> worker::Result<worker::Response> {
    routes::handle(req, env).await
}
