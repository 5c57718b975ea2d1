//! edgechat-engine: the client engine. `core` is sans-IO (frames and time in, actions out);
//! `view` shapes messages like `@tencentcloud/chat`; `wasm` is the thin wasm-bindgen adapter.

pub mod core;
pub mod view;
pub mod wasm;

pub use crate::core::{Action, ChatCore};
