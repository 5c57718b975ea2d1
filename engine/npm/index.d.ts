// edgechat: the client engine, with the API of `@tencentcloud/chat` for what it covers.
// `import Chat from 'edgechat'` then use it as you would `@tencentcloud/chat`; the one addition
// is `server` in `Chat.create`, the base URL of an edgechat worker.

/** Event names, the same strings as `@tencentcloud/chat`'s `TencentCloudChat.EVENT`. */
export declare const EVENT: {
  readonly SDK_READY: 'sdkStateReady';
  readonly SDK_NOT_READY: 'sdkStateNotReady';
  /** data: `Message[]` — new messages, including your own sent from other devices. */
  readonly MESSAGE_RECEIVED: 'onMessageReceived';
  /** data: `Message[]` recalled by their sender (`isRevoked: true`). */
  readonly MESSAGE_REVOKED: 'onMessageRevoked';
  /** data: `Message[]` changed by `modifyMessage`. */
  readonly MESSAGE_MODIFIED: 'onMessageModified';
  /** data: `Message[]` of yours the peer has read (`isPeerRead: true`). */
  readonly MESSAGE_READ_BY_PEER: 'onMessageReadByPeer';
  /** data: `Conversation[]`, most recent first. */
  readonly CONVERSATION_LIST_UPDATED: 'onConversationListUpdated';
  /** data: number. */
  readonly TOTAL_UNREAD_MESSAGE_COUNT_UPDATED: 'onTotalUnreadMessageCountUpdated';
  /** data: `Profile[]` — yours (from another device) or a friend's. */
  readonly PROFILE_UPDATED: 'onProfileUpdated';
  /** data: `Friend[]`. */
  readonly FRIEND_LIST_UPDATED: 'onFriendListUpdated';
  /** data: `{ friendApplicationList, unreadCount }`. */
  readonly FRIEND_APPLICATION_LIST_UPDATED: 'onFriendApplicationListUpdated';
  /** data: `FriendGroup[]`. */
  readonly FRIEND_GROUP_LIST_UPDATED: 'onFriendGroupListUpdated';
  /** data: `string[]` of blocked user IDs. */
  readonly BLACKLIST_UPDATED: 'blacklistUpdated';
  readonly KICKED_OUT: 'kickedOut';
  readonly ERROR: 'error';
  readonly NET_STATE_CHANGE: 'netStateChange';
  /** data: `UserStatus[]` — the current statuses right after `subscribeUserStatus`, then each change. */
  readonly USER_STATUS_UPDATED: 'onUserStatusUpdated';
  /** data: `GroupListItem[]` — my groups, after any join, leave, rename or read. */
  readonly GROUP_LIST_UPDATED: 'onGroupListUpdated';
  /** data: `{ SDKAppID }` — `destroy` ended the instance. */
  readonly SDK_DESTROY: 'sdkDestroy';
  // Declared for apps that listen; not raised until their families are built (README).
  readonly ROOM_CUSTOM_DATA_RECEIVED: 'onRoomCustomDataReceived';
  readonly MESSAGE_READ_RECEIPT_RECEIVED: 'onMessageReadReceiptReceived';
  readonly MESSAGE_EXTENSIONS_UPDATED: 'onMessageExtensionsUpdated';
  readonly MESSAGE_EXTENSIONS_DELETED: 'onMessageExtensionsDeleted';
  readonly MESSAGE_REACTIONS_UPDATED: 'onMessageReactionsUpdated';
  readonly CONVERSATION_GROUP_LIST_UPDATED: 'onConversationGroupListUpdated';
  readonly CONVERSATION_IN_GROUP_UPDATED: 'onConversationInGroupUpdated';
  readonly GROUP_ATTRIBUTES_UPDATED: 'groupAttributesUpdated';
  readonly GROUP_COUNTER_UPDATED: 'onGroupCounterUpdated';
  readonly TOPIC_CREATED: 'onTopicCreated';
  readonly TOPIC_DELETED: 'onTopicDeleted';
  readonly TOPIC_UPDATED: 'onTopicUpdated';
  readonly MY_FOLLOWERS_LIST_UPDATED: 'onMyFollowersListUpdated';
  readonly MY_FOLLOWING_LIST_UPDATED: 'onMyFollowingListUpdated';
  readonly MUTUAL_FOLLOWERS_LIST_UPDATED: 'onMutualFollowersListUpdated';
  readonly ALL_RECEIVE_MESSAGE_OPT_UPDATED: 'onAllReceiveMessageOptUpdated';
  readonly SERVER_CONFIG_UPDATED: 'onServerConfigUpdated';
  readonly PINNED_GROUP_MESSAGE_UPDATED: 'onPinnedGroupMessageUpdated';
};

/** Type constants, the same strings as `TencentCloudChat.TYPES`. */
export declare const TYPES: {
  readonly CONV_C2C: 'C2C';
  readonly CONV_GROUP: 'GROUP';
  readonly CONV_SYSTEM: '@TIM#SYSTEM';
  readonly GRP_WORK: 'Private';
  readonly GRP_PUBLIC: 'Public';
  readonly GRP_MEETING: 'ChatRoom';
  readonly GRP_AVCHATROOM: 'AVChatRoom';
  readonly GRP_COMMUNITY: 'Community';
  readonly GRP_MBR_ROLE_OWNER: 'Owner';
  readonly GRP_MBR_ROLE_ADMIN: 'Admin';
  readonly GRP_MBR_ROLE_MEMBER: 'Member';
  readonly JOIN_OPTIONS_FREE_ACCESS: 'FreeAccess';
  readonly JOIN_OPTIONS_NEED_PERMISSION: 'NeedPermission';
  readonly JOIN_OPTIONS_DISABLE_APPLY: 'DisableApply';
  readonly JOIN_STATUS_SUCCESS: 'JoinedSuccess';
  readonly JOIN_STATUS_ALREADY_IN_GROUP: 'AlreadyInGroup';
  readonly JOIN_STATUS_WAIT_APPROVAL: 'WaitAdminApproval';
  readonly MSG_AT_ALL: '__kImSDK_MesssageAtALL__';
  readonly MSG_GRP_TIP: 'TIMGroupTipElem';
  readonly MSG_GRP_SYS_NOTICE: 'TIMGroupSystemNoticeElem';
  readonly GRP_TIP_MBR_JOIN: 1;
  readonly GRP_TIP_MBR_QUIT: 2;
  readonly GRP_TIP_MBR_KICKED_OUT: 3;
  readonly GRP_TIP_MBR_SET_ADMIN: 4;
  readonly GRP_TIP_MBR_CANCELED_ADMIN: 5;
  readonly GRP_TIP_GRP_PROFILE_UPDATED: 6;
  readonly GRP_TIP_MBR_PROFILE_UPDATED: 7;
  readonly MSG_REMIND_ACPT_AND_NOTE: 'AcceptAndNotify';
  readonly MSG_REMIND_ACPT_NOT_NOTE: 'AcceptNotNotify';
  readonly MSG_REMIND_DISCARD: 'Discard';
  readonly MSG_PRIORITY_HIGH: 'High';
  readonly MSG_PRIORITY_NORMAL: 'Normal';
  readonly MSG_PRIORITY_LOW: 'Low';
  readonly MSG_PRIORITY_LOWEST: 'Lowest';
  readonly MSG_TEXT: 'TIMTextElem';
  readonly MSG_IMAGE: 'TIMImageElem';
  readonly MSG_SOUND: 'TIMSoundElem';
  readonly MSG_FILE: 'TIMFileElem';
  readonly MSG_VIDEO: 'TIMVideoFileElem';
  readonly MSG_FACE: 'TIMFaceElem';
  readonly MSG_LOCATION: 'TIMLocationElem';
  readonly MSG_CUSTOM: 'TIMCustomElem';
  readonly MSG_MERGER: 'TIMRelayElem';
  readonly MSG_STATUS_UNSEND: 'unSend';
  readonly MSG_STATUS_SUCCESS: 'success';
  readonly MSG_STATUS_FAIL: 'fail';
  readonly NET_STATE_CONNECTED: 'connected';
  readonly NET_STATE_CONNECTING: 'connecting';
  readonly NET_STATE_DISCONNECTED: 'disconnected';
  readonly KICKED_OUT_MULT_DEVICE: 'multipleDevice';
  readonly KICKED_OUT_MULT_ACCOUNT: 'multipleAccount';
  readonly KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired';
  readonly KICKED_OUT_REST_API: 'REST_API_Kick';
  readonly USER_STATUS_UNKNOWN: 0;
  readonly USER_STATUS_ONLINE: 1;
  /** Logged in on a mobile device that is reachable by offline push only. */
  readonly USER_STATUS_OFFLINE: 2;
  readonly USER_STATUS_UNLOGINED: 3;
  readonly GENDER_UNKNOWN: 'Gender_Type_Unknown';
  readonly GENDER_FEMALE: 'Gender_Type_Female';
  readonly GENDER_MALE: 'Gender_Type_Male';
  readonly ALLOW_TYPE_ALLOW_ANY: 'AllowType_Type_AllowAny';
  readonly ALLOW_TYPE_NEED_CONFIRM: 'AllowType_Type_NeedConfirm';
  readonly ALLOW_TYPE_DENY_ANY: 'AllowType_Type_DenyAny';
  readonly FORBID_TYPE_NONE: 'AdminForbid_Type_None';
  readonly FORBID_TYPE_SEND_OUT: 'AdminForbid_Type_SendOut';
  readonly SNS_ADD_TYPE_SINGLE: 'Add_Type_Single';
  readonly SNS_ADD_TYPE_BOTH: 'Add_Type_Both';
  readonly SNS_DELETE_TYPE_SINGLE: 'Delete_Type_Single';
  readonly SNS_DELETE_TYPE_BOTH: 'Delete_Type_Both';
  readonly SNS_APPLICATION_TYPE_BOTH: 'Pendency_Type_Both';
  readonly SNS_APPLICATION_SENT_TO_ME: 'Pendency_Type_ComeIn';
  readonly SNS_APPLICATION_SENT_BY_ME: 'Pendency_Type_SendOut';
  readonly SNS_APPLICATION_AGREE: 'Response_Action_Agree';
  readonly SNS_APPLICATION_AGREE_AND_ADD: 'Response_Action_AgreeAndAdd';
  readonly SNS_CHECK_TYPE_BOTH: 'CheckResult_Type_Both';
  readonly SNS_CHECK_TYPE_SINGLE: 'CheckResult_Type_Single';
  readonly SNS_TYPE_NO_RELATION: 'CheckResult_Type_NoRelation';
  readonly SNS_TYPE_A_WITH_B: 'CheckResult_Type_AWithB';
  readonly SNS_TYPE_B_WITH_A: 'CheckResult_Type_BWithA';
  readonly SNS_TYPE_BOTH_WAY: 'CheckResult_Type_BothWay';
  // The rest of @tencentcloud/chat 3.6.6's TYPES.
  readonly MSG_AUDIO: 'TIMSoundElem';
  readonly MSG_GEO: 'TIMLocationElem';
  readonly CONV_TOPIC: 'TOPIC';
  readonly CONV_AT_ME: 1;
  readonly CONV_AT_ALL: 2;
  readonly CONV_AT_ALL_AT_ME: 3;
  readonly CONV_MARK_TYPE_STAR: 1;
  readonly CONV_MARK_TYPE_UNREAD: 2;
  readonly CONV_MARK_TYPE_FOLD: 4;
  readonly CONV_MARK_TYPE_HIDE: 8;
  readonly GRP_PRIVATE: 'Private';
  readonly GRP_CHATROOM: 'ChatRoom';
  readonly GRP_ROOM: 'Room';
  readonly GRP_LIVE: 'Live';
  readonly GRP_MBR_ROLE_CUSTOM: 'Custom';
  readonly GRP_TIP_BAN_AVCHATROOM_MEMBER: 10;
  readonly GRP_TIP_UNBAN_AVCHATROOM_MEMBER: 11;
  readonly RECEIVE_WITH_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt';
  readonly NOT_RECEIVE_OFFLINE_PUSH_EXCEPT_AT: 'AcceptNotNotifyExceptAt';
  readonly NOT_RECEIVE_MSG_EXCEPT_AT: 'NotReceiveMsgExceptAt';
  readonly INVITE_OPTIONS_DISABLE_INVITE: 'DisableInvite';
  readonly INVITE_OPTIONS_NEED_PERMISSION: 'NeedPermission';
  readonly INVITE_OPTIONS_FREE_ACCESS: 'FreeAccess';
  readonly GRP_PROFILE_OWNER_ID: 'ownerID';
  readonly GRP_PROFILE_CREATE_TIME: 'createTime';
  readonly GRP_PROFILE_LAST_INFO_TIME: 'lastInfoTime';
  readonly GRP_PROFILE_MEMBER_NUM: 'memberNum';
  readonly GRP_PROFILE_MAX_MEMBER_NUM: 'maxMemberNum';
  readonly GRP_PROFILE_JOIN_OPTION: 'joinOption';
  readonly GRP_PROFILE_INVITE_OPTION: 'inviteOption';
  readonly GRP_PROFILE_INTRODUCTION: 'introduction';
  readonly GRP_PROFILE_NOTIFICATION: 'notification';
  readonly GRP_PROFILE_MUTE_ALL_MBRS: 'muteAllMembers';
  readonly READ_ALL_C2C_MSG: 'readAllC2CMessage';
  readonly READ_ALL_GROUP_MSG: 'readAllGroupMessage';
  readonly READ_ALL_MSG: 'readAllMessage';
  readonly IOS_OFFLINE_PUSH_NO_SOUND: 'push.no_sound';
  readonly IOS_OFFLINE_PUSH_DEFAULT_SOUND: 'default';
};

/** A user's profile (`Tag_Profile_IM_*` fields by the SDK's names). */
export interface Profile {
  userID: string;
  nick: string;
  avatar: string;
  gender: string;
  selfSignature: string;
  allowType: string;
  birthday: number;
  location: string;
  language: number;
  messageSettings: number;
  adminForbidType: string;
  level: number;
  role: number;
  /** Declared custom fields (`Tag_Profile_Custom_{key}`). */
  profileCustomField: { key: string; value: string | number }[];
}

export interface Friend {
  userID: string;
  remark: string;
  groupList: string[];
  source: string;
  wording: string;
  addTime: number;
  friendCustomField: { key: string; value: unknown }[];
  /** The friend's profile (nick, avatar, self signature, …). */
  profile: Profile;
}

export interface FriendApplication {
  userID: string;
  nick: string;
  avatar: string;
  time: number;
  source: string;
  wording: string;
  type: 'Pendency_Type_ComeIn' | 'Pendency_Type_SendOut';
}

export interface FriendGroup {
  name: string;
  count: number;
  userIDList: string[];
}

/** A conversation of the recent-contact list. */
export interface Conversation {
  conversationID: string;
  type: 'C2C' | 'GROUP';
  unreadCount: number;
  /** The draft set on this device (`setConversationDraft`), '' when none. */
  draftText: string;
  peerReadTime: number;
  lastMessage: {
    ID?: string;
    type?: string;
    payload?: unknown;
    fromAccount?: string;
    lastTime?: number;
    lastSequence?: number;
    isRevoked?: boolean;
    isPeerRead?: boolean;
    messageForShow?: string;
  };
  /** C2C conversations. */
  userProfile?: { userID: string; nick: string; avatar: string };
  /** GROUP conversations. */
  groupProfile?: { groupID: string; name: string; type: GroupType };
  /** Pinned (`pinConversation`): the list shows pinned conversations first. */
  isPinned: boolean;
  /** The marks set (`markConversation`): mark types, lowest first. */
  markList: number[];
  /** `setConversationCustomData`'s value, '' when none. */
  customData: string;
  /** The names of the conversation groups it is in. */
  conversationGroupList: string[];
  /** The receive option (`TYPES.MSG_REMIND_*`): a group's as my member option, a one-to-one one's as set. */
  messageRemindType: string;
}

/** The receive option for all messages (`getAllReceiveMessageOpt`, `ALL_RECEIVE_MESSAGE_OPT_UPDATED`). */
export interface AllReceiveMessageOpt {
  messageRemindType: string;
  /** Unix seconds. */
  startTime: number;
  endTime: number;
  isRepeated: boolean;
}

/** The result of a call on a list of conversations (2500: not in the list, 2503: not a C2C/GROUP ID). */
export interface ConversationListResult {
  successConversationIDList: string[];
  failureConversationIDList: { conversationID: string; code: number; message: string }[];
}

export type GroupType = 'Private' | 'Public' | 'ChatRoom' | 'AVChatRoom' | 'Community';
export type GroupRole = 'Owner' | 'Admin' | 'Member';

/** A group (`@tencentcloud/chat`'s Group, the fields edgechat fills). */
export interface Group {
  groupID: string;
  name: string;
  avatar: string;
  type: GroupType;
  introduction: string;
  notification: string;
  ownerID: string;
  createTime: number;
  infoSequence: number;
  lastInfoTime: number;
  nextMessageSeq: number;
  memberCount: number;
  maxMemberCount: number;
  joinOption: 'FreeAccess' | 'NeedPermission' | 'DisableApply' | '';
  muteAllMembers: boolean;
  groupCustomField: { key: string; value: string }[];
}

/** An entry of `getGroupList` / GROUP_LIST_UPDATED. */
export interface GroupListItem {
  groupID: string;
  name: string;
  type: GroupType;
  unreadCount: number;
  nextMessageSeq: number;
  selfInfo: { messageRemindType: string; joinTime: number; readedSequence: number };
  lastMessage: Conversation['lastMessage'];
}

export interface GroupMember {
  userID: string;
  role: GroupRole;
  joinTime: number;
  nameCard: string;
  /** 0, or the unix time the member's mute ends. */
  muteUntil: number;
  messageRemindType: string;
  memberCustomField: { key: string; value: string }[];
}

export interface Topic {
  topicID: string;
  topicName: string;
  avatar: string;
  introduction: string;
  notification: string;
  customData: string;
  muteAllMembers: boolean;
  nextMessageSeq: number;
}

/** The per-user outcome lists of batch calls. */
export interface BatchResult {
  successUserIDList: { userID: string; code: number; relation?: string }[];
  failureUserIDList: { userID: string; code: number; message: string }[];
}

export interface UserStatus {
  userID: string;
  statusType: 0 | 1 | 2 | 3;
  customStatus: string;
}

/** What every method's promise resolves to. */
export interface ChatResponse<T> {
  code: 0;
  data: T;
}

/** What every method's promise rejects with: Tencent's error code and a message. */
export interface ChatError {
  code: number;
  message: string;
}

export interface TextPayload {
  text: string;
}

/** A message, with the fields of `@tencentcloud/chat`'s Message that edgechat fills. */
export interface Message {
  /** Unique ID of the message on this device; the same on both sides once sent. */
  ID: string;
  type: 'TIMTextElem' | string;
  payload: TextPayload | Record<string, unknown>;
  conversationID: string;
  conversationType: 'C2C' | 'GROUP';
  to: string;
  from: string;
  flow: 'in' | 'out';
  /** Unix time in seconds (server time once sent). */
  time: number;
  status: 'unSend' | 'success' | 'fail';
  /** The 32-bit random that identifies a send; retries reuse it, the server stores it once. */
  random: number;
  /** Position in the user's inbox sequence (0 until stored). */
  sequence: number;
  isRevoked: boolean;
  /** For your messages: the peer has read them. */
  isPeerRead: boolean;
  /** The sender asked for read receipts (`needReadReceipt` when creating it). */
  needReadReceipt: boolean;
  /** One to one `{ isPeerRead, timestamp }` (the peer's receipt); in groups `{ readCount, unreadCount }`. */
  readReceiptInfo: { isPeerRead?: boolean; timestamp?: number; readCount?: number; unreadCount?: number };
  cloudCustomData: string;
  /** Every element of the message, in order (`type` / `payload` are the first one's). */
  elements: { type: string; payload: unknown }[];
}

export interface CreateOptions {
  SDKAppID: number;
  /**
   * Where the edgechat worker is: a base URL (`https://chat.example.com`) or its socket URL
   * (`wss://chat.example.com/ws`). Defaults to the page's origin in a browser and
   * `http://127.0.0.1:8787` (the local dev server) elsewhere.
   */
  server?: string;
  /** A WebSocket constructor for hosts without a global one (default: `globalThis.WebSocket`; Node 20: `import WebSocket from 'ws'`). */
  WebSocket?: unknown;
  /**
   * Where messages, lists and sync positions are kept between loads (default: IndexedDB in
   * browsers, memory elsewhere): plain key-value storage (a mini-program's), or a whole store.
   */
  storage?: KeyValueStorage | LocalStore;
}

/** Key-value storage, e.g. over wx.getStorage / wx.setStorage. */
export interface KeyValueStorage {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** One message as the local store keeps it: its conversation and SEQ, and the engine's record. */
export interface StoredRecord {
  conversationID: string;
  seq: number;
  message: { seq: number } & Record<string, unknown>;
}

/** A local store (see store.js): `owner` is `${SDKAppID}:${userID}`. */
export interface LocalStore {
  /** Writes what changed: the lists and positions (`meta`), and each new or changed message. */
  save(owner: string, changes: { meta: unknown; messages: StoredRecord[]; groupMessages: StoredRecord[] }): Promise<void>;
  /** The meta with the last `perConversation` messages of each conversation, or null. */
  load(owner: string, perConversation?: number): Promise<unknown | null>;
  /** Up to `count` messages of a conversation with SEQ below `beforeSeq`, oldest first. */
  page(owner: string, conversationID: string, beforeSeq: number, count: number): Promise<StoredRecord['message'][]>;
}

/** The browser default: IndexedDB database `name`, one record per message. */
export declare function indexedDBStore(name?: string): LocalStore;
/** The default outside browsers. */
export declare function memoryStore(): LocalStore;
/** A store over key-value storage, keeping each conversation's newest `keep` messages (500). */
export declare function keyValueStore(kv: KeyValueStorage, options?: { keep?: number }): LocalStore;

export interface GetMessageListOptions {
  conversationID: string;
  /** The `nextReqMessageID` returned by the previous call; omit for the newest page. */
  nextReqMessageID?: string;
  /** Page size, 1..15 (default 15). */
  count?: number;
}

export interface MessageList {
  messageList: Message[];
  nextReqMessageID: string;
  isCompleted: boolean;
}

export interface ChatEvent<T = unknown> {
  name: string;
  data: T;
}

export interface ChatSDK {
  login(options: { userID: string; userSig: string }): Promise<ChatResponse<{ repeatLogin: boolean }>>;
  logout(): Promise<ChatResponse<{}>>;
  destroy(): Promise<void>;
  on(eventName: string, handler: (event: ChatEvent<any>) => void, context?: unknown): void;
  off(eventName: string, handler: (event: ChatEvent<any>) => void, context?: unknown): void;
  createTextMessage(options: {
    to: string;
    conversationType: 'C2C' | 'GROUP';
    payload: TextPayload;
    cloudCustomData?: string;
    /** Ask for read receipts: one to one the peer's `sendMessageReadReceipt`, in Work and Public groups the members' reads. */
    needReadReceipt?: boolean;
  }): Message;
  /** A group text message mentioning `payload.atUserList` (`TYPES.MSG_AT_ALL` for everyone). */
  createTextAtMessage(options: {
    to: string;
    conversationType: 'GROUP';
    payload: TextPayload & { atUserList: string[] };
    cloudCustomData?: string;
    priority?: string;
  }): Message;
  createCustomMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { data?: string; description?: string; extension?: string }; cloudCustomData?: string }): Message;
  createFaceMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { index: number; data?: string } }): Message;
  createLocationMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { description: string; latitude: number; longitude: number } }): Message;
  /** An image already uploaded (edgechat takes a URL where `@tencentcloud/chat` uploads a file). */
  createImageMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { url: string; width?: number; height?: number; size?: number; uuid?: string; imageFormat?: 1 | 2 | 3 | 4 | 255 } }): Message;
  /** A file already uploaded, by URL. */
  createFileMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { url: string; fileName?: string; fileSize?: number; uuid?: string } }): Message;
  createForwardMessage(options: { to: string; conversationType: 'C2C'; payload: Message }): Message;
  /** A merged forward of up to 300 messages. */
  createMergerMessage(options: { to: string; conversationType: 'C2C'; payload: { messageList: Message[]; title: string; abstractList: string[]; compatibleText: string } }): Message;
  /** `onlineUserOnly`: deliver to online devices only, never stored (typing indicators). */
  sendMessage(message: Message, options?: { onlineUserOnly?: boolean; offlinePushInfo?: Record<string, unknown> }): Promise<ChatResponse<{ message: Message }>>;
  /** Recall a message you sent (within 2 minutes by default). */
  revokeMessage(message: Message): Promise<ChatResponse<{ message: Message }>>;
  /** Change a sent text or custom message: edit `payload` / `cloudCustomData`, then call. */
  modifyMessage(message: Message): Promise<ChatResponse<{ message: Message }>>;
  /** Delete messages of one conversation for you (every device), not for the peer. */
  deleteMessage(messageList: Message[]): Promise<ChatResponse<{}>>;
  getConversationList(): Promise<ChatResponse<{ conversationList: Conversation[]; isSyncCompleted: boolean }>>;
  getConversationProfile(conversationID: string): Promise<ChatResponse<{ conversation: Conversation }>>;
  deleteConversation(conversationID: string): Promise<ChatResponse<{ conversationID: string }>>;
  deleteConversation(options: { conversationIDList: string[]; clearHistoryMessage?: boolean }): Promise<ChatResponse<{ conversationIDList: string[] }>>;
  /** Mark a conversation read on every device; the peer gets MESSAGE_READ_BY_PEER. */
  setMessageRead(options: { conversationID: string }): Promise<ChatResponse<{}>>;
  getTotalUnreadMessageCount(): number;
  getMyProfile(): Promise<ChatResponse<Profile>>;
  getUserProfile(options: { userIDList: string[] }): Promise<ChatResponse<Profile[]>>;
  updateMyProfile(options: Partial<Omit<Profile, 'userID'>>): Promise<ChatResponse<Profile>>;
  /** Resolves with `code` 0 (friends now) or 30539 (application sent, waiting). */
  addFriend(options: { to: string; source?: string; wording?: string; type?: string; remark?: string; groupName?: string }): Promise<ChatResponse<{ userID: string; code: number; message: string }>>;
  deleteFriend(options: { userIDList: string[]; type?: string }): Promise<ChatResponse<BatchResult>>;
  checkFriend(options: { userIDList: string[]; type?: string }): Promise<ChatResponse<BatchResult>>;
  getFriendList(): Promise<ChatResponse<Friend[]>>;
  getFriendProfile(options: { userIDList: string[] }): Promise<ChatResponse<{ friendList: Friend[]; failureUserIDList: unknown[] }>>;
  updateFriend(options: { userID: string; remark?: string; friendCustomField?: { key: string; value: unknown }[] }): Promise<ChatResponse<Friend>>;
  getFriendApplicationList(): Promise<ChatResponse<{ friendApplicationList: FriendApplication[]; unreadCount: number }>>;
  acceptFriendApplication(options: { userID: string; remark?: string; type?: string }): Promise<ChatResponse<{}>>;
  refuseFriendApplication(options: { userID: string }): Promise<ChatResponse<{}>>;
  deleteFriendApplication(options: { userID: string; type?: string }): Promise<ChatResponse<{}>>;
  setFriendApplicationRead(): Promise<ChatResponse<{}>>;
  getFriendGroupList(): Promise<ChatResponse<FriendGroup[]>>;
  createFriendGroup(options: { name: string; userIDList?: string[] }): Promise<ChatResponse<{ friendGroup: FriendGroup; failureUserIDList: unknown[] }>>;
  deleteFriendGroup(options: { name: string }): Promise<ChatResponse<{}>>;
  renameFriendGroup(options: { oldName: string; newName: string }): Promise<ChatResponse<{}>>;
  addToFriendGroup(options: { name: string; userIDList: string[] }): Promise<ChatResponse<BatchResult>>;
  removeFromFriendGroup(options: { name: string; userIDList: string[] }): Promise<ChatResponse<BatchResult>>;
  getBlacklist(): Promise<ChatResponse<string[]>>;
  addToBlacklist(options: { userIDList: string[] }): Promise<ChatResponse<string[]>>;
  removeFromBlacklist(options: { userIDList: string[] }): Promise<ChatResponse<string[]>>;
  getMessageList(options: GetMessageListOptions): Promise<ChatResponse<MessageList>>;
  /** Subscribe to users' online status (≤ 100 per call); results arrive as USER_STATUS_UPDATED. */
  subscribeUserStatus(options: { userIDList: string[] }): Promise<ChatResponse<{ failureUserList: unknown[] }>>;
  unsubscribeUserStatus(options: { userIDList: string[] }): Promise<ChatResponse<{ failureUserList: unknown[] }>>;
  /** True once SDK_READY fired and until logout / kick / destroy. */
  isReady(): boolean;

  // Groups (REST-backed; errors reject with Tencent's codes: 10007 no permission, 10010 no such group, …)
  createGroup(options: { type?: GroupType; name: string; groupID?: string; introduction?: string; notification?: string; avatar?: string; maxMemberNum?: number; joinOption?: string; memberList?: { userID: string; role?: 'Admin' | 'Member' }[]; groupCustomField?: { key: string; value: string }[]; isSupportTopic?: boolean; isEnablePermissionGroup?: boolean; defaultPermissions?: number }): Promise<ChatResponse<{ group: Group }>>;
  dismissGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  updateGroupProfile(options: { groupID: string; name?: string; introduction?: string; notification?: string; avatar?: string; maxMemberNum?: number; joinOption?: string; muteAllMembers?: boolean; groupCustomField?: { key: string; value: string }[] }): Promise<ChatResponse<{ group: Group }>>;
  getGroupList(): Promise<ChatResponse<{ groupList: GroupListItem[] }>>;
  getGroupProfile(options: { groupID: string }): Promise<ChatResponse<{ group: Group }>>;
  searchGroupByID(groupID: string): Promise<ChatResponse<{ group: Group }>>;
  joinGroup(options: { groupID: string; applyMessage?: string }): Promise<ChatResponse<{ status: 'JoinedSuccess' | 'WaitAdminApproval' | 'AlreadyInGroup'; group?: Group }>>;
  quitGroup(groupID: string): Promise<ChatResponse<{ groupID: string }>>;
  getGroupMemberList(options: { groupID: string; count?: number; offset?: number; filter?: number }): Promise<ChatResponse<{ memberList: GroupMember[]; offset: number }>>;
  getGroupMemberProfile(options: { groupID: string; userIDList: string[] }): Promise<ChatResponse<{ memberList: GroupMember[] }>>;
  addGroupMember(options: { groupID: string; userIDList: string[] }): Promise<ChatResponse<{ successUserIDList: string[]; failureUserIDList: string[]; existedUserIDList: string[]; group: Group }>>;
  deleteGroupMember(options: { groupID: string; userIDList: string[]; reason?: string }): Promise<ChatResponse<{ group: Group; userIDList: string[] }>>;
  setGroupMemberMuteTime(options: { groupID: string; userID: string; muteTime: number }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberRole(options: { groupID: string; userID: string; role: 'Admin' | 'Member' }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberNameCard(options: { groupID: string; userID?: string; nameCard: string }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberCustomField(options: { groupID: string; userID?: string; memberCustomField: { key: string; value: string }[] }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setMessageRemindType(options: { groupID: string; messageRemindType: string }): Promise<ChatResponse<{ group: Group }>>;
  /** One-to-one receive options (up to 30 users a call). */
  setMessageRemindType(options: { userIDList: string[]; messageRemindType: string }): Promise<ChatResponse<{
    successUserIDList: { userID: string }[]; failureUserIDList: { userID: string; code: number; message: string }[];
  }>>;
  changeGroupOwner(options: { groupID: string; newOwnerID: string }): Promise<ChatResponse<{ group: Group }>>;
  getGroupApplicationList(): Promise<ChatResponse<{ applicationList: { applicant: string; groupID: string; applyTime: number; postscript: string }[] }>>;
  handleGroupApplication(options: { handleAction: 'Agree' | 'Reject'; handleMessage?: string; message?: Message; application?: { applicant: string; groupID: string } }): Promise<ChatResponse<{ group: Group }>>;
  // Community topics
  createTopicInCommunity(options: { groupID: string; topicName: string; topicID?: string; avatar?: string; notification?: string; introduction?: string; customData?: string }): Promise<ChatResponse<{ topicID: string }>>;
  deleteTopicFromCommunity(options: { groupID: string; topicIDList?: string[] }): Promise<ChatResponse<{ successTopicList: { topicID: string }[]; failureTopicList: { topicID: string; code: number }[] }>>;
  updateTopicProfile(options: { groupID: string; topicID: string; topicName?: string; avatar?: string; notification?: string; introduction?: string; customData?: string; muteAllMembers?: boolean }): Promise<ChatResponse<{ topic: Topic }>>;
  getTopicList(options: { groupID: string; topicIDList?: string[] }): Promise<ChatResponse<{ successTopicList: Topic[]; failureTopicList: { topicID: string; code: number }[] }>>;
  // Community permission groups (the native SDKs' names; `@tencentcloud/chat` for the Web has none).
  // Bits: ManageGroupInfo 1<<0 … BanMemberGroupMessage 1<<10; topic bits ManageTopicInfo 1<<0 … TopicAtAll 1<<6.
  createPermissionGroupInCommunity(options: { groupID: string; permissionGroupName: string; permissionGroupID?: string; groupPermission?: number; customData?: string }): Promise<ChatResponse<{ permissionGroupID: string }>>;
  deletePermissionGroupFromCommunity(options: { groupID: string; permissionGroupIDList: string[] }): Promise<ChatResponse<{ successPermissionGroupIDList: string[]; failurePermissionGroupIDList: { permissionGroupID: string; code: number }[] }>>;
  modifyPermissionGroupInfoInCommunity(options: { groupID: string; permissionGroupID: string; permissionGroupName?: string; groupPermission?: number; customData?: string }): Promise<ChatResponse<{}>>;
  getPermissionGroupListInCommunity(options: { groupID: string; permissionGroupIDList?: string[] }): Promise<ChatResponse<{ permissionGroupList: { groupID: string; permissionGroupID: string; permissionGroupName: string; groupPermission: number; customData: string; memberCount: number }[] }>>;
  addCommunityMembersToPermissionGroup(options: { groupID: string; permissionGroupID: string; userIDList: string[] }): Promise<ChatResponse<{ successUserIDList: string[]; failureUserIDList: { userID: string; code: number }[] }>>;
  removeCommunityMembersFromPermissionGroup(options: { groupID: string; permissionGroupID: string; userIDList: string[] }): Promise<ChatResponse<{ successUserIDList: string[]; failureUserIDList: { userID: string; code: number }[] }>>;
  getCommunityMemberListInPermissionGroup(options: { groupID: string; permissionGroupID: string; nextCursor?: string }): Promise<ChatResponse<{ memberList: string[]; nextCursor: string }>>;
  addTopicPermissionToPermissionGroup(options: { groupID: string; permissionGroupID: string; topicPermissionMap: Record<string, number> }): Promise<ChatResponse<{ resultList: { topicID: string; code: number }[] }>>;
  modifyTopicPermissionInPermissionGroup(options: { groupID: string; permissionGroupID: string; topicPermissionMap: Record<string, number> }): Promise<ChatResponse<{ resultList: { topicID: string; code: number }[] }>>;
  deleteTopicPermissionFromPermissionGroup(options: { groupID: string; permissionGroupID: string; topicIDList: string[] }): Promise<ChatResponse<{ resultList: { topicID: string; code: number }[] }>>;
  getTopicPermissionInPermissionGroup(options: { groupID: string; permissionGroupID: string; topicIDList?: string[] }): Promise<ChatResponse<{ topicPermissionList: { topicID: string; topicPermission: number }[] }>>;
  getGroupMessageReadMemberList(options: { message: Message; filter?: 0 | 1; cursor?: string; count?: number }): Promise<ChatResponse<{ message: Message; readUserIDList: string[]; unreadUserIDList: string[]; cursor: string; isCompleted: boolean }>>;
  getMessageReadReceiptList(messageList: Message[]): Promise<ChatResponse<{ messageList: Message[] }>>;
  /** One to one: 2114 when no message of the list asked for a receipt. */
  sendMessageReadReceipt(messageList: Message[]): Promise<ChatResponse<{}>>;
  /** The logged-in user's ID ('' before a login). */
  getLoginUser(): string;
  /** The server's clock, unix seconds. */
  getServerTime(): number;
  /** 0 all, 1 release (default), 2 warnings, 3 errors, 4 none. */
  setLogLevel(level: 0 | 1 | 2 | 3 | 4): void;
  /** Plugins Tencent apps register (`tim-upload-plugin`, …): accepted, none needed. */
  registerPlugin(plugins: Record<string, unknown>): void;
  once(eventName: string, handler: (event: ChatEvent<any>) => void, context?: unknown): void;
  /** Rejects with 7013: no experimental API is offered. */
  callExperimentalAPI(api: string, param?: unknown): Promise<ChatResponse<unknown>>;
  /** Throws `{ code: 7013 }` until media upload is built. */
  createAudioMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { file: unknown } }): Message;
  /** Throws `{ code: 7013 }` until media upload is built. */
  createVideoMessage(options: { to: string; conversationType: 'C2C' | 'GROUP'; payload: { file: unknown } }): Message;
  /** Signaling is not built: listeners are accepted and never called. */
  addSignalingListener(eventName: string, handler: (event: ChatEvent<any>) => void): void;
  removeSignalingListener(eventName: string, handler: (event: ChatEvent<any>) => void): void;
  /** Always `null` (signaling is not built). */
  getSignalingInfo(message: Message): null;
  // Not built yet, or not part of edgechat: each rejects with `{ code: 7013, message }` naming why
  // (`UNAVAILABLE` lists them; engine/npm/README.md's coverage table says which family).
  downloadMergerMessage(message: Message): Promise<ChatResponse<any>>;
  setMessageExtensions(message: Message, extensions: { key: string; value: string }[]): Promise<ChatResponse<any>>;
  getMessageExtensions(message: Message): Promise<ChatResponse<any>>;
  deleteMessageExtensions(message: Message, keyList?: string[]): Promise<ChatResponse<any>>;
  addMessageReaction(message: Message, reactionID: string): Promise<ChatResponse<any>>;
  removeMessageReaction(message: Message, reactionID: string): Promise<ChatResponse<any>>;
  getMessageReactions(options: { messageList: Message[]; maxUserCountPerReaction?: number }): Promise<ChatResponse<any>>;
  getAllUserListOfMessageReaction(options: { message: Message; reactionID: string; nextSeq?: number; count?: number }): Promise<ChatResponse<any>>;
  /** Sends again a message whose send failed (`status: 'fail'`); 10004 for any other. */
  resendMessage(message: Message): Promise<ChatResponse<{ message: Message }>>;
  /** A message this device holds (one-to-one or group), or `null`. */
  findMessage(messageID: string): Message | null;
  /** A page from a point: one to one from `time`, in groups from `sequence`; 0 back (the point included), 1 forward; at most 15. */
  getMessageListHopping(options: { conversationID: string; sequence?: number; time?: number; count?: number; direction?: 0 | 1 }): Promise<ChatResponse<{
    messageList: Message[]; isCompleted: boolean; nextMessageSeq?: number | ''; nextMessageTime?: number;
  }>>;
  /** Pins or unpins a group (or topic) message: the owner and admins, at most 10 (10070; 10071 pinned already). */
  pinGroupMessage(options: { groupID: string; message: Message; isPinned: boolean }): Promise<ChatResponse<{}>>;
  /** The pinned messages of a group or topic, oldest first. */
  getPinnedGroupMessageList(groupID: string): Promise<ChatResponse<{ messageList: (Message & { pinnerInfo: { userID: string; nick: string; avatar: string } })[] }>>;
  /** Marks every conversation read (`scope`: `READ_ALL_C2C_MSG`, `READ_ALL_GROUP_MSG`, `READ_ALL_MSG`). */
  setAllMessageRead(options?: { scope?: 'readAllC2CMessage' | 'readAllGroupMessage' | 'readAllMessage' }): Promise<ChatResponse<{}>>;
  /** Sets (`''` clears) a draft, kept on this device while the SDK runs; the list shows it as `draftText`. */
  setConversationDraft(options: { conversationID: string; draftText: string }): Promise<ChatResponse<{}>>;
  /** Pins (at most 50) or unpins a conversation, on every device; the list shows pinned ones first. */
  pinConversation(options: { conversationID: string; isPinned: boolean }): Promise<ChatResponse<{ conversationID: string }>>;
  /** Custom data (<= 256 bytes, `''` clears) on up to 100 conversations, shown as `customData`. */
  setConversationCustomData(options: { conversationIDList: string[]; customData: string }): Promise<ChatResponse<ConversationListResult>>;
  /** Sets or clears a mark (`TYPES.CONV_MARK_TYPE_*`, or 2^n with 32 <= n < 64), shown in `markList`. */
  markConversation(options: { conversationIDList: string[]; markType: number; enableMark: boolean }): Promise<ChatResponse<ConversationListResult>>;
  /** Deletes a conversation's messages here and in the cloud; the conversation stays, read and empty. */
  clearHistoryMessage(conversationID: string): Promise<ChatResponse<{ conversationID: string }>>;
  /** The receive option for all messages, daily from a time of day (device time) for up to a day. */
  setAllReceiveMessageOpt(options: { messageRemindType?: string; startHour?: number; startMinute?: number; startSecond?: number; duration?: number; isRepeated?: boolean }): Promise<ChatResponse<{}>>;
  getAllReceiveMessageOpt(): Promise<ChatResponse<AllReceiveMessageOpt>>;
  /** A conversation group (at most 20, names 1..=32 bytes) with its first conversations. */
  createConversationGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationListResult>>;
  /** The names of my conversation groups. */
  getConversationGroupList(): Promise<ChatResponse<string[]>>;
  deleteConversationGroup(groupName: string): Promise<ChatResponse<{}>>;
  renameConversationGroup(options: { oldName: string; newName: string }): Promise<ChatResponse<{}>>;
  addConversationsToGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationListResult>>;
  deleteConversationsFromGroup(options: { groupName: string; conversationIDList: string[] }): Promise<ChatResponse<ConversationListResult>>;
  initGroupAttributes(options: { groupID: string; groupAttributes: Record<string, string> }): Promise<ChatResponse<{ groupAttributes: Record<string, string> }>>;
  setGroupAttributes(options: { groupID: string; groupAttributes: Record<string, string> }): Promise<ChatResponse<{ groupAttributes: Record<string, string> }>>;
  deleteGroupAttributes(options: { groupID: string; keyList?: string[] }): Promise<ChatResponse<{ keyList: string[] }>>;
  getGroupAttributes(options: { groupID: string; keyList?: string[] }): Promise<ChatResponse<{ groupAttributes: Record<string, string> }>>;
  setGroupCounters(options: { groupID: string; counters: Record<string, number> }): Promise<ChatResponse<{ counters: Record<string, number> }>>;
  increaseGroupCounter(options: { groupID: string; key: string; value: number }): Promise<ChatResponse<{ counters: Record<string, number> }>>;
  decreaseGroupCounter(options: { groupID: string; key: string; value: number }): Promise<ChatResponse<{ counters: Record<string, number> }>>;
  getGroupCounters(options: { groupID: string; keyList?: string[] }): Promise<ChatResponse<{ counters: Record<string, number> }>>;
  /** My Communities with topics. */
  getJoinedCommunityList(): Promise<ChatResponse<{ groupList: GroupListItem[] }>>;
  getGroupOnlineMemberCount(groupID: string): Promise<ChatResponse<{ memberCount: number }>>;
  markGroupMemberList(options: { groupID: string; markType: number; userIDList: string[]; enableMark: boolean }): Promise<ChatResponse<any>>;
  /** My custom status (≤ 100 bytes); watchers and my other devices get `USER_STATUS_UPDATED`. */
  setSelfStatus(options: { customStatus: string }): Promise<ChatResponse<{}>>;
  /** Statuses now, without subscribing. */
  getUserStatus(options: { userIDList: string[] }): Promise<ChatResponse<{ successUserList: UserStatus[]; failureUserList: { userID: string; code: number; message: string }[] }>>;
  searchCloudMessages(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  searchCloudUsers(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  searchCloudGroups(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  searchCloudGroupMembers(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  invite(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  inviteSync(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  inviteInGroup(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  inviteInGroupSync(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  cancel(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  accept(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  reject(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  modifyInvitation(options: Record<string, unknown>): Promise<ChatResponse<any>>;
  followUser(userIDList: string[]): Promise<ChatResponse<any>>;
  unfollowUser(userIDList: string[]): Promise<ChatResponse<any>>;
  getMyFollowingList(nextCursor?: string): Promise<ChatResponse<any>>;
  getMyFollowersList(nextCursor?: string): Promise<ChatResponse<any>>;
  getMutualFollowersList(nextCursor?: string): Promise<ChatResponse<any>>;
  getUserFollowInfo(userIDList?: string[]): Promise<ChatResponse<any>>;
  checkFollowType(userIDList: string[]): Promise<ChatResponse<any>>;
  translateText(options: { sourceTextList: string[]; source?: string; target: string }): Promise<ChatResponse<any>>;
  convertVoiceToText(options: { message: Message; language?: string }): Promise<ChatResponse<any>>;
}

/** `TencentCloudChat.TSignaling`'s constants (signaling itself is not built). */
export declare const TSignaling: {
  readonly NEW_INVITATION_RECEIVED: 'newInvitationReceived';
  readonly INVITEE_ACCEPTED: 'ts_invitee_accepted';
  readonly INVITEE_REJECTED: 'ts_invitee_rejected';
  readonly INVITATION_CANCELLED: 'ts_invitation_cancelled';
  readonly INVITATION_TIMEOUT: 'ts_invitation_timeout';
  readonly INVITATION_MODIFIED: 'ts_invitation_modified';
  readonly ACTION_TYPE_UNKNOWN: 0;
  readonly ACTION_TYPE_INVITE: 1;
  readonly ACTION_TYPE_CANCEL_INVITE: 2;
  readonly ACTION_TYPE_ACCEPT_INVITE: 3;
  readonly ACTION_TYPE_REJECT_INVITE: 4;
  readonly ACTION_TYPE_INVITE_TIMEOUT: 5;
};

/** The code methods that are not available reject with. */
export declare const NOT_AVAILABLE: 7013;
/** Each unavailable method with the message its rejection carries. */
export declare const UNAVAILABLE: Readonly<Record<string, string>>;

declare const Chat: {
  create(options?: CreateOptions): ChatSDK;
  EVENT: typeof EVENT;
  TYPES: typeof TYPES;
  TSignaling: typeof TSignaling;
  /** The `@tencentcloud/chat` version whose API this follows. */
  VERSION: '3.6.6';
};
export default Chat;
