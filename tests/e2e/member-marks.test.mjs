// Member marks and bans against the real worker: markGroupMemberList by the owner of an
// AVChatRoom, the marked members listed with getGroupMemberList({filter}), Tencent's limits, REST
// `group_open_avchatroom_http_svc/modify_user_info` and `get_members` (by `Mark`); and REST
// `ban_group_member` / `unban_group_member` / `get_group_ban_member` (a banned member is removed,
// told, and kept out until the ban ends or is lifted).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const code = withCode;

test('the owner marks members of a live room; members list them by mark', async () => {
  const [o, a] = [uniqueID('marko'), uniqueID('marka')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const made = await owner.chat.createGroup({ type: Chat.TYPES.GRP_AVCHATROOM, name: 'live' });
    const group = made.data.group.groupID;
    await amy.chat.joinGroup({ groupID: group });
    const nobody = uniqueID('markx');
    const marked = await owner.chat.markGroupMemberList({ groupID: group, markType: 1000, userIDList: [a, nobody], enableMark: true });
    assert.deepEqual(marked.data, { successUserIDList: [a], failureUserIDList: [nobody] });
    const listed = await amy.chat.getGroupMemberList({ groupID: group, filter: 1000 });
    assert.deepEqual(listed.data.memberList.map((m) => [m.userID, m.markList]), [[a, [1000]]]);
    assert.equal(listed.data.offset, 0);

    await assert.rejects(amy.chat.markGroupMemberList({ groupID: group, markType: 1000, userIDList: [o], enableMark: true }), code(10007));
    await assert.rejects(owner.chat.markGroupMemberList({ groupID: group, markType: 999, userIDList: [a], enableMark: true }), code(10004));
    await assert.rejects(owner.chat.markGroupMemberList({ groupID: group, markType: 1001, userIDList: [], enableMark: true }), code(10004));
    for (let m = 1001; m < 1010; m += 1) {
      await owner.chat.markGroupMemberList({ groupID: group, markType: m, userIDList: [o], enableMark: true });
    }
    await assert.rejects(owner.chat.markGroupMemberList({ groupID: group, markType: 1010, userIDList: [o], enableMark: true }), code(10004), 'an 11th mark');
    const still = await owner.chat.getGroupMemberList({ groupID: group, filter: 1000 });
    assert.deepEqual(still.data.memberList.map((m) => m.userID), [a], 'the refusal changed nothing');

    await owner.chat.markGroupMemberList({ groupID: group, markType: 1000, userIDList: [a], enableMark: false });
    assert.deepEqual((await owner.chat.getGroupMemberList({ groupID: group, filter: 1000 })).data.memberList, []);

    const work = await owner.chat.createGroup({ type: Chat.TYPES.GRP_WORK, name: 'work', memberList: [{ userID: a }] });
    await assert.rejects(
      owner.chat.markGroupMemberList({ groupID: work.data.group.groupID, markType: 1000, userIDList: [a], enableMark: true }),
      code(10007), 'marks are for AVChatRoom',
    );
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('REST modify_user_info and get_members in Tencent\'s bodies', async () => {
  const owner = uniqueID('rmarko');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: owner }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'rest live' });
  assertOk(made);
  const group = made.GroupId;
  const api = 'group_open_avchatroom_http_svc/modify_user_info';
  const set = await rest(worker.url, api, { GroupId: group, CommandType: 1, MemberList: [{ Member_Account: owner, Marks: [1000, 1001] }] });
  assertOk(set);
  assert.deepEqual(set.MemberList, [{ Member_Account: owner, Marks: [1000, 1001] }]);
  const got = await rest(worker.url, 'group_open_avchatroom_http_svc/get_members', { GroupId: group, Timestamp: 0, Mark: 1001 });
  assertOk(got);
  assert.deepEqual(got.MemberList.map((m) => [m.Member_Account, m.Marks]), [[owner, [1000, 1001]]]);
  assert.equal(got.NextTimestamp, 0);
  const all = await rest(worker.url, 'group_open_avchatroom_http_svc/get_members', { GroupId: group, Timestamp: 0 });
  assert.equal(all.MemberList.length, 1);
  assertFail(await rest(worker.url, api, { GroupId: group, CommandType: 3, MemberList: [{ Member_Account: owner, Marks: [1000] }] }), 10004, 'CommandType 3');
  assertFail(await rest(worker.url, api, { GroupId: group, CommandType: 1, MemberList: [{ Member_Account: owner, Marks: [5] }] }), 10004, 'mark 5');
  assertFail(await rest(worker.url, api, { GroupId: group, CommandType: 1, MemberList: [] }), 10004, 'nobody');
  assertFail(await rest(worker.url, api, { GroupId: '@TGS#nosuchgroup', CommandType: 1, MemberList: [{ Member_Account: owner, Marks: [1000] }] }), 10010);
  const pub = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'Public', Name: 'pub' });
  assertFail(await rest(worker.url, 'group_open_avchatroom_http_svc/get_members', { GroupId: pub.GroupId, Timestamp: 0 }), 10007, 'not an AVChatRoom');
});

test('REST bans: the member is removed and told, kept out until unbanned', async () => {
  const [o, a] = [uniqueID('bano'), uniqueID('bana')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const made = await owner.chat.createGroup({ type: Chat.TYPES.GRP_WORK, name: 'bans', memberList: [{ userID: a }] });
    const group = made.data.group.groupID;
    const ban = await rest(worker.url, 'group_open_http_svc/ban_group_member', {
      GroupId: group, Members_Account: [a], Duration: 3600, Description: 'you are banned because of irregularities',
    });
    assertOk(ban);
    const told = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.type === Chat.TYPES.MSG_GRP_SYS_NOTICE && m.payload.operationType === 4));
    assert.ok(told.length > 0, 'amy hears she is out');
    const tip = await owner.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.type === Chat.TYPES.MSG_GRP_TIP && m.payload.operationType === 10));
    assert.ok(tip.length > 0, 'the group sees a ban tip');
    assert.equal((await owner.chat.getGroupMemberList({ groupID: group })).data.memberList.some((m) => m.userID === a), false);

    const list = await rest(worker.url, 'group_open_http_svc/get_group_ban_member', { GroupId: group, Offset: 0, Limit: 10 });
    assertOk(list);
    assert.deepEqual(list.BannedAccountList.map((b) => b.Member_Account), [a]);
    assert.ok(list.BannedAccountList[0].BannedUntil > Date.now() / 1000);
    assert.equal(list.NextOffset, 0);
    const invited = await owner.chat.addGroupMember({ groupID: group, userIDList: [a] });
    assert.deepEqual(invited.data.failureUserIDList, [a], 'kept out');
    const readd = await rest(worker.url, 'group_open_http_svc/add_group_member', { GroupId: group, MemberList: [{ Member_Account: a }] });
    assert.deepEqual(readd.MemberList, [{ Member_Account: a, Result: 0 }], 'not added while banned');

    assertOk(await rest(worker.url, 'group_open_http_svc/unban_group_member', { GroupId: group, Members_Account: [a] }));
    const back = await rest(worker.url, 'group_open_http_svc/add_group_member', { GroupId: group, MemberList: [{ Member_Account: a }] });
    assert.deepEqual(back.MemberList, [{ Member_Account: a, Result: 1 }], 'added once the ban is lifted');

    const api = 'group_open_http_svc/ban_group_member';
    assertFail(await rest(worker.url, api, { GroupId: group, Members_Account: [a] }), 10004, 'no Duration');
    assertFail(await rest(worker.url, api, { GroupId: group, Members_Account: [], Duration: 60 }), 10004, 'nobody');
    assertFail(await rest(worker.url, api, { GroupId: group, Members_Account: [o], Duration: 60 }), 10007, 'not the owner');
    assertFail(await rest(worker.url, api, { GroupId: group, Members_Account: [a], Duration: 60, Description: 'd'.repeat(1001) }), 10004);
    assertFail(await rest(worker.url, 'group_open_http_svc/get_group_ban_member', { GroupId: group, Offset: 0, Limit: 101 }), 10004);
    assert.ok((await owner.chat.getGroupMemberList({ groupID: group })).data.memberList.some((m) => m.userID === a), 'refusals changed nothing');
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});
