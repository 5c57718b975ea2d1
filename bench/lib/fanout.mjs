// 1. Group fan-out: one group of `members` online users (one socket each); `senders` of them
// send `messages` messages in all (each sender waits for its previous ack), every other member
// receives each one. Delivered/s = deliveries / (last delivery − first send); latency is
// send → each receiver's socket got the `groupMsg`.
// The same driver runs against edgechat (REST create_group + add_group_member, then `groupSend`)
// and against the baseline relay (bench/baseline), which needs no group set-up.
import { rest } from '../../tests/support/rest.mjs';
import { connectAll, closeAll, pool, textBody, userURL } from './clients.mjs';
import { summarize, waitUntil } from './stats.mjs';
import { cpuDelta, selfCpu } from './wrangler.mjs';

export class GroupsUnavailable extends Error {}

/** Creates the group on edgechat with `ids[0]` as owner and the rest added 100 at a time. */
export async function createGroup(url, ids, name = 'bench') {
  const created = await rest(url, 'group_open_http_svc/create_group', {
    Owner_Account: ids[0], Type: 'Public', Name: name, MaxMemberNum: Math.max(6000, ids.length),
  });
  if (created.ErrorCode !== 0 || !created.GroupId) {
    throw new GroupsUnavailable(`create_group answered ${JSON.stringify(created).slice(0, 300)}`);
  }
  const groupId = created.GroupId;
  const rest_ = ids.slice(1);
  const batches = [];
  for (let i = 0; i < rest_.length; i += 100) batches.push(rest_.slice(i, i + 100));
  await pool(batches, 4, async (batch) => {
    const added = await rest(url, 'group_open_http_svc/add_group_member', {
      GroupId: groupId, Silence: 1, MemberList: batch.map((id) => ({ Member_Account: id })),
    });
    if (added.ErrorCode !== 0) throw new Error(`add_group_member answered ${JSON.stringify(added).slice(0, 300)}`);
  });
  return groupId;
}

/** The socket URL of member `id`: edgechat's login URL, or the relay's room. */
export function socketURLFor(kind, target, tag) {
  return kind === 'edgechat'
    ? (id) => userURL(target.url, id)
    : (id) => `${target.url.replace(/^http/, 'ws')}/ws?room=${tag}&identifier=${id}`;
}

/**
 * @param {{ url: string, cpu: () => any }} target the worker under test
 * @param {{ kind: 'edgechat'|'baseline', members: number, senders: number, messages: number,
 *   bytes?: number, tag: string, log: (s: string) => void, timeoutMs?: number }} options
 */
export async function benchFanout(target, { kind, members, senders, messages, bytes = 200, tag, log, timeoutMs = 240_000 }) {
  const ids = Array.from({ length: members }, (_, i) => `${tag}m${i}`);
  let groupId = 'bench';
  let setupSecs = 0;
  if (kind === 'edgechat') {
    const t = performance.now();
    groupId = await createGroup(target.url, ids);
    setupSecs = (performance.now() - t) / 1000;
    log(`    group ${groupId} with ${members} members created in ${setupSecs.toFixed(1)} s`);
  }
  const sentAt = new Map(); // random → send time
  const latencies = [];
  let delivered = 0;
  let lastDelivery = 0;
  const onFrame = (id, frame) => {
    // The sender's own push (edgechat tells a sender's other devices) is not a delivery.
    if (frame.type !== 'groupMsg' || frame.message?.from === id) return;
    const t0 = sentAt.get(frame.message?.random);
    if (t0 === undefined) return;
    const now = performance.now();
    latencies.push(now - t0);
    delivered += 1;
    lastDelivery = now;
  };
  const urlFor = socketURLFor(kind, target, tag);
  const tc = performance.now();
  let clients;
  try {
    clients = await connectAll(urlFor, ids, { onFrame, concurrency: 32 });
  } catch (err) {
    throw new Error(`connecting ${members} sockets failed: ${err.message}`);
  }
  const connectSecs = (performance.now() - tc) / 1000;
  const fds = target.fds?.() ?? [];
  log(`    ${members} sockets connected in ${connectSecs.toFixed(1)} s`);
  const sending = clients.slice(0, Math.min(senders, members));
  const perSender = Math.ceil(messages / sending.length);
  const expected = sending.length * perSender * (members - 1);
  let random = 1;
  const errors = [];
  const cpu0 = target.cpu();
  const self0 = selfCpu();
  const start = performance.now();
  let cpu;
  let timedOut = null;
  // The most descriptors the server held while sending (sampled): under wrangler dev each
  // object call holds sockets for a while, and at the open-files limit workerd stops answering.
  const peak = { fds: 0, limit: 0, comm: '' };
  const sample = () => {
    for (const p of target.fds?.() ?? []) {
      if (p.fds > peak.fds) Object.assign(peak, { fds: p.fds, limit: p.limit, comm: p.comm });
    }
  };
  const sampler = setInterval(sample, 1000);
  try {
    await pool(sending, sending.length, async (client) => {
      for (let k = 0; k < perSender; k++) {
        const r = random++;
        sentAt.set(r, performance.now());
        const reply = await client.request({ cmd: 'groupSend', groupId, random: r, msgBody: textBody(bytes, `${client.id}#${k}`) }, { timeout: timeoutMs });
        if (reply.type !== 'groupAck') {
          errors.push(reply);
          if (errors.length > 5) throw new Error(`groupSend failed: ${JSON.stringify(errors[0]).slice(0, 300)}`);
        }
      }
    });
    const want = expected - errors.length * (members - 1);
    try {
      await waitUntil(() => delivered >= want, timeoutMs, `${want} group deliveries`);
    } catch (err) {
      timedOut = `${err.message} (got ${delivered})`;
    }
  } catch (err) {
    sample();
    if (peak.limit && peak.fds >= peak.limit * 0.95) {
      err.message += ` (${peak.comm} reached ${peak.fds.toLocaleString('en-US')} of its ${peak.limit.toLocaleString('en-US')} open files)`;
    }
    throw err;
  } finally {
    clearInterval(sampler);
    cpu = cpuDelta(cpu0, target.cpu());
    cpu.loadGeneratorSecs = selfCpu() - self0;
    await closeAll(clients);
  }
  const wall = (lastDelivery - start) / 1000;
  return {
    kind, members, senders: sending.length, messages: sending.length * perSender, expected, delivered,
    errors: errors.length, errorSample: errors[0] ?? null, timedOut,
    setupSecs, connectSecs, fds, peakFds: peak.fds, seconds: wall, perSec: delivered / wall,
    latency: summarize(latencies), cpu, cpuMsPerMessage: (cpu.cpuSecs * 1000) / (sending.length * perSender),
    cpuUsPerDelivery: (cpu.cpuSecs * 1e6) / Math.max(1, delivered),
  };
}
