// Profiles, friends, friend applications, friend groups and the blacklist through the engine package in Node, against the
// real worker — with the method names, options, result shapes and event names of `@tencentcloud/chat` (read from its
// 3.6.6 package: index.d.ts, index.js, modules/relationship-module.js; see TENCENT_REST_NOTES.md §36).
//
// Constants, verbatim from @tencentcloud/chat's index.d.ts (the first test checks the engine exports the same strings):
//   TYPES.SNS_ADD_TYPE_SINGLE 'Add_Type_Single'          TYPES.SNS_ADD_TYPE_BOTH 'Add_Type_Both'
//   TYPES.SNS_DELETE_TYPE_SINGLE 'Delete_Type_Single'    TYPES.SNS_DELETE_TYPE_BOTH 'Delete_Type_Both'
//   TYPES.SNS_CHECK_TYPE_SINGLE 'CheckResult_Type_Single' TYPES.SNS_CHECK_TYPE_BOTH 'CheckResult_Type_Both'
//   TYPES.SNS_TYPE_NO_RELATION 'CheckResult_Type_NoRelation'  TYPES.SNS_TYPE_A_WITH_B 'CheckResult_Type_AWithB'
//   TYPES.SNS_TYPE_B_WITH_A 'CheckResult_Type_BWithA'         TYPES.SNS_TYPE_BOTH_WAY 'CheckResult_Type_BothWay'
//   TYPES.SNS_APPLICATION_TYPE_BOTH 'Pendency_Type_Both'  TYPES.SNS_APPLICATION_SENT_TO_ME 'Pendency_Type_ComeIn'
//   TYPES.SNS_APPLICATION_SENT_BY_ME 'Pendency_Type_SendOut'
//   TYPES.SNS_APPLICATION_AGREE 'Response_Action_Agree'   TYPES.SNS_APPLICATION_AGREE_AND_ADD 'Response_Action_AgreeAndAdd'
//   TYPES.GENDER_UNKNOWN 'Gender_Type_Unknown'  TYPES.GENDER_FEMALE 'Gender_Type_Female'  TYPES.GENDER_MALE 'Gender_Type_Male'
//   TYPES.ALLOW_TYPE_ALLOW_ANY 'AllowType_Type_AllowAny'  TYPES.ALLOW_TYPE_NEED_CONFIRM 'AllowType_Type_NeedConfirm'
//   TYPES.ALLOW_TYPE_DENY_ANY 'AllowType_Type_DenyAny'
//   TYPES.FORBID_TYPE_NONE 'AdminForbid_Type_None'        TYPES.FORBID_TYPE_SEND_OUT 'AdminForbid_Type_SendOut'
//   EVENT.PROFILE_UPDATED 'onProfileUpdated'              EVENT.BLACKLIST_UPDATED 'blacklistUpdated'
//   EVENT.FRIEND_LIST_UPDATED 'onFriendListUpdated'       EVENT.FRIEND_GROUP_LIST_UPDATED 'onFriendGroupListUpdated'
//   EVENT.FRIEND_APPLICATION_LIST_UPDATED 'onFriendApplicationListUpdated'
//
// Result shapes followed (all `{code: 0, data}`; rejections `{code, message}`), as the SDK builds them:
//   addFriend → {userID, code: 0}, or {userID, code: 30539, message} (pending — resolved, not rejected); other codes reject.
//   deleteFriend / checkFriend → {successUserIDList, failureUserIDList}; check items {userID, code: 0, relation}.
//   getFriendList → Friend[] {userID, remark, groupList, source, wording, profile, friendCustomField: [{key, value}]}.
//   getFriendProfile → {friendList, failureUserIDList}.  getFriendApplicationList → {friendApplicationList, unreadCount}
//   with FriendApplication {userID, avatar, nick, time, source, wording, type}.  getFriendGroupList → FriendGroup[]
//   {name, userIDList, count}; createFriendGroup / addToFriendGroup / removeFromFriendGroup → {friendGroup,
//   failureUserIDList}; renameFriendGroup / deleteFriendGroup → FriendGroup.  getBlacklist / addToBlacklist /
//   removeFromBlacklist → UserID[] (the whole blacklist), as BLACKLIST_UPDATED carries.  getMyProfile → Profile;
//   getUserProfile → Profile[]; updateMyProfile → the new Profile.  PROFILE_UPDATED carries Profile[].
//   SDK-local codes kept: 2710 friend group exists, 2711 friend group missing, 2716 no such application, 2721 invalid
//   profile option (e.g. a nick over 500 bytes).
//
// Where Tencent is silent these tests choose:
// - The worker runs with MAX_INSTANCES_PER_PLATFORM=2, so a user's "other device" is a second Web login.
// - FRIEND_LIST_UPDATED is awaited and then getFriendList() is read (the SDK emits it after each change; the tests do not
//   depend on its payload).
// - The remark and groupName given to addFriend are kept with a pending application and applied when it is accepted.
// - SNS_APPLICATION_AGREE makes the applicant's one-way friendship (applicant has the acceptor); AGREE_AND_ADD both ways.
//   Accepting, refusing or deleting removes the application from the acting side's list; accept/refuse also from the
//   applicant's.
// - Blocking removes the friendship both ways and both users get FRIEND_LIST_UPDATED; the blocked user's sendMessage to the
//   blocker rejects with 20007; friend requests between them reject with 30515 (blocker adds) / 30525 (blocked adds).
// - Profile pushes reach the user's other devices and the user's friends.
// - Custom profile fields are declared with the worker variable PROFILE_CUSTOM_FIELDS, custom friend fields with
//   SNS_CUSTOM_FIELDS (see TENCENT_REST_NOTES.md §37).
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Chat, engineFor } from '../support/engine.mjs';
import { show } from '../support/rest.mjs';
import { startWorker, uniqueID } from '../support/worker.mjs';

const { TYPES, EVENT } = Chat;
const C2C = TYPES.CONV_C2C;
const SOURCE = 'AddSource_Type_Web';

/** The values of @tencentcloud/chat 3.6.6 (index.d.ts), for the relationship and profile APIs. */
const SDK_TYPES = {
  SNS_ADD_TYPE_SINGLE: 'Add_Type_Single',
  SNS_ADD_TYPE_BOTH: 'Add_Type_Both',
  SNS_DELETE_TYPE_SINGLE: 'Delete_Type_Single',
  SNS_DELETE_TYPE_BOTH: 'Delete_Type_Both',
  SNS_CHECK_TYPE_SINGLE: 'CheckResult_Type_Single',
  SNS_CHECK_TYPE_BOTH: 'CheckResult_Type_Both',
  SNS_TYPE_NO_RELATION: 'CheckResult_Type_NoRelation',
  SNS_TYPE_A_WITH_B: 'CheckResult_Type_AWithB',
  SNS_TYPE_B_WITH_A: 'CheckResult_Type_BWithA',
  SNS_TYPE_BOTH_WAY: 'CheckResult_Type_BothWay',
  SNS_APPLICATION_TYPE_BOTH: 'Pendency_Type_Both',
  SNS_APPLICATION_SENT_TO_ME: 'Pendency_Type_ComeIn',
  SNS_APPLICATION_SENT_BY_ME: 'Pendency_Type_SendOut',
  SNS_APPLICATION_AGREE: 'Response_Action_Agree',
  SNS_APPLICATION_AGREE_AND_ADD: 'Response_Action_AgreeAndAdd',
  GENDER_UNKNOWN: 'Gender_Type_Unknown',
  GENDER_FEMALE: 'Gender_Type_Female',
  GENDER_MALE: 'Gender_Type_Male',
  ALLOW_TYPE_ALLOW_ANY: 'AllowType_Type_AllowAny',
  ALLOW_TYPE_NEED_CONFIRM: 'AllowType_Type_NeedConfirm',
  ALLOW_TYPE_DENY_ANY: 'AllowType_Type_DenyAny',
  FORBID_TYPE_NONE: 'AdminForbid_Type_None',
  FORBID_TYPE_SEND_OUT: 'AdminForbid_Type_SendOut',
};
const SDK_EVENT = {
  PROFILE_UPDATED: 'onProfileUpdated',
  BLACKLIST_UPDATED: 'blacklistUpdated',
  FRIEND_LIST_UPDATED: 'onFriendListUpdated',
  FRIEND_GROUP_LIST_UPDATED: 'onFriendGroupListUpdated',
  FRIEND_APPLICATION_LIST_UPDATED: 'onFriendApplicationListUpdated',
};

const CODE = {
  BLOCKED: 20007, // 发送单聊消息，被对方拉黑，禁止发送
  GROUPS_FULL: 30011, // too many friend groups
  IN_MY_BLACKLIST: 30515,
  DENY_ANY: 30516,
  IN_THEIR_BLACKLIST: 30525,
  PENDING: 30539,
  PROFILE_NO_TAG: 40009,
  PROFILE_BAD_VALUE: 40605,
  SDK_FRIEND_GROUP_EXISTS: 2710,
  SDK_FRIEND_GROUP_MISSING: 2711,
  SDK_NO_APPLICATION: 2716,
  SDK_BAD_PROFILE_OPTION: 2721,
  SNS_PARAM: 30001, // e.g. a remark over 96 bytes
};

describe('profiles and the relationship chain in the engine', () => {
  let worker;
  let opened = [];

  before(async () => {
    worker = await startWorker({
      vars: { MAX_INSTANCES_PER_PLATFORM: '2', PROFILE_CUSTOM_FIELDS: 'Hobby,Mood', SNS_CUSTOM_FIELDS: 'Tier' },
    });
  });

  after(async () => {
    await worker?.stop();
  });

  afterEach(async () => {
    for (const h of opened.splice(0)) await h.chat.destroy();
  });

  /** Logs `id` in through the engine (a fresh user unless `id` is given); destroyed after the test. */
  async function open(prefix, id = uniqueID(prefix)) {
    const h = await engineFor(worker.url, id);
    h.id = id;
    opened.push(h);
    return h;
  }

  /** Resolves with `h`'s friend list once `predicate(list)` holds, re-reading it after each FRIEND_LIST_UPDATED. */
  async function friendsWhen(h, predicate, what = 'the friend list') {
    for (let i = 0; i < 50; i += 1) {
      const { code, data } = await h.chat.getFriendList();
      assert.equal(code, 0);
      assert.ok(Array.isArray(data), show(data));
      if (predicate(data)) return data;
      await h.next(EVENT.FRIEND_LIST_UPDATED);
    }
    return assert.fail(`${what} of ${h.id} never matched`);
  }

  /** Resolves with the FRIEND_APPLICATION_LIST_UPDATED data whose application list satisfies `predicate`. */
  function applicationsWhen(h, predicate) {
    return h.next(EVENT.FRIEND_APPLICATION_LIST_UPDATED, (d) => predicate(d.friendApplicationList, d));
  }

  /** Resolves once `h`'s getFriendApplicationList() satisfies `predicate`, re-reading after each update event. */
  async function applicationsUntil(h, predicate, what = 'the application list') {
    for (let i = 0; i < 50; i += 1) {
      const { code, data } = await h.chat.getFriendApplicationList();
      assert.equal(code, 0);
      if (predicate(data.friendApplicationList, data)) return data;
      await h.next(EVENT.FRIEND_APPLICATION_LIST_UPDATED);
    }
    return assert.fail(`${what} of ${h.id} never matched`);
  }

  /** Drops the buffered events named `name` (e.g. those of the login), so `next` waits for a new one. */
  function drain(h, name) {
    for (let i = h.events.length - 1; i >= 0; i -= 1) if (h.events[i].name === name) h.events.splice(i, 1);
  }

  const friendOf = (list, id) => list.find((f) => f.userID === id);

  async function relation(h, other, type = TYPES.SNS_CHECK_TYPE_BOTH) {
    const { code, data } = await h.chat.checkFriend({ userIDList: [other], type });
    assert.equal(code, 0);
    assert.deepEqual(data.failureUserIDList, [], show(data));
    assert.equal(data.successUserIDList.length, 1, show(data));
    const [item] = data.successUserIDList;
    assert.equal(item.userID, other);
    assert.equal(item.code, 0);
    return item.relation;
  }

  async function allow(h, allowType) {
    const { code, data } = await h.chat.updateMyProfile({ allowType });
    assert.equal(code, 0);
    assert.equal(data.allowType, allowType);
  }

  /** Makes `a` and `b` friends both ways in one round (b accepts anyone first). */
  async function befriend(a, b) {
    await allow(b, TYPES.ALLOW_TYPE_ALLOW_ANY);
    const res = await a.chat.addFriend({ to: b.id, source: SOURCE, type: TYPES.SNS_ADD_TYPE_BOTH });
    assert.deepEqual(res, { code: 0, data: { userID: b.id, code: 0 } });
    await friendsWhen(a, (l) => !!friendOf(l, b.id));
    await friendsWhen(b, (l) => !!friendOf(l, a.id));
  }

  const text = (h, to, t) => h.chat.createTextMessage({ to, conversationType: C2C, payload: { text: t } });

  it('TYPES and EVENT carry @tencentcloud/chat’s strings for the relationship and profile APIs', () => {
    for (const [k, v] of Object.entries(SDK_TYPES)) assert.equal(TYPES[k], v, `TYPES.${k}`);
    for (const [k, v] of Object.entries(SDK_EVENT)) assert.equal(EVENT[k], v, `EVENT.${k}`);
    const chat = Chat.create({ SDKAppID: 1400000000, server: 'http://127.0.0.1:1', WebSocket: class {} }); // never logs in
    for (const m of ['getMyProfile', 'getUserProfile', 'updateMyProfile', 'addFriend', 'deleteFriend', 'checkFriend',
      'getFriendList', 'getFriendProfile', 'updateFriend', 'getFriendApplicationList', 'acceptFriendApplication',
      'refuseFriendApplication', 'deleteFriendApplication', 'setFriendApplicationRead', 'getFriendGroupList',
      'createFriendGroup', 'deleteFriendGroup', 'renameFriendGroup', 'addToFriendGroup', 'removeFromFriendGroup',
      'getBlacklist', 'addToBlacklist', 'removeFromBlacklist']) {
      assert.equal(typeof chat[m], 'function', `chat.${m}`);
    }
  });

  it('profile: defaults, an update reaching my other device and my friend, read by a stranger; bad options refused', async () => {
    const a1 = await open('alice');
    const a2 = await open('', a1.id); // the same user on a second device
    const bob = await open('bob');
    const carol = await open('carol');
    await befriend(a1, bob);

    const mine = await carol.chat.getMyProfile();
    assert.equal(mine.code, 0);
    assert.equal(mine.data.userID, carol.id);
    assert.equal(mine.data.nick, '');
    assert.equal(mine.data.gender, TYPES.GENDER_UNKNOWN);
    assert.equal(mine.data.allowType, TYPES.ALLOW_TYPE_NEED_CONFIRM);
    assert.equal(mine.data.adminForbidType, TYPES.FORBID_TYPE_NONE);
    assert.deepEqual(mine.data.profileCustomField, []);

    const update = {
      nick: 'Alice 爱丽丝', avatar: 'https://example.com/alice.png', gender: TYPES.GENDER_FEMALE, selfSignature: 'hello',
      allowType: TYPES.ALLOW_TYPE_NEED_CONFIRM, birthday: 20000101, location: 'CN 0755', language: 2052, level: 3, role: 4,
      profileCustomField: [{ key: 'Tag_Profile_Custom_Hobby', value: 'chess' }],
    };
    const res = await a1.chat.updateMyProfile(update);
    assert.equal(res.code, 0);
    const expected = { ...update };
    delete expected.profileCustomField;
    for (const [k, v] of Object.entries(expected)) assert.equal(res.data[k], v, `updateMyProfile returns ${k}`);
    assert.deepEqual(res.data.profileCustomField, [{ key: 'Tag_Profile_Custom_Hobby', value: 'chess' }]);

    const isNew = (list) => list.some((p) => p.userID === a1.id && p.nick === update.nick);
    const onOther = await a2.next(EVENT.PROFILE_UPDATED, isNew);
    assert.equal(onOther.find((p) => p.userID === a1.id).avatar, update.avatar, 'my other device gets the new profile');
    const onFriend = await bob.next(EVENT.PROFILE_UPDATED, isNew);
    assert.equal(onFriend.find((p) => p.userID === a1.id).selfSignature, 'hello', 'my friend gets the new profile');

    const seen = await carol.chat.getUserProfile({ userIDList: [a1.id, bob.id] });
    assert.equal(seen.code, 0);
    assert.deepEqual(seen.data.map((p) => p.userID), [a1.id, bob.id]);
    for (const [k, v] of Object.entries(expected)) assert.equal(seen.data[0][k], v, `a stranger reads ${k}`);
    assert.deepEqual(seen.data[0].profileCustomField, [{ key: 'Tag_Profile_Custom_Hobby', value: 'chess' }]);

    await assert.rejects(a1.chat.updateMyProfile({ nick: 'n'.repeat(501) }), { code: CODE.SDK_BAD_PROFILE_OPTION });
    await assert.rejects(a1.chat.updateMyProfile({ location: 'x'.repeat(17) }), { code: CODE.PROFILE_BAD_VALUE });
    await assert.rejects(a1.chat.updateMyProfile({ profileCustomField: [{ key: 'Tag_Profile_Custom_Nope', value: 'x' }] }),
      { code: CODE.PROFILE_NO_TAG });
    assert.equal((await a2.chat.getMyProfile()).data.nick, update.nick, 'refused updates change nothing');
  });

  it('NeedConfirm, two rounds: the application is listed on both sides, read, accepted with AGREE_AND_ADD → friends both ways', async () => {
    const alice = await open('alice');
    const bob = await open('bob'); // NeedConfirm by default
    const res = await alice.chat.addFriend({
      to: bob.id, source: SOURCE, wording: 'hi bob', remark: 'Bobby', groupName: 'Pals', type: TYPES.SNS_ADD_TYPE_BOTH,
    });
    assert.equal(res.code, 0, 'a pending request resolves');
    assert.equal(res.data.userID, bob.id);
    assert.equal(res.data.code, CODE.PENDING);
    assert.equal(typeof res.data.message, 'string');

    const sent = await applicationsWhen(alice, (l) => l.some((x) => x.userID === bob.id));
    assert.equal(sent.friendApplicationList.find((x) => x.userID === bob.id).type, TYPES.SNS_APPLICATION_SENT_BY_ME);
    const got = await applicationsWhen(bob, (l) => l.some((x) => x.userID === alice.id));
    assert.equal(got.unreadCount, 1);
    const app = got.friendApplicationList.find((x) => x.userID === alice.id);
    assert.equal(app.type, TYPES.SNS_APPLICATION_SENT_TO_ME);
    assert.equal(app.source, SOURCE);
    assert.equal(app.wording, 'hi bob');
    assert.ok(Number.isInteger(app.time) && app.time > 0, show(app));
    for (const k of ['avatar', 'nick']) assert.equal(typeof app[k], 'string', `FriendApplication.${k}`);
    assert.equal(await relation(alice, bob.id), TYPES.SNS_TYPE_NO_RELATION, 'no friendship before the second round');

    const listed = await bob.chat.getFriendApplicationList();
    assert.equal(listed.code, 0);
    assert.equal(listed.data.unreadCount, 1);
    assert.ok(listed.data.friendApplicationList.some((x) => x.userID === alice.id && x.wording === 'hi bob'));
    await bob.chat.setFriendApplicationRead();
    await applicationsUntil(bob, (l, d) => d.unreadCount === 0, 'the unread count after setFriendApplicationRead');

    drain(alice, EVENT.FRIEND_LIST_UPDATED);
    drain(bob, EVENT.FRIEND_LIST_UPDATED);
    await bob.chat.acceptFriendApplication({ userID: alice.id, remark: 'Al', type: TYPES.SNS_APPLICATION_AGREE_AND_ADD });
    await alice.next(EVENT.FRIEND_LIST_UPDATED); // both sides are told
    await bob.next(EVENT.FRIEND_LIST_UPDATED);
    const alicesList = await friendsWhen(alice, (l) => !!friendOf(l, bob.id));
    const bobsList = await friendsWhen(bob, (l) => !!friendOf(l, alice.id));
    assert.equal(friendOf(alicesList, bob.id).remark, 'Bobby', 'the remark given with the request is applied');
    assert.deepEqual(friendOf(alicesList, bob.id).groupList, ['Pals']);
    assert.equal(friendOf(alicesList, bob.id).source, SOURCE);
    assert.equal(friendOf(bobsList, alice.id).remark, 'Al');
    assert.equal(await relation(alice, bob.id), TYPES.SNS_TYPE_BOTH_WAY);
    assert.equal(await relation(bob, alice.id), TYPES.SNS_TYPE_BOTH_WAY);
    await applicationsUntil(bob, (l) => !l.some((x) => x.userID === alice.id), 'bob’s applications after accepting');
    await applicationsUntil(alice, (l) => !l.some((x) => x.userID === bob.id), 'alice’s applications after bob accepted');
  });

  it('AGREE makes a one-way friendship; refuse and delete drop applications; deleting an unknown one is 2716', async () => {
    const carol = await open('carol');
    const dave = await open('dave');
    await carol.chat.addFriend({ to: dave.id, source: SOURCE, type: TYPES.SNS_ADD_TYPE_BOTH });
    await applicationsWhen(dave, (l) => l.some((x) => x.userID === carol.id));
    await dave.chat.acceptFriendApplication({ userID: carol.id, type: TYPES.SNS_APPLICATION_AGREE });
    await friendsWhen(carol, (l) => !!friendOf(l, dave.id));
    assert.equal(await relation(carol, dave.id), TYPES.SNS_TYPE_A_WITH_B, 'the applicant has the acceptor');
    assert.equal(await relation(dave, carol.id), TYPES.SNS_TYPE_B_WITH_A, 'the acceptor did not add back');

    const erin = await open('erin');
    const frank = await open('frank');
    await erin.chat.addFriend({ to: frank.id, source: SOURCE, wording: 'please' });
    await applicationsWhen(frank, (l) => l.some((x) => x.userID === erin.id));
    await frank.chat.refuseFriendApplication({ userID: erin.id });
    await applicationsUntil(frank, (l) => !l.some((x) => x.userID === erin.id), 'frank’s applications after refusing');
    await applicationsUntil(erin, (l) => !l.some((x) => x.userID === frank.id), 'erin’s applications after the refusal');
    assert.equal(await relation(erin, frank.id), TYPES.SNS_TYPE_NO_RELATION);

    await erin.chat.addFriend({ to: frank.id, source: SOURCE, wording: 'please, again' });
    await applicationsWhen(frank, (l) => l.some((x) => x.userID === erin.id && x.wording === 'please, again'));
    await erin.chat.deleteFriendApplication({ userID: frank.id, type: TYPES.SNS_APPLICATION_SENT_BY_ME });
    await applicationsUntil(erin, (l) => !l.some((x) => x.userID === frank.id), 'erin’s applications after deleting hers');
    await frank.chat.deleteFriendApplication({ userID: erin.id, type: TYPES.SNS_APPLICATION_SENT_TO_ME });
    await applicationsUntil(frank, (l) => !l.some((x) => x.userID === erin.id), 'frank’s applications after deleting his');
    await assert.rejects(frank.chat.deleteFriendApplication({ userID: erin.id, type: TYPES.SNS_APPLICATION_SENT_TO_ME }),
      { code: CODE.SDK_NO_APPLICATION });
    assert.equal(await relation(erin, frank.id), TYPES.SNS_TYPE_NO_RELATION);
  });

  it('AllowAny: one round, both sides see FRIEND_LIST_UPDATED; SINGLE adds one way; DenyAny rejects with 30516', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const carol = await open('carol');
    await allow(bob, TYPES.ALLOW_TYPE_ALLOW_ANY);
    await allow(carol, TYPES.ALLOW_TYPE_ALLOW_ANY);

    drain(alice, EVENT.FRIEND_LIST_UPDATED);
    drain(bob, EVENT.FRIEND_LIST_UPDATED);
    const both = await alice.chat.addFriend({ to: bob.id, source: SOURCE, type: TYPES.SNS_ADD_TYPE_BOTH });
    assert.deepEqual(both, { code: 0, data: { userID: bob.id, code: 0 } });
    await alice.next(EVENT.FRIEND_LIST_UPDATED);
    await bob.next(EVENT.FRIEND_LIST_UPDATED);
    await friendsWhen(alice, (l) => !!friendOf(l, bob.id));
    await friendsWhen(bob, (l) => !!friendOf(l, alice.id));

    const single = await alice.chat.addFriend({ to: carol.id, source: SOURCE, type: TYPES.SNS_ADD_TYPE_SINGLE });
    assert.deepEqual(single.data, { userID: carol.id, code: 0 });
    await friendsWhen(alice, (l) => !!friendOf(l, carol.id));
    assert.equal(await relation(alice, carol.id), TYPES.SNS_TYPE_A_WITH_B);
    assert.equal(await relation(alice, carol.id, TYPES.SNS_CHECK_TYPE_SINGLE), TYPES.SNS_TYPE_A_WITH_B);
    assert.equal(await relation(carol, alice.id, TYPES.SNS_CHECK_TYPE_SINGLE), TYPES.SNS_TYPE_NO_RELATION);
    assert.ok(!friendOf((await carol.chat.getFriendList()).data, alice.id), 'a one-way add leaves the target’s list alone');

    const dave = await open('dave');
    await allow(dave, TYPES.ALLOW_TYPE_DENY_ANY);
    for (const type of [TYPES.SNS_ADD_TYPE_BOTH, TYPES.SNS_ADD_TYPE_SINGLE]) {
      await assert.rejects(alice.chat.addFriend({ to: dave.id, source: SOURCE, type }), (e) => {
        assert.equal(e.code, CODE.DENY_ANY, show(e));
        return true;
      });
    }
    assert.equal(await relation(alice, dave.id), TYPES.SNS_TYPE_NO_RELATION);
    assert.deepEqual((await dave.chat.getFriendApplicationList()).data.friendApplicationList, [], 'DenyAny leaves no application');
  });

  it('friends: getFriendProfile, updateFriend (remark, custom field), checkFriend, deleteFriend single and both', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const carol = await open('carol');
    await befriend(alice, bob);
    await befriend(alice, carol);
    await bob.chat.updateMyProfile({ nick: 'Bob' });

    const profiles = await alice.chat.getFriendProfile({ userIDList: [bob.id] });
    assert.equal(profiles.code, 0);
    assert.deepEqual(profiles.data.failureUserIDList, []);
    const [friend] = profiles.data.friendList;
    assert.equal(friend.userID, bob.id);
    assert.equal(friend.source, SOURCE);
    assert.ok(Array.isArray(friend.groupList));
    assert.equal(friend.profile.nick, 'Bob');

    const upd = await alice.chat.updateFriend({ userID: bob.id, remark: 'Bobby', friendCustomField: [{ key: 'Tag_SNS_Custom_Tier', value: 'gold' }] });
    assert.equal(upd.code, 0);
    const list = await friendsWhen(alice, (l) => friendOf(l, bob.id)?.remark === 'Bobby');
    assert.deepEqual(friendOf(list, bob.id).friendCustomField, [{ key: 'Tag_SNS_Custom_Tier', value: 'gold' }]);
    await assert.rejects(alice.chat.updateFriend({ userID: bob.id, remark: '备'.repeat(33) }), { code: CODE.SNS_PARAM },
      'a 99-byte remark is refused');

    const check = await alice.chat.checkFriend({ userIDList: [bob.id, carol.id], type: TYPES.SNS_CHECK_TYPE_BOTH });
    assert.deepEqual(check.data, {
      successUserIDList: [
        { userID: bob.id, code: 0, relation: TYPES.SNS_TYPE_BOTH_WAY },
        { userID: carol.id, code: 0, relation: TYPES.SNS_TYPE_BOTH_WAY },
      ],
      failureUserIDList: [],
    });

    const one = await alice.chat.deleteFriend({ userIDList: [bob.id], type: TYPES.SNS_DELETE_TYPE_SINGLE });
    assert.deepEqual(one.data, { successUserIDList: [{ userID: bob.id }], failureUserIDList: [] });
    await friendsWhen(alice, (l) => !friendOf(l, bob.id));
    assert.equal(await relation(alice, bob.id), TYPES.SNS_TYPE_B_WITH_A);
    assert.ok(friendOf((await bob.chat.getFriendList()).data, alice.id), 'Delete_Type_Single leaves bob’s list');

    const two = await alice.chat.deleteFriend({ userIDList: [carol.id], type: TYPES.SNS_DELETE_TYPE_BOTH });
    assert.deepEqual(two.data, { successUserIDList: [{ userID: carol.id }], failureUserIDList: [] });
    await friendsWhen(carol, (l) => !friendOf(l, alice.id), 'carol’s list after a two-way delete');
    assert.equal(await relation(alice, carol.id), TYPES.SNS_TYPE_NO_RELATION);
  });

  it('friend groups: create with members, rename, add, remove, delete — FRIEND_GROUP_LIST_UPDATED each time; 32 at most', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    const carol = await open('carol');
    await befriend(alice, bob);
    await befriend(alice, carol);
    const groupsWhen = (predicate) => alice.next(EVENT.FRIEND_GROUP_LIST_UPDATED, predicate);
    const named = (list, name) => list.find((g) => g.name === name);

    const created = await alice.chat.createFriendGroup({ name: 'Work', userIDList: [bob.id] });
    assert.deepEqual(created.data, { friendGroup: { name: 'Work', userIDList: [bob.id], count: 1 }, failureUserIDList: [] });
    await groupsWhen((l) => named(l, 'Work')?.count === 1);
    assert.deepEqual((await alice.chat.getFriendGroupList()).data, [{ name: 'Work', userIDList: [bob.id], count: 1 }]);
    await assert.rejects(alice.chat.createFriendGroup({ name: 'Work', userIDList: [] }), { code: CODE.SDK_FRIEND_GROUP_EXISTS });
    assert.deepEqual(friendOf((await friendsWhen(alice, (l) => friendOf(l, bob.id)?.groupList.includes('Work'))), bob.id).groupList, ['Work']);

    const renamed = await alice.chat.renameFriendGroup({ oldName: 'Work', newName: 'Office' });
    assert.deepEqual(renamed.data, { name: 'Office', userIDList: [bob.id], count: 1 });
    await groupsWhen((l) => !!named(l, 'Office') && !named(l, 'Work'));

    const added = await alice.chat.addToFriendGroup({ name: 'Office', userIDList: [carol.id] });
    assert.deepEqual(added.data, { friendGroup: { name: 'Office', userIDList: [bob.id, carol.id], count: 2 }, failureUserIDList: [] });
    await groupsWhen((l) => named(l, 'Office')?.count === 2);
    const removed = await alice.chat.removeFromFriendGroup({ name: 'Office', userIDList: [bob.id] });
    assert.deepEqual(removed.data, { friendGroup: { name: 'Office', userIDList: [carol.id], count: 1 }, failureUserIDList: [] });
    await groupsWhen((l) => named(l, 'Office')?.count === 1);

    const deleted = await alice.chat.deleteFriendGroup({ name: 'Office' });
    assert.equal(deleted.data.name, 'Office');
    await groupsWhen((l) => !named(l, 'Office'));
    assert.deepEqual((await alice.chat.getFriendGroupList()).data, []);
    await assert.rejects(alice.chat.deleteFriendGroup({ name: 'Office' }), { code: CODE.SDK_FRIEND_GROUP_MISSING });
    await friendsWhen(alice, (l) => friendOf(l, carol.id)?.groupList.length === 0, 'carol left the deleted group');

    for (let i = 1; i <= 32; i += 1) await alice.chat.createFriendGroup({ name: `g${i}`, userIDList: [] });
    assert.equal((await alice.chat.getFriendGroupList()).data.length, 32);
    await assert.rejects(alice.chat.createFriendGroup({ name: 'g33', userIDList: [] }), { code: CODE.GROUPS_FULL });
  });

  it('blacklist: blocking ends the friendship, BLACKLIST_UPDATED, the blocked user’s message rejects with 20007; unblocking', async () => {
    const alice = await open('alice');
    const bob = await open('bob');
    await befriend(alice, bob);

    drain(alice, EVENT.BLACKLIST_UPDATED);
    drain(alice, EVENT.FRIEND_LIST_UPDATED);
    drain(bob, EVENT.FRIEND_LIST_UPDATED);
    const blocked = await alice.chat.addToBlacklist({ userIDList: [bob.id] });
    assert.deepEqual(blocked, { code: 0, data: [bob.id] });
    assert.deepEqual(await alice.next(EVENT.BLACKLIST_UPDATED, (l) => l.includes(bob.id)), [bob.id]);
    assert.deepEqual((await alice.chat.getBlacklist()).data, [bob.id]);
    await bob.next(EVENT.FRIEND_LIST_UPDATED); // the blocked side is told its friendship ended
    await friendsWhen(alice, (l) => !friendOf(l, bob.id), 'alice’s list after blocking');
    await friendsWhen(bob, (l) => !friendOf(l, alice.id), 'bob’s list after being blocked');

    await assert.rejects(bob.chat.sendMessage(text(bob, alice.id, 'let me in')), { code: CODE.BLOCKED });
    const fromAlice = await alice.chat.sendMessage(text(alice, bob.id, 'I can still write'));
    assert.equal(fromAlice.code, 0, 'the blocker may still write');
    await bob.next(EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'I can still write'));

    await allow(alice, TYPES.ALLOW_TYPE_ALLOW_ANY);
    await allow(bob, TYPES.ALLOW_TYPE_ALLOW_ANY);
    await assert.rejects(bob.chat.addFriend({ to: alice.id, source: SOURCE }), { code: CODE.IN_THEIR_BLACKLIST });
    await assert.rejects(alice.chat.addFriend({ to: bob.id, source: SOURCE }), { code: CODE.IN_MY_BLACKLIST });

    drain(alice, EVENT.BLACKLIST_UPDATED);
    const unblocked = await alice.chat.removeFromBlacklist({ userIDList: [bob.id] });
    assert.deepEqual(unblocked, { code: 0, data: [] });
    assert.deepEqual(await alice.next(EVENT.BLACKLIST_UPDATED, (l) => !l.includes(bob.id)), []);
    const res = await bob.chat.sendMessage(text(bob, alice.id, 'thanks'));
    assert.equal(res.code, 0, 'unblocked, the message goes through');
    await alice.next(EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'thanks'));
    assert.equal(await relation(alice, bob.id), TYPES.SNS_TYPE_NO_RELATION, 'unblocking does not restore the friendship');
  });
});
