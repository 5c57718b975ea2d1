//! Product limits from the spec, in one place.

/// Largest message body (the JSON of `MsgBody` plus `CloudCustomData`), in bytes.
pub const MAX_MESSAGE_BYTES: usize = 12 * 1024;
/// Longest UserID, in bytes.
pub const MAX_USER_ID_BYTES: usize = 32;
/// Default UserSig lifetime (`TLS.expire`), in seconds: 180 days.
pub const DEFAULT_USERSIG_EXPIRE_SECS: u64 = 180 * 24 * 3600;
/// Messages per `sync` reply.
pub const SYNC_PAGE: usize = 100;
/// Largest page of `getMessageList` / `history`.
pub const HISTORY_PAGE_MAX: usize = 15;
/// Largest client frame the worker reads, in bytes (a full message plus envelope).
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
