//! Profiles and relationships (SPEC §3, §4), like `group/`: the field tables (`fields`), the
//! outcomes of adding, checking and blocking (`relations`), the records and their store
//! (`store`, `memory`, `sql`), and the commands (`service` dispatching to `profile`,
//! `friends`, `friend_list`, `blacklist`, `friend_groups`), which return their answer with the
//! lists that changed. The user object only adapts: it opens the SQL store, carries
//! `PeerCall`s to other users' objects and tells the sessions what changed.

pub mod blacklist;
pub mod fields;
pub mod friend_groups;
pub mod friend_list;
pub mod friends;
pub mod memory;
pub mod profile;
pub mod relations;
pub mod service;
#[cfg(target_arch = "wasm32")]
pub mod sql;
pub mod store;
pub mod views;

#[cfg(test)]
mod conformance;
#[cfg(test)]
mod tests;
