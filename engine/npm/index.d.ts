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
};

/** Type constants, the same strings as `TencentCloudChat.TYPES`. */
export declare const TYPES: {
  readonly CONV_C2C: 'C2C';
  readonly CONV_GROUP: 'GROUP';
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
  profile: { userID: string };
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
  type: 'C2C';
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
  userProfile: { userID: string; nick: string; avatar: string };
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
}

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
    conversationType: 'C2C';
    payload: TextPayload;
    cloudCustomData?: string;
  }): Message;
  createCustomMessage(options: { to: string; conversationType: 'C2C'; payload: { data?: string; description?: string; extension?: string }; cloudCustomData?: string }): Message;
  createFaceMessage(options: { to: string; conversationType: 'C2C'; payload: { index: number; data?: string } }): Message;
  createLocationMessage(options: { to: string; conversationType: 'C2C'; payload: { description: string; latitude: number; longitude: number } }): Message;
  /** An image already uploaded (edgechat takes a URL where `@tencentcloud/chat` uploads a file). */
  createImageMessage(options: { to: string; conversationType: 'C2C'; payload: { url: string; width?: number; height?: number; size?: number; uuid?: string; imageFormat?: 1 | 2 | 3 | 4 | 255 } }): Message;
  /** A file already uploaded, by URL. */
  createFileMessage(options: { to: string; conversationType: 'C2C'; payload: { url: string; fileName?: string; fileSize?: number; uuid?: string } }): Message;
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
}

declare const Chat: {
  create(options: CreateOptions): ChatSDK;
  EVENT: typeof EVENT;
  TYPES: typeof TYPES;
};
export default Chat;
