//! The Workers side: the HTTP routes (`routes`), the Durable Objects (`user_do`, `hub_do`,
//! `group_do`, `group_index_do`, `rate_do`), the dev-only `dev_room`, the calls between them (`stub`), callbacks to the app
//! (`callback`) and, below all
//! of them, the platform's names, clock and vars (`platform`). Each only translates between
//! the platform and the pure rules at the crate's root.

pub(crate) mod callback;
pub(crate) mod dev_room;
pub(crate) mod group_do;
pub(crate) mod group_index_do;
pub(crate) mod hub_do;
pub(crate) mod platform;
pub(crate) mod rate_do;
pub(crate) mod routes;
pub(crate) mod stub;
pub(crate) mod user_do;
