// The engine's local data in a browser: a session's lists and last messages are kept in IndexedDB, and
// after a reload they show before the socket is up (the socket here never connects).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closePage, launchBrowser, newPage } from '../support/browser.mjs';
import { Chat, engineFor } from '../support/engine.mjs';
import { SDK_APP_ID, devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

let worker;
let browser;
before(async () => {
  worker = await startWorker();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await worker?.stop();
});

test('after a reload the conversation list and the last page come from IndexedDB before the network', { timeout: 180_000 }, async () => {
  const alice = uniqueID('alice');
  const bob = uniqueID('bob');
  const page = await newPage(browser);
  const sender = await engineFor(worker.url, bob);
  try {
    await page.goto(worker.url);
    const aliceSig = await devUserSig(worker.url, alice);
    // First visit: log in, receive two messages, log out (the session is stored).
    await page.evaluate(async ({ SDKAppID, userID, userSig }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      const chat = Chat.create({ SDKAppID });
      window.received = [];
      chat.on(Chat.EVENT.MESSAGE_RECEIVED, (e) => window.received.push(...e.data));
      await chat.login({ userID, userSig });
      window.chat = chat;
    }, { SDKAppID: SDK_APP_ID, userID: alice, userSig: aliceSig });
    for (const t of ['first from bob', 'second from bob']) {
      await sender.chat.sendMessage(sender.chat.createTextMessage({ to: alice, conversationType: Chat.TYPES.CONV_C2C, payload: { text: t } }));
    }
    await page.waitForFunction(() => window.received.some((m) => m.payload?.text === 'second from bob'));
    await page.evaluate(() => window.chat.logout());

    // Second visit, offline: the socket never opens, yet the list and the messages are there.
    await page.reload();
    const seen = await page.evaluate(async ({ SDKAppID, userID, userSig }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      class NeverConnects {
        constructor() { this.readyState = 0; }
        send() {}
        close() {}
      }
      const chat = Chat.create({ SDKAppID, WebSocket: NeverConnects });
      const list = new Promise((resolve) => chat.on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (e) => resolve(e.data)));
      chat.login({ userID, userSig }).catch(() => {});
      const conversations = await list;
      const page = await chat.getMessageList({ conversationID: conversations[0].conversationID });
      return {
        conversations: conversations.map((c) => ({ id: c.conversationID, last: c.lastMessage.messageForShow })),
        messages: page.data.messageList.map((m) => m.payload.text),
        ready: chat.isReady(),
      };
    }, { SDKAppID: SDK_APP_ID, userID: alice, userSig: aliceSig });
    assert.deepEqual(seen.conversations, [{ id: `C2C${bob}`, last: 'second from bob' }]);
    assert.deepEqual(seen.messages, ['first from bob', 'second from bob']);
    assert.equal(seen.ready, false, 'all of it before any connection');
    assert.deepEqual(page.errors, []);
  } finally {
    await sender.chat.destroy();
    await closePage(page);
  }
});

test('a stored session is not shown to another user on the same browser', { timeout: 180_000 }, async () => {
  const alice = uniqueID('alice');
  const carol = uniqueID('carol');
  const page = await newPage(browser);
  try {
    await page.goto(worker.url);
    const result = await page.evaluate(async ({ SDKAppID, a, aSig, c, cSig }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      const first = Chat.create({ SDKAppID });
      await first.login({ userID: a, userSig: aSig });
      const m = first.createTextMessage({ to: 'someone', payload: { text: 'mine' } });
      await first.sendMessage(m);
      await first.logout();
      const second = Chat.create({ SDKAppID });
      const lists = [];
      second.on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (e) => lists.push(e.data));
      await second.login({ userID: c, userSig: cSig });
      const now = await second.getConversationList();
      await second.logout();
      return { lists, now: now.data.conversationList };
    }, { SDKAppID: SDK_APP_ID, a: alice, aSig: await devUserSig(worker.url, alice), c: carol, cSig: await devUserSig(worker.url, carol) });
    assert.ok(result.lists.every((l) => l.length === 0), JSON.stringify(result.lists));
    assert.deepEqual(result.now, []);
  } finally {
    await closePage(page);
  }
});
