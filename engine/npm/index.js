// edgechat: the ESM entry of the npm package. A thin host adapter around the wasm core:
// it owns the socket, the promises and the event handlers; every decision is the core's.
import init, { initSync, ChatCore, eventNames } from './wasm/edgechat_engine.js';
import { storeFrom } from './store.js';
import {
  TYPES,
  PROFILE_TAGS,
  CUSTOM_PROFILE,
  CUSTOM_FRIEND,
  toProfile,
  toFriend,
  toApplications,
  toGroups,
  toBlacklist,
  SNS_EVENT_DATA,
  splitResults,
  SDK_GROUP_TYPE,
  toGroup,
  toMember,
  toFields,
  toTopic,
  toEntries,
  fromEntries,
  messageRef,
} from './shapes.js';
import { Logger, TSignaling, defineUnavailable, serverBase, NOT_AVAILABLE } from './surface.js';

export { indexedDBStore, keyValueStore, memoryStore } from './store.js';

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
if (IS_NODE) {
  const { readFile } = await import('node:fs/promises');
  initSync({ module: await readFile(new URL('./wasm/edgechat_engine_bg.wasm', import.meta.url)) });
} else {
  await init({ module_or_path: new URL('./wasm/edgechat_engine_bg.wasm', import.meta.url) });
}

// Event names come from the engine's one list (engine/src/core/event.rs).
export const EVENT = Object.freeze(eventNames());
export { TYPES };


const HEARTBEAT_MS = 30_000;
/** How long after the last change the local data is written to storage. */
const SAVE_DELAY_MS = 300;
/** The longest a login waits for the stored data before opening the socket anyway. */
const RESTORE_TIMEOUT_MS = 1_000;

function nowSecs() {
  return Math.floor(Date.now() / 1000);
}

function randomU32() {
  const a = new Uint32Array(1);
  globalThis.crypto.getRandomValues(a);
  return a[0];
}

class ChatSDK {
  #core;
  #server;
  #WebSocket;
  #ws = null;
  #handlers = new Map();
  #pending = new Map();
  #heartbeat = null;
  #retry = null;
  #userID = '';
  #store;
  #sdkAppID;
  #owner = '';
  #saveTimer = null;
  #saving = Promise.resolve();
  #log = new Logger();
  /** Server time minus local time, in seconds (from the login and heartbeat answers). */
  #clockOffset = 0;

  constructor(options) {
    this.#core = new ChatCore(options.SDKAppID);
    this.#server = serverBase(options.server);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    // Where messages, lists and sync positions live between page loads (store.js): IndexedDB
    // in browsers, memory elsewhere, or the host's own (`{ get(key), set(key, value) }` from a
    // mini-program, or a whole store with save/load/page).
    this.#store = storeFrom(options.storage);
    this.#sdkAppID = options.SDKAppID;
    if (!this.#WebSocket) throw { code: 10004, message: 'Chat.create: pass `WebSocket` (e.g. from the ws package) on hosts without one' };
  }

  /** Registers a promise under `key`, then runs the core's actions. */
  #settle(key, actions) {
    const promise = new Promise((resolve, reject) => this.#pending.set(key, { resolve, reject }));
    this.#run(actions);
    return promise;
  }

  #run(actions) {
    for (const a of actions) {
      switch (a.kind) {
        case 'send':
          if (this.#ws?.readyState === 1) this.#ws.send(a.frame);
          break;
        case 'emit':
          this.#emit(a.name, a.data);
          break;
        case 'resolve': {
          const p = this.#pending.get(a.key);
          this.#pending.delete(a.key);
          p?.resolve({ code: 0, data: a.data });
          break;
        }
        case 'reject': {
          const p = this.#pending.get(a.key);
          this.#pending.delete(a.key);
          p?.reject({ code: a.code, message: a.message });
          break;
        }
        case 'close':
          this.#closeSocket();
          break;
        case 'reconnect':
          clearTimeout(this.#retry);
          this.#retry = setTimeout(() => {
            const url = this.#core.reconnect();
            if (url) this.#open(url);
          }, a.afterMs);
          break;
      }
    }
  }

  #emit(name, data) {
    if (SNS_EVENT_DATA[name] && data?.result) data = SNS_EVENT_DATA[name](data.result);
    if (name === EVENT.TOPIC_UPDATED && data?.topic?.TopicId) data = { groupID: data.groupID, topic: toTopic(data.topic) };
    for (const [handler, context] of this.#handlers.get(name) ?? []) {
      try {
        handler.call(context, { name, data });
      } catch (e) {
        this.#log.error(`a ${name} handler threw`, e);
      }
    }
  }

  #closeSocket() {
    clearInterval(this.#heartbeat);
    this.#heartbeat = null;
    const ws = this.#ws;
    this.#ws = null;
    if (ws && ws.readyState <= 1) ws.close(1000, 'logout');
  }

  /** Calls into the core, turning its thrown `{code, message}` into a rejected promise. */
  #call(fn) {
    try {
      return fn();
    } catch (e) {
      return Promise.reject(e);
    }
  }

  login({ userID, userSig } = {}) {
    return this.#call(() => {
      const url = this.#core.login(String(userID ?? ''), String(userSig ?? ''), this.#server, 'Web');
      this.#userID = String(userID);
      this.#owner = `${this.#sdkAppID}:${this.#userID}`;
      const promise = this.#settle('login', []);
      this.#restoreThenOpen(url);
      return promise;
    });
  }

  /** Shows what the last session stored (lists and last pages at once), then opens the socket. */
  async #restoreThenOpen(url) {
    try {
      const stored = await Promise.race([
        this.#store.load(this.#owner),
        new Promise((resolve) => setTimeout(() => resolve(null), RESTORE_TIMEOUT_MS)),
      ]);
      if (stored) this.#run(this.#core.restore(JSON.stringify(stored)));
    } catch (e) {
      this.#log.warn('the stored session could not be read', e);
    }
    this.#open(url);
  }

  /** Writes what changed soon (coalescing bursts of frames). */
  #scheduleSave() {
    if (this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null;
      this.#saveNow();
    }, SAVE_DELAY_MS);
  }

  /** Hands what changed since the last save to the store; saves run one after another. */
  #saveNow() {
    const text = this.#owner ? this.#core.takeChanges() : undefined;
    if (!text) return this.#saving;
    const owner = this.#owner;
    const changes = JSON.parse(text);
    this.#saving = this.#saving
      .then(() => this.#store.save(owner, changes))
      .catch((e) => this.#log.warn('the session could not be stored', e));
    return this.#saving;
  }

  /** While not synced, the page before `cursor` comes from the store into the core. */
  async #pageFromStore(conversationID, cursor, count) {
    const before = cursor ? this.#core.messageSeq(conversationID, cursor) : Infinity;
    if (before === undefined || before === null) return; // an unknown cursor: the core says so
    const page = await this.#store.page(this.#owner, conversationID, before, count);
    if (!page.length || this.#core.isReady()) return;
    if (conversationID.startsWith('GROUP')) this.#core.loadGroupMessages(conversationID, JSON.stringify(page));
    else this.#core.loadMessages(JSON.stringify(page));
  }

  /** Opens the socket to `url` and wires it to the core; a silent socket is closed. */
  #open(url) {
    this.#log.info('connecting', url.replace(/usersig=[^&]*/i, 'usersig=…'));
    this.#emit(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTING });
    const ws = new this.#WebSocket(url);
    this.#ws = ws;
    let lastFrame = Date.now();
    ws.onopen = () => {
      this.#run(this.#core.onOpen());
      clearInterval(this.#heartbeat);
      this.#heartbeat = setInterval(() => {
        if (Date.now() - lastFrame > 2 * HEARTBEAT_MS) {
          ws.close(4000, 'no answer to the heartbeat'); // onclose reconnects
          return;
        }
        const ping = this.#core.ping();
        if (ping && ws.readyState === 1) ws.send(ping);
      }, HEARTBEAT_MS);
    };
    ws.onmessage = (ev) => {
      lastFrame = Date.now();
      if (typeof ev.data === 'string') {
        if (this.#log.level === 0) this.#log.debug('frame in', ev.data.length > 300 ? `${ev.data.slice(0, 300)}…` : ev.data);
        const actions = this.#core.onFrame(ev.data);
        this.#noteServerTime();
        this.#run(actions);
        this.#scheduleSave();
      }
    };
    ws.onclose = (ev) => {
      this.#log.info('socket closed', ev?.code ?? '', ev?.reason ?? '');
      if (this.#ws === ws || this.#ws === null) {
        clearInterval(this.#heartbeat);
        this.#ws = null;
        this.#run(this.#core.onClose(Math.random()));
      }
    };
    ws.onerror = () => {}; // onclose follows and reports it
  }

  logout() {
    clearTimeout(this.#retry);
    clearTimeout(this.#saveTimer);
    this.#saveTimer = null;
    const saved = this.#saveNow(); // what this session knows, for the next login
    const { key, actions } = this.#core.logout();
    return this.#settle(key, actions).then(async (res) => {
      await saved;
      return res;
    });
  }

  async destroy() {
    clearTimeout(this.#retry);
    await this.logout();
    this.#emit(EVENT.SDK_DESTROY, { SDKAppID: this.#sdkAppID });
    this.#handlers.clear();
  }

  /** The logged-in user's ID ('' before a login). */
  getLoginUser() {
    return this.#userID;
  }

  /** The server's clock, unix seconds (local time corrected by the offset the server's frames showed). */
  getServerTime() {
    return nowSecs() + this.#clockOffset;
  }

  /** Learns the server's clock from a heartbeat answer the core just read (unix seconds). */
  #noteServerTime() {
    const t = this.#core.takeServerTime();
    if (t !== undefined) this.#clockOffset = t - nowSecs();
  }

  /** Tencent's log levels: 0 all, 1 release (default), 2 warnings, 3 errors, 4 none. */
  setLogLevel(level) {
    if (!this.#log.set(level)) this.#log.warn(`setLogLevel: ${level} is not 0..4; the level stays ${this.#log.level}`);
  }

  /**
   * Accepts the plugins an app registers (`tim-upload-plugin`, `tim-profanity-filter-plugin`,
   * `cos-wx-sdk`, …) so Tencent's set-up code runs; edgechat needs none of them.
   */
  registerPlugin() {}

  /** Tencent's experimental APIs: none is offered here; each rejects with 7013. */
  callExperimentalAPI(api) {
    return Promise.reject({ code: NOT_AVAILABLE, message: `callExperimentalAPI: ${String(api)} is not available in edgechat` });
  }

  /** Like `on`, removed after the first event. */
  once(eventName, handler, context) {
    if (typeof handler !== 'function') return;
    const wrapped = (event) => {
      this.off(eventName, wrapped);
      handler.call(context, event);
    };
    this.on(eventName, wrapped);
  }

  /** Creating audio and video messages needs media upload, not built yet (7013). */
  createAudioMessage() {
    throw { code: NOT_AVAILABLE, message: 'createAudioMessage: media upload is not built in edgechat yet' };
  }

  createVideoMessage() {
    throw { code: NOT_AVAILABLE, message: 'createVideoMessage: media upload is not built in edgechat yet' };
  }

  /** Signaling is not built: listeners are accepted and never called. */
  addSignalingListener(eventName, handler) {
    this.#log.warn(`addSignalingListener(${eventName}): signaling is not built in edgechat yet`, typeof handler);
  }

  removeSignalingListener() {}

  /** The signaling invitation a message carries: none (signaling is not built). */
  getSignalingInfo() {
    return null;
  }

  on(eventName, handler, context) {
    if (typeof handler !== 'function') return;
    if (!this.#handlers.has(eventName)) this.#handlers.set(eventName, []);
    this.#handlers.get(eventName).push([handler, context]);
  }

  off(eventName, handler, context) {
    const list = this.#handlers.get(eventName);
    if (!list) return;
    this.#handlers.set(eventName, list.filter(([h, c]) => !(h === handler && (context === undefined || c === context))));
  }

  isReady() {
    return this.#core.isReady();
  }

  /** Creates a message whose body is `[{MsgType, MsgContent}]` (the core validates it). */
  #create(to, conversationType, body, cloudCustomData, { priority = '', atUserList = [], needReadReceipt = false } = {}) {
    let message;
    if (conversationType === TYPES.CONV_GROUP) {
      message = this.#core.createGroupMessage(String(to ?? ''), body, String(cloudCustomData ?? ''), String(priority ?? ''),
        (atUserList ?? []).map((u) => (u === TYPES.MSG_AT_ALL ? '@TIM#AT_ALL' : String(u))), randomU32(), nowSecs());
    } else if (conversationType === TYPES.CONV_C2C) {
      message = this.#core.createMessage(String(to ?? ''), body, String(cloudCustomData ?? ''), randomU32(), nowSecs());
    } else {
      throw { code: 10004, message: `conversationType ${conversationType} is not supported` };
    }
    // Asked for with the message, sent with it (`sendMessage` reads it).
    message.needReadReceipt = needReadReceipt === true;
    return message;
  }

  createTextMessage({ to, conversationType = TYPES.CONV_C2C, payload, cloudCustomData = '', priority, needReadReceipt } = {}) {
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_TEXT, MsgContent: { Text: String(payload?.text ?? '') } }],
      cloudCustomData, { priority, atUserList: payload?.atUserList, needReadReceipt });
  }

  /** A text message mentioning `payload.atUserList` (`TYPES.MSG_AT_ALL` for everyone) in a group. */
  createTextAtMessage(options = {}) {
    return this.createTextMessage(options);
  }

  createCustomMessage({ to, conversationType = TYPES.CONV_C2C, payload = {}, cloudCustomData = '', needReadReceipt } = {}) {
    const content = { Data: String(payload.data ?? ''), Desc: String(payload.description ?? ''), Ext: String(payload.extension ?? '') };
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_CUSTOM, MsgContent: content }], cloudCustomData, { needReadReceipt });
  }

  createFaceMessage({ to, conversationType = TYPES.CONV_C2C, payload = {}, cloudCustomData = '', needReadReceipt } = {}) {
    const content = { Index: Number(payload.index ?? 0), Data: String(payload.data ?? '') };
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_FACE, MsgContent: content }], cloudCustomData, { needReadReceipt });
  }

  createLocationMessage({ to, conversationType = TYPES.CONV_C2C, payload = {}, cloudCustomData = '', needReadReceipt } = {}) {
    const content = { Desc: String(payload.description ?? ''), Latitude: Number(payload.latitude), Longitude: Number(payload.longitude) };
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_LOCATION, MsgContent: content }], cloudCustomData, { needReadReceipt });
  }

  /**
   * An image already uploaded somewhere: `payload: { url, uuid?, width, height, size?, imageFormat? }`
   * (edgechat takes URLs; `@tencentcloud/chat` takes a file and uploads it).
   */
  createImageMessage({ to, conversationType = TYPES.CONV_C2C, payload = {}, cloudCustomData = '', needReadReceipt } = {}) {
    const url = String(payload.url ?? '');
    const content = {
      UUID: String(payload.uuid ?? url), ImageFormat: Number(payload.imageFormat ?? 255),
      ImageInfoArray: [1, 2, 3].map((Type) => ({ Type, Size: Number(payload.size ?? 0), Width: Number(payload.width ?? 0), Height: Number(payload.height ?? 0), URL: url })),
    };
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_IMAGE, MsgContent: content }], cloudCustomData, { needReadReceipt });
  }

  /** A file by URL: `payload: { url, uuid?, fileName, fileSize }`. */
  createFileMessage({ to, conversationType = TYPES.CONV_C2C, payload = {}, cloudCustomData = '', needReadReceipt } = {}) {
    const url = String(payload.url ?? '');
    const content = { Url: url, UUID: String(payload.uuid ?? url), FileName: String(payload.fileName ?? ''), FileSize: Number(payload.fileSize ?? 0), Download_Flag: 2 };
    return this.#create(to, conversationType, [{ MsgType: TYPES.MSG_FILE, MsgContent: content }], cloudCustomData, { needReadReceipt });
  }

  /** Forwards a stored message to `to`. */
  createForwardMessage({ to, conversationType = TYPES.CONV_C2C, payload } = {}) {
    if (conversationType !== TYPES.CONV_C2C) throw { code: 10004, message: 'only C2C forwarding is supported yet' };
    return this.#core.createForwardMessage(String(to ?? ''), String(payload?.ID ?? ''), randomU32(), nowSecs());
  }

  /** Merged forward of up to 300 stored messages. */
  createMergerMessage({ to, conversationType = TYPES.CONV_C2C, payload = {} } = {}) {
    if (conversationType !== TYPES.CONV_C2C) throw { code: 10004, message: 'only C2C merged forwarding is supported yet' };
    const ids = (payload.messageList ?? []).map((m) => String(m?.ID ?? ''));
    return this.#core.createMergerMessage(String(to ?? ''), ids, String(payload.title ?? ''),
      (payload.abstractList ?? []).map(String), String(payload.compatibleText ?? ''), randomU32(), nowSecs());
  }

  sendMessage(message, options = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.sendMessage(String(message?.ID ?? ''), !!options.onlineUserOnly,
        options.offlinePushInfo ?? undefined, message?.needReadReceipt === true);
      return this.#settle(key, actions).then((res) => {
        Object.assign(message, res.data.message);
        return res;
      }, (err) => {
        message.status = 'fail';
        throw err;
      });
    });
  }

  /**
   * Sends again a message whose send failed (`status: 'fail'`), with its original random, so
   * a first attempt the server did store is answered once, not stored twice.
   */
  resendMessage(message) {
    if (message?.status !== 'fail') {
      return Promise.reject({ code: 10004, message: `resendMessage: only a message whose send failed is resent (status is ${JSON.stringify(message?.status)})` });
    }
    return this.sendMessage(message);
  }

  /** Recalls a message I sent (2 minutes by default). */
  revokeMessage(message) {
    return this.#promise(() => this.#core.revokeMessage(String(message?.ID ?? ''))).then((res) => {
      Object.assign(message, res.data.message);
      return res;
    });
  }

  /** Changes a sent message: edit `message.payload.text` (text) or `message.cloudCustomData`, then call. */
  modifyMessage(message) {
    return this.#promise(() => {
      const body = message?.type === TYPES.MSG_TEXT
        ? [{ MsgType: TYPES.MSG_TEXT, MsgContent: { Text: String(message.payload?.text ?? '') } }]
        : message?.type === TYPES.MSG_CUSTOM
          ? [{ MsgType: TYPES.MSG_CUSTOM, MsgContent: { Data: String(message.payload?.data ?? ''), Desc: String(message.payload?.description ?? ''), Ext: String(message.payload?.extension ?? '') } }]
          : (() => { throw { code: 10004, message: `modifyMessage supports text and custom messages, not ${message?.type}` }; })();
      return this.#core.modifyMessage(String(message.ID ?? ''), body, message.cloudCustomData ?? undefined);
    }).then((res) => {
      Object.assign(message, res.data.message);
      return res;
    });
  }

  /**
   * A page of a conversation from a point: one to one from `time` (unix seconds), in groups
   * from `sequence`; `direction` 0 goes back (the point included), 1 forward; at most 15.
   * Resolves with `{messageList, isCompleted, nextMessageTime}` (one to one) or
   * `{messageList, isCompleted, nextMessageSeq}` (groups) for the next hop.
   */
  getMessageListHopping({ conversationID, sequence, time, count, direction = 0 } = {}) {
    const num = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));
    return this.#promise(() => this.#core.getMessageListHopping(String(conversationID ?? ''), num(sequence), num(time),
      count === undefined ? undefined : Number(count), Number(direction)));
  }

  /** Deletes messages of one conversation from my inbox (every device). */
  deleteMessage(messageList) {
    return this.#promise(() => this.#core.deleteMessage((messageList ?? []).map((m) => String(m?.ID ?? ''))));
  }

  getConversationList() {
    return this.#promise(() => this.#core.getConversationList());
  }

  getConversationProfile(conversationID) {
    return this.#promise(() => this.#core.getConversationProfile(String(conversationID ?? '')));
  }

  /**
   * Deletes one conversation (`deleteConversation(id)`) or up to 100
   * (`deleteConversation({ conversationIDList })`), one after another; a refusal stops there
   * and rejects with its code.
   */
  async deleteConversation(conversationID) {
    if (typeof conversationID !== 'object' || conversationID === null) {
      return this.#promise(() => this.#core.deleteConversation(String(conversationID ?? '')));
    }
    const list = conversationID.conversationIDList;
    if (!Array.isArray(list) || list.length === 0 || list.length > 100) {
      throw { code: 10004, message: 'deleteConversation: conversationIDList must hold 1..=100 conversation IDs' };
    }
    for (const id of list) await this.#promise(() => this.#core.deleteConversation(String(id ?? '')));
    return { code: 0, data: { conversationIDList: list.map(String) } };
  }

  /**
   * Deletes a conversation's messages, here and in the cloud, and keeps the conversation (read,
   * with no last message): a one-to-one conversation's messages leave my inbox; a group's
   * messages so far are hidden from me. Every device of mine follows. Not for topics.
   */
  clearHistoryMessage(conversationID) {
    return this.#promise(() => this.#core.clearHistoryMessage(String(conversationID ?? '')));
  }

  /** Marks a conversation read on every device; the peer gets MESSAGE_READ_BY_PEER. */
  setMessageRead({ conversationID } = {}) {
    return this.#promise(() => this.#core.setMessageRead(String(conversationID ?? '')));
  }

  /** Sets (or with `''` clears) a conversation's draft, kept on this device while the SDK runs. */
  setConversationDraft({ conversationID, draftText = '' } = {}) {
    return this.#promise(() => this.#core.setConversationDraft(String(conversationID ?? ''), String(draftText ?? '')));
  }

  // Conversation settings, kept by the server and shared by the user's devices: pins (at most
  // 50), marks (TYPES.CONV_MARK_TYPE_* or 2^n, 32 <= n < 64), custom data (<= 256 bytes) and
  // up to 20 conversation groups. Calls on a list resolve with Tencent's
  // {successConversationIDList, failureConversationIDList}.

  /** Pins or unpins a conversation; resolves with `{conversationID}`. */
  pinConversation({ conversationID, isPinned } = {}) {
    return this.#promise(() => this.#core.recent('pinConversation', { conversationID: String(conversationID ?? ''), isPinned }));
  }

  markConversation({ conversationIDList, markType, enableMark } = {}) {
    return this.#promise(() => this.#core.recent('markConversation', { conversationIDList, markType, enableMark }));
  }

  setConversationCustomData({ conversationIDList, customData } = {}) {
    return this.#promise(() => this.#core.recent('setConversationCustomData', { conversationIDList, customData }));
  }

  /** The names of my conversation groups. */
  getConversationGroupList() {
    return this.#promise(() => this.#core.recent('getConversationGroupList', {}));
  }

  createConversationGroup({ conversationIDList, groupName } = {}) {
    return this.#promise(() => this.#core.recent('createConversationGroup', { conversationIDList, groupName }));
  }

  deleteConversationGroup(groupName) {
    return this.#promise(() => this.#core.recent('deleteConversationGroup', { groupName }));
  }

  renameConversationGroup({ oldName, newName } = {}) {
    return this.#promise(() => this.#core.recent('renameConversationGroup', { oldName, newName }));
  }

  addConversationsToGroup({ conversationIDList, groupName } = {}) {
    return this.#promise(() => this.#core.recent('addConversationsToGroup', { conversationIDList, groupName }));
  }

  deleteConversationsFromGroup({ conversationIDList, groupName } = {}) {
    return this.#promise(() => this.#core.recent('deleteConversationsFromGroup', { conversationIDList, groupName }));
  }

  /** A message this device holds (one-to-one or group) by its ID, or `null`. */
  findMessage(messageID) {
    return this.#core.findMessage(String(messageID ?? ''));
  }

  /**
   * Marks every conversation with unread messages read (`scope`: `TYPES.READ_ALL_C2C_MSG`,
   * `READ_ALL_GROUP_MSG` or `READ_ALL_MSG`, the default), one after another.
   */
  async setAllMessageRead({ scope = TYPES.READ_ALL_MSG } = {}) {
    const prefix = { [TYPES.READ_ALL_C2C_MSG]: 'C2C', [TYPES.READ_ALL_GROUP_MSG]: 'GROUP', [TYPES.READ_ALL_MSG]: '' }[scope];
    if (prefix === undefined) {
      throw { code: 10004, message: `setAllMessageRead: scope ${JSON.stringify(scope)} must be one of TYPES.READ_ALL_C2C_MSG, READ_ALL_GROUP_MSG, READ_ALL_MSG` };
    }
    const { conversationList } = (await this.getConversationList()).data;
    for (const c of conversationList) {
      if (c.unreadCount > 0 && c.conversationID.startsWith(prefix) && /^(C2C|GROUP)/.test(c.conversationID)) {
        await this.setMessageRead({ conversationID: c.conversationID });
      }
    }
    return { code: 0, data: {} };
  }

  getTotalUnreadMessageCount() {
    return this.#core.getTotalUnreadMessageCount();
  }

  /** Runs a core call that returns `{key, actions}`, as a promise. */
  #promise(fn) {
    return this.#call(() => {
      const { key, actions } = fn();
      return this.#settle(key, actions);
    });
  }

  /** Runs a relationship command (REST name and body) and maps its result. */
  #sns(op, body, map = (r) => r) {
    return this.#promise(() => this.#core.sns(op, body)).then((res) => ({ code: 0, data: map(res.data) }));
  }

  getMyProfile() {
    return this.#sns('portrait_get', { To_Account: [this.#userID], TagList: [] }, (r) => toProfile(r.UserProfileItem[0]));
  }

  getUserProfile({ userIDList } = {}) {
    return this.#sns('portrait_get', { To_Account: (userIDList ?? []).map(String), TagList: [] },
      (r) => r.UserProfileItem.filter((i) => i.ResultCode === 0).map(toProfile));
  }

  updateMyProfile(options = {}) {
    for (const k of ['nick', 'selfSignature', 'avatar']) {
      if (typeof options[k] === 'string' && new TextEncoder().encode(options[k]).length > 500) {
        return Promise.reject({ code: 2721, message: `${k} is over 500 bytes` });
      }
    }
    const items = [];
    for (const [name, tag] of Object.entries(PROFILE_TAGS)) {
      if (options[name] !== undefined) items.push({ Tag: tag, Value: options[name] });
    }
    for (const { key, value } of options.profileCustomField ?? []) {
      items.push({ Tag: key.startsWith(CUSTOM_PROFILE) ? key : CUSTOM_PROFILE + key, Value: value });
    }
    return this.#sns('portrait_set', { ProfileItem: items }).then(() => this.getMyProfile());
  }

  addFriend({ to, source = 'AddSource_Type_Web', wording = '', type = TYPES.SNS_ADD_TYPE_BOTH, remark = '', groupName } = {}) {
    const item = { To_Account: String(to ?? ''), AddWording: wording, Remark: remark, AddSource: source };
    if (groupName) item.GroupName = groupName;
    return this.#sns('friend_add', { AddFriendItem: [item], AddType: type }).then((res) => {
      const r = res.data.ResultItem[0];
      if (r.ResultCode !== 0 && r.ResultCode !== 30539) throw { code: r.ResultCode, message: r.ResultInfo };
      const data = { userID: r.To_Account, code: r.ResultCode };
      if (r.ResultCode !== 0) data.message = r.ResultInfo; // 30539: the application waits
      return { code: 0, data };
    });
  }

  deleteFriend({ userIDList, type = TYPES.SNS_DELETE_TYPE_BOTH } = {}) {
    return this.#sns('friend_delete', { To_Account: (userIDList ?? []).map(String), DeleteType: type }, (r) => {
      const { successUserIDList, failureUserIDList } = splitResults(r.ResultItem);
      return { successUserIDList: successUserIDList.map(({ userID }) => ({ userID })), failureUserIDList };
    });
  }

  checkFriend({ userIDList, type = TYPES.SNS_CHECK_TYPE_BOTH } = {}) {
    return this.#sns('friend_check', { To_Account: (userIDList ?? []).map(String), CheckType: type }, (r) => splitResults(r.InfoItem));
  }

  /** Fills each friend's `profile` from the users' profiles. */
  async #withProfiles(friends) {
    if (!friends.length) return friends;
    const { data } = await this.getUserProfile({ userIDList: friends.map((f) => f.userID) });
    return friends.map((f) => ({ ...f, profile: data.find((p) => p.userID === f.userID) ?? f.profile }));
  }

  async getFriendList() {
    const res = await this.#sns('friend_get', { StartIndex: 0 }, (r) => r.UserDataItem.map(toFriend));
    return { code: 0, data: await this.#withProfiles(res.data) };
  }

  async getFriendProfile({ userIDList } = {}) {
    const res = await this.#sns('friend_get_list', { To_Account: (userIDList ?? []).map(String), TagList: [] }, (r) => ({
      friendList: r.InfoItem.filter((i) => i.ResultCode === 0).map(toFriend),
      failureUserIDList: r.InfoItem.filter((i) => i.ResultCode !== 0).map((i) => ({ userID: i.To_Account, code: i.ResultCode, message: i.ResultInfo })),
    }));
    return { code: 0, data: { ...res.data, friendList: await this.#withProfiles(res.data.friendList) } };
  }

  updateFriend({ userID, remark, friendCustomField } = {}) {
    const items = [];
    if (remark !== undefined) items.push({ Tag: 'Tag_SNS_IM_Remark', Value: remark });
    for (const { key, value } of friendCustomField ?? []) items.push({ Tag: key.startsWith(CUSTOM_FRIEND) ? key : CUSTOM_FRIEND + key, Value: value });
    return this.#sns('friend_update', { UpdateItem: [{ To_Account: String(userID ?? ''), SnsItem: items }] }).then((res) => {
      const r = res.data.ResultItem[0];
      if (r.ResultCode !== 0) throw { code: r.ResultCode, message: r.ResultInfo };
      return this.getFriendProfile({ userIDList: [userID] }).then((p) => ({ code: 0, data: p.data.friendList[0] }));
    });
  }

  getFriendApplicationList() {
    return this.#sns('pendency_get', {}, toApplications);
  }

  acceptFriendApplication({ userID, remark = '', type = TYPES.SNS_APPLICATION_AGREE_AND_ADD } = {}) {
    return this.#sns('pendency_response', { To_Account: String(userID ?? ''), ResponseAction: type, Remark: remark });
  }

  refuseFriendApplication({ userID } = {}) {
    return this.#sns('pendency_response', { To_Account: String(userID ?? ''), ResponseAction: 'Refuse' });
  }

  async deleteFriendApplication({ userID, type = TYPES.SNS_APPLICATION_SENT_TO_ME } = {}) {
    const { data } = await this.getFriendApplicationList();
    if (!data.friendApplicationList.some((a) => a.userID === userID && a.type === type)) {
      throw { code: 2716, message: `no friend application of type ${type} with ${userID}` };
    }
    return this.#sns('pendency_delete', { To_Account: [String(userID ?? '')], PendencyType: type });
  }

  setFriendApplicationRead() {
    return this.#sns('pendency_read', {});
  }

  getFriendGroupList() {
    return this.#sns('group_get', { NeedFriend: 'Need_Friend_Type_Yes' }, toGroups);
  }

  async #friendGroup(name) {
    return (await this.getFriendGroupList()).data.find((g) => g.name === name);
  }

  async createFriendGroup({ name, userIDList = [] } = {}) {
    if (await this.#friendGroup(name)) throw { code: 2710, message: `the friend group ${name} exists` };
    return this.#createFriendGroup({ name, userIDList });
  }

  #createFriendGroup({ name, userIDList = [] } = {}) {
    const body = { GroupName: [String(name ?? '')] };
    if (userIDList.length) body.To_Account = userIDList.map(String);
    return this.#sns('group_add', body).then(() => this.getFriendGroupList()).then((res) => ({
      code: 0, data: { friendGroup: res.data.find((g) => g.name === name), failureUserIDList: [] },
    }));
  }

  async deleteFriendGroup({ name } = {}) {
    const group = await this.#friendGroup(name);
    if (!group) throw { code: 2711, message: `no friend group ${name}` };
    await this.#sns('group_delete', { GroupName: [String(name ?? '')] });
    return { code: 0, data: group };
  }

  async renameFriendGroup({ oldName, newName } = {}) {
    if (!(await this.#friendGroup(oldName))) throw { code: 2711, message: `no friend group ${oldName}` };
    if (await this.#friendGroup(newName)) throw { code: 2710, message: `the friend group ${newName} exists` };
    await this.#sns('group_rename', { OldGroupName: String(oldName ?? ''), NewGroupName: String(newName ?? '') });
    return { code: 0, data: await this.#friendGroup(newName) };
  }

  async addToFriendGroup({ name, userIDList = [] } = {}) {
    if (!(await this.#friendGroup(name))) throw { code: 2711, message: `no friend group ${name}` };
    const res = await this.#regroup(userIDList, (groups) => (groups.includes(name) ? groups : [...groups, String(name)]));
    return { code: 0, data: { friendGroup: await this.#friendGroup(name), failureUserIDList: res.data.failureUserIDList } };
  }

  async removeFromFriendGroup({ name, userIDList = [] } = {}) {
    if (!(await this.#friendGroup(name))) throw { code: 2711, message: `no friend group ${name}` };
    const res = await this.#regroup(userIDList, (groups) => groups.filter((g) => g !== name));
    return { code: 0, data: { friendGroup: await this.#friendGroup(name), failureUserIDList: res.data.failureUserIDList } };
  }

  /** Changes the friend groups of friends in `userIDList` with `change(groupList)`. */
  async #regroup(userIDList, change) {
    const { data } = await this.getFriendProfile({ userIDList });
    const UpdateItem = data.friendList.map((f) => ({ To_Account: f.userID, SnsItem: [{ Tag: 'Tag_SNS_IM_Group', Value: change(f.groupList) }] }));
    if (!UpdateItem.length) throw { code: 32216, message: 'none of userIDList is a friend' };
    return this.#sns('friend_update', { UpdateItem }, (r) => ({
      ...splitResults(r.ResultItem),
      failureUserIDList: [...splitResults(r.ResultItem).failureUserIDList, ...data.failureUserIDList],
    }));
  }

  getBlacklist() {
    return this.#sns('black_list_get', { StartIndex: 0, MaxLimited: 1000 }, toBlacklist);
  }

  /** Blocks users; resolves with the whole blacklist, as BLACKLIST_UPDATED carries it. */
  async addToBlacklist({ userIDList } = {}) {
    await this.#sns('black_list_add', { To_Account: (userIDList ?? []).map(String) });
    return this.getBlacklist();
  }

  async removeFromBlacklist({ userIDList } = {}) {
    await this.#sns('black_list_delete', { To_Account: (userIDList ?? []).map(String) });
    return this.getBlacklist();
  }

  subscribeUserStatus({ userIDList } = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.subscribeUserStatus((userIDList ?? []).map(String), true);
      return this.#settle(key, actions);
    });
  }

  /** Users' statuses now (with their custom statuses), without subscribing. */
  getUserStatus({ userIDList } = {}) {
    return this.#promise(() => this.#core.getUserStatus((userIDList ?? []).map(String)));
  }

  /** My custom status (≤ 100 bytes); watchers and my other devices get USER_STATUS_UPDATED. */
  setSelfStatus({ customStatus = '' } = {}) {
    return this.#promise(() => this.#core.setSelfStatus(String(customStatus ?? '')));
  }

  unsubscribeUserStatus({ userIDList } = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.subscribeUserStatus((userIDList ?? []).map(String), false);
      return this.#settle(key, actions);
    });
  }

  /** A group or topic ID as the group's ID and the body naming the topic (if any). */
  static #groupAndTopic(groupID, body = {}) {
    const id = String(groupID ?? '');
    const at = id.indexOf('@TOPIC#_');
    return at < 0 ? [id, body] : [id.slice(0, at), { ...body, TopicId: id }];
  }

  /**
   * Pins (at most 10 per group or topic: 10070; 10071 when pinned already) or unpins a
   * message; the owner and admins may. Every member gets PINNED_GROUP_MESSAGE_UPDATED.
   */
  async pinGroupMessage({ groupID, message, isPinned } = {}) {
    const [group, body] = ChatSDK.#groupAndTopic(groupID, { MsgSeq: Number(message?.sequence ?? 0) });
    await this.#group(isPinned === false ? 'unpin_message' : 'pin_message', group, body);
    return { code: 0, data: {} };
  }

  /** The pinned messages of a group or topic, oldest first, each with `pinnerInfo`. */
  getPinnedGroupMessageList(groupID) {
    const [group, body] = ChatSDK.#groupAndTopic(groupID);
    return this.#group('get_pinned_messages', group, body);
  }

  // Message extensions and reactions (group messages): the core keeps each extension key's
  // version, so a write made against a stale one answers 23001 with the current value per key.

  /** Sets up to 20 extensions (`[{key, value}]`); resolves `{extensions: [{code, key, value}]}`. */
  setMessageExtensions(message, extensions) {
    return this.#promise(() => this.#core.setMessageExtensions(messageRef(message), extensions ?? []));
  }

  /** Every extension of a message: `{extensions: [{key, value}]}`. */
  getMessageExtensions(message) {
    return this.#promise(() => this.#core.getMessageExtensions(messageRef(message)));
  }

  /** Deletes the keys named, or every extension when no list is given. */
  deleteMessageExtensions(message, keyList) {
    const keys = keyList === undefined ? undefined : (keyList ?? []).map(String);
    return this.#promise(() => this.#core.deleteMessageExtensions(messageRef(message), keys));
  }

  /** Adds my reaction (23007 when added already; 23005 / 23006 past the limits). */
  addMessageReaction(message, reactionID) {
    return this.#promise(() => this.#core.react(messageRef(message), String(reactionID ?? ''), true));
  }

  /** Takes my reaction back (23008 when I never added it). */
  removeMessageReaction(message, reactionID) {
    return this.#promise(() => this.#core.react(messageRef(message), String(reactionID ?? ''), false));
  }

  /** `{resultList: [{messageID, reactionList}]}` for messages of one conversation. */
  getMessageReactions({ messageList, maxUserCountPerReaction = 10 } = {}) {
    const list = (messageList ?? []).map(messageRef);
    return this.#promise(() => this.#core.getMessageReactions(list, Number(maxUserCountPerReaction)));
  }

  /** A page of a reaction's users: `{userList, nextSeq, isCompleted}`. */
  getAllUserListOfMessageReaction({ message, reactionID, nextSeq = 0, count = 100 } = {}) {
    return this.#promise(() => this.#core.getAllUserListOfMessageReaction(messageRef(message),
      String(reactionID ?? ''), Number(nextSeq), Number(count)));
  }

  /** Runs a group command (REST name and body) on `groupID`. */
  #group(op, groupID, body = {}) {
    return this.#promise(() => this.#core.group(op, groupID === undefined ? undefined : String(groupID ?? ''), body));
  }

  async #groupProfile(groupID) {
    const res = await this.#group('get_group_info', groupID);
    return toGroup(res.data);
  }

  async createGroup({ type = TYPES.GRP_WORK, name, groupID, introduction, notification, avatar, maxMemberNum, joinOption, memberList = [], groupCustomField, isSupportTopic, isEnablePermissionGroup, defaultPermissions } = {}) {
    const body = { Type: String(type), Name: String(name ?? '') };
    if (groupID) body.GroupId = String(groupID);
    if (introduction !== undefined) body.Introduction = String(introduction);
    if (notification !== undefined) body.Notification = String(notification);
    if (avatar !== undefined) body.FaceUrl = String(avatar);
    if (maxMemberNum !== undefined) body.MaxMemberNum = Number(maxMemberNum);
    if (joinOption !== undefined) body.ApplyJoinOption = String(joinOption);
    body.MemberList = memberList.map((m) => ({ Member_Account: String(m.userID ?? m), ...(m.role ? { Role: m.role } : {}) }));
    if (groupCustomField) body.AppDefinedData = toFields(groupCustomField);
    if (isSupportTopic) body.SupportTopic = 1;
    if (isEnablePermissionGroup) body.EnablePermissionGroup = 1;
    if (defaultPermissions !== undefined) body.DefaultPermissions = Number(defaultPermissions);
    const res = await this.#group('create_group', undefined, body);
    return { code: 0, data: { group: await this.#groupProfile(res.data.GroupId) } };
  }

  async dismissGroup(groupID) {
    await this.#group('destroy_group', groupID);
    return { code: 0, data: { groupID } };
  }

  async updateGroupProfile({ groupID, name, introduction, notification, avatar, maxMemberNum, joinOption, muteAllMembers, groupCustomField } = {}) {
    const body = {};
    if (groupCustomField !== undefined) body.AppDefinedData = toFields(groupCustomField);
    if (name !== undefined) body.Name = String(name);
    if (introduction !== undefined) body.Introduction = String(introduction);
    if (notification !== undefined) body.Notification = String(notification);
    if (avatar !== undefined) body.FaceUrl = String(avatar);
    if (maxMemberNum !== undefined) body.MaxMemberNum = Number(maxMemberNum);
    if (joinOption !== undefined) body.ApplyJoinOption = String(joinOption);
    if (muteAllMembers !== undefined) body.MuteAllMember = muteAllMembers ? 'On' : 'Off';
    await this.#group('modify_group_base_info', groupID, body);
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  async getGroupList() {
    const res = await this.#group('get_joined_group_list', undefined);
    return { code: 0, data: { groupList: res.data.groupList } };
  }

  /** My Communities that have topics (`TYPES.GRP_COMMUNITY`, from the group list). */
  async getJoinedCommunityList() {
    const { groupList } = (await this.getGroupList()).data;
    return { code: 0, data: { groupList: groupList.filter((g) => g.type === TYPES.GRP_COMMUNITY && g.isSupportTopic !== false) } };
  }

  async getGroupProfile({ groupID } = {}) {
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  /** Finds a group by ID to join it (not Work groups: 10007). */
  async searchGroupByID(groupID) {
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  async joinGroup({ groupID, applyMessage = '' } = {}) {
    try {
      const res = await this.#group('apply_join_group', groupID, { ApplyMsg: String(applyMessage) });
      const waiting = res.data.JoinStatus === 'WaitAdminApproval';
      const data = { status: waiting ? TYPES.JOIN_STATUS_WAIT_APPROVAL : TYPES.JOIN_STATUS_SUCCESS };
      if (!waiting) data.group = await this.#groupProfile(groupID);
      return { code: 0, data };
    } catch (e) {
      if (e?.code === 10013) return { code: 0, data: { status: TYPES.JOIN_STATUS_ALREADY_IN_GROUP } };
      throw e;
    }
  }

  async quitGroup(groupID) {
    await this.#group('quit_group', groupID);
    return { code: 0, data: { groupID } };
  }

  async getGroupMemberList({ groupID, count = 15, offset = 0, filter } = {}) {
    if (filter !== undefined) {
      // An AVChatRoom's members with mark `filter` (markGroupMemberList), 250 a page.
      const page = await this.#group('get_members', groupID, { Timestamp: Number(offset), Mark: Number(filter) });
      const memberList = (page.data.MemberList ?? []).map((m) => ({ ...toMember(m), markList: m.Marks ?? [] }));
      return { code: 0, data: { memberList, offset: page.data.NextTimestamp ?? 0 } };
    }
    const res = await this.#group('get_group_member_info', groupID, { Limit: Number(count), Offset: Number(offset) });
    const memberList = (res.data.MemberList ?? []).map(toMember);
    const next = Number(offset) + memberList.length;
    return { code: 0, data: { memberList, offset: next < res.data.MemberNum ? next : 0 } };
  }

  /**
   * Sets (`enableMark`) or removes mark `markType` (≥ 1000) on members of an AVChatRoom; the
   * owner may. At most 10 marks per room, 1,000 members per mark, 500 members per call.
   */
  async markGroupMemberList({ groupID, markType, userIDList = [], enableMark } = {}) {
    const users = (userIDList ?? []).map(String);
    const MemberList = users.map((u) => ({ Member_Account: u, Marks: [Number(markType)] }));
    const res = await this.#group('modify_user_info', groupID, { CommandType: enableMark === false ? 2 : 1, MemberList });
    const done = new Set((res.data.MemberList ?? []).map((m) => m.Member_Account));
    return { code: 0, data: { successUserIDList: users.filter((u) => done.has(u)), failureUserIDList: users.filter((u) => !done.has(u)) } };
  }

  async getGroupMemberProfile({ groupID, userIDList = [] } = {}) {
    const res = await this.#group('get_group_member_info', groupID, {});
    const wanted = new Set(userIDList.map(String));
    return { code: 0, data: { memberList: (res.data.MemberList ?? []).map(toMember).filter((m) => wanted.has(m.userID)) } };
  }

  async addGroupMember({ groupID, userIDList = [] } = {}) {
    const res = await this.#group('add_group_member', groupID, { MemberList: userIDList.map((u) => ({ Member_Account: String(u) })) });
    const by = (r) => (res.data.MemberList ?? []).filter((m) => m.Result === r).map((m) => m.Member_Account);
    return { code: 0, data: { successUserIDList: by(1), failureUserIDList: by(0), existedUserIDList: by(2), group: await this.#groupProfile(groupID) } };
  }

  async deleteGroupMember({ groupID, userIDList = [], reason = '' } = {}) {
    await this.#group('delete_group_member', groupID, { MemberToDel_Account: userIDList.map(String), Reason: String(reason) });
    return { code: 0, data: { group: await this.#groupProfile(groupID), userIDList } };
  }

  async #memberChange(groupID, userID, fields) {
    await this.#group('modify_group_member_info', groupID, { Member_Account: String(userID), ...fields });
    const members = await this.getGroupMemberProfile({ groupID, userIDList: [userID] });
    return { code: 0, data: { group: await this.#groupProfile(groupID), member: members.data.memberList[0] } };
  }

  /** Mutes `userID` for `muteTime` seconds (0 lifts it). */
  setGroupMemberMuteTime({ groupID, userID, muteTime = 0 } = {}) {
    return this.#memberChange(groupID, userID, { MuteTime: Number(muteTime) });
  }

  setGroupMemberRole({ groupID, userID, role } = {}) {
    return this.#memberChange(groupID, userID, { Role: String(role) });
  }

  setGroupMemberNameCard({ groupID, userID, nameCard = '' } = {}) {
    return this.#memberChange(groupID, userID ?? this.#userID, { NameCard: String(nameCard) });
  }

  setGroupMemberCustomField({ groupID, userID, memberCustomField = [] } = {}) {
    return this.#memberChange(groupID, userID ?? this.#userID, { AppMemberDefinedData: toFields(memberCustomField) });
  }

  // Group attributes (≤ 16 keys, each value ≤ 4,000 bytes, 16 KiB in all) and counters
  // (≤ 20 int64 keys). A write made against attributes older than the group's fails with
  // 10056: read them again (getGroupAttributes), then write.
  async initGroupAttributes({ groupID, groupAttributes = {} } = {}) {
    await this.#group('set_group_attr', groupID, { GroupAttr: toEntries(groupAttributes) });
    return { code: 0, data: { groupAttributes } };
  }

  async setGroupAttributes({ groupID, groupAttributes = {} } = {}) {
    await this.#group('modify_group_attr', groupID, { GroupAttr: toEntries(groupAttributes) });
    return { code: 0, data: { groupAttributes } };
  }

  async deleteGroupAttributes({ groupID, keyList = [] } = {}) {
    if (keyList.length === 0) await this.#group('clear_group_attr', groupID, {});
    else await this.#group('delete_group_attr', groupID, { GroupAttr: keyList.map((key) => ({ key: String(key) })) });
    return { code: 0, data: { keyList } };
  }

  async getGroupAttributes({ groupID, keyList = [] } = {}) {
    const res = await this.#group('get_group_attr', groupID, {});
    const all = fromEntries(res.data.GroupAttrAry);
    const wanted = keyList.length === 0 ? Object.keys(all) : keyList.map(String).filter((k) => k in all);
    return { code: 0, data: { groupAttributes: Object.fromEntries(wanted.map((k) => [k, all[k]])) } };
  }

  async #counters(groupID, Mode, counters) {
    const res = await this.#group('update_group_counter', groupID, { Mode, GroupCounter: toEntries(counters) });
    return { code: 0, data: { counters: fromEntries(res.data.GroupCounter) } };
  }

  setGroupCounters({ groupID, counters = {} } = {}) {
    return this.#counters(groupID, 'Set', counters);
  }

  increaseGroupCounter({ groupID, key, value } = {}) {
    return this.#counters(groupID, 'Increase', { [String(key ?? '')]: value });
  }

  decreaseGroupCounter({ groupID, key, value } = {}) {
    return this.#counters(groupID, 'Decrease', { [String(key ?? '')]: value });
  }

  async getGroupCounters({ groupID, keyList = [] } = {}) {
    const res = await this.#group('get_group_counter', groupID, { GroupCounterKeys: keyList.map(String) });
    return { code: 0, data: { counters: fromEntries(res.data.GroupCounter) } };
  }

  async getGroupOnlineMemberCount(groupID) {
    const res = await this.#group('get_online_member_num', groupID, {});
    return { code: 0, data: { memberCount: res.data.OnlineMemberNum ?? 0 } };
  }

  async createTopicInCommunity({ groupID, topicName, topicID, avatar, notification, introduction, customData } = {}) {
    const body = { TopicName: String(topicName ?? '') };
    if (topicID) body.TopicId = String(topicID);
    if (avatar !== undefined) body.FaceUrl = String(avatar);
    if (notification !== undefined) body.Notification = String(notification);
    if (introduction !== undefined) body.Introduction = String(introduction);
    if (customData !== undefined) body.CustomString = String(customData);
    const res = await this.#group('create_topic', groupID, body);
    return { code: 0, data: { topicID: res.data.TopicId } };
  }

  async deleteTopicFromCommunity({ groupID, topicIDList } = {}) {
    const ids = topicIDList ?? (await this.getTopicList({ groupID })).data.successTopicList.map((t) => t.topicID);
    const res = await this.#group('destroy_topic', groupID, { TopicIdList: ids.map(String) });
    const items = res.data.DestroyResultItem ?? [];
    return {
      code: 0,
      data: {
        successTopicList: items.filter((i) => i.ErrorCode === 0).map((i) => ({ topicID: i.TopicId })),
        failureTopicList: items.filter((i) => i.ErrorCode !== 0).map((i) => ({ topicID: i.TopicId, code: i.ErrorCode })),
      },
    };
  }

  async updateTopicProfile({ groupID, topicID, topicName, avatar, notification, introduction, customData, muteAllMembers } = {}) {
    const body = { TopicId: String(topicID ?? '') };
    if (topicName !== undefined) body.TopicName = String(topicName);
    if (avatar !== undefined) body.FaceUrl = String(avatar);
    if (notification !== undefined) body.Notification = String(notification);
    if (introduction !== undefined) body.Introduction = String(introduction);
    if (customData !== undefined) body.CustomString = String(customData);
    if (muteAllMembers !== undefined) body.MuteAllMember = muteAllMembers ? 'On' : 'Off';
    await this.#group('modify_topic', groupID, body);
    const list = await this.getTopicList({ groupID, topicIDList: [topicID] });
    return { code: 0, data: { topic: list.data.successTopicList[0] } };
  }

  async getTopicList({ groupID, topicIDList } = {}) {
    const res = await this.#group('get_topic', groupID, topicIDList ? { TopicIdList: topicIDList.map(String) } : {});
    const items = res.data.TopicInfo ?? [];
    return {
      code: 0,
      data: {
        successTopicList: items.filter((t) => t.ErrorCode === 0).map(toTopic),
        failureTopicList: items.filter((t) => t.ErrorCode !== 0).map((t) => ({ topicID: t.TopicId, code: t.ErrorCode })),
      },
    };
  }

  // Community permission groups. `@tencentcloud/chat` (Web) has none; these follow the native
  // SDKs' names (createPermissionGroupInCommunity …) over the REST commands' fields.

  async createPermissionGroupInCommunity({ groupID, permissionGroupName, permissionGroupID, groupPermission = 0, customData } = {}) {
    const body = { PermissionGroupName: String(permissionGroupName ?? ''), Permission: Number(groupPermission) };
    if (permissionGroupID) body.PermissionGroupId = String(permissionGroupID);
    if (customData !== undefined) body.CustomString = String(customData);
    const res = await this.#group('create_permission_group', groupID, body);
    return { code: 0, data: { permissionGroupID: res.data.PermissionGroupId } };
  }

  async deletePermissionGroupFromCommunity({ groupID, permissionGroupIDList = [] } = {}) {
    const res = await this.#group('destroy_permission_group', groupID, { PermissionGroupIdList: permissionGroupIDList.map(String) });
    const items = res.data.PermissionGroupResultList ?? [];
    return { code: 0, data: { successPermissionGroupIDList: items.filter((i) => i.ErrorCode === 0).map((i) => i.PermissionGroupId), failurePermissionGroupIDList: items.filter((i) => i.ErrorCode !== 0).map((i) => ({ permissionGroupID: i.PermissionGroupId, code: i.ErrorCode })) } };
  }

  async modifyPermissionGroupInfoInCommunity({ groupID, permissionGroupID, permissionGroupName, groupPermission, customData } = {}) {
    const body = { PermissionGroupId: String(permissionGroupID ?? '') };
    if (permissionGroupName !== undefined) body.PermissionGroupName = String(permissionGroupName);
    if (groupPermission !== undefined) body.Permission = Number(groupPermission);
    if (customData !== undefined) body.CustomString = String(customData);
    await this.#group('modify_permission_group', groupID, body);
    return { code: 0, data: {} };
  }

  async getPermissionGroupListInCommunity({ groupID, permissionGroupIDList } = {}) {
    const res = await this.#group('get_permission_group', groupID, permissionGroupIDList ? { PermissionGroupIdList: permissionGroupIDList.map(String) } : {});
    const permissionGroupList = (res.data.PermissionGroupInfoList ?? []).map((g) => ({
      groupID, permissionGroupID: g.PermissionGroupId, permissionGroupName: g.PermissionGroupName,
      groupPermission: g.Permission, customData: g.CustomString, memberCount: g.MemberNum,
    }));
    return { code: 0, data: { permissionGroupList } };
  }

  async #permissionMembers(op, groupID, permissionGroupID, userIDList) {
    const res = await this.#group(op, groupID, { PermissionGroupId: String(permissionGroupID ?? ''), MemberList: (userIDList ?? []).map((u) => ({ Member_Account: String(u) })) });
    const items = res.data.MemberList ?? [];
    return { code: 0, data: { successUserIDList: items.filter((i) => i.Result === 0).map((i) => i.Member_Account), failureUserIDList: items.filter((i) => i.Result !== 0).map((i) => ({ userID: i.Member_Account, code: i.Result })) } };
  }

  addCommunityMembersToPermissionGroup({ groupID, permissionGroupID, userIDList } = {}) {
    return this.#permissionMembers('add_permission_group_member', groupID, permissionGroupID, userIDList);
  }

  removeCommunityMembersFromPermissionGroup({ groupID, permissionGroupID, userIDList } = {}) {
    return this.#permissionMembers('delete_permission_group_member', groupID, permissionGroupID, userIDList);
  }

  async getCommunityMemberListInPermissionGroup({ groupID, permissionGroupID, nextCursor = '' } = {}) {
    const res = await this.#group('get_permission_group_member_list', groupID, { PermissionGroupId: String(permissionGroupID ?? ''), Next: String(nextCursor) });
    return { code: 0, data: { memberList: (res.data.MemberList ?? []).map((m) => m.Member_Account), nextCursor: res.data.Next ?? '' } };
  }

  async #topicPermissions(op, groupID, permissionGroupID, topicPermissionMap) {
    const list = Object.entries(topicPermissionMap ?? {}).map(([TopicId, Permission]) => ({ TopicId, Permission: Number(Permission) }));
    const res = await this.#group(op, groupID, { PermissionGroupId: String(permissionGroupID ?? ''), TopicPermissionList: list });
    return { code: 0, data: { resultList: (res.data.TopicPermissionResultList ?? []).map((r) => ({ topicID: r.TopicId, code: r.ErrorCode })) } };
  }

  addTopicPermissionToPermissionGroup({ groupID, permissionGroupID, topicPermissionMap } = {}) {
    return this.#topicPermissions('add_topic_permission_group', groupID, permissionGroupID, topicPermissionMap);
  }

  modifyTopicPermissionInPermissionGroup({ groupID, permissionGroupID, topicPermissionMap } = {}) {
    return this.#topicPermissions('set_topic_permission_group', groupID, permissionGroupID, topicPermissionMap);
  }

  async deleteTopicPermissionFromPermissionGroup({ groupID, permissionGroupID, topicIDList = [] } = {}) {
    const res = await this.#group('delete_topic_permission_group', groupID, { PermissionGroupId: String(permissionGroupID ?? ''), TopicIdList: topicIDList.map(String) });
    return { code: 0, data: { resultList: (res.data.TopicPermissionResultList ?? []).map((r) => ({ topicID: r.TopicId, code: r.ErrorCode })) } };
  }

  async getTopicPermissionInPermissionGroup({ groupID, permissionGroupID, topicIDList } = {}) {
    const body = { PermissionGroupId: String(permissionGroupID ?? '') };
    if (topicIDList) body.TopicIdList = topicIDList.map(String);
    const res = await this.#group('get_topic_permission_group', groupID, body);
    return { code: 0, data: { topicPermissionList: (res.data.TopicPermissionList ?? []).map((t) => ({ topicID: t.TopicId, topicPermission: t.Permission })) } };
  }

  /**
   * A group's receive option (`groupID`), or one-to-one ones (`userIDList`, up to 30 users:
   * resolves with `{successUserIDList, failureUserIDList}`); do-not-disturb conversations are
   * left out of the total unread count.
   */
  async setMessageRemindType({ groupID, userIDList, messageRemindType } = {}) {
    if (userIDList !== undefined) {
      return this.#promise(() => this.#core.recent('setC2CMessageRemindType', { userIDList, messageRemindType }));
    }
    await this.#group('modify_group_member_info', groupID, { Member_Account: this.#userID, MsgFlag: String(messageRemindType) });
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  /**
   * The receive option for all messages (`MSG_REMIND_ACPT_NOT_NOTE` by default) from
   * `startHour:startMinute:startSecond` today, device time, for `duration` seconds (at most a
   * day), every day unless `isRepeated` is false. Every device gets ALL_RECEIVE_MESSAGE_OPT_UPDATED.
   */
  setAllReceiveMessageOpt({
    messageRemindType = TYPES.MSG_REMIND_ACPT_NOT_NOTE, startHour = 0, startMinute = 0, startSecond = 0, duration = 0,
    isRepeated = true,
  } = {}) {
    const fields = { startHour: [startHour, 23], startMinute: [startMinute, 59], startSecond: [startSecond, 59], duration: [duration, 86400] };
    for (const [name, [value, max]] of Object.entries(fields)) {
      if (!Number.isInteger(value) || value < 0 || value > max) {
        return Promise.reject({ code: 10004, message: `setAllReceiveMessageOpt: ${name} must be an integer 0..=${max}, got ${JSON.stringify(value)}` });
      }
    }
    const now = new Date();
    const startTime = Math.round(new Date(now.getFullYear(), now.getMonth(), now.getDate(), startHour, startMinute, startSecond).getTime() / 1000);
    const endTime = startTime + duration;
    return this.#promise(() => this.#core.recent('setAllReceiveMessageOpt', {
      messageRemindType, startTime, endTime, isRepeated: Boolean(isRepeated),
    }));
  }

  /** `{messageRemindType, startTime, endTime, isRepeated}` as last set on any device. */
  getAllReceiveMessageOpt() {
    return this.#promise(() => this.#core.recent('getAllReceiveMessageOpt', {}));
  }

  async changeGroupOwner({ groupID, newOwnerID } = {}) {
    await this.#group('change_group_owner', groupID, { NewOwner_Account: String(newOwnerID) });
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  /** Who has read a group message I can see (`filter` 0 read, 1 unread), a page at a time. */
  async getGroupMessageReadMemberList({ message, filter = 0, cursor = '', count = 100 } = {}) {
    const res = await this.#group('read_members', message?.to, {
      MsgSeq: Number(message?.sequence ?? 0), Filter: Number(filter), Offset: Number(cursor || 0), Count: Number(count),
    });
    const ids = res.data.MemberList ?? [];
    return {
      code: 0,
      data: {
        message,
        readUserIDList: Number(filter) === 0 ? ids : [],
        unreadUserIDList: Number(filter) === 1 ? ids : [],
        cursor: res.data.Next ? String(res.data.Next) : '',
        isCompleted: !!res.data.IsCompleted,
      },
    };
  }

  /**
   * Read receipts of messages (`readReceiptInfo` on each): one to one `isPeerRead` as the
   * peer's receipts said, in groups the read and unread counts now.
   */
  async getMessageReadReceiptList(messageList = []) {
    for (const message of messageList) {
      if (message?.conversationType === TYPES.CONV_C2C) {
        const held = this.#core.findMessage(String(message.ID ?? ''));
        if (held) message.readReceiptInfo = held.readReceiptInfo;
        continue;
      }
      if (message?.conversationType !== TYPES.CONV_GROUP) continue;
      const res = await this.#group('read_members', message.to, { MsgSeq: Number(message.sequence ?? 0), Count: 1 });
      message.readReceiptInfo = { readCount: res.data.ReadNum, unreadCount: res.data.UnreadNum };
    }
    return { code: 0, data: { messageList } };
  }

  /**
   * Read receipts: one-to-one messages (of one conversation) the peer sent asking for one are
   * acknowledged, and the peer gets MESSAGE_READ_RECEIPT_RECEIVED (2114 when none asked); group
   * messages are read up to the newest of the list (their senders get the new counts).
   */
  async sendMessageReadReceipt(messageList = []) {
    const c2c = messageList.filter((m) => m?.conversationType === TYPES.CONV_C2C).map((m) => String(m.ID ?? ''));
    if (c2c.length > 0) await this.#promise(() => this.#core.sendReadReceipt(c2c));
    const newest = new Map();
    for (const m of messageList) {
      if (m?.conversationType !== TYPES.CONV_GROUP) continue;
      newest.set(m.to, Math.max(newest.get(m.to) ?? 0, Number(m.sequence ?? 0)));
    }
    for (const [groupID, seq] of newest) await this.#group('set_read', groupID, { MsgSeq: seq });
    return { code: 0, data: {} };
  }

  /** Pending join applications of the groups I manage. */
  async getGroupApplicationList() {
    const groups = (await this.getGroupList()).data.groupList;
    const applicationList = [];
    for (const g of groups) {
      try {
        const res = await this.#group('get_group_application_list', g.groupID);
        for (const a of res.data.ApplicationList ?? []) {
          applicationList.push({ applicant: a.Applicant_Account, groupID: a.GroupId, applicationType: 0, applyTime: a.ApplyTime, postscript: a.ApplyMsg });
        }
      } catch (e) {
        if (e?.code !== 10007) throw e; // not a manager there
      }
    }
    return { code: 0, data: { applicationList } };
  }

  /** Agrees to or rejects a join application, given its system notice `message` or an `application`. */
  async handleGroupApplication({ handleAction = 'Agree', handleMessage = '', message, application } = {}) {
    const groupID = application?.groupID ?? message?.payload?.groupProfile?.groupID;
    const applicant = application?.applicant ?? message?.payload?.operatorID;
    await this.#group('handle_group_application', groupID, { Applicant_Account: String(applicant ?? ''), HandleResult: handleAction, Reason: String(handleMessage) });
    return { code: 0, data: { group: await this.#groupProfile(groupID) } };
  }

  getMessageList({ conversationID, nextReqMessageID, count } = {}) {
    const id = String(conversationID ?? '');
    const cursor = nextReqMessageID || undefined;
    const run = () => this.#call(() => {
      const { key, actions } = this.#core.getMessageList(id, cursor, count ?? undefined);
      return this.#settle(key, actions);
    });
    if (this.#core.isReady() || !this.#owner || !/^(C2C|GROUP)/.test(id)) return run();
    // Not synced (offline, or the login still under way): older pages come from the store.
    return this.#pageFromStore(id, cursor, Math.min(Number(count) || 15, 100)).then(run, run);
  }
}

defineUnavailable(ChatSDK.prototype);

const Chat = {
  /** A new instance per call (Tencent's returns the same one per SDKAppID: keep the one you create). */
  create(options) {
    return new ChatSDK(options ?? {});
  },
  EVENT,
  TYPES,
  TSignaling,
  VERSION: '3.6.6',
};

export { TSignaling };
export { UNAVAILABLE, NOT_AVAILABLE } from './surface.js';

export default Chat;
