// Demo chat pane: opening a conversation, history paging, message bubbles, sending, recall and the one-to-one read state.
import Chat from './edgechat/index.js';
import { PAGE_SIZE, RECALL_WINDOW_S, state, ui } from './state.js';
import {
  avatar, displayName, el, errorText, groupName, groupTypeLabel, hueOf, peerOf, senderName,
  showNotice, textOf, timeLabel, tipText, userAvatar,
} from './util.js';
import {
  conversationName, ensureC2C, ensureGroup, markRead, previewFor, recordInConversation, renderConversations,
} from './conversations.js';
import { onSystemNotice, onTip } from './groups.js';
import { closePanel, openPanel } from './group-panel.js';
import { showMobile, showTab } from './tabs.js';
import { attachmentElement, closeAttach } from './attachments.js';
import { loadReactions, reactionBar } from './reactions.js';

export function onMessage(message) {
  if (message.type === Chat.TYPES.MSG_GRP_SYS_NOTICE) {
    onSystemNotice(message);
    return;
  }
  if (message.conversationType === Chat.TYPES.CONV_C2C) {
    const peer = peerOf(message);
    const conv = ensureC2C(peer);
    const isOpen = state.open?.id === conv.id;
    if (isOpen) appendMessage(message);
    recordInConversation(conv, message); // the engine's list brings the unread count
    if (isOpen && message.flow === 'in' && document.visibilityState === 'visible') markRead(conv);
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

export function onRevoked(message) {
  const node = findMessage(message.ID);
  if (node) markRecalled(node);
  const conv = state.conversations.get(message.conversationID);
  if (conv && conv.lastID === message.ID) {
    conv.preview = previewFor(conv, { ...message, isRevoked: true });
    renderConversations();
  }
}

/** MESSAGE_READ_BY_PEER: my one-to-one messages the peer has read. */
export function onReadByPeer(messages) {
  for (const message of messages) {
    const known = state.messages.get(message.ID);
    if (known) known.isPeerRead = true;
    const node = findMessage(message.ID);
    if (node && node.dataset.status === 'success') setStatus(node, 'success');
  }
}

/** The chat pane with nothing open. */
export function resetPane() {
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
  closeAttach();
  ui.attachToggle.disabled = true;
}

export function renderPaneTitle() {
  const open = state.open;
  if (!open) return;
  const conv = state.conversations.get(open.id);
  const name = conv ? conversationName(conv) : (open.peer ?? open.groupID);
  const title = el('span', 'title-text', name);
  const nodes = [open.kind === 'GROUP' ? avatar(open.groupID, { group: true, label: name }) : userAvatar(open.peer), title];
  if (open.kind === 'GROUP' && conv?.groupType) nodes.push(el('span', 'type-tag', groupTypeLabel(conv.groupType)));
  if (open.kind === 'C2C' && name !== open.peer) nodes.push(el('span', 'user-id', open.peer));
  ui.chatTitle.replaceChildren(...nodes);
}

/**
 * Keeps what is typed in the open conversation's composer as its draft (the list shows it, and
 * reopening puts it back); the engine holds drafts while the SDK runs.
 */
function keepDraft() {
  const open = state.open;
  const conv = open && state.conversations.get(open.id);
  if (!conv || !state.chat) return;
  const text = ui.composer.value;
  if ((conv.draft ?? '') === text) return;
  conv.draft = text;
  state.chat.setConversationDraft({ conversationID: conv.id, draftText: text }).catch((err) => {
    showNotice(`Could not keep the draft — ${errorText(err)}`, 'error');
  });
}

export async function openConversation(conversationID) {
  if (!state.chat) return;
  if (state.open && state.open.id !== conversationID) keepDraft();
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
  const hadUnread = conv.unread > 0;
  conv.unread = 0;
  if (isGroup || hadUnread) markRead(conv);
  showTab('chats');
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
  ui.composer.value = conv.draft ?? '';
  autosize();
  ui.send.disabled = false;
  // Images and files by URL, in one-to-one chats and groups.
  ui.attachToggle.disabled = false;
  ui.attachToggle.title = 'Send an image or file by URL';
  if (isGroup) closeAttach();
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
    // Reading a one-to-one chat tells the peer (their ✓✓ read).
    if (!isGroup && !hadUnread && data.messageList.some((m) => m.flow === 'in') && document.visibilityState === 'visible') markRead(conv);
  } catch (err) {
    if (generation !== state.generation) return;
    showNotice(`Could not load messages of ${conversationName(conv)} — ${errorText(err)}`, 'error');
  } finally {
    if (generation === state.generation) ui.messages.setAttribute('aria-busy', 'false');
  }
}

/** Closes the open conversation (e.g. a group I am no longer in). */
export function closeConversation() {
  keepDraft();
  state.open = null;
  state.generation += 1;
  state.messages.clear();
  resetPane();
  closePanel();
  showMobile('list');
  updateEmptyStates();
}

export async function loadOlder() {
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

export function applyPaging({ nextReqMessageID, isCompleted }) {
  state.open.nextReqMessageID = nextReqMessageID;
  state.open.isCompleted = isCompleted;
  ui.loadOlder.hidden = isCompleted;
}

export function findMessage(id) {
  return ui.messages.querySelector(`[data-id="${CSS.escape(id)}"]`);
}

const STATUS_OF = { unSend: 'pending', success: 'success', fail: 'failed' };

/** A group tip as a centered system line. */
export function tipElement(message) {
  const node = el('div', 'tip');
  node.dataset.id = message.ID;
  node.dataset.operation = String(message.payload?.operationType ?? '');
  node.setAttribute('role', 'note');
  node.append(el('span', 'tip-text', tipText(message.payload ?? {})));
  return node;
}

export function messageElement(message, status = STATUS_OF[message.status] ?? 'success') {
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
  const attachment = attachmentElement(message);
  if (attachment) bubble.append(attachment);
  bubble.append(el('p', attachment ? 'text visually-hidden' : 'text', textOf(message))); // the picture / link says it
  const meta = el('div', 'meta');
  const time = el('time', 'time', timeLabel(message.time));
  if (message.time) time.dateTime = new Date(message.time * 1000).toISOString();
  meta.append(time, el('span', 'status'));
  bubble.append(meta);
  const reactions = reactionBar(message);
  if (reactions) bubble.append(reactions);
  node.append(bubble);
  if (message.flow !== 'out' && mentionsMe(message)) {
    node.classList.add('mention');
    bubble.prepend(el('span', 'mention-tag', '@you'));
  }
  setStatus(node, status);
  if (message.isRevoked) markRecalled(node);
  return node;
}

/** status: 'pending' | 'success' | 'failed'; `error` gives the code shown for failures. */
export function setStatus(node, status, error) {
  node.dataset.status = status;
  node.classList.toggle('pending', status === 'pending');
  node.classList.toggle('failed', status === 'failed');
  const label = node.querySelector('.status');
  label.replaceChildren();
  if (node.classList.contains('in')) return;
  if (status === 'pending') label.textContent = 'sending…';
  else if (status === 'success') {
    // One to one, the peer's read receipt turns "sent" into "read"; in a group, the members'
    // reads come back as a count.
    const message = state.messages.get(node.dataset.id);
    const read = message?.isPeerRead === true && !node.classList.contains('recalled');
    const readers = message?.conversationType === Chat.TYPES.CONV_GROUP && message.needReadReceipt
      ? (message.readReceiptInfo?.readCount ?? 0) : 0;
    label.textContent = read ? '✓✓ read' : readers > 0 ? `✓✓ read by ${readers}` : '✓ sent';
    if (read) node.dataset.read = 'true';
    else node.removeAttribute('data-read');
    offerRecall(node);
  } else {
    label.textContent = error ? `failed (${error.code ?? 'error'})` : 'failed';
    if (error?.message) label.title = error.message;
  }
}

/** Adds a "Recall" action to my own recent one-to-one message, removed when the window closes. */
export function offerRecall(node) {
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

export async function recall(node, button) {
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

export function markRecalled(node) {
  node.dataset.revoked = 'true';
  node.classList.add('recalled');
  const text = node.querySelector('.text');
  if (text) {
    text.textContent = 'message recalled';
    text.classList.remove('visually-hidden');
  }
  node.querySelector('.attachment')?.remove();
  node.querySelector('.recall')?.remove();
  const message = state.messages.get(node.dataset.id);
  if (message) message.isRevoked = true;
}

export function prependMessages(list) {
  const fragment = document.createDocumentFragment();
  for (const message of list) {
    if (!findMessage(message.ID)) fragment.append(messageElement(message));
  }
  ui.messages.prepend(fragment);
  updateEmptyStates();
  loadReactions(list);
}

export function appendMessage(message, status) {
  const existing = findMessage(message.ID);
  if (existing) return existing;
  const stick = message.flow === 'out' || isNearBottom();
  const node = messageElement(message, status);
  ui.messages.append(node);
  updateEmptyStates();
  if (stick) scrollToBottom();
  return node;
}

export function isNearBottom() {
  return ui.scroller.scrollHeight - ui.scroller.scrollTop - ui.scroller.clientHeight < 80;
}

export function scrollToBottom() {
  ui.scroller.scrollTop = ui.scroller.scrollHeight;
}

export function updateEmptyStates() {
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

/** The users a group message mentions: each "@userID" word, and "@all" for everyone. */
export function mentionsIn(text) {
  const out = new Set();
  for (const [, who] of text.matchAll(/(?:^|\s)@([A-Za-z0-9_.@-]{1,32})/g)) {
    out.add(who === 'all' ? Chat.TYPES.MSG_AT_ALL : who);
  }
  return [...out];
}

/** Whether a message mentions me (by name or @all). */
function mentionsMe(message) {
  const list = message.atUserList ?? [];
  return list.includes(state.userID) || list.includes('@TIM#AT_ALL') || list.includes(Chat.TYPES.MSG_AT_ALL);
}

/** MESSAGE_READ_RECEIPT_RECEIVED: group messages of mine with new read counts. */
export function onReadReceipts(receipts) {
  for (const r of receipts) {
    const known = state.messages.get(r.messageID);
    if (!known || r.groupID === undefined) continue;
    known.readReceiptInfo = { readCount: r.readCount, unreadCount: r.unreadCount };
    const node = findMessage(r.messageID);
    if (node && node.dataset.status === 'success') setStatus(node, 'success');
  }
}

export async function sendComposed() {
  const text = ui.composer.value;
  if (!text.trim() || !state.open || !state.chat) return;
  const open = state.open;
  const conv = state.conversations.get(open.id);
  let message;
  try {
    // In a group, "@userID" and "@all" mention, and the members' reads come back as receipts.
    message = open.kind === 'GROUP'
      ? state.chat.createTextAtMessage({
        to: open.groupID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text, atUserList: mentionsIn(text) }, needReadReceipt: true,
      })
      : state.chat.createTextMessage({ to: open.peer, conversationType: Chat.TYPES.CONV_C2C, payload: { text } });
  } catch (err) {
    showNotice(`Could not create the message — ${errorText(err)}`, 'error');
    return;
  }
  ui.composer.value = '';
  autosize();
  if (conv?.draft) {
    conv.draft = '';
    state.chat.setConversationDraft({ conversationID: conv.id, draftText: '' }).catch(() => {});
  }
  await sendNew(message, conv);
}

/** Shows a new message of mine as pending, lists it, and sends it. */
export async function sendNew(message, conv) {
  const node = appendMessage(message, 'pending');
  if (conv) recordInConversation(conv, message);
  await deliver(message, node);
}

/** Sends (or re-sends: the engine reuses the message's random, so the server stores it once). */
export async function deliver(message, node) {
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
    const where = message.conversationType === Chat.TYPES.CONV_GROUP ? groupName(message.to) : displayName(message.to);
    showNotice(`Could not send to ${where} — ${errorText(err)}`, 'error');
    const retry = el('button', 'link-button', 'Retry');
    retry.type = 'button';
    retry.addEventListener('click', () => {
      if (state.chat === chat) deliver(message, target);
    });
    target.querySelector('.status').append(' ', retry);
  }
}

export function autosize() {
  ui.composer.style.height = 'auto';
  ui.composer.style.height = `${Math.min(ui.composer.scrollHeight, 160)}px`;
}

// ---------- wiring ----------

ui.loadOlder.addEventListener('click', () => loadOlder());
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
  if (document.visibilityState !== 'visible' || !state.open) return;
  const conv = state.conversations.get(state.open.id);
  if (conv?.unread) {
    conv.unread = 0;
    markRead(conv);
    renderConversations();
  }
});
