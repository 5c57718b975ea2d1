// Runs in headless Chromium. Measures the engine package's local message store through its
// public API, with a scripted in-page server instead of a socket (no network, no worker): so
// the figures are the engine's own cost (frame parsing in wasm, the store, the views it hands
// to JS), not the server's.
//   insert: login → SDK_READY while the login sync pulls `total` messages in pages of 100
//   push:   `pushes` live `msg` frames after ready, each applied and emitted one at a time
//   read:   `pages` calls of getMessageList({ count }) walking back through one conversation
// then the persistent store itself (store.js, IndexedDB), as the engine uses it:
//   db insert: `total` messages saved as the engine hands them over (records in batches)
//   db page:   `pages` pages of 20 walking back through one conversation (one cursor walk each)
//   db load:   the login's restore (meta + the last 20 of every conversation)
import Chat, { indexedDBStore, memoryStore } from '/engine/npm/index.js';

const DB_BATCH = 1000; // records per save: a burst the engine hands over at once
const DB_PAGE = 20;

const PAGE = 100; // the server's sync page (proto SYNC_PAGE)

function textOf(seq) {
  // ~200 bytes of word-like text that does not compress unrealistically well.
  let x = seq * 2654435761 >>> 0;
  let s = `m${seq}`;
  while (s.length < 200) {
    x = (x * 1103515245 + 12345) >>> 0;
    const len = 2 + (x >>> 28) % 8;
    let w = '';
    for (let i = 0; i < len; i++) {
      x = (x * 1103515245 + 12345) >>> 0;
      w += String.fromCharCode(97 + (x >>> 24) % 26);
    }
    s += ` ${w}`;
  }
  return s.slice(0, 200);
}

function message(seq, peers) {
  const peer = `peer${seq % peers}`;
  const incoming = seq % 3 !== 0;
  const random = (seq * 7919) >>> 0;
  const time = 1_700_000_000 + seq;
  return {
    seq, from: incoming ? peer : 'me', to: incoming ? 'me' : peer, random, time,
    msgKey: `${seq}_${random}_${time}`,
    msgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: textOf(seq) } }],
    cloudCustomData: '',
  };
}

export async function run(params) {
  try {
    return await measure(params);
  } catch (e) {
    // The engine rejects with plain { code, message } objects: make them readable outside.
    throw new Error(e instanceof Error ? e.stack : JSON.stringify(e));
  }
}

async function measure({ total, peers, pages, count, pushes }) {
  // Every sync page is serialised before the clock starts, so only the engine is timed.
  const syncPages = [];
  for (let since = 0; since < total; since += PAGE) {
    const messages = [];
    for (let seq = since + 1; seq <= Math.min(total, since + PAGE); seq++) messages.push(message(seq, peers));
    syncPages.push({ since, text: JSON.stringify({ messages, complete: since + PAGE >= total, maxSeq: total }) });
  }
  const bySince = new Map(syncPages.map((p) => [p.since, p.text]));
  const channel = new MessageChannel();
  const queue = [];
  channel.port1.onmessage = () => { const f = queue.shift(); f?.(); };
  const later = (f) => { queue.push(f); channel.port2.postMessage(0); };
  let maxSeq = total;
  let current = null;

  class ScriptedServer {
    constructor() {
      this.readyState = 0;
      current = this;
      later(() => {
        this.readyState = 1;
        this.onopen?.();
        this.deliver(JSON.stringify({ type: 'login', userID: 'me', maxSeq }));
      });
    }
    deliver(text) { if (this.readyState === 1) this.onmessage?.({ data: text }); }
    send(text) {
      const frame = JSON.parse(text);
      let reply;
      if (frame.cmd === 'sync') {
        const page = bySince.get(frame.since);
        reply = page
          ? `{"type":"sync","reqId":${frame.reqId},${page.slice(1)}`
          : JSON.stringify({ type: 'sync', reqId: frame.reqId, messages: [], complete: true, maxSeq });
      } else if (frame.cmd === 'conversations') {
        reply = JSON.stringify({ type: 'conversations', reqId: frame.reqId, conversations: [] });
      } else if (frame.cmd === 'history') {
        // Everything the scripted server has was in the sync: nothing older exists.
        reply = JSON.stringify({ type: 'history', reqId: frame.reqId, messages: [], complete: true });
      } else if (frame.cmd === 'ping') {
        reply = JSON.stringify({ type: 'pong', reqId: frame.reqId, maxSeq });
      } else {
        reply = JSON.stringify({ type: 'error', reqId: frame.reqId, code: 10004, message: `not scripted: ${text.slice(0, 200)}` });
      }
      later(() => this.deliver(reply));
    }
    close() { this.readyState = 3; later(() => this.onclose?.({ code: 1000 })); }
  }

  // The engine part keeps its local data in memory: the IndexedDB store is timed on its own below.
  const chat = Chat.create({ SDKAppID: 1400000000, server: 'http://scripted.invalid', WebSocket: ScriptedServer, storage: memoryStore() });
  let received = 0;
  chat.on(Chat.EVENT.MESSAGE_RECEIVED, (e) => { received += e.data.length; });
  const ready = new Promise((resolve) => chat.on(Chat.EVENT.SDK_READY, resolve));
  const heap0 = performance.memory?.usedJSHeapSize ?? null;
  const t0 = performance.now();
  await chat.login({ userID: 'me', userSig: 'scripted' });
  await ready;
  const insertMs = performance.now() - t0;
  const receivedAtReady = received;

  // Live pushes, one frame each, awaited one at a time (each is applied before the next).
  const pushTimes = [];
  const pushFrames = [];
  for (let i = 1; i <= pushes; i++) pushFrames.push(JSON.stringify({ type: 'msg', message: message(total + i, peers) }));
  maxSeq = total + pushes;
  const tp = performance.now();
  for (const text of pushFrames) {
    const before = received;
    const t = performance.now();
    current.deliver(text);
    pushTimes.push(performance.now() - t);
    if (received !== before + 1) throw new Error(`a pushed message was not emitted (received ${received}, expected ${before + 1})`);
  }
  const pushMs = performance.now() - tp;

  // Reading back: pages of `count` from one conversation, newest first.
  const readTimes = [];
  let next;
  let read = 0;
  const conversationID = 'C2Cpeer1';
  for (let p = 0; p < pages; p++) {
    const t = performance.now();
    const { data } = await chat.getMessageList({ conversationID, nextReqMessageID: next, count });
    readTimes.push(performance.now() - t);
    read += data.messageList.length;
    next = data.nextReqMessageID;
    if (data.isCompleted || !next) break;
  }
  const heap1 = performance.memory?.usedJSHeapSize ?? null;
  chat.logout().catch(() => {});
  const db = await measureIndexedDB({ total, peers, pages });
  return {
    total, peers, receivedAtReady, insertMs, pushes, pushMs, pushTimes, pages: readTimes.length, count,
    read, readTimes, conversationMessages: Math.ceil(total / peers), heapBefore: heap0, heapAfter: heap1, db,
  };
}

async function measureIndexedDB({ total, peers, pages }) {
  const store = indexedDBStore(`bench-${Date.now()}`);
  const owner = '1400000000:me';
  const meta = {
    version: 1, user: 'me', contiguous: total, messages: [], groups: [],
    conversations: Array.from({ length: peers }, (_, i) => ({ peer: `peer${i}` })),
  };
  const batches = [];
  for (let from = 1; from <= total; from += DB_BATCH) {
    const records = [];
    for (let seq = from; seq < from + DB_BATCH && seq <= total; seq++) {
      const m = message(seq, peers);
      records.push({ conversationID: `C2C${m.from === 'me' ? m.to : m.from}`, seq, message: m });
    }
    batches.push(records);
  }
  const saveTimes = [];
  const t0 = performance.now();
  for (const messages of batches) {
    const t = performance.now();
    await store.save(owner, { meta, messages, groupMessages: [] });
    saveTimes.push(performance.now() - t);
  }
  const insertMs = performance.now() - t0;

  const readTimes = [];
  let before = Infinity;
  let read = 0;
  for (let p = 0; p < pages; p++) {
    const t = performance.now();
    const page = await store.page(owner, 'C2Cpeer1', before, DB_PAGE);
    readTimes.push(performance.now() - t);
    read += page.length;
    if (page.length < DB_PAGE) break;
    before = page[0].seq;
  }
  const t1 = performance.now();
  const loaded = await store.load(owner, DB_PAGE);
  const loadMs = performance.now() - t1;
  if (loaded.messages.length !== Math.min(total, peers * DB_PAGE)) {
    throw new Error(`the restore read ${loaded.messages.length} messages, expected ${peers * DB_PAGE}`);
  }
  return {
    total, batch: DB_BATCH, insertMs, saveTimes, count: DB_PAGE, pages: readTimes.length, read, readTimes,
    loadMs, loaded: loaded.messages.length, conversations: peers,
  };
}
