#!/usr/bin/env node
// `npm run soak`: many clients on the real worker (`wrangler dev`) for minutes of mixed traffic
// (one-to-one, groups, joins and quits, reconnects), with a ledger of every message and the
// server's memory and open files sampled. Fails (exit 1) when an acked message is lost or
// duplicated. See RELIABILITY.md, "Soak".
//
//   node bench/soak.mjs [--clients 1000] [--minutes 10] [--seed 1] [--c2c-rate 20] [--group-rate 4]
//                       [--churn-rate 1] [--reconnect-rate 1] [--kick-rate 0.05] [--groups 20] [--group-size 50]
//                       [--max-groups-per-client 4] [--offline-secs 2-20] [--bytes 100]
//                       [--max-in-flight 200] [--sample-secs 10] [--out bench/out/soak-<time>]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rest } from '../tests/support/rest.mjs';
import { ROOT, startWorker } from '../tests/support/worker.mjs';
import { pool } from './lib/clients.mjs';
import { machine } from './lib/report.mjs';
import { sleep } from './lib/stats.mjs';
import { SoakClient } from './soak/client.mjs';
import { Ledger } from './soak/ledger.mjs';
import { report } from './soak/report.mjs';
import { Rng } from './soak/rng.mjs';
import { growth, serverUsage } from './soak/sampler.mjs';
import { SoakGroup, Traffic } from './soak/traffic.mjs';

const DEFAULTS = {
  clients: 1000, minutes: 10, seed: 1,
  c2cRate: 20, groupRate: 4, churnRate: 1, reconnectRate: 1, kickRate: 0.05, // actions per second, all clients together
  groups: 20, groupSize: 0, maxGroupsPerClient: 4, offlineSecs: [2, 20], bytes: 100,
  maxInFlight: 200, sampleSecs: 10, out: '',
};
const DRAIN_QUIET_MS = 5000;
const DRAIN_MAX_MS = 120_000;

function parseArgs(argv) {
  const params = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const m = argv[i].match(/^--([a-z0-9-]+)(?:=(.*))?$/);
    if (!m) throw new Error(`unknown argument ${argv[i]}`);
    const key = m[1].replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
    if (key === 'help') {
      console.log(readUsage());
      process.exit(0);
    }
    if (!(key in DEFAULTS)) throw new Error(`unknown flag --${m[1]} (--help lists them)`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    if (key === 'out') params.out = value;
    else if (key === 'offlineSecs') params.offlineSecs = value.split('-').map(Number);
    else params[key] = Number(value);
  }
  const numbers = Object.entries(params).filter(([k]) => k !== 'out').flatMap(([, v]) => [v].flat());
  if (numbers.some((n) => !Number.isFinite(n) || n < 0)) throw new Error(`flags want numbers ≥ 0: ${JSON.stringify(params)}`);
  if (params.clients < 2) throw new Error('--clients: at least 2');
  // By default two groups per client on average (one at 1,000 clients: groups stay at 50), so
  // that joins (up to --max-groups-per-client) and quits both find takers.
  params.groupSize = Math.min(params.groupSize || Math.min(50, Math.ceil((2 * params.clients) / Math.max(1, params.groups))), params.clients);
  return params;
}

function readUsage() {
  return `usage: npm run soak -- [flags]   (defaults in brackets)
  --clients N              users, one raw socket each [1000]
  --minutes M              minutes of traffic [10]
  --seed S                 seeds every choice [1]
  --c2c-rate R             one-to-one sends per second [20]
  --group-rate R           group sends per second [4]
  --churn-rate R           joins or quits per second [1]
  --reconnect-rate R       disconnect, stay offline, reconnect and catch up, per second [1]
  --kick-rate R            REST kicks (the server closes the socket; a new UserSig, log in, catch up) [0.05]
  --groups G               Public FreeAccess groups [20]
  --group-size K           members each group starts with [min(50, 2 × clients ÷ groups)]
  --max-groups-per-client  joins stop there [4]
  --offline-secs A-B       how long a reconnecting client stays offline [2-20]
  --bytes N                text bytes per message [100]
  --max-in-flight N        actions running at once; past it a scheduled action is skipped [200]
  --sample-secs N          sampling period [10]
  --out PREFIX             writes PREFIX.json and PREFIX.csv [bench/out/soak-<time>]
quick run: npm run soak -- --clients 100 --minutes 1`;
}

async function main() {
  const params = parseArgs(process.argv.slice(2));
  const started = new Date();
  const out = resolve(params.out || join(ROOT, 'bench', 'out', `soak-${started.toISOString().replace(/[:.]/g, '-')}`));
  const log = (s) => console.log(`[soak ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const rng = new Rng(params.seed);
  const host = machine();
  log(`${params.clients} clients, ${params.minutes} min, seed ${params.seed}; load average ${host.loadAverage}`);

  const worker = await startWorker({ vars: { REST_RATE_LIMIT_SCALE: 1000, HEARTBEAT_TIMEOUT_SECS: 3600 } });
  log(`worker on ${worker.url}`);
  const ledger = new Ledger();
  const ids = Array.from({ length: params.clients }, (_, i) => `soak_u${i}`);
  let traffic;
  const events = { closed: (c, info) => traffic?.revive(c, info) }; // a socket the server closed
  const clients = ids.map((id, idx) => new SoakClient({ idx, id, url: worker.url, ledger, clock, events }));
  const samples = [];
  let sampler;
  let exitCode = 1;
  try {
    // Accounts (100 per call), then the groups with their first members, all by REST.
    for (let i = 0; i < ids.length; i += 100) {
      const body = await rest(worker.url, 'im_open_login_svc/multiaccount_import', { Accounts: ids.slice(i, i + 100) });
      if (body.ErrorCode !== 0) throw new Error(`multiaccount_import answered ${JSON.stringify(body).slice(0, 300)}`);
    }
    const groups = [];
    const everyone = clients.map((c) => c.idx);
    for (let g = 0; g < params.groups; g++) {
      const members = rng.sample(everyone, params.groupSize);
      groups.push(await createGroup(worker.url, `soak${g}`, members, ids));
      for (const idx of members) clients[idx].groups.add(groups[g].id);
    }
    log(`${ids.length} accounts imported, ${groups.length} groups of ${params.groupSize} created`);
    await pool(clients, 16, (c) => c.connect());
    log(`${clients.length} clients online`);

    traffic = new Traffic({ clients, groups, ledger, rng, clock, params, log });
    let prev = { t: clock(), c2c: 0, group: 0, delivered: 0 };
    const sample = (phase) => {
      const now = clock();
      const usage = serverUsage();
      const mem = process.memoryUsage();
      const s = {
        t: Math.round(now / 100) / 10, phase, ...usage,
        nodeRssKiB: Math.round(mem.rss / 1024), nodeHeapKiB: Math.round(mem.heapUsed / 1024),
        online: clients.filter((c) => c.online).length, inFlight: traffic.inFlight.size,
        ackedC2c: ledger.acked.c2c - prev.c2c, ackedGroup: ledger.acked.group - prev.group,
        delivered: ledger.delivered - prev.delivered, seconds: Math.round(now - prev.t) / 1000,
      };
      prev = { t: now, c2c: ledger.acked.c2c, group: ledger.acked.group, delivered: ledger.delivered };
      samples.push(s);
      log(`${phase}: workerd ${(s.workerdRssKiB / 1024).toFixed(0)} MiB, ${s.workerdFds} fds; proxy ${(s.proxyRssKiB / 1024).toFixed(0)} MiB, ${s.proxyFds} fds; wrangler ${(s.wranglerRssKiB / 1024).toFixed(0)} MiB; node ${(s.nodeRssKiB / 1024).toFixed(0)} MiB; ` +
        `${s.online} online; acked ${s.ackedC2c} + ${s.ackedGroup}, delivered ${s.delivered} in ${s.seconds.toFixed(0)} s`);
    };
    sample('start');
    sampler = setInterval(() => sample('traffic'), params.sampleSecs * 1000);
    await traffic.run(params.minutes * 60_000);
    clearInterval(sampler);
    if (clock() - prev.t > 1000) sample('traffic');
    log(`traffic over: ${JSON.stringify(traffic.counts)}; waiting for ${traffic.inFlight.size} actions`);
    await traffic.settle();

    // Let the last pushes land, then every client logs in if it is out and pulls everything.
    await drain(ledger);
    sample('drained');
    await pool(clients, 32, (c) => finalCatchUp(c, traffic));
    await traffic.settle();
    sample('end');
    await sleep(params.sampleSecs * 1000);
    sample('idle'); // the same clients online, no traffic: what the catch-up burst left behind
    const result = ledger.tally((idx, e) => clients[idx].epochEnd(e));
    const traffic_ = {
      counts: traffic.counts, skipped: traffic.skipped, errors: Object.fromEntries(traffic.errors),
      errorSamples: traffic.errorSamples, kicked: clients.reduce((n, c) => n + c.kicked, 0),
      groupSizes: groups.map((g) => g.members.size),
    };
    const during = samples.filter((s) => s.phase === 'traffic');
    const verdicts = [
      growth(during, 'workerdRssKiB', { tolerance: 0.1, slack: 16 * 1024 }),
      growth(during, 'workerdFds', { tolerance: 0.1, slack: 60 }),
      growth(during, 'proxyRssKiB', { tolerance: 0.1, slack: 16 * 1024 }),
      growth(during, 'proxyFds', { tolerance: 0.1, slack: 60 }),
      growth(during, 'wranglerRssKiB', { tolerance: 0.1, slack: 16 * 1024 }),
      growth(during, 'nodeRssKiB', { tolerance: 0.1, slack: 16 * 1024 }),
    ];
    const summary = { params, machine: host, started: started.toISOString(), wallSecs: clock() / 1000, ledger: result, traffic: traffic_, growth: verdicts };
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.json`, `${JSON.stringify({ ...summary, samples }, null, 1)}\n`);
    writeFileSync(`${out}.csv`, toCsv(samples));
    console.log(report(summary));
    console.log(`samples: ${out}.json, ${out}.csv`);
    exitCode = result.lost === 0 && result.duplicated === 0 ? 0 : 1;
  } finally {
    clearInterval(sampler);
    await pool(clients, 200, (c) => c.disconnect().catch(() => {}));
    await worker.stop();
  }
  process.exitCode = exitCode;
}

/** A Public group anyone may join at once, owned by its first member, the rest added 100 at a time. */
async function createGroup(url, name, members, ids) {
  const created = await rest(url, 'group_open_http_svc/create_group', {
    Owner_Account: ids[members[0]], Type: 'Public', Name: name, ApplyJoinOption: 'FreeAccess', MaxMemberNum: 6000,
  });
  if (created.ErrorCode !== 0 || !created.GroupId) throw new Error(`create_group answered ${JSON.stringify(created).slice(0, 300)}`);
  const others = members.slice(1);
  for (let i = 0; i < others.length; i += 100) {
    const added = await rest(url, 'group_open_http_svc/add_group_member', {
      GroupId: created.GroupId, Silence: 1, MemberList: others.slice(i, i + 100).map((m) => ({ Member_Account: ids[m] })),
    });
    if (added.ErrorCode !== 0) throw new Error(`add_group_member answered ${JSON.stringify(added).slice(0, 300)}`);
  }
  return new SoakGroup(created.GroupId, members[0], members);
}

/** Logs `c` in if it is out and pulls its inbox and groups, a few tries; what still fails shows as lost. */
async function finalCatchUp(c, traffic) {
  while (c.busy) await sleep(200); // a socket the server closed is being revived
  c.busy = true;
  try {
    await catchUpTries(c, traffic);
  } finally {
    c.busy = false;
  }
}

async function catchUpTries(c, traffic) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      if (!c.online) await c.connect();
      await c.catchUp('final');
      return;
    } catch (err) {
      traffic.error('final catch-up failed', `${c.id} (try ${attempt}): ${err.message}`);
    }
  }
}

/** Waits until no copy has arrived for a few seconds (at most DRAIN_MAX_MS). */
async function drain(ledger) {
  const deadline = Date.now() + DRAIN_MAX_MS;
  let seen = -1;
  while (Date.now() < deadline && ledger.delivered !== seen) {
    seen = ledger.delivered;
    await sleep(DRAIN_QUIET_MS);
  }
}

function toCsv(samples) {
  const keys = Object.keys(samples[0] ?? {});
  return `${keys.join(',')}\n${samples.map((s) => keys.map((k) => s[k]).join(',')).join('\n')}\n`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
