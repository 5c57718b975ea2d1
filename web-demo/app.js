// edgechat demo app: login, a conversation list (one-to-one and groups), a chat pane, a group info panel
// and group notifications, on top of the edgechat engine's public API.
import Chat from './edgechat/index.js';

const USER_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const PAGE_SIZE = 15;
const RECALL_WINDOW_S = 120;   // the server's default recall window
const MUTE_SECONDS = 600;      // "Mute 10 min"
const GROUP_NAME_MAX_BYTES = 30;
const GROUP_TYPE_LABEL = {
  [Chat.TYPES.GRP_WORK]: 'Work', Work: 'Work', [Chat.TYPES.GRP_PUBLIC]: 'Public', [Chat.TYPES.GRP_MEETING]: 'Meeting',
  [Chat.TYPES.GRP_AVCHATROOM]: 'Live', [Chat.TYPES.GRP_COMMUNITY]: 'Community',
};
const ROLE_LABEL = {
  [Chat.TYPES.GRP_MBR_ROLE_OWNER]: 'Owner', [Chat.TYPES.GRP_MBR_ROLE_ADMIN]: 'Admin', [Chat.TYPES.GRP_MBR_ROLE_MEMBER]: 'Member',
};
const JOIN_OPTION_LABEL = {
  [Chat.TYPES.JOIN_OPTIONS_FREE_ACCESS]: 'anyone can join',
  [Chat.TYPES.JOIN_OPTIONS_NEED_PERMISSION]: 'needs approval',
  [Chat.TYPES.JOIN_OPTIONS_DISABLE_APPLY]: 'by invitation only',
};
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
  newGroup: $('new-group'), newGroupForm: $('new-group-form'), groupName: $('group-name'), groupType: $('group-type'),
  groupCustomID: $('group-custom-id'), groupMembers: $('group-members'), groupError: $('group-error'),
  createGroup: $('create-group'),
  joinGroupForm: $('join-group-form'), joinGroupID: $('join-group-id'), joinError: $('join-error'),
  joinGroupButton: $('join-group-button'),
  notifications: $('notifications'), notificationList: $('notification-list'),
  infoToggle: $('group-info-toggle'), panel: $('group-panel'), panelClose: $('group-panel-close'),
  groupFacts: $('group-facts'), renameForm: $('rename-form'), renameInput: $('rename-input'),
  memberList: $('member-list'), addMemberForm: $('add-member-form'), addMemberInput: $('add-member-input'),
  inviteHint: $('invite-hint'), leaveGroup: $('leave-group'), dismissGroup: $('dismiss-group'),
};

/** Everything about the current session; reset on logout / kick. */
const state = {
  chat: null,
  userID: '',
  handlers: [],               // [eventName, handler] pairs registered on `chat`
  // conversationID -> { id, kind: 'C2C' | 'GROUP', peer, groupID, name, groupType, preview, lastID,
  //                    lastTime, unread, touched }
  // One-to-one rows count their unread here; group rows take unread counts from the engine's lists.
  conversations: new Map(),
  counted: new Set(),         // IDs of messages already applied to the conversation list
  open: null,                 // { id, kind, peer, groupID, conversationID, nextReqMessageID, isCompleted, generation }
  generation: 0,              // bumps on every conversation switch, to drop stale page loads
  touchCounter: 0,            // tie-breaker for ordering conversations
  messages: new Map(),        // message ID -> Message object, for the open conversation (recall needs it)
  groupNames: new Map(),      // groupID -> last known name (kept after leaving, for notices)
  notifications: new Map(),   // key -> { key, kind, text, groupID, applicant, message, application }
  reading: new Set(),         // conversation IDs with a setMessageRead call in flight
  panel: { open: false, groupID: '', generation: 0, group: null, members: [], myRole: '' },
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
  if (message.isRevoked) return 'message recalled';
  if (message.type === Chat.TYPES.MSG_TEXT) return message.payload?.text ?? '';
  if (message.type === Chat.TYPES.MSG_GRP_TIP) return tipText(message.payload ?? {});
  return `[${message.type}]`;
}

/** How a user is called in the UI: "you" for me, else the UserID. */
function who(userID) {
  return userID === state.userID ? 'you' : userID;
}

function whoList(ids) {
  const names = (ids ?? []).map(who);
  if (names.length <= 1) return names[0] ?? 'someone';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "you joined" → "You joined" (UserIDs are case-sensitive: only "you" is capitalized). */
function capitalize(text) {
  return text.startsWith('you') ? `Y${text.slice(1)}` : text;
}

/** The sender's name shown on a group message: group name card, then nickname, then UserID. */
function senderName(message) {
  return message.nameCard || message.nick || message.from || '';
}

function groupName(groupID) {
  return state.groupNames.get(groupID) || groupID;
}

function groupTypeLabel(type) {
  return GROUP_TYPE_LABEL[type] ?? type ?? '';
}

function minutes(seconds) {
  const m = Math.round(Number(seconds) / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** One line for a group tip (join, quit, kick, admin, profile, mute). */
function tipText(payload) {
  const T = Chat.TYPES;
  const users = payload.userIDList ?? [];
  const by = payload.operatorID && !users.includes(payload.operatorID) ? ` by ${who(payload.operatorID)}` : '';
  switch (payload.operationType) {
    case T.GRP_TIP_MBR_JOIN: return capitalize(`${whoList(users)} joined`);
    case T.GRP_TIP_MBR_QUIT: return capitalize(`${whoList(users)} left`);
    case T.GRP_TIP_MBR_KICKED_OUT: return capitalize(`${whoList(users)} ${users.length > 1 ? 'were' : 'was'} removed${by}`);
    case T.GRP_TIP_MBR_SET_ADMIN: return capitalize(`${whoList(users)} ${users.length > 1 || users[0] === state.userID ? 'are' : 'is'} now admin${by}`);
    case T.GRP_TIP_MBR_CANCELED_ADMIN: return capitalize(`${whoList(users)} ${users.length > 1 || users[0] === state.userID ? 'are' : 'is'} no longer admin${by}`);
    case T.GRP_TIP_GRP_PROFILE_UPDATED: {
      const name = payload.newGroupProfile?.Name ?? payload.newGroupProfile?.name;
      return name !== undefined
        ? capitalize(`${who(payload.operatorID)} renamed the group to “${name}”`)
        : 'Group profile updated';
    }
    case T.GRP_TIP_MBR_PROFILE_UPDATED: {
      const parts = (payload.memberList ?? []).map((m) => {
        const id = m.Member_Account ?? m.userID;
        const secs = Number(m.MuteTime ?? m.muteTime ?? 0);
        return secs > 0 ? `${who(id)} ${id === state.userID ? 'were' : 'was'} muted for ${minutes(secs)}` : `${who(id)} can talk again`;
      });
      return parts.length ? capitalize(parts.join('; ')) : 'Member profile updated';
    }
    default: return 'Group updated';
  }
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

function avatar(id, { group = false, label } = {}) {
  const node = el('span', group ? 'avatar group' : 'avatar', (label || id).slice(0, 1).toUpperCase());
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
  state.messages.clear();
  state.groupNames.clear();
  state.notifications.clear();
  state.reading.clear();
  state.open = null;
  state.generation += 1;
  setNetState('disconnected');
  ui.conversations.replaceChildren();
  renderNotifications();
  resetPane();
  closePanel();
  showMobile('list');
  updateEmptyStates();
  updateTitle();
}

/** The chat pane with nothing open. */
function resetPane() {
  ui.messages.replaceChildren();
  ui.messages.removeAttribute('data-peer');
  ui.messages.removeAttribute('data-group-id');
  ui.messages.removeAttribute('data-conversation-id');
  ui.messages.setAttribute('aria-busy', 'false');
  ui.chatTitle.textContent = 'No conversation open';
  ui.infoToggle.hidden = true;
  ui.loadOlder.hidden = true;
  ui.composer.value = '';
  ui.composer.disabled = true;
  ui.send.disabled = true;
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
  });
  on(Chat.EVENT.NET_STATE_CHANGE, (event) => setNetState(event.data?.state ?? 'disconnected'));
  on(Chat.EVENT.MESSAGE_RECEIVED, (event) => {
    for (const message of event.data ?? []) onMessage(message);
  });
  on(Chat.EVENT.MESSAGE_REVOKED, (event) => {
    for (const message of event.data ?? []) onRevoked(message);
  });
  on(Chat.EVENT.GROUP_LIST_UPDATED, (event) => onGroupList(event.data ?? []));
  on(Chat.EVENT.CONVERSATION_LIST_UPDATED, (event) => onConversationList(event.data ?? []));
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
  if (message.type === Chat.TYPES.MSG_GRP_SYS_NOTICE) {
    onSystemNotice(message);
    return;
  }
  if (message.conversationType === Chat.TYPES.CONV_C2C) {
    const peer = peerOf(message);
    const conv = ensureC2C(peer);
    const isOpen = state.open?.id === conv.id;
    if (isOpen) appendMessage(message);
    const viewing = isOpen && document.visibilityState === 'visible';
    recordInConversation(conv, message, { countUnread: message.flow === 'in' && !viewing });
    return;
  }
  if (message.conversationType === Chat.TYPES.CONV_GROUP) {
    const groupID = message.conversationID?.slice(Chat.TYPES.CONV_GROUP.length) || message.to;
    const conv = ensureGroup(groupID);
    if (state.open?.id === conv.id) appendMessage(message);
    recordInConversation(conv, message, { countUnread: false }); // the engine counts group unread
    if (message.type === Chat.TYPES.MSG_GRP_TIP) onTip(groupID, message.payload ?? {});
  }
}

/** Side effects of a group tip: a renamed group, a changed member list. */
function onTip(groupID, payload) {
  if (payload.operationType === Chat.TYPES.GRP_TIP_GRP_PROFILE_UPDATED) {
    const name = payload.newGroupProfile?.Name ?? payload.newGroupProfile?.name;
    if (typeof name === 'string') setGroupName(groupID, name, { authoritative: true });
  }
  if (state.panel.open && state.panel.groupID === groupID) loadPanel();
}

function onRevoked(message) {
  const node = findMessage(message.ID);
  if (node) markRecalled(node);
  const conv = state.conversations.get(message.conversationID);
  if (conv && conv.lastID === message.ID) {
    conv.preview = previewFor(conv, { ...message, isRevoked: true });
    renderConversations();
  }
}

// ---------- conversation list ----------

function ensureC2C(peer) {
  const id = Chat.TYPES.CONV_C2C + peer;
  let conv = state.conversations.get(id);
  if (!conv) {
    conv = { id, kind: 'C2C', peer, name: peer, preview: '', lastID: '', lastTime: 0, unread: 0, touched: ++state.touchCounter };
    state.conversations.set(id, conv);
  }
  return conv;
}

function ensureGroup(groupID, { name, type } = {}) {
  const id = Chat.TYPES.CONV_GROUP + groupID;
  let conv = state.conversations.get(id);
  if (!conv) {
    conv = {
      id, kind: 'GROUP', groupID, name: groupName(groupID), groupType: type ?? '', preview: '', lastID: '',
      lastTime: 0, unread: 0, touched: ++state.touchCounter,
    };
    state.conversations.set(id, conv);
  }
  if (name) setGroupName(groupID, name);
  if (type) conv.groupType = type;
  return conv;
}

/**
 * Remembers a group's name. Names from the engine's lists are taken until a fresher one is known from a
 * profile or a rename tip (`authoritative`), because the engine's lists keep the name a group had when
 * it was first listed.
 */
function setGroupName(groupID, name, { authoritative = false } = {}) {
  const conv = state.conversations.get(Chat.TYPES.CONV_GROUP + groupID);
  if (!authoritative && conv?.nameKnown) return;
  state.groupNames.set(groupID, name);
  if (conv) {
    conv.name = name;
    if (authoritative) conv.nameKnown = true;
  }
  if (state.open?.groupID === groupID) renderPaneTitle();
}

/** The preview line of a conversation for its last message (a Message or a lastMessage entry). */
function previewFor(conv, message) {
  const from = message.from ?? message.fromAccount ?? '';
  const isTip = message.type === Chat.TYPES.MSG_GRP_TIP;
  const text = message.isRevoked ? 'message recalled'
    : isTip ? tipText(message.payload ?? {})
      : message.type === Chat.TYPES.MSG_TEXT ? (message.payload?.text ?? message.messageForShow ?? '')
        : (message.messageForShow || `[${message.type}]`);
  if (isTip) return text;
  const out = message.flow ? message.flow === 'out' : from === state.userID;
  if (out) return `You: ${text}`;
  if (conv.kind === 'GROUP') return `${message.nameCard || message.nick || from}: ${text}`;
  return text;
}

/** Updates `conv` with `message` (once per message ID). */
function recordInConversation(conv, message, { countUnread }) {
  if (message && !state.counted.has(message.ID)) {
    state.counted.add(message.ID);
    const time = message.time || Math.floor(Date.now() / 1000); // unsent messages may have no time yet
    if (time >= conv.lastTime) {
      conv.preview = previewFor(conv, message);
      conv.lastID = message.ID;
      conv.lastTime = time;
    }
    if (countUnread) conv.unread += 1;
    conv.touched = ++state.touchCounter;
  }
  renderConversations();
}

/** Applies a group entry of GROUP_LIST_UPDATED / CONVERSATION_LIST_UPDATED: unread count and last message. */
function applyGroupEntry(conv, { unreadCount, lastMessage }) {
  const viewing = state.open?.id === conv.id && document.visibilityState === 'visible';
  if (typeof unreadCount === 'number') {
    conv.unread = viewing ? 0 : unreadCount;
    if (viewing && unreadCount > 0) markRead(conv);
  }
  const last = lastMessage ?? {};
  if (last.ID && (last.lastTime ?? 0) >= conv.lastTime) {
    conv.preview = previewFor(conv, last);
    conv.lastID = last.ID;
    conv.lastTime = last.lastTime ?? conv.lastTime;
  }
}

/** The joined groups: adds new rows, drops rows of groups I am no longer in (closing the pane if open). */
function onGroupList(groups) {
  const current = new Set();
  for (const g of groups) {
    current.add(g.groupID);
    const conv = ensureGroup(g.groupID, { name: g.name, type: g.type });
    applyGroupEntry(conv, g);
  }
  for (const conv of [...state.conversations.values()]) {
    if (conv.kind !== 'GROUP' || current.has(conv.groupID)) continue;
    state.conversations.delete(conv.id);
    if (state.open?.id === conv.id) closeConversation();
  }
  renderConversations();
}

function onConversationList(list) {
  for (const entry of list) {
    if (entry.type !== Chat.TYPES.CONV_GROUP) continue; // one-to-one rows keep their own counts
    const groupID = entry.groupProfile?.groupID ?? entry.conversationID.slice(Chat.TYPES.CONV_GROUP.length);
    const conv = state.conversations.get(entry.conversationID);
    if (!conv) continue; // rows come and go with GROUP_LIST_UPDATED
    if (entry.groupProfile?.name) setGroupName(groupID, entry.groupProfile.name);
    applyGroupEntry(conv, entry);
  }
  renderConversations();
}

/** Marks a group conversation read in the engine (clears its unread count on every device). */
async function markRead(conv) {
  if (!state.chat || conv.kind !== 'GROUP' || state.reading.has(conv.id)) return;
  state.reading.add(conv.id);
  const chat = state.chat;
  try {
    await chat.setMessageRead({ conversationID: conv.id });
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not mark ${conv.name} read — ${errorText(err)}`, 'error');
  } finally {
    state.reading.delete(conv.id);
  }
}

function renderConversations() {
  const focusedID = document.activeElement?.closest?.('#conversations [data-conversation-id]')?.dataset.conversationId;
  const rows = [...state.conversations.values()]
    .sort((a, b) => (b.lastTime - a.lastTime) || (b.touched - a.touched))
    .map((conv) => {
      const li = el('li', `conversation ${conv.kind === 'GROUP' ? 'group' : 'c2c'}`);
      li.dataset.conversationId = conv.id;
      if (conv.kind === 'C2C') li.dataset.peer = conv.peer;
      else li.dataset.groupId = conv.groupID;
      const button = el('button', 'conversation-button');
      button.type = 'button';
      if (state.open?.id === conv.id) {
        li.classList.add('active');
        button.setAttribute('aria-current', 'true');
      }
      const main = el('span', 'conversation-main');
      const title = el('span', 'conversation-peer', conv.name);
      if (conv.kind === 'GROUP' && conv.groupType) title.append(el('span', 'type-tag', groupTypeLabel(conv.groupType)));
      main.append(title);
      main.append(el('span', 'conversation-last', conv.preview || 'No messages yet'));
      const side = el('span', 'conversation-side');
      side.append(el('time', 'conversation-time', timeLabel(conv.lastTime)));
      if (conv.unread > 0) {
        const badge = el('span', 'badge unread', conv.unread > 99 ? '99+' : String(conv.unread));
        badge.setAttribute('aria-label', `${conv.unread} unread`);
        side.append(badge);
      }
      button.append(avatar(conv.kind === 'GROUP' ? conv.groupID : conv.peer, { group: conv.kind === 'GROUP', label: conv.name }), main, side);
      button.setAttribute('aria-label', `${conv.kind === 'GROUP' ? 'Group ' : ''}${conv.name}${conv.unread ? `, ${conv.unread} unread` : ''}`);
      button.addEventListener('click', () => openConversation(conv.id));
      li.append(button);
      return li;
    });
  ui.conversations.replaceChildren(...rows);
  if (focusedID) ui.conversations.querySelector(`[data-conversation-id="${CSS.escape(focusedID)}"] button`)?.focus();
  updateEmptyStates();
  updateTitle();
}

function updateTitle() {
  let unread = 0;
  for (const conv of state.conversations.values()) unread += conv.unread;
  document.title = unread > 0 ? `(${unread}) edgechat` : 'edgechat';
}

// ---------- notifications (group system notices) ----------

function addNotification(item) {
  state.notifications.set(item.key, item);
  renderNotifications();
}

function dropNotification(key) {
  state.notifications.delete(key);
  renderNotifications();
}

function renderNotifications() {
  const items = [...state.notifications.values()].map((item) => {
    const li = el('li', `notification ${item.kind}`);
    li.dataset.kind = item.kind;
    if (item.groupID) li.dataset.groupId = item.groupID;
    if (item.applicant) li.dataset.applicant = item.applicant;
    li.append(el('p', 'notification-text', item.text));
    const actions = el('div', 'notification-actions');
    if (item.kind === 'join-request') {
      const approve = el('button', 'button primary small-button', 'Approve');
      approve.type = 'button';
      approve.setAttribute('aria-label', `Approve ${item.applicant} joining ${groupName(item.groupID)}`);
      approve.addEventListener('click', () => handleApplication(item, 'Agree', li));
      const reject = el('button', 'button ghost small-button', 'Reject');
      reject.type = 'button';
      reject.setAttribute('aria-label', `Reject ${item.applicant} joining ${groupName(item.groupID)}`);
      reject.addEventListener('click', () => handleApplication(item, 'Reject', li));
      actions.append(approve, reject);
    } else {
      const close = el('button', 'icon-button', '×');
      close.type = 'button';
      close.setAttribute('aria-label', 'Dismiss notification');
      close.addEventListener('click', () => dropNotification(item.key));
      actions.append(close);
    }
    li.append(actions);
    return li;
  });
  ui.notificationList.replaceChildren(...items);
  ui.notifications.hidden = items.length === 0;
}

function onSystemNotice(message) {
  const p = message.payload ?? {};
  const groupID = p.groupProfile?.groupID ?? '';
  const name = groupName(groupID);
  const by = p.operatorID ? who(p.operatorID) : 'an admin';
  const info = (text) => addNotification({ key: `info:${groupID}:${p.operationType}:${message.ID}`, kind: 'info', groupID, text });
  switch (p.operationType) {
    case 1: // someone asks to join a group I manage
      addNotification({
        key: `join:${groupID}:${p.operatorID}`, kind: 'join-request', groupID, applicant: p.operatorID, message,
        text: `${p.operatorID} asks to join ${name}${p.handleMessage ? `: “${p.handleMessage}”` : ''}`,
      });
      break;
    case 2:
      state.notifications.delete(`pending:${groupID}`);
      info(`Your request to join ${name} was approved.`);
      break;
    case 3:
      state.notifications.delete(`pending:${groupID}`);
      info(`Your request to join ${name} was declined${p.handleMessage ? `: “${p.handleMessage}”` : ''}.`);
      break;
    case 4: info(`You were removed from ${name} by ${by}.`); break;
    case 5: info(`${name} was dismissed by ${by}.`); break;
    case 255: info(`${name}: ${p.userDefinedField ?? p.handleMessage ?? 'notice'}`); break;
    default: break; // 6 created, 8 quit: my own doing, already visible
  }
}

/** Join requests that arrived while I was offline. */
async function loadGroupApplications() {
  const chat = state.chat;
  if (!chat) return;
  try {
    const { data } = await chat.getGroupApplicationList();
    if (state.chat !== chat) return;
    for (const application of data.applicationList ?? []) {
      const key = `join:${application.groupID}:${application.applicant}`;
      if (state.notifications.has(key)) continue;
      addNotification({
        key, kind: 'join-request', groupID: application.groupID, applicant: application.applicant, application,
        text: `${application.applicant} asks to join ${groupName(application.groupID)}${application.postscript ? `: “${application.postscript}”` : ''}`,
      });
    }
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not load join requests — ${errorText(err)}`, 'error');
  }
}

async function handleApplication(item, handleAction, li) {
  if (!state.chat) return;
  for (const b of li.querySelectorAll('button')) b.disabled = true;
  try {
    await state.chat.handleGroupApplication({ handleAction, message: item.message, application: item.application });
    dropNotification(item.key);
    if (state.panel.open && state.panel.groupID === item.groupID) loadPanel();
  } catch (err) {
    for (const b of li.querySelectorAll('button')) b.disabled = false;
    showNotice(`Could not ${handleAction === 'Agree' ? 'approve' : 'reject'} ${item.applicant} — ${errorText(err)}`, 'error');
  }
}

// ---------- chat pane ----------

function renderPaneTitle() {
  const open = state.open;
  if (!open) return;
  const conv = state.conversations.get(open.id);
  const name = conv?.name ?? open.peer ?? open.groupID;
  const title = el('span', 'title-text', name);
  const nodes = [avatar(open.kind === 'GROUP' ? open.groupID : open.peer, { group: open.kind === 'GROUP', label: name }), title];
  if (open.kind === 'GROUP' && conv?.groupType) nodes.push(el('span', 'type-tag', groupTypeLabel(conv.groupType)));
  ui.chatTitle.replaceChildren(...nodes);
}

async function openConversation(conversationID) {
  if (!state.chat) return;
  const generation = ++state.generation;
  const isGroup = conversationID.startsWith(Chat.TYPES.CONV_GROUP);
  const conv = isGroup
    ? ensureGroup(conversationID.slice(Chat.TYPES.CONV_GROUP.length))
    : ensureC2C(conversationID.slice(Chat.TYPES.CONV_C2C.length));
  state.open = {
    id: conv.id, kind: conv.kind, peer: conv.peer, groupID: conv.groupID, conversationID: conv.id,
    nextReqMessageID: '', isCompleted: false, generation,
  };
  state.messages.clear();
  conv.unread = 0;
  if (isGroup) markRead(conv);
  renderConversations();

  renderPaneTitle();
  ui.messages.replaceChildren();
  ui.messages.dataset.conversationId = conv.id;
  if (isGroup) {
    ui.messages.dataset.groupId = conv.groupID;
    ui.messages.removeAttribute('data-peer');
  } else {
    ui.messages.dataset.peer = conv.peer;
    ui.messages.removeAttribute('data-group-id');
  }
  ui.messages.setAttribute('aria-busy', 'true');
  ui.infoToggle.hidden = !isGroup;
  if (isGroup && state.panel.open) openPanel(conv.groupID);
  else if (!isGroup) closePanel();
  ui.loadOlder.hidden = true;
  ui.composer.disabled = false;
  ui.send.disabled = false;
  showMobile('pane');
  updateEmptyStates();
  ui.composer.focus();

  try {
    const { data } = await state.chat.getMessageList({ conversationID: conv.id, count: PAGE_SIZE });
    if (generation !== state.generation) return;
    // Messages that arrived live while the page loaded are newer: keep them after the page.
    prependMessages(data.messageList);
    applyPaging(data);
    scrollToBottom();
  } catch (err) {
    if (generation !== state.generation) return;
    showNotice(`Could not load messages of ${conv.name} — ${errorText(err)}`, 'error');
  } finally {
    if (generation === state.generation) ui.messages.setAttribute('aria-busy', 'false');
  }
}

/** Closes the open conversation (e.g. a group I am no longer in). */
function closeConversation() {
  state.open = null;
  state.generation += 1;
  state.messages.clear();
  resetPane();
  closePanel();
  showMobile('list');
  updateEmptyStates();
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
  return ui.messages.querySelector(`[data-id="${CSS.escape(id)}"]`);
}

const STATUS_OF = { unSend: 'pending', success: 'success', fail: 'failed' };

/** A group tip as a centered system line. */
function tipElement(message) {
  const node = el('div', 'tip');
  node.dataset.id = message.ID;
  node.dataset.operation = String(message.payload?.operationType ?? '');
  node.setAttribute('role', 'note');
  node.append(el('span', 'tip-text', tipText(message.payload ?? {})));
  return node;
}

function messageElement(message, status = STATUS_OF[message.status] ?? 'success') {
  if (message.type === Chat.TYPES.MSG_GRP_TIP) return tipElement(message);
  state.messages.set(message.ID, message);
  const node = el('div', `msg ${message.flow === 'out' ? 'out' : 'in'}`);
  node.dataset.id = message.ID;
  node.dataset.from = message.from ?? '';
  const bubble = el('div', 'bubble');
  if (message.conversationType === Chat.TYPES.CONV_GROUP && message.flow !== 'out') {
    const sender = el('span', 'sender', senderName(message));
    sender.style.setProperty('--hue', String(hueOf(message.from ?? '')));
    bubble.append(sender);
  }
  bubble.append(el('p', 'text', textOf(message)));
  const meta = el('div', 'meta');
  const time = el('time', 'time', timeLabel(message.time));
  if (message.time) time.dateTime = new Date(message.time * 1000).toISOString();
  meta.append(time, el('span', 'status'));
  bubble.append(meta);
  node.append(bubble);
  setStatus(node, status);
  if (message.isRevoked) markRecalled(node);
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
  else if (status === 'success') {
    label.textContent = '✓ sent';
    offerRecall(node);
  } else {
    label.textContent = error ? `failed (${error.code ?? 'error'})` : 'failed';
    if (error?.message) label.title = error.message;
  }
}

/** Adds a "Recall" action to my own recent one-to-one message, removed when the window closes. */
function offerRecall(node) {
  const message = state.messages.get(node.dataset.id);
  if (!message || message.conversationType !== Chat.TYPES.CONV_C2C || message.isRevoked) return;
  if (node.querySelector('.recall')) return;
  const left = (message.time || 0) + RECALL_WINDOW_S - Math.floor(Date.now() / 1000);
  if (left <= 0) return;
  const button = el('button', 'link-button recall', 'Recall');
  button.type = 'button';
  button.setAttribute('aria-label', `Recall “${textOf(message).slice(0, 40)}”`);
  button.addEventListener('click', () => recall(node, button));
  node.querySelector('.meta').append(button);
  setTimeout(() => button.remove(), left * 1000);
}

async function recall(node, button) {
  const message = state.messages.get(node.dataset.id);
  if (!message || !state.chat) return;
  button.disabled = true;
  try {
    await state.chat.revokeMessage(message);
    markRecalled(node);
    onRevoked({ ...message, isRevoked: true });
  } catch (err) {
    button.disabled = false;
    showNotice(`Could not recall the message — ${errorText(err)}`, 'error');
  }
}

function markRecalled(node) {
  node.dataset.revoked = 'true';
  node.classList.add('recalled');
  const text = node.querySelector('.text');
  if (text) text.textContent = 'message recalled';
  node.querySelector('.recall')?.remove();
  const message = state.messages.get(node.dataset.id);
  if (message) message.isRevoked = true;
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
  const hasMessages = ui.messages.querySelector('.msg, .tip') !== null;
  ui.messagesEmpty.hidden = hasMessages;
  const conv = state.open && state.conversations.get(state.open.id);
  ui.messagesEmpty.textContent = !state.open
    ? 'Open a conversation on the left, or start a new one.'
    : state.open.kind === 'GROUP'
      ? `No messages in ${conv?.name ?? state.open.groupID} yet. Say hi to everyone!`
      : `No messages with ${state.open.peer} yet. Say hi!`;
}

// ---------- sending ----------

async function sendComposed() {
  const text = ui.composer.value;
  if (!text.trim() || !state.open || !state.chat) return;
  const open = state.open;
  const conv = state.conversations.get(open.id);
  let message;
  try {
    message = open.kind === 'GROUP'
      ? state.chat.createTextMessage({ to: open.groupID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text } })
      : state.chat.createTextMessage({ to: open.peer, conversationType: Chat.TYPES.CONV_C2C, payload: { text } });
  } catch (err) {
    showNotice(`Could not create the message — ${errorText(err)}`, 'error');
    return;
  }
  ui.composer.value = '';
  autosize();
  const node = appendMessage(message, 'pending');
  if (conv) recordInConversation(conv, message, { countUnread: false });
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
    if (sent.ID) {
      target.dataset.id = sent.ID;
      state.messages.set(sent.ID, message);
    }
    state.counted.add(sent.ID);
    setStatus(target, 'success');
  } catch (err) {
    const target = current();
    setStatus(target, 'failed', err);
    const where = message.conversationType === Chat.TYPES.CONV_GROUP ? groupName(message.to) : message.to;
    showNotice(`Could not send to ${where} — ${errorText(err)}`, 'error');
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

// ---------- groups: create, join ----------

function setFieldError(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}

async function createGroup() {
  const name = ui.groupName.value.trim();
  const type = ui.groupType.value;
  let groupID = ui.groupCustomID.value.trim();
  const members = ui.groupMembers.value.split(',').map((m) => m.trim()).filter(Boolean);
  if (!name) return fail('Give the group a name.', ui.groupName);
  if (utf8Length(name) > GROUP_NAME_MAX_BYTES) return fail(`A group name is at most ${GROUP_NAME_MAX_BYTES} bytes.`, ui.groupName);
  const bad = members.find((m) => !USER_ID_RE.test(m));
  if (bad) return fail(`“${bad}” is not a UserID (1–32 letters, digits, _ or -).`, ui.groupMembers);
  if (type === Chat.TYPES.GRP_COMMUNITY) {
    if (!groupID) groupID = `@TGS#_${Math.random().toString(36).slice(2, 12)}`;
    else if (!groupID.startsWith('@TGS#_')) return fail('A Community group ID starts with @TGS#_.', ui.groupCustomID);
  }
  setFieldError(ui.groupError, '');
  ui.createGroup.disabled = true;
  const chat = state.chat;
  try {
    const options = { type, name, memberList: [...new Set(members)].filter((m) => m !== state.userID).map((userID) => ({ userID })) };
    if (groupID) options.groupID = groupID;
    const { data } = await chat.createGroup(options);
    if (state.chat !== chat) return;
    const g = data.group;
    ensureGroup(g.groupID, { name: g.name, type: g.type });
    renderConversations();
    ui.newGroupForm.reset();
    ui.newGroup.open = false;
    openConversation(Chat.TYPES.CONV_GROUP + g.groupID);
  } catch (err) {
    if (state.chat === chat) {
      setFieldError(ui.groupError, `Could not create the group — ${errorText(err)}`);
      showNotice(`Could not create the group — ${errorText(err)}`, 'error');
    }
  } finally {
    ui.createGroup.disabled = false;
  }

  function fail(text, field) {
    setFieldError(ui.groupError, text);
    field.focus();
  }
}

async function joinGroup() {
  const groupID = ui.joinGroupID.value.trim();
  if (!groupID) {
    setFieldError(ui.joinError, 'Enter a group ID.');
    ui.joinGroupID.focus();
    return;
  }
  setFieldError(ui.joinError, '');
  ui.joinGroupButton.disabled = true;
  const chat = state.chat;
  try {
    const { data } = await chat.joinGroup({ groupID });
    if (state.chat !== chat) return;
    ui.joinGroupID.value = '';
    if (data.status === Chat.TYPES.JOIN_STATUS_WAIT_APPROVAL) {
      addNotification({
        key: `pending:${groupID}`, kind: 'pending', groupID,
        text: `Waiting for approval to join ${groupName(groupID)}.`,
      });
      return;
    }
    const g = data.group;
    ensureGroup(groupID, g ? { name: g.name, type: g.type } : {});
    renderConversations();
    openConversation(Chat.TYPES.CONV_GROUP + groupID);
  } catch (err) {
    if (state.chat === chat) {
      setFieldError(ui.joinError, `Could not join — ${errorText(err)}`);
      showNotice(`Could not join ${groupID} — ${errorText(err)}`, 'error');
    }
  } finally {
    ui.joinGroupButton.disabled = false;
  }
}

// ---------- group info panel ----------

function openPanel(groupID) {
  state.panel.open = true;
  state.panel.groupID = groupID;
  ui.panel.hidden = false;
  ui.panel.dataset.groupId = groupID;
  ui.chatView.classList.add('with-panel');
  ui.infoToggle.setAttribute('aria-expanded', 'true');
  loadPanel();
}

function closePanel() {
  state.panel.open = false;
  state.panel.groupID = '';
  state.panel.generation += 1;
  ui.panel.hidden = true;
  ui.panel.removeAttribute('data-group-id');
  ui.chatView.classList.remove('with-panel');
  ui.infoToggle.setAttribute('aria-expanded', 'false');
  ui.groupFacts.replaceChildren();
  ui.memberList.replaceChildren();
}

/** (Re)loads the open group's profile and members into the panel. */
async function loadPanel() {
  const chat = state.chat;
  const { groupID } = state.panel;
  if (!chat || !groupID) return;
  const generation = ++state.panel.generation;
  ui.panel.setAttribute('aria-busy', 'true');
  try {
    const { data: { group } } = await chat.getGroupProfile({ groupID });
    const members = [];
    let offset = 0;
    for (let page = 0; page < 20; page += 1) {
      const { data } = await chat.getGroupMemberList({ groupID, count: 100, offset });
      members.push(...data.memberList);
      if (!data.offset) break;
      offset = data.offset;
    }
    if (generation !== state.panel.generation || state.chat !== chat) return;
    state.panel.group = group;
    state.panel.members = members;
    state.panel.myRole = members.find((m) => m.userID === state.userID)?.role ?? '';
    setGroupName(groupID, group.name, { authoritative: true });
    const conv = state.conversations.get(Chat.TYPES.CONV_GROUP + groupID);
    if (conv && group.type) conv.groupType = group.type;
    renderConversations();
    renderPanel();
  } catch (err) {
    if (generation === state.panel.generation && state.chat === chat) {
      showNotice(`Could not load the group info of ${groupName(groupID)} — ${errorText(err)}`, 'error');
    }
  } finally {
    if (generation === state.panel.generation) ui.panel.setAttribute('aria-busy', 'false');
  }
}

const ROLE_RANK = { Owner: 3, Admin: 2, Member: 1 };

function renderPanel() {
  const { group, members, myRole } = state.panel;
  if (!group) return;
  const T = Chat.TYPES;
  const isOwner = myRole === T.GRP_MBR_ROLE_OWNER;
  const isManager = isOwner || myRole === T.GRP_MBR_ROLE_ADMIN;
  const isWork = group.type === T.GRP_WORK;
  const hasAdmins = !isWork && group.type !== T.GRP_AVCHATROOM;

  const facts = [
    ['Name', group.name], ['Group ID', group.groupID], ['Type', groupTypeLabel(group.type)],
    ['Owner', group.ownerID ? who(group.ownerID) : '—'], ['Members', String(group.memberCount || members.length)],
  ];
  if (group.joinOption && !isWork) facts.push(['Joining', JOIN_OPTION_LABEL[group.joinOption] ?? group.joinOption]);
  if (group.notification) facts.push(['Notice', group.notification]);
  ui.groupFacts.replaceChildren(...facts.flatMap(([k, v]) => {
    const dd = el('dd', '', v);
    dd.dataset.fact = k.toLowerCase().replace(/\s+/g, '-');
    return [el('dt', '', k), dd];
  }));

  const now = Math.floor(Date.now() / 1000);
  const sorted = [...members].sort((a, b) => (ROLE_RANK[b.role] ?? 0) - (ROLE_RANK[a.role] ?? 0) || a.joinTime - b.joinTime);
  ui.memberList.replaceChildren(...sorted.map((m) => {
    const li = el('li', 'member');
    li.dataset.userId = m.userID;
    li.dataset.role = m.role;
    const muted = m.muteUntil > now;
    if (muted) li.dataset.muted = 'true';
    const info = el('span', 'member-main');
    const nameLine = el('span', 'member-name', m.nameCard || m.nick || m.userID);
    if (m.userID === state.userID) nameLine.append(el('span', 'you', ' (you)'));
    info.append(nameLine);
    const tags = el('span', 'member-tags');
    tags.append(el('span', `role-badge role-${m.role.toLowerCase()}`, ROLE_LABEL[m.role] ?? m.role));
    if (muted) tags.append(el('span', 'role-badge muted', `muted until ${timeLabel(m.muteUntil)}`));
    info.append(tags);
    li.append(avatar(m.userID), info);
    const canAct = m.userID !== state.userID && (ROLE_RANK[myRole] ?? 0) > (ROLE_RANK[m.role] ?? 0)
      && (isManager || (isWork && isOwner));
    if (canAct) {
      const actions = el('span', 'member-actions');
      const action = (label, aria, fn, cls = 'link-button') => {
        const b = el('button', cls, label);
        b.type = 'button';
        b.setAttribute('aria-label', aria);
        b.addEventListener('click', () => memberAction(b, fn));
        actions.append(b);
      };
      if (!isWork || isManager) {
        action(muted ? 'Unmute' : 'Mute 10 min', `${muted ? 'Unmute' : 'Mute'} ${m.userID}`, () =>
          state.chat.setGroupMemberMuteTime({ groupID: group.groupID, userID: m.userID, muteTime: muted ? 0 : MUTE_SECONDS }));
      }
      if (isOwner && hasAdmins) {
        const admin = m.role === T.GRP_MBR_ROLE_ADMIN;
        action(admin ? 'Remove admin' : 'Make admin', `${admin ? 'Remove admin role of' : 'Make admin:'} ${m.userID}`, () =>
          state.chat.setGroupMemberRole({ groupID: group.groupID, userID: m.userID, role: admin ? T.GRP_MBR_ROLE_MEMBER : T.GRP_MBR_ROLE_ADMIN }));
      }
      action('Remove', `Remove ${m.userID} from the group`, () =>
        state.chat.deleteGroupMember({ groupID: group.groupID, userIDList: [m.userID] }), 'link-button danger-link');
      li.append(actions);
    }
    return li;
  }));

  // Who may invite: anyone in a Work group, owner/admin in a Community; other types are joined by ID.
  const canInvite = isWork || (group.type === T.GRP_COMMUNITY && isManager);
  ui.addMemberForm.hidden = !canInvite;
  ui.inviteHint.hidden = canInvite;
  ui.inviteHint.textContent = canInvite ? '' : `People join this ${groupTypeLabel(group.type)} group with its ID: ${group.groupID}`;
  const canRename = isManager || isWork;
  ui.renameForm.hidden = !canRename;
  if (canRename && document.activeElement !== ui.renameInput) ui.renameInput.value = group.name;
  // A group's owner cannot leave a Public / Meeting / Live / Community group: they dismiss it instead.
  const ownerMustDismiss = isOwner && !isWork;
  ui.leaveGroup.hidden = ownerMustDismiss;
  ui.dismissGroup.hidden = !ownerMustDismiss;
}

async function memberAction(button, fn) {
  if (!state.chat) return;
  button.disabled = true;
  try {
    await fn();
    await loadPanel();
  } catch (err) {
    button.disabled = false;
    showNotice(`${button.getAttribute('aria-label')} failed — ${errorText(err)}`, 'error');
  }
}

async function panelCall(button, fn, what) {
  const chat = state.chat;
  if (!chat) return;
  button.disabled = true;
  try {
    return await fn(chat);
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not ${what} — ${errorText(err)}`, 'error');
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** After leaving / dismissing: the row goes, the pane closes (GROUP_LIST_UPDATED would do it too). */
function forgetGroup(groupID) {
  const id = Chat.TYPES.CONV_GROUP + groupID;
  state.conversations.delete(id);
  if (state.open?.id === id) closeConversation();
  renderConversations();
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

ui.newGroupForm.addEventListener('submit', (event) => {
  event.preventDefault();
  createGroup();
});
ui.groupType.addEventListener('change', () => {
  const community = ui.groupType.value === Chat.TYPES.GRP_COMMUNITY;
  ui.groupCustomID.placeholder = community ? '@TGS#_… (made up if empty)' : 'generated for you';
});
ui.joinGroupForm.addEventListener('submit', (event) => {
  event.preventDefault();
  joinGroup();
});

ui.infoToggle.addEventListener('click', () => {
  if (state.panel.open) {
    closePanel();
    ui.infoToggle.focus();
  } else if (state.open?.kind === 'GROUP') {
    openPanel(state.open.groupID);
    ui.panelClose.focus();
  }
});
ui.panelClose.addEventListener('click', () => {
  closePanel();
  if (!ui.infoToggle.hidden) ui.infoToggle.focus();
});

ui.renameForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const groupID = state.panel.groupID;
  const name = ui.renameInput.value.trim();
  if (!name || utf8Length(name) > GROUP_NAME_MAX_BYTES) {
    showNotice(`A group name is 1–${GROUP_NAME_MAX_BYTES} bytes.`, 'error');
    return;
  }
  const res = await panelCall($('rename-button'), (chat) => chat.updateGroupProfile({ groupID, name }), 'rename the group');
  if (res) {
    setGroupName(groupID, res.data.group.name, { authoritative: true });
    renderConversations();
    ui.renameInput.blur();
    loadPanel();
  }
});

ui.addMemberForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const groupID = state.panel.groupID;
  const userID = ui.addMemberInput.value.trim();
  if (!USER_ID_RE.test(userID)) {
    showNotice('Enter a UserID to add: 1–32 letters, digits, _ or -.', 'error');
    ui.addMemberInput.focus();
    return;
  }
  const res = await panelCall($('add-member-button'), (chat) => chat.addGroupMember({ groupID, userIDList: [userID] }), `add ${userID}`);
  if (!res) return;
  if (res.data.existedUserIDList?.includes(userID)) showNotice(`${userID} is already in the group.`);
  else if (res.data.failureUserIDList?.includes(userID)) showNotice(`Could not add ${userID}.`, 'error');
  ui.addMemberInput.value = '';
  loadPanel();
});

ui.leaveGroup.addEventListener('click', async () => {
  const groupID = state.panel.groupID;
  if (!groupID || !window.confirm(`Leave ${groupName(groupID)}?`)) return;
  const res = await panelCall(ui.leaveGroup, (chat) => chat.quitGroup(groupID), `leave ${groupName(groupID)}`);
  if (res) forgetGroup(groupID);
});

ui.dismissGroup.addEventListener('click', async () => {
  const groupID = state.panel.groupID;
  if (!groupID || !window.confirm(`Dismiss ${groupName(groupID)} for everyone? This cannot be undone.`)) return;
  const res = await panelCall(ui.dismissGroup, (chat) => chat.dismissGroup(groupID), `dismiss ${groupName(groupID)}`);
  if (res) forgetGroup(groupID);
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
    const conv = state.conversations.get(state.open.id);
    if (conv?.unread) {
      conv.unread = 0;
      if (conv.kind === 'GROUP') markRead(conv);
      renderConversations();
    }
  }
});

// The engine loaded (this module ran): enable logging in.
ui.bootStatus.hidden = true;
ui.login.disabled = false;
updateEmptyStates();
ui.userID.focus();
