// BENCHMARKS.md and its charts from one run's results.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../tests/support/worker.mjs';
import { lineChart } from '../charts.mjs';
import { bytes, fmt } from './stats.mjs';

function sh(cmd, args) {
  try { return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 10_000 }).trim(); } catch { return ''; }
}
function pkgVersion(name) {
  try { return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version; } catch { return '?'; }
}

export function machine() {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const kb = Number(meminfo.match(/MemTotal:\s+(\d+)/)?.[1] ?? 0);
  const model = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? os.cpus()[0]?.model ?? '?';
  const limits = readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)\s+(\d+)/);
  const dirty = sh('git', ['status', '--porcelain']) !== '';
  return {
    date: new Date().toISOString(),
    cores: Number(sh('nproc', [])) || os.availableParallelism(),
    cpu: model.trim(),
    memory: `${(kb / 1024 / 1024).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    openFiles: limits ? `${limits[1]} (hard ${limits[2]})` : '?',
    node: process.version,
    wrangler: pkgVersion('wrangler'),
    workerd: pkgVersion('workerd'),
    commit: `${sh('git', ['rev-parse', '--short', 'HEAD'])}${dirty ? ' + uncommitted changes' : ''}`,
    branch: sh('git', ['rev-parse', '--abbrev-ref', 'HEAD']),
  };
}

const ms = (v) => (Number.isFinite(v) ? `${fmt(v, v < 10 ? 2 : 1)} ms` : '–');
const lat = (l) => (l?.n ? `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)}` : '–');
const why = (r) => r?.skipped ?? (r?.error ? `failed: ${oneLine(r.error)}` : r?.timedOut ? `incomplete: ${oneLine(r.timedOut)}` : '');
const oneLine = (s) => String(s).split('\n')[0].slice(0, 300).replace(/\|/g, '\\|');
const ok = (r) => r && !r.error && !r.skipped;

export function renderCharts(results) {
  const charts = {};
  const rows = results.fanout ?? [];
  if (rows.length) {
    const series = (kind, f) => ({
      name: kind === 'baseline' ? 'baseline relay DO (platform ceiling)' : 'edgechat group',
      dashed: kind === 'baseline',
      points: rows.filter((r) => ok(r[kind]) && !r[kind].timedOut).map((r) => [r.members, f(r[kind])]),
    });
    charts['fanout-throughput.svg'] = lineChart({
      title: 'Group fan-out: delivered messages per second', xLabel: 'members online', yLabel: 'deliveries / s',
      note: `${results.machine.cores} cores · commit ${results.machine.commit}`,
      series: [series('edgechat', (r) => r.perSec), series('baseline', (r) => r.perSec)],
    });
    charts['fanout-p99.svg'] = lineChart({
      title: 'Group fan-out: p99 latency, send → every receiver', xLabel: 'members online', yLabel: 'p99 latency (ms)',
      note: `${results.machine.cores} cores · commit ${results.machine.commit}`,
      series: [series('edgechat', (r) => r.latency.p99), series('baseline', (r) => r.latency.p99)],
    });
  }
  const cu = (results.catchup?.rows ?? []).filter(ok);
  if (cu.length) {
    charts['catchup.svg'] = lineChart({
      title: 'Catch-up: login → fully synced', xLabel: 'missed messages', yLabel: 'milliseconds',
      note: `${results.machine.cores} cores · commit ${results.machine.commit}`, yLog: false,
      series: [{ name: `${results.params.conversations} conversations (${cu[0].groupConversations} groups)`, points: cu.map((r) => [r.missed, r.seconds * 1000]) }],
    });
  }
  return charts;
}

export function renderReport(results, { chartPath, charts }) {
  const m = results.machine;
  const p = results.params;
  const L = [];
  const img = (name, alt) => { if (charts.includes(name)) L.push(`![${alt}](${chartPath(name)})`, ''); };
  L.push('# Benchmarks', '');
  L.push('Produced by `npm run bench` (bench/run.mjs); every figure below is from one run on the machine described.',
    'They are benchmarks, not test thresholds: nothing fails when they move. Re-run with `npm run bench`',
    '(`npm run bench -- --help` lists the flags; `--quick` is a one-minute smoke run written to bench/out/).', '');
  L.push('| | |', '|---|---|');
  L.push(`| Date | ${m.date} |`);
  L.push(`| Machine | ${m.cores} cores (${m.cpu}), ${m.memory} memory, ${m.kernel}, open-files limit ${m.openFiles} |`);
  L.push(`| Commit | \`${m.commit}\` (branch ${m.branch}) |`);
  L.push(`| Software | Node ${m.node}, wrangler ${m.wrangler}, workerd ${m.workerd}${results.store?.browser ? `, Chromium ${results.store.browser}` : ''} |`);
  if (m.loadAverage) L.push(`| Load average at start | ${m.loadAverage} (1, 5, 15 min; anything else running shares the cores) |`);
  L.push(`| Run | sections ${results.only.join(', ')}${results.quick ? ' (--quick)' : ''}; ${fmt(results.seconds, 0)} s wall |`);
  L.push('');
  const server = p.server === 'miniflare'
    ? 'Miniflare (the built worker in workerd, without wrangler\'s dev proxy and inspector: bench/lib/miniflare-server.mjs)'
    : '`wrangler dev` (workerd)';
  L.push(`Everything runs on the one machine: ${server} serves the worker on 127.0.0.1 and the`,
    'load generator (this Node process, `ws` clients) shares the same cores, so it competes with the server it',
    'measures. Each section starts its own server with a fresh state directory; the worker runs with',
    '`REST_RATE_LIMIT_SCALE=1000` (the group set-up is a REST burst) and `HEARTBEAT_TIMEOUT_SECS=3600` (the load',
    'generator sends no heartbeats). Messages are 200-byte texts of word-like pseudo-random letters.', '');

  L.push('## Parameters', '');
  L.push('| Flag | Value | Meaning |', '|---|---|---|');
  L.push(`| \`--members\` | ${p.members.join(', ')} | group sizes for the fan-out (one socket per member) |`);
  L.push(`| \`--senders\` | ${p.senders} | members that send, each waiting for its previous ack |`);
  L.push(`| \`--messages\` / \`--max-deliveries\` | ${p.messages} / ${p.maxDeliveries.toLocaleString('en-US')} | group messages per size, lowered so that messages × (members − 1) stays within the delivery budget |`);
  L.push(`| \`--pairs\` / \`--per-side\` | ${p.pairs} / ${p.perSide} | one-to-one pairs; messages each side sends |`);
  L.push(`| \`--catchup\` | ${p.catchup.join(', ')} | messages missed while offline, one user per point |`);
  L.push(`| \`--conversations\` / \`--group-conversations\` | ${p.conversations} / ${p.groupConversations} | conversations they arrive in; how many of them are groups |`);
  L.push(`| \`--store-messages\` / \`--store-pages\` / \`--store-pushes\` | ${p.storeMessages.toLocaleString('en-US')} / ${p.storePages} / ${p.storePushes} | engine store: messages synced in, history pages read, live pushes |`);
  L.push(`| \`--bytes\` | ${p.bytes} | text bytes per message |`);
  L.push(`| \`--server\` | ${p.server ?? 'wrangler'} | \`wrangler dev\`, or \`miniflare\`: the same workers in Miniflare's workerd without wrangler's dev proxy and inspector |`);
  if (p.openMembers) L.push(`| \`--open-members\` / \`--open-rate\` / \`--open-seconds\` | ${p.openMembers} / ${p.openRate} / ${p.openSeconds} | open-loop fan-out: group size, messages/s, seconds |`);
  L.push('');

  // 1. Fan-out
  L.push('## 1. Group fan-out', '');
  if (!results.fanout) L.push('_Not run in this run._', '');
  else {
    L.push(`One group, every member online with one WebSocket from the load generator; ${p.senders} members send`,
      'the messages (each sender sends its next message when the previous one is acked), every other member',
      'receives each. **Deliveries/s** = deliveries ÷ (last delivery − first send); **latency** = send → the',
      "receiver's socket has the `groupMsg` frame, over every (message, receiver). The **baseline** is",
      '`bench/baseline/relay.mjs`: one Durable Object that accepts hibernatable sockets and relays each message',
      'to all of them, with no storage, auth or checks, under the same `wrangler dev`: the platform\'s ceiling',
      'here. **Ratio** = edgechat deliveries/s ÷ baseline deliveries/s.', '');
    L.push('| Members | Messages | Deliveries | Baseline deliveries/s | Baseline p50 / p99 / max | edgechat deliveries/s | edgechat p50 / p99 / max | Ratio | Notes |');
    L.push('|---:|---:|---:|---:|---|---:|---|---:|---|');
    for (const r of results.fanout) {
      const b = r.baseline;
      const e = r.edgechat;
      const ratio = ok(b) && ok(e) ? `${fmt((e.perSec / b.perSec) * 100, 1)} %` : '–';
      const notes = [why(b) && `baseline ${why(b)}`, why(e) && `edgechat ${why(e)}`].filter(Boolean).join('; ');
      L.push(`| ${r.members.toLocaleString('en-US')} | ${r.messages} | ${(r.messages * (r.members - 1)).toLocaleString('en-US')} | ${ok(b) ? fmt(b.perSec, 0) : '–'} | ${ok(b) ? lat(b.latency) : '–'} | ${ok(e) ? fmt(e.perSec, 0) : '–'} | ${ok(e) ? lat(e.latency) : '–'} | ${ratio} | ${notes} |`);
    }
    L.push('');
    const fdNotes = results.fanout.flatMap((r) => ['baseline', 'edgechat'].map((k) => [r, k, r[k]]))
      .filter(([, , x]) => ok(x) && x.fds?.length)
      .map(([r, k, x]) => {
        const top = [...x.fds].sort((a, b) => b.fds - a.fds)[0];
        const most = x.peakFds ? `, ${x.peakFds.toLocaleString('en-US')} at most while sending` : '';
        return `${k} at ${r.members} members: ${top.comm} held ${top.fds.toLocaleString('en-US')} open files (≈ ${fmt(top.fds / r.members, 1)} per client socket${most}; limit ${top.limit.toLocaleString('en-US')})`;
      });
    if (fdNotes.length) L.push(`File descriptors after connecting: ${fdNotes.join('; ')}.`, '');
    img('fanout-throughput.svg', 'Group fan-out throughput by members');
    img('fanout-p99.svg', 'Group fan-out p99 latency by members');
  }

  // 1b. Open loop
  L.push('## 1b. Group fan-out, open loop', '');
  const ol = results.openloop;
  if (!ol) L.push('_Not run in this run._', '');
  else {
    L.push(`One group of ${p.openMembers.toLocaleString('en-US')} members, all online; ${p.senders} of them send ${p.openRate} messages/s between them for`,
      `${p.openSeconds} s on a fixed schedule, whatever the acks do (real traffic does not wait for the previous message),`,
      'so latency is not inflated by a closed loop\'s queue. **Missing** = (message, receiver) pairs that never',
      'arrived; **duplicates** = pairs that arrived twice. CPU is the `wrangler dev` process group\'s over the run.', '');
    L.push('| Server | Messages | Deliveries expected | Delivered | Missing | Duplicates | p50 / p99 / max | CPU µs per delivery (all processes) | Notes |');
    L.push('|---|---:|---:|---:|---:|---:|---|---:|---|');
    for (const [name, r] of [['baseline relay', ol.baseline], ['edgechat', ol.edgechat]]) {
      if (!ok(r)) { L.push(`| ${name} | – | – | – | – | – | – | – | ${why(r)} |`); continue; }
      L.push(`| ${name} | ${r.messages} | ${r.expected.toLocaleString('en-US')} | ${r.delivered.toLocaleString('en-US')} | ${r.missing} | ${r.duplicates} | ${lat(r.latency)} | ${fmt(r.cpuUsPerDelivery, 1)} | ${r.errors ? `${r.errors} sends failed` : ''} |`);
    }
    L.push('');
  }

  // 1c. Large rooms
  L.push('## 1c. Large rooms (synthetic hubs)', '');
  const rm = results.room;
  if (!rm) L.push('_Not run in this run._', '');
  else if (rm.error) L.push(`Failed: ${oneLine(rm.error)}`, '');
  else {
    L.push('An AVChatRoom whose members are online on the hubs without real sockets (the dev-only `/dev/room`',
      'route writes them into the hubs\' room tables and subscribes the hubs); one real member keeps a socket and',
      'each REST `send_group_msg` waits until its push arrived there. The group calls each subscribed hub up to 32',
      'hubs, one hub per slice of 32 above that (which relays to the rest). CPU is workerd\'s over the messages:',
      'the group\'s share is bounded by hubs; what grows with members is the hubs\' loop over their members\' sockets.', '');
    L.push('| Members online | Hubs subscribed | Group calls per message | workerd ms per message | workerd µs per member | ms per message (REST send → push) | Notes |');
    L.push('|---:|---:|---:|---:|---:|---:|---|');
    for (const r of rm.rows) {
      if (!ok(r)) { L.push(`| ${r.members.toLocaleString('en-US')} | – | – | – | – | – | ${why(r)} |`); continue; }
      L.push(`| ${r.members.toLocaleString('en-US')} | ${r.hubs} | ${r.groupCallsPerMessage} | ${fmt(r.workerdMsPerMessage, 2)} | ${fmt(r.workerdUsPerMember, 3)} | ${fmt(r.msPerMessage, 1)} | ${r.received}/${r.messages} pushes arrived |`);
    }
    L.push('');
  }

  // 2. C2C
  L.push('## 2. One-to-one', '');
  const c = results.c2c;
  if (!c) L.push('_Not run in this run._', '');
  else if (c.error) L.push(`Failed: ${oneLine(c.error)}`, '');
  else {
    L.push(`${c.pairs} pairs online (${c.pairs * 2} sockets); both sides of every pair send ${c.perSide} messages to each other,`,
      'each send waiting for the previous ack, all pairs at once. Latency: send → the peer\'s socket has the `msg`.',
      `With ${c.pairs * 2} sends always in flight this is a saturation run: messages/s is the most this setup delivers,`,
      'and the latency is mostly queueing behind the other sends (Little\'s law: in-flight ÷ throughput).', '');
    L.push('| Messages | Delivered | Errors | Messages/s | Latency p50 / p99 / max |', '|---:|---:|---:|---:|---|');
    L.push(`| ${c.messages.toLocaleString('en-US')} | ${c.delivered.toLocaleString('en-US')} | ${c.errors} | ${fmt(c.perSec, 0)} | ${lat(c.latency)} |`, '');
  }

  // 3. Catch-up
  L.push('## 3. Catch-up', '');
  const cu = results.catchup;
  if (!cu) L.push('_Not run in this run._', '');
  else {
    L.push('A user logs in once (so the account exists) and goes offline; senders then store the missed messages',
      `across ${p.conversations} conversations (evenly; one sender per conversation). The user logs in again with`,
      'permessage-deflate offered (as browsers do) and pulls everything over the client socket: the inbox with',
      '`sync` pages (100 messages each) and every group with `groupSync` pages, groups in parallel with the inbox.',
      '**Time** = socket opened → the last page is in. **Payload** = the JSON text of every frame received;',
      '**wire** = TCP bytes the socket read (compressed frames and WebSocket framing). **Raw** = the message texts alone.', '');
    L.push(`Groups: ${cu.groups ?? 'unknown'}.`, '');
    if (cu.error) L.push(`Failed: ${oneLine(cu.error)}`, '');
    L.push('| Missed | Conversations (groups) | Received | Pages | Login frame | Fully synced | Messages/s | Payload | Wire | Raw text | Payload ÷ raw | Wire ÷ raw |');
    L.push('|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of cu.rows) {
      if (r.error) { L.push(`| ${r.missed} | failed: ${oneLine(r.error)} |||||||||||`); continue; }
      L.push(`| ${r.missed.toLocaleString('en-US')} | ${r.conversations} (${r.groupConversations}) | ${r.received.toLocaleString('en-US')} | ${r.pages} | ${ms(r.loginMs)} | ${ms(r.seconds * 1000)} | ${fmt(r.perSec, 0)} | ${bytes(r.payloadBytes)} | ${bytes(r.wireBytes)}${r.deflate ? '' : ' (no deflate)'} | ${bytes(r.rawBytes)} | ${fmt(r.payloadBytes / r.rawBytes, 2)} | ${fmt(r.wireBytes / r.rawBytes, 2)} |`);
    }
    L.push('');
    const fills = cu.rows.filter(ok).map((r) => `${r.missed.toLocaleString('en-US')} in ${fmt(r.fillSecs, 1)} s`);
    if (fills.length) L.push(`Storing the missed messages (not part of the catch-up time) took ${fills.join(', ')}.`, '');
    img('catchup.svg', 'Catch-up time by missed messages');
  }

  // 4. Size
  L.push('## 4. Engine size', '');
  const s = results.size;
  if (!s) L.push('_Not run in this run._', '');
  else {
    L.push('What a web app downloads, measured with node:zlib (gzip level 9, brotli quality 11). edgechat: the release',
      'build in engine/npm (wasm after `wasm-opt -Oz`). `@tencentcloud/chat`: the files of the package from `npm pack`;',
      '"core" is its `main` file, "modules" its optional plug-ins (group, relationship, signaling, follow, cloud search).', '');
    L.push('| What | Raw | gzip | brotli |', '|---|---:|---:|---:|');
    for (const r of s.rows) L.push(`| ${r.total ? `**${r.what}**` : r.what} | ${bytes(r.raw)} | ${bytes(r.gzip)} | ${bytes(r.brotli)} |`);
    if (s.tencent?.error) L.push(`| @tencentcloud/chat | ${oneLine(s.tencent.error)} | | |`);
    for (const r of s.tencent?.rows ?? []) L.push(`| ${r.what} | ${bytes(r.raw)} | ${bytes(r.gzip)} | ${bytes(r.brotli)} |`);
    L.push('');
    if (s.tencent?.rows) {
      L.push('The edgechat engine covers one-to-one chat, conversations, profiles and relationships today (see',
        'engine/npm/README.md), with groups but not yet signaling: compare it with the core plus the modules it replaces.', '');
    }
  }

  // 5. Store
  L.push('## 5. Engine store', '');
  const st = results.store;
  if (!st) L.push('_Not run in this run._', '');
  else if (st.error) L.push(`Failed: ${oneLine(st.error)}`, '');
  else {
    L.push(`In headless Chromium ${st.browser} (bench/store/), two parts. First the engine through the public package API`,
      'with its local data in memory (`storage: memoryStore()`): a scripted in-page server replaces the socket, so only the',
      'engine is timed (frame parsing in wasm, the in-memory message map, the message views handed to JS). Then the',
      'persistent store the engine writes to in browsers (engine/npm/store.js, IndexedDB, one record per message keyed',
      '[owner, conversation, SEQ]), driven directly with the records the engine hands over.', '');
    L.push('| Operation | Count | Total | Per operation |', '|---|---:|---:|---|');
    L.push(`| Insert: login sync pulls ${st.total.toLocaleString('en-US')} messages (${st.peers} conversations, pages of 100) until SDK_READY | ${st.total.toLocaleString('en-US')} | ${ms(st.insertMs)} | ${fmt(st.insertUsPerMessage, 1)} µs per message |`);
    L.push(`| Insert: live \`msg\` pushes into the ${st.total.toLocaleString('en-US')}-message store, one at a time | ${st.pushes.toLocaleString('en-US')} | ${ms(st.push.mean * st.push.n)} | p50 ${ms(st.push.p50)}, p99 ${ms(st.push.p99)}, max ${ms(st.push.max)} |`);
    L.push(`| Read: \`getMessageList\` pages of ${st.count} walking back one conversation (${st.conversationMessages.toLocaleString('en-US')} messages) | ${st.pages} pages | ${ms(st.page.mean * st.page.n)} | p50 ${ms(st.page.p50)}, p99 ${ms(st.page.p99)}, max ${ms(st.page.max)} |`);
    if (st.db) {
      const d = st.db;
      L.push(`| IndexedDB insert: ${d.total.toLocaleString('en-US')} messages saved in batches of ${d.batch.toLocaleString('en-US')} records (one transaction each) | ${d.total.toLocaleString('en-US')} | ${ms(d.insertMs)} | ${fmt(d.insertUsPerMessage, 1)} µs per message; per batch p50 ${ms(d.save.p50)}, p99 ${ms(d.save.p99)} |`);
      L.push(`| IndexedDB read: pages of ${d.count} walking back one conversation (a cursor walk each) | ${d.pages} pages (${d.read.toLocaleString('en-US')} messages) | ${ms(d.page.mean * d.page.n)} | p50 ${ms(d.page.p50)}, p99 ${ms(d.page.p99)}, max ${ms(d.page.max)} |`);
      L.push(`| IndexedDB load at login: the lists and the last ${d.count} messages of each of ${d.conversations} conversations | 1 | ${ms(d.loadMs)} | ${d.loaded.toLocaleString('en-US')} messages |`);
    }
    L.push('');
    L.push(`Engine pages hold ${st.count} messages, not 20: \`getMessageList\` allows at most 15 per call, as in @tencentcloud/chat.`,
      `JS heap after the run: ${bytes(st.heapAfter)} (the wasm linear memory is not included).`, '');
  }

  // 6. CPU
  L.push('## 6. Server CPU per message', '');
  const f1000 = (results.fanout ?? []).find((r) => r.members === 1000);
  if (!c && !f1000) L.push('_Not run in this run._', '');
  else {
    L.push('`wrangler dev` does not report per-request CPU time, so this is the **process CPU time** (user + system,',
      'from /proc/<pid>/stat) of the `wrangler dev` process group over the send phase, divided by the messages sent.',
      'The group holds the workerd runtime (the worker and its Durable Objects) and wrangler\'s own Node process; both',
      'are shown. It includes everything workerd does locally (SQLite, the socket I/O of every delivery, the dev proxy),',
      'so it is an upper bound for what the Workers platform would bill as CPU time, and comparable between rows.',
      '"wrangler (node)" is wrangler\'s own Node.js process: it stays near zero under the relay baseline and grows',
      'with object-to-object calls under edgechat (its dev inspector logs each call\'s inspector messages; see the',
      'notes); **the workerd column is the closer measure of the worker\'s own cost**. The load',
      'generator\'s CPU (this process) is shown because it shares the two cores.', '');
    L.push('| Workload | Messages | Deliveries | workerd CPU | wrangler (node) CPU | workerd ms per message | all ms per message | workerd µs per delivery | Load generator CPU |');
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    const row = (name, r, messages, deliveries) => {
      if (!ok(r)) { L.push(`| ${name} | ${why(r) || 'not run'} ||||||||`); return; }
      const wd = r.cpu.byComm.workerd ?? 0;
      const nd = r.cpu.byComm.node ?? 0;
      L.push(`| ${name} | ${messages.toLocaleString('en-US')} | ${deliveries.toLocaleString('en-US')} | ${fmt(wd, 2)} s | ${fmt(nd, 2)} s | ${fmt((wd * 1000) / messages, 3)} | ${fmt((r.cpu.cpuSecs * 1000) / messages, 3)} | ${fmt((wd * 1e6) / deliveries, 1)} | ${fmt(r.cpu.loadGeneratorSecs, 2)} s |`);
    };
    if (c) row('edgechat one-to-one', c, c.delivered ?? 0, c.delivered ?? 0);
    if (f1000) {
      row('edgechat group, 1,000 members', f1000.edgechat, f1000.edgechat?.messages ?? 0, f1000.edgechat?.delivered ?? 0);
      row('baseline relay, 1,000 members', f1000.baseline, f1000.baseline?.messages ?? 0, f1000.baseline?.delivered ?? 0);
    }
    L.push('');
  }

  L.push('## Notes', '');
  L.push('- 5,000 sockets: under `wrangler dev` each client WebSocket costs workerd about six file descriptors (the',
    '  connection plus the loopback hops between its internal services), and this container\'s open-files limit is',
    `  ${m.openFiles}, which a non-privileged process cannot raise. 5,000 members therefore cannot run under \`wrangler dev\``,
    '  here (run them with `--server=miniflare`, whose workerd has no proxy hop per socket); when a size is tried and',
    '  fails, its row says what happened. 2,500 members hold 15,000 descriptors once connected; with hubs the',
    '  fan-out itself adds few (one call per hub per batch), so it completes.',
    '- What the fan-out figures say (2026-12-04, socket hubs): a client socket ends in a hub object (`hub_of(user)`,',
    '  16 hubs), and a group sends each batch once per hub with members, each frame encoded once, with no write per',
    '  member (unread counts come from the group\'s log when asked). Until 2026-11-26 every batch was one call to',
    '  each member\'s user object plus a durable write there: 1,619 deliveries/s at 1,000 members (3.6 % of the relay)',
    '  and a 2,500-member run that failed one time in four at the open-files limit. What is left between edgechat',
    '  and the relay is per message (the sender\'s hub, user object and group object each handle it) and per hub',
    '  call, which under `wrangler dev` also costs wrangler\'s own Node process (next note).',
    '- What wrangler\'s own Node process spends its CPU on (profiled 2026-12-04 with `BENCH_PROFILE_DIR=dir` and',
    '  `node bench/profile.mjs`): the dev inspector. For every inspector message of the runtime (several per',
    '  object-to-object call) wrangler\'s InspectorProxyWorker posts a `debug-log` to wrangler\'s ProxyController',
    '  through Miniflare\'s loopback server (about 10 loopback POSTs per one-to-one message), and wrangler appends',
    '  it to its debug log file (mkdir, open, write, close each time): in a one-to-one run 31 % of its busy time was',
    '  the loopback handler, 11 % garbage collection, the rest file and socket writes for the same. The relay makes',
    '  no object-to-object calls, so its wrangler process stays idle. `--server=miniflare` runs the same workers in',
    '  Miniflare\'s workerd without wrangler\'s proxy and inspector (bench/lib/miniflare-server.mjs); its report is',
    '  bench/miniflare/BENCHMARKS.md.',
    '- Large rooms (section 1c) run apart, `npm run bench -- --only=room --out=bench/room/BENCHMARKS.md`: an',
    '  AVChatRoom of up to 100,000 members online on synthetic hubs; its report is bench/room/BENCHMARKS.md.',
    '- The machine is shared with development work (Rust builds): a busy core moves every figure here, so compare',
    '  rows of one run (edgechat against the baseline in the same run), not runs of different days.',
    '- Latency percentiles are over every (message, receiver) pair, measured in the load generator with one clock;',
    '  they include the load generator\'s own queueing, which on two shared cores is part of the figure.',
    '- Group figures need the group API (REST `group_open_http_svc/create_group`, client `groupSend` / `groupSync`);',
    '  where the worker under test lacks it the rows say "groups not available" with the server\'s answer.', '');
  return `${L.join('\n')}\n`;
}
