// edgechat demo app: login, a client-side conversation list and a chat pane on top of the edgechat engine.
import Chat from './edgechat/index.js';

const USER_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const PAGE_SIZE = 15;
const KICK_REASONS = {
  [Chat.TYPES.KICKED_OUT_MULT_ACCOUNT]: 'this account logged in on another page',
  [Chat.TYPES.KICKED_OUT_MULT_DEVICE]: 'this account logged in on another device',
  [Chat.TYPES.KICKED_OUT_USERSIG_EXPIRED]: 'the UserSig expired',
  [Chat.TYPES.KICKED_OUT_REST_API]: 'an administrator signed you out',
};

const $ = (id) => document.getElementById(id);
const ui = {
  session: $('session'), me: $('me'), netState: $('net-state'), logout: $('logout'),
  notice: $('notice'), noticeText: $('notice-text'), noticeClose: $('notice-close'),
  loginView: $('login-view'), loginForm: $('login-form'), userID: $('userid'), login: $('login'),
  bootStatus: $('boot-status'), loginError: $('login-error'),
  chatView: $('chat-view'), newChatForm: $('new-chat-form'), peer: $('peer'), openChat: $('open-chat'),
  peerError: $('peer-error'), conversations: $('conversations'), conversationsEmpty: $('conversations-empty'),
  back: $('back'), chatTitle: $('chat-title'), scroller: $('scroller'), loadOlder: $('load-older'),
  messages: $('messages'), messagesEmpty: $('messages-empty'),
  composerForm: $('composer-form'), composer: $('composer'), send: $('send'),
};

/** Everything about the current session; reset on logout / kick. */
const state = {
  chat: null,
  userID: '',
  handlers: [],               // [eventName, handler] pairs registered on `chat`
  conversations: new Map(),   // peer -> { peer, lastText, lastTime, unread, touched }
  counted: new Set(),         // IDs of messages already applied to the conversation list
  open: null,                 // { peer, conversationID, nextReqMessageID, isCompleted, generation }
  generation: 0,              // bumps on every conversation switch, to drop stale page loads
  touchCounter: 0,            // tie-breaker for ordering conversations
};

// ---------- small helpers ----------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function errorText(err) {
  if (err && typeof err === 'object' && 'code' in err) return `${err.code}: ${err.message ?? ''}`.trim();
  return String(err?.message ?? err);
}

function textOf(message) {
  if (message.type === Chat.TYPES.MSG_TEXT) return message.payload?.text ?? '';
  return `[${message.type}]`;
}

function peerOf(message) {
  return message.flow === 'out' ? message.to : message.from;
}

function timeLabel(unixSeconds) {
  if (!unixSeconds) return '';
  const date = new Date(unixSeconds * 1000);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A stable pleasant colour per UserID, for avatars. */
function hueOf(id) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

function avatar(id) {
  const node = el('span', 'avatar', id.slice(0, 1).toUpperCase());
  node.style.setProperty('--hue', String(hueOf(id)));
  node.setAttribute('aria-hidden', 'true');
  return node;
}

function showNotice(text, kind = 'info') {
  ui.noticeText.textContent = text;
  ui.notice.dataset.kind = kind;
  ui.notice.hidden = false;
}

function hideNotice() {
  ui.notice.hidden = true;
  ui.noticeText.textContent = '';
}

function setLoginError(text) {
  ui.loginError.textContent = text;
  ui.loginError.hidden = !text;
}

function setNetState(netState) {
  ui.netState.textContent = netState;
  ui.netState.dataset.state = netState;
}

// ---------- views ----------

function showLoginView() {
  ui.chatView.hidden = true;
  ui.session.hidden = true;
  ui.loginView.hidden = false;
  ui.login.disabled = false;
  ui.userID.focus();
}

function showChatView() {
  if (!ui.chatView.hidden) return;
  ui.me.textContent = state.userID;
  ui.loginView.hidden = true;
  ui.session.hidden = false;
  ui.chatView.hidden = false;
  renderConversations();
  (state.open ? ui.composer : ui.peer).focus();
}

/** On narrow screens only one of list / pane is visible. */
function showMobile(which) {
  ui.chatView.dataset.show = which;
}

// ---------- login / logout ----------

async function logIn(userID) {
  setLoginError('');
  hideNotice();
  if (!USER_ID_RE.test(userID)) {
    setLoginError('A UserID is 1–32 characters: letters, digits, _ or -.');
    ui.userID.focus();
    return;
  }
  ui.login.disabled = true;
  ui.login.textContent = 'Logging in…';
  try {
    const response = await fetch('/dev/usersig?userid=' + encodeURIComponent(userID));
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const code = body?.ErrorCode ?? `HTTP ${response.status}`;
      const info = body?.ErrorInfo ?? response.statusText;
      throw Object.assign(new Error(info), { code, message: `could not get a UserSig: ${info}` });
    }
    const chat = Chat.create({ SDKAppID: body.SDKAppID });
    state.chat = chat;
    state.userID = userID;
    listen(chat);
    await chat.login({ userID, userSig: body.userSig });
  } catch (err) {
    await teardown();
    setLoginError(`Login failed — ${errorText(err)}`);
    ui.userID.focus();
  } finally {
    ui.login.disabled = false;
    ui.login.textContent = 'Log in';
  }
}

async function logOut() {
  const chat = state.chat;
  ui.logout.disabled = true;
  try {
    if (chat) await chat.logout();
  } catch (err) {
    showNotice(`Logout reported an error — ${errorText(err)}`, 'error');
  } finally {
    ui.logout.disabled = false;
    await teardown();
    showLoginView();
  }
}

/** Forgets the session: unhooks events, destroys the SDK instance and clears all per-user UI. */
async function teardown() {
  const chat = state.chat;
  state.chat = null;
  if (chat) {
    for (const [name, handler] of state.handlers) chat.off(name, handler);
    try { await chat.destroy(); } catch { /* already gone */ }
  }
  state.handlers = [];
  state.userID = '';
  state.conversations.clear();
  state.counted.clear();
  state.open = null;
  state.generation += 1;
  setNetState('disconnected');
  ui.conversations.replaceChildren();
  ui.messages.replaceChildren();
  ui.messages.removeAttribute('data-peer');
  ui.chatTitle.textContent = 'No conversation open';
  ui.loadOlder.hidden = true;
  ui.composer.value = '';
  ui.composer.disabled = true;
  ui.send.disabled = true;
  showMobile('list');
  updateEmptyStates();
  updateTitle();
}

// ---------- engine events ----------

function listen(chat) {
  const on = (name, handler) => {
    chat.on(name, handler);
    state.handlers.push([name, handler]);
  };
  on(Chat.EVENT.SDK_READY, () => showChatView());
  on(Chat.EVENT.NET_STATE_CHANGE, (event) => setNetState(event.data?.state ?? 'disconnected'));
  on(Chat.EVENT.MESSAGE_RECEIVED, (event) => {
    for (const message of event.data ?? []) onMessage(message);
  });
  on(Chat.EVENT.KICKED_OUT, async (event) => {
    const type = event.data?.type ?? 'unknown';
    await teardown();
    showLoginView();
    showNotice(`You were signed out (${type}): ${KICK_REASONS[type] ?? 'the server ended the session'}.`, 'kicked');
  });
  on(Chat.EVENT.ERROR, (event) => {
    showNotice(`Error ${errorText(event.data ?? {})}`, 'error');
  });
}

function onMessage(message) {
  if (message.conversationType !== Chat.TYPES.CONV_C2C) return;
  const peer = peerOf(message);
  const isOpen = state.open?.peer === peer;
  if (isOpen) appendMessage(message);
  const viewing = isOpen && document.visibilityState === 'visible';
  recordInConversation(peer, message, { countUnread: message.flow === 'in' && !viewing });
}

// ---------- conversation list ----------

/** Updates the conversation of `peer` with `message` (once per message ID). */
function recordInConversation(peer, message, { countUnread }) {
  const conv = ensureConversation(peer);
  if (message && !state.counted.has(message.ID)) {
    state.counted.add(message.ID);
    const time = message.time || Math.floor(Date.now() / 1000); // unsent messages may have no time yet
    if (time >= conv.lastTime) {
      conv.lastText = textOf(message);
      conv.lastTime = time;
      conv.lastFlow = message.flow;
    }
    if (countUnread) conv.unread += 1;
    conv.touched = ++state.touchCounter;
  }
  renderConversations();
}

function ensureConversation(peer) {
  let conv = state.conversations.get(peer);
  if (!conv) {
    conv = { peer, lastText: '', lastTime: 0, lastFlow: 'in', unread: 0, touched: ++state.touchCounter };
    state.conversations.set(peer, conv);
  }
  return conv;
}

function renderConversations() {
  const focusedPeer = document.activeElement?.closest?.('#conversations [data-peer]')?.dataset.peer;
  const rows = [...state.conversations.values()]
    .sort((a, b) => (b.lastTime - a.lastTime) || (b.touched - a.touched))
    .map((conv) => {
      const li = el('li', 'conversation');
      li.dataset.peer = conv.peer;
      const button = el('button', 'conversation-button');
      button.type = 'button';
      if (state.open?.peer === conv.peer) {
        li.classList.add('active');
        button.setAttribute('aria-current', 'true');
      }
      const main = el('span', 'conversation-main');
      main.append(el('span', 'conversation-peer', conv.peer));
      const preview = conv.lastText ? (conv.lastFlow === 'out' ? 'You: ' : '') + conv.lastText : 'No messages yet';
      main.append(el('span', 'conversation-last', preview));
      const side = el('span', 'conversation-side');
      side.append(el('time', 'conversation-time', timeLabel(conv.lastTime)));
      if (conv.unread > 0) {
        const badge = el('span', 'badge unread', conv.unread > 99 ? '99+' : String(conv.unread));
        badge.setAttribute('aria-label', `${conv.unread} unread`);
        side.append(badge);
      }
      button.append(avatar(conv.peer), main, side);
      button.addEventListener('click', () => openConversation(conv.peer));
      li.append(button);
      return li;
    });
  ui.conversations.replaceChildren(...rows);
  if (focusedPeer) ui.conversations.querySelector(`[data-peer="${CSS.escape(focusedPeer)}"] button`)?.focus();
  updateEmptyStates();
  updateTitle();
}

function updateTitle() {
  let unread = 0;
  for (const conv of state.conversations.values()) unread += conv.unread;
  document.title = unread > 0 ? `(${unread}) edgechat` : 'edgechat';
}

// ---------- chat pane ----------

async function openConversation(peer) {
  if (!state.chat) return;
  const generation = ++state.generation;
  const conversationID = Chat.TYPES.CONV_C2C + peer;
  state.open = { peer, conversationID, nextReqMessageID: '', isCompleted: false, generation };
  ensureConversation(peer).unread = 0;
  renderConversations();

  ui.chatTitle.replaceChildren(avatar(peer), el('span', '', peer));
  ui.messages.replaceChildren();
  ui.messages.dataset.peer = peer;
  ui.messages.setAttribute('aria-busy', 'true');
  ui.loadOlder.hidden = true;
  ui.composer.disabled = false;
  ui.send.disabled = false;
  showMobile('pane');
  updateEmptyStates();
  ui.composer.focus();

  try {
    const { data } = await state.chat.getMessageList({ conversationID, count: PAGE_SIZE });
    if (generation !== state.generation) return;
    // Messages that arrived live while the page loaded are newer: keep them after the page.
    prependMessages(data.messageList);
    applyPaging(data);
    scrollToBottom();
  } catch (err) {
    if (generation !== state.generation) return;
    showNotice(`Could not load messages with ${peer} — ${errorText(err)}`, 'error');
  } finally {
    if (generation === state.generation) ui.messages.setAttribute('aria-busy', 'false');
  }
}

async function loadOlder() {
  const open = state.open;
  if (!open || open.isCompleted || !state.chat) return;
  ui.loadOlder.disabled = true;
  ui.messages.setAttribute('aria-busy', 'true');
  try {
    const { data } = await state.chat.getMessageList({
      conversationID: open.conversationID, nextReqMessageID: open.nextReqMessageID, count: PAGE_SIZE,
    });
    if (open.generation !== state.generation) return;
    const fromBottom = ui.scroller.scrollHeight - ui.scroller.scrollTop;
    prependMessages(data.messageList);
    applyPaging(data);
    ui.scroller.scrollTop = ui.scroller.scrollHeight - fromBottom;
  } catch (err) {
    showNotice(`Could not load older messages — ${errorText(err)}`, 'error');
  } finally {
    ui.loadOlder.disabled = false;
    if (open.generation === state.generation) ui.messages.setAttribute('aria-busy', 'false');
  }
}

function applyPaging({ nextReqMessageID, isCompleted }) {
  state.open.nextReqMessageID = nextReqMessageID;
  state.open.isCompleted = isCompleted;
  ui.loadOlder.hidden = isCompleted;
}

function findMessage(id) {
  return ui.messages.querySelector(`.msg[data-id="${CSS.escape(id)}"]`);
}

const STATUS_OF = { unSend: 'pending', success: 'success', fail: 'failed' };

function messageElement(message, status = STATUS_OF[message.status] ?? 'success') {
  const node = el('div', `msg ${message.flow === 'out' ? 'out' : 'in'}`);
  node.dataset.id = message.ID;
  const bubble = el('div', 'bubble');
  bubble.append(el('p', 'text', textOf(message)));
  const meta = el('div', 'meta');
  const time = el('time', 'time', timeLabel(message.time));
  if (message.time) time.dateTime = new Date(message.time * 1000).toISOString();
  meta.append(time, el('span', 'status'));
  bubble.append(meta);
  node.append(bubble);
  setStatus(node, status);
  return node;
}

/** status: 'pending' | 'success' | 'failed'; `error` gives the code shown for failures. */
function setStatus(node, status, error) {
  node.dataset.status = status;
  node.classList.toggle('pending', status === 'pending');
  node.classList.toggle('failed', status === 'failed');
  const label = node.querySelector('.status');
  label.replaceChildren();
  if (node.classList.contains('in')) return;
  if (status === 'pending') label.textContent = 'sending…';
  else if (status === 'success') label.textContent = '✓ sent';
  else {
    label.textContent = error ? `failed (${error.code ?? 'error'})` : 'failed';
    if (error?.message) label.title = error.message;
  }
}

function prependMessages(list) {
  const fragment = document.createDocumentFragment();
  for (const message of list) {
    if (!findMessage(message.ID)) fragment.append(messageElement(message));
  }
  ui.messages.prepend(fragment);
  updateEmptyStates();
}

function appendMessage(message, status) {
  const existing = findMessage(message.ID);
  if (existing) return existing;
  const stick = message.flow === 'out' || isNearBottom();
  const node = messageElement(message, status);
  ui.messages.append(node);
  updateEmptyStates();
  if (stick) scrollToBottom();
  return node;
}

function isNearBottom() {
  return ui.scroller.scrollHeight - ui.scroller.scrollTop - ui.scroller.clientHeight < 80;
}

function scrollToBottom() {
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
}

function updateEmptyStates() {
  ui.conversationsEmpty.hidden = state.conversations.size > 0;
  const hasMessages = ui.messages.querySelector('.msg') !== null;
  ui.messagesEmpty.hidden = hasMessages;
  ui.messagesEmpty.textContent = state.open
    ? `No messages with ${state.open.peer} yet. Say hi!`
    : 'Open a conversation on the left, or start a new one.';
}

// ---------- sending ----------

async function sendComposed() {
  const text = ui.composer.value;
  if (!text.trim() || !state.open || !state.chat) return;
  const peer = state.open.peer;
  let message;
  try {
    message = state.chat.createTextMessage({ to: peer, conversationType: Chat.TYPES.CONV_C2C, payload: { text } });
  } catch (err) {
    showNotice(`Could not create the message — ${errorText(err)}`, 'error');
    return;
  }
  ui.composer.value = '';
  autosize();
  const node = appendMessage(message, 'pending');
  recordInConversation(peer, message, { countUnread: false });
  await deliver(message, node);
}

/** Sends (or re-sends: the engine reuses the message's random, so the server stores it once). */
async function deliver(message, node) {
  const chat = state.chat;
  const localID = message.ID; // the engine may update the message (ID included) in place once sent
  const current = () => findMessage(localID) ?? findMessage(message.ID) ?? node;
  setStatus(current(), 'pending');
  try {
    const { data } = await chat.sendMessage(message);
    const sent = data?.message ?? message;
    const target = current();
    if (sent.ID) target.dataset.id = sent.ID;
    state.counted.add(sent.ID);
    setStatus(target, 'success');
  } catch (err) {
    const target = current();
    setStatus(target, 'failed', err);
    const retry = el('button', 'link-button', 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => {
      if (state.chat === chat) deliver(message, target);
    });
    target.querySelector('.status').append(' ', retry);
  }
}

function autosize() {
  ui.composer.style.height = 'auto';
  ui.composer.style.height = `${Math.min(ui.composer.scrollHeight, 160)}px`;
}

// ---------- wiring ----------

ui.loginForm.addEventListener('submit', (event) => {
  event.preventDefault();
  logIn(ui.userID.value.trim());
});

ui.logout.addEventListener('click', () => logOut());
ui.noticeClose.addEventListener('click', hideNotice);

ui.newChatForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const peer = ui.peer.value.trim();
  if (!USER_ID_RE.test(peer)) {
    ui.peerError.textContent = 'Enter a UserID: 1–32 letters, digits, _ or -.';
    ui.peerError.hidden = false;
    ui.peer.focus();
    return;
  }
  ui.peerError.hidden = true;
  ui.peer.value = '';
  openConversation(peer);
});

ui.loadOlder.addEventListener('click', () => loadOlder());
ui.back.addEventListener('click', () => {
  showMobile('list');
  ui.peer.focus();
});

ui.composerForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sendComposed();
});

ui.composer.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    sendComposed();
  }
});
ui.composer.addEventListener('input', autosize);

document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && state.open) {
    const conv = state.conversations.get(state.open.peer);
    if (conv?.unread) {
      conv.unread = 0;
      renderConversations();
    }
  }
});

// The engine loaded (this module ran): enable logging in.
ui.bootStatus.hidden = true;
ui.login.disabled = false;
updateEmptyStates();
ui.userID.focus();
