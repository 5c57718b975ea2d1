//! The REST admin API (`POST /v4/{service}/{command}`), Tencent-compatible: the envelope and
//! admin check, one file per service (pure over the [`users::Users`] trait), and the HTTP adapter.

pub mod c2c;
pub mod envelope;
pub mod group;
pub mod login_svc;
pub mod openim;
pub mod recent;
pub mod route;
pub mod sns;
pub mod users;

#[cfg(target_arch = "wasm32")]
mod http;
pub mod intake;
#[cfg(target_arch = "wasm32")]
pub use http::{error_response, handle};
