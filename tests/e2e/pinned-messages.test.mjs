// Pinned group messages against the real worker: through the engine package (pinGroupMessage,
// getPinnedGroupMessageList, PINNED_GROUP_MESSAGE_UPDATED to every member) and REST
// (`pin_message`, `unpin_message`, `get_pinned_messages`), with Tencent's limits and codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const code = withCode;

test('the owner pins and unpins; every member hears it; members may not; at most 10', async () => {
  const [o, a] = [uniqueID('pino'), uniqueID('pina')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const group = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'pins', memberList: [{ userID: a }] })).data.group.groupID;
    const sent = [];
    for (let i = 0; i < 12; i += 1) {
      const m = owner.chat.createTextMessage({ to: group, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: `m${i}` } });
      sent.push((await owner.chat.sendMessage(m)).data.message);
    }
    assert.deepEqual((await owner.chat.pinGroupMessage({ groupID: group, message: sent[3], isPinned: true })).data, {});
    const heard = await amy.next(Chat.EVENT.PINNED_GROUP_MESSAGE_UPDATED);
    assert.equal(heard.groupID, group);
    assert.equal(heard.isPinned, true);
    assert.equal(heard.message.ID, sent[3].ID);
    assert.equal(heard.message.payload.text, 'm3');
    assert.equal(heard.operatorInfo.userID, o);

    await assert.rejects(owner.chat.pinGroupMessage({ groupID: group, message: sent[3], isPinned: true }), code(10071));
    await assert.rejects(amy.chat.pinGroupMessage({ groupID: group, message: sent[4], isPinned: true }), code(10007));
    await assert.rejects(owner.chat.pinGroupMessage({ groupID: group, message: { sequence: 999 }, isPinned: true }), code(10004));
    await owner.chat.pinGroupMessage({ groupID: group, message: sent[1], isPinned: true });
    const { messageList } = (await amy.chat.getPinnedGroupMessageList(group)).data;
    assert.deepEqual(messageList.map((m) => m.payload.text), ['m1', 'm3'], 'oldest first');
    assert.deepEqual(messageList[0].pinnerInfo, { userID: o, nick: '', avatar: '' });

    for (const i of [0, 2, 4, 5, 6, 7, 8, 9]) await owner.chat.pinGroupMessage({ groupID: group, message: sent[i], isPinned: true });
    await assert.rejects(owner.chat.pinGroupMessage({ groupID: group, message: sent[10], isPinned: true }), code(10070));
    assert.equal((await owner.chat.getPinnedGroupMessageList(group)).data.messageList.length, 10, 'the refusal changed nothing');

    await owner.chat.pinGroupMessage({ groupID: group, message: sent[3], isPinned: false });
    const unpinned = await amy.next(Chat.EVENT.PINNED_GROUP_MESSAGE_UPDATED, (d) => !d.isPinned);
    assert.equal(unpinned.message.ID, sent[3].ID);
    await assert.rejects(owner.chat.pinGroupMessage({ groupID: group, message: sent[3], isPinned: false }), code(10004));
    assert.equal((await amy.chat.getPinnedGroupMessageList(group)).data.messageList.length, 9);
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('REST pin_message, unpin_message and get_pinned_messages in Tencent\'s bodies', async () => {
  const owner = uniqueID('rpino');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: owner }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'Public', Name: 'rest pins' });
  assertOk(made);
  const group = made.GroupId;
  const sent = await rest(worker.url, 'group_open_http_svc/send_group_msg', {
    GroupId: group, From_Account: owner, Random: 7, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'pin me' } }],
  });
  assertOk(sent);
  assertOk(await rest(worker.url, 'group_open_http_svc/pin_message', { GroupId: group, MsgSeq: sent.MsgSeq, Pinner_Account: owner }));
  const list = await rest(worker.url, 'group_open_http_svc/get_pinned_messages', { GroupId: group });
  assertOk(list);
  assert.deepEqual(list.PinnedMsgList.map((p) => [p.MsgSeq, p.Pinner_Account]), [[sent.MsgSeq, owner]]);
  assertFail(await rest(worker.url, 'group_open_http_svc/pin_message', { GroupId: group, MsgSeq: sent.MsgSeq }), 10071);
  assertFail(await rest(worker.url, 'group_open_http_svc/pin_message', { GroupId: group }), 10004, 'no MsgSeq');
  assertFail(await rest(worker.url, 'group_open_http_svc/pin_message', { GroupId: group, MsgSeq: 0 }), 10004, 'MsgSeq 0');
  assertFail(await rest(worker.url, 'group_open_http_svc/pin_message', { GroupId: '@TGS#nosuchgroup', MsgSeq: 1 }), 10010);
  assertOk(await rest(worker.url, 'group_open_http_svc/unpin_message', { GroupId: group, MsgSeq: sent.MsgSeq }));
  const none = await rest(worker.url, 'group_open_http_svc/get_pinned_messages', { GroupId: group });
  assert.deepEqual(none.PinnedMsgList, []);
  const live = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: owner, Type: 'AVChatRoom', Name: 'live' });
  assertFail(await rest(worker.url, 'group_open_http_svc/get_pinned_messages', { GroupId: live.GroupId }), 10007, 'no pins in AVChatRoom');
});
