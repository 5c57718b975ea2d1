// edgechat: the client engine, with the API of `@tencentcloud/chat` for what it covers.
// `import Chat from 'edgechat'` then use it as you would `@tencentcloud/chat`; the one addition
// is `server` in `Chat.create`, the base URL of an edgechat worker.

/** Event names, the same strings as `@tencentcloud/chat`'s `TencentCloudChat.EVENT`. */
export declare const EVENT: {
  readonly SDK_READY: 'sdkStateReady';
  readonly SDK_NOT_READY: 'sdkStateNotReady';
  readonly MESSAGE_RECEIVED: 'onMessageReceived';
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
};

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
  cloudCustomData: string;
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
  sendMessage(message: Message): Promise<ChatResponse<{ message: Message }>>;
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
