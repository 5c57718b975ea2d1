//! The REST admin API (`POST /v4/{service}/{command}`), Tencent-compatible: the envelope and
//! admin check (pure), and the HTTP adapter that dispatches to one file per service.

pub mod envelope;
#[cfg(target_arch = "wasm32")]
mod http;
#[cfg(target_arch = "wasm32")]
pub use http::{error_response, handle};
