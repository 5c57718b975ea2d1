// Demo shared state: constants, the page's element handles (`ui`) and the per-session `state`.
import Chat from './edgechat/index.js';

export const USER_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
export const PAGE_SIZE = 15;
export const RECALL_WINDOW_S = 120;   // the server's default recall window
export const MUTE_SECONDS = 600;      // "Mute 10 min"
export const GROUP_NAME_MAX_BYTES = 30;
export const GROUP_TYPE_LABEL = {
  [Chat.TYPES.GRP_WORK]: 'Work', Work: 'Work', [Chat.TYPES.GRP_PUBLIC]: 'Public', [Chat.TYPES.GRP_MEETING]: 'Meeting',
  [Chat.TYPES.GRP_AVCHATROOM]: 'Live', [Chat.TYPES.GRP_COMMUNITY]: 'Community',
};
export const ROLE_LABEL = {
  [Chat.TYPES.GRP_MBR_ROLE_OWNER]: 'Owner', [Chat.TYPES.GRP_MBR_ROLE_ADMIN]: 'Admin', [Chat.TYPES.GRP_MBR_ROLE_MEMBER]: 'Member',
};
export const JOIN_OPTION_LABEL = {
  [Chat.TYPES.JOIN_OPTIONS_FREE_ACCESS]: 'anyone can join',
  [Chat.TYPES.JOIN_OPTIONS_NEED_PERMISSION]: 'needs approval',
  [Chat.TYPES.JOIN_OPTIONS_DISABLE_APPLY]: 'by invitation only',
};
export const KICK_REASONS = {
  [Chat.TYPES.KICKED_OUT_MULT_ACCOUNT]: 'this account logged in on another page',
  [Chat.TYPES.KICKED_OUT_MULT_DEVICE]: 'this account logged in on another device',
  [Chat.TYPES.KICKED_OUT_USERSIG_EXPIRED]: 'the UserSig expired',
  [Chat.TYPES.KICKED_OUT_REST_API]: 'an administrator signed you out',
};

export const $ = (id) => document.getElementById(id);
export const ui = {
  session: $('session'), me: $('me'), netState: $('net-state'), logout: $('logout'),
  notice: $('notice'), noticeText: $('notice-text'), noticeClose: $('notice-close'),
  loginView: $('login-view'), loginForm: $('login-form'), userID: $('userid'), login: $('login'),
  bootStatus: $('boot-status'), loginError: $('login-error'),
  chatView: $('chat-view'), newChatForm: $('new-chat-form'), peer: $('peer'), openChat: $('open-chat'),
  peerError: $('peer-error'), conversations: $('conversations'), conversationsEmpty: $('conversations-empty'),
  back: $('back'), chatTitle: $('chat-title'), scroller: $('scroller'), loadOlder: $('load-older'),
  messages: $('messages'), messagesEmpty: $('messages-empty'),
  composerForm: $('composer-form'), composer: $('composer'), send: $('send'),
  attachToggle: $('attach-toggle'), attachForm: $('attach-form'), attachKind: $('attach-kind'), attachUrl: $('attach-url'),
  attachName: $('attach-name'), attachNameRow: $('attach-name-row'), attachSend: $('attach-send'),
  attachCancel: $('attach-cancel'), attachError: $('attach-error'),
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
export const state = {
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
  readAgain: new Set(),       // ... and asked for again meanwhile
  panel: { open: false, groupID: '', generation: 0, group: null, members: [], myRole: '' },
  // Relationship chain and profiles (friends.js, profile.js).
  profiles: new Map(),        // userID -> { nick, avatar, selfSignature } as last known
  profileAsked: new Set(),    // userIDs whose profile was asked for (once per session)
  myProfile: null,            // my Profile
  friends: [],                // Friend[] of getFriendList (profiles filled in)
  applications: [],           // FriendApplication[] (both directions)
  blacklist: [],              // UserIDs I blocked
  tab: 'chats',               // the sidebar tab shown: 'chats' | 'contacts' | 'profile'
};
