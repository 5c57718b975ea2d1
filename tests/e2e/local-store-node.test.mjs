// The engine package's local stores outside browsers (memory, and key-value storage as a
// mini-program passes it), checked by the conformance suite the IndexedDB store also passes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyValueStore, memoryStore } from '../../engine/npm/store.js';
import { storeSuite } from '../support/store-suite.mjs';

test('the memory store passes the store conformance suite', async () => {
  await storeSuite(memoryStore());
});

test('the key-value store passes the suite, keeps the newest messages per conversation, and writes strings only', async () => {
  const map = new Map();
  const kv = {
    async get(key) { return map.get(key) ?? null; },
    async set(key, value) {
      assert.equal(typeof value, 'string', `${key} is stored as text`);
      map.set(key, value);
    },
  };
  await storeSuite(keyValueStore(kv));
  const small = keyValueStore(kv, { keep: 3 });
  const rec = (seq) => ({ conversationID: 'C2Cx', seq, message: { seq } });
  await small.save('o', { meta: { conversations: [{ peer: 'x' }], groups: [] }, messages: [1, 2, 3, 4, 5].map(rec), groupMessages: [] });
  assert.deepEqual((await small.page('o', 'C2Cx', Infinity, 10)).map((m) => m.seq), [3, 4, 5]);
});

test('a storage option that is neither a store nor key-value storage is refused with 10004', async () => {
  const { storeFrom } = await import('../../engine/npm/store.js');
  assert.throws(() => storeFrom({ get() {} }), (e) => e.code === 10004 && /save\/load\/page, or get\/set/.test(e.message));
  assert.equal(typeof storeFrom(undefined).save, 'function', 'memory by default in Node');
});
