// Group attributes, counters and the online member count against the real worker: through
// the engine package in Node (Tencent's method names, results and events) and through REST
// (Tencent's `*_group_attr`, `*_group_counter` and `get_online_member_num` bodies), with the
// bad inputs refused by Tencent's codes and nothing stored by a refused write.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const code = withCode;

async function importAccounts(...ids) {
  for (const id of ids) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }), `import ${id}`);
}

test('members set, read and delete attributes; every member hears each change; stale writes get 10056', async () => {
  const [o, a, s] = [uniqueID('attrown'), uniqueID('attramy'), uniqueID('attrout')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  const stranger = await engineFor(worker.url, s);
  try {
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_WORK, name: 'seats', memberList: [{ userID: a }] })).data.group.groupID;

    const init = await owner.chat.initGroupAttributes({ groupID: g, groupAttributes: { seat1: o, seat2: '' } });
    assert.deepEqual(init.data.groupAttributes, { seat1: o, seat2: '' });
    const heard = await amy.next(Chat.EVENT.GROUP_ATTRIBUTES_UPDATED, (d) => d.groupID === g);
    assert.deepEqual(heard, { groupID: g, groupAttributes: { seat1: o, seat2: '' } });

    // Amy has heard the change, so her write is made against the latest attributes.
    const set = await amy.chat.setGroupAttributes({ groupID: g, groupAttributes: { seat2: a } });
    assert.deepEqual(set.data.groupAttributes, { seat2: a });
    const both = await owner.next(Chat.EVENT.GROUP_ATTRIBUTES_UPDATED, (d) => d.groupAttributes.seat2 === a);
    assert.deepEqual(both.groupAttributes, { seat1: o, seat2: a });
    const read = await owner.chat.getGroupAttributes({ groupID: g, keyList: [] });
    assert.deepEqual(read.data.groupAttributes, { seat1: o, seat2: a });
    const some = await amy.chat.getGroupAttributes({ groupID: g, keyList: ['seat2', 'nope'] });
    assert.deepEqual(some.data.groupAttributes, { seat2: a });

    // A write made against attributes older than the group's: 10056, nothing changes; after a
    // read the same write goes through. (REST here plays the other writer without a notice
    // reaching the owner first: the owner names the version it last saw.)
    assertOk(await rest(worker.url, 'group_open_http_svc/modify_group_attr', { GroupId: g, GroupAttr: [{ key: 'seat3', value: 'admin' }] }));
    const raced = await rest(worker.url, 'group_open_http_svc/modify_group_attr', { GroupId: g, GroupAttr: [{ key: 'seat1', value: 'late' }], AttrVersion: 1 });
    assertFail(raced, 10056, 'a write against version 1');
    const after = await rest(worker.url, 'group_open_attr_http_svc/get_group_attr', { GroupId: g });
    assertOk(after);
    assert.deepEqual(after.GroupAttrAry, [{ key: 'seat1', value: o }, { key: 'seat2', value: a }, { key: 'seat3', value: 'admin' }]);

    // Bad inputs, each with Tencent's code; none of them changes anything.
    await assert.rejects(amy.chat.setGroupAttributes({ groupID: g, groupAttributes: { ['k'.repeat(33)]: 'v' } }), code(10004));
    await assert.rejects(amy.chat.setGroupAttributes({ groupID: g, groupAttributes: { big: 'v'.repeat(4001) } }), code(10004));
    await assert.rejects(amy.chat.setGroupAttributes({ groupID: g, groupAttributes: {} }), code(10004));
    const many = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${i}`, 'v']));
    await assert.rejects(amy.chat.setGroupAttributes({ groupID: g, groupAttributes: many }), code(10004), '3 + 14 keys > 16');
    await assert.rejects(amy.chat.deleteGroupAttributes({ groupID: g, keyList: ['seat1', 'missing'] }), code(10050));
    await assert.rejects(stranger.chat.getGroupAttributes({ groupID: g, keyList: [] }), code(10007));
    await assert.rejects(stranger.chat.setGroupAttributes({ groupID: g, groupAttributes: { x: 'y' } }), code(10007));
    await assert.rejects(amy.chat.getGroupAttributes({ groupID: '@TGS#nosuchgroup', keyList: [] }), code(10010));
    const unchanged = await amy.chat.getGroupAttributes({ groupID: g });
    assert.deepEqual(unchanged.data.groupAttributes, { seat1: o, seat2: a, seat3: 'admin' });

    const del = await amy.chat.deleteGroupAttributes({ groupID: g, keyList: ['seat3'] });
    assert.deepEqual(del.data.keyList, ['seat3']);
    await amy.chat.deleteGroupAttributes({ groupID: g, keyList: [] });
    const cleared = await owner.next(Chat.EVENT.GROUP_ATTRIBUTES_UPDATED, (d) => Object.keys(d.groupAttributes).length === 0);
    assert.deepEqual(cleared, { groupID: g, groupAttributes: {} });
    assert.deepEqual((await owner.chat.getGroupAttributes({ groupID: g })).data.groupAttributes, {});
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy(), stranger.chat.destroy()]);
  }
});

test('counters: set, increase, decrease, read; each change is an event per counter; bad updates refused', async () => {
  const [o, a] = [uniqueID('cntown'), uniqueID('cntamy')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'likes', memberList: [{ userID: a }] })).data.group.groupID;
    const set = await owner.chat.setGroupCounters({ groupID: g, counters: { likes: 10, gifts: 1 } });
    assert.deepEqual(set.data.counters, { likes: 10, gifts: 1 });
    const first = await amy.next(Chat.EVENT.GROUP_COUNTER_UPDATED, (d) => d.key === 'likes');
    assert.deepEqual(first, { groupID: g, key: 'likes', value: 10 });
    const inc = await amy.chat.increaseGroupCounter({ groupID: g, key: 'likes', value: 5 });
    assert.deepEqual(inc.data.counters, { likes: 15 });
    const dec = await amy.chat.decreaseGroupCounter({ groupID: g, key: 'gifts', value: 3 });
    assert.deepEqual(dec.data.counters, { gifts: -2 });
    assert.deepEqual(await owner.next(Chat.EVENT.GROUP_COUNTER_UPDATED, (d) => d.key === 'gifts' && d.value === -2), { groupID: g, key: 'gifts', value: -2 });
    assert.deepEqual((await owner.chat.getGroupCounters({ groupID: g })).data.counters, { gifts: -2, likes: 15 });
    assert.deepEqual((await owner.chat.getGroupCounters({ groupID: g, keyList: ['likes'] })).data.counters, { likes: 15 });

    await assert.rejects(amy.chat.increaseGroupCounter({ groupID: g, key: 'likes', value: 2 ** 63 }), code(10004), 'a value outside int64');
    await assert.rejects(amy.chat.increaseGroupCounter({ groupID: g, key: 'x'.repeat(129), value: 1 }), code(10004));
    await assert.rejects(amy.chat.setGroupCounters({ groupID: g, counters: { likes: 'many' } }), code(10004));
    const tooMany = Object.fromEntries(Array.from({ length: 19 }, (_, i) => [`c${i}`, i]));
    await assert.rejects(amy.chat.setGroupCounters({ groupID: g, counters: tooMany }), code(10004), '2 + 19 counters > 20');
    assert.deepEqual((await amy.chat.getGroupCounters({ groupID: g })).data.counters, { gifts: -2, likes: 15 }, 'nothing stored');

    // REST: Tencent's bodies and answers.
    const up = await rest(worker.url, 'group_open_http_svc/update_group_counter', { GroupId: g, Mode: 'Increase', GroupCounter: [{ key: 'likes', value: 1 }] });
    assertOk(up);
    assert.deepEqual(up.GroupCounter, [{ key: 'likes', value: 16 }]);
    assertFail(await rest(worker.url, 'group_open_http_svc/update_group_counter', { GroupId: g, Mode: 'Double', GroupCounter: [{ key: 'likes', value: 1 }] }), 10004, 'an unknown Mode');
    assertOk(await rest(worker.url, 'group_open_http_svc/delete_group_counter', { GroupId: g, GroupCounterKeys: ['gifts'] }));
    const left = await rest(worker.url, 'group_open_http_svc/get_group_counter', { GroupId: g });
    assertOk(left);
    assert.deepEqual(left.GroupCounter, [{ key: 'likes', value: 16 }]);

    const community = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_COMMUNITY, name: 'c' })).data.group.groupID;
    await assert.rejects(owner.chat.setGroupCounters({ groupID: community, counters: { n: 1 } }), code(10007), 'Communities have no counters');
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('the online member count follows sockets, by the engine and by REST', async () => {
  const [o, a, b] = [uniqueID('onown'), uniqueID('onamy'), uniqueID('onben')];
  await importAccounts(b);
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'live', memberList: [{ userID: a }, { userID: b }] })).data.group.groupID;
    assert.deepEqual((await owner.chat.getGroupOnlineMemberCount(g)).data, { memberCount: 2 }, 'owner and Amy; Ben is offline');
    // Amy's socket closes; her hub takes her out of the group's room when it sees the close.
    await amy.chat.logout();
    let now;
    for (let ask = 0; ask < 100; ask += 1) {
      now = await rest(worker.url, 'group_open_http_svc/get_online_member_num', { GroupId: g });
      assertOk(now);
      if (now.OnlineMemberNum === 1) break;
    }
    assert.equal(now.OnlineMemberNum, 1, 'only the owner is left online');
    assertFail(await rest(worker.url, 'group_open_http_svc/get_online_member_num', { GroupId: '@TGS#nosuchgroup' }), 10010, 'an unknown group');
    assertFail(await rest(worker.url, 'group_open_http_svc/get_online_member_num', {}), 10015, 'no GroupId');
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});
