// Test support: launches Debian's Chromium through playwright-core and drives the demo UI (login, chats, messages).
import { chromium } from 'playwright-core';

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

/** The texts and flows of the messages in the chat pane, in display order. */
export function paneMessages(page) {
  return page.locator('#messages .msg').evaluateAll((nodes) => nodes.map((node) => ({
    text: node.querySelector('.text')?.textContent ?? '',
    flow: node.classList.contains('out') ? 'out' : 'in',
    id: node.dataset.id,
  })));
}

/** The row of the conversation with `peer` in the conversation list. */
export function conversationRow(page, peer) {
  return page.locator(`#conversations [data-peer="${peer}"]`);
}
