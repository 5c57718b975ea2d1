// The engine's local data in a browser: a session's messages (one IndexedDB record each), lists and
// sync positions are kept, and after a reload they show before the socket is up (the socket here
// never connects): the lists, the last page of each conversation, and older pages one by one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSuite, closePage, newPage } from '../support/browser.mjs';
import { Chat, engineFor } from '../support/engine.mjs';
import { rest } from '../support/rest.mjs';
import { storeSuite } from '../support/store-suite.mjs';
import { SDK_APP_ID, devUserSig, uniqueID } from '../support/worker.mjs';

const suite = browserSuite();

/** Logs `userID` in with the package in `page` (online): `window.chat`, and `window.received` collecting messages. */
function loginInPage(page, userID, userSig) {
  return page.evaluate(async ({ SDKAppID, userID, userSig }) => {
    const { default: Chat } = await import('/edgechat/index.js');
    const chat = Chat.create({ SDKAppID });
    window.received = [];
    chat.on(Chat.EVENT.MESSAGE_RECEIVED, (e) => window.received.push(...e.data));
    await chat.login({ userID, userSig });
    window.chat = chat;
  }, { SDKAppID: SDK_APP_ID, userID, userSig });
}

test('after a reload the conversation list and the last page come from IndexedDB before the network', { timeout: 180_000 }, async () => {
  const alice = uniqueID('alice');
  const bob = uniqueID('bob');
  const page = await newPage(suite.browser);
  const sender = await engineFor(suite.worker.url, bob);
  try {
    await page.goto(suite.worker.url);
    const aliceSig = await devUserSig(suite.worker.url, alice);
    // First visit: log in, receive two messages, log out (the session is stored).
    await loginInPage(page, alice, aliceSig);
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
  // A message goes only to an account that exists (imported by the app server here).
  const someone = uniqueID('someone');
  assert.equal((await rest(suite.worker.url, 'im_open_login_svc/account_import', { UserID: someone })).ErrorCode, 0);
  const page = await newPage(suite.browser);
  try {
    await page.goto(suite.worker.url);
    const result = await page.evaluate(async ({ SDKAppID, a, aSig, c, cSig, someone }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      const first = Chat.create({ SDKAppID });
      await first.login({ userID: a, userSig: aSig });
      const m = first.createTextMessage({ to: someone, payload: { text: 'mine' } });
      await first.sendMessage(m);
      await first.logout();
      const second = Chat.create({ SDKAppID });
      const lists = [];
      second.on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (e) => lists.push(e.data));
      await second.login({ userID: c, userSig: cSig });
      const now = await second.getConversationList();
      await second.logout();
      return { lists, now: now.data.conversationList };
    }, { SDKAppID: SDK_APP_ID, a: alice, aSig: await devUserSig(suite.worker.url, alice), c: carol, cSig: await devUserSig(suite.worker.url, carol), someone });
    assert.ok(result.lists.every((l) => l.length === 0), JSON.stringify(result.lists));
    assert.deepEqual(result.now, []);
  } finally {
    await closePage(page);
  }
});

test('every message is one IndexedDB record; offline, older pages come from it page by page, groups, profile and friends too', { timeout: 180_000 }, async () => {
  const alice = uniqueID('alice');
  const bob = uniqueID('bob');
  const page = await newPage(suite.browser);
  try {
    await page.goto(suite.worker.url);
    const aliceSig = await devUserSig(suite.worker.url, alice);
    await loginInPage(page, alice, aliceSig);
    assert.equal((await rest(suite.worker.url, 'im_open_login_svc/account_import', { UserID: bob })).ErrorCode, 0);
    // 45 one-to-one messages from bob (by REST, in order), and 3 in a group alice is in.
    for (let i = 1; i <= 45; i += 1) {
      const r = await rest(suite.worker.url, 'openim/sendmsg', {
        From_Account: bob, To_Account: alice, MsgRandom: i, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${i}` } }],
      });
      assert.equal(r.ErrorCode, 0, JSON.stringify(r));
    }
    const created = await rest(suite.worker.url, 'group_open_http_svc/create_group', {
      Owner_Account: bob, Type: 'Public', Name: 'stored', MemberList: [{ Member_Account: alice }],
    });
    assert.equal(created.ErrorCode, 0, JSON.stringify(created));
    await page.waitForFunction((gid) => window.chat.getGroupList().then((r) => r.data.groupList.some((g) => g.groupID === gid)), created.GroupId);
    for (let i = 1; i <= 25; i += 1) {
      const r = await rest(suite.worker.url, 'group_open_http_svc/send_group_msg', {
        GroupId: created.GroupId, From_Account: bob, Random: 100 + i, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `g${i}` } }],
      });
      assert.equal(r.ErrorCode, 0, JSON.stringify(r));
    }
    await page.waitForFunction(() => window.received.some((m) => m.payload?.text === 'm45')
      && window.received.some((m) => m.payload?.text === 'g25'));
    // A profile and a friend list read online are kept too.
    const imported = await rest(suite.worker.url, 'sns/friend_import', {
      From_Account: alice, AddFriendItem: [{ To_Account: bob, AddSource: 'AddSource_Type_Test', Remark: 'Bobby' }],
    });
    assert.equal(imported.ErrorCode, 0, JSON.stringify(imported));
    const online = await page.evaluate(async () => {
      await window.chat.updateMyProfile({ nick: 'Alice Stored' });
      const friends = await window.chat.getFriendList();
      return friends.data.map((f) => f.userID);
    });
    assert.deepEqual(online, [bob]);
    await page.evaluate(() => window.chat.logout());

    // What the store holds: one record per message, under this user only.
    const records = await page.evaluate(async (owner) => {
      const db = await new Promise((ok, no) => { const r = indexedDB.open('edgechat-store'); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
      const keys = await new Promise((ok, no) => {
        const r = db.transaction('messages').objectStore('messages').getAllKeys();
        r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error);
      });
      db.close();
      return keys.filter((k) => k[0] === owner).map((k) => `${k[1]}#${k[2]}`);
    }, `${SDK_APP_ID}:${alice}`);
    assert.equal(records.filter((r) => r.startsWith(`C2C${bob}#`)).length, 45, records.join(' '));
    assert.equal(records.filter((r) => r.startsWith(`GROUP${created.GroupId}#`)).length, 25, records.join(' '));

    await page.reload();
    const seen = await page.evaluate(async ({ SDKAppID, userID, userSig, bob, gid }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      class NeverConnects {
        constructor() { this.readyState = 0; }
        send() {}
        close() {}
      }
      const chat = Chat.create({ SDKAppID, WebSocket: NeverConnects });
      const list = new Promise((resolve) => chat.on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (e) => resolve(e.data)));
      chat.login({ userID, userSig }).catch(() => {});
      await list;
      const texts = (r) => r.data.messageList.map((m) => m.payload.text);
      const pages = [];
      let next;
      for (let i = 0; i < 4; i += 1) {
        const r = await chat.getMessageList({ conversationID: `C2C${bob}`, nextReqMessageID: next, count: 15 }).catch((e) => ({ error: e }));
        if (r.error) return { pages, error: r.error };
        pages.push(texts(r));
        next = r.data.nextReqMessageID;
        if (!next) break;
      }
      const group = [];
      let cursor;
      for (let i = 0; i < 3; i += 1) {
        const r = await chat.getMessageList({ conversationID: `GROUP${gid}`, nextReqMessageID: cursor, count: 15 }).catch((e) => ({ error: e }));
        if (r.error) return { pages, error: r.error };
        group.push(texts(r));
        cursor = r.data.nextReqMessageID;
        if (!cursor) break;
      }
      const profile = await chat.getMyProfile().catch((e) => ({ error: e }));
      const friends = await chat.getFriendList().catch((e) => ({ error: e }));
      if (profile.error || friends.error) return { pages, error: profile.error ?? friends.error };
      return {
        pages, group, ready: chat.isReady(), nick: profile.data.nick,
        friends: friends.data.map((f) => [f.userID, f.remark]),
      };
    }, { SDKAppID: SDK_APP_ID, userID: alice, userSig: aliceSig, bob, gid: created.GroupId });
    assert.equal(seen.error, undefined, JSON.stringify(seen));
    const range = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => `m${a + i}`);
    assert.deepEqual(seen.pages.slice(0, 3), [range(31, 45), range(16, 30), range(1, 15)]);
    assert.ok(seen.pages.length === 3 || seen.pages[3].length === 0, JSON.stringify(seen.pages[3]));
    const g = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => `g${a + i}`);
    // The last 20 were restored; the older 5 come from the store when the second page asks.
    assert.deepEqual(seen.group.slice(0, 2), [g(11, 25), g(1, 10)]);
    assert.equal(seen.nick, 'Alice Stored', 'my profile from the store');
    assert.deepEqual(seen.friends, [[bob, 'Bobby']], 'my friends from the store');
    assert.equal(seen.ready, false, 'all of it before any connection');
    assert.deepEqual(page.errors, []);
  } finally {
    await closePage(page);
  }
});

test('the IndexedDB store passes the store conformance suite in Chromium', { timeout: 180_000 }, async () => {
  const page = await newPage(suite.browser);
  try {
    await page.goto(suite.worker.url);
    const failure = await page.evaluate(async (src) => {
      const { indexedDBStore } = await import('/edgechat/store.js');
      // eslint-disable-next-line no-eval
      const suite = (0, eval)(`(${src})`);
      try {
        await suite(indexedDBStore(`suite-${Math.random()}`));
        return null;
      } catch (e) {
        return String(e?.stack ?? e);
      }
    }, storeSuite.toString());
    assert.equal(failure, null);
  } finally {
    await closePage(page);
  }
});
