// E2E tests of the Tencent-compatible REST API for groups (`group_open_http_svc/*`), against the real worker
// (wrangler dev): create_group, get_group_info, get_group_member_info, modify_group_base_info, add_group_member,
// delete_group_member, modify_group_member_info, destroy_group, get_joined_group_list, get_role_in_group,
// forbid_send_msg, get_group_muted_account, send_group_msg, send_group_system_notification, change_group_owner,
// group_msg_recall and group_msg_get_simple. Shapes and codes follow Tencent's pages (tests/support/TENCENT_REST_NOTES.md
// Part IV, §39–§59) and SPEC §6 (SEQ, dedupe, batch limits).
//
// Where Tencent is silent or ambiguous these tests assert what the server does:
// - Batch limits answer 10004 (add_group_member > 100, delete_group_member / get_role_in_group / forbid_send_msg > 500,
//   get_group_info > 50 or empty, group_msg_get_simple ReqMsgNumber 0 or > 20); CN-OLD names 10005 for "over 500
//   accounts", SPEC names no code.
// - A one-group command without GroupId, or with one that is not 1..=48 printable ASCII bytes, answers 10015; the same
//   goes for a custom GroupId in create_group (CN-OLD's create_group self-check lists such IDs under 10004).
// - Types are answered with the REST names of Tencent's examples: `Work` reports `Private`, `Meeting` reports `ChatRoom`
//   (Tencent's REST examples answer `Private`).
// - send_group_msg to an AVChatRoom, or with OnlineOnlyFlag 1, answers MsgSeq 0 (SPEC: not-stored messages take no SEQ) and NextMsgSeq stays put;
//   group_msg_get_simple on an AVChatRoom answers 10007 (no history).
// - Creating a group stores no tip: the first message of a new group has MsgSeq 1. Join, kick, profile, mute and owner
//   tips of a Public group are stored and take a SEQ; Silence 1 stores none.
// - group_msg_get_simple: IsFinished is 1 once a page reaches the group's first readable SEQ, 0 before; a recalled
//   message is IsPlaceMsg 1 with an empty MsgBody; MsgPriority is a string ("Normal"), not Tencent's number.
// - get_joined_group_list with GroupType AVChatRoom lists AVChatRooms even without WithHugeGroups.
// - change_group_owner to a non-member, forbid_send_msg naming a non-member: 10007, and nothing changes;
//   send_group_msg as a From_Account who is not a member is delivered (the seed: 即使发送者不是群成员).
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { randomU32, textBody } from '../support/rawsocket.mjs';
import { assertFail, assertOk, rest, show } from '../support/rest.mjs';
import { uniqueID } from '../support/worker.mjs';
import { devWorkerSuite } from '../support/suite.mjs';

const SVC = 'group_open_http_svc';
const IMPORT = 'im_open_login_svc/account_import';

/** Tencent's group codes used here (TENCENT_REST_NOTES.md §59). */
const CODE = {
  PARAM: 10004, // 参数非法
  NO_PERMISSION: 10007, // 操作权限不足
  NOT_FOUND: 10010, // 群组不存在，或者曾经存在过，但是目前已经被解散
  FULL: 10014, // 群已满员
  BAD_GROUP_ID: 10015, // 群组 ID 非法
  MUTED: 10017, // 因被禁言而不能发送消息
  ACCOUNT_NOT_FOUND: 10019, // 请求的用户帐号不存在
  ID_TAKEN: 10021, // 群组 ID 已被使用
  RECALL_NOT_FOUND: 10030, // 请求撤回的消息不存在
  RECALL_DENY: 10032, // 请求撤回的消息不支持撤回操作
};

/** The commands that take one GroupId. */
const ONE_GROUP = [
  'get_group_member_info', 'modify_group_base_info', 'add_group_member', 'delete_group_member',
  'modify_group_member_info', 'destroy_group', 'get_role_in_group', 'forbid_send_msg', 'get_group_muted_account',
  'send_group_msg', 'send_group_system_notification', 'change_group_owner', 'group_msg_recall', 'group_msg_get_simple',
];

const ENVELOPE = ['ActionStatus', 'ErrorCode', 'ErrorInfo'];

/** The reply carries exactly the envelope plus `fields`. */
function assertKeys(body, fields, what) {
  assert.deepEqual(Object.keys(body).sort(), [...ENVELOPE, ...fields].sort(), `${what}: reply fields: ${show(body)}`);
}

function nowSecs() {
  return Math.floor(Date.now() / 1000);
}

function assertNow(t, what) {
  assert.ok(Number.isInteger(t) && Math.abs(t - nowSecs()) <= 5, `${what} is the server's unix seconds, got ${t}`);
}

/** `n` distinct fresh IDs. */
function newIDs(prefix, n) {
  const ids = new Set();
  while (ids.size < n) ids.add(uniqueID(prefix));
  return [...ids];
}

/** The Text of a REST message's first element. */
function textOf(m) {
  return m?.MsgBody?.[0]?.MsgContent?.Text;
}

/** The REST helpers over one worker. */
function groupAPI(getURL) {
  const api = {
    call: (cmd, body) => rest(getURL(), cmd.includes('/') ? cmd : `${SVC}/${cmd}`, body),
    async ok(cmd, body, what = cmd) {
      const r = await api.call(cmd, body);
      assertOk(r, what);
      return r;
    },
    async fails(cmd, body, code, what = cmd) {
      const r = await api.call(cmd, body);
      assertFail(r, code, what);
      return r;
    },
    /** create_group (Public, a custom unique ID unless given); resolves with the GroupId. */
    async create(fields = {}) {
      const body = await api.ok('create_group', { Type: 'Public', Name: 'group', GroupId: uniqueID('grp'), ...fields });
      return body.GroupId;
    },
    /** get_group_info of one existing group: its GroupInfo entry. */
    async info(groupId) {
      const r = await api.ok('get_group_info', { GroupIdList: [groupId] });
      assert.equal(r.GroupInfo.length, 1, show(r));
      assert.equal(r.GroupInfo[0].ErrorCode, 0, `get_group_info of ${groupId}: ${show(r)}`);
      return r.GroupInfo[0];
    },
    /** The per-group ErrorCode get_group_info answers for `groupId` (0 if it exists). */
    async infoCode(groupId) {
      const r = await api.ok('get_group_info', { GroupIdList: [groupId] });
      return r.GroupInfo[0].ErrorCode;
    },
    async nextSeq(groupId) {
      return (await api.info(groupId)).NextMsgSeq;
    },
    /** { account: member } from get_group_member_info. */
    async members(groupId) {
      const r = await api.ok('get_group_member_info', { GroupId: groupId });
      assert.equal(r.MemberNum, r.MemberList.length, show(r));
      return Object.fromEntries(r.MemberList.map((m) => [m.Member_Account, m]));
    },
    async memberIDs(groupId) {
      return Object.keys(await api.members(groupId)).sort();
    },
    /** { account: role } from get_role_in_group. */
    async roles(groupId, users) {
      const r = await api.ok('get_role_in_group', { GroupId: groupId, User_Account: users });
      return Object.fromEntries(r.UserIdList.map((u) => [u.Member_Account, u.Role]));
    },
    /** send_group_msg (a fresh Random and a text body unless given); resolves with the reply, unchecked. */
    send(groupId, fields = {}) {
      return api.call('send_group_msg', { GroupId: groupId, Random: randomU32(), MsgBody: textBody('hello'), ...fields });
    },
    async sendOk(groupId, fields = {}, what = 'send_group_msg') {
      const r = await api.send(groupId, fields);
      assertOk(r, what);
      return r;
    },
    /** group_msg_get_simple; resolves with the reply. */
    async history(groupId, number = 20, seq) {
      const body = { GroupId: groupId, ReqMsgNumber: number };
      if (seq !== undefined) body.ReqMsgSeq = seq;
      return api.ok('group_msg_get_simple', body);
    },
    /** get_joined_group_list; resolves with the reply. */
    joined(user, fields = {}) {
      return api.ok('get_joined_group_list', { Member_Account: user, ...fields });
    },
    async joinedIDs(user, fields = {}) {
      return (await api.joined(user, fields)).GroupIdList.map((g) => g.GroupId).sort();
    },
  };
  return api;
}

describe('REST groups on the default dev worker', () => {
  const suite = devWorkerSuite();
  let url;
  const api = groupAPI(() => url);

  before(() => {
    url = suite.url;
  });

  const { online } = suite;

  /** `userID` joins `groupId` itself over its socket (apply_join_group; joins at once where the group is FreeAccess). */
  async function joinItself(userID, groupId) {
    const socket = await online(userID);
    const reply = await socket.request({ cmd: 'group', op: 'apply_join_group', groupId, body: {} });
    assert.equal(reply.type, 'groupResult', `apply_join_group: ${show(reply)}`);
    assert.equal(reply.result.JoinStatus, 'Success', show(reply));
  }

  describe('create_group', () => {
    test('a minimal request gets a generated @TGS# ID; the reply is the envelope plus GroupId', async () => {
      const body = await api.ok('create_group', { Type: 'Public', Name: 'TestGroup' });
      assertKeys(body, ['GroupId'], 'create_group');
      assert.match(body.GroupId, /^@TGS#[0-9A-Z]+$/);
      const info = await api.info(body.GroupId);
      assert.equal(info.Type, 'Public');
      assert.equal(info.Name, 'TestGroup');
      assert.equal(info.Owner_Account, '', 'without Owner_Account the group has no owner');
      assert.equal(info.MemberNum, 0);
      assert.deepEqual(info.MemberList, []);
      const again = await api.ok('create_group', { Type: 'Public', Name: 'TestGroup' });
      assert.notEqual(again.GroupId, body.GroupId, 'generated IDs are unique');
    });

    test('a full request: every field shows in get_group_info, owner and MemberList are members with their roles', async () => {
      const [owner, bob, peter] = newIDs('crt', 3);
      const groupId = uniqueID('grp');
      const before = nowSecs();
      const body = await api.ok('create_group', {
        Owner_Account: owner,
        Type: 'Public',
        GroupId: groupId,
        Name: 'TestGroup',
        Introduction: 'This is group Introduction',
        Notification: 'This is group Notification',
        FaceUrl: 'http://this.is.face.url',
        MaxMemberCount: 500,
        ApplyJoinOption: 'FreeAccess',
        MemberList: [{ Member_Account: bob, Role: 'Admin' }, { Member_Account: peter }],
      });
      assert.deepEqual(body, { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', GroupId: groupId });
      const info = await api.info(groupId);
      for (const key of ['GroupId', 'Type', 'Name', 'Introduction', 'Notification', 'FaceUrl', 'Owner_Account',
        'CreateTime', 'LastInfoTime', 'LastMsgTime', 'NextMsgSeq', 'MemberNum', 'MaxMemberNum', 'ApplyJoinOption',
        'MuteAllMember', 'MemberList', 'ErrorCode', 'ErrorInfo']) {
        assert.ok(key in info, `GroupInfo has ${key}: ${show(info)}`);
      }
      assert.equal(info.GroupId, groupId);
      assert.equal(info.Type, 'Public');
      assert.equal(info.Name, 'TestGroup');
      assert.equal(info.Introduction, 'This is group Introduction');
      assert.equal(info.Notification, 'This is group Notification');
      assert.equal(info.FaceUrl, 'http://this.is.face.url');
      assert.equal(info.Owner_Account, owner);
      assert.equal(info.MaxMemberNum, 500);
      assert.equal(info.ApplyJoinOption, 'FreeAccess');
      assert.equal(info.MuteAllMember, 'Off');
      assert.equal(info.MemberNum, 3);
      assert.equal(info.NextMsgSeq, 1, 'creating a group stores no message');
      assert.ok(info.CreateTime >= before - 1 && info.CreateTime <= nowSecs() + 1, show(info));
      const roles = Object.fromEntries(info.MemberList.map((m) => [m.Member_Account, m.Role]));
      assert.deepEqual(roles, { [owner]: 'Owner', [bob]: 'Admin', [peter]: 'Member' });
      for (const m of info.MemberList) {
        for (const key of ['Member_Account', 'Role', 'JoinTime', 'MsgSeq', 'MsgFlag', 'LastSendMsgTime', 'MuteUntil']) {
          assert.ok(key in m, `a member has ${key}: ${show(m)}`);
        }
        assert.equal(m.MuteUntil, 0);
        assert.equal(m.MsgFlag, 'AcceptAndNotify');
      }
      // Everyone added at creation has the group in their joined list.
      for (const user of [owner, bob, peter]) assert.deepEqual(await api.joinedIDs(user), [groupId]);
    });

    test('custom GroupId: echoed; taken → 10021 (the first group unchanged); @TGS# prefix → 10004; too long / non-ASCII → 10015', async () => {
      const groupId = uniqueID('grp');
      await api.create({ GroupId: groupId, Name: 'first' });
      await api.fails('create_group', { Type: 'Public', Name: 'second', GroupId: groupId }, CODE.ID_TAKEN, 'a taken ID');
      await api.fails('create_group', { Type: 'Work', Name: 'second', GroupId: groupId }, CODE.ID_TAKEN, 'a taken ID, other type');
      const info = await api.info(groupId);
      assert.equal(info.Name, 'first');
      assert.equal(info.Type, 'Public');

      const tgs = `@TGS#${uniqueID('x')}`;
      await api.fails('create_group', { Type: 'Public', Name: 'n', GroupId: tgs }, CODE.PARAM, 'an @TGS# custom ID');
      assert.equal(await api.infoCode(tgs), CODE.NOT_FOUND, 'the refused ID was not created');
      await api.fails('create_group', { Type: 'Public', Name: 'n', GroupId: 'x'.repeat(49) }, CODE.BAD_GROUP_ID, '49 bytes');
      await api.fails('create_group', { Type: 'Public', Name: 'n', GroupId: 'grp_名字' }, CODE.BAD_GROUP_ID, 'non-ASCII');
      const longest = `g${uniqueID('x')}`.padEnd(48, 'x');
      assert.equal(await api.create({ GroupId: longest }), longest, 'a 48-byte printable ID is accepted');
    });

    test('Community: a custom ID must start with @TGS#_ (else 10004); generated ones are @TGS#_@TGS#…', async () => {
      await api.fails('create_group', { Type: 'Community', Name: 'club', GroupId: uniqueID('club') }, CODE.PARAM, 'no @TGS#_');
      await api.fails('create_group', { Type: 'Community', Name: 'club', GroupId: `@TGS#_@TGS#${randomU32()}` }, CODE.PARAM,
        'the generated Community form as a custom ID');
      const custom = `@TGS#_${uniqueID('fans')}`;
      assert.equal(await api.create({ Type: 'Community', GroupId: custom }), custom);
      assert.equal((await api.info(custom)).Type, 'Community');
      const generated = await api.ok('create_group', { Type: 'Community', Name: 'club' });
      assert.match(generated.GroupId, /^@TGS#_@TGS#/);
    });

    test('Name is required and at most 30 bytes (bytes, not characters); bad Type or long texts → 10004', async () => {
      const base = { Type: 'Public' };
      const refused = [
        [{ ...base, Name: 'a'.repeat(31) }, 'a 31-byte Name'],
        [{ ...base, Name: '群'.repeat(11) }, '11 CJK characters = 33 bytes'],
        [{ Type: 'Public' }, 'no Name'],
        [{ ...base, Name: '' }, 'an empty Name'],
        [{ Name: 'n' }, 'no Type'],
        [{ Type: 'Club', Name: 'n' }, 'an unknown Type'],
        [{ ...base, Name: 'n', Introduction: 'i'.repeat(241) }, 'Introduction 241 bytes'],
        [{ ...base, Name: 'n', Notification: 'i'.repeat(301) }, 'Notification 301 bytes'],
        [{ ...base, Name: 'n', FaceUrl: 'i'.repeat(101) }, 'FaceUrl 101 bytes'],
        [{ ...base, Name: 'n', ApplyJoinOption: 'Anyone' }, 'a bad ApplyJoinOption'],
      ];
      for (const [fields, what] of refused) {
        const groupId = uniqueID('bad');
        await api.fails('create_group', { ...fields, GroupId: groupId }, CODE.PARAM, what);
        assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND, `${what}: nothing was created`);
      }
      const id30 = await api.create({ Name: '群'.repeat(10) });
      assert.equal((await api.info(id30)).Name, '群'.repeat(10), '10 CJK characters = 30 bytes is accepted');
      const a30 = await api.create({ Name: 'a'.repeat(30) });
      assert.equal((await api.info(a30)).Name, 'a'.repeat(30));
    });

    test('both type names are accepted; answers use Private and ChatRoom as Tencent does', async () => {
      const work = await api.create({ Type: 'Private' });
      assert.equal((await api.info(work)).Type, 'Private');
      assert.equal((await api.info(work)).ApplyJoinOption, 'DisableApply');
      const meeting = await api.create({ Type: 'ChatRoom' });
      assert.equal((await api.info(meeting)).Type, 'ChatRoom');
    });

    test('an AVChatRoom with a MemberList → 10007 and nothing is created', {
    }, async () => {
      const groupId = uniqueID('av');
      const r = await api.call('create_group', {
        Type: 'AVChatRoom', Name: 'live', GroupId: groupId, MemberList: [{ Member_Account: uniqueID('m') }],
      });
      assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND, 'nothing was created');
      assertFail(r, CODE.NO_PERMISSION, 'AVChatRoom with MemberList');
    });
  });

  describe('get_group_info', () => {
    test('one entry per requested group, in order: per-group ErrorCode 10010 / 10015 while the call is OK', async () => {
      const a = await api.create({ Name: 'a' });
      const b = await api.create({ Name: 'b', Type: 'Meeting' });
      const unknown = uniqueID('nope');
      const r = await api.ok('get_group_info', { GroupIdList: [a, unknown, b, 'grp_é'] });
      assertKeys(r, ['GroupInfo'], 'get_group_info');
      assert.deepEqual(r.GroupInfo.map((g) => g.GroupId), [a, unknown, b, 'grp_é']);
      assert.deepEqual(r.GroupInfo.map((g) => g.ErrorCode), [0, CODE.NOT_FOUND, 0, CODE.BAD_GROUP_ID]);
      assert.equal(r.GroupInfo[0].ErrorInfo, '');
      assert.ok(r.GroupInfo[1].ErrorInfo.length > 0);
      assert.equal(r.GroupInfo[0].Name, 'a');
      assert.equal(r.GroupInfo[2].Type, 'ChatRoom');
    });

    test('GroupIdList of 50 is answered; 51 or none → 10004', async () => {
      const existing = await api.create();
      const fifty = [existing, ...newIDs('nope', 49)];
      const r = await api.ok('get_group_info', { GroupIdList: fifty });
      assert.equal(r.GroupInfo.length, 50);
      assert.equal(r.GroupInfo[0].ErrorCode, 0);
      assert.ok(r.GroupInfo.slice(1).every((g) => g.ErrorCode === CODE.NOT_FOUND), show(r));
      await api.fails('get_group_info', { GroupIdList: [...fifty, existing] }, CODE.PARAM, '51 groups');
      await api.fails('get_group_info', { GroupIdList: [] }, CODE.PARAM, 'no groups');
      await api.fails('get_group_info', {}, CODE.PARAM, 'no GroupIdList');
    });

    test('ResponseFilter.GroupBaseInfoFilter limits the base fields returned', {
    }, async () => {
      const groupId = await api.create({ Name: 'filtered', Introduction: 'intro' });
      const r = await api.ok('get_group_info', {
        GroupIdList: [groupId],
        ResponseFilter: { GroupBaseInfoFilter: ['Name'], MemberInfoFilter: ['Role'] },
      });
      const g = r.GroupInfo[0];
      assert.equal(g.Name, 'filtered');
      assert.ok(!('Introduction' in g), `Introduction was not asked for: ${show(g)}`);
    });
  });

  describe('get_group_member_info', () => {
    test('MemberNum is the total; Limit and Offset page through every member exactly once', async () => {
      const [owner, ...others] = newIDs('mem', 5);
      const groupId = await api.create({ Owner_Account: owner, MemberList: others.map((Member_Account) => ({ Member_Account })) });
      const all = await api.ok('get_group_member_info', { GroupId: groupId });
      assertKeys(all, ['MemberNum', 'MemberList'], 'get_group_member_info');
      assert.equal(all.MemberNum, 5);
      assert.deepEqual(all.MemberList.map((m) => m.Member_Account).sort(), [owner, ...others].sort());
      const seen = [];
      for (const offset of [0, 2, 4]) {
        const page = await api.ok('get_group_member_info', { GroupId: groupId, Limit: 2, Offset: offset });
        assert.equal(page.MemberNum, 5, 'MemberNum is the total regardless of Limit/Offset');
        assert.equal(page.MemberList.length, offset === 4 ? 1 : 2);
        seen.push(...page.MemberList.map((m) => m.Member_Account));
      }
      assert.deepEqual(seen.sort(), [owner, ...others].sort());
    });
  });

  describe('modify_group_base_info', () => {
    test('changes every base field and setting; the reply is the envelope; InfoSeq and LastInfoTime move', async () => {
      const [owner, member] = newIDs('mod', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: member }] });
      const before = await api.info(groupId);
      const r = await api.ok('modify_group_base_info', {
        GroupId: groupId,
        Name: 'NewName',
        Introduction: 'NewIntroduction',
        Notification: 'NewNotification',
        FaceUrl: 'http://this.is.new.face.url',
        MaxMemberNum: 500,
        ApplyJoinOption: 'FreeAccess',
        MuteAllMember: 'On',
      });
      assertKeys(r, [], 'modify_group_base_info');
      const info = await api.info(groupId);
      assert.equal(info.Name, 'NewName');
      assert.equal(info.Introduction, 'NewIntroduction');
      assert.equal(info.Notification, 'NewNotification');
      assert.equal(info.FaceUrl, 'http://this.is.new.face.url');
      assert.equal(info.MaxMemberNum, 500);
      assert.equal(info.ApplyJoinOption, 'FreeAccess');
      assert.equal(info.MuteAllMember, 'On');
      assert.equal(info.InfoSeq, before.InfoSeq + 1);
      assertNow(info.LastInfoTime, 'LastInfoTime');
      await api.ok('modify_group_base_info', { GroupId: groupId, MuteAllMember: 'Off' });
      assert.equal((await api.info(groupId)).MuteAllMember, 'Off');
    });

    test('a refused change (Name over 30 bytes, MaxMemberNum below MemberNum, nothing to change) changes nothing', async () => {
      const [owner, a, b] = newIDs('mod', 3);
      const groupId = await api.create({
        Owner_Account: owner, Name: 'keep', Introduction: 'old', MemberList: [{ Member_Account: a }, { Member_Account: b }],
      });
      const before = await api.info(groupId);
      await api.fails('modify_group_base_info', { GroupId: groupId, Introduction: 'new', Name: 'n'.repeat(31) }, CODE.PARAM,
        'Name 31 bytes');
      await api.fails('modify_group_base_info', { GroupId: groupId, Name: '' }, CODE.PARAM, 'an empty Name');
      await api.fails('modify_group_base_info', { GroupId: groupId, Introduction: 'new', MaxMemberNum: 2 }, CODE.PARAM,
        'MaxMemberNum 2 with 3 members');
      await api.fails('modify_group_base_info', { GroupId: groupId, MuteAllMember: 'Maybe' }, CODE.PARAM, 'MuteAllMember Maybe');
      await api.fails('modify_group_base_info', { GroupId: groupId }, CODE.PARAM, 'nothing to change');
      assert.deepEqual(await api.info(groupId), before, 'the profile is unchanged');
    });
  });

  describe('add_group_member', () => {
    test('Result 1 for a new member, 2 for one already in the group; MemberNum and joined lists follow', async () => {
      const [owner, tommy, jared] = newIDs('add', 3);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: jared }] });
      const r = await api.ok('add_group_member', {
        GroupId: groupId, MemberList: [{ Member_Account: tommy }, { Member_Account: jared }],
      });
      assertKeys(r, ['MemberList'], 'add_group_member');
      assert.deepEqual(r.MemberList, [{ Member_Account: tommy, Result: 1 }, { Member_Account: jared, Result: 2 }]);
      assert.deepEqual(await api.memberIDs(groupId), [owner, tommy, jared].sort());
      assert.deepEqual((await api.roles(groupId, [tommy]))[tommy], 'Member');
      assert.deepEqual(await api.joinedIDs(tommy), [groupId]);
    });

    test('100 members in one call are added; 101 → 10004 and nobody is added', async () => {
      const groupId = await api.create();
      const hundredOne = newIDs('bulk', 101);
      await api.fails('add_group_member', {
        GroupId: groupId, MemberList: hundredOne.map((Member_Account) => ({ Member_Account })),
      }, CODE.PARAM, '101 members');
      assert.equal((await api.info(groupId)).MemberNum, 0, 'the refused call added nobody');
      const r = await api.ok('add_group_member', {
        GroupId: groupId, Silence: 1, MemberList: hundredOne.slice(0, 100).map((Member_Account) => ({ Member_Account })),
      });
      assert.equal(r.MemberList.length, 100);
      assert.ok(r.MemberList.every((m) => m.Result === 1), show(r));
      assert.equal((await api.info(groupId)).MemberNum, 100);
    });

    test('an AVChatRoom → 10007 (members join it themselves)', async () => {
      const owner = uniqueID('avo');
      const groupId = await api.create({ Type: 'AVChatRoom', Owner_Account: owner });
      await api.fails('add_group_member', { GroupId: groupId, MemberList: [{ Member_Account: uniqueID('m') }] },
        CODE.NO_PERMISSION, 'add to an AVChatRoom');
      assert.equal((await api.info(groupId)).MemberNum, 1);
    });

    test('more members than the group has room for → 10014 and nobody is added', {
    }, async () => {
      const [owner, a, b, c] = newIDs('full', 4);
      const groupId = await api.create({ Owner_Account: owner, MaxMemberCount: 3, MemberList: [{ Member_Account: a }] });
      const seq = await api.nextSeq(groupId);
      await api.fails('add_group_member', { GroupId: groupId, MemberList: [{ Member_Account: b }, { Member_Account: c }] },
        CODE.FULL, 'two more into a group with one free place');
      assert.deepEqual(await api.memberIDs(groupId), [owner, a].sort(), 'the refused call added nobody');
      assert.equal(await api.nextSeq(groupId), seq);
      assert.deepEqual(await api.joinedIDs(b), []);
    });
  });

  describe('delete_group_member', () => {
    test('removes the members; the reply is the envelope; their joined lists drop the group', async () => {
      const [owner, tommy, jared, peter] = newIDs('del', 4);
      const groupId = await api.create({
        Owner_Account: owner, MemberList: [tommy, jared, peter].map((Member_Account) => ({ Member_Account })),
      });
      const r = await api.ok('delete_group_member', { GroupId: groupId, MemberToDel_Account: [tommy, jared], Reason: 'kick reason' });
      assertKeys(r, [], 'delete_group_member');
      assert.deepEqual(await api.memberIDs(groupId), [owner, peter].sort());
      assert.deepEqual(await api.roles(groupId, [tommy, jared]), { [tommy]: 'NotMember', [jared]: 'NotMember' });
      assert.deepEqual(await api.joinedIDs(tommy), []);
      assert.deepEqual(await api.joinedIDs(peter), [groupId]);
    });

    test('kicking the owner → 10007 and nobody of the list is removed', async () => {
      const [owner, a, b] = newIDs('del', 3);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }, { Member_Account: b }] });
      const seq = await api.nextSeq(groupId);
      await api.fails('delete_group_member', { GroupId: groupId, MemberToDel_Account: [a, owner] }, CODE.NO_PERMISSION,
        'kick the owner');
      assert.deepEqual(await api.memberIDs(groupId), [owner, a, b].sort(), 'the member list is unchanged');
      assert.equal(await api.nextSeq(groupId), seq, 'no kick tip was stored');
      assert.deepEqual(await api.joinedIDs(a), [groupId]);
    });

    test('500 accounts are accepted; 501 → 10004 and nobody is removed', async () => {
      const [owner, a] = newIDs('del', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      await api.fails('delete_group_member', { GroupId: groupId, MemberToDel_Account: [a, ...newIDs('x', 500)] },
        CODE.PARAM, '501 accounts');
      assert.deepEqual(await api.memberIDs(groupId), [owner, a].sort());
      await api.fails('delete_group_member', { GroupId: groupId, MemberToDel_Account: [] }, CODE.PARAM, 'no accounts');
    });

    test('an account that is not in the group: the call still succeeds', {
    }, async () => {
      const [owner, a, stranger] = newIDs('del', 3);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      const r = await api.call('delete_group_member', { GroupId: groupId, MemberToDel_Account: [a, stranger] });
      assertOk(r, 'delete a member and a non-member');
      assert.deepEqual(await api.memberIDs(groupId), [owner]);
    });

    test('an AVChatRoom → 10004 (use forbid_send_msg instead) and the member stays', {
    }, async () => {
      const [owner, viewer] = newIDs('avd', 2);
      const groupId = await api.create({ Type: 'AVChatRoom', Owner_Account: owner });
      await joinItself(viewer, groupId);
      const r = await api.call('delete_group_member', { GroupId: groupId, MemberToDel_Account: [viewer] });
      assert.deepEqual(await api.memberIDs(groupId), [owner, viewer].sort(), 'the viewer is still in the room');
      assertFail(r, CODE.PARAM, 'kick in an AVChatRoom');
    });
  });

  describe('modify_group_member_info', () => {
    test('Role, NameCard, MsgFlag and MuteTime change; the reply is the envelope', async () => {
      const [owner, bob] = newIDs('mmi', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: bob }] });
      const r = await api.ok('modify_group_member_info', { GroupId: groupId, Member_Account: bob, Role: 'Admin' });
      assertKeys(r, [], 'modify_group_member_info');
      assert.equal((await api.roles(groupId, [bob]))[bob], 'Admin');
      await api.ok('modify_group_member_info', { GroupId: groupId, Member_Account: bob, Role: 'Member' });
      assert.equal((await api.roles(groupId, [bob]))[bob], 'Member');
      await api.ok('modify_group_member_info', { GroupId: groupId, Member_Account: bob, NameCard: 'bobby', MsgFlag: 'AcceptNotNotify' });
      let m = (await api.members(groupId))[bob];
      assert.equal(m.NameCard, 'bobby');
      assert.equal(m.MsgFlag, 'AcceptNotNotify');
      await api.ok('modify_group_member_info', { GroupId: groupId, Member_Account: bob, MuteTime: 86400 });
      m = (await api.members(groupId))[bob];
      assert.ok(Math.abs(m.MuteUntil - (nowSecs() + 86400)) <= 5, `MuteUntil is now + 86400: ${show(m)}`);
      await api.ok('modify_group_member_info', { GroupId: groupId, Member_Account: bob, MuteTime: 0 });
      assert.equal((await api.members(groupId))[bob].MuteUntil, 0);
    });

    test('a non-member → 10007; Role Owner, a bad MsgFlag or a NameCard over 50 bytes → 10004; nothing changes', async () => {
      const [owner, bob] = newIDs('mmi', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: bob }] });
      const before = await api.members(groupId);
      await api.fails('modify_group_member_info', { GroupId: groupId, Member_Account: uniqueID('x'), NameCard: 'x' },
        CODE.NO_PERMISSION, 'a non-member');
      await api.fails('modify_group_member_info', { GroupId: groupId, Member_Account: bob, Role: 'Owner' }, CODE.PARAM, 'Role Owner');
      await api.fails('modify_group_member_info', { GroupId: groupId, Member_Account: bob, MsgFlag: 'Loud' }, CODE.PARAM, 'MsgFlag');
      await api.fails('modify_group_member_info', { GroupId: groupId, Member_Account: bob, NameCard: 'n'.repeat(51) }, CODE.PARAM,
        'NameCard 51 bytes');
      assert.deepEqual(await api.members(groupId), before);
    });
  });

  describe('destroy_group', () => {
    test('the reply is the envelope; afterwards the group answers 10010 everywhere and leaves the joined lists', async () => {
      const [owner, a] = newIDs('dst', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      await api.sendOk(groupId);
      const r = await api.ok('destroy_group', { GroupId: groupId });
      assertKeys(r, [], 'destroy_group');
      assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND);
      await api.fails('send_group_msg', { GroupId: groupId, Random: randomU32(), MsgBody: textBody('x') }, CODE.NOT_FOUND, 'send');
      await api.fails('get_group_member_info', { GroupId: groupId }, CODE.NOT_FOUND, 'members');
      await api.fails('destroy_group', { GroupId: groupId }, CODE.NOT_FOUND, 'destroy again');
      assert.deepEqual(await api.joinedIDs(owner), []);
      assert.deepEqual(await api.joinedIDs(a), []);
    });

    test('the app admin destroys a Work group', async () => {
      const [owner, a] = newIDs('dst', 2);
      const groupId = await api.create({ Type: 'Work', Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      await api.ok('destroy_group', { GroupId: groupId });
      assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND);
    });
  });

  describe('get_joined_group_list', () => {
    test('TotalCount, GroupType filter, WithHugeGroups for AVChatRoom, Limit/Offset paging', async () => {
      const user = uniqueID('jgl');
      const pub = await api.create({ MemberList: [{ Member_Account: user }] });
      const meeting = await api.create({ Type: 'Meeting', MemberList: [{ Member_Account: user }] });
      const work = await api.create({ Type: 'Work', Owner_Account: uniqueID('wo'), MemberList: [{ Member_Account: user }] });
      await api.sendOk(work, {}, 'the first message activates the Work group');
      const av = await api.create({ Type: 'AVChatRoom', Owner_Account: user });

      const all = await api.joined(user);
      assertKeys(all, ['TotalCount', 'GroupIdList'], 'get_joined_group_list');
      assert.equal(all.TotalCount, 3, `AVChatRooms are left out without WithHugeGroups: ${show(all)}`);
      assert.deepEqual(all.GroupIdList.map((g) => g.GroupId).sort(), [pub, meeting, work].sort());
      assert.ok(all.GroupIdList.every((g) => typeof g.GroupId === 'string'));

      const huge = await api.joined(user, { WithHugeGroups: 1 });
      assert.equal(huge.TotalCount, 4);
      assert.deepEqual(huge.GroupIdList.map((g) => g.GroupId).sort(), [pub, meeting, work, av].sort());

      assert.deepEqual(await api.joinedIDs(user, { GroupType: 'Public' }), [pub]);
      assert.deepEqual(await api.joinedIDs(user, { GroupType: 'Private' }), [work], 'the old name of Work');
      assert.deepEqual(await api.joinedIDs(user, { GroupType: 'ChatRoom' }), [meeting], 'the old name of Meeting');
      assert.deepEqual(await api.joinedIDs(user, { GroupType: 'AVChatRoom' }), [av]);
      assert.equal((await api.joined(user, { GroupType: 'Public' })).TotalCount, 1);

      const pages = [];
      for (const Offset of [0, 2]) {
        const page = await api.joined(user, { Limit: 2, Offset });
        assert.equal(page.TotalCount, 3, 'TotalCount ignores Limit and Offset');
        pages.push(...page.GroupIdList.map((g) => g.GroupId));
      }
      assert.deepEqual(pages.sort(), [pub, meeting, work].sort(), 'the pages hold every group once');

      const nobody = await api.joined(uniqueID('none'));
      assert.equal(nobody.TotalCount, 0);
      assert.deepEqual(nobody.GroupIdList, []);
      await api.fails('get_joined_group_list', {}, CODE.PARAM, 'no Member_Account');
      await api.fails('get_joined_group_list', { Member_Account: user, GroupType: 'Club' }, CODE.PARAM, 'a bad GroupType');
    });

    test('a Work group not yet activated is listed only with WithNoActiveGroups', {
    }, async () => {
      const user = uniqueID('jgl');
      const work = await api.create({ Type: 'Work', Owner_Account: uniqueID('wo'), MemberList: [{ Member_Account: user }] });
      assert.deepEqual(await api.joinedIDs(user, { WithNoActiveGroups: 1 }), [work]);
      assert.deepEqual(await api.joinedIDs(user), [], 'not activated: left out by default');
    });
  });

  describe('get_role_in_group', () => {
    test('Owner, Admin, Member and NotMember, in request order', async () => {
      const [owner, admin, member, stranger] = newIDs('role', 4);
      const groupId = await api.create({
        Owner_Account: owner, MemberList: [{ Member_Account: admin, Role: 'Admin' }, { Member_Account: member }],
      });
      const r = await api.ok('get_role_in_group', { GroupId: groupId, User_Account: [stranger, member, owner, admin] });
      assertKeys(r, ['UserIdList'], 'get_role_in_group');
      assert.deepEqual(r.UserIdList, [
        { Member_Account: stranger, Role: 'NotMember' },
        { Member_Account: member, Role: 'Member' },
        { Member_Account: owner, Role: 'Owner' },
        { Member_Account: admin, Role: 'Admin' },
      ]);
    });

    test('500 accounts are answered; 501 or none → 10004', async () => {
      const groupId = await api.create();
      const five = newIDs('x', 501);
      const r = await api.ok('get_role_in_group', { GroupId: groupId, User_Account: five.slice(0, 500) });
      assert.equal(r.UserIdList.length, 500);
      assert.ok(r.UserIdList.every((u) => u.Role === 'NotMember'));
      await api.fails('get_role_in_group', { GroupId: groupId, User_Account: five }, CODE.PARAM, '501 accounts');
      await api.fails('get_role_in_group', { GroupId: groupId, User_Account: [] }, CODE.PARAM, 'no accounts');
    });

    test('an AVChatRoom → 10007', {
    }, async () => {
      const owner = uniqueID('avr');
      const groupId = await api.create({ Type: 'AVChatRoom', Owner_Account: owner });
      await api.fails('get_role_in_group', { GroupId: groupId, User_Account: [owner] }, CODE.NO_PERMISSION, 'AVChatRoom');
    });
  });

  describe('forbid_send_msg and get_group_muted_account', () => {
    test('mute for MuteTime seconds, listed with MutedUntil; MuteTime 0 lifts it; the old ShutUpTime works too', async () => {
      const [owner, peter, tommy, quiet] = newIDs('mute', 4);
      const groupId = await api.create({
        Owner_Account: owner, MemberList: [peter, tommy, quiet].map((Member_Account) => ({ Member_Account })),
      });
      const empty = await api.ok('get_group_muted_account', { GroupId: groupId });
      assertKeys(empty, ['GroupId', 'MutedAccountList'], 'get_group_muted_account');
      assert.equal(empty.GroupId, groupId);
      assert.deepEqual(empty.MutedAccountList, []);

      const r = await api.ok('forbid_send_msg', { GroupId: groupId, Members_Account: [peter, tommy], MuteTime: 600 });
      assertKeys(r, [], 'forbid_send_msg');
      const muted = await api.ok('get_group_muted_account', { GroupId: groupId });
      assert.deepEqual(muted.MutedAccountList.map((m) => m.Member_Account).sort(), [peter, tommy].sort());
      for (const m of muted.MutedAccountList) {
        assert.ok(Math.abs(m.MutedUntil - (nowSecs() + 600)) <= 5, `MutedUntil is now + 600: ${show(m)}`);
      }
      assert.equal((await api.members(groupId))[peter].MuteUntil, muted.MutedAccountList[0].MutedUntil);

      await api.ok('forbid_send_msg', { GroupId: groupId, Members_Account: [peter], MuteTime: 0 });
      const after = await api.ok('get_group_muted_account', { GroupId: groupId });
      assert.deepEqual(after.MutedAccountList.map((m) => m.Member_Account), [tommy]);
      assert.equal((await api.members(groupId))[peter].MuteUntil, 0);

      await api.ok('forbid_send_msg', { GroupId: groupId, Members_Account: [quiet], ShutUpTime: 60 });
      const both = await api.ok('get_group_muted_account', { GroupId: groupId });
      assert.deepEqual(both.MutedAccountList.map((m) => m.Member_Account).sort(), [tommy, quiet].sort());
    });

    test('a Work group → 10007; 501 accounts → 10004; a non-member in the list → 10007 and nobody is muted', async () => {
      const [owner, a, b] = newIDs('mute', 3);
      const work = await api.create({ Type: 'Work', Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      await api.fails('forbid_send_msg', { GroupId: work, Members_Account: [a], MuteTime: 60 }, CODE.NO_PERMISSION, 'Work');
      assert.equal((await api.members(work))[a].MuteUntil, 0);

      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }, { Member_Account: b }] });
      await api.fails('forbid_send_msg', { GroupId: groupId, Members_Account: [a, ...newIDs('x', 500)], MuteTime: 60 },
        CODE.PARAM, '501 accounts');
      await api.fails('forbid_send_msg', { GroupId: groupId, Members_Account: [a, uniqueID('x')], MuteTime: 60 },
        CODE.NO_PERMISSION, 'a non-member');
      await api.fails('forbid_send_msg', { GroupId: groupId, Members_Account: [a] }, CODE.PARAM, 'no MuteTime');
      const muted = await api.ok('get_group_muted_account', { GroupId: groupId });
      assert.deepEqual(muted.MutedAccountList, [], 'the refused calls muted nobody');
    });
  });

  describe('send_group_msg', () => {
    test('the reply is the envelope plus MsgTime and MsgSeq; the message is stored as sent', async () => {
      const [owner, leckie] = newIDs('snd', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: leckie }] });
      const random = randomU32();
      const r = await api.sendOk(groupId, {
        From_Account: leckie,
        Random: random,
        MsgPriority: 'High',
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }, { MsgType: 'TIMFaceElem', MsgContent: { Index: 6, Data: 'abc' } }],
        CloudCustomData: 'your cloud custom data',
      });
      assertKeys(r, ['MsgTime', 'MsgSeq'], 'send_group_msg');
      assertNow(r.MsgTime, 'MsgTime');
      assert.equal(r.MsgSeq, 1, 'the first message of a new group has MsgSeq 1');
      const h = await api.history(groupId, 1);
      const m = h.RspMsgList[0];
      assert.equal(m.MsgSeq, 1);
      assert.equal(m.From_Account, leckie);
      assert.equal(m.MsgRandom, random);
      assert.equal(m.MsgTimeStamp, r.MsgTime);
      assert.equal(m.IsPlaceMsg, 0);
      assert.equal(m.CloudCustomData, 'your cloud custom data');
      assert.deepEqual(m.MsgBody, [
        { MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }, { MsgType: 'TIMFaceElem', MsgContent: { Index: 6, Data: 'abc' } },
      ]);
      const info = await api.info(groupId);
      assert.equal(info.NextMsgSeq, 2);
      assert.equal(info.LastMsgTime, r.MsgTime);
      // Without From_Account the sender is the app admin, who need not be a member.
      const admin = await api.sendOk(groupId, { MsgBody: textBody('from the admin') });
      assert.equal(admin.MsgSeq, 2);
      assert.equal((await api.history(groupId, 1)).RspMsgList[0].From_Account, 'administrator');
    });

    test('SEQ rises by exactly 1 per stored message, join and kick tips included; Silence 1 stores no tip', async () => {
      const [owner, a, b, c] = newIDs('seq', 4);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      assert.equal(await api.nextSeq(groupId), 1);
      const seqs = [];
      const send = async () => seqs.push((await api.sendOk(groupId, { From_Account: a })).MsgSeq);
      await send(); // 1
      await api.ok('add_group_member', { GroupId: groupId, MemberList: [{ Member_Account: b }] }); // join tip: 2
      await send(); // 3
      await api.ok('add_group_member', { GroupId: groupId, Silence: 1, MemberList: [{ Member_Account: c }] }); // no tip
      await send(); // 4
      await api.ok('delete_group_member', { GroupId: groupId, MemberToDel_Account: [b] }); // kick tip: 5
      await send(); // 6
      await api.ok('delete_group_member', { GroupId: groupId, Silence: 1, MemberToDel_Account: [c] }); // no tip
      await send(); // 7
      assert.deepEqual(seqs, [1, 3, 4, 6, 7]);
      assert.equal(await api.nextSeq(groupId), 8);
      const h = await api.history(groupId, 20);
      assert.deepEqual(h.RspMsgList.map((m) => m.MsgSeq), [7, 6, 5, 4, 3, 2, 1], 'no gaps, newest first');
      assert.deepEqual(h.RspMsgList.filter((m) => m.IsSystemMsg === 1).map((m) => m.MsgSeq), [5, 2], 'the tips');
      assert.ok(h.RspMsgList.every((m) => m.IsPlaceMsg === 0));
    });

    test('an AVChatRoom message takes no stored SEQ (MsgSeq 0, NextMsgSeq unchanged, no history)', async () => {
      const owner = uniqueID('avs');
      const groupId = await api.create({ Type: 'AVChatRoom', Owner_Account: owner });
      for (let i = 0; i < 2; i += 1) {
        const r = await api.sendOk(groupId, { From_Account: owner });
        assert.equal(r.MsgSeq, 0, show(r));
        assertNow(r.MsgTime, 'MsgTime');
      }
      assert.equal(await api.nextSeq(groupId), 1);
      await api.fails('group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: 5 }, CODE.NO_PERMISSION, 'AVChatRoom history');
    });

    test('dedupe: the same From_Account and Random within 5 minutes answers the first MsgSeq and stores nothing', async () => {
      const [owner, a, b] = newIDs('dup', 3);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }, { Member_Account: b }] });
      const random = randomU32();
      const first = await api.sendOk(groupId, { From_Account: a, Random: random, MsgBody: textBody('first') });
      const again = await api.sendOk(groupId, { From_Account: a, Random: random, MsgBody: textBody('second') });
      assert.equal(again.MsgSeq, first.MsgSeq);
      assert.equal(again.MsgTime, first.MsgTime);
      assert.equal(await api.nextSeq(groupId), first.MsgSeq + 1, 'nothing new was stored');
      const other = await api.sendOk(groupId, { From_Account: b, Random: random, MsgBody: textBody('b') });
      assert.equal(other.MsgSeq, first.MsgSeq + 1, 'another sender with the same Random is a new message');
      const adminRandom = randomU32();
      const x = await api.sendOk(groupId, { Random: adminRandom, MsgBody: textBody('admin once') });
      const y = await api.sendOk(groupId, { Random: adminRandom, MsgBody: textBody('admin twice') });
      assert.equal(y.MsgSeq, x.MsgSeq, 'the admin without From_Account is deduped too');
      const h = await api.history(groupId, 20);
      assert.deepEqual(h.RspMsgList.map(textOf), ['admin once', 'b', 'first']);
    });

    test('a From_Account that is not a member is delivered all the same (the seed)', {
    }, async () => {
      const owner = uniqueID('nm');
      const groupId = await api.create({ Owner_Account: owner });
      const stranger = uniqueID('stranger');
      assertOk(await rest(url, 'im_open_login_svc/account_import', { UserID: stranger }));
      const r = await api.send(groupId, { From_Account: stranger, MsgBody: textBody('not a member') });
      assertOk(r, 'a non-member From_Account');
      assert.equal(await api.nextSeq(groupId), 2, 'stored with SEQ 1');
    });

    test('a muted member as From_Account → 10017 and nothing is stored', {
    }, async () => {
      const [owner, peter] = newIDs('mut', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: peter }] });
      await api.ok('forbid_send_msg', { GroupId: groupId, Members_Account: [peter], MuteTime: 600 });
      const seq = await api.nextSeq(groupId);
      const r = await api.send(groupId, { From_Account: peter, MsgBody: textBody('muted?') });
      assert.equal(await api.nextSeq(groupId), seq, 'nothing was stored');
      assertFail(r, CODE.MUTED, 'a muted From_Account');
    });

    test('with MuteAllMember On a plain member as From_Account → 10017', {
    }, async () => {
      const [owner, peter] = newIDs('mut', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: peter }] });
      await api.ok('modify_group_base_info', { GroupId: groupId, MuteAllMember: 'On' });
      const seq = await api.nextSeq(groupId);
      const r = await api.send(groupId, { From_Account: peter });
      assert.equal(await api.nextSeq(groupId), seq, 'nothing was stored');
      assertFail(r, CODE.MUTED, 'mute all');
    });

    test('OnlineOnlyFlag 1: answered OK, not stored (MsgSeq 0, NextMsgSeq unchanged)', async () => {
      const groupId = await api.create();
      await api.sendOk(groupId);
      const r = await api.sendOk(groupId, { OnlineOnlyFlag: 1, MsgBody: textBody('live only') });
      assert.equal(r.MsgSeq, 0, show(r));
      assert.equal(await api.nextSeq(groupId), 2);
      assert.deepEqual((await api.history(groupId, 20)).RspMsgList.map(textOf), ['hello']);
    });

    test('a missing Random or MsgBody, or a bad MsgPriority → 10004 and nothing is stored', async () => {
      const groupId = await api.create();
      await api.fails('send_group_msg', { GroupId: groupId, MsgBody: textBody('x') }, CODE.PARAM, 'no Random');
      await api.fails('send_group_msg', { GroupId: groupId, Random: randomU32() }, CODE.PARAM, 'no MsgBody');
      await api.fails('send_group_msg', { GroupId: groupId, Random: randomU32(), MsgBody: textBody('x'), MsgPriority: 'Urgent' },
        CODE.PARAM, 'a bad MsgPriority');
      assert.equal(await api.nextSeq(groupId), 1);
    });
  });

  describe('send_group_system_notification', () => {
    test('to all or some members: the reply is the envelope and no SEQ is taken; empty Content → 10004', async () => {
      const [owner, peter, leckie] = newIDs('sys', 3);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: peter }, { Member_Account: leckie }] });
      const socket = await online(peter);
      const r = await api.ok('send_group_system_notification', { GroupId: groupId, Content: 'Hello World' });
      assertKeys(r, [], 'send_group_system_notification');
      const frame = await socket.next((f) => f.type === 'groupNotice', { what: 'the group notice' });
      assert.equal(frame.notice.GroupId, groupId);
      assert.equal(frame.notice.UserDefinedField, 'Hello World');
      await api.ok('send_group_system_notification', { GroupId: groupId, ToMembers_Account: [peter, leckie], Content: 'to some' });
      assert.equal(await api.nextSeq(groupId), 1, 'system notifications are not stored');
      await api.fails('send_group_system_notification', { GroupId: groupId, Content: '' }, CODE.PARAM, 'empty Content');
      await api.fails('send_group_system_notification', { GroupId: groupId }, CODE.PARAM, 'no Content');
    });
  });

  describe('change_group_owner', () => {
    test('the new owner is Owner, the old one Member; an ownerless group gets an owner', async () => {
      const [owner, peter] = newIDs('own', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: peter }] });
      const r = await api.ok('change_group_owner', { GroupId: groupId, NewOwner_Account: peter });
      assertKeys(r, [], 'change_group_owner');
      assert.deepEqual(await api.roles(groupId, [owner, peter]), { [owner]: 'Member', [peter]: 'Owner' });
      assert.equal((await api.info(groupId)).Owner_Account, peter);

      const member = uniqueID('own');
      const ownerless = await api.create({ MemberList: [{ Member_Account: member }] });
      await api.ok('change_group_owner', { GroupId: ownerless, NewOwner_Account: member });
      assert.equal((await api.info(ownerless)).Owner_Account, member);
    });

    test('a non-member as new owner → 10007; no NewOwner_Account → 10004; the owner is unchanged', async () => {
      const [owner, peter] = newIDs('own', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: peter }] });
      await api.fails('change_group_owner', { GroupId: groupId, NewOwner_Account: uniqueID('x') }, CODE.NO_PERMISSION, 'non-member');
      await api.fails('change_group_owner', { GroupId: groupId }, CODE.PARAM, 'no NewOwner_Account');
      assert.deepEqual(await api.roles(groupId, [owner, peter]), { [owner]: 'Owner', [peter]: 'Member' });
      assert.equal((await api.info(groupId)).Owner_Account, owner);
    });

    test('an AVChatRoom → 10007 and the owner is unchanged', {
    }, async () => {
      const [owner, viewer] = newIDs('avo', 2);
      const groupId = await api.create({ Type: 'AVChatRoom', Owner_Account: owner });
      await joinItself(viewer, groupId);
      const r = await api.call('change_group_owner', { GroupId: groupId, NewOwner_Account: viewer });
      assert.equal((await api.info(groupId)).Owner_Account, owner, 'the owner is unchanged');
      assertFail(r, CODE.NO_PERMISSION, 'transfer an AVChatRoom');
    });
  });

  describe('group_msg_recall', () => {
    test('RetCode per MsgSeq in request order: 0 recalled, 10030 no such message, 10032 already recalled', async () => {
      const [owner, a] = newIDs('rcl', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      const s = [];
      for (const t of ['one', 'two', 'three']) s.push((await api.sendOk(groupId, { From_Account: a, MsgBody: textBody(t) })).MsgSeq);
      const r = await api.ok('group_msg_recall', { GroupId: groupId, MsgSeqList: [{ MsgSeq: s[1] }, { MsgSeq: 100 }] });
      assertKeys(r, ['RecallRetList'], 'group_msg_recall');
      assert.deepEqual(r.RecallRetList, [{ MsgSeq: s[1], RetCode: 0 }, { MsgSeq: 100, RetCode: CODE.RECALL_NOT_FOUND }]);
      const again = await api.ok('group_msg_recall', { GroupId: groupId, MsgSeqList: [{ MsgSeq: s[2] }, { MsgSeq: s[1] }] });
      assert.deepEqual(again.RecallRetList, [{ MsgSeq: s[2], RetCode: 0 }, { MsgSeq: s[1], RetCode: CODE.RECALL_DENY }]);
      const h = await api.history(groupId, 3);
      assert.deepEqual(h.RspMsgList.map((m) => [m.MsgSeq, m.IsPlaceMsg]), [[s[2], 1], [s[1], 1], [s[0], 0]]);
      assert.deepEqual(h.RspMsgList[0].MsgBody, [], 'a recalled message has no body');
      assert.equal(textOf(h.RspMsgList[2]), 'one');
      assert.equal(await api.nextSeq(groupId), s[2] + 1, 'recalling takes no SEQ');
      await api.fails('group_msg_recall', { GroupId: groupId, MsgSeqList: [] }, CODE.PARAM, 'an empty MsgSeqList');
      await api.fails('group_msg_recall', { GroupId: groupId }, CODE.PARAM, 'no MsgSeqList');
    });
  });

  describe('group_msg_get_simple', () => {
    test('newest first; ReqMsgSeq pages back to SEQ 1 without gaps; IsFinished on the last page', async () => {
      const [owner, a] = newIDs('hist', 2);
      const groupId = await api.create({ Owner_Account: owner, MemberList: [{ Member_Account: a }] });
      for (let i = 1; i <= 25; i += 1) await api.sendOk(groupId, { From_Account: a, MsgBody: textBody(`m${i}`) });
      const latest = await api.history(groupId, 2);
      assertKeys(latest, ['GroupId', 'IsFinished', 'RspMsgList'], 'group_msg_get_simple');
      assert.equal(latest.GroupId, groupId);
      assert.deepEqual(latest.RspMsgList.map((m) => m.MsgSeq), [25, 24]);
      for (const m of latest.RspMsgList) {
        for (const key of ['From_Account', 'IsPlaceMsg', 'MsgBody', 'MsgPriority', 'MsgRandom', 'MsgSeq', 'MsgTimeStamp']) {
          assert.ok(key in m, `a message has ${key}: ${show(m)}`);
        }
        assert.equal(m.From_Account, a);
        assert.equal(textOf(m), `m${m.MsgSeq}`);
      }
      // Walk back the way Tencent says: next ReqMsgSeq = the smallest seq returned - 1.
      const seen = [];
      let seq;
      let last;
      for (let pages = 0; pages < 5; pages += 1) {
        last = await api.history(groupId, 20, seq);
        assert.ok(last.RspMsgList.length <= 20);
        seen.push(...last.RspMsgList.map((m) => m.MsgSeq));
        if (last.IsFinished === 1) break;
        seq = last.RspMsgList.at(-1).MsgSeq - 1;
      }
      assert.equal(last.IsFinished, 1);
      assert.deepEqual(seen, Array.from({ length: 25 }, (_, i) => 25 - i));
      const middle = await api.history(groupId, 3, 10);
      assert.deepEqual(middle.RspMsgList.map((m) => m.MsgSeq), [10, 9, 8], 'messages with seq <= ReqMsgSeq');
    });

    test('ReqMsgNumber 20 is allowed; over 20, 0 or missing → 10004', async () => {
      const groupId = await api.create();
      await api.sendOk(groupId);
      const r = await api.history(groupId, 20);
      assert.deepEqual(r.RspMsgList.map((m) => m.MsgSeq), [1]);
      await api.fails('group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: 21 }, CODE.PARAM, 'ReqMsgNumber 21');
      await api.fails('group_msg_get_simple', { GroupId: groupId, ReqMsgNumber: 0 }, CODE.PARAM, 'ReqMsgNumber 0');
      await api.fails('group_msg_get_simple', { GroupId: groupId }, CODE.PARAM, 'no ReqMsgNumber');
    });

    test('a group without messages answers an empty list', async () => {
      const groupId = await api.create();
      const r = await api.history(groupId, 5);
      assert.deepEqual(r.RspMsgList, []);
    });
  });

  describe('errors shared by every one-group command', () => {
    test('an unknown GroupId → 10010 from each command', async () => {
      for (const cmd of ONE_GROUP) {
        await api.fails(cmd, { GroupId: uniqueID('nope') }, CODE.NOT_FOUND, `${cmd} on an unknown group`);
      }
    });

    test('a malformed GroupId (49 bytes, non-ASCII, not a string, missing) → 10015 from each command', async () => {
      for (const cmd of ONE_GROUP) {
        for (const [GroupId, what] of [['g'.repeat(49), '49 bytes'], ['grp_名字', 'non-ASCII'], [42, 'a number']]) {
          await api.fails(cmd, { GroupId }, CODE.BAD_GROUP_ID, `${cmd} with ${what}`);
        }
        await api.fails(cmd, {}, CODE.BAD_GROUP_ID, `${cmd} without GroupId`);
      }
    });

  });
});

describe('REST groups with AUTO_IMPORT=0 (accounts must be imported)', () => {
  const suite = devWorkerSuite({ vars: { AUTO_IMPORT: '0' } });
  let url;
  const api = groupAPI(() => url);

  before(() => {
    url = suite.url;
  });

  async function imported(...ids) {
    for (const UserID of ids) await api.ok(IMPORT, { UserID }, `account_import ${UserID}`);
    return ids;
  }

  test('add_group_member: Result 1 for imported accounts, 0 for one never imported (who is not added)', async () => {
    const [owner, tommy] = await imported(...newIDs('imp', 2));
    const ghost = uniqueID('ghost');
    const groupId = await api.create({ Owner_Account: owner });
    const r = await api.ok('add_group_member', {
      GroupId: groupId, MemberList: [{ Member_Account: tommy }, { Member_Account: ghost }],
    });
    assert.deepEqual(r.MemberList, [{ Member_Account: tommy, Result: 1 }, { Member_Account: ghost, Result: 0 }]);
    assert.deepEqual(await api.memberIDs(groupId), [owner, tommy].sort());
    assert.deepEqual(await api.roles(groupId, [ghost]), { [ghost]: 'NotMember' });
    assert.deepEqual(await api.joinedIDs(tommy), [groupId]);
  });

  test('create_group with a never-imported Owner_Account fails and creates nothing', {
  }, async () => {
    const groupId = uniqueID('grp');
    const r = await api.call('create_group', { Type: 'Public', Name: 'n', GroupId: groupId, Owner_Account: uniqueID('ghost') });
    assert.equal(r.ActionStatus, 'FAIL', show(r));
    assert.ok([CODE.PARAM, CODE.ACCOUNT_NOT_FOUND].includes(r.ErrorCode), `10004 (Tencent's self-check list) or 10019: ${show(r)}`);
    assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND, 'the refused call created no group');
  });

  test('create_group with a never-imported member: a FAIL reply leaves no group behind', {
  }, async () => {
    const [owner] = await imported(uniqueID('imp'));
    const ghost = uniqueID('ghost');
    const groupId = uniqueID('grp');
    const r = await api.call('create_group', {
      Type: 'Public', Name: 'n', GroupId: groupId, Owner_Account: owner, MemberList: [{ Member_Account: ghost }],
    });
    if (r.ActionStatus === 'FAIL') {
      assert.equal(await api.infoCode(groupId), CODE.NOT_FOUND, `the refused call created no group: ${show(r)}`);
    } else {
      assert.deepEqual(await api.memberIDs(groupId), [owner], 'created without the never-imported account');
    }
  });
});
