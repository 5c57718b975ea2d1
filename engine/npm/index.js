// edgechat: the ESM entry of the npm package. A thin host adapter around the wasm core:
// it owns the socket, the promises and the event handlers; every decision is the core's.
import init, { initSync, ChatCore } from './wasm/edgechat_engine.js';

const IS_NODE = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
if (IS_NODE) {
  const { readFile } = await import('node:fs/promises');
  initSync({ module: await readFile(new URL('./wasm/edgechat_engine_bg.wasm', import.meta.url)) });
} else {
  await init({ module_or_path: new URL('./wasm/edgechat_engine_bg.wasm', import.meta.url) });
}

export const EVENT = Object.freeze({
  SDK_READY: 'sdkStateReady',
  SDK_NOT_READY: 'sdkStateNotReady',
  MESSAGE_RECEIVED: 'onMessageReceived',
  KICKED_OUT: 'kickedOut',
  ERROR: 'error',
  NET_STATE_CHANGE: 'netStateChange',
  USER_STATUS_UPDATED: 'onUserStatusUpdated',
});

export const TYPES = Object.freeze({
  CONV_C2C: 'C2C',
  CONV_GROUP: 'GROUP',
  MSG_TEXT: 'TIMTextElem',
  NET_STATE_CONNECTED: 'connected',
  NET_STATE_CONNECTING: 'connecting',
  NET_STATE_DISCONNECTED: 'disconnected',
  KICKED_OUT_MULT_DEVICE: 'multipleDevice',
  KICKED_OUT_MULT_ACCOUNT: 'multipleAccount',
  KICKED_OUT_USERSIG_EXPIRED: 'userSigExpired',
  KICKED_OUT_REST_API: 'REST_API_Kick',
  USER_STATUS_UNKNOWN: 0,
  USER_STATUS_ONLINE: 1,
  USER_STATUS_OFFLINE: 2,
  USER_STATUS_UNLOGINED: 3,
});

/** Heartbeat period: the server sees a silent web client as gone within a minute. */
const HEARTBEAT_MS = 30_000;

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

  constructor(options) {
    this.#core = new ChatCore(options.SDKAppID);
    this.#server = options.server ?? globalThis.location?.origin ?? '';
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (!this.#server) throw { code: 10004, message: 'Chat.create: `server` is required outside a browser page' };
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
      }
    }
  }

  #emit(name, data) {
    for (const [handler, context] of this.#handlers.get(name) ?? []) {
      try {
        handler.call(context, { name, data });
      } catch (e) {
        console.error(`edgechat: a ${name} handler threw`, e);
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
      const promise = this.#settle('login', []);
      this.#emit(EVENT.NET_STATE_CHANGE, { state: TYPES.NET_STATE_CONNECTING });
      const ws = new this.#WebSocket(url);
      this.#ws = ws;
      ws.onopen = () => {
        this.#run(this.#core.onOpen());
        this.#heartbeat = setInterval(() => {
          const ping = this.#core.ping();
          if (ping && ws.readyState === 1) ws.send(ping);
        }, HEARTBEAT_MS);
      };
      ws.onmessage = (ev) => {
        if (typeof ev.data === 'string') this.#run(this.#core.onFrame(ev.data));
      };
      ws.onclose = () => {
        if (this.#ws === ws || this.#ws === null) {
          clearInterval(this.#heartbeat);
          this.#ws = null;
          this.#run(this.#core.onClose());
        }
      };
      ws.onerror = () => {}; // onclose follows and reports it
      return promise;
    });
  }

  logout() {
    const { key, actions } = this.#core.logout();
    return this.#settle(key, actions);
  }

  async destroy() {
    if (this.#core.isReady() || this.#ws) await this.logout();
    this.#handlers.clear();
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

  createTextMessage({ to, conversationType = TYPES.CONV_C2C, payload, cloudCustomData = '' } = {}) {
    if (conversationType !== TYPES.CONV_C2C) {
      throw { code: 10004, message: `conversationType ${conversationType} is not supported yet` };
    }
    return this.#core.createTextMessage(String(to ?? ''), String(payload?.text ?? ''), String(cloudCustomData),
      randomU32(), Math.floor(Date.now() / 1000));
  }

  sendMessage(message) {
    return this.#call(() => {
      const { key, actions } = this.#core.sendMessage(String(message?.ID ?? ''));
      return this.#settle(key, actions).then((res) => {
        Object.assign(message, res.data.message);
        return res;
      }, (err) => {
        message.status = 'fail';
        throw err;
      });
    });
  }

  subscribeUserStatus({ userIDList } = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.subscribeUserStatus((userIDList ?? []).map(String), true);
      return this.#settle(key, actions);
    });
  }

  unsubscribeUserStatus({ userIDList } = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.subscribeUserStatus((userIDList ?? []).map(String), false);
      return this.#settle(key, actions);
    });
  }

  getMessageList({ conversationID, nextReqMessageID, count } = {}) {
    return this.#call(() => {
      const { key, actions } = this.#core.getMessageList(String(conversationID ?? ''), nextReqMessageID || undefined, count ?? undefined);
      return this.#settle(key, actions);
    });
  }
}

const Chat = {
  /** One instance per call, like `TencentCloudChat.create`. */
  create(options) {
    return new ChatSDK(options ?? {});
  },
  EVENT,
  TYPES,
};

export default Chat;
