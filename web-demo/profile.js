// Demo profiles: my profile view and editing (updateMyProfile), and the cache of peers' nicknames and avatars.
import Chat from './edgechat/index.js';
import { $, state } from './state.js';
import { el, errorText, safeUrl, setFieldError, userAvatar, utf8Length } from './util.js';
import { renderConversations } from './conversations.js';
import { renderPaneTitle } from './chat.js';
import { renderContacts } from './friends.js';

const T = Chat.TYPES;
const NICK_MAX_BYTES = 500; // the engine refuses longer ones (2721); the form lets it say so
const GENDER_LABEL = { [T.GENDER_UNKNOWN]: 'Not set', [T.GENDER_FEMALE]: 'Female', [T.GENDER_MALE]: 'Male' };
const ALLOW_LABEL = {
  [T.ALLOW_TYPE_ALLOW_ANY]: 'Anyone can add me',
  [T.ALLOW_TYPE_NEED_CONFIRM]: 'I approve each request',
  [T.ALLOW_TYPE_DENY_ANY]: 'Nobody can add me',
};
/** The editable fields: form element ID → Profile key. */
const FIELDS = {
  'profile-nick': 'nick', 'profile-avatar-url': 'avatar', 'profile-signature': 'selfSignature',
  'profile-gender': 'gender', 'profile-allow': 'allowType',
};

const ui = {
  form: $('profile-form'), card: $('profile-card'), save: $('profile-save'), reset: $('profile-reset'),
  error: $('profile-error'), status: $('profile-status'), meNick: $('me-nick'),
};

let asking = new Set();  // userIDs to ask for in the next batch
let askTimer = 0;
let renderQueued = false;

// ---------- peers' profiles ----------

/** Remembers peers' (and my) nicknames / avatars from any Profile-like objects, then re-renders names. */
export function rememberProfiles(list) {
  let changed = false;
  for (const p of list ?? []) {
    if (!p?.userID) continue;
    if (p.userID === state.userID) {
      if ('nick' in p && state.myProfile) {
        state.myProfile = { ...state.myProfile, ...p };
        changed = true;
      }
      continue;
    }
    const before = state.profiles.get(p.userID) ?? {};
    const next = {
      nick: p.nick ?? before.nick ?? '', avatar: p.avatar ?? before.avatar ?? '',
      selfSignature: p.selfSignature ?? before.selfSignature ?? '',
    };
    if (next.nick !== before.nick || next.avatar !== before.avatar || next.selfSignature !== before.selfSignature) {
      state.profiles.set(p.userID, next);
      changed = true;
    }
  }
  if (changed) queueRender();
}

/** Asks the engine for these users' profiles (once per user and session, batched). */
export function askProfiles(userIDs) {
  for (const id of userIDs) {
    if (!id || id === state.userID || state.profileAsked.has(id)) continue;
    state.profileAsked.add(id);
    asking.add(id);
  }
  if (!asking.size || askTimer) return;
  askTimer = setTimeout(async () => {
    askTimer = 0;
    const chat = state.chat;
    const userIDList = [...asking].slice(0, 100);
    asking = new Set([...asking].slice(100));
    if (!chat || !chat.isReady()) {
      for (const id of userIDList) state.profileAsked.delete(id); // asked again once ready
      return;
    }
    try {
      const { data } = await chat.getUserProfile({ userIDList });
      if (state.chat === chat) rememberProfiles(data);
    } catch {
      // Names fall back to UserIDs; nothing to tell the user.
    }
    if (asking.size) askProfiles([]);
  }, 0);
}

/** Profiles of the conversation peers not known yet (e.g. rows listed before the engine was ready). */
export function askMissingProfiles() {
  const peers = [...state.conversations.values()].filter((c) => c.kind === 'C2C').map((c) => c.peer);
  askProfiles(peers.filter((id) => !state.profiles.has(id)));
}

function queueRender() {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    renderConversations();
    renderPaneTitle();
    renderContacts();
    renderMe();
  });
}

// ---------- my profile ----------

export async function loadMyProfile() {
  const chat = state.chat;
  if (!chat) return;
  try {
    const { data } = await chat.getMyProfile();
    if (state.chat !== chat) return;
    const clean = !isDirty(); // never overwrite what the user is typing
    state.myProfile = data;
    if (clean) fillForm();
    else updateSaveState();
    renderMe();
  } catch (err) {
    if (state.chat === chat) setFieldError(ui.error, `Could not load your profile — ${errorText(err)}`);
  }
}

/** PROFILE_UPDATED: mine (changed on another device) or a friend's. */
export function onProfileUpdated(list) {
  const mine = (list ?? []).find((p) => p.userID === state.userID);
  const clean = !isDirty();
  rememberProfiles(list);
  if (mine && clean) fillForm();
}

/** The form's values that differ from my profile, as updateMyProfile options. */
function changes() {
  const out = {};
  const mine = state.myProfile ?? {};
  for (const [id, key] of Object.entries(FIELDS)) {
    const value = $(id).value;
    const trimmed = key === 'selfSignature' ? value : value.trim();
    if (trimmed !== (mine[key] ?? '')) out[key] = trimmed;
  }
  return out;
}

function isDirty() {
  return !!state.myProfile && Object.keys(changes()).length > 0;
}

function fillForm() {
  const mine = state.myProfile;
  if (!mine) return;
  for (const [id, key] of Object.entries(FIELDS)) {
    const node = $(id);
    const value = mine[key] ?? '';
    if (node.tagName === 'SELECT' && value && ![...node.options].some((o) => o.value === value)) {
      node.append(new Option(value, value)); // a value this form does not know: keep it selectable
    }
    node.value = value;
  }
  ui.form.dataset.userId = mine.userID;
  updateSaveState();
}

function updateSaveState() {
  const dirty = isDirty();
  ui.save.disabled = !dirty;
  ui.reset.disabled = !dirty;
}

/** The card at the top of the profile tab, and my nickname in the top bar. */
export function renderMe() {
  const mine = state.myProfile;
  ui.meNick.textContent = mine?.nick ? `(${mine.nick})` : '';
  ui.meNick.hidden = !mine?.nick;
  if (!mine) {
    ui.card.replaceChildren();
    return;
  }
  const name = el('p', 'profile-name', mine.nick || mine.userID);
  name.id = 'profile-name';
  const id = el('p', 'profile-id', mine.userID);
  const signature = el('p', 'profile-signature', mine.selfSignature || 'No status yet.');
  signature.id = 'profile-signature-view';
  if (!mine.selfSignature) signature.classList.add('muted');
  const facts = el('p', 'profile-facts',
    `${GENDER_LABEL[mine.gender] ?? mine.gender} · ${ALLOW_LABEL[mine.allowType] ?? mine.allowType}`);
  const text = el('div', 'profile-text');
  text.append(name, id, signature, facts);
  const picture = userAvatar(mine.userID);
  picture.classList.add('large');
  ui.card.replaceChildren(picture, text);
}

async function save() {
  const chat = state.chat;
  if (!chat || !state.myProfile) return;
  const options = changes();
  setFieldError(ui.error, '');
  ui.status.textContent = '';
  if (!Object.keys(options).length) {
    ui.status.textContent = 'Nothing to save.';
    return;
  }
  if (options.avatar && !safeUrl(options.avatar)) {
    setFieldError(ui.error, 'The avatar URL must start with http:// or https://.');
    $('profile-avatar-url').focus();
    return;
  }
  ui.save.disabled = true;
  ui.form.setAttribute('aria-busy', 'true');
  try {
    const { data } = await chat.updateMyProfile(options);
    if (state.chat !== chat) return;
    state.myProfile = data;
    fillForm();
    renderMe();
    renderConversations();
    ui.status.textContent = 'Saved.';
  } catch (err) {
    if (state.chat !== chat) return;
    setFieldError(ui.error, `Could not save your profile — ${errorText(err)}`);
    updateSaveState();
  } finally {
    ui.form.setAttribute('aria-busy', 'false');
  }
}

/** Forgets the session's profiles (logout). */
export function resetProfiles() {
  clearTimeout(askTimer);
  askTimer = 0;
  asking = new Set();
  state.profiles.clear();
  state.profileAsked.clear();
  state.myProfile = null;
  ui.form.reset();
  ui.form.removeAttribute('data-user-id');
  setFieldError(ui.error, '');
  ui.status.textContent = '';
  renderMe();
}

// ---------- wiring ----------

for (const [select, labels] of [['profile-gender', GENDER_LABEL], ['profile-allow', ALLOW_LABEL]]) {
  $(select).replaceChildren(...Object.entries(labels).map(([value, label]) => new Option(label, value)));
}
$('profile-nick').placeholder = 'How others see you';
$('profile-nick').addEventListener('input', (event) => {
  const bytes = utf8Length(event.target.value);
  $('profile-nick-hint').textContent = bytes > NICK_MAX_BYTES
    ? `${bytes} bytes: a nickname is at most ${NICK_MAX_BYTES} bytes.`
    : `Shown instead of your UserID (up to ${NICK_MAX_BYTES} bytes).`;
});
ui.form.addEventListener('input', () => {
  ui.status.textContent = '';
  updateSaveState();
});
ui.form.addEventListener('change', updateSaveState);
ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  save();
});
ui.reset.addEventListener('click', () => {
  fillForm();
  setFieldError(ui.error, '');
  ui.status.textContent = '';
});
document.addEventListener('demo:tab', (event) => {
  if (event.detail === 'profile' && state.chat && !isDirty()) loadMyProfile();
});

