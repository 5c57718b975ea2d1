#!/usr/bin/env node
// `npm run bench`: benchmarks edgechat against the real worker under `wrangler dev` on 127.0.0.1
// and writes BENCHMARKS.md (+ SVG charts and bench/results.json). See BENCHMARKS.md for what
// each section measures. Every load is bounded in count and time; figures are benchmarks, never
// test thresholds.
//
//   node bench/run.mjs [--quick] [--only=size,c2c,fanout,catchup,store,cpu] [--members=100,1000,2500]
//                      [--messages=N] [--max-deliveries=N] [--senders=N] [--pairs=N] [--per-side=N]
//                      [--catchup=1000,10000] [--conversations=N] [--group-conversations=N]
//                      [--store-messages=N] [--store-pages=N] [--store-pushes=N] [--bytes=N]
//                      [--out=PATH] [--no-write] [--from=bench/results.json]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ROOT } from '../tests/support/worker.mjs';
import { benchC2c } from './lib/c2c.mjs';
import { benchCatchup, groupsMissing } from './lib/catchup.mjs';
import { benchFanout, GroupsUnavailable } from './lib/fanout.mjs';
import { benchOpenLoop } from './lib/openloop.mjs';
import { benchRoom } from './lib/room.mjs';
import { machine, renderReport, renderCharts } from './lib/report.mjs';
import { benchSize } from './lib/size.mjs';
import { benchStore } from './lib/store.mjs';
import { startWrangler } from './lib/wrangler.mjs';

const SECTIONS = ['size', 'c2c', 'fanout', 'openloop', 'room', 'catchup', 'store', 'cpu'];

// Sized to finish on this 2-core machine: edgechat's group fan-out runs at about two thousand
// deliveries/s, and 5,000 sockets exceed the container's open-file limit (2,500 fit). Larger
// runs: flags.
const DEFAULTS = {
  members: [100, 1000, 2500], messages: 30, maxDeliveries: 150_000, senders: 10,
  pairs: 200, perSide: 10, catchup: [1000, 3000, 10_000], conversations: 50, groupConversations: 10,
  storeMessages: 100_000, storePages: 100, storePushes: 1000, bytes: 200,
  openMembers: 1000, openRate: 10, openSeconds: 30,
  roomMembers: [1000, 10_000, 100_000], roomMessages: 20,
};
const QUICK = {
  members: [20, 100], messages: 20, maxDeliveries: 5000, senders: 5,
  pairs: 20, perSide: 5, catchup: [200, 500], conversations: 10, groupConversations: 2,
  storeMessages: 10_000, storePages: 20, storePushes: 100,
  openMembers: 50, openRate: 10, openSeconds: 5,
  roomMembers: [100, 1000], roomMessages: 5,
};

function parseArgs(argv) {
  const flags = {};
  for (const arg of argv) {
    const m = arg.match(/^--([a-z-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument ${arg}`);
    flags[m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = m[2] ?? true;
  }
  const known = new Set([...Object.keys(DEFAULTS), 'quick', 'only', 'out', 'noWrite', 'help', 'from', 'server']);
  for (const k of Object.keys(flags)) if (!known.has(k)) throw new Error(`unknown flag --${k}`);
  if (flags.help) {
    console.log(readUsage());
    process.exit(0);
  }
  const params = { ...DEFAULTS, ...(flags.quick ? QUICK : {}) };
  for (const [k, v] of Object.entries(flags)) {
    if (!(k in DEFAULTS)) continue;
    params[k] = Array.isArray(DEFAULTS[k]) ? String(v).split(',').map(Number) : Number(v);
    const bad = [params[k]].flat().some((n) => !Number.isFinite(n) || n < 0);
    if (bad) throw new Error(`--${k} wants a number${Array.isArray(DEFAULTS[k]) ? ' list' : ''}, got ${v}`);
  }
  // --server=miniflare: both workers run in Miniflare's workerd without wrangler's dev proxy and
  // inspector (bench/lib/miniflare-server.mjs); the default is `wrangler dev`.
  const server = String(flags.server ?? process.env.BENCH_SERVER ?? 'wrangler');
  if (!['wrangler', 'miniflare'].includes(server)) throw new Error(`--server: wrangler or miniflare, not ${server}`);
  process.env.BENCH_SERVER = server;
  params.server = server;
  const only = flags.only ? String(flags.only).split(',') : SECTIONS;
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section ${s} (${SECTIONS.join(', ')})`);
  const out = flags.out ? resolve(String(flags.out)) : join(ROOT, flags.quick ? 'bench/out/BENCHMARKS.md' : 'BENCHMARKS.md');
  const from = flags.from ? resolve(String(flags.from)) : null;
  return { params, only, quick: Boolean(flags.quick), out, write: !flags.noWrite, from };
}

function readUsage() {
  return `usage: npm run bench -- [flags]
  --quick                      small parameters for a smoke run (written to bench/out/)
  --only=${SECTIONS.join(',')}
  --members=${DEFAULTS.members}   group sizes for the fan-out
  --messages=${DEFAULTS.messages}  group messages per size (lowered so messages × (members−1) ≤ --max-deliveries=${DEFAULTS.maxDeliveries})
  --senders=${DEFAULTS.senders}  --pairs=${DEFAULTS.pairs}  --per-side=${DEFAULTS.perSide}  --bytes=${DEFAULTS.bytes}
  --catchup=${DEFAULTS.catchup}  --conversations=${DEFAULTS.conversations}  --group-conversations=${DEFAULTS.groupConversations}
  --store-messages=${DEFAULTS.storeMessages}  --store-pages=${DEFAULTS.storePages}  --store-pushes=${DEFAULTS.storePushes}
  --open-members=${DEFAULTS.openMembers}  --open-rate=${DEFAULTS.openRate}  --open-seconds=${DEFAULTS.openSeconds}   open-loop fan-out (messages/s for seconds)
  --server=wrangler|miniflare  the server: wrangler dev (default), or the same workers in Miniflare without the dev proxy
  --out=PATH (default BENCHMARKS.md)  --no-write (print only)
  --from=bench/results.json    write the report and charts again from a saved run, running nothing`;
}

const WORKER_VARS = {
  // BENCH_HUBS overrides the hub count (wrangler.toml's HUBS) to compare topologies.
  ...(process.env.BENCH_HUBS ? { HUBS: process.env.BENCH_HUBS } : {}),
  // The bench is a load: lift the REST limits (create_group, add_group_member) and keep silent
  // sockets (the load generator sends no heartbeats) from being swept during a run.
  REST_RATE_LIMIT_SCALE: 1000,
  // Lift what one client may send per second too (each bench sender is one socket at full speed).
  CLIENT_RATE_SCALE: 1000,
  HEARTBEAT_TIMEOUT_SECS: 3600,
};

const log = (s) => console.log(s);

async function withWorker(options, fn) {
  const worker = await startWrangler(options);
  try {
    return await fn(worker);
  } finally {
    await worker.stop();
  }
}

async function main() {
  const { params, only, quick, out, write, from } = parseArgs(process.argv.slice(2));
  if (from) {
    const saved = JSON.parse(readFileSync(from, 'utf8'));
    return writeReport(saved, { out, write, quick: saved.quick, resultsFile: null });
  }
  const want = (s) => only.includes(s);
  const started = Date.now();
  const results = { machine: machine(), params, only, quick, startedAt: new Date().toISOString() };
  const runTag = Date.now().toString(36).slice(-5);
  log(`edgechat bench — ${results.machine.cores} cores, ${results.machine.memory}, commit ${results.machine.commit}`);
  log(`sections: ${only.join(', ')}${quick ? ' (quick)' : ''}`);

  if (want('size')) {
    log('\n== 4. Engine size');
    results.size = benchSize({ log });
  }

  if (want('c2c') || want('cpu')) {
    log(`\n== 2. One-to-one: ${params.pairs} pairs × ${params.perSide} messages each way`);
    results.c2c = await withWorker({ vars: WORKER_VARS, label: 'edgechat' }, (w) => benchC2c(w, {
      pairs: params.pairs, perSide: params.perSide, bytes: params.bytes, tag: `c${runTag}`, log,
    })).catch((err) => ({ error: err.message }));
    log(`  ${JSON.stringify(brief(results.c2c))}`);
  }

  if (want('fanout') || want('cpu')) {
    const sizes = want('fanout') ? params.members : [1000];
    log(`\n== 1. Group fan-out: ${sizes.join(', ')} members, ${params.senders} senders`);
    results.fanout = [];
    for (const members of sizes) {
      const messages = Math.max(params.senders, Math.min(params.messages, Math.floor(params.maxDeliveries / Math.max(1, members - 1))));
      const row = { members, messages };
      log(`  -- ${members} members, ${messages} messages (${(messages * (members - 1)).toLocaleString('en-US')} deliveries)`);
      log('    baseline relay (bench/baseline):');
      row.baseline = await withWorker({ config: 'bench/baseline/wrangler.toml', label: 'baseline' }, (w) => benchFanout(w, {
        kind: 'baseline', members, senders: params.senders, messages, bytes: params.bytes, tag: `r${runTag}${members}`, log,
      })).catch((err) => ({ error: err.message }));
      log(`    ${JSON.stringify(brief(row.baseline))}`);
      log('    edgechat:');
      row.edgechat = await withWorker({ vars: WORKER_VARS, label: 'edgechat' }, (w) => benchFanout(w, {
        kind: 'edgechat', members, senders: params.senders, messages, bytes: params.bytes, tag: `g${runTag}${members}`, log,
      })).catch((err) => (err instanceof GroupsUnavailable
        ? { skipped: `groups not available: ${err.message}` }
        : { error: err.message }));
      if (row.edgechat.skipped) log(`    ${row.edgechat.skipped}`);
      else log(`    ${JSON.stringify(brief(row.edgechat))}`);
      results.fanout.push(row);
    }
  }

  if (want('openloop')) {
    const { openMembers: members, openRate: rate, openSeconds: seconds } = params;
    log(`\n== 1b. Open-loop fan-out: ${members} members, ${rate} msg/s for ${seconds} s`);
    const opts = (kind, tag) => ({ kind, members, senders: params.senders, rate, seconds, bytes: params.bytes, tag, log });
    results.openloop = {};
    log('    baseline relay (bench/baseline):');
    results.openloop.baseline = await withWorker({ config: 'bench/baseline/wrangler.toml', label: 'baseline' },
      (w) => benchOpenLoop(w, opts('baseline', `p${runTag}`))).catch((err) => ({ error: err.message }));
    log(`    ${JSON.stringify(brief(results.openloop.baseline))}`);
    log('    edgechat:');
    results.openloop.edgechat = await withWorker({ vars: WORKER_VARS, label: 'edgechat' },
      (w) => benchOpenLoop(w, opts('edgechat', `q${runTag}`))).catch((err) => ({ error: err.message }));
    log(`    ${JSON.stringify(brief(results.openloop.edgechat))}`);
  }

  if (want('room')) {
    log(`\n== 1c. Large rooms (synthetic hubs): ${params.roomMembers.join(', ')} members, ${params.roomMessages} messages`);
    results.room = await withWorker({ vars: WORKER_VARS, label: 'edgechat' }, async (w) => {
      const rows = [];
      for (const [i, members] of params.roomMembers.entries()) {
        const row = await benchRoom(w, { members, messages: params.roomMessages, tag: `v${runTag}${i}`, log })
          .catch((err) => ({ members, error: err.message }));
        log(`    ${JSON.stringify(row)}`);
        rows.push(row);
      }
      return { rows };
    }).catch((err) => ({ error: err.message }));
  }

  if (want('catchup')) {
    log(`\n== 3. Catch-up: ${params.catchup.join(', ')} missed messages over ${params.conversations} conversations`);
    results.catchup = { rows: [] };
    await withWorker({ vars: WORKER_VARS, label: 'edgechat' }, async (w) => {
      const missing = await groupsMissing(w.url, `q${runTag}`);
      results.catchup.groups = missing ? `groups not available: ${missing}` : 'available';
      const groupConversations = missing ? 0 : Math.min(params.groupConversations, params.conversations);
      if (missing) log(`  groups not available: ${missing}\n  → all ${params.conversations} conversations are one-to-one`);
      for (const [i, missed] of params.catchup.entries()) {
        log(`  -- ${missed} missed messages`);
        const row = await benchCatchup(w, {
          missed, conversations: params.conversations, groupConversations, bytes: params.bytes, tag: `k${runTag}${i}`, log,
        }).catch((err) => ({ missed, error: err.message }));
        log(`    ${JSON.stringify(brief(row))}`);
        results.catchup.rows.push(row);
      }
    }).catch((err) => { results.catchup.error = err.message; });
  }

  if (want('store')) {
    log(`\n== 5. Engine store (headless Chromium): ${params.storeMessages} messages, ${params.storePages} pages`);
    results.store = await benchStore({
      total: params.storeMessages, pages: params.storePages, pushes: params.storePushes, log,
    }).catch((err) => ({ error: err.message }));
    log(`  ${JSON.stringify(brief(results.store))}`);
  }

  results.seconds = (Date.now() - started) / 1000;
  log(`\ndone in ${results.seconds.toFixed(0)} s`);
  writeReport(results, { out, write, quick, resultsFile: 'results.json' });
}

function writeReport(results, { out, write, quick, resultsFile }) {
  const outDir = dirname(out);
  // A report written elsewhere (--out) keeps its charts and results beside it.
  const elsewhere = !quick && out !== join(ROOT, 'BENCHMARKS.md');
  const chartDir = elsewhere ? join(outDir, 'charts') : join(ROOT, quick ? 'bench/out' : 'bench/charts');
  const charts = renderCharts(results);
  const md = renderReport(results, {
    chartPath: (name) => relative(outDir, join(chartDir, name)).split('\\').join('/'),
    charts: Object.keys(charts),
  });
  if (write) {
    mkdirSync(outDir, { recursive: true });
    mkdirSync(chartDir, { recursive: true });
    for (const [name, svg] of Object.entries(charts)) writeFileSync(join(chartDir, name), svg);
    writeFileSync(out, md);
    if (resultsFile) writeFileSync(join(quick || elsewhere ? chartDir : join(ROOT, 'bench'), resultsFile), `${JSON.stringify(results, null, 1)}\n`);
    log(`wrote ${relative(ROOT, out)}, ${Object.keys(charts).length} charts in ${relative(ROOT, chartDir)}/`);
  } else {
    console.log(md);
  }
}

/** A one-line summary of a result for the console. */
function brief(r) {
  if (!r) return r;
  if (r.error || r.skipped) return r;
  const pick = {};
  for (const k of ['delivered', 'missing', 'duplicates', 'cpuUsPerDelivery', 'perSec', 'seconds', 'received', 'insertMs', 'fillSecs', 'payloadBytes', 'wireBytes', 'timedOut']) {
    if (r[k] !== undefined) pick[k] = typeof r[k] === 'number' ? +r[k].toFixed(2) : r[k];
  }
  if (r.latency) pick.latency = { p50: +r.latency.p50.toFixed(1), p99: +r.latency.p99.toFixed(1), max: +r.latency.max.toFixed(1) };
  if (r.cpuMsPerMessage !== undefined) pick.cpuMsPerMessage = +r.cpuMsPerMessage.toFixed(3);
  if (r.page) pick.pageMs = { p50: +r.page.p50.toFixed(2), p99: +r.page.p99.toFixed(2) };
  return pick;
}

const hardLimit = setTimeout(() => {
  console.error('bench: the whole run exceeded 60 minutes; giving up');
  process.exit(2);
}, 60 * 60_000);
hardLimit.unref();

main().then(() => process.exit(0), (err) => {
  console.error(err.stack ?? err);
  process.exit(1);
});
