//! The platform at the bottom of the worker: the Durable Object binding names of wrangler.toml,
//! the clock, and the app configuration read from the Worker's vars. Every object and route
//! uses these; this module uses none of them, so no import cycle runs through it.

use crate::config::AppConfig;
use edgechat_proto::ImError;
use worker::Env;

/// The user objects (one per user: account, inbox, relationships).
pub const USER: &str = "USER";
/// The group objects (one per group: members, SEQ log, fan-out).
pub const GROUP: &str = "GROUP";
/// The one object that lists groups for the REST admin API.
pub const GROUP_INDEX: &str = "GROUP_INDEX";
/// The socket hubs.
pub const HUB: &str = "HUB";
/// The REST rate limiter.
pub const RATE: &str = "RATE";

/// Unix seconds now.
pub fn now_secs() -> u64 {
    worker::Date::now().as_millis() / 1000
}

fn var(env: &Env, name: &str) -> Option<String> {
    env.var(name)
        .map(|v| v.to_string())
        .or_else(|_| env.secret(name).map(|v| v.to_string()))
        .ok()
}

/// Reads the app configuration from the Worker's vars and secrets.
pub fn config(env: &Env) -> Result<AppConfig, ImError> {
    AppConfig::from_vars(|name| var(env, name))
}
