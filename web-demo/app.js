// edgechat demo app bootstrap: logging in and out, the engine's events routed to the feature modules.
import Chat from './edgechat/index.js';
import { KICK_REASONS, USER_ID_RE, state, ui } from './state.js';
import { errorText, hideNotice, setLoginError, setNetState, showNotice } from './util.js';
import { onConversationList, onGroupList, markRead, renderConversations, updateTitle } from './conversations.js';
import {
  onMessage, onReadByPeer, onReadReceipts, onRevoked, openConversation, resetPane, updateEmptyStates,
} from './chat.js';
import { loadGroupApplications, renderNotifications } from './groups.js';
import { closePanel } from './group-panel.js';
import { onReactionsUpdated } from './reactions.js';
import { loadContacts, loadFriends, onApplications, onBlacklist, resetContacts } from './friends.js';
import { askMissingProfiles, loadMyProfile, onProfileUpdated, resetProfiles } from './profile.js';
import { showMobile, showTab, updateChatsBadge } from './tabs.js';

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
  showTab('chats');
  renderConversations();
  (state.open ? ui.composer : ui.peer).focus();
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
  state.messages.clear();
  state.groupNames.clear();
  state.notifications.clear();
  state.reading.clear();
  state.readAgain.clear();
  state.open = null;
  state.generation += 1;
  setNetState('disconnected');
  ui.conversations.replaceChildren();
  renderNotifications();
  resetPane();
  closePanel();
  resetContacts();
  resetProfiles();
  showTab('chats');
  showMobile('list');
  updateEmptyStates();
  updateTitle();
  updateChatsBadge();
}

// ---------- engine events ----------

function listen(chat) {
  const on = (name, handler) => {
    chat.on(name, handler);
    state.handlers.push([name, handler]);
  };
  on(Chat.EVENT.SDK_READY, () => {
    showChatView();
    loadGroupApplications();
    loadContacts();
    loadMyProfile();
    askMissingProfiles();
  });
  on(Chat.EVENT.NET_STATE_CHANGE, (event) => {
    const netState = event.data?.state ?? 'disconnected';
    setNetState(netState);
    // Back online: a read receipt that could not go out goes now.
    if (netState === Chat.TYPES.NET_STATE_CONNECTED && state.open?.kind === 'C2C' && document.visibilityState === 'visible') {
      const conv = state.conversations.get(state.open.id);
      if (conv && [...state.messages.values()].some((m) => m.flow === 'in')) markRead(conv);
    }
  });
  on(Chat.EVENT.MESSAGE_RECEIVED, (event) => {
    for (const message of event.data ?? []) onMessage(message);
  });
  on(Chat.EVENT.MESSAGE_REVOKED, (event) => {
    for (const message of event.data ?? []) onRevoked(message);
  });
  on(Chat.EVENT.MESSAGE_READ_BY_PEER, (event) => onReadByPeer(event.data ?? []));
  on(Chat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED, (event) => onReadReceipts(event.data ?? []));
  on(Chat.EVENT.MESSAGE_REACTIONS_UPDATED, (event) => onReactionsUpdated(event.data ?? {}));
  on(Chat.EVENT.GROUP_LIST_UPDATED, (event) => onGroupList(event.data ?? []));
  on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (event) => onConversationList(event.data ?? []));
  on(Chat.EVENT.FRIEND_LIST_UPDATED, () => loadFriends()); // re-read: the list comes with profiles
  on(Chat.EVENT.FRIEND_APPLICATION_LIST_UPDATED, (event) => onApplications(event.data));
  on(Chat.EVENT.BLACKLIST_UPDATED, (event) => onBlacklist(event.data ?? []));
  on(Chat.EVENT.PROFILE_UPDATED, (event) => onProfileUpdated(event.data ?? []));
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
  openConversation(Chat.TYPES.CONV_C2C + peer);
});

ui.back.addEventListener('click', () => {
  showMobile('list');
  if (state.tab === 'chats') ui.peer.focus();
});

// The engine loaded (this module and its imports ran): enable logging in.
ui.bootStatus.hidden = true;
ui.login.disabled = false;
updateEmptyStates();
ui.userID.focus();
