//! Tencent Cloud IM's numeric error codes, named: rules write these names, never the numbers.
//! Each comment gives Tencent's meaning of the code (its error-code tables; the group codes are
//! the "群组" family 10xxx). Codes still written as numbers elsewhere are counted by
//! `scripts/house.mjs` and move here as their files are touched.

// Group family (10xxx).
/// The request's parameters are invalid (参数非法); the message says which.
pub const INVALID_PARAMETER: u32 = 10004;
/// Too many operations, or a limit of the app reached (操作频率限制 / 数量超限).
pub const GROUP_LIMIT: u32 = 10006;
/// The caller has no permission for this operation (操作权限不足).
pub const NO_PERMISSION: u32 = 10007;
/// The owner may not quit this type of group.
pub const OWNER_CANNOT_QUIT: u32 = 10009;
/// The group does not exist, or was dismissed.
pub const GROUP_NOT_FOUND: u32 = 10010;
/// The user is already a member.
pub const ALREADY_MEMBER: u32 = 10013;
/// The group is full.
pub const GROUP_FULL: u32 = 10014;
/// The group ID is invalid.
pub const GROUP_ID_INVALID: u32 = 10015;
/// The sender is muted in this group.
pub const MUTED: u32 = 10017;
/// The group message is too long.
pub const GROUP_MESSAGE_TOO_LONG: u32 = 10020;
/// The group ID (or topic ID) is already in use.
pub const GROUP_ID_TAKEN: u32 = 10021;
/// Recall: no such message.
pub const RECALL_NOT_FOUND: u32 = 10030;
/// Recall: past the recall window.
pub const RECALL_TOO_OLD: u32 = 10031;
/// Recall: the message may not be recalled (already recalled).
pub const RECALL_NOT_ALLOWED: u32 = 10032;
