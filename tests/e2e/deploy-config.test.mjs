// The deploy configuration: `wrangler deploy --dry-run` bundles offline, and the bundle run
// with only wrangler.toml's vars plus a production secret has no dev route and no dev key.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Miniflare } from 'miniflare';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { DEV_SECRET, ROOT, SDK_APP_ID } from '../support/worker.mjs';

const run = promisify(execFile);
const PROD_SECRET = 'a-production-secret-not-the-dev-one';

/** `KEY = "value"` pairs of one `[section]` of a flat TOML file. */
function tomlSection(text, section) {
  const out = {};
  let inside = false;
  for (const line of text.split('\n')) {
    const header = line.match(/^\s*\[(.+)\]\s*$/);
    if (header) { inside = header[1] === section; continue; }
    const kv = inside && line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"(.*)"\s*$/);
    if (kv) out[kv[1]] = kv[2];
  }
  return out;
}

/** The first frame the server sends on a socket opened through Miniflare. */
async function firstFrame(mf, query) {
  const res = await mf.dispatchFetch(`http://localhost/ws?${new URLSearchParams(query)}`, {
    headers: { Upgrade: 'websocket' },
  });
  const ws = res.webSocket;
  assert.ok(ws, `expected a WebSocket upgrade, got HTTP ${res.status}`);
  const frame = new Promise((resolve) => ws.addEventListener('message', (e) => resolve(JSON.parse(e.data)), { once: true }));
  ws.accept();
  const got = await frame;
  ws.close();
  return got;
}

describe('deploy configuration', () => {
  let outdir;
  let dryRunLog;
  let vars;
  let mf;
  let bundle;

  before(async () => {
    outdir = await mkdtemp(join(tmpdir(), 'edgechat-deploy-'));
    const { stdout, stderr } = await run(join(ROOT, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outdir],
      { cwd: ROOT, env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }, maxBuffer: 16 << 20 });
    dryRunLog = stdout + stderr;
    vars = tomlSection(await readFile(join(ROOT, 'wrangler.toml'), 'utf8'), 'vars');
    const files = await readdir(outdir);
    const script = files.find((f) => f.endsWith('.js'));
    assert.ok(script, `no bundle in ${files}`);
    bundle = (bindings) => new Miniflare({
      modules: true,
      scriptPath: join(outdir, script),
      modulesRoot: outdir,
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: '2026-04-01',
      bindings,
      durableObjects: { USER: { className: 'UserDo', useSQLite: true }, RATE: { className: 'RateDo', useSQLite: true }, GROUP: { className: 'GroupDo', useSQLite: true }, GROUP_INDEX: { className: 'GroupIndexDo', useSQLite: true }, HUB: { className: 'HubDo', useSQLite: true } },
    });
    mf = bundle({ ...vars, SECRET_KEY: PROD_SECRET });
    await mf.ready;
  });

  after(async () => {
    await mf?.dispose();
    if (outdir) await rm(outdir, { recursive: true, force: true });
  });

  it('bundles offline and binds no dev variable or secret', () => {
    assert.match(dryRunLog, /--dry-run: exiting now/);
    assert.match(dryRunLog, /env\.USER \(UserDo\)/);
    assert.doesNotMatch(dryRunLog, /EDGECHAT_DEV|SECRET_KEY/);
    assert.deepEqual(Object.keys(vars).sort(), ['ADMINS', 'AUTO_IMPORT', 'HUBS', 'LOGIN_POLICY', 'MAX_INSTANCES_PER_PLATFORM', 'SDKAPPID']);
    assert.equal(vars.AUTO_IMPORT, '0', 'production requires account import');
    assert.equal(vars.SDKAPPID, String(SDK_APP_ID));
  });

  it('has no dev routes (UserSig, synthetic room members)', async () => {
    const res = await mf.dispatchFetch('http://localhost/dev/usersig?userid=alice');
    assert.equal(res.status, 404);
    await res.arrayBuffer();
    const room = await mf.dispatchFetch('http://localhost/dev/room', {
      method: 'POST', body: JSON.stringify({ group: '@TGS#1abc', members: 10, prefix: 'x' }),
    });
    assert.equal(room.status, 404);
    await room.arrayBuffer();
  });

  it('requires account import, then logs in with the production key and refuses the dev key', async () => {
    const api = new TLSSigAPIv2.Api(SDK_APP_ID, PROD_SECRET);
    const login = { sdkappid: SDK_APP_ID, identifier: 'alice', usersig: api.genSig('alice', 3600), platform: 'Web' };
    const refused = await firstFrame(mf, login);
    assert.equal(refused.code, 70107, 'not imported yet');
    const admin = new URLSearchParams({ sdkappid: SDK_APP_ID, identifier: 'administrator', usersig: api.genSig('administrator', 3600), random: '1', contenttype: 'json' });
    const res = await mf.dispatchFetch(`http://localhost/v4/im_open_login_svc/account_import?${admin}`, {
      method: 'POST', body: JSON.stringify({ UserID: 'alice' }),
    });
    assert.deepEqual(await res.json(), { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    const ok = await firstFrame(mf, login);
    assert.deepEqual(ok, { type: 'login', userID: 'alice', maxSeq: 0 });
    const dev = new TLSSigAPIv2.Api(SDK_APP_ID, DEV_SECRET).genSig('alice', 3600);
    const wrongKey = await firstFrame(mf, { ...login, usersig: dev });
    assert.equal(wrongKey.code, 70009);
  });

  it('refuses to serve when FAULTS (the test hook that drops object calls) is set without the dev flag', async () => {
    const faulty = bundle({ ...vars, SECRET_KEY: PROD_SECRET, FAULTS: 'drop=1,seed=7' });
    try {
      const admin = new URLSearchParams({ sdkappid: SDK_APP_ID, identifier: 'administrator', usersig: new TLSSigAPIv2.Api(SDK_APP_ID, PROD_SECRET).genSig('administrator', 3600), random: '1', contenttype: 'json' });
      const res = await faulty.dispatchFetch(`http://localhost/v4/im_open_login_svc/account_import?${admin}`, {
        method: 'POST', body: JSON.stringify({ UserID: 'bob' }),
      });
      const body = await res.json();
      assert.equal(body.ErrorCode, 90000, JSON.stringify(body));
      assert.match(body.ErrorInfo, /FAULTS.*EDGECHAT_DEV/);
    } finally {
      await faulty.dispose();
    }
  });
});
