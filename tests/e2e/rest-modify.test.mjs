// Message edits against the real worker: REST modify_c2c_msg and modify_group_msg (and the
// engine's modifyMessage on a group message) change a sent message's MsgBody and/or
// CloudCustomData for everyone (MESSAGE_MODIFIED, live), and
// set_unread_msg_num sets a member's unread count (seen at the next login, no notice); bad
// inputs are refused with Tencent's codes and change nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const textBody = (text) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];

test('modify_c2c_msg changes the body and custom data on both sides, live', async () => {
  const [a, b] = [uniqueID('moda'), uniqueID('modb')];
  for (const id of [a, b]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const bob = await engineFor(worker.url, b);
  try {
    const sent = await rest(worker.url, 'openim/sendmsg', { From_Account: a, To_Account: b, MsgRandom: 11, MsgBody: textBody('first'), CloudCustomData: 'c1' });
    assertOk(sent);
    await bob.next(Chat.EVENT.MESSAGE_RECEIVED);
    const modify = (extra) => rest(worker.url, 'openim/modify_c2c_msg', { From_Account: a, To_Account: b, MsgKey: sent.MsgKey, ...extra });

    assertOk(await modify({ MsgBody: textBody('edited') }), 'modify the body');
    const [changed] = await bob.next(Chat.EVENT.MESSAGE_MODIFIED);
    assert.equal(changed.payload.text, 'edited');
    assert.equal(changed.cloudCustomData, 'c1', 'the custom data not given stays');
    assertOk(await modify({ CloudCustomData: 'c2' }), 'modify the custom data');
    const [again] = await bob.next(Chat.EVENT.MESSAGE_MODIFIED, (l) => l[0].cloudCustomData === 'c2');
    assert.equal(again.payload.text, 'edited', 'the body not given stays');

    for (const [who, peer] of [[a, b], [b, a]]) {
      const roam = await rest(worker.url, 'openim/admin_getroammsg', { Operator_Account: who, Peer_Account: peer, MaxCnt: 10, MinTime: 0, MaxTime: 4294967295 });
      assert.deepEqual([roam.MsgList[0].MsgBody[0].MsgContent.Text, roam.MsgList[0].CloudCustomData], ['edited', 'c2'], `${who}'s copy`);
    }

    assertFail(await modify({}), 90002, 'nothing to change');
    assertFail(await modify({ MsgBody: [] }), 90007, 'an empty MsgBody');
    assertFail(await modify({ MsgKey: 'nope', MsgBody: textBody('x') }), 90054, 'a bad MsgKey');
    assertFail(await modify({ MsgKey: '1_2_3', MsgBody: textBody('x') }), 20022, 'no such message');
    assertFail(await rest(worker.url, 'openim/modify_c2c_msg', { From_Account: b, To_Account: a, MsgKey: sent.MsgKey, MsgBody: textBody('x') }), 10007, 'not the sender');
    assertFail(await modify({ MsgBody: [{ MsgType: 'TIMNopeElem', MsgContent: {} }] }), 90002, 'a bad element');
    const roam = await rest(worker.url, 'openim/admin_getroammsg', { Operator_Account: b, Peer_Account: a, MaxCnt: 10, MinTime: 0, MaxTime: 4294967295 });
    assert.equal(roam.MsgList[0].MsgBody[0].MsgContent.Text, 'edited', 'the refusals changed nothing');
  } finally {
    await bob.chat.destroy();
  }
});

test('modify_group_msg changes a group message for every member, live', async () => {
  const [o, a] = [uniqueID('mgo'), uniqueID('mga')];
  for (const id of [o, a]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const amy = await engineFor(worker.url, a);
  try {
    const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: o, Type: 'Public', Name: 'edits', MemberList: [{ Member_Account: a }] });
    assertOk(made);
    const group = made.GroupId;
    const sent = await rest(worker.url, 'group_open_http_svc/send_group_msg', { GroupId: group, From_Account: o, Random: 3, MsgBody: textBody('draft') });
    assertOk(sent);
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'draft'));
    const modify = (extra) => rest(worker.url, 'openim/modify_group_msg', { GroupId: group, MsgSeq: sent.MsgSeq, ...extra });

    assertOk(await modify({ MsgBody: textBody('final'), CloudCustomData: 'v2' }));
    const [changed] = await amy.next(Chat.EVENT.MESSAGE_MODIFIED);
    assert.deepEqual([changed.payload.text, changed.cloudCustomData, changed.sequence], ['final', 'v2', sent.MsgSeq]);
    const page = await rest(worker.url, 'group_open_http_svc/group_msg_get_simple', { GroupId: group, ReqMsgNumber: 5 });
    assert.equal(page.RspMsgList.find((m) => m.MsgSeq === sent.MsgSeq).MsgBody[0].MsgContent.Text, 'final');
    const { messageList } = (await amy.chat.getMessageList({ conversationID: `GROUP${group}` })).data;
    assert.equal(messageList.find((m) => m.sequence === sent.MsgSeq).payload.text, 'final', 'history shows the new copy');

    assertFail(await modify({}), 10004, 'nothing to change');
    assertFail(await modify({ MsgSeq: 999, CloudCustomData: 'x' }), 10004, 'no such message');
    assertFail(await modify({ MsgBody: textBody('x'.repeat(13000)) }), 10020, 'too long');
    assertFail(await modify({ MsgBody: [{ MsgType: 'TIMNopeElem', MsgContent: {} }] }), 10004, 'a bad element');
    assertFail(await rest(worker.url, 'openim/modify_group_msg', { GroupId: '@TGS#nosuchgroup', MsgSeq: 1, CloudCustomData: 'x' }), 10010);
    const live = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: o, Type: 'AVChatRoom', Name: 'live' });
    assertFail(await rest(worker.url, 'openim/modify_group_msg', { GroupId: live.GroupId, MsgSeq: 1, CloudCustomData: 'x' }), 10007);
  } finally {
    await amy.chat.destroy();
  }
});

test('set_unread_msg_num sets a member\'s unread count, seen at the next login', async () => {
  const [o, a] = [uniqueID('suo'), uniqueID('sua')];
  for (const id of [o, a]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: o, Type: 'Public', Name: 'unread', MemberList: [{ Member_Account: a }] });
  const group = made.GroupId;
  for (let i = 0; i < 4; i += 1) {
    assertOk(await rest(worker.url, 'group_open_http_svc/send_group_msg', { GroupId: group, From_Account: o, Random: 100 + i, MsgBody: textBody(`m${i}`) }));
  }
  const unreadAtLogin = async () => {
    const amy = await engineFor(worker.url, a);
    try {
      const id = `GROUP${group}`;
      const list = await amy.next(Chat.EVENT.CONVERSATION_LIST_UPDATED, (l) => l.some((c) => c.conversationID === id));
      return list.find((c) => c.conversationID === id).unreadCount;
    } finally {
      await amy.chat.destroy();
    }
  };
  assert.equal(await unreadAtLogin(), 4);
  const set = (extra) => rest(worker.url, 'group_open_http_svc/set_unread_msg_num', { GroupId: group, Member_Account: a, ...extra });
  assertOk(await set({ UnreadMsgNum: 2 }));
  assert.equal(await unreadAtLogin(), 2);
  assertOk(await set({ UnreadMsgNum: 99 }), 'more than the group holds');
  assert.equal(await unreadAtLogin(), 4);
  assertFail(await set({}), 10004, 'no UnreadMsgNum');
  assertFail(await set({ UnreadMsgNum: -1 }), 10004, 'a negative count');
  assertFail(await set({ Member_Account: uniqueID('stranger'), UnreadMsgNum: 1 }), 10007, 'not a member');
  assertFail(await rest(worker.url, 'group_open_http_svc/set_unread_msg_num', { GroupId: '@TGS#nosuchgroup', Member_Account: a, UnreadMsgNum: 1 }), 10010);
  assert.equal(await unreadAtLogin(), 4, 'the refusals changed nothing');
});

test('modifyMessage on a group message: the sender changes it for every member; others may not', async () => {
  const [o, a] = [uniqueID('gmo'), uniqueID('gma')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const group = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'edits', memberList: [{ userID: a }] })).data.group.groupID;
    const m = owner.chat.createTextMessage({ to: group, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: 'tpyo' } });
    const sent = (await owner.chat.sendMessage(m)).data.message;
    const [got] = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((x) => x.payload.text === 'tpyo'));
    sent.payload.text = 'typo';
    const fixed = (await owner.chat.modifyMessage(sent)).data.message;
    assert.deepEqual([fixed.ID, fixed.payload.text], [sent.ID, 'typo']);
    const [heard] = await amy.next(Chat.EVENT.MESSAGE_MODIFIED);
    assert.deepEqual([heard.ID, heard.payload.text], [sent.ID, 'typo']);
    got.payload.text = 'mine now';
    await assert.rejects(amy.chat.modifyMessage(got), withCode(10007));
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});
