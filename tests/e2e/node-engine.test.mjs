// The npm package in Node 20 (socket from the `ws` package): a @tencentcloud/chat-style script
// against the real worker — create, SDK_READY, login, createTextMessage, sendMessage, MESSAGE_RECEIVED.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import Chat from '../../engine/npm/index.js';
import { SDK_APP_ID, devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

/** Resolves with the data of the next `name` event on `chat`. */
function nextEvent(chat, name) {
  return new Promise((resolve) => {
    const handler = (event) => {
      chat.off(name, handler);
      resolve(event.data);
    };
    chat.on(name, handler);
  });
}

async function loggedIn(url, userID) {
  const chat = Chat.create({ SDKAppID: SDK_APP_ID, server: url, WebSocket });
  const ready = nextEvent(chat, Chat.EVENT.SDK_READY);
  const res = await chat.login({ userID, userSig: await devUserSig(url, userID) });
  assert.equal(res.code, 0);
  await ready;
  return chat;
}

describe('the engine package in Node', () => {
  let worker;
  before(async () => { worker = await startWorker(); });
  after(async () => { await worker?.stop(); });

  it('sends and receives like @tencentcloud/chat', async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const a = await loggedIn(worker.url, alice);
    const b = await loggedIn(worker.url, bob);
    assert.equal(a.isReady(), true);

    const received = nextEvent(b, Chat.EVENT.MESSAGE_RECEIVED);
    const msg = a.createTextMessage({ to: bob, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'hello from node' } });
    assert.equal(msg.status, 'unSend');
    const sent = await a.sendMessage(msg);
    assert.equal(sent.code, 0);
    assert.equal(sent.data.message.status, 'success');
    assert.equal(msg.status, 'success', 'the message object is updated in place');

    const [got] = await received;
    assert.equal(got.ID, msg.ID);
    assert.equal(got.payload.text, 'hello from node');
    assert.equal(got.from, alice);
    assert.equal(got.flow, 'in');
    assert.equal(got.conversationID, `C2C${alice}`);

    const list = await b.getMessageList({ conversationID: `C2C${alice}` });
    assert.deepEqual(list.data.messageList.map((m) => m.payload.text), ['hello from node']);
    assert.equal(list.data.isCompleted, true);

    await a.destroy();
    await b.destroy();
  });

  it('rejects bad calls with Tencent codes', async () => {
    const chat = Chat.create({ SDKAppID: SDK_APP_ID, server: worker.url, WebSocket });
    await assert.rejects(chat.login({ userID: 'bad id', userSig: 'x' }), { code: 10004 });
    await assert.rejects(chat.login({ userID: uniqueID('u'), userSig: 'garbage' }), { code: 70003 });
    assert.throws(() => chat.createTextMessage({ to: 'x', payload: { text: 'hi' } }), { code: 6014 });
    const c = await loggedIn(worker.url, uniqueID('carol'));
    assert.throws(() => c.createTextMessage({ to: 'no one', payload: { text: 'hi' } }), { code: 10004 });
    assert.throws(() => c.createTextMessage({ to: 'dave', payload: { text: 'x'.repeat(12 * 1024) } }), { code: 80002 });
    await assert.rejects(c.getMessageList({ conversationID: 'GROUPabc' }), { code: 10010 }, 'no such group');
    await assert.rejects(c.getMessageList({ conversationID: 'GROUP' }), { code: 10015 }, 'a malformed group ID');
    await c.destroy();
  });
});

it('EVENT comes from the engine\'s one list and index.d.ts declares exactly it', async () => {
  const { readFile } = await import('node:fs/promises');
  const dts = await readFile(new URL('../../engine/npm/index.d.ts', import.meta.url), 'utf8');
  const block = dts.slice(dts.indexOf('export declare const EVENT: {'), dts.indexOf('};', dts.indexOf('export declare const EVENT: {')));
  const declared = Object.fromEntries([...block.matchAll(/readonly (\w+): '([^']+)'/g)].map((m) => [m[1], m[2]]));
  assert.ok(Object.isFrozen(Chat.EVENT));
  assert.deepEqual(declared, { ...Chat.EVENT });
  assert.equal(Chat.EVENT.GROUP_LIST_UPDATED, 'onGroupListUpdated');
});
