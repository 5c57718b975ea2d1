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
  cloudCustomData: string;
  /** Every element of the message, in order (`type` / `payload` are the first one's). */
  elements: { type: string; payload: unknown }[];
}

export interface CreateOptions {
  SDKAppID: number;
  /** Base URL of the edgechat worker, e.g. `http://127.0.0.1:8787`. Defaults to the page's origin. */
  server?: string;
  /** A WebSocket constructor for hosts without a global one (Node 20: `import WebSocket from 'ws'`). */
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
  deleteConversation(conversationID: string): Promise<ChatResponse<{}>>;
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
  getGroupMemberList(options: { groupID: string; count?: number; offset?: number }): Promise<ChatResponse<{ memberList: GroupMember[]; offset: number }>>;
  getGroupMemberProfile(options: { groupID: string; userIDList: string[] }): Promise<ChatResponse<{ memberList: GroupMember[] }>>;
  addGroupMember(options: { groupID: string; userIDList: string[] }): Promise<ChatResponse<{ successUserIDList: string[]; failureUserIDList: string[]; existedUserIDList: string[]; group: Group }>>;
  deleteGroupMember(options: { groupID: string; userIDList: string[]; reason?: string }): Promise<ChatResponse<{ group: Group; userIDList: string[] }>>;
  setGroupMemberMuteTime(options: { groupID: string; userID: string; muteTime: number }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberRole(options: { groupID: string; userID: string; role: 'Admin' | 'Member' }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberNameCard(options: { groupID: string; userID?: string; nameCard: string }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setGroupMemberCustomField(options: { groupID: string; userID?: string; memberCustomField: { key: string; value: string }[] }): Promise<ChatResponse<{ group: Group; member: GroupMember }>>;
  setMessageRemindType(options: { groupID: string; messageRemindType: string }): Promise<ChatResponse<{ group: Group }>>;
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
  getMessageReadReceiptList(messageList: Message[]): Promise<ChatResponse<{ messageList: (Message & { readReceiptInfo?: { readCount: number; unreadCount: number } })[] }>>;
  sendMessageReadReceipt(messageList: Message[]): Promise<ChatResponse<{}>>;
}

declare const Chat: {
  create(options: CreateOptions): ChatSDK;
  EVENT: typeof EVENT;
  TYPES: typeof TYPES;
};
export default Chat;
