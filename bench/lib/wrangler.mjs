// Starts `wrangler dev` (the edgechat worker, or the baseline relay with its own config) on
// 127.0.0.1 and a free port, and measures the CPU time of its whole process group
// (wrangler's node process and the workerd processes it runs) from /proc.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, freePort, tempStateDir, removeStateDir } from '../../tests/support/worker.mjs';

const WRANGLER = join(ROOT, 'node_modules', '.bin', 'wrangler');
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks

const running = new Set();
process.on('exit', () => {
  for (const pid of running) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  }
});

/**
 * @param {{ config?: string, vars?: Record<string,string|number>, label?: string }} options
 *   config: a wrangler config path relative to the repo root (default: the repo's wrangler.toml)
 * @returns {Promise<{ url, port, pgid, stop, cpu: () => CpuSample, output: () => string }>}
 */
export async function startWrangler({ config, vars = {}, label = 'wrangler' } = {}) {
  const stateDir = await tempStateDir();
  const port = await freePort();
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--local', '--persist-to', stateDir,
    '--show-interactive-dev-session=false', '--log-level', 'warn'];
  if (config) args.push('--config', config);
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`);
  // BENCH_PROFILE_DIR: wrangler's own Node processes write CPU profiles there when they exit
  // (read them with bench/profile.mjs); node passes the flags on to the CLI process it starts.
  const profile = process.env.BENCH_PROFILE_DIR;
  let [command, argv] = profile
    ? [process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profile}`, join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), ...args]]
    : [WRANGLER, args];
  // BENCH_SERVER=miniflare: the same worker in Miniflare's workerd, without wrangler's dev proxy
  // and inspector (bench/lib/miniflare-server.mjs).
  let mfConfig = {};
  if (process.env.BENCH_SERVER === 'miniflare') {
    [command, argv] = [process.execPath, [join(ROOT, 'bench', 'lib', 'miniflare-server.mjs')]];
    mfConfig = { BENCH_MF: JSON.stringify({ root: ROOT, port, persist: stateDir, vars, kind: config ? 'baseline' : 'edgechat' }) };
  }
  const child = spawn(command, argv, {
    cwd: ROOT,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0', ...mfConfig },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child.pid);
  let log = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => {
    running.delete(child.pid);
    resolve({ code, signal });
  }));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      signal(child.pid, 'SIGTERM');
      const timer = setTimeout(() => signal(child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    signal(child.pid, 'SIGKILL');
    await removeStateDir(stateDir);
  };
  // --log-level warn hides "Ready on", so readiness is polled over HTTP instead.
  const onData = (chunk) => { log = (log + chunk.toString('utf8').replace(ANSI, '')).slice(-100_000); };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    try {
      const res = await fetch(`${url}/__bench_ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      ready = true;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  if (!ready) {
    await stop();
    throw new Error(`${label}: wrangler dev was not ready within ${READY_TIMEOUT_MS / 1000} s. Output:\n${log}`);
  }
  return { url, port, pgid: child.pid, stop, cpu: () => groupCpu(child.pid), fds: () => groupFds(child.pid), output: () => log };
}

function signal(pid, sig) {
  try { process.kill(-pid, sig); } catch (err) { if (err.code !== 'ESRCH') throw err; }
}

/**
 * CPU seconds (user + system) of every live process in process group `pgid`, by command name.
 * @typedef {{ total: number, byComm: Record<string, number>, at: number }} CpuSample
 */
export function groupCpu(pgid) {
  const byComm = {};
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat;
    try { stat = readFileSync(`/proc/${entry}/stat`, 'utf8'); } catch { continue; }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    // fields[0] is state (field 3); pgrp is field 5, utime 14, stime 15 → indexes 2, 11, 12
    if (Number(fields[2]) !== pgid) continue;
    const secs = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    byComm[comm] = (byComm[comm] ?? 0) + secs;
    total += secs;
  }
  return { total, byComm, at: performance.now() };
}

/** The difference of two samples: CPU seconds per command name and wall seconds. */
export function cpuDelta(before, after) {
  const byComm = {};
  for (const [comm, secs] of Object.entries(after.byComm)) byComm[comm] = secs - (before.byComm[comm] ?? 0);
  return { cpuSecs: after.total - before.total, wallSecs: (after.at - before.at) / 1000, byComm };
}

/** This process's own CPU seconds (the load generator). */
export function selfCpu() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Open file descriptors and the open-files limit of each process in group `pgid`. */
export function groupFds(pgid) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (Number(stat.slice(close + 2).split(' ')[2]) !== pgid) continue;
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const limit = Number(readFileSync(`/proc/${entry}/limits`, 'utf8').match(/Max open files\s+(\d+)/)?.[1]);
      out.push({ pid: Number(entry), comm, fds: readdirSync(`/proc/${entry}/fd`).length, limit });
    } catch { /* exited meanwhile */ }
  }
  return out;
}
