// Samples, every `--sample-secs`: the server's processes (workerd and wrangler's Node, found by
// walking /proc for the descendants of this process: startWorker spawns wrangler, which spawns
// workerd), their RSS (VmRSS) and open file descriptors, this Node process's RSS and heap, and
// the traffic done since the previous sample. Then the growth verdict over the run's thirds.
import { readFileSync, readdirSync } from 'node:fs';

function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return { pid: Number(pid), comm, ppid };
  } catch {
    return null;
  }
}

/** The live descendants of `root` (not `root` itself). */
export function descendants(root = process.pid) {
  const procs = [];
  for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry)) {
    const p = readProc(entry);
    if (p) procs.push(p);
  }
  const children = new Map();
  for (const p of procs) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const out = [];
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const p = stack.pop();
    out.push(p);
    stack.push(...(children.get(p.pid) ?? []));
  }
  return out;
}

function rssKiB(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function fdCount(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}

function isWorkerRuntime(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--inspector-addr');
  } catch {
    return false;
  }
}

/**
 * RSS (KiB) and fds of the server's processes. `wrangler dev` runs two workerd: the worker's
 * runtime (with the inspector: the worker and its Durable Objects, `workerd*`) and the dev proxy
 * in front of it (listening on the public port, `proxy*`); the rest is wrangler's Node
 * (and esbuild), `wrangler*`.
 */
export function serverUsage() {
  const out = { workerdRssKiB: 0, workerdFds: 0, proxyRssKiB: 0, proxyFds: 0, wranglerRssKiB: 0, wranglerFds: 0 };
  for (const p of descendants()) {
    const kind = p.comm !== 'workerd' ? 'wrangler' : isWorkerRuntime(p.pid) ? 'workerd' : 'proxy';
    out[`${kind}RssKiB`] += rssKiB(p.pid);
    out[`${kind}Fds`] += fdCount(p.pid);
  }
  return out;
}

/** Least-squares slope of y over x. */
export function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : NaN;
}

const mean = (v) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN);

/**
 * The growth verdict of one metric over the traffic phase's samples, cut in thirds by time.
 * "No growth without bound" = the last third's mean is at most the middle third's plus
 * `tolerance` (a fraction) and `slack` (absolute). A metric still climbing at the end of the run
 * shows in the last third; warm-up (caches filling, sockets opening) lies in the first, which
 * is reported but not judged.
 */
export function growth(samples, key, { tolerance = 0.1, slack = 0 } = {}) {
  const t = samples.map((s) => s.t);
  const y = samples.map((s) => s[key]);
  if (samples.length < 3) return { key, verdict: 'too few samples', n: samples.length };
  const span = t[t.length - 1] - t[0];
  const third = (k) => samples.filter((s) => s.t >= t[0] + (span * k) / 3 && (k === 2 || s.t < t[0] + (span * (k + 1)) / 3)).map((s) => s[key]);
  const [first, middle, last] = [third(0), third(1), third(2)].map(mean);
  const half = samples.filter((s) => s.t >= t[0] + span / 2);
  const bounded = last <= middle * (1 + tolerance) + slack;
  return {
    key, n: samples.length, first, middle, last, min: Math.min(...y), max: Math.max(...y),
    slopePerMin: slope(t, y) * 60, lastHalfSlopePerMin: slope(half.map((s) => s.t), half.map((s) => s[key])) * 60,
    verdict: bounded ? 'bounded' : 'growing',
  };
}
