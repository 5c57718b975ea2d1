// Demo helpers: DOM building, names and labels, error and time formatting, the notice bar.
import Chat from './edgechat/index.js';
import { GROUP_TYPE_LABEL, state, ui } from './state.js';

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function errorText(err) {
  if (err && typeof err === 'object' && 'code' in err) return `${err.code}: ${err.message ?? ''}`.trim();
  return String(err?.message ?? err);
}

export function textOf(message) {
  if (message.isRevoked) return 'message recalled';
  if (message.type === Chat.TYPES.MSG_TEXT) return message.payload?.text ?? '';
  if (message.type === Chat.TYPES.MSG_GRP_TIP) return tipText(message.payload ?? {});
  if (message.type === Chat.TYPES.MSG_IMAGE) return '[Image]';
  if (message.type === Chat.TYPES.MSG_FILE) return `[File] ${message.payload?.fileName || 'file'}`;
  return `[${message.type}]`;
}

/** An http(s) URL as an absolute string, or '' for anything else (javascript:, data:, garbage). */
export function safeUrl(text) {
  if (!String(text ?? '').trim()) return '';
  try {
    const url = new URL(String(text ?? '').trim(), window.location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

/** How a peer is called: my remark for a friend, else their nickname, else their UserID. */
export function displayName(userID) {
  if (!userID) return '';
  if (userID === state.userID) return state.myProfile?.nick || userID;
  const remark = state.friends.find((f) => f.userID === userID)?.remark;
  return remark || state.profiles.get(userID)?.nick || userID;
}

/** How a user is called in the UI: "you" for me, else the UserID. */
export function who(userID) {
  return userID === state.userID ? 'you' : userID;
}

export function whoList(ids) {
  const names = (ids ?? []).map(who);
  if (names.length <= 1) return names[0] ?? 'someone';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "you joined" → "You joined" (UserIDs are case-sensitive: only "you" is capitalized). */
export function capitalize(text) {
  return text.startsWith('you') ? `Y${text.slice(1)}` : text;
}

/** The sender's name shown on a group message: group name card, then nickname, then UserID. */
export function senderName(message) {
  return message.nameCard || message.nick || message.from || '';
}

export function groupName(groupID) {
  return state.groupNames.get(groupID) || groupID;
}

export function groupTypeLabel(type) {
  return GROUP_TYPE_LABEL[type] ?? type ?? '';
}

export function minutes(seconds) {
  const m = Math.round(Number(seconds) / 60);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** One line for a group tip (join, quit, kick, admin, profile, mute). */
export function tipText(payload) {
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

export function peerOf(message) {
  return message.flow === 'out' ? message.to : message.from;
}

export function timeLabel(unixSeconds) {
  if (!unixSeconds) return '';
  const date = new Date(unixSeconds * 1000);
  const sameDay = date.toDateString() === new Date().toDateString();
  return sameDay
    ? date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A stable pleasant colour per UserID, for avatars. */
export function hueOf(id) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)) % 360;
  return h;
}

/** A round avatar: the user's picture when `url` is an http(s) URL, else their initial on a colour. */
export function avatar(id, { group = false, label, url = '' } = {}) {
  const node = el('span', group ? 'avatar group' : 'avatar', (label || id).slice(0, 1).toUpperCase());
  node.style.setProperty('--hue', String(hueOf(id)));
  node.setAttribute('aria-hidden', 'true');
  const src = safeUrl(url);
  if (src) {
    const img = el('img');
    img.alt = '';
    img.src = src;
    img.referrerPolicy = 'no-referrer';
    img.addEventListener('error', () => img.remove()); // back to the initial
    node.append(img);
  }
  return node;
}

/** A user's avatar with the best known name and picture. */
export function userAvatar(userID) {
  const profile = userID === state.userID ? state.myProfile : state.profiles.get(userID);
  return avatar(userID, { label: displayName(userID), url: profile?.avatar });
}

export function showNotice(text, kind = 'info') {
  ui.noticeText.textContent = text;
  ui.notice.dataset.kind = kind;
  ui.notice.hidden = false;
}

export function hideNotice() {
  ui.notice.hidden = true;
  ui.noticeText.textContent = '';
}

export function setLoginError(text) {
  ui.loginError.textContent = text;
  ui.loginError.hidden = !text;
}

export function setNetState(netState) {
  ui.netState.textContent = netState;
  ui.netState.dataset.state = netState;
}

export function setFieldError(node, text) {
  node.textContent = text;
  node.hidden = !text;
}

export function utf8Length(text) {
  return new TextEncoder().encode(text).length;
}
