//! edgechat-proto: what the client engine and the worker share — wire types with Tencent's
//! field names, validated IDs, limits, error codes and UserSig. Pure: no I/O, no clock.

pub mod codes;
pub mod element;
pub mod error;
pub mod extras;
#[cfg(any(test, feature = "test-util"))]
pub mod fixtures;
pub mod frame;
pub mod group;
pub mod id;
pub mod limits;
pub mod message;
pub mod recent;
pub mod status;
pub mod usersig;

pub use error::ImError;
pub use id::UserId;
