// Groups through the engine package in Node against the real worker: create, join, chat with
// SEQ, tips, mute, recall, kick, quit, dismiss, and catching up on missed messages by SEQ.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chat, engineFor } from '../support/engine.mjs';
import { restCall } from '../support/rest.mjs';
import { startWorker, uniqueID } from '../support/worker.mjs';

let worker;
before(async () => {
  worker = await startWorker();
});
after(async () => {
  await worker?.stop();
});

const text = (chat, groupID, t, extra = {}) =>
  chat.createTextMessage({ to: groupID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: t }, ...extra });

const inGroup = (groupID) => (list) => list.some((m) => m.conversationID === `GROUP${groupID}`);

test('three members chat in a Public group: SEQ rises by one, tips and messages reach everyone', async () => {
  const [o, a, b] = [uniqueID('own'), uniqueID('amy'), uniqueID('ben')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  const ben = await engineFor(worker.url, b);
  try {
    const created = await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'team', memberList: [{ userID: a }] });
    const g = created.data.group;
    assert.match(g.groupID, /^@TGS#/);
    assert.equal(g.type, 'Public');
    assert.equal(g.ownerID, o);
    assert.equal(g.memberCount, 2);
    assert.equal(g.joinOption, 'NeedPermission');

    // Ben applies; the owner gets the request as a system notice and approves it.
    const join = await ben.chat.joinGroup({ groupID: g.groupID, applyMessage: 'hi' });
    assert.equal(join.data.status, Chat.TYPES.JOIN_STATUS_WAIT_APPROVAL);
    const notice = await owner.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.type === Chat.TYPES.MSG_GRP_SYS_NOTICE && m.payload.operationType === 1));
    const request = notice.find((m) => m.type === Chat.TYPES.MSG_GRP_SYS_NOTICE);
    assert.equal(request.payload.groupProfile.groupID, g.groupID);
    assert.equal(request.payload.operatorID, b);
    await owner.chat.handleGroupApplication({ handleAction: 'Agree', message: request });
    const joinTip = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.type === Chat.TYPES.MSG_GRP_TIP));
    const tip = joinTip.find((m) => m.type === Chat.TYPES.MSG_GRP_TIP);
    assert.equal(tip.payload.operationType, Chat.TYPES.GRP_TIP_MBR_JOIN);
    assert.deepEqual(tip.payload.userIDList, [b]);
    assert.equal(tip.sequence, 1, 'the join tip is the first stored message');

    // Messages from each member, in SEQ order, reach the two others exactly once.
    const seqs = [];
    for (const [who, t] of [[amy, 'one'], [ben, 'two'], [owner, 'three']]) {
      const sent = await who.chat.sendMessage(text(who.chat, g.groupID, t));
      assert.equal(sent.data.message.status, 'success');
      seqs.push(sent.data.message.sequence);
    }
    assert.deepEqual(seqs, [2, 3, 4]);
    const got = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'three'));
    assert.equal(got.find((m) => m.payload.text === 'three').from, o);
    const list = await ben.chat.getMessageList({ conversationID: `GROUP${g.groupID}` });
    assert.deepEqual(list.data.messageList.map((m) => m.sequence), [1, 2, 3, 4].filter((s) => s >= 1));
    assert.deepEqual(list.data.messageList.filter((m) => m.type === 'TIMTextElem').map((m) => m.payload.text), ['one', 'two', 'three']);

    // Amy cannot edit a Public group's profile; the owner can, and InfoSeq counts it.
    await assert.rejects(amy.chat.updateGroupProfile({ groupID: g.groupID, name: 'mine' }), (e) => e.code === 10007);
    const upd = await owner.chat.updateGroupProfile({ groupID: g.groupID, notification: 'welcome' });
    assert.equal(upd.data.group.notification, 'welcome');
    assert.equal(upd.data.group.infoSequence, 1);
    await assert.rejects(owner.chat.updateGroupProfile({ groupID: g.groupID, name: 'x'.repeat(31) }), (e) => e.code === 10004);

    // Mute: Ben is refused with 10017 until it is lifted.
    await owner.chat.setGroupMemberMuteTime({ groupID: g.groupID, userID: b, muteTime: 600 });
    await assert.rejects(ben.chat.sendMessage(text(ben.chat, g.groupID, 'muted?')), (e) => e.code === 10017);
    await owner.chat.setGroupMemberMuteTime({ groupID: g.groupID, userID: b, muteTime: 0 });
    const again = await ben.chat.sendMessage(text(ben.chat, g.groupID, 'free'));
    assert.ok(again.data.message.sequence > 4);

    // The owner cannot quit a Public group (10009); Ben can; the group lists follow.
    await assert.rejects(owner.chat.quitGroup(g.groupID), (e) => e.code === 10009);
    await ben.chat.quitGroup(g.groupID);
    const bens = await ben.chat.getGroupList();
    assert.ok(!bens.data.groupList.some((x) => x.groupID === g.groupID));
    const members = await owner.chat.getGroupMemberList({ groupID: g.groupID, count: 50 });
    assert.deepEqual(members.data.memberList.map((m) => m.userID).sort(), [o, a].sort());

    // Dismiss: Amy gets the notice and the group leaves her list.
    await owner.chat.dismissGroup(g.groupID);
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.type === Chat.TYPES.MSG_GRP_SYS_NOTICE && m.payload.operationType === 5));
    await amy.next(Chat.EVENT.GROUP_LIST_UPDATED, (l) => !l.some((x) => x.groupID === g.groupID));
    await assert.rejects(amy.chat.getGroupProfile({ groupID: g.groupID }), (e) => e.code === 10010);
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy(), ben.chat.destroy()]);
  }
});

test('a member offline while messages arrive catches up by SEQ at login, once each, in order', async () => {
  const [o, a] = [uniqueID('own'), uniqueID('amy')];
  const owner = await engineFor(worker.url, o);
  let amy = await engineFor(worker.url, a);
  let g;
  try {
    g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_MEETING, name: 'standup', groupID: uniqueID('meet'), memberList: [{ userID: a }] })).data.group;
    assert.equal(g.type, 'ChatRoom');
    await owner.chat.sendMessage(text(owner.chat, g.groupID, 'before'));
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, inGroup(g.groupID));
    await amy.chat.logout();
    for (let i = 0; i < 12; i += 1) await owner.chat.sendMessage(text(owner.chat, g.groupID, `m${i}`));
    // The same session object logs in again: its log knows SEQ 1 and pulls 2..13.
    const received = [];
    amy.chat.on(Chat.EVENT.MESSAGE_RECEIVED, ({ data }) => received.push(...data.filter((m) => m.conversationID === `GROUP${g.groupID}`)));
    const { devUserSig } = await import('../support/worker.mjs');
    await amy.chat.login({ userID: a, userSig: await devUserSig(worker.url, a) });
    await owner.chat.sendMessage(text(owner.chat, g.groupID, 'after'));
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'after'));
    const texts = received.map((m) => m.payload.text);
    assert.deepEqual(texts, [...Array.from({ length: 12 }, (_, i) => `m${i}`), 'after']);
    assert.deepEqual(received.map((m) => m.sequence), Array.from({ length: 13 }, (_, i) => i + 2));
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('work groups: members invite without approval, nobody applies, and a dismissed ID is gone', async () => {
  const [o, a, c] = [uniqueID('own'), uniqueID('amy'), uniqueID('cat')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_WORK, name: 'w', memberList: [{ userID: a }] })).data.group;
    assert.equal(g.type, 'Private');
    // A Work group is invisible to its members until its first message activates it.
    await assert.rejects(amy.chat.getGroupProfile({ groupID: g.groupID }), (e) => e.code === 10010);
    await owner.chat.sendMessage(text(owner.chat, g.groupID, 'hello team'));
    assert.equal((await amy.chat.getGroupProfile({ groupID: g.groupID })).data.group.groupID, g.groupID);
    const added = await amy.chat.addGroupMember({ groupID: g.groupID, userIDList: [c, o] });
    assert.deepEqual(added.data.successUserIDList, [c]);
    assert.deepEqual(added.data.existedUserIDList, [o]);
    const cat = await engineFor(worker.url, uniqueID('dan'));
    try {
      await assert.rejects(cat.chat.joinGroup({ groupID: g.groupID }), (e) => e.code === 10007);
      await assert.rejects(cat.chat.searchGroupByID(g.groupID), (e) => e.code === 10007);
    } finally {
      await cat.chat.destroy();
    }
    await assert.rejects(owner.chat.dismissGroup(g.groupID), (e) => e.code === 10007, 'only the app admin dismisses Work groups');
    const r = await restCall(worker.url, 'group_open_http_svc/destroy_group', { GroupId: g.groupID });
    assert.equal(r.json.ErrorCode, 0, r.text);
    await amy.next(Chat.EVENT.GROUP_LIST_UPDATED, (l) => !l.some((x) => x.groupID === g.groupID));
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});

test('community topics keep their own SEQ; custom fields follow their levels; group recall', async () => {
  const custom = await startWorker({ vars: { GROUP_CUSTOM_FIELDS: 'Level:n:a,Motto:m:d', MEMBER_CUSTOM_FIELDS: 'Rank:m:o' } });
  const [o, a] = [uniqueID('own'), uniqueID('amy')];
  const owner = await engineFor(custom.url, o);
  const amy = await engineFor(custom.url, a);
  try {
    const groupID = `@TGS#_${uniqueID('club')}`;
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_COMMUNITY, name: 'club', groupID, memberList: [{ userID: a }], isSupportTopic: true, groupCustomField: [{ key: 'Motto', value: 'be kind' }] })).data.group;
    assert.deepEqual(g.groupCustomField, [{ key: 'Motto', value: 'be kind' }]);
    // Level is app-admin-write: the owner is refused, the app admin may.
    await assert.rejects(owner.chat.updateGroupProfile({ groupID, groupCustomField: [{ key: 'Level', value: '3' }] }), (e) => e.code === 10007);
    await assert.rejects(owner.chat.updateGroupProfile({ groupID, groupCustomField: [{ key: 'Nope', value: '3' }] }), (e) => e.code === 10004);
    const admin = await restCall(custom.url, 'group_open_http_svc/modify_group_base_info', { GroupId: groupID, AppDefinedData: [{ Key: 'Level', Value: '3' }] });
    assert.equal(admin.json.ErrorCode, 0, admin.text);
    const seen = (await amy.chat.getGroupProfile({ groupID })).data.group.groupCustomField;
    assert.deepEqual(seen.map((f) => f.key).sort(), ['Level', 'Motto']);
    await assert.rejects(amy.chat.setGroupMemberCustomField({ groupID, memberCustomField: [{ key: 'Rank', value: 'gold' }] }), (e) => e.code === 10007);
    const ranked = await owner.chat.setGroupMemberCustomField({ groupID, userID: a, memberCustomField: [{ key: 'Rank', value: 'gold' }] });
    assert.deepEqual(ranked.data.member.memberCustomField, [{ key: 'Rank', value: 'gold' }]);

    await assert.rejects(amy.chat.createTopicInCommunity({ groupID, topicName: 'mine' }), (e) => e.code === 10007);
    const news = (await owner.chat.createTopicInCommunity({ groupID, topicName: 'News', topicID: `${groupID}@TOPIC#_news` })).data.topicID;
    const chat = (await owner.chat.createTopicInCommunity({ groupID, topicName: 'Chat' })).data.topicID;
    const topics = (await amy.chat.getTopicList({ groupID })).data.successTopicList;
    assert.deepEqual(topics.map((t) => t.topicName).sort(), ['Chat', 'News']);

    const inTopic = (chatSdk, topicID, t) => chatSdk.createTextMessage({ to: topicID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: t } });
    const s1 = await owner.chat.sendMessage(inTopic(owner.chat, news, 'headline'));
    const s2 = await owner.chat.sendMessage(inTopic(owner.chat, news, 'more news'));
    const s3 = await amy.chat.sendMessage(inTopic(amy.chat, chat, 'hello chat'));
    assert.deepEqual([s1, s2, s3].map((s) => s.data.message.sequence), [1, 2, 1], 'each topic counts its own SEQ');
    assert.equal(s1.data.message.conversationID, `GROUP${news}`);
    const got = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'more news'));
    assert.equal(got.find((m) => m.payload.text === 'more news').to, news);
    const page = await amy.chat.getMessageList({ conversationID: `GROUP${news}` });
    assert.deepEqual(page.data.messageList.map((m) => m.payload.text), ['headline', 'more news']);

    // Group recall through the engine: the sender recalls, the other member hears of it.
    const plain = await owner.chat.sendMessage(text(owner.chat, groupID, 'oops'));
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'oops'));
    const recalled = await owner.chat.revokeMessage(plain.data.message);
    assert.equal(recalled.data.message.isRevoked, true);
    const revoked = await amy.next(Chat.EVENT.MESSAGE_REVOKED, (l) => l.some((m) => m.sequence === plain.data.message.sequence));
    assert.equal(revoked[0].conversationID, `GROUP${groupID}`);

    const gone = await owner.chat.deleteTopicFromCommunity({ groupID, topicIDList: [news, `${groupID}@TOPIC#_none`] });
    assert.deepEqual(gone.data.successTopicList.map((t) => t.topicID), [news]);
    assert.deepEqual(gone.data.failureTopicList.map((t) => t.code), [10010]);
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
    await custom.stop();
  }
});

test('read receipts list who read a group message; Discard stops pushes but keeps the messages', async () => {
  const [o, a, b] = [uniqueID('own'), uniqueID('amy'), uniqueID('ben')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  const ben = await engineFor(worker.url, b);
  try {
    const g = (await owner.chat.createGroup({ type: Chat.TYPES.GRP_PUBLIC, name: 'receipts', memberList: [{ userID: a }, { userID: b }] })).data.group;
    const sent = (await owner.chat.sendMessage(text(owner.chat, g.groupID, 'read me'))).data.message;
    const got = await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'read me'));
    await amy.chat.sendMessageReadReceipt(got.filter((m) => m.payload?.text === 'read me'));
    const read = await owner.chat.getGroupMessageReadMemberList({ message: sent, filter: 0 });
    assert.deepEqual(read.data.readUserIDList, [a]);
    const unread = await owner.chat.getGroupMessageReadMemberList({ message: sent, filter: 1 });
    assert.deepEqual(unread.data.unreadUserIDList, [b]);
    const counts = await owner.chat.getMessageReadReceiptList([sent]);
    assert.deepEqual(counts.data.messageList[0].readReceiptInfo, { readCount: 1, unreadCount: 1 });
    const amyList = await amy.chat.getGroupList();
    assert.equal(amyList.data.groupList.find((x) => x.groupID === g.groupID).unreadCount, 0, 'the receipt also cleared my unread');

    // Ben discards the group: no more pushes, but the messages stay readable.
    await ben.chat.setMessageRemindType({ groupID: g.groupID, messageRemindType: Chat.TYPES.MSG_REMIND_DISCARD });
    await owner.chat.sendMessage(text(owner.chat, g.groupID, 'quietly'));
    await owner.chat.sendMessage(text(owner.chat, g.groupID, 'still quiet'));
    await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload?.text === 'still quiet'));
    assert.ok(!ben.events.some((e) => e.name === Chat.EVENT.MESSAGE_RECEIVED && e.data.some((m) => m.payload?.text === 'quietly')),
      'a discarding member is not pushed the message');
    const history = await ben.chat.getMessageList({ conversationID: `GROUP${g.groupID}` });
    assert.ok(history.data.messageList.some((m) => m.payload?.text === 'quietly'));
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy(), ben.chat.destroy()]);
  }
});
