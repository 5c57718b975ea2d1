// Test support: calls the worker's Tencent-compatible REST admin API (`POST /v4/{service}/{command}`)
// the way an app server written for Tencent Cloud IM does, with UserSigs from the public `tls-sig-api-v2`.
import assert from 'node:assert/strict';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { fetchText } from './http.mjs';
import { randomU32 } from './rawsocket.mjs';
import { DEV_SECRET, SDK_APP_ID } from './worker.mjs';

/** The dev worker's app admin (wrangler.toml `ADMINS`). */
export const ADMIN = 'administrator';
const DAY = 86400;

/** A UserSig for `identifier` made by Tencent's `tls-sig-api-v2` (default: the dev admin, signed with the dev key). */
export function adminSig(identifier = ADMIN, key = DEV_SECRET, { sdkAppID = SDK_APP_ID, expire = DAY } = {}) {
  return new TLSSigAPIv2.Api(sdkAppID, key).genSig(identifier, expire);
}

/** The REST URL with Tencent's query string: `?sdkappid=&identifier=&usersig=&random=<u32>&contenttype=json`. */
export function restURL(url, path, { identifier = ADMIN, usersig, sdkappid = SDK_APP_ID, random = randomU32() } = {}) {
  const query = new URLSearchParams({
    sdkappid: String(sdkappid),
    identifier,
    usersig: usersig ?? adminSig(identifier),
    random: String(random),
    contenttype: 'json',
  });
  return `${url}/v4/${path.replace(/^\/+/, '').replace(/^v4\//, '')}?${query}`;
}

/**
 * REST commands that only read, or whose repetition changes nothing (an account import): sent
 * again if an attempt gets no answer (see `fetchText`).
 */
const READ_ONLY = /(^|\/)(query_|get_|account_check|account_import|multiaccount_import|portrait_get|friend_get|friend_check|black_list_get|black_list_check|group_get|admin_getroammsg|group_msg_get)/;

/**
 * One REST call; resolves with the HTTP status, the raw text and the parsed JSON (or `null` if it is not JSON).
 * @param {string} url the worker's base URL
 * @param {string} path `service/command`, e.g. `im_open_login_svc/account_import`
 * @param {unknown} [body] the JSON body (ignored when `rawBody` is given)
 * @param {{ identifier?: string, usersig?: string, sdkappid?: number | string, rawBody?: string, method?: string }} [options]
 *   identifier defaults to `administrator`; usersig defaults to a valid sig for `identifier`.
 */
export async function restCall(url, path, body = {}, { rawBody, method = 'POST', ...query } = {}) {
  const init = { method, headers: {} };
  if (method !== 'GET' && method !== 'HEAD') {
    init.body = rawBody ?? JSON.stringify(body);
    init.headers['content-type'] = 'application/json';
  }
  const idempotent = READ_ONLY.test(path);
  let { response, text } = await fetchText(restURL(url, path, query), init, { idempotent });
  // `wrangler dev` answers 503 "Your worker restarted mid-request" when its local runtime
  // restarts under load, and asks for the request to be sent again; the call did not run.
  for (let retry = 0; retry < 3 && response.status === 503 && text.includes('restarted mid-request'); retry += 1) {
    ({ response, text } = await fetchText(restURL(url, path, query), init, { idempotent }));
  }
  let json = null;
  try {
    json = JSON.parse(text);
  } catch { /* reported by `rest` */ }
  return { status: response.status, text, json };
}

/** One REST call; resolves with the parsed JSON reply (throws if the reply is not JSON). */
export async function rest(url, path, body, options) {
  const { status, text, json } = await restCall(url, path, body, options);
  if (json === null || typeof json !== 'object') {
    throw new Error(`POST /v4/${path} answered HTTP ${status} with a non-JSON body: ${text.slice(0, 500)}`);
  }
  return json;
}

/** A value shortened for an assertion message. */
export function show(value, max = 1200) {
  return String(JSON.stringify(value)).slice(0, max);
}

/** An `assertOk(body, what)` for Tencent's success envelope: OK / 0 / "" (and, with `errorDisplay`,
 *  ErrorDisplay "" as the relationship chain's answers carry it). */
export function okAsserter({ errorDisplay = false } = {}) {
  return (body, what = 'the call') => {
    assert.equal(body.ActionStatus, 'OK', `${what} should succeed: ${show(body)}`);
    assert.equal(body.ErrorCode, 0, `${what}: ${show(body)}`);
    assert.equal(body.ErrorInfo, '', `${what}: ${show(body)}`);
    if (errorDisplay) assert.equal(body.ErrorDisplay, '', `${what}: ErrorDisplay is "": ${show(body)}`);
  };
}

/** Tencent's success envelope: OK / 0 / "". */
export const assertOk = okAsserter();

/** Tencent's failure envelope: FAIL, the expected code, and an ErrorInfo that says what went wrong. */
export function assertFail(body, code, what = 'the call') {
  assert.equal(body.ActionStatus, 'FAIL', `${what} should fail with ${code}: ${show(body)}`);
  assert.equal(body.ErrorCode, code, `${what} should fail with ${code}: ${show(body)}`);
  assert.equal(typeof body.ErrorInfo, 'string', `${what}: ErrorInfo is a string`);
  assert.ok(body.ErrorInfo.length > 0, `${what}: ErrorInfo says what went wrong: ${show(body)}`);
}
