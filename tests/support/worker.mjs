// Test support: starts the real edgechat worker with `wrangler dev` on a free port, and fetches dev UserSigs.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fetchText } from './http.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SDK_APP_ID = 1400000000;
/** The signing key of the local dev worker (the same one `/dev/usersig` signs with). */
export const DEV_SECRET = 'edgechat-local-dev-secret';

const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 10_000;
const MAX_LOG_CHARS = 200_000;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Process groups still running, killed if the test process exits without calling `stop`. */
const running = new Set();
function killRunning() {
  for (const pid of running) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killRunning);
// A test runner that times a file out sends SIGTERM: take the workers down too, or an orphaned
// workerd keeps a core busy for the rest of the run.
for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]]) {
  process.once(signal, () => {
    killRunning();
    process.exit(code);
  });
}

/** A port nobody listens on right now: listen on port 0, read the port, close. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A fresh directory for `--persist-to`; the caller removes it (see `removeStateDir`). */
export function tempStateDir() {
  return mkdtemp(join(tmpdir(), 'edgechat-e2e-'));
}

export async function removeStateDir(dir) {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Starts `wrangler dev` for the repo's worker and resolves once it prints `Ready on`.
 * @param {{ persistTo?: string, timeoutMs?: number, vars?: Record<string, string | number> }} [options]
 *   persistTo: reuse this state directory (e.g. to restart on the same Durable Object state);
 *   it is then the caller's to remove. Without it a fresh temp directory is used and removed by `stop`.
 *   vars: Worker variables passed as repeated `--var NAME:value` flags; they override the same names
 *   from wrangler.toml and `.dev.vars` (e.g. `{ AUTO_IMPORT: '0' }`).
 *   port: listen there (a restart on the same port lets clients reconnect); a free one by default.
 * @returns {Promise<{ url: string, port: number, persistTo: string, stop: () => Promise<void>, kill: () => Promise<void>, output: () => string }>}
 *   kill: SIGKILL to the whole process group at once (workerd dies mid-request, as in a crash),
 *   resolved once the group is gone, so a restart can bind the same port.
 */
export async function startWorker({ persistTo, timeoutMs = READY_TIMEOUT_MS, vars = {}, port: fixedPort } = {}) {
  const varArgs = varFlags(vars);
  const ownsState = !persistTo;
  const stateDir = persistTo ?? await tempStateDir();
  const port = fixedPort ?? await freePort();
  const args = [
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--local',
    '--persist-to', stateDir,
    // Not the default 9229: two workers starting at once (a restart while another engineer's or
    // file's worker starts) would race for it and one would exit with "Address already in use".
    '--inspector-port', String(await freePort()),
    '--show-interactive-dev-session=false',
    '--log-level', 'info',
    ...varArgs,
  ];
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    detached: true, // own process group, so `stop` reaches workerd and any build step too
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child.pid);

  let log = '';
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      running.delete(child.pid);
      resolveExit({ code, signal });
    });
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    // wrangler may exit before its children: make sure nothing of the group is left behind.
    signalGroup(child.pid, 'SIGKILL');
    if (ownsState) await removeStateDir(stateDir);
  };

  const kill = async () => {
    signalGroup(child.pid, 'SIGKILL');
    await exited;
    await groupGone(child.pid);
    if (ownsState) await removeStateDir(stateDir);
  };

  const url = await new Promise((resolveReady, reject) => {
    let settled = false;
    let pending = '';
    let timer;
    const finish = (error, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolveReady(value);
    };
    const onData = (chunk) => {
      const text = chunk.toString('utf8');
      log = (log + text).slice(-MAX_LOG_CHARS);
      if (settled) return;
      pending += text;
      const lines = pending.split(/\r?\n/);
      pending = lines.pop();
      for (const line of lines) {
        const plain = line.replace(ANSI, '');
        if (plain.includes('Ready on')) {
          const match = plain.match(/Ready on (https?:\/\/\S+)/);
          finish(null, (match?.[1] ?? `http://127.0.0.1:${port}`).replace(/\/$/, ''));
          return;
        }
      }
    };
    // Keep draining both pipes for the worker's whole life, or a full pipe would block it.
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (err) => finish(new Error(`could not spawn wrangler: ${err.message}`)));
    exited.then(({ code, signal }) => finish(new Error(
      `wrangler dev exited (code ${code}, signal ${signal}) before it was ready. Output:\n${log}`,
    )));
    timer = setTimeout(() => finish(new Error(
      `wrangler dev was not ready within ${timeoutMs / 1000} s. Output:\n${log}`,
    )), timeoutMs);
  }).catch(async (err) => {
    await stop();
    throw err;
  });

  return { url, port, persistTo: stateDir, stop, kill, output: () => log };
}

/** `{ NAME: 'value' }` as `['--var', 'NAME:value', …]` (wrangler splits each at its first colon). */
function varFlags(vars) {
  const flags = [];
  for (const [name, value] of Object.entries(vars ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid worker variable name ${JSON.stringify(name)}`);
    flags.push('--var', `${name}:${value}`);
  }
  return flags;
}

/** Resolves once no process of group `pid` is left (at most 5 s: an unreaped zombie holds no port). */
async function groupGone(pid) {
  for (let waited = 0; waited < 5000; waited += 50) {
    try {
      process.kill(-pid, 0);
    } catch (err) {
      if (err.code === 'ESRCH') return;
      throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if (err.code !== 'ESRCH') throw err;
  }
}

/** Fetches a UserSig for `userID` from the worker's `/dev/usersig` endpoint. */
export async function devUserSig(url, userID) {
  const { response, text } = await fetchText(`${url}/dev/usersig?userid=${encodeURIComponent(userID)}`);
  if (!response.ok) throw new Error(`/dev/usersig for ${userID} answered ${response.status}: ${text}`);
  const body = JSON.parse(text);
  if (typeof body.userSig !== 'string' || !body.userSig) {
    throw new Error(`/dev/usersig for ${userID} returned no userSig: ${text}`);
  }
  return body.userSig;
}

/** A random suffix for unique per-run UserIDs (`alice_3k9x2f`), keeping IDs within 32 chars. */
export function uniqueID(prefix) {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}

/**
 * One worker for a whole test file: started before its tests, stopped after them. Returns an
 * object whose `url` is the worker's once it is up.
 */
export function workerForFile(options) {
  const handle = { url: '', worker: null };
  before(async () => {
    handle.worker = await startWorker(options);
    handle.url = handle.worker.url;
  });
  after(async () => {
    await handle.worker?.stop();
  });
  return handle;
}
