// E2E tests of the Tencent-compatible REST API for profiles and the relationship chain, against the real worker
// (wrangler dev): profile/portrait_set and portrait_get; sns/friend_add, friend_import, friend_update, friend_delete,
// friend_delete_all, friend_check, friend_get, friend_get_list; sns/black_list_add, black_list_delete, black_list_get,
// black_list_check; sns/group_add, group_delete, group_get. Request and response shapes and error codes follow Tencent's
// pages; see tests/support/TENCENT_REST_NOTES.md Part III (§19–§38, the case → code table is §37).
//
// The worker is started with PROFILE_CUSTOM_FIELDS=Hobby,Mood,Favorite and SNS_CUSTOM_FIELDS=Tier,Met (the console's
// custom-field declarations; see the notes' choices).
//
// Where Tencent is silent these tests choose (each choice is also in the notes, §37 "What the docs do not say"):
// - Default AllowType is AllowType_Type_NeedConfirm; portrait_get returns every requested tag, in TagList order, with
//   defaults for unset ones ("" / 0 / Gender_Type_Unknown / AllowType_Type_NeedConfirm / AdminForbid_Type_None).
// - Every reply carries ErrorDisplay ""; success replies have ErrorInfo "" (not the "0" of two Tencent examples).
// - portrait_set is all or nothing. friend_get_list leaves unset Tag_SNS_* fields out and gives profile tags their defaults.
//   group_get lists groups in creation order and a group's To_Account in joining order.
// - ResultItem / InfoItem / BlackListCheckItem / UserProfileItem are in request order; Fail_Account lists exactly the
//   To_Accounts whose ResultCode is not 0 (30539 included) and is absent when there are none.
// - ForceAddFlags 1 bypasses only the target's AllowType; blacklist, AdminForbid and the limits still apply.
// - friend_add with a new GroupName creates that group. A 33rd group: group_add FAIL 30011, friend_update per-item 30011.
// - More than 1000 entries in one sns call, a bad CheckType, a group name that is empty or over 30 B, an existing group name
//   in group_add, an unknown one in group_delete: 30001. Over 100 To_Account in portrait_get: 40001. Location over 16 B, a
//   value outside an enum or outside uint32: 40605; a JSON type mismatch: 40610; an unknown or undeclared tag: 40009.
// - portrait_get of a never-imported account: that entry gets ResultCode 40003 (in Fail_Account), the others are returned.
// - friend_get pages hold 100 friends in the order they were added; NextStartIndex is 0 and CompleteFlag 1 on the last
//   page; StandardSequence grows when standard friend data changes. black_list_get lists in blocking order and spells the
//   sequence CurruentSequence, as Tencent's example does.
// - The "target gets an application" check logs the target in with the engine package (loaded on demand) and reads its
//   getFriendApplicationList(); everything else is REST plus, for the message refusal, the raw client socket.
import assert from 'node:assert/strict';
import { afterEach, before, describe, test } from 'node:test';
import { randomU32, textBody } from '../support/rawsocket.mjs';
import { setTimeout as delay } from 'node:timers/promises';
import { adminSig, assertFail, okAsserter, rest, show } from '../support/rest.mjs';
import { uniqueID } from '../support/worker.mjs';
import { devWorkerSuite } from '../support/suite.mjs';

const API = {
  PORTRAIT_GET: 'profile/portrait_get',
  PORTRAIT_SET: 'profile/portrait_set',
  FRIEND_ADD: 'sns/friend_add',
  FRIEND_IMPORT: 'sns/friend_import',
  FRIEND_UPDATE: 'sns/friend_update',
  FRIEND_DELETE: 'sns/friend_delete',
  FRIEND_DELETE_ALL: 'sns/friend_delete_all',
  FRIEND_CHECK: 'sns/friend_check',
  FRIEND_GET: 'sns/friend_get',
  FRIEND_GET_LIST: 'sns/friend_get_list',
  BLACK_ADD: 'sns/black_list_add',
  BLACK_DELETE: 'sns/black_list_delete',
  BLACK_GET: 'sns/black_list_get',
  BLACK_CHECK: 'sns/black_list_check',
  GROUP_ADD: 'sns/group_add',
  GROUP_DELETE: 'sns/group_delete',
  GROUP_GET: 'sns/group_get',
  MULTI_IMPORT: 'im_open_login_svc/multiaccount_import',
  SENDMSG: 'openim/sendmsg',
};

/** Tencent's codes for the cases tested here (TENCENT_REST_NOTES.md §37). */
const CODE = {
  ADMIN_REQUIRED: 60010, // 请求需要 App 管理员权限 (public)
  RATE_LIMIT: 60007, // REST 接口调用频率超过限制 (public; such calls are retried, see `call`)
  SNS_PARAM: 30001, // request parameter wrong; already a friend; not a friend; already blocked; not blocked
  SNS_NO_ACCOUNT: 30003, // the requested user account does not exist
  ADD_FORBIDDEN: 30009, // AdminForbid_Type_SendOut: prohibited from adding friends
  MY_FRIENDS_FULL: 30010, // your friend list is full (3000)
  GROUPS_FULL: 30011, // too many friend groups (32)
  BLACKLIST_FULL: 30013, // the maximum number of blocked users (1000)
  THEIR_FRIENDS_FULL: 30014, // the user you are trying to add has too many friends
  IN_MY_BLACKLIST: 30515, // the user you are trying to add is on your blocklist
  DENY_ANY: 30516, // the user you are trying to add has disabled friend requests
  IN_THEIR_BLACKLIST: 30525, // you have been blocked by the user you are trying to add
  PENDING: 30539, // AllowType_Type_NeedConfirm: the request is pending approval
  DELETE_NOT_FRIEND: 31704, // the account you requested to delete is not your friend
  GROUP_NOT_FRIEND: 32216, // Err_SNS_GroupAdd_ToTinyId_Not_Friend
  PROFILE_PARAM: 40001, // request parameter incorrect (portrait_get over 100 To_Account)
  PROFILE_NO_TO_ACCOUNT: 40002, // To_Account not specified
  PROFILE_NO_ACCOUNT: 40003, // the requested account does not exist
  PROFILE_NO_TAG: 40009, // the profile field's Tag does not exist
  PROFILE_TOO_LONG: 40601, // the Value exceeds 500 bytes
  PROFILE_BAD_VALUE: 40605, // the Value of a standard profile field is incorrect
  PROFILE_BAD_TYPE: 40610, // the Value's type does not match
  BLOCKED: 20007, // 发送单聊消息，被对方拉黑，禁止发送
};

const TYPE = {
  ADD_SINGLE: 'Add_Type_Single',
  ADD_BOTH: 'Add_Type_Both',
  DELETE_SINGLE: 'Delete_Type_Single',
  DELETE_BOTH: 'Delete_Type_Both',
  CHECK_SINGLE: 'CheckResult_Type_Single',
  CHECK_BOTH: 'CheckResult_Type_Both',
  BLACK_CHECK_SINGLE: 'BlackCheckResult_Type_Single',
  BLACK_CHECK_BOTH: 'BlackCheckResult_Type_Both',
};

const REL = {
  NO_RELATION: 'CheckResult_Type_NoRelation',
  A_WITH_B: 'CheckResult_Type_AWithB',
  B_WITH_A: 'CheckResult_Type_BWithA',
  BOTH_WAY: 'CheckResult_Type_BothWay',
  BLACK_NO: 'BlackCheckResult_Type_NO',
  BLACK_A_WITH_B: 'BlackCheckResult_Type_AWithB',
  BLACK_B_WITH_A: 'BlackCheckResult_Type_BWithA',
  BLACK_BOTH_WAY: 'BlackCheckResult_Type_BothWay',
};

const ALLOW = {
  ANY: 'AllowType_Type_AllowAny',
  CONFIRM: 'AllowType_Type_NeedConfirm',
  DENY: 'AllowType_Type_DenyAny',
};

const TAG = {
  NICK: 'Tag_Profile_IM_Nick',
  GENDER: 'Tag_Profile_IM_Gender',
  BIRTHDAY: 'Tag_Profile_IM_BirthDay',
  LOCATION: 'Tag_Profile_IM_Location',
  SIGNATURE: 'Tag_Profile_IM_SelfSignature',
  ALLOW_TYPE: 'Tag_Profile_IM_AllowType',
  LANGUAGE: 'Tag_Profile_IM_Language',
  IMAGE: 'Tag_Profile_IM_Image',
  ADMIN_FORBID: 'Tag_Profile_IM_AdminForbidType',
  LEVEL: 'Tag_Profile_IM_Level',
  ROLE: 'Tag_Profile_IM_Role',
  SNS_GROUP: 'Tag_SNS_IM_Group',
  SNS_REMARK: 'Tag_SNS_IM_Remark',
  SNS_ADD_SOURCE: 'Tag_SNS_IM_AddSource',
  SNS_ADD_WORDING: 'Tag_SNS_IM_AddWording',
  SNS_ADD_TIME: 'Tag_SNS_IM_AddTime',
};

const PROFILE_CUSTOM_FIELDS = 'Hobby,Mood,Favorite';
const SNS_CUSTOM_FIELDS = 'Tier,Met';
const SOURCE = 'AddSource_Type_Web';

const MAX_FRIENDS = 3000;
const MAX_BLACKLIST = 1000;
const MAX_GROUPS = 32;
const BATCH = 1000;

/** Success: OK / 0 / "" and Tencent's ErrorDisplay "". */
const assertOk = okAsserter({ errorDisplay: true });

function nowSecs() {
  return Math.floor(Date.now() / 1000);
}

/**
 * Asserts a per-account result array: OK envelope; one entry per requested account, in request order, each exactly
 * `{To_Account, ResultCode, ResultInfo, ...extra keys}`; ResultInfo "" iff ResultCode 0; Fail_Account = the failed ones.
 * `expected` maps To_Account → ResultCode (insertion order = request order). Returns the entries.
 */
function assertItems(body, expected, { key = 'ResultItem', extraKeys = [], what = key } = {}) {
  assertOk(body, what);
  const items = body[key];
  assert.ok(Array.isArray(items), `${what}: ${key} is an array: ${show(body)}`);
  assert.deepEqual(items.map((i) => i.To_Account), Object.keys(expected), `${what}: one ${key} entry per account, in order`);
  for (const item of items) {
    assert.equal(item.ResultCode, expected[item.To_Account], `${what}: ResultCode of ${item.To_Account}: ${show(item)}`);
    assert.equal(typeof item.ResultInfo, 'string', show(item));
    if (item.ResultCode === 0) assert.equal(item.ResultInfo, '', `${what}: no ResultInfo on success: ${show(item)}`);
    else assert.ok(item.ResultInfo.length > 0, `${what}: ResultInfo names the error: ${show(item)}`);
    const keys = ['To_Account', 'ResultCode', 'ResultInfo', ...extraKeys];
    for (const k of Object.keys(item)) assert.ok(keys.includes(k), `${what}: unexpected field ${k} in ${show(item)}`);
  }
  const failed = Object.keys(expected).filter((id) => expected[id] !== 0);
  if (failed.length === 0) assert.equal(body.Fail_Account, undefined, `${what}: no Fail_Account when nothing failed: ${show(body)}`);
  else assert.deepEqual([...body.Fail_Account].sort(), failed.sort(), `${what}: Fail_Account lists the failed accounts`);
  return items;
}

/** `{To_Account: code}` for `ids` all with `code`. */
function all(ids, code = 0) {
  return Object.fromEntries(ids.map((id) => [id, code]));
}

/** `n` distinct fresh UserIDs. */
function newIDs(prefix, n) {
  const ids = new Set();
  while (ids.size < n) ids.add(uniqueID(prefix));
  return [...ids];
}

/** Tag → Value of a `[{Tag, Value}]` list. */
function tagMap(list) {
  const map = {};
  for (const { Tag, Value } of list ?? []) {
    assert.equal(map[Tag], undefined, `tag ${Tag} appears once`);
    map[Tag] = Value;
  }
  return map;
}

/** An AddFriendItem with the required AddSource. */
function addItem(to, extra = {}) {
  return { To_Account: to, AddSource: SOURCE, ...extra };
}

/** A string of exactly `n` UTF-8 bytes. */
function ofBytes(n, ch = 'a') {
  return ch.repeat(n);
}

describe('REST profile and relationship-chain API on the dev worker', () => {
  const suite = devWorkerSuite({ vars: { PROFILE_CUSTOM_FIELDS, SNS_CUSTOM_FIELDS } });
  let url;
  const engines = [];

  before(() => {
    url = suite.url;
  });

  afterEach(async () => {
    for (const chat of engines.splice(0)) await chat.destroy();
  });

  /**
   * One REST call as the dev admin (`administrator`). A call refused for the per-API rate limit (60007) is retried after a
   * short pause (bounded): the limits are not what these tests are about, and some tests make hundreds of calls in a row.
   */
  async function call(path, body, options) {
    for (let attempt = 0; ; attempt += 1) {
      const reply = await rest(url, path, body, options);
      if (reply.ErrorCode !== CODE.RATE_LIMIT || attempt >= 50) return reply;
      await delay(100);
    }
  }

  /** Imports `ids` (REST-only users) with multiaccount_import, 100 per call. */
  async function importAccounts(ids) {
    for (let i = 0; i < ids.length; i += 100) {
      const body = await call(API.MULTI_IMPORT, { AccountList: ids.slice(i, i + 100).map((UserID) => ({ UserID })) });
      assert.equal(body.ActionStatus, 'OK', `multiaccount_import: ${show(body)}`);
      assert.equal(body.ErrorCode, 0, `multiaccount_import: ${show(body)}`);
      assert.deepEqual(body.FailAccounts ?? [], [], `every account imported: ${show(body)}`);
    }
  }

  /** `n` fresh imported accounts. */
  async function users(prefix, n) {
    const ids = newIDs(prefix, n);
    await importAccounts(ids);
    return ids;
  }

  async function user(prefix) {
    return (await users(prefix, 1))[0];
  }

  async function setProfile(id, items) {
    return call(API.PORTRAIT_SET, { From_Account: id, ProfileItem: items });
  }

  async function setProfileOk(id, items) {
    assertOk(await setProfile(id, items), `portrait_set ${show(items)}`);
  }

  async function setAllowType(id, allow) {
    await setProfileOk(id, [{ Tag: TAG.ALLOW_TYPE, Value: allow }]);
  }

  /** portrait_get of one account; resolves with Tag → Value. */
  async function profileOf(id, tags) {
    const body = await call(API.PORTRAIT_GET, { To_Account: [id], TagList: tags });
    const [item] = assertItems(body, { [id]: 0 }, { key: 'UserProfileItem', extraKeys: ['ProfileItem'] });
    assert.deepEqual(item.ProfileItem.map((p) => p.Tag), tags, 'ProfileItem in TagList order');
    return tagMap(item.ProfileItem);
  }

  async function friendAdd(from, items, extra = {}) {
    return call(API.FRIEND_ADD, { From_Account: from, AddFriendItem: items, ...extra });
  }

  /** friend_check of one pair; resolves with the Relation. */
  async function relation(a, b, type = TYPE.CHECK_BOTH) {
    const body = await call(API.FRIEND_CHECK, { From_Account: a, To_Account: [b], CheckType: type });
    const [item] = assertItems(body, { [b]: 0 }, { key: 'InfoItem', extraKeys: ['Relation'] });
    return item.Relation;
  }

  async function blackRelation(a, b, type = TYPE.BLACK_CHECK_BOTH) {
    const body = await call(API.BLACK_CHECK, { From_Account: a, To_Account: [b], CheckType: type });
    const [item] = assertItems(body, { [b]: 0 }, { key: 'BlackListCheckItem', extraKeys: ['Relation'] });
    return item.Relation;
  }

  /** Makes `a` and `b` friends both ways (ForceAddFlags 1, whatever b's AllowType). */
  async function befriend(a, b, extra = {}) {
    assertItems(await friendAdd(a, [addItem(b, extra)], { AddType: TYPE.ADD_BOTH, ForceAddFlags: 1 }), { [b]: 0 });
  }

  /** friend_get_list of `a`'s friend `b`; resolves with Tag → Value. */
  async function friendData(a, b, tags) {
    const body = await call(API.FRIEND_GET_LIST, { From_Account: a, To_Account: [b], TagList: tags });
    const [item] = assertItems(body, { [b]: 0 }, { key: 'InfoItem', extraKeys: ['SnsProfileItem'] });
    return tagMap(item.SnsProfileItem);
  }

  /** All pages of friend_get; resolves with `{pages, friends}` (friends: To_Account → Tag → Value). */
  async function friendGetAll(id) {
    const pages = [];
    const friends = new Map();
    let start = 0;
    for (let i = 0; i < 100; i += 1) {
      const body = await call(API.FRIEND_GET, { From_Account: id, StartIndex: start, StandardSequence: 0, CustomSequence: 0 });
      assertOk(body, 'friend_get');
      assert.ok(Array.isArray(body.UserDataItem), show(body));
      for (const k of ['StandardSequence', 'CustomSequence', 'FriendNum', 'CompleteFlag', 'NextStartIndex']) {
        assert.ok(Number.isInteger(body[k]), `friend_get: ${k} is an integer: ${show(body)}`);
      }
      pages.push(body);
      for (const item of body.UserDataItem) friends.set(item.To_Account, tagMap(item.ValueItem));
      if (body.CompleteFlag === 1) {
        assert.equal(body.NextStartIndex, 0, 'the last page has NextStartIndex 0');
        return { pages, friends };
      }
      assert.ok(body.NextStartIndex > start, `NextStartIndex moves on: ${show(body)}`);
      start = body.NextStartIndex;
    }
    return assert.fail(`friend_get of ${id} never completed`);
  }

  async function groupGet(id, extra = {}) {
    const body = await call(API.GROUP_GET, { From_Account: id, ...extra });
    assertOk(body, 'group_get');
    assert.ok(Number.isInteger(body.CurrentSequence), show(body));
    return body;
  }

  const { online } = suite;

  /** The engine package for `id`, loaded on demand (only one test needs it); destroyed after the test. */
  async function engine(id) {
    const { engineFor } = await import('../support/engine.mjs');
    const handle = await engineFor(url, id);
    engines.push(handle.chat);
    return handle;
  }

  describe('envelope and accounts', () => {
    test('a non-admin identifier gets 60010; an unknown From_Account gets 30003 (sns) / 40003 (profile)', async () => {
      const alice = await user('alice');
      const body = await call(API.FRIEND_CHECK,
        { From_Account: alice, To_Account: [alice], CheckType: TYPE.CHECK_BOTH },
        { identifier: alice, usersig: adminSig(alice) });
      assert.equal(body.ErrorCode, CODE.ADMIN_REQUIRED, show(body));
      assert.equal(body.ActionStatus, 'FAIL');

      const ghost = uniqueID('ghost'); // never imported
      assertFail(await friendAdd(ghost, [addItem(alice)]), CODE.SNS_NO_ACCOUNT, 'friend_add from a ghost');
      assertFail(await setProfile(ghost, [{ Tag: TAG.NICK, Value: 'boo' }]), CODE.PROFILE_NO_ACCOUNT, 'portrait_set of a ghost');
      // A ghost as a target is a per-item failure.
      assertItems(await friendAdd(alice, [addItem(ghost)], { ForceAddFlags: 1 }), { [ghost]: CODE.SNS_NO_ACCOUNT });
    });
  });

  describe('profile/portrait_set and portrait_get', () => {
    const ALL_TAGS = [TAG.NICK, TAG.GENDER, TAG.BIRTHDAY, TAG.LOCATION, TAG.SIGNATURE, TAG.ALLOW_TYPE, TAG.LANGUAGE,
      TAG.IMAGE, TAG.ADMIN_FORBID, TAG.LEVEL, TAG.ROLE];

    test('a fresh account has the defaults, every tag listed in TagList order', async () => {
      const id = await user('fresh');
      assert.deepEqual(await profileOf(id, ALL_TAGS), {
        [TAG.NICK]: '',
        [TAG.GENDER]: 'Gender_Type_Unknown',
        [TAG.BIRTHDAY]: 0,
        [TAG.LOCATION]: '',
        [TAG.SIGNATURE]: '',
        [TAG.ALLOW_TYPE]: ALLOW.CONFIRM,
        [TAG.LANGUAGE]: 0,
        [TAG.IMAGE]: '',
        [TAG.ADMIN_FORBID]: 'AdminForbid_Type_None',
        [TAG.LEVEL]: 0,
        [TAG.ROLE]: 0,
      });
    });

    test('every standard field round-trips exactly; the bare OK envelope answers the set', async () => {
      const id = await user('prof');
      const values = {
        [TAG.NICK]: '昵称 Nick',
        [TAG.GENDER]: 'Gender_Type_Female',
        [TAG.BIRTHDAY]: 20190419,
        [TAG.LOCATION]: '86 0755 1 2',
        [TAG.SIGNATURE]: "I'm Test1",
        [TAG.ALLOW_TYPE]: ALLOW.ANY,
        [TAG.LANGUAGE]: 2052,
        [TAG.IMAGE]: 'https://example.com/a.png',
        [TAG.ADMIN_FORBID]: 'AdminForbid_Type_None',
        [TAG.LEVEL]: 7,
        [TAG.ROLE]: 255,
      };
      const body = await setProfile(id, Object.entries(values).map(([Tag, Value]) => ({ Tag, Value })));
      assert.deepEqual(body, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '' });
      assert.deepEqual(await profileOf(id, ALL_TAGS), values);
      // Only the given tags change.
      await setProfileOk(id, [{ Tag: TAG.NICK, Value: 'NickNameTest1' }]);
      assert.deepEqual(await profileOf(id, [TAG.NICK, TAG.LEVEL]), { [TAG.NICK]: 'NickNameTest1', [TAG.LEVEL]: 7 });
      // uint32 at its edge.
      await setProfileOk(id, [{ Tag: TAG.LEVEL, Value: 4294967295 }]);
      assert.equal((await profileOf(id, [TAG.LEVEL]))[TAG.LEVEL], 4294967295);
    });

    test('string lengths at their edges: 500 B (Nick, SelfSignature, Image) → 40601 past it; Location 16 B → 40605', async () => {
      const id = await user('len');
      const nick500 = `${'昵'.repeat(166)}ab`; // 3 × 166 + 2 = 500 bytes
      assert.equal(Buffer.byteLength(nick500), 500);
      for (const tag of [TAG.NICK, TAG.SIGNATURE, TAG.IMAGE]) {
        const ok = tag === TAG.NICK ? nick500 : ofBytes(500);
        await setProfileOk(id, [{ Tag: tag, Value: ok }]);
        assertFail(await setProfile(id, [{ Tag: tag, Value: `${ok}c` }]), CODE.PROFILE_TOO_LONG, `${tag} of 501 B`);
        assert.equal((await profileOf(id, [tag]))[tag], ok, `a refused ${tag} leaves the old value`);
      }
      await setProfileOk(id, [{ Tag: TAG.LOCATION, Value: ofBytes(16) }]);
      assertFail(await setProfile(id, [{ Tag: TAG.LOCATION, Value: ofBytes(17) }]), CODE.PROFILE_BAD_VALUE, 'Location of 17 B');
      assert.equal((await profileOf(id, [TAG.LOCATION]))[TAG.LOCATION], ofBytes(16));
    });

    test('values outside a field’s set get 40605, wrong JSON types 40610, unknown tags 40009; a refused call sets nothing', async () => {
      const id = await user('val');
      const cases = [
        [TAG.GENDER, 'Gender_Type_Other', CODE.PROFILE_BAD_VALUE],
        [TAG.ALLOW_TYPE, 'AllowType_Type_Sometimes', CODE.PROFILE_BAD_VALUE],
        [TAG.ADMIN_FORBID, 'AdminForbid_Type_All', CODE.PROFILE_BAD_VALUE],
        [TAG.LEVEL, 4294967296, CODE.PROFILE_BAD_VALUE],
        [TAG.ROLE, -1, CODE.PROFILE_BAD_VALUE],
        [TAG.BIRTHDAY, '20190419', CODE.PROFILE_BAD_TYPE],
        [TAG.LANGUAGE, '2052', CODE.PROFILE_BAD_TYPE],
        [TAG.NICK, 123, CODE.PROFILE_BAD_TYPE],
        [TAG.GENDER, 1, CODE.PROFILE_BAD_TYPE],
        ['Tag_Profile_IM_Shoesize', 'x', CODE.PROFILE_NO_TAG],
      ];
      for (const [Tag, Value, code] of cases) {
        // Each bad item rides with a good one: the whole call is refused and the good one is not applied either.
        const body = await setProfile(id, [{ Tag: TAG.SIGNATURE, Value: 'should not stick' }, { Tag, Value }]);
        assertFail(body, code, `${Tag} = ${JSON.stringify(Value)}`);
      }
      assert.equal((await profileOf(id, [TAG.SIGNATURE]))[TAG.SIGNATURE], '');
    });

    test('custom fields: declared keys round-trip (8 letters included), undeclared ones get 40009, > 500 B 40601, a number 40610', async () => {
      const id = await user('custom');
      await setProfileOk(id, [
        { Tag: 'Tag_Profile_Custom_Hobby', Value: 'go' },
        { Tag: 'Tag_Profile_Custom_Favorite', Value: ofBytes(500) },
      ]);
      assert.deepEqual(await profileOf(id, ['Tag_Profile_Custom_Hobby', 'Tag_Profile_Custom_Favorite', 'Tag_Profile_Custom_Mood']), {
        Tag_Profile_Custom_Hobby: 'go',
        Tag_Profile_Custom_Favorite: ofBytes(500),
        Tag_Profile_Custom_Mood: '',
      });
      assertFail(await setProfile(id, [{ Tag: 'Tag_Profile_Custom_Nope', Value: 'x' }]), CODE.PROFILE_NO_TAG, 'an undeclared custom key');
      assertFail(await setProfile(id, [{ Tag: 'Tag_Profile_Custom_Mood', Value: ofBytes(501) }]), CODE.PROFILE_TOO_LONG, 'a 501 B custom value');
      assertFail(await setProfile(id, [{ Tag: 'Tag_Profile_Custom_Mood', Value: 5 }]), CODE.PROFILE_BAD_TYPE, 'a number in a custom field');
      const get = await call(API.PORTRAIT_GET, { To_Account: [id], TagList: ['Tag_Profile_Custom_Nope'] });
      assertFail(get, CODE.PROFILE_NO_TAG, 'portrait_get of an undeclared custom key');
    });

    test('portrait_get: 100 accounts in one call, 101 get 40001, none 40002; a never-imported one fails alone with 40003', async () => {
      const ids = await users('many', 101);
      await setProfileOk(ids[0], [{ Tag: TAG.NICK, Value: 'first' }]);
      const hundred = ids.slice(0, 100);
      const body = await call(API.PORTRAIT_GET, { To_Account: hundred, TagList: [TAG.NICK] });
      const items = assertItems(body, all(hundred), { key: 'UserProfileItem', extraKeys: ['ProfileItem'] });
      assert.deepEqual(items[0].ProfileItem, [{ Tag: TAG.NICK, Value: 'first' }]);
      assertFail(await call(API.PORTRAIT_GET, { To_Account: ids, TagList: [TAG.NICK] }), CODE.PROFILE_PARAM, '101 To_Account');
      assertFail(await call(API.PORTRAIT_GET, { To_Account: [], TagList: [TAG.NICK] }), CODE.PROFILE_NO_TO_ACCOUNT, 'an empty To_Account');
      assertFail(await call(API.PORTRAIT_GET, { TagList: [TAG.NICK] }), CODE.PROFILE_NO_TO_ACCOUNT, 'no To_Account');

      const ghost = uniqueID('ghost');
      const mixed = await call(API.PORTRAIT_GET, { To_Account: [ids[0], ghost], TagList: [TAG.NICK] });
      const [good, bad] = assertItems(mixed, { [ids[0]]: 0, [ghost]: CODE.PROFILE_NO_ACCOUNT },
        { key: 'UserProfileItem', extraKeys: ['ProfileItem'] });
      assert.deepEqual(good.ProfileItem, [{ Tag: TAG.NICK, Value: 'first' }]);
      assert.equal(bad.ProfileItem, undefined, 'a failed entry has no ProfileItem');
    });
  });

  describe('sns/friend_add', () => {
    test('AllowAny: one round — Add_Type_Both makes both friends, Add_Type_Single only the adder’s', async () => {
      const [a, b, c] = await users('any', 3);
      await setAllowType(b, ALLOW.ANY);
      await setAllowType(c, ALLOW.ANY);
      const body = await friendAdd(a, [addItem(b)], { AddType: TYPE.ADD_BOTH });
      assert.deepEqual(body, {
        ResultItem: [{ To_Account: b, ResultCode: 0, ResultInfo: '' }],
        ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '',
      });
      assert.equal(await relation(a, b), REL.BOTH_WAY);
      assert.equal(await relation(b, a), REL.BOTH_WAY);

      assertItems(await friendAdd(a, [addItem(c)], { AddType: TYPE.ADD_SINGLE }), { [c]: 0 });
      assert.equal(await relation(a, c), REL.A_WITH_B);
      assert.equal(await relation(c, a), REL.B_WITH_A);
      assert.equal(await relation(a, c, TYPE.CHECK_SINGLE), REL.A_WITH_B);
      assert.equal(await relation(c, a, TYPE.CHECK_SINGLE), REL.NO_RELATION);
    });

    test('without AddType the default is Add_Type_Both', async () => {
      const [a, b] = await users('dflt', 2);
      await setAllowType(b, ALLOW.ANY);
      assertItems(await friendAdd(a, [addItem(b)]), { [b]: 0 });
      assert.equal(await relation(a, b), REL.BOTH_WAY);
    });

    test('NeedConfirm (the default): both add types answer 30539, in Fail_Account, and no relation is made yet', async () => {
      const [a, b, c] = await users('confirm', 3);
      await setAllowType(c, ALLOW.CONFIRM);
      for (const [to, type] of [[b, TYPE.ADD_BOTH], [c, TYPE.ADD_SINGLE]]) {
        const body = await friendAdd(a, [addItem(to, { AddWording: 'hello' })], { AddType: type });
        assertItems(body, { [to]: CODE.PENDING }, { what: `${type} to a NeedConfirm user` });
        assert.equal(await relation(a, to), REL.NO_RELATION);
      }
    });

    test('NeedConfirm: the target gets the application (source, wording) on its client', async () => {
      const [a] = await users('applicant', 1);
      const b = uniqueID('target'); // imported by logging in
      const { Chat } = await import('../support/engine.mjs');
      const { chat, next } = await engine(b);
      const body = await friendAdd(a, [addItem(b, { AddWording: 'hi, it is a' })], { AddType: TYPE.ADD_BOTH });
      assertItems(body, { [b]: CODE.PENDING });
      const update = await next(Chat.EVENT.FRIEND_APPLICATION_LIST_UPDATED,
        (d) => d.friendApplicationList.some((x) => x.userID === a));
      assert.equal(update.unreadCount, 1, show(update));
      const { data } = await chat.getFriendApplicationList();
      const app = data.friendApplicationList.find((x) => x.userID === a);
      assert.equal(app.type, Chat.TYPES.SNS_APPLICATION_SENT_TO_ME);
      assert.equal(app.type, 'Pendency_Type_ComeIn');
      assert.equal(app.source, SOURCE);
      assert.equal(app.wording, 'hi, it is a');
      assert.ok(Math.abs(app.time - nowSecs()) < 60, `time is the request's second: ${show(app)}`);
    });

    test('DenyAny refuses both add types with 30516; ForceAddFlags 1 overrides NeedConfirm and DenyAny', async () => {
      const [a, b, c, d] = await users('deny', 4);
      await setAllowType(b, ALLOW.DENY);
      for (const type of [TYPE.ADD_BOTH, TYPE.ADD_SINGLE]) {
        assertItems(await friendAdd(a, [addItem(b)], { AddType: type }), { [b]: CODE.DENY_ANY }, { what: `${type} to DenyAny` });
        assert.equal(await relation(a, b), REL.NO_RELATION);
      }
      await setAllowType(d, ALLOW.CONFIRM);
      assertItems(await friendAdd(a, [addItem(b), addItem(c), addItem(d)], { AddType: TYPE.ADD_BOTH, ForceAddFlags: 1 }),
        { [b]: 0, [c]: 0, [d]: 0 });
      for (const to of [b, c, d]) assert.equal(await relation(a, to), REL.BOTH_WAY);
    });

    test('AdminForbid_Type_SendOut: the adder is refused with 30009, even forced; back to None it works', async () => {
      const [a, b] = await users('forbid', 2);
      await setAllowType(b, ALLOW.ANY);
      await setProfileOk(a, [{ Tag: TAG.ADMIN_FORBID, Value: 'AdminForbid_Type_SendOut' }]);
      assertItems(await friendAdd(a, [addItem(b)]), { [b]: CODE.ADD_FORBIDDEN });
      assertItems(await friendAdd(a, [addItem(b)], { ForceAddFlags: 1 }), { [b]: CODE.ADD_FORBIDDEN });
      assert.equal(await relation(a, b), REL.NO_RELATION);
      // Others may still add the forbidden user.
      await setAllowType(a, ALLOW.ANY);
      assertItems(await friendAdd(b, [addItem(a)], { AddType: TYPE.ADD_SINGLE }), { [a]: 0 });
      await setProfileOk(a, [{ Tag: TAG.ADMIN_FORBID, Value: 'AdminForbid_Type_None' }]);
      assertItems(await friendAdd(a, [addItem(b)], { AddType: TYPE.ADD_SINGLE }), { [b]: 0 });
      assert.equal(await relation(a, b), REL.BOTH_WAY);
    });

    test('adding an existing friend is a per-item 30001; a batch reports each account on its own', async () => {
      const [a, b, c] = await users('again', 3);
      await befriend(a, b);
      await setAllowType(c, ALLOW.ANY);
      const ghost = uniqueID('ghost');
      assertItems(await friendAdd(a, [addItem(b), addItem(c), addItem(ghost)]),
        { [b]: CODE.SNS_PARAM, [c]: 0, [ghost]: CODE.SNS_NO_ACCOUNT });
      assert.equal(await relation(a, c), REL.BOTH_WAY);
    });

    test('Remark ≤ 96 B, AddWording ≤ 256 B, AddSource AddSource_Type_ + ≤ 8 letters, GroupName ≤ 30 B: one byte more is 30001', async () => {
      const a = await user('fields');
      const targets = await users('t', 9);
      for (const id of targets) await setAllowType(id, ALLOW.ANY);
      const remark96 = '备'.repeat(32); // 96 bytes
      const group30 = `${'组'.repeat(10)}`; // 30 bytes
      const good = addItem(targets[0], {
        Remark: remark96, GroupName: group30, AddWording: ofBytes(256), AddSource: 'AddSource_Type_Abcdefgh',
      });
      const t0 = nowSecs();
      const bad = [
        addItem(targets[1], { Remark: `${remark96}a` }),
        addItem(targets[2], { AddWording: ofBytes(257) }),
        addItem(targets[3], { AddSource: 'AddSource_Type_Abcdefghi' }), // 9 letters
        addItem(targets[4], { AddSource: 'AddSource_Type_Web1' }), // a digit
        addItem(targets[5], { AddSource: 'Source_Web' }), // wrong prefix
        { To_Account: targets[6] }, // AddSource missing (必填)
        addItem(targets[7], { GroupName: `${group30}x` }),
        addItem(targets[8], { GroupName: '' }),
      ];
      const body = await friendAdd(a, [good, ...bad]);
      assertItems(body, { [targets[0]]: 0, ...all(targets.slice(1, 9), CODE.SNS_PARAM) });
      for (const id of targets.slice(1, 9)) assert.equal(await relation(a, id), REL.NO_RELATION);

      const data = await friendData(a, targets[0], [TAG.SNS_REMARK, TAG.SNS_GROUP, TAG.SNS_ADD_SOURCE, TAG.SNS_ADD_WORDING, TAG.SNS_ADD_TIME]);
      assert.equal(data[TAG.SNS_REMARK], remark96);
      assert.deepEqual(data[TAG.SNS_GROUP], [group30]);
      assert.equal(data[TAG.SNS_ADD_SOURCE], 'AddSource_Type_Abcdefgh');
      assert.equal(data[TAG.SNS_ADD_WORDING], ofBytes(256));
      assert.ok(Number.isInteger(data[TAG.SNS_ADD_TIME]) && data[TAG.SNS_ADD_TIME] >= t0 - 1 && data[TAG.SNS_ADD_TIME] <= nowSecs() + 1,
        `AddTime is the add's second: ${data[TAG.SNS_ADD_TIME]}`);
      // The new group exists for a, with that friend in it.
      const groups = await groupGet(a, { NeedFriend: 'Need_Friend_Type_Yes' });
      assert.deepEqual(groups.ResultItem, [{ GroupName: group30, FriendNumber: 1, To_Account: [targets[0]] }]);
    });

    test('a bad AddType is refused with 30001', async () => {
      const [a, b] = await users('addtype', 2);
      assertFail(await friendAdd(a, [addItem(b)], { AddType: 'Add_Type_Sideways' }), CODE.SNS_PARAM, 'AddType Add_Type_Sideways');
    });
  });

  describe('sns/friend_import, friend_update, friend_get, friend_get_list', () => {
    test('friend_import adds one-way friends with every field as given (GroupName is an array here)', async () => {
      const [a, b, c] = await users('imp', 3);
      const body = await call(API.FRIEND_IMPORT, {
        From_Account: a,
        AddFriendItem: [
          { To_Account: b, AddSource: 'AddSource_Type_XXXXXXXX' },
          {
            To_Account: c, Remark: 'remark3', RemarkTime: 1420000001, GroupName: ['Colleagues', 'Friends'],
            AddSource: 'AddSource_Type_XXXXXXXX', AddWording: "I'm Test3", AddTime: 1420000001,
            CustomItem: [{ Tag: 'Tag_SNS_Custom_Tier', Value: 'Test' }],
          },
        ],
      });
      assertItems(body, { [b]: 0, [c]: 0 });
      assert.equal(await relation(a, c), REL.A_WITH_B, 'imported friends are one-way');
      assert.equal(await relation(c, a), REL.B_WITH_A);
      const data = await friendData(a, c, [TAG.SNS_REMARK, TAG.SNS_GROUP, TAG.SNS_ADD_SOURCE, TAG.SNS_ADD_WORDING,
        TAG.SNS_ADD_TIME, 'Tag_SNS_Custom_Tier']);
      assert.deepEqual(data, {
        [TAG.SNS_REMARK]: 'remark3',
        [TAG.SNS_GROUP]: ['Colleagues', 'Friends'],
        [TAG.SNS_ADD_SOURCE]: 'AddSource_Type_XXXXXXXX',
        [TAG.SNS_ADD_WORDING]: "I'm Test3",
        [TAG.SNS_ADD_TIME]: 1420000001,
        Tag_SNS_Custom_Tier: 'Test',
      });
      // Importing an existing friend again is a per-item 30001.
      assertItems(await call(API.FRIEND_IMPORT, { From_Account: a, AddFriendItem: [addItem(b)] }), { [b]: CODE.SNS_PARAM });
    });

    test('friend_update sets remark, groups and custom fields of several friends; non-friends and bad values fail alone', async () => {
      const [a, b, c, d, e] = await users('upd', 5);
      for (const f of [b, c, e]) await befriend(a, f);
      const body = await call(API.FRIEND_UPDATE, {
        From_Account: a,
        UpdateItem: [
          { To_Account: b, SnsItem: [{ Tag: TAG.SNS_REMARK, Value: 'remark1' }] },
          {
            To_Account: c,
            SnsItem: [
              { Tag: TAG.SNS_REMARK, Value: 'remark2' },
              { Tag: TAG.SNS_GROUP, Value: ['group1', 'group2'] },
              { Tag: 'Tag_SNS_Custom_Met', Value: 'school' },
            ],
          },
          { To_Account: d, SnsItem: [{ Tag: TAG.SNS_REMARK, Value: 'not a friend' }] },
          { To_Account: e, SnsItem: [{ Tag: TAG.SNS_REMARK, Value: `${'备'.repeat(32)}a` }] }, // 97 bytes
        ],
      });
      assertItems(body, { [b]: 0, [c]: 0, [d]: CODE.SNS_PARAM, [e]: CODE.SNS_PARAM });
      assert.deepEqual(await friendData(a, c, [TAG.SNS_REMARK, TAG.SNS_GROUP, 'Tag_SNS_Custom_Met']),
        { [TAG.SNS_REMARK]: 'remark2', [TAG.SNS_GROUP]: ['group1', 'group2'], Tag_SNS_Custom_Met: 'school' });
      assert.equal((await friendData(a, e, [TAG.SNS_REMARK]))[TAG.SNS_REMARK], undefined, 'a refused remark is not stored');
      // The group list replaces the old one.
      assertItems(await call(API.FRIEND_UPDATE, {
        From_Account: a, UpdateItem: [{ To_Account: c, SnsItem: [{ Tag: TAG.SNS_GROUP, Value: ['group2'] }] }],
      }), { [c]: 0 });
      assert.deepEqual((await friendData(a, c, [TAG.SNS_GROUP]))[TAG.SNS_GROUP], ['group2']);
      // An undeclared custom friend field fails the whole call (Tencent: "Invalid field: Tag_SNS_Custom_… ", 30001).
      assertFail(await call(API.FRIEND_UPDATE, {
        From_Account: a, UpdateItem: [{ To_Account: b, SnsItem: [{ Tag: 'Tag_SNS_Custom_Type', Value: 'x' }] }],
      }), CODE.SNS_PARAM, 'an undeclared Tag_SNS_Custom_Type');
    });

    test('friend_get pages 250 friends as 100 + 100 + 50 with FriendNum, NextStartIndex, CompleteFlag; StandardSequence grows', async () => {
      const a = await user('pager');
      const friends = await users('pf', 250);
      const body = await call(API.FRIEND_IMPORT, {
        From_Account: a,
        AddFriendItem: friends.map((id, i) => addItem(id, { AddTime: 1500000000 + i, ...(i === 0 ? { Remark: 'first' } : {}) })),
      });
      assertItems(body, all(friends));
      const { pages, friends: got } = await friendGetAll(a);
      assert.deepEqual(pages.map((p) => p.UserDataItem.length), [100, 100, 50]);
      assert.deepEqual(pages.map((p) => p.NextStartIndex), [100, 200, 0]);
      assert.deepEqual(pages.map((p) => p.CompleteFlag), [0, 0, 1]);
      assert.deepEqual(pages.map((p) => p.FriendNum), [250, 250, 250]);
      assert.deepEqual([...got.keys()], friends, 'in the order they were added');
      assert.deepEqual(got.get(friends[0]), {
        [TAG.SNS_ADD_SOURCE]: SOURCE, [TAG.SNS_REMARK]: 'first', [TAG.SNS_ADD_TIME]: 1500000000,
      }, 'unset fields are absent; AddSource and AddTime are always there');
      assert.deepEqual(got.get(friends[1]), { [TAG.SNS_ADD_SOURCE]: SOURCE, [TAG.SNS_ADD_TIME]: 1500000001 });

      const seq = pages[0].StandardSequence;
      assertItems(await call(API.FRIEND_UPDATE, {
        From_Account: a, UpdateItem: [{ To_Account: friends[1], SnsItem: [{ Tag: TAG.SNS_REMARK, Value: 'second' }] }],
      }), { [friends[1]]: 0 });
      const again = await friendGetAll(a);
      assert.ok(again.pages[0].StandardSequence > seq, 'StandardSequence grows after a change');
      assert.equal(again.friends.get(friends[1])[TAG.SNS_REMARK], 'second');
    });

    test('friend_get_list returns friend and profile tags; a non-friend is a per-item 30001', async () => {
      const [a, b, c] = await users('getlist', 3);
      await befriend(a, b, { Remark: 'remark_2', GroupName: 'group1' });
      await setProfileOk(b, [{ Tag: TAG.NICK, Value: 'nick_2' }, { Tag: 'Tag_Profile_Custom_Hobby', Value: 'custom_profile_2' }]);
      const body = await call(API.FRIEND_GET_LIST, {
        From_Account: a,
        To_Account: [b, c],
        TagList: ['Tag_Profile_Custom_Hobby', TAG.IMAGE, TAG.NICK, TAG.SNS_REMARK, TAG.SNS_GROUP],
      });
      const [item] = assertItems(body, { [b]: 0, [c]: CODE.SNS_PARAM }, { key: 'InfoItem', extraKeys: ['SnsProfileItem'] });
      assert.deepEqual(tagMap(item.SnsProfileItem), {
        Tag_Profile_Custom_Hobby: 'custom_profile_2',
        [TAG.IMAGE]: '',
        [TAG.NICK]: 'nick_2',
        [TAG.SNS_REMARK]: 'remark_2',
        [TAG.SNS_GROUP]: ['group1'],
      });
      assert.equal(body.InfoItem[1].SnsProfileItem, undefined, 'a failed entry has no SnsProfileItem');
    });
  });

  describe('sns/friend_check, friend_delete, friend_delete_all', () => {
    test('friend_check gives every Relation value of both check types', async () => {
      const [a, both, aWithB, bWithA, none] = await users('chk', 5);
      await befriend(a, both);
      assertItems(await call(API.FRIEND_IMPORT, { From_Account: a, AddFriendItem: [addItem(aWithB)] }), { [aWithB]: 0 });
      assertItems(await call(API.FRIEND_IMPORT, { From_Account: bWithA, AddFriendItem: [addItem(a)] }), { [a]: 0 });
      const ids = [both, aWithB, bWithA, none];

      const two = await call(API.FRIEND_CHECK, { From_Account: a, To_Account: ids, CheckType: TYPE.CHECK_BOTH });
      const twoItems = assertItems(two, all(ids), { key: 'InfoItem', extraKeys: ['Relation'] });
      assert.deepEqual(twoItems.map((i) => i.Relation), [REL.BOTH_WAY, REL.A_WITH_B, REL.B_WITH_A, REL.NO_RELATION]);

      const one = await call(API.FRIEND_CHECK, { From_Account: a, To_Account: ids, CheckType: TYPE.CHECK_SINGLE });
      const oneItems = assertItems(one, all(ids), { key: 'InfoItem', extraKeys: ['Relation'] });
      assert.deepEqual(oneItems.map((i) => i.Relation), [REL.A_WITH_B, REL.A_WITH_B, REL.NO_RELATION, REL.NO_RELATION]);

      assertFail(await call(API.FRIEND_CHECK, { From_Account: a, To_Account: ids, CheckType: 'CheckResult_Type_Maybe' }),
        CODE.SNS_PARAM, 'a bad CheckType');
      const many = [...ids, ...newIDs('x', 997)]; // 1001
      assertFail(await call(API.FRIEND_CHECK, { From_Account: a, To_Account: many, CheckType: TYPE.CHECK_BOTH }),
        CODE.SNS_PARAM, '1001 To_Account');
    });

    test('friend_delete: Delete_Type_Single only from my list, Delete_Type_Both from both; a non-friend is 31704', async () => {
      const [a, b, c, d] = await users('del', 4);
      await befriend(a, b);
      await befriend(a, c);
      assertItems(await call(API.FRIEND_DELETE, { From_Account: a, To_Account: [b], DeleteType: TYPE.DELETE_SINGLE }), { [b]: 0 });
      assert.equal(await relation(a, b), REL.B_WITH_A);
      const body = await call(API.FRIEND_DELETE, { From_Account: a, To_Account: [c, d], DeleteType: TYPE.DELETE_BOTH });
      assertItems(body, { [c]: 0, [d]: CODE.DELETE_NOT_FRIEND });
      assert.equal(await relation(a, c), REL.NO_RELATION);
      assertFail(await call(API.FRIEND_DELETE, { From_Account: a, To_Account: [b], DeleteType: 'Delete_Type_Half' }),
        CODE.SNS_PARAM, 'a bad DeleteType');
    });

    test('friend_delete_all: one-way by default, Delete_Type_Both empties both sides; the bare envelope answers', async () => {
      const [a, b, c, x] = await users('delall', 4);
      await befriend(a, b);
      await befriend(a, c);
      const body = await call(API.FRIEND_DELETE_ALL, { From_Account: a });
      assert.deepEqual(body, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ErrorDisplay: '' });
      assert.equal(await relation(a, b), REL.B_WITH_A);
      assert.equal(await relation(a, c), REL.B_WITH_A);
      assert.equal((await friendGetAll(a)).pages[0].FriendNum, 0);

      await befriend(x, b);
      await befriend(x, c);
      assertOk(await call(API.FRIEND_DELETE_ALL, { From_Account: x, DeleteType: TYPE.DELETE_BOTH }));
      assert.equal(await relation(x, b), REL.NO_RELATION);
      assert.equal(await relation(x, c), REL.NO_RELATION);
    });
  });

  describe('sns/group_add, group_delete, group_get', () => {
    test('groups with friends: CurrentSequence grows, a non-friend is 32216, group_get with and without friends', async () => {
      const [a, b, c, stranger] = await users('grp', 4);
      await befriend(a, b);
      await befriend(a, c);
      const first = await call(API.GROUP_ADD, { From_Account: a, GroupName: ['group1', 'group2'] });
      assertOk(first);
      assert.deepEqual(Object.keys(first).sort(), ['ActionStatus', 'CurrentSequence', 'ErrorCode', 'ErrorDisplay', 'ErrorInfo']);
      const body = await call(API.GROUP_ADD, { From_Account: a, GroupName: ['group3'], To_Account: [b, c, stranger] });
      assertItems(body, { [b]: 0, [c]: 0, [stranger]: CODE.GROUP_NOT_FRIEND });
      assert.ok(body.CurrentSequence > first.CurrentSequence, 'CurrentSequence grows');

      const plain = await groupGet(a);
      assert.deepEqual(plain.ResultItem, [
        { GroupName: 'group1', FriendNumber: 0 },
        { GroupName: 'group2', FriendNumber: 0 },
        { GroupName: 'group3', FriendNumber: 2 },
      ]);
      assert.equal(plain.CurrentSequence, body.CurrentSequence);
      const full = await groupGet(a, { NeedFriend: 'Need_Friend_Type_Yes' });
      assert.deepEqual(full.ResultItem.find((g) => g.GroupName === 'group3'), { GroupName: 'group3', FriendNumber: 2, To_Account: [b, c] });
      const one = await groupGet(a, { GroupName: ['group3'] });
      assert.deepEqual(one.ResultItem.map((g) => g.GroupName), ['group3']);
      assert.deepEqual((await friendData(a, b, [TAG.SNS_GROUP]))[TAG.SNS_GROUP], ['group3']);

      assertFail(await call(API.GROUP_ADD, { From_Account: a, GroupName: ['group1'] }), CODE.SNS_PARAM, 'an existing group name');
      const del = await call(API.GROUP_DELETE, { From_Account: a, GroupName: ['group3'] });
      assertOk(del, 'group_delete');
      assert.ok(del.CurrentSequence > body.CurrentSequence);
      assert.equal((await friendData(a, b, [TAG.SNS_GROUP]))[TAG.SNS_GROUP], undefined, 'the group left the friend');
      assert.deepEqual((await groupGet(a)).ResultItem.map((g) => g.GroupName), ['group1', 'group2']);
      assertFail(await call(API.GROUP_DELETE, { From_Account: a, GroupName: ['nope'] }), CODE.SNS_PARAM, 'an unknown group');
    });

    test('32 groups, not 33 (group_add 30011, friend_update per-item 30011); names non-empty and ≤ 30 B', async () => {
      const [a, b, c] = await users('grp32', 3);
      await befriend(a, b);
      const names = Array.from({ length: MAX_GROUPS }, (_, i) => `g${i + 1}`);
      assertFail(await call(API.GROUP_ADD, { From_Account: a, GroupName: [...names, 'g33'] }), CODE.GROUPS_FULL, '33 names at once');
      assertOk(await call(API.GROUP_ADD, { From_Account: a, GroupName: names }), '32 groups');
      assert.equal((await groupGet(a)).ResultItem.length, MAX_GROUPS);
      assertFail(await call(API.GROUP_ADD, { From_Account: a, GroupName: ['g33'] }), CODE.GROUPS_FULL, 'the 33rd group');
      assertItems(await call(API.FRIEND_UPDATE, {
        From_Account: a, UpdateItem: [{ To_Account: b, SnsItem: [{ Tag: TAG.SNS_GROUP, Value: ['g1', 'g33'] }] }],
      }), { [b]: CODE.GROUPS_FULL });
      await setAllowType(c, ALLOW.ANY);
      assertItems(await friendAdd(a, [addItem(c, { GroupName: 'g33' })]), { [c]: CODE.GROUPS_FULL });
      assertItems(await friendAdd(a, [addItem(c, { GroupName: 'g32' })]), { [c]: 0 }, { what: 'an existing group is fine' });

      const [d] = await users('names', 1);
      assertOk(await call(API.GROUP_ADD, { From_Account: d, GroupName: [ofBytes(30)] }), 'a 30 B name');
      assertFail(await call(API.GROUP_ADD, { From_Account: d, GroupName: [ofBytes(31)] }), CODE.SNS_PARAM, 'a 31 B name');
      assertFail(await call(API.GROUP_ADD, { From_Account: d, GroupName: [''] }), CODE.SNS_PARAM, 'an empty name');
    });
  });

  describe('sns/black_list_*', () => {
    test('blocking removes the friendship both ways; black_list_check gives every Relation value; repeats are 30001', async () => {
      const [a, b, c, d, e] = await users('blk', 5);
      await befriend(a, b);
      await befriend(a, c);
      assertItems(await call(API.BLACK_ADD, { From_Account: a, To_Account: [b, c] }), { [b]: 0, [c]: 0 });
      assert.equal(await relation(a, b), REL.NO_RELATION, 'the friendship is gone both ways');
      assert.equal(await relation(a, c), REL.NO_RELATION);
      assertItems(await call(API.BLACK_ADD, { From_Account: b, To_Account: [a] }), { [a]: 0 });
      assertItems(await call(API.BLACK_ADD, { From_Account: d, To_Account: [a] }), { [a]: 0 });
      assertItems(await call(API.BLACK_ADD, { From_Account: a, To_Account: [b, e] }), { [b]: CODE.SNS_PARAM, [e]: 0 },
        { what: 're-blocking b' });

      // a ⟷ b both ways; a → c and a → e; d → a; nothing with … a fresh one.
      const [f] = await users('free', 1);
      const ids = [b, c, d, f];
      const both = await call(API.BLACK_CHECK, { From_Account: a, To_Account: ids, CheckType: TYPE.BLACK_CHECK_BOTH });
      const bothItems = assertItems(both, all(ids), { key: 'BlackListCheckItem', extraKeys: ['Relation'] });
      assert.deepEqual(bothItems.map((i) => i.Relation), [REL.BLACK_BOTH_WAY, REL.BLACK_A_WITH_B, REL.BLACK_B_WITH_A, REL.BLACK_NO]);
      const single = await call(API.BLACK_CHECK, { From_Account: a, To_Account: ids, CheckType: TYPE.BLACK_CHECK_SINGLE });
      const singleItems = assertItems(single, all(ids), { key: 'BlackListCheckItem', extraKeys: ['Relation'] });
      assert.deepEqual(singleItems.map((i) => i.Relation), [REL.BLACK_A_WITH_B, REL.BLACK_A_WITH_B, REL.BLACK_NO, REL.BLACK_NO]);
      assertFail(await call(API.BLACK_CHECK, { From_Account: a, To_Account: ids, CheckType: TYPE.CHECK_BOTH }),
        CODE.SNS_PARAM, 'a friend CheckType on black_list_check');

      assertItems(await call(API.BLACK_DELETE, { From_Account: a, To_Account: [c, f] }), { [c]: 0, [f]: CODE.SNS_PARAM },
        { what: 'unblocking one that was never blocked' });
      assert.equal(await blackRelation(a, c), REL.BLACK_NO);
      assert.equal(await relation(a, c), REL.NO_RELATION, 'unblocking does not restore the friendship');
    });

    test('a block stops friend requests both ways (30515 / 30525), forced or not', async () => {
      const [a, b] = await users('blkreq', 2);
      await setAllowType(a, ALLOW.ANY);
      await setAllowType(b, ALLOW.ANY);
      assertItems(await call(API.BLACK_ADD, { From_Account: a, To_Account: [b] }), { [b]: 0 });
      for (const force of [0, 1]) {
        assertItems(await friendAdd(a, [addItem(b)], { ForceAddFlags: force }), { [b]: CODE.IN_MY_BLACKLIST });
        assertItems(await friendAdd(b, [addItem(a)], { ForceAddFlags: force }), { [a]: CODE.IN_THEIR_BLACKLIST });
      }
      assert.equal(await relation(a, b), REL.NO_RELATION);
      assertItems(await call(API.BLACK_DELETE, { From_Account: a, To_Account: [b] }), { [b]: 0 });
      assertItems(await friendAdd(b, [addItem(a)]), { [a]: 0 });
      assert.equal(await relation(a, b), REL.BOTH_WAY);
    });

    test('a blocked user’s client send is refused with 20007; the blocker may still send; REST sendmsg is not checked', async () => {
      const a = uniqueID('blocker');
      const b = uniqueID('blocked');
      const aSocket = await online(a);
      const bSocket = await online(b);
      assertItems(await call(API.BLACK_ADD, { From_Account: a, To_Account: [b] }), { [b]: 0 });

      const refused = await bSocket.request({ cmd: 'send', to: a, random: randomU32(), msgBody: textBody('let me in'), cloudCustomData: '' });
      assert.equal(refused.type, 'error', show(refused));
      assert.equal(refused.code, CODE.BLOCKED, show(refused));

      const allowed = await aSocket.request({ cmd: 'send', to: b, random: randomU32(), msgBody: textBody('I can still write'), cloudCustomData: '' });
      assert.equal(allowed.type, 'ack', show(allowed));

      const viaRest = await call(API.SENDMSG, { From_Account: b, To_Account: a, MsgRandom: randomU32(), MsgBody: textBody('admin path') });
      assert.equal(viaRest.ActionStatus, 'OK', `REST sendmsg does not check the blacklist: ${show(viaRest)}`);
      await aSocket.next((f) => f.type === 'msg' && f.message?.msgBody?.[0]?.MsgContent?.Text === 'admin path',
        { what: 'the REST message on the blocker’s socket' });

      assertItems(await call(API.BLACK_DELETE, { From_Account: a, To_Account: [b] }), { [b]: 0 });
      const again = await bSocket.request({ cmd: 'send', to: a, random: randomU32(), msgBody: textBody('thanks'), cloudCustomData: '' });
      assert.equal(again.type, 'ack', `unblocked, the send goes through: ${show(again)}`);
    });

    test('black_list_get pages in blocking order: StartIndex, MaxLimited, LastSequence → BlackListItem, StartIndex, CurruentSequence', async () => {
      const a = await user('bget');
      const blocked = await users('bg', 5);
      const t0 = nowSecs();
      for (const id of blocked) assertItems(await call(API.BLACK_ADD, { From_Account: a, To_Account: [id] }), { [id]: 0 });
      const seen = [];
      const starts = [];
      let start = 0;
      let lastSeq;
      for (let i = 0; i < 10; i += 1) {
        const body = await call(API.BLACK_GET, { From_Account: a, StartIndex: start, MaxLimited: 2, LastSequence: 0 });
        assertOk(body, 'black_list_get');
        assert.ok(Number.isInteger(body.CurruentSequence), `CurruentSequence (Tencent's spelling): ${show(body)}`);
        assert.ok(Array.isArray(body.BlackListItem), show(body));
        for (const item of body.BlackListItem) {
          assert.deepEqual(Object.keys(item).sort(), ['AddBlackTimeStamp', 'To_Account']);
          assert.ok(item.AddBlackTimeStamp >= t0 - 1 && item.AddBlackTimeStamp <= nowSecs() + 1, show(item));
          seen.push(item.To_Account);
        }
        starts.push(body.StartIndex);
        lastSeq = body.CurruentSequence;
        if (body.StartIndex === 0) break;
        start = body.StartIndex;
      }
      assert.deepEqual(starts, [2, 4, 0]);
      assert.deepEqual(seen, blocked);
      assertItems(await call(API.BLACK_DELETE, { From_Account: a, To_Account: [blocked[0]] }), { [blocked[0]]: 0 });
      const after1 = await call(API.BLACK_GET, { From_Account: a, StartIndex: 0, MaxLimited: 30, LastSequence: 0 });
      assert.ok(after1.CurruentSequence > lastSeq, 'the sequence grows with a change');
      assert.deepEqual(after1.BlackListItem.map((i) => i.To_Account), blocked.slice(1));
      assert.equal(after1.StartIndex, 0);
    });
  });

  describe('limits: 3000 friends, 1000 blacklist entries', () => {
    let pool; // 3001 imported accounts

    before(async () => {
      pool = newIDs('p', MAX_FRIENDS + 1);
      await importAccounts(pool);
    });

    test('friend_import: 3 × 1000 fill the list; the 3001st is 30010; 1001 in one call is 30001', async () => {
      const x = await user('full');
      assertFail(await call(API.FRIEND_IMPORT, { From_Account: x, AddFriendItem: pool.slice(0, BATCH + 1).map((id) => addItem(id)) }),
        CODE.SNS_PARAM, '1001 AddFriendItem in one call');
      for (let i = 0; i < MAX_FRIENDS; i += BATCH) {
        const chunk = pool.slice(i, i + BATCH);
        assertItems(await call(API.FRIEND_IMPORT, { From_Account: x, AddFriendItem: chunk.map((id) => addItem(id)) }), all(chunk));
      }
      const last = pool[MAX_FRIENDS];
      assertItems(await call(API.FRIEND_IMPORT, { From_Account: x, AddFriendItem: [addItem(last)] }), { [last]: CODE.MY_FRIENDS_FULL });
      const first = await call(API.FRIEND_GET, { From_Account: x, StartIndex: 0, StandardSequence: 0, CustomSequence: 0 });
      assert.equal(first.FriendNum, MAX_FRIENDS);

      // friend_add from the full list: 30010; to the full list (both ways): 30014; one-way to it is fine.
      const y = await user('adder');
      await setAllowType(y, ALLOW.ANY);
      assertItems(await friendAdd(x, [addItem(y)]), { [y]: CODE.MY_FRIENDS_FULL });
      assertItems(await friendAdd(y, [addItem(x)], { AddType: TYPE.ADD_BOTH, ForceAddFlags: 1 }), { [x]: CODE.THEIR_FRIENDS_FULL });
      assertItems(await friendAdd(y, [addItem(x)], { AddType: TYPE.ADD_SINGLE, ForceAddFlags: 1 }), { [x]: 0 });
      assert.equal(await relation(y, x), REL.A_WITH_B);

      // One friend fewer, and the 3000th fits again.
      assertItems(await call(API.FRIEND_DELETE, { From_Account: x, To_Account: [pool[0]], DeleteType: TYPE.DELETE_SINGLE }), { [pool[0]]: 0 });
      assertItems(await call(API.FRIEND_IMPORT, { From_Account: x, AddFriendItem: [addItem(last)] }), { [last]: 0 });
    });

    test('black_list_add: 1000 in one call; the 1001st is 30013; 1001 in one call is 30001', async () => {
      const z = await user('blkfull');
      assertFail(await call(API.BLACK_ADD, { From_Account: z, To_Account: pool.slice(0, MAX_BLACKLIST + 1) }),
        CODE.SNS_PARAM, '1001 To_Account in one call');
      const thousand = pool.slice(0, MAX_BLACKLIST);
      assertItems(await call(API.BLACK_ADD, { From_Account: z, To_Account: thousand }), all(thousand));
      const next = pool[MAX_BLACKLIST];
      assertItems(await call(API.BLACK_ADD, { From_Account: z, To_Account: [next] }), { [next]: CODE.BLACKLIST_FULL });
      assert.equal(await blackRelation(z, next, TYPE.BLACK_CHECK_SINGLE), REL.BLACK_NO);
      const page = await call(API.BLACK_GET, { From_Account: z, StartIndex: 0, MaxLimited: MAX_BLACKLIST, LastSequence: 0 });
      assertOk(page);
      assert.equal(page.BlackListItem.length, MAX_BLACKLIST);
      assert.equal(page.StartIndex, 0, 'one page of 1000 holds it all');
      // Make room for one.
      assertItems(await call(API.BLACK_DELETE, { From_Account: z, To_Account: [pool[0]] }), { [pool[0]]: 0 });
      assertItems(await call(API.BLACK_ADD, { From_Account: z, To_Account: [next] }), { [next]: 0 });
    });
  });
});

