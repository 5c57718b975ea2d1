//! Groups: the permission table (`perm`), records (`model`), storage (`store`, `memory`,
//! `sql`), membership and profile rules (`rules`), messages (`send`), the per-group rate
//! (`rate`) and tips/notices (`tips`). All pure; `group_do` adapts them to a Durable Object.

pub mod admin;
pub mod app_caps;
pub mod attrs;
pub mod ban;
pub mod custom;
pub mod extras;
pub mod fanout;
pub mod import;
pub mod marks;
pub mod membership;
pub mod memory;
pub mod model;
pub mod modify;
pub mod msg_rate;
pub mod perm;
pub mod pinned;
pub mod pmg;
pub mod pump;
pub mod receipts;
pub mod requests;
pub mod rules;
pub mod send;
pub mod service;
#[cfg(target_arch = "wasm32")]
pub mod sql;
pub mod store;
pub mod succession;
pub mod summary;
pub mod tips;
pub mod to_user;
pub mod topics;
pub mod unread;

#[cfg(test)]
mod attrs_tests;
#[cfg(test)]
mod community_tests;
#[cfg(test)]
mod tests;
