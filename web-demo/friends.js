// Demo contacts: the friend list, adding friends, incoming / outgoing friend requests, removing and blocking.
import Chat from './edgechat/index.js';
import { $, USER_ID_RE, state } from './state.js';
import { displayName, el, errorText, setFieldError, showNotice, userAvatar } from './util.js';
import { openConversation } from './chat.js';
import { askProfiles, rememberProfiles } from './profile.js';
import { updateContactsBadge } from './tabs.js';

const T = Chat.TYPES;
const SOURCE = 'AddSource_Type_Web';

const ui = {
  addForm: $('add-friend-form'), addID: $('friend-id'), addWording: $('friend-wording'), addButton: $('add-friend'),
  addError: $('friend-error'), addStatus: $('friend-status'),
  requests: $('friend-requests'), requestsEmpty: $('requests-empty'),
  friends: $('friend-list'), friendsEmpty: $('friends-empty'), friendsCount: $('friends-count'),
  blocked: $('blocked-list'), blockedSection: $('blocked-section'),
};

/** One getFriendList at a time; a change announced meanwhile reloads once more after it. */
let loading = null;
let reloadAfter = false;

// ---------- loading ----------

/** Loads friends, requests and the blacklist (after login). */
export function loadContacts() {
  loadFriends();
  loadApplications();
  loadBlacklist();
}

export async function loadFriends() {
  if (loading) {
    reloadAfter = true;
    return loading;
  }
  const chat = state.chat;
  if (!chat) return undefined;
  loading = (async () => {
    try {
      const { data } = await chat.getFriendList();
      if (state.chat !== chat) return;
      state.friends = data ?? [];
      // The package fills each friend's `profile` with the user's profile (nick, avatar, …).
      rememberProfiles(state.friends.map((f) => f.profile).filter((p) => p && 'nick' in p));
      renderContacts();
    } catch (err) {
      if (state.chat === chat) showNotice(`Could not load your friends — ${errorText(err)}`, 'error');
    }
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
  if (reloadAfter) {
    reloadAfter = false;
    await loadFriends();
  }
  return undefined;
}

async function loadApplications() {
  const chat = state.chat;
  if (!chat) return;
  try {
    const { data } = await chat.getFriendApplicationList();
    if (state.chat === chat) onApplications(data);
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not load friend requests — ${errorText(err)}`, 'error');
  }
}

async function loadBlacklist() {
  const chat = state.chat;
  if (!chat) return;
  try {
    const { data } = await chat.getBlacklist();
    if (state.chat === chat) onBlacklist(data);
  } catch (err) {
    if (state.chat === chat) showNotice(`Could not load your blocked list — ${errorText(err)}`, 'error');
  }
}

// ---------- engine events ----------

/** FRIEND_APPLICATION_LIST_UPDATED / getFriendApplicationList: `{ friendApplicationList, unreadCount }`. */
export function onApplications(data) {
  state.applications = data?.friendApplicationList ?? [];
  rememberProfiles(state.applications.filter((a) => a.nick || a.avatar).map(({ userID, nick, avatar }) => ({ userID, nick, avatar })));
  askProfiles(state.applications.map((a) => a.userID));
  renderContacts();
}

/** BLACKLIST_UPDATED: the whole list of UserIDs I blocked. */
export function onBlacklist(list) {
  state.blacklist = [...(list ?? [])];
  askProfiles(state.blacklist);
  renderContacts();
}

// ---------- rendering ----------

function action(label, aria, onClick, className = 'link-button') {
  const button = el('button', className, label);
  button.type = 'button';
  button.setAttribute('aria-label', aria);
  button.addEventListener('click', () => onClick(button));
  return button;
}

/** Name and a second line (UserID when a name is shown, a status line, …). */
function who(userID, secondLine) {
  const main = el('span', 'contact-main');
  const name = displayName(userID);
  main.append(el('span', 'contact-name', name));
  const sub = [name !== userID ? userID : '', secondLine].filter(Boolean).join(' · ');
  if (sub) main.append(el('span', 'contact-sub', sub));
  return main;
}

function requestRow(app) {
  const incoming = app.type === T.SNS_APPLICATION_SENT_TO_ME;
  const li = el('li', `contact request ${incoming ? 'incoming' : 'outgoing'}`);
  li.dataset.userId = app.userID;
  li.dataset.direction = incoming ? 'in' : 'out';
  const note = incoming
    ? (app.wording ? `“${app.wording}”` : 'wants to be your friend')
    : 'request sent, waiting for an answer';
  li.append(userAvatar(app.userID), who(app.userID, note));
  const actions = el('span', 'contact-actions');
  if (incoming) {
    actions.append(
      action('Accept', `Accept ${app.userID}'s friend request`, (b) => respond(b, app.userID, 'accept'), 'button primary small-button'),
      action('Refuse', `Refuse ${app.userID}'s friend request`, (b) => respond(b, app.userID, 'refuse'), 'button ghost small-button'),
    );
  } else {
    actions.append(action('Cancel', `Cancel the friend request to ${app.userID}`, (b) => respond(b, app.userID, 'cancel')));
  }
  li.append(actions);
  return li;
}

function friendRow(friend) {
  const li = el('li', 'contact friend');
  li.dataset.userId = friend.userID;
  const profile = state.profiles.get(friend.userID);
  const open = el('button', 'contact-open');
  open.type = 'button';
  open.setAttribute('aria-label', `Chat with ${displayName(friend.userID)}`);
  open.append(userAvatar(friend.userID), who(friend.userID, profile?.selfSignature ?? ''));
  open.addEventListener('click', () => chatWith(friend.userID));
  const actions = el('span', 'contact-actions');
  actions.append(
    action('Remove', `Remove ${friend.userID} from friends`, (b) => removeFriend(b, friend.userID), 'link-button danger-link'),
    action('Block', `Block ${friend.userID}`, (b) => block(b, friend.userID), 'link-button danger-link'),
  );
  li.append(open, actions);
  return li;
}

function blockedRow(userID) {
  const li = el('li', 'contact blocked');
  li.dataset.userId = userID;
  li.append(userAvatar(userID), who(userID, 'blocked: cannot message you'));
  const actions = el('span', 'contact-actions');
  actions.append(action('Unblock', `Unblock ${userID}`, (b) => unblock(b, userID)));
  li.append(actions);
  return li;
}

export function renderContacts() {
  const byName = (a, b) => displayName(a).localeCompare(displayName(b), undefined, { sensitivity: 'base' });
  const incoming = state.applications.filter((a) => a.type === T.SNS_APPLICATION_SENT_TO_ME);
  const outgoing = state.applications.filter((a) => a.type !== T.SNS_APPLICATION_SENT_TO_ME);
  ui.requests.replaceChildren(...[...incoming, ...outgoing].map(requestRow));
  ui.requestsEmpty.hidden = state.applications.length > 0;
  updateContactsBadge(incoming.length);

  const friends = [...state.friends].sort((a, b) => byName(a.userID, b.userID));
  ui.friends.replaceChildren(...friends.map(friendRow));
  ui.friendsEmpty.hidden = friends.length > 0;
  ui.friendsCount.textContent = friends.length ? `(${friends.length})` : '';

  ui.blocked.replaceChildren(...[...state.blacklist].sort(byName).map(blockedRow));
  ui.blockedSection.hidden = state.blacklist.length === 0;
}

// ---------- actions ----------

function chatWith(userID) {
  openConversation(T.CONV_C2C + userID);
}

/** Runs `fn(chat)` with `button` disabled; shows a failure with the engine's code. */
async function run(button, what, fn) {
  const chat = state.chat;
  if (!chat) return undefined;
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

async function addFriend() {
  const to = ui.addID.value.trim();
  const wording = ui.addWording.value.trim();
  ui.addStatus.hidden = true;
  if (!USER_ID_RE.test(to)) {
    setFieldError(ui.addError, 'Enter a UserID: 1–32 letters, digits, _ or -.');
    ui.addID.focus();
    return;
  }
  setFieldError(ui.addError, '');
  const chat = state.chat;
  if (!chat) return;
  ui.addButton.disabled = true;
  try {
    // Self-adds, blocked users and the like are refused by the engine, with its code.
    const { data } = await chat.addFriend({ to, wording, source: SOURCE, type: T.SNS_ADD_TYPE_BOTH });
    if (state.chat !== chat) return;
    ui.addForm.reset();
    ui.addStatus.textContent = data.code === 0
      ? `You and ${to} are now friends.`
      : `Request sent to ${to}. You will be friends once they accept.`;
    ui.addStatus.hidden = false;
    loadFriends();
    loadApplications();
  } catch (err) {
    if (state.chat === chat) setFieldError(ui.addError, `Could not add ${to} — ${errorText(err)}`);
  } finally {
    ui.addButton.disabled = false;
  }
}

async function respond(button, userID, how) {
  const calls = {
    accept: [`accept ${userID}'s request`, (chat) => chat.acceptFriendApplication({ userID, type: T.SNS_APPLICATION_AGREE_AND_ADD })],
    refuse: [`refuse ${userID}'s request`, (chat) => chat.refuseFriendApplication({ userID })],
    cancel: [`cancel the request to ${userID}`, (chat) => chat.deleteFriendApplication({ userID, type: T.SNS_APPLICATION_SENT_BY_ME })],
  };
  const [what, fn] = calls[how];
  const res = await run(button, what, fn);
  if (!res) return;
  state.applications = state.applications.filter((a) => a.userID !== userID);
  renderContacts();
  loadApplications();
  if (how === 'accept') loadFriends();
}

/** Fails a batch call (deleteFriend) whose result lists `userID` as failed. */
function checkBatch(res, userID) {
  const failed = res?.data?.failureUserIDList?.find((f) => f.userID === userID);
  if (failed) throw { code: failed.code, message: failed.message };
  return res;
}

async function removeFriend(button, userID) {
  if (!window.confirm(`Remove ${displayName(userID)} from your friends? You will be removed from theirs too.`)) return;
  const res = await run(button, `remove ${userID}`, async (chat) =>
    checkBatch(await chat.deleteFriend({ userIDList: [userID], type: T.SNS_DELETE_TYPE_BOTH }), userID));
  if (!res) return;
  state.friends = state.friends.filter((f) => f.userID !== userID);
  renderContacts();
  loadFriends();
}

async function block(button, userID) {
  if (!window.confirm(`Block ${displayName(userID)}? They will no longer be your friend and cannot message you.`)) return;
  const res = await run(button, `block ${userID}`, (chat) => chat.addToBlacklist({ userIDList: [userID] }));
  if (!res) return;
  onBlacklist(res.data);
  loadFriends();
}

async function unblock(button, userID) {
  const res = await run(button, `unblock ${userID}`, (chat) => chat.removeFromBlacklist({ userIDList: [userID] }));
  if (res) onBlacklist(res.data);
}

/** Forgets the session's contacts (logout). */
export function resetContacts() {
  state.friends = [];
  state.applications = [];
  state.blacklist = [];
  reloadAfter = false;
  ui.addForm.reset();
  setFieldError(ui.addError, '');
  ui.addStatus.hidden = true;
  renderContacts();
}

// ---------- wiring ----------

ui.addForm.addEventListener('submit', (event) => {
  event.preventDefault();
  addFriend();
});
document.addEventListener('demo:tab', (event) => {
  // Opening Contacts marks the friend requests seen (the unread count of FRIEND_APPLICATION_LIST_UPDATED).
  if (event.detail === 'contacts' && state.chat && state.applications.some((a) => a.type === T.SNS_APPLICATION_SENT_TO_ME)) {
    state.chat.setFriendApplicationRead().catch(() => {});
  }
});
