// Sessions against the real worker: each login policy with several platforms (who is kicked,
// and why), the per-platform instance limit, UserSig expiry while connected, the heartbeat
// timeout (Offline, or PushOnline for mobile), and status subscription and kicks in the engine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import Chat from '../../engine/npm/index.js';
import { login } from '../support/rawsocket.mjs';
import { rest } from '../support/rest.mjs';
import { DEV_SECRET, SDK_APP_ID, devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

const sigFor = (user, expire = 86400) => new TLSSigAPIv2.Api(SDK_APP_ID, DEV_SECRET).genSig(user, expire);

/** Logs `user` in once per platform, in order; returns the sockets by platform. */
async function loginOn(url, user, platforms) {
  const sockets = {};
  for (const platform of platforms) {
    sockets[platform] = (await login(url, user, sigFor(user), { platform })).socket;
  }
  return sockets;
}

/** Asserts that exactly `kicked` (platform → reason) were kicked and every other socket answers. */
async function expectKicked(sockets, kicked) {
  for (const [platform, socket] of Object.entries(sockets)) {
    if (kicked[platform]) {
      const frame = await socket.nextOfType('kicked');
      assert.equal(frame.reason, kicked[platform], `${platform} kicked as ${kicked[platform]}`);
      await socket.waitClosed();
    } else {
      const pong = await socket.request({ cmd: 'ping' });
      assert.equal(pong.type, 'pong', `${platform} is still logged in`);
    }
  }
  for (const socket of Object.values(sockets)) await socket.close();
}

async function status(url, user) {
  const body = await rest(url, 'openim/query_online_status', { To_Account: [user], IsNeedDetail: 1 });
  assert.equal(body.ErrorCode, 0, JSON.stringify(body));
  return body.QueryResult[0];
}

const ORDER = ['Android', 'Web', 'Mac', 'iPhone'];
const POLICIES = {
  // single: each new platform replaces every other one.
  single: { Android: 'multipleDevice', Web: 'multipleDevice', Mac: 'multipleDevice' },
  // dual: one native platform plus Web.
  dual: { Android: 'multipleDevice', Mac: 'multipleDevice' },
  // triple: one mobile, one desktop, plus Web.
  triple: { Android: 'multipleDevice' },
  // multi: everything at once.
  multi: {},
};

for (const [policy, kicked] of Object.entries(POLICIES)) {
  describe(`login policy "${policy}"`, () => {
    let worker;
    // The triple worker also allows two instances per platform (its scenario has one of each).
    const vars = policy === 'triple' ? { LOGIN_POLICY: policy, MAX_INSTANCES_PER_PLATFORM: 2 } : { LOGIN_POLICY: policy };
    before(async () => { worker = await startWorker({ vars }); });
    after(async () => { await worker?.stop(); });

    it(`logging in on ${ORDER.join(', ')} in turn kicks ${Object.keys(kicked).join(', ') || 'nobody'}`, async () => {
      const user = uniqueID(policy);
      await expectKicked(await loginOn(worker.url, user, ORDER), kicked);
    });

    if (policy === 'multi') {
      it('a second instance on the same platform kicks the first as multipleAccount', async () => {
        const user = uniqueID('twice');
        const first = await loginOn(worker.url, user, ['Web', 'Android']);
        const second = await loginOn(worker.url, user, ['Web']);
        await expectKicked({ first: first.Web, android: first.Android, second: second.Web }, { first: 'multipleAccount' });
      });
    }

    if (policy === 'triple') {
    it('with two instances allowed per platform, the third login kicks the oldest', async () => {
      const user = uniqueID('three');
      const [a, b, c] = [
        (await login(worker.url, user, sigFor(user))).socket,
        (await login(worker.url, user, sigFor(user))).socket,
        (await login(worker.url, user, sigFor(user))).socket,
      ];
      await expectKicked({ a, b, c }, { a: 'multipleAccount' });
    });
    }
  });
}

describe('UserSig expiry, heartbeat and online status', () => {
  let worker;
  before(async () => {
    worker = await startWorker({ vars: { HEARTBEAT_TIMEOUT_SECS: 2 } });
  });
  after(async () => { await worker?.stop(); });

  it('a session whose UserSig expires while connected is kicked as userSigExpired', async () => {
    const user = uniqueID('expiring');
    const { socket } = await login(worker.url, user, sigFor(user, 3));
    // Keep the heartbeat alive so expiry, not silence, ends the session.
    const keepAlive = setInterval(() => socket.isOpen && socket.send({ cmd: 'ping', reqId: 0 }), 500);
    try {
      const frame = await socket.nextOfType('kicked', { timeout: 20_000 });
      assert.equal(frame.reason, 'userSigExpired');
      await socket.waitClosed();
    } finally {
      clearInterval(keepAlive);
    }
  });

  it('a silent web session is closed and the user goes Offline; one that pings stays', async () => {
    const silentUser = uniqueID('silent');
    const busyUser = uniqueID('busy');
    const silent = (await login(worker.url, silentUser, sigFor(silentUser))).socket;
    const busy = (await login(worker.url, busyUser, sigFor(busyUser))).socket;
    assert.equal((await status(worker.url, silentUser)).Status, 'Online');
    const keepAlive = setInterval(() => busy.send({ cmd: 'ping', reqId: 0 }), 500);
    try {
      const closed = await silent.waitClosed({ timeout: 20_000 });
      assert.equal(closed.code, 4108);
      assert.deepEqual(await status(worker.url, silentUser), { To_Account: silentUser, Status: 'Offline', Detail: [] });
      assert.equal(busy.isOpen, true, 'the session that pings is still open');
      assert.equal((await status(worker.url, busyUser)).Status, 'Online');
    } finally {
      clearInterval(keepAlive);
      await busy.close();
    }
  });

  it('a silent mobile session leaves the user PushOnline', async () => {
    const user = uniqueID('phone');
    const phone = (await login(worker.url, user, sigFor(user), { platform: 'iPhone' })).socket;
    await phone.waitClosed({ timeout: 20_000 });
    assert.deepEqual(await status(worker.url, user), {
      To_Account: user, Status: 'PushOnline', Detail: [{ Platform: 'iPhone', Status: 'PushOnline' }],
    });
  });
});

describe('status and kicks in the engine', () => {
  let worker;
  before(async () => { worker = await startWorker(); });
  after(async () => { await worker?.stop(); });

  /** A logged-in engine, and a queue of the events it emitted. */
  async function engine(userID) {
    const chat = Chat.create({ SDKAppID: SDK_APP_ID, server: worker.url, WebSocket });
    const events = [];
    const waiters = [];
    for (const name of Object.values(Chat.EVENT)) {
      chat.on(name, (event) => {
        const i = waiters.findIndex((w) => w.test(event));
        if (i >= 0) waiters.splice(i, 1)[0].resolve(event.data);
        else events.push(event);
      });
    }
    const next = (name, test = () => true) => {
      const i = events.findIndex((e) => e.name === name && test(e.data));
      if (i >= 0) return Promise.resolve(events.splice(i, 1)[0].data);
      return new Promise((resolve) => waiters.push({ test: (e) => e.name === name && test(e.data), resolve }));
    };
    await chat.login({ userID, userSig: await devUserSig(worker.url, userID) });
    return { chat, next };
  }

  it('subscribeUserStatus reports the current status and then each change', async () => {
    const watcher = await engine(uniqueID('watcher'));
    const target = uniqueID('target');
    // Only an account that exists can be watched (a never-imported ID fails with 70107).
    const ghost = await watcher.chat.subscribeUserStatus({ userIDList: [target] });
    assert.deepEqual(ghost.data.failureUserList.map((f) => [f.userID, f.code]), [[target, 70107]]);
    assert.equal((await rest(worker.url, 'im_open_login_svc/account_import', { UserID: target })).ErrorCode, 0);
    const res = await watcher.chat.subscribeUserStatus({ userIDList: [target] });
    assert.equal(res.code, 0);
    assert.deepEqual(res.data.failureUserList, []);
    const [initial] = await watcher.next(Chat.EVENT.USER_STATUS_UPDATED);
    assert.deepEqual(initial, { userID: target, statusType: Chat.TYPES.USER_STATUS_UNLOGINED, customStatus: '' });

    const t = await engine(target);
    const online = await watcher.next(Chat.EVENT.USER_STATUS_UPDATED, (d) => d[0].statusType === Chat.TYPES.USER_STATUS_ONLINE);
    assert.equal(online[0].userID, target);
    await t.chat.logout();
    const gone = await watcher.next(Chat.EVENT.USER_STATUS_UPDATED, (d) => d[0].statusType === Chat.TYPES.USER_STATUS_UNLOGINED);
    assert.equal(gone[0].userID, target);

    await assert.rejects(watcher.chat.subscribeUserStatus({ userIDList: [] }), { code: 10004 });
    await assert.rejects(watcher.chat.subscribeUserStatus({ userIDList: ['bad id'] }), { code: 10004 });
    await watcher.chat.destroy();
  });

  it('a REST kick reaches the engine as KICKED_OUT with its type', async () => {
    const userID = uniqueID('kickme');
    const e = await engine(userID);
    const body = await rest(worker.url, 'im_open_login_svc/kick', { UserID: userID });
    assert.equal(body.ErrorCode, 0);
    const kicked = await e.next(Chat.EVENT.KICKED_OUT);
    assert.equal(kicked.type, Chat.TYPES.KICKED_OUT_REST_API);
    assert.equal(e.chat.isReady(), false);
  });
});
