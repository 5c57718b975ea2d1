// The demo with the network cut in the page: messages sent offline show as pending, then arrive once and in
// order when the network is back; after a reload the chat's history shows from the local store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  browserSuite, closePage, loginViaDemo, messageLocator, newPage, openChat, paneMessages, sendText, waitForMessage,
} from '../support/browser.mjs';
import { uniqueID } from '../support/worker.mjs';

const suite = browserSuite();

test('three messages sent while offline show as pending, then arrive once, in order', { timeout: 180_000 }, async () => {
  const alice = uniqueID('alice');
  const bob = uniqueID('bob');
  const [pa, pb] = await Promise.all([newPage(suite.browser), newPage(suite.browser)]);
  // Remember the page's sockets, so the cut can end the one already open (offline emulation
  // only stops new connections).
  await pa.addInitScript(() => {
    const Native = window.WebSocket;
    window.__sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.__sockets.push(this);
      }
    };
  });
  try {
    await Promise.all([loginViaDemo(pa, suite.worker.url, alice), loginViaDemo(pb, suite.worker.url, bob)]);
    await openChat(pa, bob);
    await sendText(pa, 'before the cut');
    await openChat(pb, alice);
    await waitForMessage(pb, 'before the cut');

    await pa.context().setOffline(true);
    await pa.evaluate(() => window.__sockets.forEach((s) => s.close(4000, 'network cut')));
    await pa.locator('#net-state[data-state="disconnected"]').waitFor();
    for (const t of ['offline one', 'offline two', 'offline three']) {
      await pa.locator('#composer').fill(t);
      await pa.locator('#composer').press('Enter');
      await messageLocator(pa, t, { flow: 'out', status: 'pending' }).waitFor();
    }
    await pa.context().setOffline(false);
    await pa.locator('#net-state[data-state="connected"]').waitFor({ timeout: 60_000 });
    for (const t of ['offline one', 'offline two', 'offline three']) {
      await messageLocator(pa, t, { flow: 'out', status: 'success' }).waitFor({ timeout: 60_000 });
    }
    await waitForMessage(pb, 'offline three', { timeout: 60_000 });
    const got = (await paneMessages(pb)).filter((m) => m.flow === 'in').map((m) => m.text);
    assert.deepEqual(got, ['before the cut', 'offline one', 'offline two', 'offline three'], 'once each, in order');

    // A reload shows the conversation's history from the local store, then the socket catches up.
    await pb.reload();
    await pb.locator('#userid').fill(bob);
    await pb.locator('#login').click();
    await openChat(pb, alice);
    await waitForMessage(pb, 'offline three');
    const again = (await paneMessages(pb)).filter((m) => m.flow === 'in').map((m) => m.text);
    assert.deepEqual(again, ['before the cut', 'offline one', 'offline two', 'offline three']);
  } finally {
    await Promise.all([closePage(pa), closePage(pb)]);
  }
});
