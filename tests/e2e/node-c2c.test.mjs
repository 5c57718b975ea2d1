// One-to-one messaging through the engine package in Node, against the real worker: a socket
// dropped mid-stream loses nothing and duplicates nothing; conversations and unread counts;
// read receipts; recall; modify; delete; typing; element types; forward and merged forward.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chat, engineFor } from '../support/engine.mjs';
import { startWorker, uniqueID } from '../support/worker.mjs';

const C2C = Chat.TYPES.CONV_C2C;

describe('one-to-one messaging in the engine', () => {
  let worker;
  before(async () => { worker = await startWorker(); });
  after(async () => { await worker?.stop(); });

  const pair = async () => {
    const a = uniqueID('alice');
    const b = uniqueID('bob');
    return { a, b, alice: await engineFor(worker.url, a), bob: await engineFor(worker.url, b) };
  };
  const text = (chat, to, t) => chat.createTextMessage({ to, conversationType: C2C, payload: { text: t } });

  it('a socket dropped mid-stream reconnects by itself and loses and duplicates nothing', async () => {
    const { a, b, alice, bob } = await pair();
    await bob.next(Chat.EVENT.NET_STATE_CHANGE, (d) => d.state === 'connected'); // the login's
    const seen = [];
    bob.chat.on(Chat.EVENT.MESSAGE_RECEIVED, (e) => seen.push(...e.data.map((m) => m.payload.text)));
    const sends = [];
    for (let i = 0; i < 20; i += 1) {
      sends.push(alice.chat.sendMessage(text(alice.chat, b, `m${i}`)));
      if (i === 7) bob.sockets.at(-1).terminate(); // the receiver's connection dies mid-stream
    }
    await Promise.all(sends);
    await bob.next(Chat.EVENT.NET_STATE_CHANGE, (d) => d.state === 'disconnected');
    await bob.next(Chat.EVENT.NET_STATE_CHANGE, (d) => d.state === 'connected');
    // Once a heartbeat-equivalent sync is done the history is complete; read it.
    const list = await bob.chat.getMessageList({ conversationID: `C2C${a}`, count: 15 });
    const older = await bob.chat.getMessageList({ conversationID: `C2C${a}`, count: 15, nextReqMessageID: list.data.nextReqMessageID });
    const all = [...older.data.messageList, ...list.data.messageList].map((m) => m.payload.text);
    assert.deepEqual(all, Array.from({ length: 20 }, (_, i) => `m${i}`), 'history is complete and in order');
    while (seen.length < 20) await bob.next(Chat.EVENT.MESSAGE_RECEIVED);
    assert.equal(new Set(seen).size, seen.length, `no message was announced twice: ${seen}`);
    assert.deepEqual([...seen].sort(), all.slice().sort(), 'every message was announced');
    assert.equal(bob.chat.isReady(), true);
    await alice.chat.destroy();
    await bob.chat.destroy();
  });

  it('messages sent while the connection is down wait, then go out once, in order', async () => {
    const { a, b, alice, bob } = await pair();
    alice.sockets.at(-1).terminate();
    const pending = ['p1', 'p2', 'p3'].map((t) => text(alice.chat, b, t));
    const sends = pending.map((m) => alice.chat.sendMessage(m));
    assert.ok(pending.every((m) => m.status === 'unSend'), 'pending messages show as unSend');
    const results = await Promise.all(sends);
    assert.ok(results.every((r) => r.data.message.status === 'success'));
    const got = [];
    while (got.length < 3) got.push(...(await bob.next(Chat.EVENT.MESSAGE_RECEIVED)).map((m) => m.payload.text));
    assert.deepEqual(got, ['p1', 'p2', 'p3']);
    const history = await bob.chat.getMessageList({ conversationID: `C2C${a}` });
    assert.deepEqual(history.data.messageList.map((m) => m.payload.text), ['p1', 'p2', 'p3'], 'stored once each');
    await alice.chat.destroy();
    await bob.chat.destroy();
  });

  it('conversations carry the last message and unread; setMessageRead clears it and the peer gets a receipt', async () => {
    const { a, b, alice, bob } = await pair();
    const sent = [];
    for (const t of ['one', 'two', 'three']) {
      sent.push((await alice.chat.sendMessage(text(alice.chat, b, t))).data.message);
    }
    const list = await bob.next(Chat.EVENT.CONVERSATION_LIST_UPDATED, (l) => l[0]?.unreadCount === 3);
    assert.equal(list[0].conversationID, `C2C${a}`);
    assert.equal(list[0].lastMessage.messageForShow, 'three');
    assert.equal(bob.chat.getTotalUnreadMessageCount(), 3);
    const { data } = await bob.chat.getConversationList();
    assert.equal(data.conversationList[0].unreadCount, 3);

    await bob.chat.setMessageRead({ conversationID: `C2C${a}` });
    assert.equal(bob.chat.getTotalUnreadMessageCount(), 0);
    const read = await alice.next(Chat.EVENT.MESSAGE_READ_BY_PEER);
    assert.deepEqual(read.map((m) => m.ID).sort(), sent.map((m) => m.ID).sort());
    assert.ok(read.every((m) => m.isPeerRead));
    // A group conversation of a group that does not exist: 10010 (10004 for a malformed ID).
    await assert.rejects(bob.chat.setMessageRead({ conversationID: 'GROUPx' }), { code: 10010 });
    await assert.rejects(bob.chat.setMessageRead({ conversationID: 'TOPICx' }), { code: 10004 });
    await alice.chat.destroy();
    await bob.chat.destroy();
  });

  it('recall, modify and delete reach the other side; refusals have codes', async () => {
    const { a, b, alice, bob } = await pair();
    const first = (await alice.chat.sendMessage(text(alice.chat, b, 'oops'))).data.message;
    const second = (await alice.chat.sendMessage(text(alice.chat, b, 'typo'))).data.message;
    await bob.next(Chat.EVENT.MESSAGE_RECEIVED, (l) => l.some((m) => m.ID === second.ID));

    const [bobsCopy] = (await bob.chat.getMessageList({ conversationID: `C2C${a}` })).data.messageList;
    await assert.rejects(bob.chat.revokeMessage(bobsCopy), { code: 10007 }, 'only the sender recalls');

    const res = await alice.chat.revokeMessage(first);
    assert.equal(res.data.message.isRevoked, true);
    const [revoked] = await bob.next(Chat.EVENT.MESSAGE_REVOKED);
    assert.equal(revoked.ID, first.ID);
    await assert.rejects(alice.chat.revokeMessage(first), { code: 20023 });

    second.payload.text = 'fixed';
    await alice.chat.modifyMessage(second);
    const [modified] = await bob.next(Chat.EVENT.MESSAGE_MODIFIED);
    assert.equal(modified.payload.text, 'fixed');

    await alice.chat.deleteMessage([second]);
    const mine = (await alice.chat.getMessageList({ conversationID: `C2C${b}` })).data.messageList;
    assert.deepEqual(mine.map((m) => m.ID), [first.ID], 'deleted for me');
    const theirs = (await bob.chat.getMessageList({ conversationID: `C2C${a}` })).data.messageList;
    assert.equal(theirs.length, 2, 'not for the peer');
    await alice.chat.destroy();
    await bob.chat.destroy();
  });

  it('typing (onlineUserOnly) is delivered live and never stored', async () => {
    const { a, b, alice, bob } = await pair();
    const typing = alice.chat.createCustomMessage({ to: b, conversationType: C2C, payload: { data: 'typing', description: '', extension: '' } });
    const res = await alice.chat.sendMessage(typing, { onlineUserOnly: true });
    assert.equal(res.code, 0);
    const [got] = await bob.next(Chat.EVENT.MESSAGE_RECEIVED);
    assert.equal(got.payload.data, 'typing');
    assert.equal(got.sequence, 0);
    const list = await bob.chat.getMessageList({ conversationID: `C2C${a}` });
    assert.equal(list.data.messageList.length, 0);
    assert.equal(bob.chat.getTotalUnreadMessageCount(), 0);
    await alice.chat.destroy();
    await bob.chat.destroy();
  });

  it('element types, forward and merged forward round-trip', async () => {
    const { b, alice, bob } = await pair();
    const c = uniqueID('carol');
    const carol = await engineFor(worker.url, c);
    const made = [
      alice.chat.createFaceMessage({ to: b, conversationType: C2C, payload: { index: 3, data: 'smile' } }),
      alice.chat.createLocationMessage({ to: b, conversationType: C2C, payload: { description: 'here', latitude: 1.5, longitude: 2.5 } }),
      alice.chat.createImageMessage({ to: b, conversationType: C2C, payload: { url: 'https://example.com/a.png', width: 10, height: 20, size: 300, imageFormat: 3 } }),
      alice.chat.createFileMessage({ to: b, conversationType: C2C, payload: { url: 'https://example.com/f.pdf', fileName: 'f.pdf', fileSize: 42 } }),
    ];
    for (const m of made) await alice.chat.sendMessage(m);
    const got = [];
    while (got.length < 4) got.push(...(await bob.next(Chat.EVENT.MESSAGE_RECEIVED)));
    assert.deepEqual(got.map((m) => m.type), ['TIMFaceElem', 'TIMLocationElem', 'TIMImageElem', 'TIMFileElem']);
    assert.equal(got[2].payload.imageInfoArray[0].url, 'https://example.com/a.png');
    assert.equal(got[3].payload.fileName, 'f.pdf');

    const fwd = bob.chat.createForwardMessage({ to: c, conversationType: C2C, payload: got[0] });
    await bob.chat.sendMessage(fwd);
    const merged = bob.chat.createMergerMessage({ to: c, conversationType: C2C, payload: { messageList: got, title: 'chat with alice', abstractList: ['a: hi'], compatibleText: 'upgrade' } });
    await bob.chat.sendMessage(merged);
    const atCarol = [];
    while (atCarol.length < 2) atCarol.push(...(await carol.next(Chat.EVENT.MESSAGE_RECEIVED)));
    assert.equal(atCarol[0].payload.index, 3);
    assert.equal(atCarol[1].type, 'TIMRelayElem');
    assert.equal(atCarol[1].payload.messageList.length, 4);
    assert.equal(atCarol[1].payload.title, 'chat with alice');

    assert.throws(() => alice.chat.createLocationMessage({ to: b, conversationType: C2C, payload: { description: 'x' } }), { code: 10004 });
    assert.throws(() => alice.chat.createMergerMessage({ to: b, conversationType: C2C, payload: { messageList: [] } }), { code: 10004 });
    for (const chat of [alice.chat, bob.chat, carol.chat]) await chat.destroy();
  });

  it("the sender's nick and face travel with the message", async () => {
    const { b, alice, bob } = await pair();
    await alice.chat.updateMyProfile({ nick: 'Alice A.', avatar: 'https://example.com/alice.png' });
    await alice.chat.sendMessage(text(alice.chat, b, 'who am I'));
    const [got] = await bob.next(Chat.EVENT.MESSAGE_RECEIVED);
    assert.equal(got.nick, 'Alice A.');
    assert.equal(got.avatar, 'https://example.com/alice.png');
    await alice.chat.destroy();
    await bob.chat.destroy();
  });
});
