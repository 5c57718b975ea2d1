// Demo conversation list: one row per one-to-one peer or group, with last message, unread badge and ordering.
import Chat from './edgechat/index.js';
import { state, ui } from './state.js';
import {
  avatar, displayName, el, errorText, groupName, groupTypeLabel, showNotice, textOf, timeLabel, tipText, userAvatar,
} from './util.js';
import { closeConversation, openConversation, renderPaneTitle, updateEmptyStates } from './chat.js';
import { askProfiles, rememberProfiles } from './profile.js';
import { updateChatsBadge } from './tabs.js';

export function ensureC2C(peer) {
  const id = Chat.TYPES.CONV_C2C + peer;
  let conv = state.conversations.get(id);
  if (!conv) {
    conv = { id, kind: 'C2C', peer, name: peer, preview: '', lastID: '', lastTime: 0, unread: 0, touched: ++state.touchCounter };
    state.conversations.set(id, conv);
    askProfiles([peer]); // for the peer's nickname and avatar
  }
  return conv;
}

/** The name a row shows: a group's name, a peer's remark / nickname / UserID. */
export function conversationName(conv) {
  return conv.kind === 'GROUP' ? conv.name : displayName(conv.peer);
}

export function ensureGroup(groupID, { name, type } = {}) {
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
export function setGroupName(groupID, name, { authoritative = false } = {}) {
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
export function previewFor(conv, message) {
  const from = message.from ?? message.fromAccount ?? '';
  const isTip = message.type === Chat.TYPES.MSG_GRP_TIP;
  const text = message.isRevoked ? 'message recalled'
    : isTip ? tipText(message.payload ?? {})
      : message.type === Chat.TYPES.MSG_TEXT ? (message.payload?.text ?? message.messageForShow ?? '')
        : (message.messageForShow || textOf(message));
  if (isTip) return text;
  const out = message.flow ? message.flow === 'out' : from === state.userID;
  if (out) return `You: ${text}`;
  if (conv.kind === 'GROUP') return `${message.nameCard || message.nick || from}: ${text}`;
  return text;
}

/** Updates `conv` with `message` (once per message ID); the engine's lists bring the unread counts. */
export function recordInConversation(conv, message, { countUnread = false } = {}) {
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

/**
 * Applies an entry of GROUP_LIST_UPDATED / CONVERSATION_LIST_UPDATED: unread count, last message, and
 * (conversation entries) the pin and the draft.
 */
function applyEntry(conv, { unreadCount, lastMessage, isPinned, draftText }) {
  if (typeof isPinned === 'boolean') conv.pinned = isPinned;
  if (typeof draftText === 'string' && state.open?.id !== conv.id) conv.draft = draftText;
  const viewing = state.open?.id === conv.id && document.visibilityState === 'visible';
  if (typeof unreadCount === 'number') {
    conv.unread = viewing ? 0 : unreadCount;
    if (viewing && unreadCount > 0) markRead(conv);
  }
  const last = lastMessage ?? {};
  // The same last message again: keep its preview unless it was recalled (a live recall may be newer news).
  if (last.ID && last.ID === conv.lastID && !last.isRevoked) return;
  if (last.ID && (last.lastTime ?? 0) >= conv.lastTime) {
    conv.preview = previewFor(conv, last);
    conv.lastID = last.ID;
    conv.lastTime = last.lastTime ?? conv.lastTime;
  }
}

/** The joined groups: adds new rows, drops rows of groups I am no longer in (closing the pane if open). */
export function onGroupList(groups) {
  const current = new Set();
  for (const g of groups) {
    current.add(g.groupID);
    const conv = ensureGroup(g.groupID, { name: g.name, type: g.type });
    applyEntry(conv, g);
  }
  for (const conv of [...state.conversations.values()]) {
    if (conv.kind !== 'GROUP' || current.has(conv.groupID)) continue;
    state.conversations.delete(conv.id);
    if (state.open?.id === conv.id) closeConversation();
  }
  renderConversations();
}

export function onConversationList(list) {
  for (const entry of list) {
    if (entry.type === Chat.TYPES.CONV_C2C) {
      // One-to-one rows come from here too (e.g. after a reload, from the engine's local store).
      const peer = entry.userProfile?.userID || entry.conversationID.slice(Chat.TYPES.CONV_C2C.length);
      if (!peer) continue;
      if (entry.userProfile?.nick) rememberProfiles([entry.userProfile]);
      applyEntry(ensureC2C(peer), entry);
      continue;
    }
    if (entry.type !== Chat.TYPES.CONV_GROUP) continue;
    const groupID = entry.groupProfile?.groupID ?? entry.conversationID.slice(Chat.TYPES.CONV_GROUP.length);
    const conv = state.conversations.get(entry.conversationID);
    if (!conv) continue; // rows come and go with GROUP_LIST_UPDATED
    if (entry.groupProfile?.name) setGroupName(groupID, entry.groupProfile.name);
    applyEntry(conv, entry);
  }
  renderConversations();
}

/**
 * Marks a conversation read in the engine: clears its unread count on every device and, one to one,
 * tells the peer (their MESSAGE_READ_BY_PEER). A call asked for while one is in flight runs after it.
 */
export async function markRead(conv) {
  if (!state.chat) return;
  if (state.reading.has(conv.id)) {
    state.readAgain.add(conv.id);
    return;
  }
  state.reading.add(conv.id);
  const chat = state.chat;
  try {
    await chat.setMessageRead({ conversationID: conv.id });
  } catch (err) {
    // One to one, a read receipt is best effort (e.g. offline): the next message or reconnect retries.
    if (state.chat === chat && conv.kind === 'GROUP') showNotice(`Could not mark ${conv.name} read — ${errorText(err)}`, 'error');
  } finally {
    state.reading.delete(conv.id);
    if (state.readAgain.delete(conv.id) && state.chat === chat) markRead(conv);
  }
}

/** Pins or unpins a conversation on every device of mine (the server keeps at most 50 pins). */
export async function togglePin(conv) {
  if (!state.chat) return;
  const chat = state.chat;
  try {
    await chat.pinConversation({ conversationID: conv.id, isPinned: !conv.pinned });
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not ${conv.pinned ? 'unpin' : 'pin'} ${conversationName(conv)} — ${errorText(err)}`, 'error');
  }
}

export function renderConversations() {
  const focusedID = document.activeElement?.closest?.('#conversations [data-conversation-id]')?.dataset.conversationId;
  const rows = [...state.conversations.values()]
    .sort((a, b) => (Number(!!b.pinned) - Number(!!a.pinned)) || (b.lastTime - a.lastTime) || (b.touched - a.touched))
    .map((conv) => {
      const li = el('li', `conversation ${conv.kind === 'GROUP' ? 'group' : 'c2c'}${conv.pinned ? ' pinned' : ''}`);
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
      const name = conversationName(conv);
      const title = el('span', 'conversation-peer', name);
      if (conv.kind === 'C2C' && name !== conv.peer) {
        title.title = conv.peer;
        title.append(el('span', 'user-id', conv.peer));
      }
      if (conv.kind === 'GROUP' && conv.groupType) title.append(el('span', 'type-tag', groupTypeLabel(conv.groupType)));
      main.append(title);
      const draft = state.open?.id === conv.id ? '' : (conv.draft ?? '');
      if (draft) {
        const line = el('span', 'conversation-last draft');
        line.append(el('strong', '', 'Draft: '), draft);
        main.append(line);
      } else {
        main.append(el('span', 'conversation-last', conv.preview || 'No messages yet'));
      }
      const side = el('span', 'conversation-side');
      side.append(el('time', 'conversation-time', timeLabel(conv.lastTime)));
      if (conv.unread > 0) {
        const badge = el('span', 'badge unread', conv.unread > 99 ? '99+' : String(conv.unread));
        badge.setAttribute('aria-label', `${conv.unread} unread`);
        side.append(badge);
      }
      button.append(conv.kind === 'GROUP' ? avatar(conv.groupID, { group: true, label: name }) : userAvatar(conv.peer), main, side);
      button.setAttribute('aria-label', `${conv.kind === 'GROUP' ? 'Group ' : ''}${name}${conv.unread ? `, ${conv.unread} unread` : ''}`);
      button.addEventListener('click', () => openConversation(conv.id));
      const pin = el('button', 'pin-toggle', conv.pinned ? '📌' : '📍');
      pin.type = 'button';
      pin.title = conv.pinned ? 'Unpin' : 'Pin to the top';
      pin.setAttribute('aria-label', `${conv.pinned ? 'Unpin' : 'Pin'} ${name}`);
      pin.setAttribute('aria-pressed', String(!!conv.pinned));
      pin.addEventListener('click', () => togglePin(conv));
      li.append(button, pin);
      return li;
    });
  ui.conversations.replaceChildren(...rows);
  updateChatsBadge();
  if (focusedID) ui.conversations.querySelector(`[data-conversation-id="${CSS.escape(focusedID)}"] button`)?.focus();
  updateEmptyStates();
  updateTitle();
}

export function updateTitle() {
  let unread = 0;
  for (const conv of state.conversations.values()) unread += conv.unread;
  document.title = unread > 0 ? `(${unread}) edgechat` : 'edgechat';
}
