// E2E tests of the demo app's groups in Chromium (Playwright) against the real worker: create, join with
// approval, chat with sender names, the member list, mute, remove, dismiss, and one-to-one recall.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  createGroupViaDemo, browserSuite, eventually, groupRow, joinGroupViaDemo, loginViaDemo, messageLocator, openChat,
  openGroup, openGroupInfo, paneMessages, paneTips, panelMembers, sendText, waitForMessage,
} from '../support/browser.mjs';
import { uniqueID } from '../support/worker.mjs';

const TEST = { timeout: 240_000 };

describe('demo app: groups', () => {
  const suite = browserSuite();
  const page = suite.page;

  test('three users: create, join with approval, chat, members, mute, remove, dismiss', TEST, async () => {
    const owner = uniqueID('own');
    const amy = uniqueID('amy');
    const ben = uniqueID('ben');
    const [po, pa, pb] = await Promise.all([page(), page(), page()]);
    await Promise.all([loginViaDemo(po, suite.worker.url, owner), loginViaDemo(pa, suite.worker.url, amy), loginViaDemo(pb, suite.worker.url, ben)]);

    // The owner creates a Public group with amy; it shows in both lists.
    const name = `hikers ${Math.random().toString(36).slice(2, 6)}`;
    const groupID = await createGroupViaDemo(po, { name, type: 'Public', members: [amy] });
    assert.match(groupID, /^@TGS#/);
    await groupRow(po, groupID).filter({ hasText: name }).waitFor();
    await groupRow(pa, groupID).filter({ hasText: name }).waitFor();
    assert.equal(await groupRow(pb, groupID).count(), 0);

    // Ben asks to join by ID and waits for approval; the owner approves from the notification.
    await joinGroupViaDemo(pb, groupID);
    await pb.locator(`#notification-list [data-kind="pending"][data-group-id="${groupID}"]`, { hasText: /waiting for approval/i }).waitFor();
    const request = po.locator(`#notification-list [data-kind="join-request"][data-group-id="${groupID}"][data-applicant="${ben}"]`);
    await request.waitFor();
    await request.getByRole('button', { name: /^Approve/ }).click();
    await request.waitFor({ state: 'detached' });
    await groupRow(pb, groupID).waitFor();
    await pb.locator(`#notification-list [data-kind="pending"][data-group-id="${groupID}"]`).waitFor({ state: 'detached' });
    await pb.locator(`#notification-list [data-kind="info"][data-group-id="${groupID}"]`, { hasText: 'approved' }).waitFor();

    // Everyone opens the group; the others see ben's join as a system line.
    await openGroup(pa, groupID);
    await openGroup(pb, groupID);
    await po.locator('#messages .tip', { hasText: `${ben} joined` }).waitFor();
    await pa.locator('#messages .tip', { hasText: `${ben} joined` }).waitFor();

    // Each member says something in turn; the other two get it once, in order, with the sender's name.
    const turns = [[pa, amy, 'hi all, amy here'], [pb, ben, 'ben says hello'], [po, owner, 'welcome both!']];
    for (const [p, , text] of turns) {
      await sendText(p, text);
      for (const [q] of turns) if (q !== p) await waitForMessage(q, text, { flow: 'in' });
    }
    for (const [p, me] of turns) {
      const expected = turns.map(([, from, text]) => ({ text, flow: from === me ? 'out' : 'in', sender: from === me ? '' : from, from }));
      const got = (await paneMessages(p)).map(({ text, flow, sender, from }) => ({ text, flow, sender, from }));
      assert.deepEqual(got, expected, `${me} sees each message once, in order, with sender names`);
    }
    // The list row of a member not looking at the group would show the last message with its sender.
    await groupRow(pa, groupID).filter({ hasText: `${owner}: welcome both!` }).waitFor();

    // A file by URL in the group reaches the others as a link.
    await pa.locator('#attach-toggle').click();
    await pa.locator('#attach-kind').selectOption('file');
    await pa.locator('#attach-url').fill(`${suite.worker.url}/style.css`);
    await pa.locator('#attach-name').fill('group notes.css');
    await pa.locator('#attach-send').click();
    for (const q of [pb, po]) {
      const file = q.locator('#messages .msg.in a.attachment.file', { hasText: 'group notes.css' });
      await file.waitFor();
      assert.equal(await file.getAttribute('href'), `${suite.worker.url}/style.css`);
    }

    // The member list: three members, the owner with the Owner role.
    await openGroupInfo(po, groupID);
    await eventually(async () => (await panelMembers(po)).map(({ userID, role }) => ({ userID, role })).sort((x, y) => x.userID.localeCompare(y.userID)),
      [{ userID: owner, role: 'Owner' }, { userID: amy, role: 'Member' }, { userID: ben, role: 'Member' }]
        .sort((x, y) => x.userID.localeCompare(y.userID)), 'the member list shows three members with roles');
    assert.equal((await panelMembers(po))[0].userID, owner, 'the owner is listed first');
    await po.locator('#group-facts [data-fact="owner"]', { hasText: 'you' }).waitFor();
    await openGroupInfo(pa, groupID);
    await pa.locator('#group-facts [data-fact="owner"]', { hasText: owner }).waitFor();
    assert.equal(await pa.locator('#member-list .member-actions').count(), 0, 'a plain member gets no member actions');
    assert.equal(await pa.locator('#leave-group').isVisible(), true);
    assert.equal(await pa.locator('#dismiss-group').isVisible(), false);

    // Mute amy for 10 minutes: her send fails with 10017 and a notice; unmuting lets her talk again.
    await po.locator(`#member-list [data-user-id="${amy}"]`).getByRole('button', { name: `Mute ${amy}` }).click();
    await po.locator(`#member-list [data-user-id="${amy}"][data-muted="true"]`).waitFor();
    await pa.locator('#messages .tip', { hasText: /You were muted for 10 minutes/ }).waitFor();
    await pa.locator('#composer').fill('am I muted?');
    await pa.locator('#composer').press('Enter');
    await messageLocator(pa, 'am I muted?', { flow: 'out', status: 'failed' }).filter({ hasText: '10017' }).waitFor();
    await pa.locator('#notice[data-kind="error"]', { hasText: '10017' }).waitFor();
    await po.locator(`#member-list [data-user-id="${amy}"]`).getByRole('button', { name: `Unmute ${amy}` }).click();
    await po.locator(`#member-list [data-user-id="${amy}"]:not([data-muted])`).waitFor();
    await pa.locator('#messages .tip', { hasText: 'You can talk again' }).waitFor();

    // The owner removes ben: the group leaves ben's list and pane, and ben is told why.
    await po.locator(`#member-list [data-user-id="${ben}"]`).getByRole('button', { name: `Remove ${ben} from the group` }).click();
    await po.locator(`#member-list [data-user-id="${ben}"]`).waitFor({ state: 'detached' });
    await groupRow(pb, groupID).waitFor({ state: 'detached' });
    await pb.locator('#messages[data-group-id]').waitFor({ state: 'detached' });
    await pb.locator(`#notification-list [data-kind="info"][data-group-id="${groupID}"]`, { hasText: 'You were removed' }).waitFor();
    await po.locator('#messages .tip', { hasText: `${ben} was removed` }).waitFor();
    await pa.locator('#messages .tip', { hasText: `${ben} was removed by ${owner}` }).waitFor();
    assert.equal((await panelMembers(po)).length, 2);

    // The owner dismisses the group (after confirming): it leaves amy's list too.
    po.once('dialog', (dialog) => dialog.accept());
    await po.locator('#dismiss-group').click();
    await groupRow(po, groupID).waitFor({ state: 'detached' });
    await groupRow(pa, groupID).waitFor({ state: 'detached' });
    await pa.locator(`#notification-list [data-kind="info"][data-group-id="${groupID}"]`, { hasText: 'dismissed' }).waitFor();
    await pa.locator('#group-panel').waitFor({ state: 'hidden' });
  });

  test('a recalled one-to-one message shows as recalled on both sides', TEST, async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const [pa, pb] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pa, suite.worker.url, alice), loginViaDemo(pb, suite.worker.url, bob)]);
    await openChat(pa, bob);
    await openChat(pb, alice);

    await sendText(pa, 'keep this');
    await sendText(pa, 'oops, wrong chat');
    await waitForMessage(pb, 'oops, wrong chat');
    const sent = messageLocator(pa, 'oops, wrong chat', { flow: 'out', status: 'success' });
    const id = await sent.getAttribute('data-id');
    assert.equal(await messageLocator(pb, 'oops, wrong chat').getAttribute('data-id'), id);
    assert.equal(await pb.locator('#messages .msg.in .recall').count(), 0, 'no Recall on received messages');

    await sent.getByRole('button', { name: /^Recall/ }).click();
    for (const p of [pa, pb]) {
      const node = p.locator(`#messages .msg[data-id="${id}"][data-revoked="true"]`);
      await node.filter({ hasText: 'message recalled' }).waitFor();
    }
    await pa.locator(`#messages .msg[data-id="${id}"] .recall`).waitFor({ state: 'detached' });
    await pb.locator(`#conversations [data-peer="${alice}"]`, { hasText: 'message recalled' }).waitFor();
    await pa.locator(`#conversations [data-peer="${bob}"]`, { hasText: 'message recalled' }).waitFor();

    // The other message is untouched, and after a reload the history still shows the recall.
    const strip = (list) => list.map(({ text, flow, revoked }) => ({ text, flow, revoked }));
    assert.deepEqual(strip(await paneMessages(pb)), [
      { text: 'keep this', flow: 'in', revoked: false },
      { text: 'message recalled', flow: 'in', revoked: true },
    ]);
    await pb.reload();
    await loginViaDemo(pb, suite.worker.url, bob);
    await openChat(pb, alice);
    assert.deepEqual(strip(await paneMessages(pb)), [
      { text: 'keep this', flow: 'in', revoked: false },
      { text: 'message recalled', flow: 'in', revoked: true },
    ]);
  });
});
