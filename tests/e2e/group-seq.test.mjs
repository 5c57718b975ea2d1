// Group SEQ end to end: strictly +1 across a restart of the dev server on the same state, the
// 40/s rate with priorities under a burst (checked per server second), imports, the app's
// group list and its cap; every member sending at once, each receiving everything once in order.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminSig, restCall } from '../support/rest.mjs';
import { login, textBody } from '../support/rawsocket.mjs';
import { removeStateDir, startWorker, tempStateDir, uniqueID } from '../support/worker.mjs';

const G = (cmd) => `group_open_http_svc/${cmd}`;
const body = (t) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
let random = 1;

async function ok(url, cmd, req) {
  const r = await restCall(url, G(cmd), req);
  assert.equal(r.json?.ErrorCode, 0, `${cmd}: ${r.text}`);
  return r.json;
}

async function send(url, groupID, from, text, extra = {}) {
  return ok(url, 'send_group_msg', { GroupId: groupID, From_Account: from, Random: random++, MsgBody: body(text), ...extra });
}

let stateDir;
before(async () => {
  stateDir = await tempStateDir();
});
after(async () => {
  if (stateDir) await removeStateDir(stateDir);
});

test('a group SEQ rises by exactly one per stored message across a restart of the server', { timeout: 300_000 }, async () => {
  const owner = uniqueID('own');
  let groupID;
  const seqs = [];
  const first = await startWorker({ persistTo: stateDir });
  try {
    groupID = (await ok(first.url, 'create_group', { Owner_Account: owner, Type: 'Public', Name: 'seq' })).GroupId;
    for (let i = 0; i < 5; i += 1) seqs.push((await send(first.url, groupID, owner, `a${i}`)).MsgSeq);
  } finally {
    await first.stop();
  }
  const second = await startWorker({ persistTo: stateDir });
  try {
    const info = await ok(second.url, 'get_group_info', { GroupIdList: [groupID] });
    assert.equal(info.GroupInfo[0].NextMsgSeq, 6, 'the counter survived the restart');
    for (let i = 0; i < 5; i += 1) seqs.push((await send(second.url, groupID, owner, `b${i}`)).MsgSeq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const page = await ok(second.url, 'group_msg_get_simple', { GroupId: groupID, ReqMsgNumber: 20 });
    assert.deepEqual(page.RspMsgList.map((m) => m.MsgSeq), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    assert.deepEqual(page.RspMsgList.map((m) => m.MsgBody[0].MsgContent.Text).reverse(),
      ['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'b3', 'b4']);
  } finally {
    await second.stop();
  }
});

test('over 40 messages a second, higher priorities win and dropped ones are not stored', { timeout: 300_000 }, async () => {
  const worker = await startWorker({ vars: { REST_RATE_LIMIT_SCALE: '100' } });
  try {
    const owner = uniqueID('own');
    const groupID = (await ok(worker.url, 'create_group', { Owner_Account: owner, Type: 'Public', Name: 'burst' })).GroupId;
    // 60 Low then 30 High, all at once: whatever second each lands in, per second at most
    // 40 at or above a priority are stored, and every High is stored.
    const sends = [];
    for (let i = 0; i < 60; i += 1) sends.push(send(worker.url, groupID, owner, `low${i}`, { MsgPriority: 'Low' }).then((r) => ({ ...r, p: 'Low' })));
    for (let i = 0; i < 30; i += 1) sends.push(send(worker.url, groupID, owner, `high${i}`, { MsgPriority: 'High' }).then((r) => ({ ...r, p: 'High' })));
    const replies = await Promise.all(sends);
    assert.ok(replies.every((r) => r.ActionStatus === 'OK'), 'the sender is told every send succeeded');
    const stored = replies.filter((r) => r.MsgSeq > 0);
    const dropped = replies.filter((r) => r.MsgSeq === 0);
    assert.equal(stored.filter((r) => r.p === 'High').length, 30, 'no High message is dropped');
    const perSecond = new Map();
    for (const r of stored) perSecond.set(r.MsgTime, (perSecond.get(r.MsgTime) ?? 0) + 1);
    for (const r of dropped) {
      // A Low message was dropped only in a second where 40 at or above Low were already stored.
      assert.ok((perSecond.get(r.MsgTime) ?? 0) >= 40, `a drop in second ${r.MsgTime} with ${perSecond.get(r.MsgTime)} stored`);
    }
    const seqs = stored.map((r) => r.MsgSeq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'stored messages have gap-free SEQs');
    const info = await ok(worker.url, 'get_group_info', { GroupIdList: [groupID] });
    assert.equal(info.GroupInfo[0].NextMsgSeq, stored.length + 1, 'dropped messages took no SEQ');
  } finally {
    await worker.stop();
  }
});

test('imports, deleting by sender, and the app group list with its cap', { timeout: 300_000 }, async () => {
  const worker = await startWorker({ vars: { MAX_GROUPS: '3' } });
  try {
    const url = worker.url;
    const owner = uniqueID('own');
    const now = Math.floor(Date.now() / 1000);
    const imported = await ok(url, 'import_group', { Owner_Account: owner, Type: 'Public', Name: 'old', CreateTime: now - 3600 });
    const groupID = imported.GroupId;
    const msgs = [0, 1, 2].map((i) => ({ From_Account: i === 1 ? 'spammer' : owner, SendTime: now - 3000 + i, Random: i + 1, MsgBody: body(`old${i}`) }));
    const res = await ok(url, 'import_group_msg', { GroupId: groupID, MsgList: msgs });
    assert.deepEqual(res.ImportMsgResult.map((r) => r.MsgSeq), [1, 2, 3]);
    const bad = await restCall(url, G('import_group_msg'), { GroupId: groupID, MsgList: [msgs[2], msgs[0]] });
    assert.equal(bad.json.ErrorCode, 10004, 'messages out of time order are refused');
    const members = await ok(url, 'import_group_member', { GroupId: groupID, MemberList: [{ Member_Account: 'amy', JoinTime: now - 1000 }, { Member_Account: owner }] });
    assert.deepEqual(members.MemberList.map((m) => m.Result), [1, 2]);
    await ok(url, 'delete_group_msg_by_sender', { GroupId: groupID, Sender_Account: 'spammer' });
    const page = await ok(url, 'group_msg_get_simple', { GroupId: groupID, ReqMsgNumber: 3 });
    assert.deepEqual(page.RspMsgList.map((m) => [m.MsgSeq, m.IsPlaceMsg]), [[3, 0], [2, 1], [1, 0]]);
    assert.equal((await send(url, groupID, owner, 'new')).MsgSeq, 4);

    const live = await ok(url, 'create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'live' });
    const av = await restCall(url, G('import_group_member'), { GroupId: live.GroupId, MemberList: [{ Member_Account: 'amy' }] });
    assert.equal(av.json.ErrorCode, 10007);
    const third = await ok(url, 'create_group', { Owner_Account: owner, Type: 'Work', Name: 'w', GroupId: uniqueID('work') });
    const over = await restCall(url, G('create_group'), { Owner_Account: owner, Type: 'Public', Name: 'too many' });
    assert.equal(over.json.ErrorCode, 10006, over.text);

    const all = await ok(url, 'get_appid_group_list', {});
    assert.equal(all.TotalCount, 3);
    assert.deepEqual(all.GroupIdList.map((g) => g.GroupId).sort(), [groupID, live.GroupId, third.GroupId].sort());
    const firstPage = await ok(url, 'get_appid_group_list', { Limit: 2 });
    assert.equal(firstPage.GroupIdList.length, 2);
    const rest = await ok(url, 'get_appid_group_list', { Limit: 2, Next: firstPage.Next });
    assert.equal(rest.GroupIdList.length, 1);
    assert.equal(rest.Next, 0);
    const publics = await ok(url, 'get_appid_group_list', { GroupType: 'AVChatRoom' });
    assert.deepEqual(publics.GroupIdList.map((g) => g.GroupId), [live.GroupId]);
    await ok(url, 'destroy_group', { GroupId: third.GroupId });
    assert.equal((await ok(url, 'get_appid_group_list', {})).TotalCount, 2, 'a dismissed group leaves the list');
    await ok(url, 'create_group', { Owner_Account: owner, Type: 'Public', Name: 'fits again' });
  } finally {
    await worker.stop();
  }
});

test('the app\'s AVChatRoom cap (10036) and its daily net new groups (10006); a dismissal makes room', { timeout: 300_000 }, async () => {
  const worker = await startWorker({ vars: { MAX_AVCHATROOMS: '1', MAX_NEW_GROUPS_PER_DAY: '2' } });
  try {
    const url = worker.url;
    const owner = uniqueID('cap');
    await ok(url, 'create_group', { Owner_Account: owner, Type: 'Public', Name: 'first' });
    const room = await ok(url, 'create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'r1' });
    const secondRoom = await restCall(url, G('create_group'), { Owner_Account: owner, Type: 'AVChatRoom', Name: 'r2' });
    assert.equal(secondRoom.json.ErrorCode, 10036, secondRoom.text);
    assert.match(secondRoom.json.ErrorInfo, /MAX_AVCHATROOMS/);
    const overDay = await restCall(url, G('create_group'), { Owner_Account: owner, Type: 'Work', Name: 'w' });
    assert.equal(overDay.json.ErrorCode, 10006, overDay.text);
    assert.match(overDay.json.ErrorInfo, /MAX_NEW_GROUPS_PER_DAY/);
    // Communities are outside the daily net; a refused creation left nothing behind.
    await ok(url, 'create_group', { Owner_Account: owner, Type: 'Community', Name: 'guild' });
    assert.equal((await ok(url, 'get_appid_group_list', {})).TotalCount, 3);
    // A dismissal today makes room for one more today, and for another room.
    await ok(url, 'destroy_group', { GroupId: room.GroupId });
    await ok(url, 'create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'r3' });
    const again = await restCall(url, G('create_group'), { Owner_Account: owner, Type: 'Public', Name: 'p' });
    assert.equal(again.json.ErrorCode, 10006, 'created 3, dismissed 1: the net is 2 again');
  } finally {
    await worker.stop();
  }
});

test('community permission groups decide who may send, by REST and through the engine', { timeout: 300_000 }, async () => {
  const worker = await startWorker();
  const { engineFor, Chat } = await import('../support/engine.mjs');
  const [o, a] = [uniqueID('own'), uniqueID('amy')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const url = worker.url;
    const groupID = `@TGS#_${uniqueID('guild')}`;
    await ok(url, 'create_group', { Owner_Account: o, Type: 'Community', Name: 'guild', GroupId: groupID, EnablePermissionGroup: 1, MemberList: [{ Member_Account: a }] });
    const say = (t) => amy.chat.sendMessage(amy.chat.createTextMessage({ to: groupID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: t } }));
    await assert.rejects(say('may I?'), (e) => e.code === 10007, 'no permission group gives amy SendGroupMessage yet');
    const made = await ok(url, 'create_permission_group', { GroupId: groupID, PermissionGroupId: '@PMG#_talk', PermissionGroupName: 'Talkers', Permission: 1 << 6 });
    assert.equal(made.PermissionGroupId, '@PMG#_talk');
    const dup = await restCall(url, G('create_permission_group'), { GroupId: groupID, PermissionGroupId: '@PMG#_talk', PermissionGroupName: 'again' });
    assert.equal(dup.json.ErrorCode, 10021);
    const bad = await restCall(url, G('create_permission_group'), { GroupId: groupID, PermissionGroupId: 'talk', PermissionGroupName: 'x' });
    assert.equal(bad.json.ErrorCode, 10004);
    const added = await ok(url, 'add_permission_group_member', { GroupId: groupID, PermissionGroupId: '@PMG#_talk', MemberList: [{ Member_Account: a }] });
    assert.deepEqual(added.MemberList.map((m) => m.Result), [0]);
    assert.equal((await say('now I may')).data.message.sequence, 1);
    const list = await amy.chat.getPermissionGroupListInCommunity({ groupID });
    assert.deepEqual(list.data.permissionGroupList.map((g) => [g.permissionGroupID, g.groupPermission, g.memberCount]), [['@PMG#_talk', 64, 1]]);
    await owner.chat.removeCommunityMembersFromPermissionGroup({ groupID, permissionGroupID: '@PMG#_talk', userIDList: [a] });
    await assert.rejects(say('and now?'), (e) => e.code === 10007);
    const gone = await ok(url, 'destroy_permission_group', { GroupId: groupID, PermissionGroupIdList: ['@PMG#_talk'] });
    assert.equal(gone.PermissionGroupResultList[0].ErrorCode, 0);
    const plain = await ok(url, 'create_group', { Owner_Account: o, Type: 'Public', Name: 'plain' });
    const refused = await restCall(url, G('create_permission_group'), { GroupId: plain.GroupId, PermissionGroupName: 'x' });
    assert.equal(refused.json.ErrorCode, 10007, 'permission groups are for communities');
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
    await worker.stop();
  }
});

test('twelve members send at once (36 messages): each gets every message once, in SEQ order, with gap-free SEQs', { timeout: 300_000 }, async () => {
  const worker = await startWorker();
  const sockets = [];
  try {
    const ids = Array.from({ length: 12 }, (_, i) => uniqueID(`fan${i}`));
    const groupID = (await ok(worker.url, 'create_group', {
      Owner_Account: ids[0], Type: 'Public', Name: 'fan', MemberList: ids.slice(1).map((id) => ({ Member_Account: id })),
    })).GroupId;
    for (const id of ids) sockets.push((await login(worker.url, id, adminSig(id))).socket);
    // Every member sends 3 messages without waiting: 36 sends in flight on one group (under
    // the 40 a second a group stores).
    const perMember = 3;
    const acks = await Promise.all(sockets.map(async (s, i) => {
      const mine = [];
      for (let k = 0; k < perMember; k += 1) {
        mine.push(s.request({ cmd: 'groupSend', groupId: groupID, random: 1000 * i + k, msgBody: textBody(`${ids[i]}#${k}`) }, { timeout: 120_000 }));
      }
      return Promise.all(mine);
    }));
    const stored = acks.flat();
    assert.ok(stored.every((a) => a.type === 'groupAck'), JSON.stringify(stored.find((a) => a.type !== 'groupAck')));
    const seqs = stored.map((a) => a.message.seq).sort((a, b) => a - b);
    assert.deepEqual(seqs, Array.from({ length: 36 }, (_, i) => i + 1), 'one SEQ each, no gaps');
    const bySeq = new Map(stored.map((a) => [a.message.seq, a.message.random]));
    for (const [i, s] of sockets.entries()) {
      const got = [];
      while (got.length < 36) {
        const f = await s.next((x) => x.type === 'groupMsg' && x.message.groupId === groupID, { timeout: 120_000, what: `groupMsg ${got.length + 1} of 36 for ${ids[i]}` });
        got.push(f.message);
      }
      assert.deepEqual(got.map((m) => m.seq), seqs, `${ids[i]} got every message once, in SEQ order`);
      assert.ok(got.every((m) => bySeq.get(m.seq) === m.random), 'each SEQ carries the message it was acked for');
      assert.equal(s.buffered('groupMsg').length, 0, 'no duplicates');
    }
    // The members' rows followed: everyone's group shows SEQ 36 as newest.
    const list = await sockets[5].request({ cmd: 'groups' });
    assert.equal(list.groups.find((g) => g.groupId === groupID)?.lastSeq, 36, JSON.stringify(list).slice(0, 500));
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await worker.stop();
  }
});

test('pushes follow who is online: a member who logs in later gets them, one who quit does not; /dev/room refuses bad input', { timeout: 300_000 }, async () => {
  const worker = await startWorker();
  const sockets = [];
  try {
    const [a, b, c] = [uniqueID('ra'), uniqueID('rb'), uniqueID('rc')];
    const groupID = (await ok(worker.url, 'create_group', {
      Owner_Account: a, Type: 'Public', Name: 'room', MemberList: [{ Member_Account: b }, { Member_Account: c }],
    })).GroupId;
    const [sa, sb] = [await login(worker.url, a, adminSig(a)), await login(worker.url, b, adminSig(b))];
    sockets.push(sa.socket, sb.socket);
    const msg = (s, text) => s.next((f) => f.type === 'groupMsg' && f.message.groupId === groupID
      && f.message.msgBody[0]?.MsgContent?.Text === text, { what: `${text}` });
    await send(worker.url, groupID, a, 'm1');
    await Promise.all([msg(sa.socket, 'm1'), msg(sb.socket, 'm1')]);

    const quit = await sb.socket.request({ cmd: 'group', op: 'quit_group', groupId: groupID });
    assert.notEqual(quit.type, 'error', JSON.stringify(quit));
    await send(worker.url, groupID, a, 'm2');
    await msg(sa.socket, 'm2');
    // C logs in only now: its hub subscribes at login, and it gets the next message.
    const sc = await login(worker.url, c, adminSig(c));
    sockets.push(sc.socket);
    await send(worker.url, groupID, a, 'm3');
    await Promise.all([msg(sa.socket, 'm3'), msg(sc.socket, 'm3')]);
    // m2's and m3's batches were written before A had m3: B, who quit, got neither.
    const after = sb.socket.buffered('groupMsg').filter((f) => f.message.groupId === groupID);
    assert.deepEqual(after.map((f) => f.message.msgBody[0].MsgContent.Text), [], 'nothing after quitting');

    for (const [bad, why] of [
      [{ group: 'not a group id!', members: 1, prefix: 'x' }, 'a malformed group ID'],
      [{ group: groupID, members: 2_000_000, prefix: 'x' }, 'too many members'],
      [{ group: groupID }, 'missing fields'],
    ]) {
      const res = await fetch(`${worker.url}/dev/room`, { method: 'POST', body: JSON.stringify(bad) });
      const out = await res.json();
      assert.equal(res.status, 400, why);
      assert.ok(out.ErrorCode > 0 && out.ErrorInfo, `${why}: ${JSON.stringify(out)}`);
    }
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await worker.stop();
  }
});
