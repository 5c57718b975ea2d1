// E2E tests of the demo app's contacts and profile in Chromium (Playwright) against the real worker: friend requests
// accepted live and refused, chatting from the friend list with read state, images and files by URL, blocking,
// profile editing seen by a friend and after a reload, and the engine's error codes shown in the UI.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  addFriendViaDemo, conversationRow, browserSuite, editProfileViaDemo, eventually, friendIDs, friendRow,
  loginViaDemo, messageLocator, requestRow, sendText, showTab, waitForMessage,
} from '../support/browser.mjs';
import { uniqueID } from '../support/worker.mjs';

const TEST = { timeout: 240_000 };

describe('demo app: contacts and profile', () => {
  const suite = browserSuite();
  const page = suite.page;

  test('a friend request is accepted live; both lists show each other; a chat opens from the list', TEST, async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const [pa, pb] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pa, suite.worker.url, alice), loginViaDemo(pb, suite.worker.url, bob)]);

    // Alice asks; bob needs to confirm (the default), so it waits as her outgoing request.
    await addFriendViaDemo(pa, bob, 'hi bob, it is alice');
    await pa.locator('#friend-status', { hasText: `Request sent to ${bob}` }).waitFor();
    await requestRow(pa, bob, 'out').waitFor();
    assert.deepEqual(await friendIDs(pa), []);

    // Bob, on his Chats tab, sees the request counted live on the Contacts tab, with alice's wording.
    await pb.locator('#contacts-badge', { hasText: /^\s*1\s*$/ }).waitFor();
    await showTab(pb, 'contacts');
    const incoming = requestRow(pb, alice, 'in');
    await incoming.filter({ hasText: 'hi bob, it is alice' }).waitFor();
    await incoming.getByRole('button', { name: `Accept ${alice}'s friend request` }).click();

    // Both lists show each other; the requests are gone on both sides.
    await friendRow(pb, alice).waitFor();
    await friendRow(pa, bob).waitFor();
    await incoming.waitFor({ state: 'detached' });
    await requestRow(pa, bob, 'out').waitFor({ state: 'detached' });
    await pb.locator('#contacts-badge').waitFor({ state: 'hidden' });
    await eventually(() => friendIDs(pa), [bob], 'alice has exactly bob');
    await eventually(() => friendIDs(pb), [alice], 'bob has exactly alice');

    // Opening a chat from the friend list: the pane shows the peer, the Chats tab comes back.
    await friendRow(pa, bob).getByRole('button', { name: `Chat with ${bob}` }).click();
    await pa.locator(`#messages[data-peer="${bob}"][aria-busy="false"]`).waitFor({ state: 'attached' });
    await pa.locator('#tab-chats[aria-selected="true"]').waitFor();
    await sendText(pa, 'friends now!');
    await conversationRow(pa, bob).filter({ hasText: 'friends now!' }).waitFor();

    // Bob opens the chat from his list too; alice's message then shows as read on her side.
    await friendRow(pb, alice).getByRole('button', { name: `Chat with ${alice}` }).click();
    await pb.locator(`#messages[data-peer="${alice}"][aria-busy="false"]`).waitFor({ state: 'attached' });
    await waitForMessage(pb, 'friends now!');
    const read = messageLocator(pa, 'friends now!', { flow: 'out', status: 'success' });
    await read.filter({ has: pa.locator('.status', { hasText: 'read' }) }).waitFor();
    assert.equal(await read.getAttribute('data-read'), 'true');

    // An image and a file by URL (same-origin ones, so the page loads them).
    await pa.locator('#attach-toggle').click();
    await pa.locator('#attach-kind').selectOption('image');
    await pa.locator('#attach-url').fill(`${suite.worker.url}/favicon.svg`);
    await pa.locator('#attach-send').click();
    await pa.locator('#messages .msg.out[data-status="success"] .attachment.image img').waitFor();
    const image = pb.locator('#messages .msg.in .attachment.image img');
    await image.waitFor();
    assert.equal(await image.getAttribute('src'), `${suite.worker.url}/favicon.svg`);
    assert.ok(await image.evaluate((img) => img.complete && img.naturalWidth > 0), 'the image loads');

    await pa.locator('#attach-toggle').click();
    await pa.locator('#attach-kind').selectOption('file');
    await pa.locator('#attach-url').fill(`${suite.worker.url}/style.css`);
    await pa.locator('#attach-name').fill('demo styles.css');
    await pa.locator('#attach-send').click();
    const file = pb.locator('#messages .msg.in a.attachment.file', { hasText: 'demo styles.css' });
    await file.waitFor();
    assert.equal(await file.getAttribute('href'), `${suite.worker.url}/style.css`);
    await conversationRow(pb, alice).filter({ hasText: '[File] demo styles.css' }).waitFor();

    // A URL that is not http(s) is refused before sending.
    await pa.locator('#attach-toggle').click();
    await pa.locator('#attach-url').fill('javascript:alert(1)');
    await pa.locator('#attach-send').click();
    await pa.locator('#attach-error', { hasText: 'http' }).waitFor();
  });

  test('a refused request; blocking a friend and unblocking', TEST, async () => {
    const carol = uniqueID('carol');
    const dave = uniqueID('dave');
    const [pc, pd] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pc, suite.worker.url, carol), loginViaDemo(pd, suite.worker.url, dave)]);

    await addFriendViaDemo(pc, dave, 'coffee?');
    await requestRow(pc, dave, 'out').waitFor();
    await showTab(pd, 'contacts');
    await requestRow(pd, carol, 'in').getByRole('button', { name: `Refuse ${carol}'s friend request` }).click();
    await requestRow(pd, carol, 'in').waitFor({ state: 'detached' });
    await requestRow(pc, dave, 'out').waitFor({ state: 'detached' });
    assert.deepEqual(await friendIDs(pc), []);
    assert.deepEqual(await friendIDs(pd), []);

    // Dave lets anyone add him (Profile tab); carol's next request makes them friends at once.
    await editProfileViaDemo(pd, { allowType: 'AllowType_Type_AllowAny' });
    await pd.locator('#profile-status', { hasText: 'Saved' }).waitFor();
    await addFriendViaDemo(pc, dave);
    await pc.locator('#friend-status', { hasText: `You and ${dave} are now friends` }).waitFor();
    await friendRow(pc, dave).waitFor();
    await showTab(pd, 'contacts');
    await friendRow(pd, carol).waitFor();

    // Dave blocks carol: she leaves his friends for his blocked list, and his row leaves her list live.
    pd.once('dialog', (dialog) => dialog.accept());
    await friendRow(pd, carol).getByRole('button', { name: `Block ${carol}` }).click();
    await pd.locator(`#blocked-list [data-user-id="${carol}"]`).waitFor();
    await friendRow(pd, carol).waitFor({ state: 'detached' });
    await friendRow(pc, dave).waitFor({ state: 'detached' });
    // Asking again is refused with the engine's code (30525: on the target's blacklist).
    await addFriendViaDemo(pc, dave);
    await pc.locator('#friend-error', { hasText: '30525' }).waitFor();

    await pd.locator(`#blocked-list [data-user-id="${carol}"]`).getByRole('button', { name: `Unblock ${carol}` }).click();
    await pd.locator('#blocked-section').waitFor({ state: 'hidden' });
    await addFriendViaDemo(pc, dave);
    await friendRow(pc, dave).waitFor();

    // Removing a friend removes both ways.
    pc.once('dialog', (dialog) => dialog.accept());
    await friendRow(pc, dave).getByRole('button', { name: `Remove ${dave} from friends` }).click();
    await friendRow(pc, dave).waitFor({ state: 'detached' });
    await friendRow(pd, carol).waitFor({ state: 'detached' });
  });

  test('profile edits show after a reload and to a friend; bad input shows the engine’s code', TEST, async () => {
    const alice = uniqueID('alice');
    const bob = uniqueID('bob');
    const [pa, pb] = await Promise.all([page(), page()]);
    await Promise.all([loginViaDemo(pa, suite.worker.url, alice), loginViaDemo(pb, suite.worker.url, bob)]);

    // Befriend first (bob accepts anyone), so bob is told about alice's profile changes.
    await editProfileViaDemo(pb, { allowType: 'AllowType_Type_AllowAny' });
    await pb.locator('#profile-status', { hasText: 'Saved' }).waitFor();
    await addFriendViaDemo(pa, bob);
    await friendRow(pa, bob).waitFor();
    await showTab(pb, 'contacts');
    await friendRow(pb, alice).locator('.contact-name', { hasText: alice }).waitFor();

    const nick = 'Alice Liddell';
    const signature = 'down the rabbit hole';
    await editProfileViaDemo(pa, { nick, selfSignature: signature, gender: 'Gender_Type_Female' });
    await pa.locator('#profile-status', { hasText: 'Saved' }).waitFor();
    await pa.locator('#profile-name', { hasText: nick }).waitFor();
    await pa.locator('#profile-signature-view', { hasText: signature }).waitFor();
    await pa.locator('#me-nick', { hasText: nick }).waitFor();

    // Bob's friend list shows the new nickname live, and his chat with her is titled with it.
    await friendRow(pb, alice).locator('.contact-name', { hasText: nick }).waitFor();
    await friendRow(pb, alice).filter({ hasText: signature }).waitFor();
    await friendRow(pb, alice).getByRole('button', { name: `Chat with ${nick}` }).click();
    await pb.locator('#chat-title', { hasText: nick }).waitFor();
    await conversationRow(pb, alice).filter({ hasText: nick }).waitFor();

    // After a reload and a new login, the profile shows the saved values.
    await pa.reload();
    await loginViaDemo(pa, suite.worker.url, alice);
    await showTab(pa, 'profile');
    await pa.locator('#profile-name', { hasText: nick }).waitFor();
    assert.equal(await pa.locator('#profile-nick').inputValue(), nick);
    assert.equal(await pa.locator('#profile-signature').inputValue(), signature);
    assert.equal(await pa.locator('#profile-gender').inputValue(), 'Gender_Type_Female');

    // A nickname over 500 bytes: the engine refuses it (2721), the form says so, nothing changes.
    await editProfileViaDemo(pa, { nick: 'n'.repeat(501) });
    await pa.locator('#profile-error', { hasText: '2721' }).waitFor();
    await pa.locator('#profile-name', { hasText: nick }).waitFor();

    // Adding yourself: the server refuses it (30001) and the Contacts tab shows the code and message.
    await addFriendViaDemo(pa, alice);
    await pa.locator('#friend-error', { hasText: '30001' }).filter({ hasText: 'yourself' }).waitFor();
  });
});
