// The drop-in calls built from what the engine already holds: findMessage (one-to-one and
// group), setAllMessageRead by scope (and a bad scope, which changes nothing),
// setConversationDraft, getJoinedCommunityList and resendMessage — in Node against the real worker.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chat, engineFor } from '../support/engine.mjs';
import { assertOk, rest } from '../support/rest.mjs';
import { devWorkerSuite } from '../support/suite.mjs';
import { uniqueID } from '../support/worker.mjs';

const { TYPES, EVENT } = Chat;
const IMPORT = 'im_open_login_svc/account_import';

/** Unread counts by conversation ID. */
async function unread(chat) {
  const { conversationList } = (await chat.getConversationList()).data;
  return Object.fromEntries(conversationList.map((c) => [c.conversationID, c.unreadCount]));
}

describe('findMessage, setAllMessageRead, setConversationDraft and getJoinedCommunityList', () => {
  const suite = devWorkerSuite();

  it('findMessage finds held one-to-one and group messages by ID, and null otherwise', async () => {
    const [a, b] = [uniqueID('fma'), uniqueID('fmb')];
    const alice = await engineFor(suite.url, a);
    const bob = await engineFor(suite.url, b);
    try {
      await alice.next(EVENT.SDK_READY);
      await bob.next(EVENT.SDK_READY);
      const sent = (await alice.chat.sendMessage(alice.chat.createTextMessage({ to: b, conversationType: TYPES.CONV_C2C, payload: { text: 'find me' } }))).data.message;
      const [got] = await bob.next(EVENT.MESSAGE_RECEIVED);
      assert.equal(bob.chat.findMessage(got.ID)?.payload.text, 'find me');
      assert.equal(alice.chat.findMessage(sent.ID)?.flow, 'out');
      assert.equal(bob.chat.findMessage(`${a}-${b}-1`), null, 'an unknown ID');
      assert.equal(bob.chat.findMessage(undefined), null);
      const { groupID } = (await alice.chat.createGroup({ type: TYPES.GRP_WORK, name: 'find', memberList: [{ userID: b }] })).data.group;
      const groupSent = (await alice.chat.sendMessage(alice.chat.createTextMessage({ to: groupID, conversationType: TYPES.CONV_GROUP, payload: { text: 'in the group' } }))).data.message;
      const [groupGot] = await bob.next(EVENT.MESSAGE_RECEIVED, (list) => list.some((m) => m.conversationType === TYPES.CONV_GROUP && m.payload?.text === 'in the group'));
      assert.equal(bob.chat.findMessage(groupGot.ID)?.to, groupID);
      assert.equal(alice.chat.findMessage(groupSent.ID)?.payload.text, 'in the group');
    } finally {
      await Promise.all([alice.chat.destroy(), bob.chat.destroy()]);
    }
  });

  it('setAllMessageRead clears one scope or all; a bad scope is 10004 and changes nothing', async () => {
    const [a, b] = [uniqueID('sra'), uniqueID('srb')];
    const alice = await engineFor(suite.url, a);
    const bob = await engineFor(suite.url, b);
    try {
      await alice.next(EVENT.SDK_READY);
      await bob.next(EVENT.SDK_READY);
      const { groupID } = (await alice.chat.createGroup({ type: TYPES.GRP_WORK, name: 'unread', memberList: [{ userID: b }] })).data.group;
      await alice.chat.sendMessage(alice.chat.createTextMessage({ to: b, conversationType: TYPES.CONV_C2C, payload: { text: 'one' } }));
      await bob.next(EVENT.MESSAGE_RECEIVED, (list) => list.some((m) => m.payload?.text === 'one'));
      await alice.chat.sendMessage(alice.chat.createTextMessage({ to: groupID, conversationType: TYPES.CONV_GROUP, payload: { text: 'two' } }));
      await bob.next(EVENT.MESSAGE_RECEIVED, (list) => list.some((m) => m.payload?.text === 'two'));
      const before = await unread(bob.chat);
      assert.equal(before[`C2C${a}`], 1, JSON.stringify(before));
      assert.equal(before[`GROUP${groupID}`], 1, JSON.stringify(before));
      await assert.rejects(bob.chat.setAllMessageRead({ scope: 'everything' }), (e) => e.code === 10004 && e.message.includes('scope'));
      assert.deepEqual(await unread(bob.chat), before, 'a refused call changes nothing');
      assert.deepEqual((await bob.chat.setAllMessageRead({ scope: TYPES.READ_ALL_C2C_MSG })).data, {});
      const c2cRead = await unread(bob.chat);
      assert.equal(c2cRead[`C2C${a}`], 0);
      assert.equal(c2cRead[`GROUP${groupID}`], 1, 'the group is another scope');
      await bob.chat.setAllMessageRead();
      const all = await unread(bob.chat);
      assert.equal(all[`GROUP${groupID}`], 0);
      assert.equal(bob.chat.getTotalUnreadMessageCount(), 0);
    } finally {
      await Promise.all([alice.chat.destroy(), bob.chat.destroy()]);
    }
  });

  it('setConversationDraft shows the draft in the list until cleared; an unknown conversation is 10004', async () => {
    const [a, b] = [uniqueID('dra'), uniqueID('drb')];
    assert.equal((await rest(suite.url, 'im_open_login_svc/account_import', { UserID: b })).ErrorCode, 0);
    const alice = await engineFor(suite.url, a);
    try {
      await alice.next(EVENT.SDK_READY);
      await alice.chat.sendMessage(alice.chat.createTextMessage({ to: b, conversationType: TYPES.CONV_C2C, payload: { text: 'hi' } }));
      const listed = alice.next(EVENT.CONVERSATION_LIST_UPDATED, (list) => list.some((c) => c.draftText === 'to be continued'));
      await alice.chat.setConversationDraft({ conversationID: `C2C${b}`, draftText: 'to be continued' });
      await listed;
      const draftOf = async () => (await alice.chat.getConversationList()).data.conversationList.find((c) => c.conversationID === `C2C${b}`)?.draftText;
      assert.equal(await draftOf(), 'to be continued');
      await assert.rejects(alice.chat.setConversationDraft({ conversationID: `C2C${uniqueID('nobody')}`, draftText: 'x' }), (e) => e.code === 10004);
      await assert.rejects(alice.chat.setConversationDraft({ conversationID: `C2C${b}`, draftText: 'x'.repeat(12 * 1024 + 1) }), (e) => e.code === 10004);
      assert.equal(await draftOf(), 'to be continued', 'refusals change nothing');
      await alice.chat.setConversationDraft({ conversationID: `C2C${b}`, draftText: '' });
      assert.equal(await draftOf(), '');
    } finally {
      await alice.chat.destroy();
    }
  });

  it('getUserStatus reports statuses and custom statuses without subscribing; setSelfStatus reaches watchers; bad input is 10004', async () => {
    const [a, b] = [uniqueID('sta'), uniqueID('stb')];
    const alice = await engineFor(suite.url, a);
    const bob = await engineFor(suite.url, b);
    try {
      await alice.next(EVENT.SDK_READY);
      await bob.next(EVENT.SDK_READY);
      await bob.chat.subscribeUserStatus({ userIDList: [a] });
      await bob.next(EVENT.USER_STATUS_UPDATED, (list) => list.some((u) => u.userID === a));
      const told = bob.next(EVENT.USER_STATUS_UPDATED, (list) => list.some((u) => u.userID === a && u.customStatus === 'in a meeting'));
      assert.deepEqual((await alice.chat.setSelfStatus({ customStatus: 'in a meeting' })).data, {});
      const [update] = (await told).filter((u) => u.userID === a);
      assert.equal(update.statusType, 1);
      const ghost = uniqueID('ghost');
      const res = await alice.chat.getUserStatus({ userIDList: [a, b, ghost] });
      const byID = Object.fromEntries(res.data.successUserList.map((u) => [u.userID, u]));
      assert.deepEqual(byID[a], { userID: a, statusType: 1, customStatus: 'in a meeting' });
      assert.deepEqual(byID[b], { userID: b, statusType: 1, customStatus: '' });
      assert.deepEqual(res.data.failureUserList.map((f) => [f.userID, f.code]), [[ghost, 70107]], 'never imported');
      await assert.rejects(alice.chat.setSelfStatus({ customStatus: 'x'.repeat(101) }), (e) => e.code === 10004);
      await assert.rejects(alice.chat.getUserStatus({ userIDList: [] }), (e) => e.code === 10004);
      await assert.rejects(alice.chat.getUserStatus({ userIDList: ['bad id!'] }), (e) => e.code !== 0);
      const again = await bob.chat.getUserStatus({ userIDList: [a] });
      assert.equal(again.data.successUserList[0].customStatus, 'in a meeting', 'a refused change loses nothing');
    } finally {
      await Promise.all([alice.chat.destroy(), bob.chat.destroy()]);
    }
  });

  it('getJoinedCommunityList lists my Communities and not my other groups', async () => {
    const a = uniqueID('jca');
    const alice = await engineFor(suite.url, a);
    try {
      await alice.next(EVENT.SDK_READY);
      const community = (await alice.chat.createGroup({ type: TYPES.GRP_COMMUNITY, name: 'c', isSupportTopic: true })).data.group.groupID;
      await alice.chat.createGroup({ type: TYPES.GRP_PUBLIC, name: 'p' });
      const { groupList } = (await alice.chat.getJoinedCommunityList()).data;
      assert.deepEqual(groupList.map((g) => g.groupID), [community]);
    } finally {
      await alice.chat.destroy();
    }
  });
});

describe('resendMessage (AUTO_IMPORT=0: a receiver must be imported)', () => {
  const suite = devWorkerSuite({ vars: { AUTO_IMPORT: '0' } });

  it('a send refused while the receiver did not exist goes through when resent after the import; a sent one is not resent', async () => {
    const [a, b] = [uniqueID('rsa'), uniqueID('rsb')];
    assertOk(await rest(suite.url, IMPORT, { UserID: a }), `account_import ${a}`);
    const alice = await engineFor(suite.url, a);
    try {
      await alice.next(EVENT.SDK_READY);
      const message = alice.chat.createTextMessage({ to: b, conversationType: TYPES.CONV_C2C, payload: { text: 'are you there?' } });
      const refused = await alice.chat.sendMessage(message).then(() => null, (e) => e);
      assert.ok(refused && refused.code !== 0, 'a receiver that was never imported refuses the send');
      assert.equal(message.status, 'fail');
      assertOk(await rest(suite.url, IMPORT, { UserID: b }), `account_import ${b}`);
      const res = await alice.chat.resendMessage(message);
      assert.equal(res.data.message.payload.text, 'are you there?');
      assert.equal(message.status, 'success');
      await assert.rejects(alice.chat.resendMessage(message), (e) => e.code === 10004 && e.message.includes('resendMessage'));
      const roam = await rest(suite.url, 'openim/admin_getroammsg', { Operator_Account: a, Peer_Account: b, MaxCnt: 10, MinTime: 0, MaxTime: 4_000_000_000 });
      assertOk(roam, 'admin_getroammsg');
      assert.equal(roam.MsgList.length, 1, 'stored once');
    } finally {
      await alice.chat.destroy();
    }
  });
});
