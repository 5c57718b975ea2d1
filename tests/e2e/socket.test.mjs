// E2E tests of the worker's raw client socket protocol (/ws) from Node with `ws`: frames, errors, delivery, sync, dedupe.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { login, randomU32, textBody } from '../support/rawsocket.mjs';
import { devUserSig, uniqueID } from '../support/worker.mjs';
import { rest } from '../support/rest.mjs';
import { devWorkerSuite } from '../support/suite.mjs';

const MAX_BODY_BYTES = 12 * 1024;

describe('raw client socket protocol', () => {
  const suite = devWorkerSuite();

  /** A fresh ID the app server imported (a message never creates an account; a login would). */
  async function importedID(prefix) {
    const id = uniqueID(prefix);
    const body = await rest(suite.url, 'im_open_login_svc/account_import', { UserID: id });
    assert.equal(body.ErrorCode, 0, JSON.stringify(body));
    return id;
  }

  /** Logs a fresh unique user in over the raw socket. */
  async function user(prefix) {
    const id = uniqueID(prefix);
    const sig = await devUserSig(suite.url, id);
    const { socket, login: frame } = await login(suite.url, id, sig);
    suite.track(socket);
    return { id, socket, login: frame };
  }

  function send(socket, to, text, extra = {}) {
    return socket.request({ cmd: 'send', to, random: randomU32(), msgBody: textBody(text), cloudCustomData: '', ...extra });
  }

  /** Sends and asserts the ack; resolves with the stored message. */
  async function sendOk(socket, to, text, extra) {
    const reply = await send(socket, to, text, extra);
    assert.equal(reply.type, 'ack', `expected an ack, got ${JSON.stringify(reply)}`);
    return reply.message;
  }

  /** Syncs from `since` until `complete`, checking each reply; resolves with all messages and the replies. */
  async function syncAll(socket, since = 0) {
    const messages = [];
    const replies = [];
    for (;;) {
      const reply = await socket.request({ cmd: 'sync', since });
      assert.equal(reply.type, 'sync', `expected a sync reply, got ${JSON.stringify(reply)}`);
      assert.ok(reply.messages.length <= 100, `a sync reply holds at most 100 messages, got ${reply.messages.length}`);
      replies.push(reply);
      messages.push(...reply.messages);
      if (reply.complete) break;
      assert.ok(reply.messages.length > 0, 'an incomplete sync reply must make progress');
      since = reply.messages.at(-1).seq;
    }
    return { messages, replies };
  }

  function assertStoredMessage(message, { from, to, text, random }) {
    assert.equal(typeof message.seq, 'number');
    assert.ok(message.seq > 0, `seq is positive, got ${message.seq}`);
    assert.equal(message.from, from);
    assert.equal(message.to, to);
    if (random !== undefined) assert.equal(message.random, random);
    assert.equal(typeof message.msgKey, 'string');
    assert.ok(message.msgKey.length > 0, 'msgKey is not empty');
    assert.ok(Math.abs(message.time - Date.now() / 1000) < 600, `time is server unix seconds, got ${message.time}`);
    assert.deepEqual(message.msgBody, textBody(text));
    assert.equal(message.cloudCustomData, '');
  }

  test('login frame names the user; a new user has an empty inbox', async () => {
    const alice = await user('alice');
    assert.equal(alice.login.type, 'login');
    assert.equal(alice.login.userID, alice.id);
    assert.equal(alice.login.maxSeq, 0);
  });

  test("ping gets pong with the same reqId, the newest inbox seq and the server's clock", async () => {
    const { socket } = await user('alice');
    const { serverTime, ...pong } = await socket.request({ cmd: 'ping', reqId: 41 });
    assert.deepEqual(pong, { type: 'pong', reqId: 41, maxSeq: 0 });
    assert.ok(Math.abs(serverTime - Date.now() / 1000) < 60, `serverTime ${serverTime} is unix seconds, now`);
  });

  test('a frame that is not JSON gets error 60003 and the socket stays open', async () => {
    const { socket } = await user('alice');
    socket.send('this is {not json');
    const error = await socket.nextOfType('error');
    assert.equal(error.code, 60003);
    assert.equal(typeof error.message, 'string');
    assert.ok(socket.isOpen, 'the socket stays open after a bad frame');
    const { serverTime: _, ...pong } = await socket.request({ cmd: 'ping', reqId: 2 });
    assert.deepEqual(pong, { type: 'pong', reqId: 2, maxSeq: 0 });
  });

  test('a JSON frame without reqId gets error 60003', async () => {
    const { socket } = await user('alice');
    socket.send({ cmd: 'ping' });
    assert.equal((await socket.nextOfType('error')).code, 60003);
    socket.send('[1, 2, 3]');
    assert.equal((await socket.nextOfType('error')).code, 60003);
    assert.equal((await socket.request({ cmd: 'ping' })).type, 'pong');
  });

  test('an unknown cmd gets error 10004 with its reqId', async () => {
    const { socket } = await user('alice');
    const reply = await socket.request({ cmd: 'teleport', reqId: 7 });
    assert.equal(reply.type, 'error');
    assert.equal(reply.reqId, 7);
    assert.equal(reply.code, 10004);
    assert.equal((await socket.request({ cmd: 'ping' })).type, 'pong');
  });

  test('an invalid receiver UserID or an empty body gets error 10004', async () => {
    const alice = await user('alice');
    for (const to of ['bad id!', 'x'.repeat(33), '']) {
      const reply = await send(alice.socket, to, 'hello');
      assert.equal(reply.type, 'error', `sending to ${JSON.stringify(to)}`);
      assert.equal(reply.code, 10004, `sending to ${JSON.stringify(to)}`);
    }
    const empty = await alice.socket.request({
      cmd: 'send', to: uniqueID('bob'), random: randomU32(), msgBody: [], cloudCustomData: '',
    });
    assert.equal(empty.type, 'error');
    assert.equal(empty.code, 10004);
  });

  test('a body over 12 KB gets error 80002; exactly 12 KB is accepted', async () => {
    const alice = await user('alice');
    const bob = await importedID('bob');
    const overhead = Buffer.byteLength(JSON.stringify(textBody('')));
    const atLimit = 'a'.repeat(MAX_BODY_BYTES - overhead);
    assert.equal(Buffer.byteLength(JSON.stringify(textBody(atLimit))), MAX_BODY_BYTES);

    const tooBig = await send(alice.socket, bob, `${atLimit}b`); // 12,289 bytes of MsgBody JSON
    assert.equal(tooBig.type, 'error');
    assert.equal(tooBig.code, 80002);

    const fits = await send(alice.socket, bob, atLimit);
    assert.equal(fits.type, 'ack', `a 12,288-byte body is accepted, got ${JSON.stringify(fits).slice(0, 300)}`);
  });

  test('a message reaches the online receiver; the sending socket gets only the ack', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const random = randomU32();
    const text = `hello ${bob.id}`;

    const stored = await sendOk(alice.socket, bob.id, text, { random });
    assertStoredMessage(stored, { from: alice.id, to: bob.id, text, random });

    const push = await bob.socket.nextOfType('msg');
    assertStoredMessage(push.message, { from: alice.id, to: bob.id, text, random });

    // The socket handles frames in order: once this pong is back, any push for the send would be too.
    assert.equal((await alice.socket.request({ cmd: 'ping' })).type, 'pong');
    assert.deepEqual(alice.socket.buffered('msg'), [], 'the sending socket gets no msg push of its own send');
  });

  test("each user's copy has its own seq in that user's inbox", async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');

    const a1 = await sendOk(alice.socket, bob.id, 'from alice');
    const c1 = await sendOk(carol.socket, bob.id, 'from carol');
    const bobFirst = (await bob.socket.nextOfType('msg')).message;
    const bobSecond = (await bob.socket.nextOfType('msg')).message;

    assert.equal(bobFirst.from, alice.id);
    assert.equal(bobSecond.from, carol.id);
    assert.equal(bobSecond.seq, bobFirst.seq + 1, "bob's inbox numbers his copies consecutively");
    assert.equal(c1.seq, a1.seq, "carol's first message is at the same position in her inbox as alice's in hers");

    const { messages, replies } = await syncAll(bob.socket);
    assert.deepEqual(messages.map((m) => [m.from, m.seq]), [[alice.id, bobFirst.seq], [carol.id, bobSecond.seq]]);
    assert.equal(replies.at(-1).maxSeq, bobSecond.seq);

    const aliceSync = await syncAll(alice.socket);
    assert.deepEqual(aliceSync.messages.map((m) => [m.to, m.seq]), [[bob.id, a1.seq]]);
  });

  test('the same random sent twice to the same peer is stored once', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const random = randomU32();
    const text = 'sent twice';

    const first = await sendOk(alice.socket, bob.id, text, { random });
    const second = await sendOk(alice.socket, bob.id, text, { random });
    assert.equal(second.seq, first.seq, 'the retry is acked with the stored seq');
    assert.equal(second.msgKey, first.msgKey, 'the retry is acked with the stored msgKey');

    const { messages } = await syncAll(bob.socket);
    assert.equal(messages.filter((m) => m.random === random).length, 1, 'bob has the message once');
    assert.equal(messages.length, 1);
  });

  test('a message to an offline user is delivered by sync after login', async () => {
    const alice = await user('alice');
    const bobID = await importedID('bob');
    const text = 'while you were away';
    await sendOk(alice.socket, bobID, text);

    const { socket, login: frame } = await login(suite.url, bobID, await devUserSig(suite.url, bobID));
    suite.track(socket);
    assert.ok(frame.maxSeq > 0, `the login frame reports the waiting message, got maxSeq ${frame.maxSeq}`);
    const { messages } = await syncAll(socket);
    assert.equal(messages.length, 1);
    assertStoredMessage(messages[0], { from: alice.id, to: bobID, text });
    assert.equal(messages[0].seq, frame.maxSeq);
  });

  test('sync returns messages after `since`, oldest first, at most 100 per reply', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const total = 101;
    for (let i = 1; i <= total; i += 1) await sendOk(alice.socket, bob.id, `m${i}`);

    const { messages, replies } = await syncAll(bob.socket);
    assert.ok(replies.length >= 2, `101 messages need at least two sync replies, got ${replies.length}`);
    assert.deepEqual(messages.map((m) => m.msgBody[0].MsgContent.Text), Array.from({ length: total }, (_, i) => `m${i + 1}`));
    for (let i = 1; i < messages.length; i += 1) {
      assert.ok(messages[i].seq > messages[i - 1].seq, 'seqs ascend');
    }
    assert.equal(replies.at(-1).maxSeq, messages.at(-1).seq);

    const tail = await syncAll(bob.socket, messages[97].seq);
    assert.deepEqual(tail.messages.map((m) => m.seq), messages.slice(98).map((m) => m.seq));

    const none = await bob.socket.request({ cmd: 'sync', since: messages.at(-1).seq });
    assert.deepEqual(none.messages, []);
    assert.equal(none.complete, true);
  });

  test('history pages backwards through one conversation, oldest first', async () => {
    const alice = await user('alice');
    const bob = await user('bob');
    const carol = await user('carol');
    for (let i = 1; i <= 20; i += 1) {
      await sendOk(i % 2 ? alice.socket : bob.socket, i % 2 ? bob.id : alice.id, `h${i}`);
      if (i === 10) await sendOk(carol.socket, bob.id, 'not in this conversation');
    }
    const texts = (reply) => reply.messages.map((m) => m.msgBody[0].MsgContent.Text);

    const newest = await bob.socket.request({ cmd: 'history', peer: alice.id, beforeSeq: null, count: 15 });
    assert.equal(newest.type, 'history', JSON.stringify(newest).slice(0, 300));
    assert.deepEqual(texts(newest), Array.from({ length: 15 }, (_, i) => `h${i + 6}`));
    assert.equal(newest.complete, false);

    const older = await bob.socket.request({
      cmd: 'history', peer: alice.id, beforeSeq: newest.messages[0].seq, count: 15,
    });
    assert.deepEqual(texts(older), ['h1', 'h2', 'h3', 'h4', 'h5']);
    assert.equal(older.complete, true);

    const aliceSide = await alice.socket.request({ cmd: 'history', peer: bob.id, beforeSeq: null, count: 15 });
    assert.deepEqual(texts(aliceSide), Array.from({ length: 15 }, (_, i) => `h${i + 6}`));
  });
});
