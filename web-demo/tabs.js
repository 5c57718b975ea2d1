// Demo sidebar tabs (Chats, Contacts, Profile), their badges, and the narrow-screen list / pane switch.
import { $, state, ui } from './state.js';

const TABS = ['chats', 'contacts', 'profile'];
const tab = (name) => $(`tab-${name}`);
const panel = (name) => $(`${name}-tab`);

/** Shows one sidebar tab; `focus` moves the keyboard focus to its button. */
export function showTab(name, { focus = false } = {}) {
  if (!TABS.includes(name)) return;
  const changed = state.tab !== name;
  state.tab = name;
  for (const other of TABS) {
    const selected = other === name;
    tab(other).setAttribute('aria-selected', String(selected));
    tab(other).tabIndex = selected ? 0 : -1;
    panel(other).hidden = !selected;
  }
  ui.chatView.dataset.tab = name;
  if (focus) tab(name).focus();
  if (changed) document.dispatchEvent(new CustomEvent('demo:tab', { detail: name }));
}

/** On narrow screens only one of list / pane is visible. */
export function showMobile(which) {
  ui.chatView.dataset.show = which;
}

function setBadge(node, count, what) {
  node.hidden = count <= 0;
  node.textContent = count > 99 ? '99+' : String(count);
  node.setAttribute('aria-label', `${count} ${what}`);
}

/** The Chats tab's badge: unread messages over all conversations. */
export function updateChatsBadge() {
  let unread = 0;
  for (const conv of state.conversations.values()) unread += conv.unread;
  setBadge($('chats-badge'), unread, 'unread');
}

/** The Contacts tab's badge: friend requests waiting for my answer. */
export function updateContactsBadge(count) {
  setBadge($('contacts-badge'), count, count === 1 ? 'friend request' : 'friend requests');
}

for (const name of TABS) {
  tab(name).addEventListener('click', () => {
    showTab(name);
    showMobile('list');
  });
  // Arrow keys move between tabs (the WAI-ARIA tabs pattern).
  tab(name).addEventListener('keydown', (event) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    showTab(TABS[(TABS.indexOf(name) + step + TABS.length) % TABS.length], { focus: true });
  });
}
