// The load generator's side of the client socket: many light connections (no frame buffering,
// a callback per frame), request/reply by reqId, bounded-concurrency connect, byte counting.
import WebSocket from 'ws';
import { adminSig } from '../../tests/support/rest.mjs';
import { socketURL } from '../../tests/support/rawsocket.mjs';

export const REPLY_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 60_000;

const sigCache = new Map();
/** A UserSig signed locally with the dev key (no request to the worker under test). */
export function sigFor(userID) {
  let sig = sigCache.get(userID);
  if (!sig) {
    sig = adminSig(userID);
    sigCache.set(userID, sig);
  }
  return sig;
}

export function userURL(baseUrl, userID) {
  return socketURL(baseUrl, userID, sigFor(userID));
}

export class Client {
  /**
   * @param {string} url
   * @param {{ id?: string, deflate?: boolean, onFrame?: (frame: any, bytes: number) => void }} options
   *   deflate: offer permessage-deflate as browsers do (off by default: it would make the
   *   load generator, which shares the machine, the bottleneck)
   */
  constructor(url, { id = '', deflate = false, onFrame } = {}) {
    this.id = id;
    this.onFrame = onFrame ?? (() => {});
    this.pending = new Map();
    this.nextReqId = 1;
    this.payloadBytesIn = 0;
    this.framesIn = 0;
    this.login = null;
    this.ws = new WebSocket(url, { perMessageDeflate: deflate });
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => {
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`${this.id}: socket closed (${code} ${reason}) before the reply to ${p.what}`));
      }
      this.pending.clear();
      resolve({ code, reason: String(reason) });
    }));
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.id}: no login frame within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      this.ws.once('error', (err) => { clearTimeout(timer); reject(new Error(`${this.id}: ${err.message}`)); });
      this.closed.then(({ code, reason }) => { clearTimeout(timer); reject(new Error(`${this.id}: closed (${code} ${reason}) before login`)); });
      this.resolveLogin = (frame) => { clearTimeout(timer); resolve(frame); };
      this.rejectLogin = (frame) => { clearTimeout(timer); reject(new Error(`${this.id}: login refused: ${JSON.stringify(frame)}`)); };
    });
    this.ready.catch(() => {});
    this.ws.on('error', () => {});
    this.ws.on('message', (data) => {
      const text = data.toString();
      this.payloadBytesIn += Buffer.byteLength(text);
      this.framesIn += 1;
      let frame;
      try { frame = JSON.parse(text); } catch { return; }
      if (!this.login) {
        if (frame.type === 'login') { this.login = frame; this.resolveLogin(frame); return; }
        if (frame.type === 'error') { this.rejectLogin(frame); return; }
      }
      if (frame.reqId !== undefined && this.pending.has(frame.reqId)) {
        const p = this.pending.get(frame.reqId);
        this.pending.delete(frame.reqId);
        clearTimeout(p.timer);
        p.resolve(frame);
      }
      this.onFrame(frame, text.length);
    });
  }

  /** TCP bytes read by this socket so far (compressed if deflate was negotiated; includes WS framing). */
  get wireBytesIn() {
    return this.ws._socket?.bytesRead ?? 0;
  }

  get isOpen() {
    return this.ws.readyState === WebSocket.OPEN;
  }

  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Sends `frame` with a fresh reqId; resolves with the reply carrying it. */
  request(frame, { timeout = REPLY_TIMEOUT_MS } = {}) {
    const reqId = this.nextReqId++;
    return new Promise((resolve, reject) => {
      const what = `${frame.cmd} #${reqId}`;
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new Error(`${this.id}: no reply to ${what} within ${timeout} ms`));
      }, timeout);
      this.pending.set(reqId, { resolve, reject, timer, what });
      this.send({ ...frame, reqId });
    });
  }

  async close() {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
    else this.ws.close(1000);
    const timer = setTimeout(() => this.ws.terminate(), 5000);
    await this.closed;
    clearTimeout(timer);
  }
}

/** Runs `fn` over `items` with at most `limit` running at once; resolves with the results in order. */
export async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}

/** Opens one logged-in client per entry of `ids`, `concurrency` at a time. */
export async function connectAll(urlFor, ids, { concurrency = 32, onFrame, deflate = false } = {}) {
  const clients = [];
  try {
    await pool(ids, concurrency, async (id) => {
      const client = new Client(urlFor(id), { id, onFrame: onFrame ? (f, n) => onFrame(id, f, n) : undefined, deflate });
      clients.push(client);
      await client.ready;
    });
  } catch (err) {
    await closeAll(clients);
    throw err;
  }
  const byId = new Map(clients.map((c) => [c.id, c]));
  return ids.map((id) => byId.get(id));
}

export async function closeAll(clients) {
  await pool(clients.filter(Boolean), 200, (c) => c.close());
}

let textSeed = 0x9e3779b9;
/**
 * A text MsgBody of exactly `bytes` ASCII bytes: `tag` then word-like pseudo-random letters, so
 * that compression (permessage-deflate, gzip) sees something like chat text, not one repeated byte.
 */
export function textBody(bytes, tag) {
  let s = `${tag}`;
  while (s.length < bytes) {
    textSeed = (Math.imul(textSeed, 1103515245) + 12345) >>> 0;
    const len = 2 + ((textSeed >>> 28) % 8);
    let w = ' ';
    for (let i = 0; i < len; i++) {
      textSeed = (Math.imul(textSeed, 1103515245) + 12345) >>> 0;
      w += String.fromCharCode(97 + ((textSeed >>> 24) % 26));
    }
    s += w;
  }
  return [{ MsgType: 'TIMTextElem', MsgContent: { Text: s.slice(0, bytes) } }];
}
