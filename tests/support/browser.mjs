// Test support: launches Debian's Chromium through playwright-core and drives the demo UI (login, chats, messages).
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startWorker } from './worker.mjs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How long a single UI wait may take before failing the test. */
export const UI_TIMEOUT_MS = 20_000;

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page in its own browser context (own storage: a separate "device").
 * Uncaught page errors are kept in `page.errors` and echoed to stderr to help debugging.
 */
export async function newPage(browser) {
  const context = await browser.newContext();
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (err) => {
    page.errors.push(err);
    process.stderr.write(`[page error] ${err.stack ?? err}\n`);
  });
  return page;
}

/** Closes the page's whole context. */
export async function closePage(page) {
  await page.context().close();
}

/**
 * For browser tests (a `describe`, or a whole file): starts a worker and a browser before them and stops both
 * after; `page()` opens a page (a separate device) that is closed after its test, which fails
 * if the page had an uncaught error. `worker` is set once the hooks ran.
 */
export function browserSuite() {
  const suite = { worker: null, browser: null, pages: [] };
  before(async () => {
    suite.worker = await startWorker();
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.worker?.stop();
  });
  afterEach(async () => {
    for (const p of suite.pages) assert.deepEqual(p.errors.map(String), [], 'no uncaught page errors');
    await Promise.all(suite.pages.map(closePage));
    suite.pages = [];
  });
  suite.page = async () => {
    const p = await newPage(suite.browser);
    suite.pages.push(p);
    return p;
  };
  return suite;
}

/** Polls `read()` until it deep-equals `expected` (a UI state that settles), then asserts it. */
export async function eventually(read, expected, message, timeout = UI_TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let actual;
  for (;;) {
    actual = await read();
    try {
      assert.deepEqual(actual, expected);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new assert.AssertionError({ message, actual, expected, operator: 'deepEqual' });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Fills the login form and submits it (no waiting for the outcome). */
export async function submitLogin(page, userID) {
  await page.locator('#userid').fill(userID);
  await page.locator('#login').click();
}

/**
 * Opens the demo at `url` and logs in as `userID` through the UI; resolves once `#net-state` reads
 * `connected`, and fails fast with the shown error if `#login-error` appears instead.
 */
export async function loginViaDemo(page, url, userID) {
  await page.goto(`${url}/`);
  await submitLogin(page, userID);
  const outcome = await page.waitForFunction(() => {
    const error = document.querySelector('#login-error');
    if (error && !error.hidden && error.textContent.trim()) return { error: error.textContent.trim() };
    const net = document.querySelector('#net-state');
    const chatShown = !document.querySelector('#chat-view')?.hidden;
    return chatShown && net?.textContent.trim() === 'connected' ? { ok: true } : null;
  }, null, { timeout: UI_TIMEOUT_MS });
  const result = await outcome.jsonValue();
  if (result.error) throw new Error(`login as ${userID} failed in the demo: ${result.error}`);
}

/** Opens (or switches to) the conversation with `peer` and waits until its history is loaded. */
export async function openChat(page, peer) {
  await page.locator('#peer').fill(peer);
  await page.locator('#open-chat').click();
  await waitForChatLoaded(page, peer);
}

/** Waits until the chat pane shows `peer` and is not loading. */
export async function waitForChatLoaded(page, peer) {
  await page.locator(`#messages[data-peer="${peer}"][aria-busy="false"]`).waitFor({ state: 'attached' });
}

/** Types `text` into the composer, sends it with Enter and waits until the engine confirmed it. */
export async function sendText(page, text) {
  await page.locator('#composer').fill(text);
  await page.locator('#composer').press('Enter');
  await messageLocator(page, text, { flow: 'out', status: 'success' }).waitFor();
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The `.msg` element(s) in the chat pane whose `.text` is exactly `text`.
 * @param {{ flow?: 'in' | 'out', status?: 'pending' | 'success' | 'failed' }} [filter]
 */
export function messageLocator(page, text, { flow, status } = {}) {
  let selector = '#messages .msg';
  if (flow) selector += `.${flow}`;
  if (status) selector += `[data-status="${status}"]`;
  const exact = new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
  return page.locator(selector).filter({ has: page.locator('.text', { hasText: exact }) });
}

/** Waits for a message with exactly `text` in the open chat pane (default: an incoming one). */
export async function waitForMessage(page, text, { flow = 'in', timeout = UI_TIMEOUT_MS } = {}) {
  const locator = messageLocator(page, text, { flow });
  await locator.first().waitFor({ timeout });
  return locator;
}

/**
 * The texts and flows of the messages in the chat pane, in display order; `sender` is the name shown on
 * incoming group messages ('' elsewhere), `from` the sender's UserID.
 */
export function paneMessages(page) {
  return page.locator('#messages .msg').evaluateAll((nodes) => nodes.map((node) => ({
    text: node.querySelector('.text')?.textContent ?? '',
    flow: node.classList.contains('out') ? 'out' : 'in',
    id: node.dataset.id,
    sender: node.querySelector('.sender')?.textContent ?? '',
    from: node.dataset.from ?? '',
    revoked: node.dataset.revoked === 'true',
  })));
}

/** The texts of the group tips (centered system lines) in the chat pane, in display order. */
export function paneTips(page) {
  return page.locator('#messages .tip').evaluateAll((nodes) => nodes.map((node) => node.textContent.trim()));
}

/** The row of the conversation with `peer` in the conversation list. */
export function conversationRow(page, peer) {
  return page.locator(`#conversations [data-peer="${peer}"]`);
}

// ---------- groups ----------

/** The row of group `groupID` in the conversation list. */
export function groupRow(page, groupID) {
  return page.locator(`#conversations [data-group-id="${groupID}"]`);
}

/**
 * Creates a group through the "New group" form and resolves with its ID once the demo opened it.
 * @param {{ name: string, type?: string, members?: string[], groupID?: string }} options
 */
export async function createGroupViaDemo(page, { name, type = 'Public', members = [], groupID } = {}) {
  const details = page.locator('#new-group');
  if (!(await details.evaluate((node) => node.open))) await details.locator('summary').click();
  await page.locator('#group-name').fill(name);
  await page.locator('#group-type').selectOption(type);
  await page.locator('#group-custom-id').fill(groupID ?? '');
  await page.locator('#group-members').fill(members.join(', '));
  await page.locator('#create-group').click();
  const pane = page.locator('#messages[data-group-id][aria-busy="false"]');
  const outcome = await page.waitForFunction(() => {
    const error = document.querySelector('#group-error');
    if (error && !error.hidden && error.textContent.trim()) return { error: error.textContent.trim() };
    const pane = document.querySelector('#messages[data-group-id]');
    return pane && pane.getAttribute('aria-busy') === 'false' ? { groupID: pane.dataset.groupId } : null;
  }, null);
  const result = await outcome.jsonValue();
  if (result.error) throw new Error(`creating group ${name} failed in the demo: ${result.error}`);
  await pane.waitFor({ state: 'attached' });
  return result.groupID;
}

/** Submits "Join group by ID" (no waiting for the outcome). */
export async function joinGroupViaDemo(page, groupID) {
  const details = page.locator('#join-group');
  if (!(await details.evaluate((node) => node.open))) await details.locator('summary').click();
  await page.locator('#join-group-id').fill(groupID);
  await page.locator('#join-group-button').click();
}

/** Opens group `groupID` from the conversation list and waits until its history is loaded. */
export async function openGroup(page, groupID) {
  await groupRow(page, groupID).locator('.conversation-button').click();
  await page.locator(`#messages[data-group-id="${groupID}"][aria-busy="false"]`).waitFor({ state: 'attached' });
}

/** Opens the group info panel of the open group and waits until it shows `groupID`'s members. */
export async function openGroupInfo(page, groupID) {
  const panel = page.locator(`#group-panel[data-group-id="${groupID}"]`);
  if (!(await panel.isVisible())) await page.locator('#group-info-toggle').click();
  await panel.waitFor({ state: 'visible' });
  await panel.locator('#member-list .member').first().waitFor();
  return panel;
}

/** The members listed in the open group info panel: `{ userID, role, muted }`, in display order. */
export function panelMembers(page) {
  return page.locator('#member-list .member').evaluateAll((nodes) => nodes.map((node) => ({
    userID: node.dataset.userId, role: node.dataset.role, muted: node.dataset.muted === 'true',
  })));
}

// ---------- contacts and profile ----------

/** Shows a sidebar tab: 'chats' | 'contacts' | 'profile'. */
export async function showTab(page, name) {
  const tab = page.locator(`#tab-${name}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await page.locator(`#${name}-tab`).waitFor({ state: 'visible' });
}

/** Sends a friend request to `userID` from the Contacts tab (no waiting for the outcome). */
export async function addFriendViaDemo(page, userID, wording = '') {
  await showTab(page, 'contacts');
  await page.locator('#friend-id').fill(userID);
  await page.locator('#friend-wording').fill(wording);
  await page.locator('#add-friend').click();
}

/** The row of `userID` in the friend list. */
export function friendRow(page, userID) {
  return page.locator(`#friend-list [data-user-id="${userID}"]`);
}

/** The friend request row of `userID`; `direction` 'in' (sent to me) or 'out' (sent by me). */
export function requestRow(page, userID, direction) {
  return page.locator(`#friend-requests [data-user-id="${userID}"][data-direction="${direction}"]`);
}

/** The UserIDs in the friend list, in display order. */
export function friendIDs(page) {
  return page.locator('#friend-list .contact').evaluateAll((nodes) => nodes.map((node) => node.dataset.userId));
}

/**
 * Fills the Profile tab's fields given in `fields` (`nick`, `avatar`, `selfSignature`, `gender`, `allowType`) and
 * saves (no waiting for the outcome).
 */
export async function editProfileViaDemo(page, fields) {
  await showTab(page, 'profile');
  await page.locator('#profile-form[data-user-id]').waitFor({ state: 'attached' });
  const ids = { nick: 'profile-nick', avatar: 'profile-avatar-url', selfSignature: 'profile-signature', gender: 'profile-gender', allowType: 'profile-allow' };
  for (const [key, value] of Object.entries(fields)) {
    const field = page.locator(`#${ids[key]}`);
    if (key === 'gender' || key === 'allowType') await field.selectOption(value);
    else await field.fill(value);
  }
  await page.locator('#profile-save').click();
}
