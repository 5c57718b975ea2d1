// The rest of @tencentcloud/chat 3.6.6's surface around the engine: log levels, plugins,
// TSignaling's constants, and the methods whose feature edgechat has not built (yet, or at all).
// Those exist so an app written for Tencent never meets a TypeError: promise methods reject
// with code 7013 (Tencent's "this API is not available in your plan") and a message naming the
// method and why; engine/npm/README.md lists them.

/** The code an unavailable method rejects with. */
export const NOT_AVAILABLE = 7013;

/** Families not built yet, each with the methods it will bring (promise methods). */
const NOT_YET = {
  'media upload (images, voice, video and files by File/Blob)': ['downloadMergerMessage'],
  'cloud search': ['searchCloudMessages', 'searchCloudUsers', 'searchCloudGroups', 'searchCloudGroupMembers'],
  'signaling': ['invite', 'inviteSync', 'inviteInGroup', 'inviteInGroupSync', 'cancel', 'accept', 'reject', 'modifyInvitation'],
};

/** Not part of edgechat at all (Tencent's paid add-ons). */
const NOT_IN_PRODUCT = {
  'follow': [
    'followUser', 'unfollowUser', 'getMyFollowingList', 'getMyFollowersList', 'getMutualFollowersList', 'getUserFollowInfo',
    'checkFollowType',
  ],
  'translation and voice-to-text': ['translateText', 'convertVoiceToText'],
};

/** Every unavailable promise method with the message its rejection carries. */
export const UNAVAILABLE = Object.freeze(Object.fromEntries([
  ...Object.entries(NOT_YET).flatMap(([family, names]) =>
    names.map((n) => [n, `${n}: ${family} is not built in edgechat yet (see the coverage table in its README)`])),
  ...Object.entries(NOT_IN_PRODUCT).flatMap(([family, names]) =>
    names.map((n) => [n, `${n}: ${family} is not part of edgechat`])),
]));

/** Adds each unavailable method to `proto` (where it is not defined) as a rejecting one. */
export function defineUnavailable(proto) {
  for (const [name, message] of Object.entries(UNAVAILABLE)) {
    if (name in proto) continue;
    Object.defineProperty(proto, name, {
      value() {
        return Promise.reject({ code: NOT_AVAILABLE, message });
      },
      writable: true,
      configurable: true,
    });
  }
}

/** `TencentCloudChat.TSignaling`: the signaling events and action types (signaling itself is not built). */
export const TSignaling = Object.freeze({
  NEW_INVITATION_RECEIVED: 'newInvitationReceived',
  INVITEE_ACCEPTED: 'ts_invitee_accepted',
  INVITEE_REJECTED: 'ts_invitee_rejected',
  INVITATION_CANCELLED: 'ts_invitation_cancelled',
  INVITATION_TIMEOUT: 'ts_invitation_timeout',
  INVITATION_MODIFIED: 'ts_invitation_modified',
  ACTION_TYPE_UNKNOWN: 0,
  ACTION_TYPE_INVITE: 1,
  ACTION_TYPE_CANCEL_INVITE: 2,
  ACTION_TYPE_ACCEPT_INVITE: 3,
  ACTION_TYPE_REJECT_INVITE: 4,
  ACTION_TYPE_INVITE_TIMEOUT: 5,
});

/**
 * The engine's log, filtered like Tencent's `setLogLevel`: 0 everything (debug), 1 release
 * (info and up, the default), 2 warnings and errors, 3 errors, 4 nothing.
 */
export class Logger {
  level = 1;

  set(level) {
    const n = Number(level);
    if (!Number.isInteger(n) || n < 0 || n > 4) return false;
    this.level = n;
    return true;
  }

  debug(...args) {
    if (this.level <= 0) console.debug('edgechat', ...args);
  }

  info(...args) {
    if (this.level <= 1) console.info('edgechat', ...args);
  }

  warn(...args) {
    if (this.level <= 2) console.warn('edgechat', ...args);
  }

  error(...args) {
    if (this.level <= 3) console.error('edgechat', ...args);
  }
}

/**
 * The HTTP base URL of the server from `create`'s `server` option: a base URL
 * (`https://chat.example.com`) or a socket URL (`wss://chat.example.com/ws`) are both taken.
 * Without it: the page's origin in a browser, the local dev server elsewhere.
 */
export function serverBase(server) {
  const given = server ?? globalThis.location?.origin ?? 'http://127.0.0.1:8787';
  let url;
  try {
    url = new URL(String(given));
  } catch {
    throw { code: 10004, message: `Chat.create: server ${JSON.stringify(given)} is not a URL` };
  }
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw { code: 10004, message: `Chat.create: server ${JSON.stringify(given)} must be http(s) or ws(s)` };
  }
  const path = url.pathname.replace(/\/ws\/?$/, '/').replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
