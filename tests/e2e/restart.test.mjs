// E2E test that stored messages and inbox sequences survive a worker restart on the same persisted state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { login, randomU32, textBody } from '../support/rawsocket.mjs';
import { rest } from '../support/rest.mjs';
import { devUserSig, removeStateDir, startWorker, tempStateDir, uniqueID } from '../support/worker.mjs';

let stateDir;

before(async () => {
  stateDir = await tempStateDir();
});

after(async () => {
  if (stateDir) await removeStateDir(stateDir);
});

async function loginAs(url, userID) {
  return login(url, userID, await devUserSig(url, userID));
}

async function sendOk(socket, to, text) {
  const reply = await socket.request({ cmd: 'send', to, random: randomU32(), msgBody: textBody(text), cloudCustomData: '' });
  assert.equal(reply.type, 'ack', JSON.stringify(reply));
  return reply.message;
}

test('messages and seqs survive a restart on the same --persist-to directory', { timeout: 300_000 }, async () => {
  const alice = uniqueID('alice');
  const bob = uniqueID('bob');

  const first = await startWorker({ persistTo: stateDir });
  let sent;
  try {
    // bob has not logged in yet: the app server imported him (a message never creates an account).
    const imported = await rest(first.url, 'im_open_login_svc/account_import', { UserID: bob });
    assert.equal(imported.ErrorCode, 0, JSON.stringify(imported));
    const { socket } = await loginAs(first.url, alice);
    sent = await sendOk(socket, bob, 'before the restart');
    await socket.close();
  } finally {
    await first.stop();
  }

  const second = await startWorker({ persistTo: stateDir });
  try {
    const { socket: bobSocket, login: frame } = await loginAs(second.url, bob);
    assert.ok(frame.maxSeq > 0, `bob's inbox kept the message, maxSeq ${frame.maxSeq}`);
    const sync = await bobSocket.request({ cmd: 'sync', since: 0 });
    assert.deepEqual(sync.messages.map((m) => m.msgBody), [textBody('before the restart')]);
    assert.equal(sync.messages[0].msgKey.length > 0, true);

    const { socket: aliceSocket, login: aliceFrame } = await loginAs(second.url, alice);
    assert.equal(aliceFrame.maxSeq, sent.seq, "alice's own copy is still at the same seq");
    await sendOk(aliceSocket, bob, 'after the restart');
    const push = await bobSocket.nextOfType('msg');
    assert.equal(push.message.seq, frame.maxSeq + 1, "bob's inbox sequence continues after the restart");

    await Promise.all([bobSocket.close(), aliceSocket.close()]);
  } finally {
    await second.stop();
  }
});

test('a user whose socket went down with the server is Offline after the restart, and Online again at login', { timeout: 300_000 }, async () => {
  const { rest } = await import('../support/rest.mjs');
  const carol = uniqueID('carol');
  const status = async (url) => {
    const body = await rest(url, 'openim/query_online_status', { To_Account: [carol] });
    assert.equal(body.ErrorCode, 0, JSON.stringify(body));
    return body.QueryResult?.[0]?.Status;
  };
  const first = await startWorker({ persistTo: stateDir });
  try {
    await loginAs(first.url, carol);
    assert.equal(await status(first.url), 'Online');
  } finally {
    // The runtime stops with the socket open: no close reaches the objects.
    await first.stop();
  }
  const second = await startWorker({ persistTo: stateDir });
  try {
    assert.equal(await status(second.url), 'Offline', 'the hub holds no socket of hers any more');
    const { socket } = await loginAs(second.url, carol);
    assert.equal(await status(second.url), 'Online');
    await socket.close();
  } finally {
    await second.stop();
  }
});
