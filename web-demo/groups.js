// Demo groups: creating and joining groups, group tips' side effects, and group notifications (join requests).
import Chat from './edgechat/index.js';
import { GROUP_NAME_MAX_BYTES, USER_ID_RE, state, ui } from './state.js';
import { el, errorText, groupName, setFieldError, showNotice, utf8Length, who } from './util.js';
import { ensureGroup, renderConversations, setGroupName } from './conversations.js';
import { openConversation } from './chat.js';
import { loadPanel } from './group-panel.js';

export function addNotification(item) {
  state.notifications.set(item.key, item);
  renderNotifications();
}

export function dropNotification(key) {
  state.notifications.delete(key);
  renderNotifications();
}

export function renderNotifications() {
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

export function onSystemNotice(message) {
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
export async function loadGroupApplications() {
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

/** Side effects of a group tip: a renamed group, a changed member list. */
export function onTip(groupID, payload) {
  if (payload.operationType === Chat.TYPES.GRP_TIP_GRP_PROFILE_UPDATED) {
    const name = payload.newGroupProfile?.Name ?? payload.newGroupProfile?.name;
    if (typeof name === 'string') setGroupName(groupID, name, { authoritative: true });
  }
  if (state.panel.open && state.panel.groupID === groupID) loadPanel();
}

export async function handleApplication(item, handleAction, li) {
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

export async function createGroup() {
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

export async function joinGroup() {
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

// ---------- wiring ----------

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
