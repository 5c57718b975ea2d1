// Demo group info panel: a group's facts and members, member actions, rename, invite, leave and dismiss.
import Chat from './edgechat/index.js';
import {
  $, GROUP_NAME_MAX_BYTES, JOIN_OPTION_LABEL, MUTE_SECONDS, ROLE_LABEL, USER_ID_RE, state, ui,
} from './state.js';
import { avatar, el, errorText, groupName, groupTypeLabel, showNotice, timeLabel, utf8Length, who } from './util.js';
import { renderConversations, setGroupName } from './conversations.js';
import { closeConversation } from './chat.js';

export function openPanel(groupID) {
  state.panel.open = true;
  state.panel.groupID = groupID;
  ui.panel.hidden = false;
  ui.panel.dataset.groupId = groupID;
  ui.chatView.classList.add('with-panel');
  ui.infoToggle.setAttribute('aria-expanded', 'true');
  loadPanel();
}

export function closePanel() {
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
export async function loadPanel() {
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

export function renderPanel() {
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

export async function memberAction(button, fn) {
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

export async function panelCall(button, fn, what) {
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
export function forgetGroup(groupID) {
  const id = Chat.TYPES.CONV_GROUP + groupID;
  state.conversations.delete(id);
  if (state.open?.id === id) closeConversation();
  renderConversations();
}

// ---------- wiring ----------

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

