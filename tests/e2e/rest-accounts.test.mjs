// E2E tests of the Tencent-compatible REST admin API for accounts and online status, against the real
// worker (wrangler dev): the request envelope and its errors, account_import, multiaccount_import,
// account_check, account_delete, kick, query_online_status, login-requires-import and per-API rate limits.
// Request and response shapes and error codes follow Tencent's pages; see tests/support/TENCENT_REST_NOTES.md.
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { before, describe, test } from 'node:test';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { connect, login, randomU32, textBody } from '../support/rawsocket.mjs';
import { ADMIN, adminSig, assertFail, assertOk, rest, restCall, show } from '../support/rest.mjs';
import { DEV_SECRET, SDK_APP_ID, devUserSig, uniqueID } from '../support/worker.mjs';
import { devWorkerSuite } from '../support/suite.mjs';

const IMPORT = 'im_open_login_svc/account_import';
const MULTI_IMPORT = 'im_open_login_svc/multiaccount_import';
const DELETE = 'im_open_login_svc/account_delete';
const CHECK = 'im_open_login_svc/account_check';
const KICK = 'im_open_login_svc/kick';
const ONLINE = 'openim/query_online_status';

/** Tencent's codes for the cases tested here (TENCENT_REST_NOTES.md §0 says where each comes from). */
const CODE = {
  JSON_PARSE: 60003, // HTTP 请求 JSON 解析错误
  RATE_LIMIT: 60007, // REST 接口调用频率超过限制
  BAD_RESOURCE: 60009, // 请求资源错误,请检查请求 URL (unknown service/command)
  ADMIN_REQUIRED: 60010, // 请求需要 App 管理员权限
  SIG_INVALID: 70003, // UserSig 解析失败
  SIG_KEY_MISMATCH: 70009, // UserSig 验证失败 (another key)
  SIG_USER_MISMATCH: 70013, // UserID differs from the one the UserSig was made for
  SIG_APP_MISMATCH: 70014, // SDKAppID differs from the one the UserSig was made for
  NOT_IMPORTED: 70107, // 请求的用户账号没有导入即时通信 IM 系统 / 不存在
  BATCH_COUNT: 70206, // Invalid batch quantity in the request (over 100 accounts)
  INVALID_PARAM: 70402, // 参数非法 (e.g. an invalid UserID)
  TOO_MANY_TO_ACCOUNT: 90011, // query_online_status: more than 500 To_Account
};

/** `account_import` and `kick` answer exactly this on success. */
const OK_ENVELOPE = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };
const NOT_EXIST_INFO = 'Err_TLS_PT_Open_Login_Account_Not_Exist';

/** `n` distinct fresh UserIDs. */
function newIDs(prefix, n) {
  const ids = new Set();
  while (ids.size < n) ids.add(uniqueID(prefix));
  return [...ids];
}

/** `multiaccount_import` only reports failures: no `FailAccounts`, or an empty one, means all imported. */
function assertNoFailAccounts(body) {
  assert.deepEqual(body.FailAccounts ?? [], [], `nothing failed: ${show(body)}`);
}

/** account_check of `ids` (≤ 100); asserts Tencent's ResultItem shape; resolves with Map(UserID → AccountStatus). */
async function statuses(url, ids) {
  const body = await rest(url, CHECK, { CheckItem: ids.map((UserID) => ({ UserID })) });
  return checkedStatuses(body, ids);
}

function checkedStatuses(body, ids) {
  assertOk(body, 'account_check');
  assert.ok(Array.isArray(body.ResultItem), `ResultItem is an array: ${show(body)}`);
  assert.equal(body.ResultItem.length, ids.length, 'one ResultItem per checked account');
  const result = new Map();
  body.ResultItem.forEach((item, i) => {
    assert.ok(['Imported', 'NotImported'].includes(item.AccountStatus), `AccountStatus of ${show(item)}`);
    assert.deepEqual(item, { UserID: ids[i], ResultCode: 0, ResultInfo: '', AccountStatus: item.AccountStatus },
      'ResultItem entries are {UserID, ResultCode, ResultInfo, AccountStatus}, in request order');
    result.set(item.UserID, item.AccountStatus);
  });
  return result;
}

/** A valid account_check body, so that only the envelope is at fault in the envelope tests. */
function checkBody() {
  return { CheckItem: [{ UserID: uniqueID('env') }] };
}

/** Orders query_online_status entries by To_Account (UTF-16 order, like Array.prototype.sort). */
function byAccount(a, b) {
  if (a.To_Account === b.To_Account) return 0;
  return a.To_Account < b.To_Account ? -1 : 1;
}

function assertAll(map, ids, status) {
  const wrong = ids.filter((id) => map.get(id) !== status);
  assert.deepEqual(wrong, [], `these accounts should be ${status}`);
}

describe('REST account API on the default dev worker', () => {
  const suite = devWorkerSuite();
  let url;

  before(() => {
    url = suite.url;
  });

  const { online } = suite;

  /** query_online_status for `ids`; asserts the envelope. */
  async function queryOnline(ids, extra = {}) {
    const body = await rest(url, ONLINE, { ...extra, To_Account: ids });
    assertOk(body, 'query_online_status');
    return body;
  }

  /**
   * Re-queries `userID`'s online status until it is `status`, at most `attempts` queries (each awaits a real
   * request, no sleeps); resolves with its QueryResult entry.
   */
  async function waitForStatus(userID, status, attempts = 200) {
    let last;
    for (let i = 0; i < attempts; i += 1) {
      const body = await queryOnline([userID]);
      last = body.QueryResult?.find((entry) => entry.To_Account === userID);
      if (last?.Status === status) return last;
    }
    return assert.fail(`${userID} was not ${status} after ${attempts} queries; last entry: ${show(last)}`);
  }

  /** Syncs from `since` until `complete`; resolves with all messages. */
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

  describe('request envelope', () => {
    test('replies are HTTP 200 with the ActionStatus/ErrorCode/ErrorInfo envelope, errors included', async () => {
      const good = await restCall(url, CHECK, checkBody());
      assert.equal(good.status, 200);
      assert.match(good.text, /^\s*\{/, 'the reply is a JSON object');
      assertOk(good.json);

      const bad = await restCall(url, CHECK, {}, { rawBody: '{"CheckItem": [' });
      assert.equal(bad.status, 200, 'Tencent answers errors with HTTP 200 too');
      assertFail(bad.json, CODE.JSON_PARSE);
    });

    test('an identifier that is not an app admin gets 60010', async () => {
      const alice = uniqueID('alice');
      // A valid UserSig for alice herself: the caller is authenticated but not an admin.
      const body = await rest(url, CHECK, checkBody(), { identifier: alice, usersig: adminSig(alice) });
      assertFail(body, CODE.ADMIN_REQUIRED);
    });

    test('a garbage usersig gets 70003', async () => {
      for (const usersig of ['garbage', 'this-is-not-a-usersig*at_all']) {
        assertFail(await rest(url, CHECK, checkBody(), { usersig }), CODE.SIG_INVALID, `usersig ${usersig}`);
      }
    });

    test('a usersig made with another key gets 70009', async () => {
      const usersig = adminSig(ADMIN, 'not-the-dev-secret');
      assertFail(await rest(url, CHECK, checkBody(), { usersig }), CODE.SIG_KEY_MISMATCH);
    });

    test('a usersig made for another identifier gets 70013', async () => {
      const usersig = adminSig(uniqueID('someone'));
      assertFail(await rest(url, CHECK, checkBody(), { identifier: ADMIN, usersig }), CODE.SIG_USER_MISMATCH);
    });

    test('an sdkappid other than the one the usersig was made for gets 70014', async () => {
      // The admin's sig is for 1400000000; the URL names another app.
      const body = await rest(url, CHECK, checkBody(), { sdkappid: SDK_APP_ID + 1, usersig: adminSig(ADMIN) });
      assertFail(body, CODE.SIG_APP_MISMATCH);
    });

    test('a body that is not JSON gets 60003', async () => {
      for (const rawBody of ['this is {not json', '{"UserID": "abc"', '']) {
        const body = await rest(url, IMPORT, undefined, { rawBody });
        if (rawBody === '') {
          // An empty body is not JSON either; Tencent answers a JSON parse error or an invalid-parameter error.
          assert.equal(body.ActionStatus, 'FAIL', `an empty body fails: ${show(body)}`);
          assert.ok([CODE.JSON_PARSE, CODE.INVALID_PARAM].includes(body.ErrorCode), `empty body: ${show(body)}`);
        } else {
          assertFail(body, CODE.JSON_PARSE, `body ${JSON.stringify(rawBody)}`);
        }
      }
    });

    test('an unknown service or command gets 60009 (请求资源错误)', async () => {
      for (const path of ['im_open_login_svc/no_such_command', 'no_such_service/account_import']) {
        const { status, json } = await restCall(url, path, {});
        assert.equal(status, 200, `${path}: HTTP 200`);
        assert.ok(json, `${path}: a JSON envelope`);
        assertFail(json, CODE.BAD_RESOURCE, path);
      }
    });

    test('GET instead of POST gets an error envelope', async () => {
      const { json, text } = await restCall(url, CHECK, undefined, { method: 'GET' });
      assert.ok(json, `a JSON envelope, got ${text.slice(0, 300)}`);
      assert.equal(json.ActionStatus, 'FAIL', show(json));
      assert.ok(Number.isInteger(json.ErrorCode) && json.ErrorCode !== 0, show(json));
      assert.equal(typeof json.ErrorInfo, 'string');
    });

    test('a call signed with a UserSig from tls-sig-api-v2 succeeds', async () => {
      const api = new TLSSigAPIv2.Api(SDK_APP_ID, DEV_SECRET);
      for (const usersig of [api.genSig(ADMIN, 3600), api.genUserSig(ADMIN, 86400)]) {
        const id = uniqueID('sig');
        const body = await rest(url, CHECK, { CheckItem: [{ UserID: id }] }, { identifier: ADMIN, usersig });
        assert.equal(checkedStatuses(body, [id]).get(id), 'NotImported');
      }
    });
  });

  describe('account_import', () => {
    test('UserID with Nick and FaceUrl: exactly the OK envelope; the account then checks as Imported', async () => {
      const id = uniqueID('imp');
      assert.equal((await statuses(url, [id])).get(id), 'NotImported');
      const body = await rest(url, IMPORT, { UserID: id, Nick: 'Nick_001', FaceUrl: 'http://www.qq.com' });
      assert.deepEqual(body, OK_ENVELOPE);
      assert.equal((await statuses(url, [id])).get(id), 'Imported');
      // 同一个账号重复导入仅会创建1个内部 ID: importing again is fine.
      assert.deepEqual(await rest(url, IMPORT, { UserID: id, Nick: 'renamed' }), OK_ENVELOPE);
      assert.equal((await statuses(url, [id])).get(id), 'Imported');
    });

    test('the old form with Identifier instead of UserID imports too', async () => {
      const id = uniqueID('old');
      const body = await rest(url, IMPORT, { Identifier: id, Nick: 'test', FaceUrl: 'http://www.qq.com' });
      assert.deepEqual(body, OK_ENVELOPE);
      assert.equal((await statuses(url, [id])).get(id), 'Imported');
    });

    test('an invalid or missing UserID gets 70402', async () => {
      const cases = [
        { UserID: '' },
        { UserID: 'x'.repeat(33) }, // over 32 bytes
        { UserID: 'é'.repeat(17) }, // 17 characters but 34 bytes
        { Nick: 'no UserID' },
        {},
      ];
      for (const request of cases) {
        assertFail(await rest(url, IMPORT, request), CODE.INVALID_PARAM, `account_import ${JSON.stringify(request)}`);
      }
    });
  });

  describe('multiaccount_import', () => {
    test('100 accounts in the AccountList form import in one call', async () => {
      const ids = newIDs('multi', 100);
      const body = await rest(url, MULTI_IMPORT, {
        AccountList: ids.map((UserID, i) => ({ UserID, Nick: `Nick_${i}`, FaceUrl: 'http://www.qq.com' })),
      });
      assertOk(body, 'multiaccount_import of 100');
      assertNoFailAccounts(body);
      assertAll(await statuses(url, ids), ids, 'Imported');
    });

    test('the old Accounts form (a list of strings) imports too', async () => {
      const ids = newIDs('multiold', 3);
      const body = await rest(url, MULTI_IMPORT, { Accounts: ids });
      assertOk(body, 'multiaccount_import, old form');
      assertNoFailAccounts(body);
      assertAll(await statuses(url, ids), ids, 'Imported');
    });

    test('101 accounts get 70206 and none is imported', async () => {
      const ids = newIDs('over', 101);
      assertFail(await rest(url, MULTI_IMPORT, { AccountList: ids.map((UserID) => ({ UserID })) }), CODE.BATCH_COUNT,
        'AccountList of 101');
      assertFail(await rest(url, MULTI_IMPORT, { Accounts: ids }), CODE.BATCH_COUNT, 'Accounts of 101');
      assertAll(await statuses(url, ids.slice(0, 100)), ids.slice(0, 100), 'NotImported');
    });

    test('invalid UserIDs in a list are reported in FailAccounts while the rest import', async () => {
      const good = newIDs('good', 3);
      const bad = ['x'.repeat(33), ''];
      const body = await rest(url, MULTI_IMPORT, {
        AccountList: [good[0], bad[0], good[1], bad[1], good[2]].map((UserID) => ({ UserID, Nick: 'n' })),
      });
      assertOk(body, 'a partly invalid AccountList still answers OK');
      assert.ok(Array.isArray(body.FailAccounts), `FailAccounts lists the failures: ${show(body)}`);
      assert.deepEqual([...body.FailAccounts].sort(), [...bad].sort());
      assertAll(await statuses(url, good), good, 'Imported');

      const good2 = newIDs('good', 2);
      const tooLong = 'y'.repeat(40);
      const old = await rest(url, MULTI_IMPORT, { Accounts: [good2[0], tooLong, good2[1]] });
      assertOk(old, 'a partly invalid Accounts list still answers OK');
      assert.deepEqual(old.FailAccounts, [tooLong]);
      assertAll(await statuses(url, good2), good2, 'Imported');
    });
  });

  describe('account_check', () => {
    test('100 accounts: one ResultItem each, in order, with Imported or NotImported', async () => {
      const ids = newIDs('chk', 100);
      const imported = ids.filter((_, i) => i % 2 === 0);
      assertOk(await rest(url, MULTI_IMPORT, { AccountList: imported.map((UserID) => ({ UserID })) }));

      const body = await rest(url, CHECK, { CheckItem: ids.map((UserID) => ({ UserID })) });
      assertOk(body, 'account_check of 100');
      assert.equal(body.ResultItem.length, 100);
      body.ResultItem.forEach((item, i) => {
        assert.deepEqual(item, {
          UserID: ids[i], ResultCode: 0, ResultInfo: '', AccountStatus: i % 2 === 0 ? 'Imported' : 'NotImported',
        });
      });
    });

    test('101 accounts get 70206', async () => {
      const ids = newIDs('chk', 101);
      assertFail(await rest(url, CHECK, { CheckItem: ids.map((UserID) => ({ UserID })) }), CODE.BATCH_COUNT);
    });
  });

  describe('account_delete', () => {
    test('ResultItem reports each account; a deleted account then checks as NotImported', async () => {
      const [existing, missing] = newIDs('del', 2);
      assert.deepEqual(await rest(url, IMPORT, { UserID: existing }), OK_ENVELOPE);

      const body = await rest(url, DELETE, { DeleteItem: [{ UserID: existing }, { UserID: missing }] });
      assertOk(body, 'account_delete');
      assert.deepEqual(body.ResultItem, [
        { ResultCode: 0, ResultInfo: '', UserID: existing },
        { ResultCode: CODE.NOT_IMPORTED, ResultInfo: NOT_EXIST_INFO, UserID: missing },
      ]);
      assertAll(await statuses(url, [existing, missing]), [existing, missing], 'NotImported');
    });

    test('up to 100 accounts per call; 101 get 70206 and delete nothing', async () => {
      const ids = newIDs('delmany', 101);
      const first100 = ids.slice(0, 100);
      const imported = await rest(url, MULTI_IMPORT, { AccountList: first100.map((UserID) => ({ UserID })) });
      assertOk(imported);
      assertNoFailAccounts(imported);

      assertFail(await rest(url, DELETE, { DeleteItem: ids.map((UserID) => ({ UserID })) }), CODE.BATCH_COUNT);
      assertAll(await statuses(url, first100), first100, 'Imported');

      const body = await rest(url, DELETE, { DeleteItem: first100.map((UserID) => ({ UserID })) });
      assertOk(body, 'account_delete of 100');
      assert.deepEqual(body.ResultItem, first100.map((UserID) => ({ ResultCode: 0, ResultInfo: '', UserID })));
      assertAll(await statuses(url, first100), first100, 'NotImported');
    });

    test("deleting a logged-in account ends its session; its delivered messages stay with the peer", async () => {
      const alice = uniqueID('alice');
      const bob = uniqueID('bob');
      const aliceSocket = await online(alice);
      const bobSocket = await online(bob);
      const text = `from ${alice} before the delete`;
      const ack = await aliceSocket.request({
        cmd: 'send', to: bob, random: randomU32(), msgBody: textBody(text), cloudCustomData: '',
      });
      assert.equal(ack.type, 'ack', `the message is stored: ${show(ack)}`);
      assert.equal((await bobSocket.nextOfType('msg')).message.from, alice);

      const body = await rest(url, DELETE, { DeleteItem: [{ UserID: alice }] });
      assertOk(body, 'account_delete of a logged-in account');
      assert.deepEqual(body.ResultItem, [{ ResultCode: 0, ResultInfo: '', UserID: alice }]);

      // The session ends: a kicked frame arrives, or the socket closes (or both). `nextOfType` takes a
      // buffered frame, rejects at once if the socket closed without one, and times out if neither happens.
      const kicked = await aliceSocket.nextOfType('kicked').catch(() => null);
      if (kicked) {
        assert.equal(typeof kicked.code, 'number', show(kicked));
        assert.equal(typeof kicked.reason, 'string', show(kicked));
      } else {
        assert.ok(aliceSocket.closeInfo, "the deleted account's socket got a kicked frame or was closed");
      }
      assert.equal((await statuses(url, [alice])).get(alice), 'NotImported');

      const messages = await syncAll(bobSocket, 0);
      const kept = messages.filter((m) => m.from === alice);
      assert.equal(kept.length, 1, `bob still has alice's message: ${show(messages)}`);
      assert.deepEqual(kept[0].msgBody, textBody(text));
    });

    test('101 accounts get 70206', async () => {
      const ids = newIDs('del', 101);
      assertFail(await rest(url, DELETE, { DeleteItem: ids.map((UserID) => ({ UserID })) }), CODE.BATCH_COUNT);
    });
  });

  describe('kick', () => {
    test('every socket of the user gets {"type":"kicked","reason":"REST_API_Kick"} and closes', async () => {
      const id = uniqueID('kickme');
      const web = await online(id);
      const android = await online(id, { platform: 'Android' });

      const body = await rest(url, KICK, { UserID: id });
      assert.deepEqual(body, OK_ENVELOPE);

      for (const socket of [web, android]) {
        const kicked = await socket.nextOfType('kicked');
        assert.equal(kicked.reason, 'REST_API_Kick', show(kicked));
        assert.equal(typeof kicked.code, 'number', show(kicked));
        await socket.waitClosed();
      }
      await waitForStatus(id, 'Offline');
    });

    test('kicking an account that was never imported gets 70107', async () => {
      assertFail(await rest(url, KICK, { UserID: uniqueID('ghost') }), CODE.NOT_IMPORTED);
    });
  });

  describe('query_online_status', () => {
    test('up to 500 To_Account per call; 501 get 90011', async () => {
      const ids = newIDs('q', 501);
      assertFail(await rest(url, ONLINE, { To_Account: ids }), CODE.TOO_MANY_TO_ACCOUNT);

      const body = await queryOnline(ids.slice(0, 500));
      // None of them was ever imported: each is reported in ErrorList with 70107, none in QueryResult.
      assert.deepEqual(body.QueryResult ?? [], []);
      assert.equal(body.ErrorList.length, 500);
      assert.deepEqual(
        [...body.ErrorList].sort(byAccount),
        ids.slice(0, 500).sort().map((To_Account) => ({ To_Account, ErrorCode: CODE.NOT_IMPORTED })),
      );
    });

    test('a logged-in user is Online; IsNeedDetail: 1 adds Detail [{Platform, Status}]', async () => {
      const id = uniqueID('on');
      await online(id);
      assert.deepEqual(await waitForStatus(id, 'Online'), { To_Account: id, Status: 'Online' },
        'without IsNeedDetail there is no Detail');

      const body = await queryOnline([id], { IsNeedDetail: 1 });
      assert.deepEqual(body.QueryResult, [
        { To_Account: id, Status: 'Online', Detail: [{ Platform: 'Web', Status: 'Online' }] },
      ]);
      assert.deepEqual(body.ErrorList ?? [], []);
    });

    test('Detail lists each platform the user is logged in on', async () => {
      const id = uniqueID('multi');
      await online(id);
      await online(id, { platform: 'Android' });
      await waitForStatus(id, 'Online');
      const body = await queryOnline([id], { IsNeedDetail: 1 });
      const [entry] = body.QueryResult;
      assert.equal(entry.Status, 'Online');
      assert.deepEqual(
        [...entry.Detail].sort((a, b) => (a.Platform < b.Platform ? -1 : 1)),
        [{ Platform: 'Android', Status: 'Online' }, { Platform: 'Web', Status: 'Online' }],
      );
    });

    test('an imported user who never logged in is Offline; a never-imported one is in ErrorList with 70107', async () => {
      const [imported, ghost] = newIDs('off', 2);
      assert.deepEqual(await rest(url, IMPORT, { UserID: imported }), OK_ENVELOPE);
      const body = await queryOnline([imported, ghost]);
      assert.deepEqual(body.QueryResult, [{ To_Account: imported, Status: 'Offline' }]);
      assert.deepEqual(body.ErrorList, [{ To_Account: ghost, ErrorCode: CODE.NOT_IMPORTED }]);

      const detailed = await queryOnline([imported], { IsNeedDetail: 1 });
      assert.equal(detailed.QueryResult.length, 1);
      assert.equal(detailed.QueryResult[0].Status, 'Offline');
      assert.deepEqual(detailed.QueryResult[0].Detail ?? [], [], 'an offline user has no platform detail');
    });

    test('after the socket closes the user becomes Offline', async () => {
      const id = uniqueID('bye');
      const socket = await online(id);
      await waitForStatus(id, 'Online');
      await socket.close();
      assert.deepEqual(await waitForStatus(id, 'Offline'), { To_Account: id, Status: 'Offline' });
    });
  });
});

describe('REST with AUTO_IMPORT=0 and REST_RATE_LIMIT_SCALE=0.05', () => {
  // Scale 0.05: Tencent's per-API limits of 200/s and 100/s become 10/s and 5/s.
  const suite = devWorkerSuite({ vars: { AUTO_IMPORT: '0', REST_RATE_LIMIT_SCALE: '0.05' } });
  let url;

  before(() => {
    url = suite.url;
  });

  /** account_check, retried while it is refused for the rate limit (bounded); resolves with the statuses. */
  async function statusesWhenAdmitted(ids, attempts = 40) {
    for (let i = 0; i < attempts; i += 1) {
      const body = await rest(url, CHECK, { CheckItem: ids.map((UserID) => ({ UserID })) });
      if (body.ErrorCode !== CODE.RATE_LIMIT) return checkedStatuses(body, ids);
      await delay(100); // the limit is per one-second window: wait a little for the next one
    }
    return assert.fail(`account_check was still rate limited after ${attempts} attempts`);
  }

  test('a socket login of an account that was not imported gets error 70107; after account_import it logs in', async () => {
    const id = uniqueID('newbie');
    const sig = await devUserSig(url, id);
    const { socket, first } = await connect(url, id, sig);
    try {
      assert.equal(first.type, 'error', `login is refused: ${show(first)}`);
      assert.equal(first.code, CODE.NOT_IMPORTED, show(first));
      assert.equal(typeof first.message, 'string');
      await socket.waitClosed();
    } finally {
      await socket.close();
    }

    assert.deepEqual(await rest(url, IMPORT, { UserID: id }), OK_ENVELOPE);
    const { socket: again, login: frame } = await login(url, id, sig);
    try {
      assert.equal(frame.userID, id);
    } finally {
      await again.close();
    }
  });

  test('calls over the per-API limit are refused with 60007', async () => {
    const id = uniqueID('rl');
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => rest(url, CHECK, { CheckItem: [{ UserID: id }] })),
    );
    const refused = replies.filter((body) => body.ActionStatus !== 'OK');
    const admitted = replies.filter((body) => body.ActionStatus === 'OK');
    for (const body of refused) assertFail(body, CODE.RATE_LIMIT, 'a call over the limit');
    for (const body of admitted) assert.equal(checkedStatuses(body, [id]).get(id), 'NotImported');
    assert.ok(refused.length > 0, `30 concurrent account_check calls at 5/s: some are refused (admitted ${admitted.length})`);
    assert.ok(admitted.length > 0, 'some are admitted');
  });

  test('refused calls execute nothing: their accounts stay unimported', async () => {
    const ids = newIDs('burst', 30);
    const replies = await Promise.all(ids.map((UserID) => rest(url, IMPORT, { UserID })));
    const refusedIDs = [];
    const importedIDs = [];
    replies.forEach((body, i) => {
      if (body.ActionStatus === 'OK') {
        assert.deepEqual(body, OK_ENVELOPE);
        importedIDs.push(ids[i]);
      } else {
        assertFail(body, CODE.RATE_LIMIT, `account_import of ${ids[i]}`);
        refusedIDs.push(ids[i]);
      }
    });
    assert.ok(refusedIDs.length > 0, `30 concurrent account_import calls over the scaled limit: some are refused (admitted ${importedIDs.length})`);
    assert.ok(importedIDs.length > 0, 'some are admitted');

    const checked = await statusesWhenAdmitted(ids);
    assertAll(checked, importedIDs, 'Imported');
    assertAll(checked, refusedIDs, 'NotImported');
  });
});
