// getMessageListHopping against the real worker: one to one from a time (the server reads the
// inbox by time), in groups from a SEQ, back and forward, with where the next hop starts; the
// bad inputs are refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineFor, withCode } from '../support/engine.mjs';
import { assertOk, rest } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const textBody = (text) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }];
const texts = (list) => list.map((m) => m.payload.text);

test('one to one: back and forward from a time', async () => {
  const [a, b] = [uniqueID('hopa'), uniqueID('hopb')];
  for (const id of [a, b]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const t0 = Math.floor(Date.now() / 1000) - 3600;
  for (let i = 0; i < 6; i += 1) {
    assertOk(await rest(worker.url, 'openim/importmsg', {
      From_Account: a, To_Account: b, MsgRandom: 500 + i, MsgTimeStamp: t0 + i * 10, SyncFromOldSystem: 2, MsgBody: textBody(`m${i}`),
    }), `import m${i}`);
  }
  const bob = await engineFor(worker.url, b);
  try {
    const conversationID = `C2C${a}`;
    const back = (await bob.chat.getMessageListHopping({ conversationID, time: t0 + 30, count: 2, direction: 0 })).data;
    assert.deepEqual([texts(back.messageList), back.isCompleted, back.nextMessageTime], [['m2', 'm3'], false, t0 + 19]);
    const further = (await bob.chat.getMessageListHopping({ conversationID, time: back.nextMessageTime, count: 5, direction: 0 })).data;
    assert.deepEqual([texts(further.messageList), further.isCompleted], [['m0', 'm1'], true]);
    const forward = (await bob.chat.getMessageListHopping({ conversationID, time: t0 + 30, count: 2, direction: 1 })).data;
    assert.deepEqual([texts(forward.messageList), forward.isCompleted, forward.nextMessageTime], [['m3', 'm4'], false, t0 + 41]);
    const rest2 = (await bob.chat.getMessageListHopping({ conversationID, time: forward.nextMessageTime, direction: 1 })).data;
    assert.deepEqual([texts(rest2.messageList), rest2.isCompleted], [['m5'], true]);
    await assert.rejects(bob.chat.getMessageListHopping({ conversationID, time: t0, direction: 2 }), withCode(10004));
    await assert.rejects(bob.chat.getMessageListHopping({ conversationID: 'nope', time: t0 }), withCode(10004));
  } finally {
    await bob.chat.destroy();
  }
});

test('groups: back and forward from a SEQ', async () => {
  const [o, a] = [uniqueID('hgo'), uniqueID('hga')];
  for (const id of [o, a]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: o, Type: 'Public', Name: 'hops', MemberList: [{ Member_Account: a }] });
  const seqs = [];
  for (let i = 0; i < 6; i += 1) {
    const sent = await rest(worker.url, 'group_open_http_svc/send_group_msg', { GroupId: made.GroupId, From_Account: o, Random: 700 + i, MsgBody: textBody(`g${i}`) });
    assertOk(sent);
    seqs.push(sent.MsgSeq);
  }
  const amy = await engineFor(worker.url, a);
  try {
    const conversationID = `GROUP${made.GroupId}`;
    const back = (await amy.chat.getMessageListHopping({ conversationID, sequence: seqs[3], count: 2, direction: 0 })).data;
    assert.deepEqual([texts(back.messageList), back.isCompleted, back.nextMessageSeq], [['g2', 'g3'], false, seqs[2] - 1]);
    const forward = (await amy.chat.getMessageListHopping({ conversationID, sequence: seqs[3], count: 5, direction: 1 })).data;
    assert.deepEqual([texts(forward.messageList), forward.isCompleted, forward.nextMessageSeq], [['g3', 'g4', 'g5'], true, '']);
    const none = (await amy.chat.getMessageListHopping({ conversationID, direction: 1 })).data;
    assert.deepEqual([none.messageList, none.isCompleted], [[], true]);
    await assert.rejects(amy.chat.getMessageListHopping({ conversationID: 'GROUP', sequence: 1 }), withCode(10015), 'an empty group ID');
  } finally {
    await amy.chat.destroy();
  }
});
