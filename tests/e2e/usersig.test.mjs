// E2E tests of UserSig checking at socket login, with sigs made by Tencent's public `tls-sig-api-v2` npm package.
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { connect } from '../support/rawsocket.mjs';
import { DEV_SECRET, SDK_APP_ID, devUserSig, startWorker, uniqueID } from '../support/worker.mjs';

const DAY = 86400;

/** Runs `fn` with `Date.now` pretending to be `secondsAgo` in the past (the package reads the clock itself). */
function withClockBack(secondsAgo, fn) {
  const realNow = Date.now;
  Date.now = () => realNow.call(Date) - secondsAgo * 1000;
  try {
    return fn();
  } finally {
    Date.now = realNow;
  }
}

/** Decodes a TLS v2 UserSig into its JSON document (base64url variant of the package, then zlib). */
function decodeSig(sig) {
  const base64 = sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
  return JSON.parse(inflateSync(Buffer.from(base64, 'base64')).toString('utf8'));
}

describe('UserSig checks at login', () => {
  let worker;
  const api = new TLSSigAPIv2.Api(SDK_APP_ID, DEV_SECRET);

  before(async () => {
    worker = await startWorker();
  });

  after(async () => {
    await worker?.stop();
  });

  /** Connects with `sig`; resolves with the first frame and, for a refusal, how the socket closed. */
  async function tryLogin(userID, sig) {
    const { socket, first } = await connect(worker.url, userID, sig);
    if (first.type === 'login') {
      await socket.close();
      return { first };
    }
    try {
      return { first, closed: await socket.waitClosed() };
    } finally {
      await socket.close();
    }
  }

  async function assertRefused(userID, sig, code) {
    const { first, closed } = await tryLogin(userID, sig);
    assert.equal(first.type, 'error', `expected an error frame, got ${JSON.stringify(first)}`);
    assert.equal(first.code, code, `expected code ${code}: ${JSON.stringify(first)}`);
    assert.equal(typeof first.message, 'string');
    assert.ok(closed, 'the server closes the socket after refusing the login');
  }

  test('a sig from tls-sig-api-v2 with the dev key logs in', async () => {
    const userID = uniqueID('alice');
    const { first } = await tryLogin(userID, api.genSig(userID, DAY));
    assert.equal(first.type, 'login', JSON.stringify(first));
    assert.equal(first.userID, userID);

    const other = uniqueID('bob');
    const again = await tryLogin(other, api.genUserSig(other, DAY));
    assert.equal(again.first.type, 'login', JSON.stringify(again.first));
  });

  test("the dev endpoint's sig is a standard TLS v2 sig that tls-sig-api-v2 would make", async () => {
    const userID = uniqueID('dana');
    const doc = decodeSig(await devUserSig(worker.url, userID));
    assert.equal(doc['TLS.ver'], '2.0');
    assert.equal(doc['TLS.identifier'], userID);
    assert.equal(doc['TLS.sdkappid'], SDK_APP_ID);
    assert.ok(doc['TLS.expire'] > 0);
    // `_hmacsha256` is the package's own signing routine (used by genSig).
    assert.equal(doc['TLS.sig'], api._hmacsha256(userID, doc['TLS.time'], doc['TLS.expire'], null));
  });

  test('a sig made with a wrong key is refused with 70009 and the socket closes', async () => {
    const userID = uniqueID('mallory');
    const forged = new TLSSigAPIv2.Api(SDK_APP_ID, 'not-the-secret').genSig(userID, DAY);
    await assertRefused(userID, forged, 70009);
  });

  test('an expired sig is refused with 70001', async () => {
    const userID = uniqueID('late');
    // Issued two days ago, valid for one hour.
    const expired = withClockBack(2 * DAY, () => api.genSig(userID, 3600));
    assert.ok(decodeSig(expired)['TLS.time'] + 3600 < Date.now() / 1000, 'the crafted sig has expired');
    await assertRefused(userID, expired, 70001);
  });

  test('a garbage sig is refused with 70003', async () => {
    await assertRefused(uniqueID('alice'), 'garbage', 70003);
  });

  test("another user's valid sig is refused with 70013", async () => {
    const owner = uniqueID('owner');
    const thief = uniqueID('thief');
    await assertRefused(thief, api.genSig(owner, DAY), 70013);
  });
});
