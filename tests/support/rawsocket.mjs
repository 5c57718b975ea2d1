// Test support: a tiny client for the worker's raw JSON WebSocket protocol (/ws), built on the `ws` package.
import WebSocket from 'ws';
import { SDK_APP_ID } from './worker.mjs';

export const FRAME_TIMEOUT_MS = 15_000;

/** The `/ws` URL for logging in as `userID` with `userSig`. */
export function socketURL(baseUrl, userID, userSig, { sdkAppID = SDK_APP_ID, platform = 'Web' } = {}) {
  const wsBase = baseUrl.replace(/^http/, 'ws');
  const query = new URLSearchParams({
    sdkappid: String(sdkAppID), identifier: userID, usersig: userSig, platform,
  });
  return `${wsBase}/ws?${query}`;
}

/**
 * One raw connection. Every received frame is buffered, so a test can wait for frames that have
 * already arrived; `next(predicate)` takes the first matching buffered frame or waits for one.
 */
export class RawSocket {
  constructor(url) {
    this.url = url;
    // A server-closed socket is over once its close frame is here: under `wrangler dev` a busy
    // hub object ends the TCP connection only when it next goes idle, so do not wait 30 s for it.
    this.ws = new WebSocket(url, { closeTimeout: 3000 });
    this.frames = [];      // received, not yet taken
    this.waiters = [];     // { predicate, resolve, reject, timer, what }
    this.nextReqId = 1;
    this.closeInfo = null;
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        for (const waiter of this.waiters.splice(0)) {
          clearTimeout(waiter.timer);
          waiter.reject(new Error(
            `socket closed (${code} ${reason}) while waiting for ${waiter.what}; unclaimed frames: ${this.describe()}`,
          ));
        }
        resolve(this.closeInfo);
      });
    });
    this.ws.on('error', () => { /* surfaced through `opened` / `closed` */ });
    this.ws.on('message', (data, isBinary) => {
      let frame;
      try {
        frame = JSON.parse(isBinary ? Buffer.from(data).toString('utf8') : data.toString());
      } catch {
        frame = { type: '<non-JSON frame>', raw: data.toString() };
      }
      const index = this.waiters.findIndex((waiter) => waiter.predicate(frame));
      if (index >= 0) {
        const [waiter] = this.waiters.splice(index, 1);
        clearTimeout(waiter.timer);
        waiter.resolve(frame);
      } else {
        this.frames.push(frame);
      }
    });
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  describe() {
    return JSON.stringify(this.frames).slice(0, 2000);
  }

  /** The first frame (buffered or future) matching `predicate`. */
  next(predicate = () => true, { timeout = FRAME_TIMEOUT_MS, what = 'a frame' } = {}) {
    const index = this.frames.findIndex(predicate);
    if (index >= 0) return Promise.resolve(this.frames.splice(index, 1)[0]);
    if (this.closeInfo) {
      return Promise.reject(new Error(`socket already closed (${this.closeInfo.code}); no ${what} buffered`));
    }
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve, reject, what };
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no ${what} within ${timeout} ms; unclaimed frames: ${this.describe()}`));
      }, timeout);
      this.waiters.push(waiter);
    });
  }

  /** The next frame of `type` (e.g. 'msg', 'login', 'error'). */
  nextOfType(type, options) {
    return this.next((frame) => frame.type === type, { what: `a "${type}" frame`, ...options });
  }

  /** Sends a raw string or a JSON-encoded object. */
  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * Sends `frame` with a fresh `reqId` (unless it has one) and resolves with the reply carrying that reqId.
   * `options.timeout` overrides the default wait (e.g. for a burst of requests answered in order).
   */
  async request(frame, { timeout = FRAME_TIMEOUT_MS } = {}) {
    const reqId = frame.reqId ?? this.nextReqId++;
    this.send({ ...frame, reqId });
    return this.next((reply) => reply.reqId === reqId, {
      timeout,
      what: `the reply to reqId ${reqId} (${frame.cmd})`,
    });
  }

  /** Frames of `type` that arrived and were not taken yet. */
  buffered(type) {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Resolves with `{ code, reason }` once the server closes the socket; rejects if it stays open `timeout` ms. */
  waitClosed({ timeout = FRAME_TIMEOUT_MS } = {}) {
    let timer;
    const expired = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the socket was still open after ${timeout} ms`)), timeout);
    });
    return Promise.race([this.closed, expired]).finally(() => clearTimeout(timer));
  }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Connects as `userID`; resolves with the socket and its first frame (`login` on success, `error` otherwise). */
export async function connect(baseUrl, userID, userSig, options) {
  const socket = new RawSocket(socketURL(baseUrl, userID, userSig, options));
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the socket of ${userID} did not open within ${FRAME_TIMEOUT_MS} ms`)), FRAME_TIMEOUT_MS);
  });
  await Promise.race([socket.opened, late]).finally(() => clearTimeout(timer));
  const first = await socket.next((frame) => frame.type === 'login' || frame.type === 'error', {
    what: 'the login or error frame',
  });
  return { socket, first };
}

/** Connects and asserts the login succeeded; resolves with the socket and the login frame. */
export async function login(baseUrl, userID, userSig, options) {
  const { socket, first } = await connect(baseUrl, userID, userSig, options);
  if (first.type !== 'login') {
    await socket.close();
    throw new Error(`login as ${userID} failed: ${JSON.stringify(first)}`);
  }
  return { socket, login: first };
}

/** A text MsgBody as the protocol carries it. */
export function textBody(text) {
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
}

/** A random 32-bit unsigned `random`, as the engine would pick. */
export function randomU32() {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
