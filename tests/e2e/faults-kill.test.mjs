// Fault injection (#17), crashes: workerd is SIGKILLed mid one-to-one burst, mid group fan-out and
// mid sync, and restarted on the same state and port; the members reconnect, resend what was cut
// off (same Random) and catch up by SEQ. The model (tests/support/faults.mjs) then checks that
// every acked message is held by every member exactly once, in SEQ order, and nothing unacked is
// half-visible. EDGECHAT_FAULT_SEED=<n> replays a run's choices (kill points, peers, Randoms).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  Member, Model, c2cBurst, createGroup, groupBurst, importAll, pacer, runSeed, seeded, summary, violations,
} from '../support/faults.mjs';
import { freePort, removeStateDir, startWorker, tempStateDir, uniqueID } from '../support/worker.mjs';

const seed = runSeed();
const rng = seeded(seed);
console.log(`faults-kill: seed ${seed} (EDGECHAT_FAULT_SEED=${seed} replays it)`);

let stateDir;
let port;
let worker;
const world = { url: '', model: null };

before(async () => {
  stateDir = await tempStateDir();
  port = await freePort();
  worker = await startWorker({ persistTo: stateDir, port });
  world.url = worker.url;
});

after(async () => {
  await worker?.stop();
  if (stateDir) await removeStateDir(stateDir);
});

/** SIGKILL workerd (and wrangler), then start it again on the same state and port. */
async function crashAndRestart(t, what) {
  const started = Date.now();
  await worker.kill();
  worker = await startWorker({ persistTo: stateDir, port });
  assert.equal(worker.url, world.url, 'the same address');
  t.diagnostic(`killed ${what}; back after ${Date.now() - started} ms`);
}

async function members(ids, groups = []) {
  return ids.map((id) => new Member(world, id, { groups, rng: rng.fork() }));
}

/** Every member catches up, then the model's invariant holds. */
async function settleAndCheck(t, model, all) {
  await Promise.all(all.map((m) => m.settle()));
  const byId = new Map(all.map((m) => [m.id, m]));
  const broken = violations(model, byId);
  t.diagnostic(`seed ${seed}: ${JSON.stringify(summary(model, byId))}`);
  await Promise.all(all.map((m) => m.close()));
  assert.deepEqual(broken, [], `seed ${seed}: the delivery invariant`);
}

test('kill mid one-to-one burst: every acked message in both inboxes once, in order', { timeout: 240_000 }, async (t) => {
  const model = (world.model = new Model());
  const ids = Array.from({ length: 6 }, (_, i) => uniqueID(`k1c${i}`));
  await importAll(world.url, ids);
  const all = await members(ids);
  await Promise.all(all.map((m) => m.ready()));
  const perSender = 20;
  const burst = c2cBurst(all, perSender);
  // Two crashes at seeded points of the 120 sends.
  for (const killAt of [5 + rng.int(45), 60 + rng.int(40)]) {
    await model.acks(killAt);
    await crashAndRestart(t, `after ${model.stats.acked} acks of ${ids.length * perSender}`);
  }
  await burst;
  await settleAndCheck(t, model, all);
  assert.equal(model.stats.acked, ids.length * perSender, 'every send was acked in the end');
});

test('kill mid group fan-out: every acked group message reaches every member once, in SEQ order', { timeout: 240_000 }, async (t) => {
  const model = (world.model = new Model());
  const ids = Array.from({ length: 8 }, (_, i) => uniqueID(`k2g${i}`));
  await importAll(world.url, ids);
  const groupId = await createGroup(world.url, ids, 'kill-fanout');
  const all = await members(ids, [groupId]);
  await Promise.all(all.map((m) => m.ready()));
  const senders = all.slice(0, 3);
  const perSender = 20;
  const burst = groupBurst(senders, groupId, ids, perSender, { pace: pacer(30) });
  // Two crashes at seeded points of the 60 sends.
  for (const killAt of [3 + rng.int(25), 32 + rng.int(20)]) {
    await model.acks(killAt);
    await crashAndRestart(t, `after ${model.stats.acked} group acks of ${senders.length * perSender}`);
  }
  await burst;
  await settleAndCheck(t, model, all);
});

test('kill mid sync: a member paging through its inbox and a group resumes from what it holds', { timeout: 240_000 }, async (t) => {
  const model = (world.model = new Model());
  const ids = Array.from({ length: 4 }, (_, i) => uniqueID(`k3s${i}`));
  await importAll(world.url, ids);
  const groupId = await createGroup(world.url, ids, 'kill-sync');
  const all = await members(ids, [groupId]);
  const [late, ...others] = all;
  await Promise.all(others.map((m) => m.ready()));
  // A backlog while `late` is offline: 3 inbox pages of 100 and 2 group pages.
  await Promise.all(others.map(async (m, k) => {
    for (let i = 0; i < 80; i += 1) {
      await m.send({ to: late.id, text: `backlog ${m.id} ${i}`, members: [m.id, late.id] });
    }
    const pace = pacer(10);
    for (let i = 0; i < 40 + k; i += 1) {
      await pace();
      await m.send({ groupId, text: `backlog ${m.id} g${i}`, members: ids });
    }
  }));
  // `late` logs in and pages; the server dies after its k-th page, while others keep sending.
  const killAfterPage = 1 + rng.int(4);
  let pages = 0;
  const paged = new Promise((resolve) => {
    late.onPage = () => {
      pages += 1;
      if (pages === killAfterPage) resolve();
    };
  });
  late.ready().catch(() => {}); // awaited through `paged`; `settle` reconnects it after the crash
  const live = c2cBurst(others, 10, { tag: 'live' });
  await paged;
  late.onPage = null;
  await crashAndRestart(t, `after page ${killAfterPage} of ${late.id}'s catch-up`);
  await live;
  await settleAndCheck(t, model, all);
  assert.ok(late.view('inbox').size >= 240 && late.view(`group:${groupId}`).size >= 120, 'the backlog is there');
});
