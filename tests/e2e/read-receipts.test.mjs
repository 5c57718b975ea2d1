// Read receipts against the real worker, through the engine package: a one-to-one message that
// asks for one (`needReadReceipt`) is acknowledged by the receiver's sendMessageReadReceipt and
// the sender hears MESSAGE_READ_RECEIPT_RECEIVED; in a group the sender hears the read and
// unread counts as members read. The bad inputs are refused with Tencent's codes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const code = withCode;

test('one to one: the receiver acknowledges a message that asked, the sender hears it', async () => {
  const [a, b] = [uniqueID('rra'), uniqueID('rrb')];
  const alice = await engineFor(worker.url, a);
  const bob = await engineFor(worker.url, b);
  try {
    const asking = alice.chat.createTextMessage({ to: b, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'read me' }, needReadReceipt: true });
    assert.equal(asking.needReadReceipt, true);
    const sent = (await alice.chat.sendMessage(asking)).data.message;
    assert.equal(sent.needReadReceipt, true);
    assert.deepEqual(sent.readReceiptInfo, { isPeerRead: false, timestamp: 0 });
    const plain = alice.chat.createTextMessage({ to: b, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'no receipt' } });
    await alice.chat.sendMessage(plain);

    const got = await bob.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'read me'));
    const theirs = got.find((m) => m.payload.text === 'read me');
    assert.equal(theirs.needReadReceipt, true);
    const other = (await bob.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'no receipt')))[0];
    await assert.rejects(bob.chat.sendMessageReadReceipt([other]), code(2114));

    await bob.chat.sendMessageReadReceipt([theirs, other]);
    const [receipt] = await alice.next(Chat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED);
    assert.equal(receipt.userID, b);
    assert.equal(receipt.messageID, sent.ID);
    assert.equal(receipt.isPeerRead, true);
    assert.ok(receipt.timestamp > 0);
    const [listed] = (await alice.chat.getMessageReadReceiptList([sent])).data.messageList;
    assert.equal(listed.readReceiptInfo.isPeerRead, true);
    const { messageList } = (await alice.chat.getMessageList({ conversationID: `C2C${b}` })).data;
    assert.equal(messageList.find((m) => m.ID === sent.ID).readReceiptInfo.isPeerRead, true, 'the held copy says so');
    const again = (await alice.chat.getMessageList({ conversationID: `C2C${b}` })).data.messageList;
    assert.equal(again.find((m) => m.ID !== sent.ID && m.payload.text === 'no receipt').readReceiptInfo.isPeerRead, false);

    // Alice cannot acknowledge her own message.
    await assert.rejects(alice.chat.sendMessageReadReceipt([sent]), code(2114));
  } finally {
    await Promise.all([alice.chat.destroy(), bob.chat.destroy()]);
  }
});

test('groups: the sender hears the read and unread counts as members read', async () => {
  const [o, a, b] = [uniqueID('rgo'), uniqueID('rga'), uniqueID('rgb')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  const ben = await engineFor(worker.url, b);
  try {
    const group = (await owner.chat.createGroup({
      type: Chat.TYPES.GRP_PUBLIC, name: 'receipts', memberList: [{ userID: a }, { userID: b }],
    })).data.group.groupID;
    const msg = owner.chat.createTextMessage({ to: group, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: 'all read?' }, needReadReceipt: true });
    const sent = (await owner.chat.sendMessage(msg)).data.message;
    assert.equal(sent.needReadReceipt, true);
    const got = (await amy.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.payload.text === 'all read?')))
      .find((m) => m.payload.text === 'all read?');
    assert.equal(got.needReadReceipt, true);

    await amy.chat.sendMessageReadReceipt([got]);
    const [first] = await owner.next(Chat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED);
    assert.deepEqual(first, { groupID: group, messageID: sent.ID, readCount: 1, unreadCount: 1 });
    await ben.chat.setMessageRead({ conversationID: `GROUP${group}` });
    const [second] = await owner.next(Chat.EVENT.MESSAGE_READ_RECEIPT_RECEIVED);
    assert.deepEqual(second, { groupID: group, messageID: sent.ID, readCount: 2, unreadCount: 0 });
    const [listed] = (await owner.chat.getMessageReadReceiptList([sent])).data.messageList;
    assert.deepEqual(listed.readReceiptInfo, { readCount: 2, unreadCount: 0 });
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy(), ben.chat.destroy()]);
  }
});
