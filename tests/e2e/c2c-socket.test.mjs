// E2E tests of the client socket's one-to-one commands (raw /ws, no browser), against the real worker (wrangler dev):
// online-only sends (typing indicators), recall, read, delete-for-me, modify, and the conversation list with its
// unread counts. Error codes follow Tencent's (tests/support/TENCENT_REST_NOTES.md §16, §17).
//
// Frames (StoredMessage = {seq, from, to, random, time, msgKey, msgBody, cloudCustomData, offlinePushInfo?, recalled?,
// deleted?}):
//   {"cmd":"send",…,"onlineOnly":true}            → ack; the receiver's sockets get {"type":"msg"} with seq 0
//   {"cmd":"recall","reqId","peer","msgKey"}        → ack; both users' other sockets get {"type":"revoked","message"}
//   {"cmd":"read","reqId","peer"}                   → done; my other sockets get {"type":"conversation"}; the peer gets
//                                                     {"type":"peerRead","peer":<me>,"time"}
//   {"cmd":"delete","reqId","peer","msgKeys":[…]}   → done; my sync shows {deleted: true} tombstones
//   {"cmd":"modify","reqId","peer","msgKey","msgBody","cloudCustomData"} → ack; both users' other sockets get
//                                                     {"type":"modified","message"}
//   {"cmd":"conversations","reqId"}                 → {"type":"conversations","reqId","conversations":[{peer,
//                                                     unreadCount, lastMessage, readSeq, …}]}
//
// Where Tencent is silent these tests choose:
// - read and delete answer {"type":"done","reqId"}; recall and modify answer {"type":"ack","reqId","message"} with the
//   changed copy (the engine updates its message from it); an online-only send is acked with seq 0.
// - The requesting socket gets the reply; pushes are asserted on the peer's sockets and on the requester's *other*
//   device (a second login on another platform), not on the requesting socket itself.
// - Recall or modify by someone who did not send the message → 10007 (操作权限不足; Tencent documents no C2C code);
//   recall of an unknown msgKey → 20022; of a recalled one → 20023; past the window → 20016.
// - A recalled message stays in sync with recalled: true. A deleted one stays as a tombstone: same seq and msgKey,
//   deleted: true, so sync stays gap-free; the peer's copy is untouched.
// - readSeq is my inbox seq up to which the conversation is read (= lastMessage.seq once read).
// - The conversation list is ordered by last activity, newest first; same-second activity is ordered by inbox seq.
// - Unread counts stop at 250 per conversation (SPEC §5); the messages beyond are still stored.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, afterEach, before, describe, test } from 'node:test';
import { login, randomU32, textBody } from '../support/rawsocket.mjs';
import { show } from '../support/rest.mjs';
import { devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

const CODE = {
  NOT_YOURS: 10007, // 操作权限不足 (chosen; see above)
  RECALL_TIME_LIMIT: 20016, // 消息撤回超过了时间限制（默认2分钟）
  RECALL_NOT_FOUND: 20022, // 请求撤回的消息不存在
  ALREADY_RECALLED: 20023, // 消息已经被撤回
};
const UNREAD_CAP = 250;

function textOf(message) {
  return message?.msgBody?.[0]?.MsgContent?.Text;
}

/** A typing indicator as Tencent's apps send it: a custom element. */
function typingBody() {
  return [{ MsgType: 'TIMCustomElem', MsgContent: { Data: '{"businessID":"user_typing_status","typingStatus":1}', Desc: '', Ext: '', Sound: '' } }];
}

function assertDone(reply, what) {
  assert.equal(reply.type, 'done', `${what} succeeds with {"type":"done"}: ${show(reply)}`);
}

/** Recall and modify succeed with an ack carrying the changed copy. */
function assertAcked(reply, msgKey, what) {
  assert.equal(reply.type, 'ack', `${what} succeeds with {"type":"ack"}: ${show(reply)}`);
  assert.equal(reply.message?.msgKey, msgKey, `${what} returns the changed message: ${show(reply)}`);
}

function assertError(reply, code, what) {
  assert.equal(reply.type, 'error', `${what} is refused: ${show(reply)}`);
  assert.equal(reply.code, code, `${what} is refused with ${code}: ${show(reply)}`);
  assert.equal(typeof reply.message, 'string');
}

/** Shared by both workers: login helpers over a list of sockets closed after each test. */
function harness(getWorker) {
  let sockets = [];

  async function closeAll() {
    await Promise.all(sockets.map((socket) => socket.close()));
    sockets = [];
  }

  /** Logs `id` in (a fresh unique user unless `id` is given) on `platform`. */
  async function user(prefix, { id = uniqueID(prefix), platform = 'Web' } = {}) {
    const { url } = getWorker();
    const { socket } = await login(url, id, await devUserSig(url, id), { platform });
    sockets.push(socket);
    return { id, socket };
  }

  /** The same user on a second device. */
  async function device(id, platform = 'Android') {
    return (await user('', { id, platform })).socket;
  }

  function send(socket, to, text, extra = {}) {
    return socket.request({ cmd: 'send', to, random: randomU32(), msgBody: textBody(text), cloudCustomData: '', ...extra });
  }

  async function sendOk(socket, to, text, extra) {
    const reply = await send(socket, to, text, extra);
    assert.equal(reply.type, 'ack', `expected an ack, got ${show(reply)}`);
    return reply.message;
  }

  async function syncAll(socket, since = 0) {
    const messages = [];
    for (;;) {
      const reply = await socket.request({ cmd: 'sync', since });
      assert.equal(reply.type, 'sync', `expected a sync reply, got ${show(reply)}`);
      messages.push(...reply.messages);
      if (reply.complete) return messages;
      assert.ok(reply.messages.length > 0, 'an incomplete sync reply makes progress');
      since = reply.messages.at(-1).seq;
    }
  }

  async function conversations(socket) {
    const reply = await socket.request({ cmd: 'conversations' });
    assert.equal(reply.type, 'conversations', `expected a conversations reply, got ${show(reply)}`);
    assert.ok(Array.isArray(reply.conversations), show(reply));
    for (const c of reply.conversations) {
      assert.equal(typeof c.peer, 'string', show(c));
      assert.ok(Number.isInteger(c.unreadCount) && c.unreadCount >= 0, show(c));
      assert.ok(Number.isInteger(c.readSeq) && c.readSeq >= 0, show(c));
    }
    return reply.conversations;
  }

  async function conversationWith(socket, peer) {
    return (await conversations(socket)).find((c) => c.peer === peer);
  }

  return { closeAll, user, device, send, sendOk, syncAll, conversations, conversationWith };
}

describe('client socket: one-to-one commands on the default dev worker', () => {
  let worker;
  const h = harness(() => worker);
  const { user, device, send, sendOk, syncAll, conversations, conversationWith } = h;

  before(async () => {
    worker = await startWorker();
  });

  after(async () => {
    await worker?.stop();
  });

  afterEach(async () => {
    await h.closeAll();
  });

  test('an onlineOnly send (typing) reaches the online receiver with seq 0, is never stored and never unread', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const reply = await alice.socket.request({
      cmd: 'send', to: bob.id, random: randomU32(), msgBody: typingBody(), cloudCustomData: '', onlineOnly: true,
    });
    assert.equal(reply.type, 'ack', show(reply));
    assert.equal(reply.message.seq, 0, 'an online-only message takes no inbox position');

    const push = await bob.socket.nextOfType('msg');
    assert.equal(push.message.seq, 0, show(push));
    assert.equal(push.message.from, alice.id);
    assert.deepEqual(push.message.msgBody, typingBody());

    assert.deepEqual(await syncAll(bob.socket), [], "never in the receiver's inbox");
    assert.deepEqual(await syncAll(alice.socket), [], "never in the sender's inbox");
    const conv = await conversationWith(bob.socket, alice.id);
    assert.ok(!conv || conv.unreadCount === 0, `no unread: ${show(conv)}`);

    // The next real message is the first of Bob's inbox: the typing indicator took no seq.
    await sendOk(alice.socket, bob.id, 'now for real');
    const real = await bob.socket.nextOfType('msg');
    assert.equal(real.message.seq, 1, show(real));
  });

  test('recall: the sender within the window → both sides get revoked and sync shows recalled', async () => {
    const alice = await user('alice');
    const alice2 = await device(alice.id);
    const bob = await user('bob');
    const sent = await sendOk(alice.socket, bob.id, 'take this back');
    await bob.socket.nextOfType('msg');

    assertError(await bob.socket.request({ cmd: 'recall', peer: alice.id, msgKey: sent.msgKey }), CODE.NOT_YOURS,
      "the receiver recalling the sender's message");
    assertError(await alice.socket.request({ cmd: 'recall', peer: bob.id, msgKey: `${randomU32()}_1_${sent.time}` }),
      CODE.RECALL_NOT_FOUND, 'recalling an unknown msgKey');

    assertAcked(await alice.socket.request({ cmd: 'recall', peer: bob.id, msgKey: sent.msgKey }), sent.msgKey, 'the recall');
    for (const [who, socket] of [['Bob', bob.socket], ["Alice's other device", alice2]]) {
      const frame = await socket.next((f) => f.type === 'revoked' && f.message?.msgKey === sent.msgKey,
        { what: `the revoked frame on ${who}` });
      assert.equal(frame.message.from, alice.id, who);
    }
    for (const [who, socket] of [['Bob', bob.socket], ['Alice', alice.socket]]) {
      const stored = (await syncAll(socket)).find((m) => m.msgKey === sent.msgKey);
      assert.ok(stored, `${who} still has the message`);
      assert.equal(stored.recalled, true, `${who}'s copy is recalled`);
      assert.equal(stored.seq, who === 'Bob' ? 1 : sent.seq, `${who}'s copy keeps its seq`);
    }

    assertError(await alice.socket.request({ cmd: 'recall', peer: bob.id, msgKey: sent.msgKey }), CODE.ALREADY_RECALLED,
      'recalling it twice');
  });

  test('read: unread becomes 0 on every device; the other device gets conversation, the peer gets peerRead', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const bob2 = await device(bob.id);
    const sent = [];
    for (let i = 1; i <= 3; i += 1) sent.push(await sendOk(alice.socket, bob.id, `unread ${i}`));

    const before = await conversationWith(bob.socket, alice.id);
    assert.ok(before, 'Bob has a conversation with Alice');
    assert.equal(before.unreadCount, 3);
    assert.equal(before.lastMessage.msgKey, sent[2].msgKey);
    assert.ok(before.readSeq < before.lastMessage.seq, show(before));

    assertDone(await bob.socket.request({ cmd: 'read', peer: alice.id }), 'read');
    await bob2.next((f) => f.type === 'conversation', { what: "a conversation frame on Bob's other device" });
    for (const [who, socket] of [['Bob', bob.socket], ["Bob's other device", bob2]]) {
      const after = await conversationWith(socket, alice.id);
      assert.equal(after.unreadCount, 0, `${who}: ${show(after)}`);
      assert.equal(after.readSeq, after.lastMessage.seq, `${who} has read up to the last message`);
    }
    const receipt = await alice.socket.next((f) => f.type === 'peerRead' && f.peer === bob.id,
      { what: "Alice's peerRead from Bob" });
    assert.equal(receipt.peer, bob.id);
  });

  test('delete is for me only: my sync shows deleted tombstones at the same seq, the peer’s copy is intact', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const sent = [];
    for (let i = 1; i <= 3; i += 1) sent.push(await sendOk(alice.socket, bob.id, `keep or not ${i}`));

    assertDone(await alice.socket.request({ cmd: 'delete', peer: bob.id, msgKeys: [sent[1].msgKey] }), 'delete');
    const mine = await syncAll(alice.socket);
    assert.deepEqual(mine.map((m) => m.seq), sent.map((m) => m.seq), 'seqs are kept, sync stays gap-free');
    for (let i = 1; i < mine.length; i += 1) assert.equal(mine[i].seq, mine[i - 1].seq + 1, 'no gaps');
    assert.equal(mine[1].deleted, true, `the deleted message is a tombstone: ${show(mine[1])}`);
    assert.equal(mine[1].msgKey, sent[1].msgKey);
    for (const i of [0, 2]) {
      assert.ok(!mine[i].deleted, `message ${i + 1} is not deleted`);
      assert.deepEqual(mine[i].msgBody, sent[i].msgBody);
    }

    const theirs = await syncAll(bob.socket);
    assert.equal(theirs.length, 3, "Bob's inbox still has all three");
    for (const [i, m] of theirs.entries()) {
      assert.ok(!m.deleted, `Bob's copy ${i + 1} is not deleted`);
      assert.equal(m.msgKey, sent[i].msgKey);
      assert.deepEqual(m.msgBody, sent[i].msgBody);
    }
  });

  test('modify: both sides get modified and sync shows the new body and CloudCustomData', async () => {
    const alice = await user('alice');
    const alice2 = await device(alice.id);
    const bob = await user('bob');
    const sent = await sendOk(alice.socket, bob.id, 'tpyo');
    await bob.socket.nextOfType('msg');
    const msgBody = [
      { MsgType: 'TIMTextElem', MsgContent: { Text: 'typo' } },
      { MsgType: 'TIMFaceElem', MsgContent: { Index: 2, Data: 'fixed' } },
    ];

    assertError(await bob.socket.request({
      cmd: 'modify', peer: alice.id, msgKey: sent.msgKey, msgBody: textBody('not mine'), cloudCustomData: '',
    }), CODE.NOT_YOURS, "the receiver modifying the sender's message");

    assertAcked(await alice.socket.request({
      cmd: 'modify', peer: bob.id, msgKey: sent.msgKey, msgBody, cloudCustomData: 'edited',
    }), sent.msgKey, 'modify');
    for (const [who, socket] of [['Bob', bob.socket], ["Alice's other device", alice2]]) {
      const frame = await socket.next((f) => f.type === 'modified' && f.message?.msgKey === sent.msgKey,
        { what: `the modified frame on ${who}` });
      assert.deepEqual(frame.message.msgBody, msgBody, who);
      assert.equal(frame.message.cloudCustomData, 'edited', who);
    }
    for (const [who, socket] of [['Bob', bob.socket], ['Alice', alice.socket]]) {
      const stored = (await syncAll(socket)).find((m) => m.msgKey === sent.msgKey);
      assert.deepEqual(stored?.msgBody, msgBody, `${who}'s sync shows the new body`);
      assert.equal(stored.cloudCustomData, 'edited');
    }
  });

  test('the conversation list: newest first, with the last message and unread counts', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');
    const dave = await user('dave');
    await sendOk(bob.socket, alice.id, 'from bob 1');
    await sendOk(carol.socket, alice.id, 'from carol');
    const fromDave = await sendOk(dave.socket, alice.id, 'from dave');

    let list = await conversations(alice.socket);
    assert.deepEqual(list.map((c) => c.peer), [dave.id, carol.id, bob.id], 'newest first');
    assert.deepEqual(list.map((c) => c.unreadCount), [1, 1, 1]);
    assert.equal(list[0].lastMessage.msgKey, fromDave.msgKey);
    assert.deepEqual(list.map((c) => textOf(c.lastMessage)), ['from dave', 'from carol', 'from bob 1']);

    const again = await sendOk(bob.socket, alice.id, 'from bob 2');
    list = await conversations(alice.socket);
    assert.deepEqual(list.map((c) => c.peer), [bob.id, dave.id, carol.id], "Bob's new message moves him first");
    assert.equal(list[0].unreadCount, 2);
    assert.equal(list[0].lastMessage.msgKey, again.msgKey);

    // My own message updates my list too, without unread.
    await sendOk(alice.socket, carol.id, 'to carol');
    list = await conversations(alice.socket);
    assert.equal(list[0].peer, carol.id);
    assert.equal(textOf(list[0].lastMessage), 'to carol');
    assert.equal(list[0].unreadCount, 1, 'my own message adds no unread');
  });

  test('a send to an invalid receiver or with an invalid element is refused and stores nothing', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const bad = await alice.socket.request({
      cmd: 'send', to: bob.id, random: randomU32(), cloudCustomData: '',
      msgBody: [{ MsgType: 'TIMImageElem', MsgContent: { UUID: 'x', ImageFormat: 7, ImageInfoArray: [] } }],
    });
    assertError(bad, 10004, 'an image with ImageFormat 7');
    assertError(await send(alice.socket, 'bad id!', 'x'), 10004, 'an invalid receiver');
    assert.deepEqual(await syncAll(alice.socket), []);
    assert.deepEqual(await syncAll(bob.socket), []);
  });
});

// A worker with a 1 s recall window, and ten times the default client budget (100 messages at
// once per user) for a burst of 251 messages over one socket.
describe('client socket with RECALL_WINDOW_SECS=1 and CLIENT_RATE_SCALE=10', () => {
  let worker;
  const h = harness(() => worker);
  const { user, sendOk, syncAll, conversationWith } = h;
  const WINDOW_SECS = 1;

  before(async () => {
    worker = await startWorker({ vars: { RECALL_WINDOW_SECS: WINDOW_SECS, CLIENT_RATE_SCALE: 10 } });
  });

  after(async () => {
    await worker?.stop();
  });

  afterEach(async () => {
    await h.closeAll();
  });

  test('unread is capped at 250 per conversation; all 251 messages are stored', async () => {
    const alice = await user('alice');
    const carol = await user('carol');
    const total = UNREAD_CAP + 1;
    // One burst over one socket: the requests go out together, the acks are awaited together.
    const replies = await Promise.all(Array.from({ length: total }, (_, i) => carol.socket.request({
      cmd: 'send', to: alice.id, random: randomU32(), msgBody: textBody(`burst ${i + 1}`), cloudCustomData: '',
    }, { timeout: 180_000 })));
    const refused = replies.filter((r) => r.type !== 'ack');
    assert.deepEqual(refused, [], 'every send is acked');

    const conv = await conversationWith(alice.socket, carol.id);
    assert.equal(conv.unreadCount, UNREAD_CAP, show(conv));
    assert.equal(conv.lastMessage.from, carol.id);
    const stored = (await syncAll(alice.socket)).filter((m) => m.from === carol.id);
    assert.equal(stored.length, total, 'the messages beyond the cap are still stored');
  });

  test('a recall after the window gets 20016 and the message stays', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const sent = await sendOk(alice.socket, bob.id, 'too late to take back');
    await bob.socket.nextOfType('msg');

    // `time` is the server's second of the send; wait for a real boundary strictly past the window.
    const deadline = (sent.time + WINDOW_SECS + 1) * 1000 + 100;
    while (Date.now() < deadline) await delay(50);

    assertError(await alice.socket.request({ cmd: 'recall', peer: bob.id, msgKey: sent.msgKey }),
      CODE.RECALL_TIME_LIMIT, 'a recall past the window');
    const stored = (await syncAll(bob.socket)).find((m) => m.msgKey === sent.msgKey);
    assert.ok(stored && !stored.recalled, `Bob's copy is not recalled: ${show(stored)}`);
  });
});
