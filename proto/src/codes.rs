//! Tencent Cloud IM's numeric error codes, named: rules write these names, never the numbers.
//! Each comment gives Tencent's meaning of the code (its error-code tables; the group codes are
//! the "群组" family 10xxx). Codes still written as numbers elsewhere are counted by
//! `scripts/house.mjs` and move here as their files are touched.

// Group family (10xxx).
/// The request's parameters are invalid (参数非法); the message says which.
pub const INVALID_PARAMETER: u32 = 10004;
/// Too many operations, or a limit of the app reached (操作频率限制 / 数量超限).
pub const GROUP_LIMIT: u32 = 10006;
/// Group messages sent too often (发消息的频率超限).
pub const GROUP_SEND_TOO_FREQUENT: u32 = 10023;
/// The app has as many AVChatRooms as its plan allows (直播群创建数量超过了限制).
pub const AVCHATROOMS_FULL: u32 = 10036;
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
/// A group attribute key to delete does not exist (群属性 key 不存在).
pub const GROUP_ATTR_NOT_FOUND: u32 = 10050;
/// A group or topic has as many pinned messages as allowed (10).
pub const PINNED_MESSAGES_FULL: u32 = 10070;
/// The message is pinned already.
pub const MESSAGE_ALREADY_PINNED: u32 = 10071;
/// A group attribute write conflicts with a newer one (群属性操作冲突): read the attributes
/// again, then write.
pub const GROUP_ATTR_CONFLICT: u32 = 10056;

// Relationship family (3xxxx: 关系链).
/// A relationship request's parameters are invalid, or the relation it assumes is not there
/// (already a friend, not a friend, already on / not on the blacklist); the message says which.
pub const SNS_INVALID_PARAMETER: u32 = 30001;
/// The requesting account (`From_Account`) does not exist.
pub const SNS_ACCOUNT_NOT_FOUND: u32 = 30003;
/// The request needs app admin rights (需要 App 管理员权限): `friend_import`, `ForceAddFlags`.
pub const SNS_ADMIN_REQUIRED: u32 = 30004;
/// The app admin forbids this account to send friend requests (AdminForbid_Type_SendOut).
pub const SNS_ADD_FORBIDDEN: u32 = 30009;
/// The requester's friend list is full.
pub const FRIEND_LIST_FULL: u32 = 30010;
/// The friend-group count reached its limit.
pub const FRIEND_GROUPS_FULL: u32 = 30011;
/// The blacklist is full.
pub const BLACKLIST_FULL: u32 = 30013;
/// The target's friend list is full.
pub const PEER_FRIEND_LIST_FULL: u32 = 30014;
/// Adding a friend who is on the requester's own blacklist.
pub const FRIEND_ON_MY_BLACKLIST: u32 = 30515;
/// The target accepts no friend requests (AllowType_Type_DenyAny).
pub const FRIEND_ADD_DENIED: u32 = 30516;
/// The requester is on the target's blacklist.
pub const ON_PEER_BLACKLIST: u32 = 30525;
/// The request waits for the target's confirmation (AllowType_Type_NeedConfirm): a result,
/// not a failure.
pub const FRIEND_ADD_PENDING: u32 = 30539;
/// Deleting a friend who is not on the friend list.
pub const NOT_A_FRIEND: u32 = 31704;
/// Putting someone who is not a friend into a friend group.
pub const GROUP_ADD_NOT_A_FRIEND: u32 = 32216;

// Profile family (4xxxx: 资料).
/// A profile request's parameters are invalid.
pub const PROFILE_INVALID_PARAMETER: u32 = 40001;
/// A profile request lacks a required field (`To_Account`).
pub const PROFILE_MISSING_FIELD: u32 = 40002;
/// The account whose profile is asked for does not exist.
pub const PROFILE_ACCOUNT_NOT_FOUND: u32 = 40003;
/// No read permission for a profile field (an admin-read custom field).
pub const PROFILE_NO_READ_PERMISSION: u32 = 40007;
/// No write permission for a profile field (an admin-write custom field).
pub const PROFILE_NO_WRITE_PERMISSION: u32 = 40008;
/// The profile field's tag does not exist (not standard, not declared custom).
pub const PROFILE_TAG_UNKNOWN: u32 = 40009;
/// A profile field's value is longer than allowed.
pub const PROFILE_VALUE_TOO_LONG: u32 = 40601;
/// A standard profile field's value is not one it takes.
pub const PROFILE_VALUE_INVALID: u32 = 40605;
/// A profile field's value has the wrong type.
pub const PROFILE_VALUE_TYPE: u32 = 40610;

// One-to-one family (9xxxx: openim).
/// The request's JSON does not parse, or a field has the wrong type (JSON 格式解析失败).
pub const OPENIM_JSON: u32 = 90001;
/// `MsgBody` (or another message field) does not follow the message format.
pub const OPENIM_MSG_BODY: u32 = 90002;
/// `To_Account` is missing or not a valid account.
pub const OPENIM_TO_ACCOUNT: u32 = 90003;
/// `MsgRandom` is missing or not an integer.
pub const OPENIM_MSG_RANDOM: u32 = 90005;
/// `MsgTimeStamp` is missing or not an integer.
pub const OPENIM_MSG_TIMESTAMP: u32 = 90006;
/// `MsgBody` is missing or not an array.
pub const OPENIM_MSG_BODY_TYPE: u32 = 90007;
/// `From_Account` is missing, invalid or does not exist.
pub const OPENIM_FROM_ACCOUNT: u32 = 90008;
/// A batch names more accounts than allowed (500).
pub const OPENIM_BATCH_TOO_LARGE: u32 = 90011;
/// `To_Account` was never imported (does not exist).
pub const OPENIM_TO_NOT_FOUND: u32 = 90012;
/// Too many `Peer_Account`s in one call.
pub const OPENIM_PEERS_TOO_MANY: u32 = 90018;
/// `MsgLifeTime` is out of range (at most 7 days).
pub const OPENIM_LIFETIME_RANGE: u32 = 90026;
/// `SyncFromOldSystem` is not one of its values.
pub const OPENIM_SYNC_FROM_OLD_SYSTEM: u32 = 90030;
/// `SyncOtherMachine` is not one of its values.
pub const OPENIM_SYNC_OTHER_MACHINE: u32 = 90031;
/// `OfflinePushInfo` is not an object.
pub const OPENIM_OFFLINE_PUSH_INFO: u32 = 90043;
/// `MsgLifeTime` is not an integer.
pub const OPENIM_LIFETIME_TYPE: u32 = 90044;
/// The recall's `MsgKey` is not valid.
pub const OPENIM_MSG_KEY: u32 = 90054;
/// The message is longer than allowed (12 KB).
pub const OPENIM_TOO_LONG: u32 = 93000;

// Recent contacts (5xxxx: recentcontact — conversation pins, marks and groups).
/// The account (`From_Account`) was never imported.
pub const RECENT_ACCOUNT_NOT_FOUND: u32 = 50001;
/// A recentcontact request's parameters are invalid; the message says which.
pub const RECENT_INVALID_PARAMETER: u32 = 50002;
/// A mark request names no conversation, or more than 100.
pub const RECENT_MARK_BATCH: u32 = 51006;
/// Marks, custom data and groups together are set on at most 1,000 conversations.
pub const RECENT_CONTACTS_FULL: u32 = 51008;
/// The conversation group does not exist.
pub const CONTACT_GROUP_NOT_FOUND: u32 = 51009;
/// At most 20 conversation groups.
pub const CONTACT_GROUPS_FULL: u32 = 51010;
/// A conversation group name must be 1..=32 bytes.
pub const CONTACT_GROUP_NAME: u32 = 51011;
/// At most 50 conversations are pinned.
pub const PINNED_FULL: u32 = 51012;

// Accounts and messages elsewhere.
/// The account does not exist (the one-to-one `InvalidAccount`).
pub const INVALID_ACCOUNT: u32 = 20003;
/// The account was never imported (`ImError::AccountNotImported`).
pub const ACCOUNT_NOT_IMPORTED: u32 = 70107;
/// The app's back end refused a one-to-one message (C2C.CallbackBeforeSendMsg answered 1).
pub const C2C_CALLBACK_REFUSED: u32 = 20006;
/// An account command's body is wrong (`ImError::AccountParameter`).
pub const ACCOUNT_INVALID_PARAMETER: u32 = 70402;
/// A group operation names an account that does not exist.
pub const GROUP_ACCOUNT_NOT_FOUND: u32 = 10019;
/// The user is in as many groups as allowed.
pub const JOINED_GROUPS_FULL: u32 = 10037;
/// A client called too often (the SDK's "API 调用超频"): its session or its user is over a
/// frame or message budget.
pub const CALLS_TOO_FREQUENT: u32 = 7008;

// Message extensions and reactions (23xxx).
/// A message extension was changed by someone else first: the key's `Seq` is not the latest.
/// The answer carries the key's current value and `Seq` so the caller can retry.
pub const EXTENSION_CONFLICT: u32 = 23001;
/// The message has as many reactions as allowed.
pub const REACTIONS_FULL: u32 = 23005;
/// The reaction has as many users as allowed.
pub const REACTION_USERS_FULL: u32 = 23006;
/// The user is in this reaction already.
pub const REACTION_ALREADY_ADDED: u32 = 23007;
/// The user is not in this reaction (edgechat's reading of Tencent's next code).
pub const REACTION_NOT_ADDED: u32 = 23008;
