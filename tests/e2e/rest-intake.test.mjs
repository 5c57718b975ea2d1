// What a REST request must pass before its command runs (#17, item 10), attacked over HTTP:
// a body over 1 MiB is refused with 60002 before anything executes, and calls that fail the
// signature check have a budget per second (here scaled to 10/s): past it they get 60007.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminSig, assertFail, assertOk, rest, restCall } from '../support/rest.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile({ vars: { REST_RATE_LIMIT_SCALE: '0.05' } });
const HTTP_PARSE = 60002;
const RATE_LIMIT = 60007;
const MAX_BODY = 1 << 20;

test('a body over 1 MiB is refused with 60002 and executes nothing; 1 MiB exactly is read', async () => {
  const id = uniqueID('big');
  const padding = (bytes) => 'x'.repeat(bytes - JSON.stringify({ UserID: id, Pad: '' }).length);
  const over = JSON.stringify({ UserID: id, Pad: padding(MAX_BODY + 1) });
  assert.equal(Buffer.byteLength(over), MAX_BODY + 1);
  const refused = await restCall(worker.url, 'im_open_login_svc/account_import', {}, { rawBody: over });
  assertFail(refused.json, HTTP_PARSE, 'a 1 MiB + 1 byte body');
  assert.match(refused.json.ErrorInfo, /1048577 bytes, at most 1048576/);
  const check = await rest(worker.url, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: id }] });
  assertOk(check);
  assert.equal(check.ResultItem[0].AccountStatus, 'NotImported', 'the refused import did not run');

  const exact = JSON.stringify({ UserID: id, Pad: padding(MAX_BODY) });
  assert.equal(Buffer.byteLength(exact), MAX_BODY);
  const read = await restCall(worker.url, 'im_open_login_svc/account_import', {}, { rawBody: exact });
  assertOk(read.json, 'a body of exactly 1 MiB');
});

test('calls that fail the signature check are refused with 60007 past their budget', async () => {
  const bad = `${adminSig()}x`;
  const call = () => rest(worker.url, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'anyone' }] }, { usersig: bad });
  const first = await call();
  const sigError = first.ErrorCode;
  assert.ok(sigError >= 70000 && sigError < 80000, `a broken UserSig gets a UserSig error: ${JSON.stringify(first)}`);
  const replies = await Promise.all(Array.from({ length: 40 }, call));
  const limited = replies.filter((body) => body.ErrorCode === RATE_LIMIT);
  for (const body of replies) {
    assertFail(body, body.ErrorCode === RATE_LIMIT ? RATE_LIMIT : sigError, 'a call with a broken UserSig');
  }
  assert.ok(limited.length > 0, `40 bad calls at 10/s: some are refused with 60007 (${replies.length - limited.length} were checked)`);
  // A good call is not charged to that budget.
  assertOk(await rest(worker.url, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: 'anyone' }] }));
});
