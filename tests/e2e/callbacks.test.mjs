// Callbacks to the app's back end (#16), against a real HTTP receiver started here: the worker
// calls C2C.CallbackBeforeSendMsg before a one-to-one message is delivered, with Tencent's URL
// parameters, a valid Sign and Tencent's body; the answer allows, refuses (20006, or the app's
// own code in 120001..130000), drops (the sender is told it succeeded) or rewrites the message;
// a receiver that takes 3 s is passed by (2 s, fail open). After delivery the worker sends
// C2C.CallbackAfterSendMsg (with what the before-callback rewrote) until the receiver answers
// 2xx: a receiver that answers 500 twice still gets it. REST sendmsg honours
// ForbidCallbackControl.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';
import { adminSig, assertOk, rest } from '../support/rest.mjs';
import { login, randomU32, textBody } from '../support/rawsocket.mjs';
import { freePort, startWorker, uniqueID } from '../support/worker.mjs';

const TOKEN = 'callback-test-token';
const calls = [];
/** After-send callbacks taken (answered 200), by the message's text and by `key:<MsgKey>`. */
const afterTaken = new Map();
const afterAttempts = new Map();

function takenAfter(text) {
  if (!afterTaken.has(text)) {
    let resolve;
    const promise = new Promise((r) => { resolve = r; });
    afterTaken.set(text, { promise, resolve });
  }
  return afterTaken.get(text).promise;
}
let receiver;
let worker;

/** What the app answers (HTTP status and body), by the message's text. */
async function answer(body) {
  const text = body.MsgBody?.[0]?.MsgContent?.Text ?? '';
  if (body.CallbackCommand === 'C2C.CallbackAfterSendMsg') {
    const attempts = (afterAttempts.get(body.MsgKey) ?? 0) + 1;
    afterAttempts.set(body.MsgKey, attempts);
    if (text.startsWith('flaky') && attempts <= 2) return { status: 500, reply: { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'down' } };
    for (const name of [text, `key:${body.MsgKey}`]) {
      takenAfter(name);
      afterTaken.get(name).resolve({ body, attempts });
    }
    return { status: 200, reply: { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } };
  }
  return { status: 200, reply: await beforeAnswer(text) };
}

async function beforeAnswer(text) {
  if (text.startsWith('slow')) await new Promise((r) => setTimeout(r, 3_000));
  if (text.startsWith('refuse')) return { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'not allowed here' };
  if (text.startsWith('custom')) return { ActionStatus: 'OK', ErrorCode: 120_003, ErrorInfo: 'custom refusal' };
  if (text.startsWith('drop')) return { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' };
  if (text.startsWith('modify')) {
    return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', MsgBody: textBody('***'), CloudCustomData: 'rewritten' };
  }
  return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
}

before(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => { raw += chunk; });
    req.on('end', async () => {
      const url = new URL(req.url, `http://127.0.0.1:${port}`);
      const body = JSON.parse(raw);
      calls.push({ method: req.method, url, body });
      const { status, reply } = await answer(body);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply));
    });
  });
  await new Promise((r) => receiver.listen(port, '127.0.0.1', r));
  worker = await startWorker({ vars: { CALLBACK_URL: `http://127.0.0.1:${port}/im`, CALLBACK_TOKEN: TOKEN } });
});

after(async () => {
  await worker?.stop();
  await new Promise((r) => receiver?.close(r));
});

async function pair() {
  const [a, b] = [uniqueID('cba'), uniqueID('cbb')];
  for (const id of [a, b]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const alice = (await login(worker.url, a, adminSig(a))).socket;
  const bob = (await login(worker.url, b, adminSig(b))).socket;
  return { a, b, alice, bob };
}

const send = (socket, to, text) => socket.request({ cmd: 'send', to, random: randomU32(), msgBody: textBody(text), cloudCustomData: 'original' });
const callFor = (text, command = 'C2C.CallbackBeforeSendMsg') => calls.find((c) => c.body.CallbackCommand === command && c.body.MsgBody?.[0]?.MsgContent?.Text === text);

async function texts(socket) {
  const sync = await socket.request({ cmd: 'sync', since: 0 });
  return sync.messages.map((m) => m.msgBody[0].MsgContent.Text);
}

test('before a one-to-one message: Tencent\'s URL, Sign and body; allow, refuse, drop and rewrite', async () => {
  const { a, b, alice, bob } = await pair();
  try {
    const allowed = await send(alice, b, 'allow me');
    assert.equal(allowed.type, 'ack', JSON.stringify(allowed));
    const call = callFor('allow me');
    assert.ok(call, 'the receiver was called');
    assert.equal(call.method, 'POST');
    const q = call.url.searchParams;
    assert.equal(call.url.pathname, '/im');
    assert.equal(q.get('SdkAppid'), '1400000000');
    assert.equal(q.get('CallbackCommand'), 'C2C.CallbackBeforeSendMsg');
    assert.equal(q.get('contenttype'), 'json');
    assert.equal(q.get('OptPlatform'), 'Web');
    const expected = createHash('sha256').update(`${TOKEN}${q.get('RequestTime')}`).digest('hex');
    assert.equal(q.get('Sign'), expected, 'Sign = sha256(token + RequestTime)');
    assert.equal(call.body.CallbackCommand, 'C2C.CallbackBeforeSendMsg');
    assert.equal(call.body.From_Account, a);
    assert.equal(call.body.To_Account, b);
    assert.equal(call.body.MsgRandom, allowed.message.random);
    assert.equal(call.body.MsgKey, allowed.message.msgKey);
    assert.equal(call.body.MsgTime, allowed.message.time);
    assert.equal(call.body.OnlineOnlyFlag, 0);
    assert.equal(call.body.CloudCustomData, 'original');

    const refused = await send(alice, b, 'refuse me');
    assert.equal(refused.type, 'error', JSON.stringify(refused));
    assert.equal(refused.code, 20006);
    assert.match(refused.message, /not allowed here/);
    const custom = await send(alice, b, 'custom refusal');
    assert.equal(custom.code, 120003, JSON.stringify(custom));
    assert.equal(custom.message, 'custom refusal');

    const dropped = await send(alice, b, 'drop me');
    assert.equal(dropped.type, 'ack', `a dropped message is acked: ${JSON.stringify(dropped)}`);

    const rewritten = await send(alice, b, 'modify me');
    assert.equal(rewritten.type, 'ack', JSON.stringify(rewritten));
    assert.deepEqual(rewritten.message.msgBody, textBody('***'), 'the sender sees what was sent');
    assert.equal(rewritten.message.cloudCustomData, 'rewritten');

    assert.deepEqual(await texts(bob), ['allow me', '***'], 'only what was allowed reached the receiver, rewritten');
    assert.deepEqual(await texts(alice), ['allow me', '***'], 'and the sender\'s own copies agree');
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('a receiver that takes 3 s is passed by: the message goes through unchanged', async () => {
  const { b, alice, bob } = await pair();
  try {
    const slow = await send(alice, b, 'slow but fine');
    assert.equal(slow.type, 'ack', JSON.stringify(slow));
    assert.ok(callFor('slow but fine'), 'the receiver was called');
    assert.deepEqual(await texts(bob), ['slow but fine']);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('REST sendmsg calls back with OptPlatform RESTAPI, unless ForbidCallbackControl says not to', async () => {
  const { a, b, alice, bob } = await pair();
  try {
    const body = (text, extra = {}) => ({ From_Account: a, To_Account: b, MsgRandom: randomU32(), MsgBody: textBody(text), ...extra });
    const refused = await rest(worker.url, 'openim/sendmsg', body('refuse by rest'));
    assert.equal(refused.ErrorCode, 20006, JSON.stringify(refused));
    assert.equal(callFor('refuse by rest').url.searchParams.get('OptPlatform'), 'RESTAPI');
    const forbidden = await rest(worker.url, 'openim/sendmsg', body('refuse but forbidden', { ForbidCallbackControl: ['ForbidBeforeSendMsgCallback'] }));
    assertOk(forbidden);
    assert.equal(callFor('refuse but forbidden'), undefined, 'no callback was made');
    const bad = await rest(worker.url, 'openim/sendmsg', body('bad control', { ForbidCallbackControl: 'ForbidBeforeSendMsgCallback' }));
    assert.equal(bad.ErrorCode, 90001, JSON.stringify(bad));
    // ForbidAfterSendMsgCallback: nothing is reported. The sender's queue keeps order, so once a
    // later message's report arrived, an earlier one would have arrived before it.
    const quiet = await rest(worker.url, 'openim/sendmsg', body('quiet after', { ForbidCallbackControl: ['ForbidAfterSendMsgCallback'] }));
    assertOk(quiet);
    assert.ok(callFor('quiet after'), 'the before-callback still ran');
    assertOk(await rest(worker.url, 'openim/sendmsg', body('marker after')));
    await takenAfter('marker after');
    assert.equal(callFor('quiet after', 'C2C.CallbackAfterSendMsg'), undefined, 'no after-callback');
    assert.deepEqual(await texts(bob), ['refuse but forbidden', 'quiet after', 'marker after']);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});

test('after a one-to-one message: C2C.CallbackAfterSendMsg with the delivered message, sent again until the app takes it', async () => {
  const { a, b, alice, bob } = await pair();
  try {
    const sent = await send(alice, b, 'flaky receiver');
    assert.equal(sent.type, 'ack', JSON.stringify(sent));
    const { body, attempts } = await takenAfter('flaky receiver');
    assert.equal(attempts, 3, 'two 500s, then taken');
    assert.equal(body.From_Account, a);
    assert.equal(body.To_Account, b);
    assert.equal(body.MsgKey, sent.message.msgKey);
    assert.equal(body.MsgTime, sent.message.time);
    assert.equal(body.SendMsgResult, 0);
    assert.equal(body.ErrorInfo, 'send msg succeed');
    const after = calls.filter((c) => c.body.CallbackCommand === 'C2C.CallbackAfterSendMsg' && c.body.MsgKey === sent.message.msgKey);
    assert.ok(after.every((c) => c.url.searchParams.get('CallbackCommand') === 'C2C.CallbackAfterSendMsg'));
    assert.equal(after.length, 3);

    // A rewritten message is reported as delivered: what the before-callback made of it.
    const rewritten = await send(alice, b, 'modify then report');
    assert.equal(rewritten.type, 'ack');
    const report = await takenAfter(`key:${rewritten.message.msgKey}`);
    assert.deepEqual(report.body.MsgBody, textBody('***'));
    assert.equal(report.body.MsgKey, rewritten.message.msgKey);
    assert.equal(report.body.CloudCustomData, 'rewritten');
    // A refused one is not reported.
    assert.equal((await send(alice, b, 'refuse and no report')).code, 20006);
    assert.deepEqual(await texts(bob), ['flaky receiver', '***']);
    assert.equal(callFor('refuse and no report', 'C2C.CallbackAfterSendMsg'), undefined);
  } finally {
    await Promise.all([alice.close(), bob.close()]);
  }
});
