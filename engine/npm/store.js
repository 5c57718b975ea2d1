// The local store: where a user's messages (one record each), conversation and group lists and
// sync positions live between page loads. Three implementations of one small interface:
//   save(owner, changes)   changes = { meta, messages: [{conversationID, seq, message}],
//                          groupMessages: [...] } as the engine's takeChanges() gives them
//   load(owner, perConversation) → the meta with the last `perConversation` messages of every
//                          conversation filled in (the form the engine's restore() reads), or null
//   page(owner, conversationID, beforeSeq, count) → up to `count` messages with SEQ < beforeSeq,
//                          oldest first
// `owner` is `${SDKAppID}:${userID}`: users of one browser never see each other's data.

/** The last page of each conversation handed to the engine at login. */
export const RESTORE_PAGE = 20;

function fillMeta(meta, pageOf) {
  meta.messages = [];
  for (const c of meta.conversations ?? []) meta.messages.push(...pageOf(`C2C${c.peer}`));
  meta.messages.sort((a, b) => a.seq - b.seq);
  for (const g of meta.groups ?? []) g.messages = pageOf(`GROUP${g.key}`);
  return meta;
}

/** Everything in memory: the default outside browsers, and the reference the others follow. */
export function memoryStore() {
  const owners = new Map(); // owner → { meta, conversations: Map(conversationID → Map(seq → message)) }
  const of = (owner) => {
    let o = owners.get(owner);
    if (!o) owners.set(owner, (o = { meta: null, conversations: new Map() }));
    return o;
  };
  const slice = (o, conversationID, beforeSeq, count) => {
    const byId = o.conversations.get(conversationID);
    if (!byId) return [];
    const seqs = [...byId.keys()].filter((s) => s < beforeSeq).sort((a, b) => a - b);
    return seqs.slice(Math.max(0, seqs.length - count)).map((s) => byId.get(s));
  };
  return {
    async save(owner, { meta, messages = [], groupMessages = [] }) {
      const o = of(owner);
      if (meta) o.meta = JSON.stringify(meta);
      for (const r of [...messages, ...groupMessages]) {
        let byId = o.conversations.get(r.conversationID);
        if (!byId) o.conversations.set(r.conversationID, (byId = new Map()));
        byId.set(r.seq, r.message);
      }
    },
    async load(owner, perConversation = RESTORE_PAGE) {
      const o = owners.get(owner);
      if (!o?.meta) return null;
      return fillMeta(JSON.parse(o.meta), (id) => slice(o, id, Infinity, perConversation));
    },
    async page(owner, conversationID, beforeSeq, count) {
      const o = owners.get(owner);
      return o ? slice(o, conversationID, beforeSeq, count) : [];
    },
  };
}

function promised(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * IndexedDB (database `name`): object store `meta` (one record per owner) and `messages`, keyed
 * [owner, conversationID, seq], so a page is one bounded cursor walk backwards. The default in
 * browsers.
 */
export function indexedDBStore(name = 'edgechat-store') {
  let db = null;
  const open = () => (db ??= promised(Object.assign(indexedDB.open(name, 1), {
    onupgradeneeded(event) {
      const d = event.target.result;
      d.createObjectStore('meta');
      d.createObjectStore('messages');
    },
  })));
  const range = (owner, conversationID, beforeSeq) => IDBKeyRange.bound(
    [owner, conversationID, -Infinity], [owner, conversationID, beforeSeq], false, true);
  const walk = (store, owner, conversationID, beforeSeq, count) => new Promise((resolve, reject) => {
    const out = [];
    if (count <= 0) return resolve(out);
    const req = store.openCursor(range(owner, conversationID, beforeSeq), 'prev');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const cursor = req.result;
      if (!cursor) return resolve(out.reverse());
      out.push(cursor.value);
      if (out.length >= count) return resolve(out.reverse());
      cursor.continue();
    };
  });
  return {
    async save(owner, { meta, messages = [], groupMessages = [] }) {
      const d = await open();
      const tx = d.transaction(['meta', 'messages'], 'readwrite');
      if (meta) tx.objectStore('meta').put(JSON.stringify(meta), owner);
      const store = tx.objectStore('messages');
      for (const r of messages) store.put(r.message, [owner, r.conversationID, r.seq]);
      for (const r of groupMessages) store.put(r.message, [owner, r.conversationID, r.seq]);
      await done(tx);
    },
    async load(owner, perConversation = RESTORE_PAGE) {
      const d = await open();
      const tx = d.transaction(['meta', 'messages'], 'readonly');
      const text = await promised(tx.objectStore('meta').get(owner));
      if (typeof text !== 'string') return null;
      const meta = JSON.parse(text);
      const store = tx.objectStore('messages');
      const ids = [
        ...(meta.conversations ?? []).map((c) => `C2C${c.peer}`),
        ...(meta.groups ?? []).map((g) => `GROUP${g.key}`),
      ];
      const pages = await Promise.all(ids.map((id) => walk(store, owner, id, Infinity, perConversation)));
      const byId = new Map(ids.map((id, i) => [id, pages[i]]));
      return fillMeta(meta, (id) => byId.get(id) ?? []);
    },
    async page(owner, conversationID, beforeSeq, count) {
      const d = await open();
      const tx = d.transaction('messages', 'readonly');
      return walk(tx.objectStore('messages'), owner, conversationID, beforeSeq, count);
    },
  };
}

/**
 * A store over plain key-value storage `{ get(key), set(key, value) }` returning promises (a
 * mini-program passes one over wx.getStorage / wx.setStorage): the meta under `owner`, each
 * conversation's newest `keep` messages under `owner|conversationID`.
 */
export function keyValueStore(kv, { keep = 500 } = {}) {
  const read = async (key) => {
    const text = await kv.get(key);
    return typeof text === 'string' && text ? JSON.parse(text) : null;
  };
  const slice = (list, beforeSeq, count) => {
    const older = list.filter((m) => m.seq < beforeSeq);
    return older.slice(Math.max(0, older.length - count));
  };
  return {
    async save(owner, { meta, messages = [], groupMessages = [] }) {
      const byConversation = new Map();
      for (const r of [...messages, ...groupMessages]) {
        if (!byConversation.has(r.conversationID)) byConversation.set(r.conversationID, []);
        byConversation.get(r.conversationID).push(r);
      }
      for (const [id, records] of byConversation) {
        const bySeq = new Map(((await read(`${owner}|${id}`)) ?? []).map((m) => [m.seq, m]));
        for (const r of records) bySeq.set(r.seq, r.message);
        const list = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
        await kv.set(`${owner}|${id}`, JSON.stringify(list.slice(Math.max(0, list.length - keep))));
      }
      if (meta) await kv.set(owner, JSON.stringify(meta));
    },
    async load(owner, perConversation = RESTORE_PAGE) {
      const meta = await read(owner);
      if (!meta) return null;
      const ids = [
        ...(meta.conversations ?? []).map((c) => `C2C${c.peer}`),
        ...(meta.groups ?? []).map((g) => `GROUP${g.key}`),
      ];
      const lists = await Promise.all(ids.map((id) => read(`${owner}|${id}`)));
      const byId = new Map(ids.map((id, i) => [id, slice(lists[i] ?? [], Infinity, perConversation)]));
      return fillMeta(meta, (id) => byId.get(id) ?? []);
    },
    async page(owner, conversationID, beforeSeq, count) {
      return slice((await read(`${owner}|${conversationID}`)) ?? [], beforeSeq, count);
    },
  };
}

/** The store for `option` (Chat.create's `storage`): a store as is, key-value storage wrapped. */
export function storeFrom(option) {
  if (option && typeof option.save === 'function' && typeof option.load === 'function'
      && typeof option.page === 'function') return option;
  if (option && typeof option.get === 'function' && typeof option.set === 'function') return keyValueStore(option);
  if (option !== undefined && option !== null) {
    throw { code: 10004, message: 'Chat.create: `storage` must have save/load/page, or get/set' };
  }
  return typeof indexedDB !== 'undefined' ? indexedDBStore() : memoryStore();
}
