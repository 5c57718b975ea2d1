// `npm start` passes documented config vars from its environment to the worker (#16): started
// with ADMINS naming a second admin, that account may call the REST API as an app admin.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { assertOk, restCall } from '../support/rest.mjs';
import { freePort, ROOT } from '../support/worker.mjs';

const READY_MS = 240_000;

test('npm start hands config vars from its environment to the worker', { timeout: 300_000 }, async () => {
  const port = await freePort();
  const child = spawn('bash', ['scripts/start.sh'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), ADMINS: 'administrator,opsuser', NO_COLOR: '1', FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start was not ready in ${READY_MS} ms:\n${log.slice(-4000)}`)), READY_MS);
      const read = (chunk) => {
        log += chunk;
        if (/Ready on/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited with ${code}:\n${log.slice(-4000)}`));
      });
    });
    assert.match(log, /ADMINS from the environment/);
    const url = `http://127.0.0.1:${port}`;
    const asOps = await restCall(url, 'v4/im_open_login_svc/account_import', { UserID: 'start-env-user' }, { identifier: 'opsuser' });
    assertOk(asOps.json);
    const asStranger = await restCall(url, 'v4/im_open_login_svc/account_import', { UserID: 'start-env-user' }, { identifier: 'stranger' });
    assert.notEqual(asStranger.json.ErrorCode, 0, 'an account not named in ADMINS is not an admin');
  } finally {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r()));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
  }
});
