// Message extensions and reactions on group messages against the real worker: the seven SDK
// calls with their results and events (MESSAGE_EXTENSIONS_UPDATED / _DELETED,
// MESSAGE_REACTIONS_UPDATED), Tencent's per-key version conflict (23001) and reaction codes
// (23005–23008), and REST `openim_msg_ext_http_svc/group_set_key_values` / `group_get_key_values`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const code = withCode;

async function groupWith(owner, members, type = Chat.TYPES.GRP_WORK) {
  const made = await owner.chat.createGroup({ type, name: 'extras', memberList: members.map((userID) => ({ userID })) });
  return made.data.group.groupID;
}

async function send(who, to, text) {
  const m = who.chat.createTextMessage({ to, conversationType: Chat.TYPES.CONV_GROUP, payload: { text } });
  return (await who.chat.sendMessage(m)).data.message;
}

test('extensions: set, read, conflict and retry, delete and clear, with every member told', async () => {
  const [o, a] = [uniqueID('exto'), uniqueID('exta')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const group = await groupWith(owner, [a]);
    const poll = await send(owner, group, 'lunch?');
    const set = await owner.chat.setMessageExtensions(poll, [{ key: 'pizza', value: o }, { key: 'sushi', value: 'maybe' }]);
    assert.deepEqual(set.data.extensions, [{ code: 0, key: 'pizza', value: o }, { code: 0, key: 'sushi', value: 'maybe' }]);
    const heard = await amy.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED);
    assert.equal(heard.messageID, poll.ID);
    assert.deepEqual(heard.extensions.map((e) => e.key), ['pizza', 'sushi']);

    // Amy's device heard the versions, so her write goes through; the owner's, made against
    // the version he saw before hers, is refused for that key only and carries hers.
    const amyCopy = (await amy.chat.getMessageList({ conversationID: `GROUP${group}` })).data.messageList.find((m) => m.ID === poll.ID);
    assert.ok(amyCopy, 'amy holds the poll');
    const mine = await amy.chat.setMessageExtensions(amyCopy, [{ key: 'pizza', value: `${o},${a}` }]);
    assert.equal(mine.data.extensions[0].code, 0);
    await owner.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED, (d) => d.extensions[0]?.value === `${o},${a}`);
    const read = await owner.chat.getMessageExtensions(poll);
    assert.deepEqual(read.data.extensions, [{ key: 'sushi', value: 'maybe' }, { key: 'pizza', value: `${o},${a}` }]);

    const third = uniqueID('extc');
    const carl = await engineFor(worker.url, third);
    try {
      await owner.chat.addGroupMember({ groupID: group, userIDList: [third] });
      const stale = await carl.chat.setMessageExtensions(amyCopy, [{ key: 'pizza', value: 'carl only' }, { key: 'tacos', value: third }]);
      assert.equal(stale.data.extensions[0].code, 23001, 'carl never saw pizza');
      assert.equal(stale.data.extensions[0].value, `${o},${a}`, 'the conflict carries the current value');
      assert.equal(stale.data.extensions[1].code, 0);
      const retry = await carl.chat.setMessageExtensions(amyCopy, [{ key: 'pizza', value: 'carl too' }]);
      assert.equal(retry.data.extensions[0].code, 0, 'the conflict taught the version');
    } finally {
      await carl.chat.destroy();
    }

    const del = await owner.chat.deleteMessageExtensions(poll, ['sushi']);
    assert.equal(del.data.extensions[0].code, 0);
    const gone = await amy.next(Chat.EVENT.MESSAGE_EXTENSIONS_DELETED);
    assert.deepEqual(gone, { messageID: poll.ID, keyList: ['sushi'] });
    await owner.chat.deleteMessageExtensions(poll);
    const cleared = await amy.next(Chat.EVENT.MESSAGE_EXTENSIONS_DELETED, (d) => d.keyList.length > 1);
    assert.deepEqual(cleared.keyList.sort(), ['pizza', 'tacos']);
    assert.deepEqual((await amy.chat.getMessageExtensions(amyCopy)).data.extensions, []);

    // Bad input: refused whole, nothing stored.
    await owner.chat.setMessageExtensions(poll, [{ key: 'keep', value: '1' }]);
    const many = Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    await assert.rejects(owner.chat.setMessageExtensions(poll, many), code(10004));
    await assert.rejects(owner.chat.setMessageExtensions(poll, [{ key: 'x'.repeat(101), value: 'v' }]), code(10004));
    await assert.rejects(owner.chat.setMessageExtensions(poll, [{ key: 'big', value: 'v'.repeat(1001) }]), code(10004));
    await assert.rejects(owner.chat.setMessageExtensions({ ...poll, sequence: 9999 }, [{ key: 'k', value: 'v' }]), code(10004));
    await assert.rejects(owner.chat.getMessageExtensions({ ...poll, sequence: 0 }), code(10004));
    assert.deepEqual((await owner.chat.getMessageExtensions(poll)).data.extensions, [{ key: 'keep', value: '1' }]);
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('reactions: add, remove, summaries, user pages and Tencent\'s codes', async () => {
  const [o, a] = [uniqueID('reao'), uniqueID('reaa')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const group = await groupWith(owner, [a], Chat.TYPES.GRP_PUBLIC);
    const first = await send(owner, group, 'react to me');
    const second = await send(owner, group, 'and me');
    assert.deepEqual((await owner.chat.addMessageReaction(first, 'like')).data, {});
    const heard = await amy.next(Chat.EVENT.MESSAGE_REACTIONS_UPDATED);
    assert.equal(heard.messageID, first.ID);
    assert.deepEqual(heard.reactionList, [{
      reactionID: 'like', totalUserCount: 1, partialUserList: [{ userID: o, nick: '', avatar: '' }], reactedByMyself: false,
    }]);
    const copy = (await amy.chat.getMessageList({ conversationID: `GROUP${group}` })).data.messageList.find((m) => m.ID === first.ID);
    await amy.chat.addMessageReaction(copy, 'like');
    const mineNow = await amy.next(Chat.EVENT.MESSAGE_REACTIONS_UPDATED, (d) => d.reactionList[0].totalUserCount === 2);
    assert.equal(mineNow.reactionList[0].reactedByMyself, true);
    await amy.chat.addMessageReaction(copy, 'heart');
    await assert.rejects(amy.chat.addMessageReaction(copy, 'like'), code(23007));
    await assert.rejects(amy.chat.removeMessageReaction(copy, 'laugh'), code(23008));
    await assert.rejects(amy.chat.addMessageReaction(copy, ''), code(10004));

    const summary = await owner.chat.getMessageReactions({ messageList: [first, second], maxUserCountPerReaction: 1 });
    assert.deepEqual(summary.data.resultList, [
      {
        messageID: first.ID,
        reactionList: [
          { reactionID: 'like', totalUserCount: 2, partialUserList: [{ userID: o, nick: '', avatar: '' }], reactedByMyself: true },
          { reactionID: 'heart', totalUserCount: 1, partialUserList: [{ userID: a, nick: '', avatar: '' }], reactedByMyself: false },
        ],
      },
      { messageID: second.ID, reactionList: [] },
    ]);
    await assert.rejects(owner.chat.getMessageReactions({ messageList: [first], maxUserCountPerReaction: 11 }), code(10004));

    const page = await owner.chat.getAllUserListOfMessageReaction({ message: first, reactionID: 'like', count: 1 });
    assert.deepEqual(page.data, { userList: [{ userID: o, nick: '', avatar: '' }], nextSeq: 1, isCompleted: false });
    const rest2 = await owner.chat.getAllUserListOfMessageReaction({ message: first, reactionID: 'like', nextSeq: 1 });
    assert.deepEqual(rest2.data, { userList: [{ userID: a, nick: '', avatar: '' }], nextSeq: 0, isCompleted: true });

    await amy.chat.removeMessageReaction(copy, 'heart');
    const removed = await owner.next(Chat.EVENT.MESSAGE_REACTIONS_UPDATED, (d) => d.reactionList[0].reactionID === 'heart' && d.reactionList[0].totalUserCount === 0);
    assert.deepEqual(removed.reactionList[0].partialUserList, []);
    for (let i = 0; i < 19; i += 1) await owner.chat.addMessageReaction(second, `r${i}`);
    await owner.chat.addMessageReaction(second, 'r19');
    await assert.rejects(owner.chat.addMessageReaction(second, 'one-more'), code(23005));
    const after = await owner.chat.getMessageReactions({ messageList: [second] });
    assert.equal(after.data.resultList[0].reactionList.length, 20, 'the refusal added nothing');

    const outsider = await engineFor(worker.url, uniqueID('reax'));
    try {
      await assert.rejects(outsider.chat.addMessageReaction(first, 'like'), code(10007));
    } finally {
      await outsider.chat.destroy();
    }
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('REST group_set_key_values and group_get_key_values in Tencent\'s bodies', async () => {
  const owner = uniqueID('rexto');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: owner }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'Public', Name: 'rest ext' });
  assertOk(made);
  const group = made.GroupId;
  const sent = await rest(worker.url, 'group_open_http_svc/send_group_msg', {
    GroupId: group, From_Account: owner, Random: 9, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'vote' } }],
  });
  assertOk(sent);
  const api = 'openim_msg_ext_http_svc/group_set_key_values';
  const set = await rest(worker.url, api, {
    GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 1,
    ExtensionList: [{ Key: 'key1', Value: 'value1', Seq: 0 }, { Key: 'key2', Value: 'value2', Seq: 0 }],
  });
  assertOk(set);
  assert.deepEqual(set.ResultList.map((r) => [r.ErrorCode, r.Extension.Key, r.Extension.Seq]), [[0, 'key1', 1], [0, 'key2', 2]]);
  const stale = await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 1, ExtensionList: [{ Key: 'key1', Value: 'x', Seq: 0 }] });
  assertOk(stale);
  assert.deepEqual(stale.ResultList[0], { ErrorCode: 23001, Extension: { Key: 'key1', Value: 'value1', Seq: 1 } });
  assertOk(await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 1, ExtensionList: [{ Key: 'key1', Value: 'admin' }] }));
  assertOk(await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 2, ExtensionList: [{ Key: 'key2', Value: '', Seq: 2 }] }));
  const got = await rest(worker.url, 'openim_msg_ext_http_svc/group_get_key_values', { GroupId: group, MsgSeq: sent.MsgSeq });
  assertOk(got);
  assert.equal(got.CompleteFlag, 1);
  assert.equal(got.LatestSeq, 4);
  assert.deepEqual(got.ExtensionList, [{ Key: 'key1', Value: 'admin', Seq: 3 }, { Key: 'key2', Value: '', Seq: 4 }], 'a deleted key reads empty');
  const from = await rest(worker.url, 'openim_msg_ext_http_svc/group_get_key_values', { GroupId: group, MsgSeq: sent.MsgSeq, StartSeq: 4 });
  assert.deepEqual(from.ExtensionList, [{ Key: 'key2', Value: '', Seq: 4 }]);
  assertOk(await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 3 }));
  const cleared = await rest(worker.url, 'openim_msg_ext_http_svc/group_get_key_values', { GroupId: group, MsgSeq: sent.MsgSeq });
  assert.deepEqual([cleared.ExtensionList, cleared.ClearSeq], [[], 4]);

  assertFail(await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 4 }), 10004, 'OperateType 4');
  assertFail(await rest(worker.url, api, { GroupId: group, MsgSeq: sent.MsgSeq, OperateType: 1 }), 10004, 'no ExtensionList');
  assertFail(await rest(worker.url, api, { GroupId: group, OperateType: 1, ExtensionList: [{ Key: 'k', Value: 'v' }] }), 10004, 'no MsgSeq');
  assertFail(await rest(worker.url, api, { GroupId: group, MsgSeq: 999, OperateType: 1, ExtensionList: [{ Key: 'k', Value: 'v' }] }), 10004, 'no message 999');
  assertFail(await rest(worker.url, api, { GroupId: '@TGS#nosuchgroup', MsgSeq: 1, OperateType: 3 }), 10010);
  const live = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'live' });
  assertFail(await rest(worker.url, 'openim_msg_ext_http_svc/group_get_key_values', { GroupId: live.GroupId, MsgSeq: 1 }), 10007, 'not in AVChatRoom');
});

test('one to one: both users write to one record and both hear every change', async () => {
  const [a, b] = [uniqueID('c2ca'), uniqueID('c2cb')];
  const amy = await engineFor(worker.url, a);
  const ben = await engineFor(worker.url, b);
  try {
    const m = amy.chat.createTextMessage({ to: b, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'vote here' } });
    const sent = (await amy.chat.sendMessage(m)).data.message;
    await ben.next(Chat.EVENT.MESSAGE_RECEIVED);
    const copy = (await ben.chat.getMessageList({ conversationID: `C2C${a}` })).data.messageList.find((x) => x.ID === sent.ID);
    assert.ok(copy, 'ben holds it');

    const set = await ben.chat.setMessageExtensions(copy, [{ key: 'ben', value: 'yes' }]);
    assert.deepEqual(set.data.extensions, [{ code: 0, key: 'ben', value: 'yes' }]);
    const heard = await amy.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED);
    assert.deepEqual(heard, { messageID: sent.ID, extensions: [{ key: 'ben', value: 'yes' }] });
    await ben.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED, (d) => d.messageID === sent.ID);
    const stale = await amy.chat.setMessageExtensions(sent, [{ key: 'amy', value: 'no' }]);
    assert.equal(stale.data.extensions[0].code, 0);
    assert.deepEqual((await ben.chat.getMessageExtensions(copy)).data.extensions, [{ key: 'ben', value: 'yes' }, { key: 'amy', value: 'no' }]);

    await amy.chat.addMessageReaction(sent, 'like');
    const liked = await ben.next(Chat.EVENT.MESSAGE_REACTIONS_UPDATED);
    assert.deepEqual(liked, {
      messageID: sent.ID,
      reactionList: [{ reactionID: 'like', totalUserCount: 1, partialUserList: [{ userID: a, nick: '', avatar: '' }], reactedByMyself: false }],
    });
    await assert.rejects(amy.chat.addMessageReaction(sent, 'like'), code(23007));
    await ben.chat.addMessageReaction(copy, 'like');
    const both = await ben.chat.getMessageReactions({ messageList: [copy] });
    assert.equal(both.data.resultList[0].reactionList[0].totalUserCount, 2);
    assert.equal(both.data.resultList[0].reactionList[0].reactedByMyself, true);
    const users = await amy.chat.getAllUserListOfMessageReaction({ message: sent, reactionID: 'like' });
    assert.deepEqual(users.data.userList.map((u) => u.userID), [a, b]);

    // REST, in Tencent's bodies, as the app admin: no Seq overwrites; both devices hear it.
    const viaRest = await rest(worker.url, 'openim/sendmsg', {
      From_Account: a, To_Account: b, MsgRandom: 4242, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'by rest' } }],
    });
    assertOk(viaRest);
    const key = viaRest.MsgKey;
    const api = 'openim_msg_ext_http_svc/set_key_values';
    const first = await rest(worker.url, api, {
      From_Account: a, To_Account: b, MsgKey: key, OperateType: 1, ExtensionList: [{ Key: 'k', Value: 'v1', Seq: 0 }],
    });
    assertOk(first);
    assert.deepEqual(first.ResultList, [{ ErrorCode: 0, Extension: { Key: 'k', Value: 'v1', Seq: 1 } }]);
    const told = await ben.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED, (d) => d.extensions[0]?.value === 'v1');
    assert.equal(told.messageID, `${a}-${b}-4242`);
    await amy.next(Chat.EVENT.MESSAGE_EXTENSIONS_UPDATED, (d) => d.extensions[0]?.value === 'v1');
    assertOk(await rest(worker.url, api, { From_Account: a, To_Account: b, MsgKey: key, OperateType: 1, ExtensionList: [{ Key: 'k', Value: 'admin' }] }));
    const got = await rest(worker.url, 'openim_msg_ext_http_svc/get_key_values', { From_Account: a, To_Account: b, MsgKey: key });
    assertOk(got);
    assert.deepEqual([got.CompleteFlag, got.LatestSeq, got.ExtensionList], [1, 2, [{ Key: 'k', Value: 'admin', Seq: 2 }]]);
    assertFail(await rest(worker.url, api, { From_Account: a, To_Account: b, MsgKey: '1_2_3', OperateType: 3 }), 10004, 'no such message');
    assertFail(await rest(worker.url, api, { To_Account: b, MsgKey: key, OperateType: 3 }), 90008, 'no From_Account');
    assertFail(await rest(worker.url, api, { From_Account: a, To_Account: b, MsgKey: key, OperateType: 9 }), 10004, 'OperateType 9');
  } finally {
    await Promise.all([amy.chat.destroy(), ben.chat.destroy()]);
  }
});
