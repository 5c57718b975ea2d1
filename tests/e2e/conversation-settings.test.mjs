// Conversation pins, marks, custom data and conversation groups against the real worker:
// through the engine package (Tencent's method names, results and events, on every device of
// the user) and through REST `recentcontact/*` (Tencent's bodies and codes), with the bad
// inputs refused and nothing stored by a refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { assertFail, okAsserter, rest } from '../support/rest.mjs';
import { login } from '../support/rawsocket.mjs';
import { devUserSig, uniqueID, workerForFile } from '../support/worker.mjs';

const assertOk = okAsserter();
/** recentcontact answers carry ErrorDisplay too. */
const assertRecentOk = okAsserter({ errorDisplay: true });

const worker = workerForFile();
const code = withCode;

async function importAccounts(...ids) {
  for (const id of ids) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }), `import ${id}`);
}

/** `a` on two devices (the engine, and a raw socket as an Android phone) and `b`, with a
 *  one-to-one conversation between them. */
async function withConversation(prefix) {
  const [a, b] = [uniqueID(`${prefix}a`), uniqueID(`${prefix}b`)];
  const web = await engineFor(worker.url, a);
  const { socket: phone } = await login(worker.url, a, await devUserSig(worker.url, a), { platform: 'Android' });
  const peer = await engineFor(worker.url, b);
  const msg = peer.chat.createTextMessage({ to: a, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'hi' } });
  await peer.chat.sendMessage(msg);
  await web.next(Chat.EVENT.MESSAGE_RECEIVED);
  const close = () => Promise.all([web.chat.destroy(), phone.close(), peer.chat.destroy()]);
  return { a, b, web, phone, peer, close, conv: `C2C${b}` };
}

/** The conversation `id` of the next list update of `engine` that `test` accepts. */
async function listed(engine, id, test) {
  const list = await engine.next(Chat.EVENT.CONVERSATION_LIST_UPDATED, (l) => l.some((c) => c.conversationID === id && test(c)));
  return list.find((c) => c.conversationID === id);
}

/** The settings the phone is next told of that `test` accepts. */
async function told(phone, test) {
  return (await phone.next((f) => f.type === 'recentUpdate' && test(f.state), { what: 'a recentUpdate' })).state;
}

test('pins, marks and custom data reach every device and REST sees them; bad inputs are refused', async () => {
  const { a, b, web, phone, close, conv } = await withConversation('pin');
  try {
    const plain = (await web.chat.getConversationList()).data.conversationList.find((c) => c.conversationID === conv);
    assert.deepEqual([plain.isPinned, plain.markList, plain.customData, plain.conversationGroupList], [false, [], '', []]);

    const pinned = await web.chat.pinConversation({ conversationID: conv, isPinned: true });
    assert.deepEqual(pinned.data, { conversationID: conv });
    assert.equal((await told(phone, (st) => st.contacts[conv]?.pinned)).contacts[conv].pinned, true, 'the other device hears the pin');

    const marked = await web.chat.markConversation({
      conversationIDList: [conv, 'C2Cnobody_here', 'nope'], markType: Chat.TYPES.CONV_MARK_TYPE_STAR, enableMark: true,
    });
    assert.deepEqual(marked.data.successConversationIDList, [conv]);
    assert.deepEqual(marked.data.failureConversationIDList.map((f) => [f.conversationID, f.code]), [['C2Cnobody_here', 2500], ['nope', 2503]]);
    const custom = 2 ** 40;
    await web.chat.markConversation({ conversationIDList: [conv], markType: custom, enableMark: true });
    assert.deepEqual((await listed(web, conv, (c) => c.markList.length === 2)).markList, [1, custom]);
    assert.equal((await told(phone, (st) => st.contacts[conv]?.marks > 1)).contacts[conv].marks, custom + 1);
    await assert.rejects(web.chat.markConversation({ conversationIDList: [conv], markType: 16, enableMark: true }), code(10004));
    await assert.rejects(web.chat.markConversation({ conversationIDList: [], markType: 1, enableMark: true }), code(10004));

    const tooLong = await web.chat.setConversationCustomData({ conversationIDList: [conv], customData: 'x'.repeat(257) });
    assert.deepEqual(tooLong.data.successConversationIDList, []);
    assert.equal(tooLong.data.failureConversationIDList[0].code, 50002);
    // Set on the other device: the web engine hears it.
    const set = await phone.request({
      cmd: 'recent', op: 'mark_contact', body: { MarkItem: [{ OptType: 2, ContactItem: { Type: 1, To_Account: b }, CustomMark: 'hello' }] },
    });
    assert.equal(set.type, 'recentResult');
    assert.equal(set.result.ResultItem[0].ResultCode, 0);
    assert.equal((await listed(web, conv, (c) => c.customData === 'hello')).customData, 'hello');

    // REST reads what the devices set, in get_list's SessionItem.
    const list = await rest(worker.url, 'recentcontact/get_list', {
      From_Account: a, TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0, AssistFlags: 63,
    });
    assertRecentOk(list, 'get_list');
    assert.equal(list.CompleteFlag, 1);
    const item = list.SessionItem.find((s) => s.To_Account === b);
    assert.deepEqual([item.Type, item.TopFlag, item.StandardMark, item.CustomMark], [1, 1, `1${'0'.repeat(39)}1`, 'hello']);
    assert.equal(list.SessionItem[0].To_Account, b, 'pinned first');

    // And a REST mark reaches the devices.
    assertRecentOk(await rest(worker.url, 'recentcontact/mark_contact', {
      From_Account: a, MarkItem: [{ OptType: 1, ContactItem: { Type: 1, To_Account: b }, ClearMark: [0, 40], SetMark: [1] }],
    }), 'mark_contact');
    assert.deepEqual((await listed(web, conv, (c) => c.markList[0] === Chat.TYPES.CONV_MARK_TYPE_UNREAD)).markList, [Chat.TYPES.CONV_MARK_TYPE_UNREAD]);

    // At most 50 pins (51012); the refused one leaves the others.
    for (let i = 0; i < 49; i += 1) await web.chat.pinConversation({ conversationID: `C2Cpin${i}`, isPinned: true });
    await assert.rejects(web.chat.pinConversation({ conversationID: 'C2Cone_more', isPinned: true }), code(51012));
    await assert.rejects(web.chat.pinConversation({ conversationID: 'GROUP', isPinned: true }), code(2503));
    const after = (await web.chat.getConversationList()).data.conversationList.find((c) => c.conversationID === conv);
    assert.equal(after.isPinned, true);
    await web.chat.pinConversation({ conversationID: conv, isPinned: false });
    assert.equal((await told(phone, (st) => !st.contacts[conv]?.pinned)).contacts[conv].pinned, undefined);
  } finally {
    await close();
  }
});

test('conversation groups: made, filled, renamed and deleted on every device, with Tencent\'s limits', async () => {
  const { web, phone, close, conv, b } = await withConversation('cgrp');
  try {
    const made = await web.chat.createConversationGroup({ groupName: 'work', conversationIDList: [conv, 'C2Cnobody_here'] });
    assert.deepEqual(made.data.successConversationIDList, [conv]);
    assert.equal(made.data.failureConversationIDList[0].code, 2500);
    assert.deepEqual(await web.next(Chat.EVENT.CONVERSATION_GROUP_LIST_UPDATED), ['work']);
    const inGroup = await web.next(Chat.EVENT.CONVERSATION_IN_GROUP_UPDATED);
    assert.equal(inGroup.groupName, 'work');
    assert.deepEqual(inGroup.conversationList.map((c) => c.conversationID), [conv]);
    assert.deepEqual((await web.chat.getConversationGroupList()).data, ['work']);
    const state = await told(phone, (st) => st.groups.length === 1);
    assert.deepEqual(state.contacts[conv].groups, [state.groups[0].id]);

    // Renamed on the other device: the web engine hears it.
    const renamed = await phone.request({
      cmd: 'recent', op: 'update_contact_group',
      body: { UpdateType: 1, UpdateGroup: { UpdateGroupType: 1, OldGroupName: 'work', NewGroupName: 'job' } },
    });
    assert.equal(renamed.result.UpdateGroupResult.GroupName, 'job');
    assert.deepEqual(await web.next(Chat.EVENT.CONVERSATION_GROUP_LIST_UPDATED, (l) => l[0] === 'job'), ['job']);
    assert.deepEqual((await listed(web, conv, (c) => c.conversationGroupList[0] === 'job')).conversationGroupList, ['job']);
    const removed = await web.chat.deleteConversationsFromGroup({ groupName: 'job', conversationIDList: [conv] });
    assert.deepEqual(removed.data.successConversationIDList, [conv]);
    assert.equal((await web.next(Chat.EVENT.CONVERSATION_IN_GROUP_UPDATED, (d) => d.conversationList.length === 0)).groupName, 'job');
    const added = await web.chat.addConversationsToGroup({ groupName: 'job', conversationIDList: [conv] });
    assert.deepEqual(added.data.successConversationIDList, [conv]);

    // Bad inputs: Tencent's codes, and nothing changes.
    await assert.rejects(web.chat.createConversationGroup({ groupName: 'n'.repeat(33), conversationIDList: [conv] }), code(51011));
    await assert.rejects(web.chat.createConversationGroup({ groupName: 'job', conversationIDList: [conv] }), code(50002));
    await assert.rejects(web.chat.renameConversationGroup({ oldName: 'nope', newName: 'x' }), code(51009));
    await assert.rejects(web.chat.deleteConversationGroup('nope'), code(51009));
    await assert.rejects(web.chat.addConversationsToGroup({ groupName: 'nope', conversationIDList: [conv] }), code(51009));
    const bad = await phone.request({ cmd: 'recent', op: 'del_contact_group', body: { GroupName: [] } });
    assert.deepEqual([bad.type, bad.code], ['error', 50002]);
    for (let i = 1; i < 20; i += 1) await web.chat.createConversationGroup({ groupName: `g${i}`, conversationIDList: [conv] });
    await assert.rejects(web.chat.createConversationGroup({ groupName: 'g20', conversationIDList: [conv] }), code(51010));
    const groups = (await web.chat.getConversationGroupList()).data;
    assert.equal(groups.length, 20);
    assert.equal(groups[0], 'job');

    await web.chat.deleteConversationGroup('job');
    const left = await listed(web, conv, (c) => c.conversationGroupList.length === 19 && !c.conversationGroupList.includes('job'));
    assert.equal(left.conversationGroupList.length, 19);
    assert.equal(left.conversationGroupList[0], 'g1');
    assert.ok(!(await web.chat.getConversationGroupList()).data.includes('job'));
    assert.equal((await told(phone, (st) => st.groups.length === 19)).contacts[`C2C${b}`].groups.length, 19);
  } finally {
    await close();
  }
});

test('REST recentcontact: groups and marks in Tencent\'s bodies, get_list, delete, and the bad inputs', async () => {
  const [u, v, ghost] = [uniqueID('rcu'), uniqueID('rcv'), uniqueID('rcghost')];
  await importAccounts(u, v);
  assertOk(await rest(worker.url, 'openim/sendmsg', {
    From_Account: v, To_Account: u, MsgRandom: 1, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
  }), 'sendmsg');
  const peer = { Type: 1, To_Account: v };
  const group = { Type: 2, ToGroupId: '@TGS#1somegroup' };

  const made = await rest(worker.url, 'recentcontact/create_contact_group', {
    From_Account: u, GroupContactItem: [{ GroupName: 'test0', ContactItem: [peer, group] }],
  });
  assertRecentOk(made, 'create_contact_group');
  const { GroupItem, ResultItem } = made.GroupResultItem[0];
  assert.equal(GroupItem.GroupName, 'test0');
  assert.ok(Number.isInteger(GroupItem.GroupId));
  assert.deepEqual(ResultItem.map((r) => r.ResultCode), [0, 0]);

  const updated = await rest(worker.url, 'recentcontact/update_contact_group', {
    From_Account: u, UpdateType: 1,
    UpdateGroup: { UpdateGroupType: 2, OldGroupName: 'test0', ContactUpdateItem: [{ ContactOptType: 2, ContactItem: group }] },
  });
  assertRecentOk(updated, 'update_contact_group');
  assert.equal(updated.UpdateGroupResult.ContactResultItem[0].ResultCode, 0);
  assertRecentOk(await rest(worker.url, 'recentcontact/mark_contact', {
    From_Account: u, MarkItem: [{ OptType: 3, ContactItem: peer, SetMark: [0, 2], CustomMark: 'abcd' }],
  }), 'mark_contact');

  const page = await rest(worker.url, 'recentcontact/get_contact_group', { From_Account: u, StartIndex: 0 });
  assertRecentOk(page, 'get_contact_group');
  assert.deepEqual(page.GroupItem, [{ GroupName: 'test0', GroupId: GroupItem.GroupId }]);
  assert.equal(page.ContactItem.length, 1);
  assert.deepEqual(
    [page.ContactItem[0].To_Account, page.ContactItem[0].StandardMark, page.ContactItem[0].CustomMark, page.ContactItem[0].ContactGroupId],
    [v, '101', 'abcd', [GroupItem.GroupId]],
  );
  assert.equal(page.CompleteFlag, 1);
  const found = await rest(worker.url, 'recentcontact/search_contact_group', { From_Account: u, ContactItem: [peer] });
  assertRecentOk(found, 'search_contact_group');
  assert.equal(found.ContactResultItem[0].CustomMark, 'abcd');

  // Bad inputs, each with Tencent's code; none of them changes anything.
  assertFail(await rest(worker.url, 'recentcontact/get_contact_group', { StartIndex: 0 }), 50002, 'no From_Account');
  assertFail(await rest(worker.url, 'recentcontact/get_contact_group', { From_Account: ghost, StartIndex: 0 }), 50001, 'an unknown account');
  assertFail(await rest(worker.url, 'recentcontact/mark_contact', { From_Account: u, MarkItem: [] }), 51006, 'no mark items');
  assertFail(await rest(worker.url, 'recentcontact/del_contact_group', { From_Account: u, GroupName: ['nope'] }), 51009, 'a missing group');
  assertFail(await rest(worker.url, 'recentcontact/create_contact_group', {
    From_Account: u, GroupContactItem: [{ GroupName: 'x'.repeat(33), ContactItem: [peer] }],
  }), 51011, 'a long name');
  assertFail(await rest(worker.url, 'recentcontact/update_contact_group', {
    From_Account: u, UpdateType: 1, UpdateGroup: { UpdateGroupType: 3, OldGroupName: 'test0' },
  }), 50002, 'a bad UpdateGroupType');
  assertFail(await rest(worker.url, 'recentcontact/get_list', { From_Account: u, StartIndex: 'x' }), 50002, 'a bad StartIndex');
  assertFail(await rest(worker.url, 'recentcontact/pin_contact', { From_Account: u }), 60009, 'no REST pin');
  const same = await rest(worker.url, 'recentcontact/get_contact_group', { From_Account: u, StartIndex: 0 });
  assert.deepEqual(same.ContactItem, page.ContactItem);

  // get_list, then delete with ClearRamble: the conversation and its messages are gone.
  const list = await rest(worker.url, 'recentcontact/get_list', { From_Account: u, TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0, AssistFlags: 63 });
  assertRecentOk(list, 'get_list');
  assert.deepEqual(list.SessionItem.map((s) => [s.Type, s.To_Account, s.StandardMark]), [[1, v, '101']]);
  assertFail(await rest(worker.url, 'recentcontact/delete', { From_Account: u, Type: 2, ToGroupid: '@TGS#1somegroup' }), 50002, 'a group conversation');
  assertFail(await rest(worker.url, 'recentcontact/delete', { From_Account: u, Type: 1, To_Account: v, ClearRamble: 2 }), 50002, 'a bad ClearRamble');
  assertRecentOk(await rest(worker.url, 'recentcontact/delete', { From_Account: u, Type: 1, To_Account: v, ClearRamble: 1 }), 'delete');
  const emptied = await rest(worker.url, 'recentcontact/get_list', { From_Account: u, TimeStamp: 0, StartIndex: 0, TopTimeStamp: 0, TopStartIndex: 0, AssistFlags: 63 });
  assert.deepEqual(emptied.SessionItem, []);
  const roam = await rest(worker.url, 'openim/admin_getroammsg', {
    Operator_Account: u, Peer_Account: v, MaxCnt: 100, MinTime: 0, MaxTime: 4294967295,
  });
  assert.deepEqual(roam.MsgList ?? [], [], 'ClearRamble deleted the messages');
  assertRecentOk(await rest(worker.url, 'recentcontact/del_contact_group', { From_Account: u, GroupName: ['test0'] }), 'del_contact_group');
  const none = await rest(worker.url, 'recentcontact/get_contact_group', { From_Account: u, StartIndex: 0 });
  assert.deepEqual([none.GroupItem, none.ContactItem.length], [[], 1], 'the marks stay without the group');
});

test('clearHistoryMessage empties a conversation in the cloud and keeps it; the peer keeps theirs', async () => {
  const { a, b, web, phone, peer, close, conv } = await withConversation('clr');
  try {
    const second = peer.chat.createTextMessage({ to: a, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'two' } });
    await peer.chat.sendMessage(second);
    await web.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'two'));
    const group = (await peer.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'clr', memberList: [{ userID: a }] })).data.group.groupID;
    const gconv = `GROUP${group}`;
    const gm = peer.chat.createTextMessage({ to: group, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: 'g1' } });
    await peer.chat.sendMessage(gm);
    await web.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'g1'));

    assert.deepEqual((await web.chat.clearHistoryMessage(conv)).data, { conversationID: conv });
    const told = await phone.next((f) => f.type === 'conversation' && f.conversation.peer === b && f.conversation.unreadCount === 0
      && !f.conversation.lastMessage, { what: 'the cleared conversation' });
    assert.equal(told.conversation.removed ?? false, false, 'the conversation stays');
    const listed = (await web.chat.getConversationList()).data.conversationList.find((c) => c.conversationID === conv);
    assert.deepEqual([listed.unreadCount, listed.lastMessage], [0, {}]);
    assert.deepEqual((await web.chat.getMessageList({ conversationID: conv })).data.messageList, []);
    const mine = await rest(worker.url, 'openim/admin_getroammsg', { Operator_Account: a, Peer_Account: b, MaxCnt: 100, MinTime: 0, MaxTime: 4294967295 });
    assert.deepEqual(mine.MsgList ?? [], []);
    const theirs = await rest(worker.url, 'openim/admin_getroammsg', { Operator_Account: b, Peer_Account: a, MaxCnt: 100, MinTime: 0, MaxTime: 4294967295 });
    assert.equal(theirs.MsgList.length, 2, 'the peer keeps the conversation');

    assert.deepEqual((await web.chat.clearHistoryMessage(gconv)).data, { conversationID: gconv });
    assert.deepEqual((await web.chat.getMessageList({ conversationID: gconv })).data.messageList, []);
    assert.equal((await peer.chat.getMessageList({ conversationID: gconv })).data.messageList.length, 1, 'other members keep theirs');
    const later = peer.chat.createTextMessage({ to: group, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: 'g2' } });
    await peer.chat.sendMessage(later);
    await web.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'g2'));
    const after = (await web.chat.getMessageList({ conversationID: gconv })).data.messageList;
    assert.deepEqual(after.map((m) => m.payload.text), ['g2'], 'what comes after the clear shows');

    await assert.rejects(web.chat.clearHistoryMessage('C2Cnobody_here'), code(2500));
    await assert.rejects(web.chat.clearHistoryMessage('nope'), code(10004));
    await assert.rejects(web.chat.clearHistoryMessage(`GROUP${group}@TOPIC#_x`), code(10004));
    const bad = await phone.request({ cmd: 'clearHistory', conversationID: 'GROUP@TGS#nosuchgroup' });
    assert.deepEqual([bad.type, bad.code], ['error', 10007]);
  } finally {
    await close();
  }
});

test('receive options: one-to-one do-not-disturb and the option for all messages, on every device', async () => {
  const { b, web, phone, close, conv } = await withConversation('rcv');
  try {
    assert.equal(web.chat.getTotalUnreadMessageCount(), 1);
    const set = await web.chat.setMessageRemindType({ userIDList: [b, ''], messageRemindType: Chat.TYPES.MSG_REMIND_ACPT_NOT_NOTE });
    assert.deepEqual(set.data.successUserIDList, [{ userID: b }]);
    assert.deepEqual(set.data.failureUserIDList.map((f) => [f.userID, f.code]), [['', 50002]]);
    const quiet = await listed(web, conv, (c) => c.messageRemindType === Chat.TYPES.MSG_REMIND_ACPT_NOT_NOTE);
    assert.equal(quiet.unreadCount, 1, 'the conversation keeps its count');
    assert.equal(web.chat.getTotalUnreadMessageCount(), 0, 'do-not-disturb conversations are left out of the total');
    assert.equal((await told(phone, (st) => st.contacts[conv]?.remind)).contacts[conv].remind, 'AcceptNotNotify');
    await assert.rejects(web.chat.setMessageRemindType({ userIDList: [b], messageRemindType: 'Sometimes' }), code(10004));

    await web.chat.setAllReceiveMessageOpt({ startHour: 22, duration: 8 * 3600 });
    const opt = (await web.chat.getAllReceiveMessageOpt()).data;
    assert.deepEqual([opt.messageRemindType, opt.endTime - opt.startTime, opt.isRepeated], ['AcceptNotNotify', 8 * 3600, true]);
    assert.equal(new Date(opt.startTime * 1000).getHours(), 22);
    assert.equal((await told(phone, (st) => st.allReceive)).allReceive.startTime, opt.startTime);
    const fromPhone = await phone.request({
      cmd: 'recent', op: 'set_all_receive', body: { MsgFlag: 'AcceptAndNotify', StartTime: 0, EndTime: 0, IsRepeated: false },
    });
    assert.equal(fromPhone.type, 'recentResult');
    const heard = await web.next(Chat.EVENT.ALL_RECEIVE_MESSAGE_OPT_UPDATED, (d) => d.messageRemindType === 'AcceptAndNotify');
    assert.deepEqual(heard, { messageRemindType: 'AcceptAndNotify', startTime: 0, endTime: 0, isRepeated: false });

    await assert.rejects(web.chat.setAllReceiveMessageOpt({ startHour: 24 }), code(10004));
    await assert.rejects(web.chat.setAllReceiveMessageOpt({ duration: 86401 }), code(10004));
    await assert.rejects(web.chat.setAllReceiveMessageOpt({ messageRemindType: Chat.TYPES.MSG_REMIND_DISCARD }), code(50002));
    assert.equal((await web.chat.getAllReceiveMessageOpt()).data.messageRemindType, 'AcceptAndNotify', 'a refusal changes nothing');
  } finally {
    await close();
  }
});
