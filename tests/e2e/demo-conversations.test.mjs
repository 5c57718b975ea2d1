// E2E tests of the demo app's conversations in Chromium (Playwright) against the real worker: pinning a
// conversation moves it to the top and stays after a reload (the server keeps pins); a half-written
// message is kept as the conversation's draft, shown in the list and put back when the chat is reopened;
// in a group, "@user" mentions the member (highlighted for them) and the members' reads come back as a
// "read by N" count on the sender's message; members react with emoji and everyone sees the counts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  browserSuite, conversationRow, createGroupViaDemo, eventually, loginViaDemo, messageLocator, openChat, openGroup,
  sendText, waitForMessage,
} from '../support/browser.mjs';
import { assertOk, rest } from '../support/rest.mjs';
import { uniqueID } from '../support/worker.mjs';

const TEST = { timeout: 180_000 };

describe('demo app: the conversation list', () => {
  const suite = browserSuite();

  /** The peers of the conversation rows, top to bottom. */
  const order = (p) => p.locator('#conversations [data-peer]').evaluateAll((rows) => rows.map((r) => r.dataset.peer));

  test('a pinned conversation goes to the top and stays there after a reload; drafts show in the list', TEST, async () => {
    const [alice, bob, carol] = [uniqueID('alice'), uniqueID('bob'), uniqueID('carol')];
    for (const id of [alice, bob, carol]) {
      assertOk(await rest(suite.worker.url, 'im_open_login_svc/account_import', { UserID: id }), `import ${id}`);
    }
    const body = (from) => ({
      From_Account: from, To_Account: alice, MsgRandom: Math.floor(Math.random() * 2 ** 32),
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `hi from ${from}` } }],
    });
    // Bob's message an hour old (imported), carol's now: carol's conversation is the newer one.
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    assertOk(await rest(suite.worker.url, 'openim/importmsg', { ...body(bob), MsgTimeStamp: hourAgo, SyncFromOldSystem: 2 }), 'bob\'s old message');
    assertOk(await rest(suite.worker.url, 'openim/sendmsg', body(carol)), 'carol\'s message');
    const pa = await suite.page();
    await loginViaDemo(pa, suite.worker.url, alice);
    await conversationRow(pa, carol).waitFor();
    await eventually(() => order(pa), [carol, bob], 'newest first');

    const pin = conversationRow(pa, bob).getByRole('button', { name: `Pin ${bob}` });
    await pin.click();
    await conversationRow(pa, bob).getByRole('button', { name: `Unpin ${bob}` }).waitFor();
    assert.ok(await conversationRow(pa, bob).evaluate((row) => row.classList.contains('pinned')));
    await eventually(() => order(pa), [bob, carol], 'the pinned conversation first');

    // A draft: typed in carol's chat, left for bob's; the list shows it; reopening puts it back.
    await openChat(pa, carol);
    await waitForMessage(pa, `hi from ${carol}`);
    await pa.locator('#composer').fill('half a thought');
    await openChat(pa, bob);
    await conversationRow(pa, carol).filter({ hasText: 'Draft: half a thought' }).waitFor();
    await openChat(pa, carol);
    assert.equal(await pa.locator('#composer').inputValue(), 'half a thought');

    // The server keeps the pin: after a reload and a new login bob is still on top.
    await pa.reload();
    await loginViaDemo(pa, suite.worker.url, alice);
    await conversationRow(pa, bob).getByRole('button', { name: `Unpin ${bob}` }).waitFor();
    await eventually(() => order(pa), [bob, carol], 'still pinned after a reload');
    await conversationRow(pa, bob).getByRole('button', { name: `Unpin ${bob}` }).click();
    await eventually(() => order(pa), [carol, bob], 'unpinned: newest first again');
  });

  test('a group message mentions a member, and the sender sees how many read it', TEST, async () => {
    const [owner, amy] = [uniqueID('owner'), uniqueID('amy')];
    const [po, pa] = [await suite.page(), await suite.page()];
    await loginViaDemo(po, suite.worker.url, owner);
    await loginViaDemo(pa, suite.worker.url, amy);
    const groupID = await createGroupViaDemo(po, { name: 'mentions', members: [amy] });
    const text = `@${amy} please look`;
    await sendText(po, text);
    await eventually(() => messageLocator(po, text, { flow: 'out' }).locator('.status').textContent(), '✓ sent', 'nobody read it yet');

    await openGroup(pa, groupID);
    const seen = await waitForMessage(pa, text);
    assert.ok(await seen.evaluate((node) => node.classList.contains('mention')), 'highlighted for the member mentioned');
    assert.equal(await seen.locator('.mention-tag').textContent(), '@you');
    await eventually(
      () => messageLocator(po, text, { flow: 'out' }).locator('.status').textContent(), '✓✓ read by 1', 'amy read it',
    );
  });

  test('members react to a group message and everyone sees the counts, also after a reload', TEST, async () => {
    const [owner, amy] = [uniqueID('owner'), uniqueID('amy')];
    const [po, pa] = [await suite.page(), await suite.page()];
    await loginViaDemo(po, suite.worker.url, owner);
    await loginViaDemo(pa, suite.worker.url, amy);
    const groupID = await createGroupViaDemo(po, { name: 'reactions', members: [amy] });
    await sendText(po, 'lunch at noon?');
    const mine = messageLocator(po, 'lunch at noon?', { flow: 'out', status: 'success' });
    await mine.waitFor();
    await openGroup(pa, groupID);
    const theirs = await waitForMessage(pa, 'lunch at noon?');
    /** The count and pressed state of a reaction button under a message. */
    const like = (m) => m.locator('.reaction[data-reaction="like"]');
    const shown = (m) => like(m).evaluate((b) => [b.querySelector('.count').textContent, b.getAttribute('aria-pressed')]);

    await like(theirs).click();
    await eventually(() => shown(theirs), ['1', 'true'], 'amy\'s own like');
    await eventually(() => shown(mine), ['1', 'false'], 'the owner sees amy\'s like');
    await like(mine).click();
    await eventually(() => shown(mine), ['2', 'true'], 'the owner likes it too');
    await eventually(() => shown(theirs), ['2', 'true'], 'amy sees two');

    await pa.reload();
    await loginViaDemo(pa, suite.worker.url, amy);
    await openGroup(pa, groupID);
    const again = await waitForMessage(pa, 'lunch at noon?');
    await eventually(() => shown(again), ['2', 'true'], 'read back after a reload');
    await like(again).click();
    await eventually(() => shown(mine), ['1', 'true'], 'amy took hers back');
  });
});
