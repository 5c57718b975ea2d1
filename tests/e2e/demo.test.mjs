// E2E tests of the demo app in Chromium (Playwright) against the real worker: chatting, offline delivery, history, bad UserSigs.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import {
  closePage, conversationRow, launchBrowser, loginViaDemo, messageLocator, newPage, openChat,
  paneMessages, sendText, submitLogin, waitForMessage,
} from '../support/browser.mjs';
import { rest } from '../support/rest.mjs';
import { SDK_APP_ID, devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

const TEST = { timeout: 180_000 };
const USERSIG_URL = /\/dev\/usersig\?/;

describe('demo app', () => {
  let worker;
  let browser;
  let pages = [];

  before(async () => {
    worker = await startWorker();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await worker?.stop();
  });

  afterEach(async () => {
    await Promise.all(pages.map(closePage));
    pages = [];
  });

  /** A page in a fresh browser context (a separate device). */
  async function page() {
    const p = await newPage(browser);
    pages.push(p);
    return p;
  }

  /** Logs in through the engine API directly in `p` and reports how `login` settled. */
  function engineLogin(p, userID, userSig) {
    return p.evaluate(async ({ SDKAppID, userID: id, userSig: sig }) => {
      const { default: Chat } = await import('/edgechat/index.js');
      const chat = Chat.create({ SDKAppID });
      try {
        const response = await chat.login({ userID: id, userSig: sig });
        return { resolved: true, code: response.code };
      } catch (err) {
        return { resolved: false, code: err?.code, message: err?.message };
      } finally {
        try { await chat.destroy(); } catch { /* best effort */ }
      }
    }, { SDKAppID: SDK_APP_ID, userID, userSig });
  }

  test('two users exchange messages both ways', TEST, async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const [pa, pb] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pa, worker.url, alice), loginViaDemo(pb, worker.url, bob)]);
    assert.equal((await pa.locator('#me').textContent()).trim(), alice);

    await openChat(pa, bob);
    await openChat(pb, alice);

    await sendText(pa, `hi ${bob}, it's alice`);
    await waitForMessage(pb, `hi ${bob}, it's alice`, { flow: 'in' });

    await sendText(pb, 'hello alice!');
    await waitForMessage(pa, 'hello alice!', { flow: 'in' });

    const strip = (list) => list.map(({ text, flow }) => ({ text, flow }));
    assert.deepEqual(strip(await paneMessages(pa)), [
      { text: `hi ${bob}, it's alice`, flow: 'out' },
      { text: 'hello alice!', flow: 'in' },
    ]);
    assert.deepEqual(strip(await paneMessages(pb)), [
      { text: `hi ${bob}, it's alice`, flow: 'in' },
      { text: 'hello alice!', flow: 'out' },
    ]);

    // Both sides list the conversation with its last message.
    await conversationRow(pa, bob).filter({ hasText: 'hello alice!' }).waitFor();
    await conversationRow(pb, alice).filter({ hasText: 'hello alice!' }).waitFor();

    // The engine gives a sent message the same ID on both sides.
    const sentID = await messageLocator(pa, 'hello alice!').getAttribute('data-id');
    const ownID = await messageLocator(pb, 'hello alice!').getAttribute('data-id');
    assert.equal(sentID, ownID);
  });

  test('a message sent to an offline user arrives after they log in', TEST, async () => {
    const alice = uniqueID('alice');
    const carol = uniqueID('carol');
    const text = `are you there, ${carol}?`;

    const pa = await page();
    await loginViaDemo(pa, worker.url, alice);
    // carol has never logged in; the app server imported her account.
    const imported = await rest(worker.url, 'im_open_login_svc/account_import', { UserID: carol });
    assert.equal(imported.ErrorCode, 0, JSON.stringify(imported));
    await openChat(pa, carol);
    await sendText(pa, text);

    const pc = await page();
    await loginViaDemo(pc, worker.url, carol);
    const row = conversationRow(pc, alice);
    await row.filter({ hasText: text }).waitFor();
    await row.locator('.unread', { hasText: /^\s*1\s*$/ }).waitFor();

    await row.locator('.conversation-button').click();
    await waitForMessage(pc, text, { flow: 'in' });
    await conversationRow(pc, alice).locator('.unread').waitFor({ state: 'detached' });
  });

  test('after a reload and a new login the history shows again, in order, with paging', TEST, async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const [pa, pb] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pa, worker.url, alice), loginViaDemo(pb, worker.url, bob)]);
    await openChat(pa, bob);
    await openChat(pb, alice);

    // 18 messages (more than one 15-message page); every sixth one is bob's.
    const expected = [];
    for (let i = 1; i <= 18; i += 1) {
      const fromBob = i % 6 === 0;
      const text = `message ${i} from ${fromBob ? 'bob' : 'alice'}`;
      await sendText(fromBob ? pb : pa, text);
      await waitForMessage(fromBob ? pa : pb, text, { flow: 'in' });
      expected.push({ text, flow: fromBob ? 'in' : 'out' });
    }

    await pa.reload();
    await loginViaDemo(pa, worker.url, alice);
    await openChat(pa, bob);
    const strip = (list) => list.map(({ text, flow }) => ({ text, flow }));
    assert.deepEqual(strip(await paneMessages(pa)), expected.slice(-15), 'the newest page, oldest first');

    const loadOlder = pa.locator('#load-older');
    await loadOlder.waitFor({ state: 'visible' });
    await loadOlder.click();
    await pa.waitForFunction(() => document.querySelectorAll('#messages .msg').length === 18);
    await pa.locator('#messages[aria-busy="false"]').waitFor({ state: 'attached' });
    assert.deepEqual(strip(await paneMessages(pa)), expected, 'the whole history, oldest first');
    await loadOlder.waitFor({ state: 'hidden' });
  });

  test('logging out returns to the login form', TEST, async () => {
    const p = await page();
    await loginViaDemo(p, worker.url, uniqueID('dave'));
    await p.locator('#logout').click();
    await p.locator('#login-view').waitFor({ state: 'visible' });
    await p.locator('#chat-view').waitFor({ state: 'hidden' });
  });

  test('the engine refuses bad UserSigs with their codes', TEST, async () => {
    const p = await page();
    await p.goto(`${worker.url}/`);

    const garbage = await engineLogin(p, uniqueID('alice'), 'garbage');
    assert.deepEqual({ resolved: garbage.resolved, code: garbage.code }, { resolved: false, code: 70003 });
    assert.equal(typeof garbage.message, 'string');

    const owner = uniqueID('owner');
    const thief = uniqueID('thief');
    const stolen = await engineLogin(p, thief, await devUserSig(worker.url, owner));
    assert.deepEqual({ resolved: stolen.resolved, code: stolen.code }, { resolved: false, code: 70013 });
  });

  test('the demo shows a refused login with its code in #login-error', TEST, async () => {
    const p = await page();
    let sigToServe = 'garbage';
    await p.route(USERSIG_URL, (route) => route.fulfill({ json: { SDKAppID: SDK_APP_ID, userSig: sigToServe } }));
    await p.goto(`${worker.url}/`);

    await submitLogin(p, uniqueID('alice'));
    await p.locator('#login-error', { hasText: '70003' }).waitFor();
    assert.equal(await p.locator('#chat-view').isHidden(), true);

    sigToServe = await devUserSig(worker.url, uniqueID('owner'));
    await submitLogin(p, uniqueID('thief'));
    await p.locator('#login-error', { hasText: '70013' }).waitFor();
    assert.equal(await p.locator('#chat-view').isHidden(), true);
  });

  test('the demo shows /dev/usersig errors and rejects malformed UserIDs before asking', TEST, async () => {
    const p = await page();
    let asked = 0;
    await p.route(USERSIG_URL, (route) => {
      asked += 1;
      return route.fulfill({ status: 400, json: { ErrorCode: 70002, ErrorInfo: 'no sig for you' } });
    });
    await p.goto(`${worker.url}/`);

    await submitLogin(p, 'not a valid id!');
    await p.locator('#login-error').waitFor({ state: 'visible' });
    assert.equal(asked, 0, 'an invalid UserID is refused client-side');

    await submitLogin(p, uniqueID('erin'));
    await p.locator('#login-error', { hasText: '70002' }).filter({ hasText: 'no sig for you' }).waitFor();
    assert.equal(asked, 1);
  });
});
