// 1b. Open-loop group fan-out: one group of `members` online users; messages go out at a fixed
// `rate` (messages/s, spread over `senders` members) for `seconds`, whether or not earlier ones
// were acked, as real chat traffic does. Latency is send → each receiver's socket got the
// `groupMsg`; "missing" counts (message, receiver) pairs that never arrived. Runs against
// edgechat and the baseline relay like the closed-loop fan-out.
import { connectAll, closeAll, textBody } from './clients.mjs';
import { createGroup, socketURLFor } from './fanout.mjs';
import { summarize, waitUntil } from './stats.mjs';
import { cpuDelta } from './wrangler.mjs';

/**
 * @param {{ url: string, cpu: () => any }} target
 * @param {{ kind: 'edgechat'|'baseline', members: number, senders: number, rate: number,
 *   seconds: number, bytes?: number, tag: string, log: (s: string) => void, drainMs?: number }} options
 */
export async function benchOpenLoop(target, { kind, members, senders, rate, seconds, bytes = 200, tag, log, drainMs = 60_000 }) {
  const ids = Array.from({ length: members }, (_, i) => `${tag}o${i}`);
  const groupId = kind === 'edgechat' ? await createGroup(target.url, ids, 'open-loop') : 'bench';
  const sentAt = new Map(); // random → send time
  const got = new Map(); // random → receivers so far
  const latencies = [];
  let duplicates = 0;
  const onFrame = (id, frame) => {
    if (frame.type !== 'groupMsg' || frame.message?.from === id) return;
    const r = frame.message?.random;
    const t0 = sentAt.get(r);
    if (t0 === undefined) return;
    const seen = got.get(r);
    if (seen.has(id)) { duplicates += 1; return; }
    seen.add(id);
    latencies.push(performance.now() - t0);
  };
  const clients = await connectAll(socketURLFor(kind, target, tag), ids, { onFrame, concurrency: 32 });
  log(`    ${members} sockets connected; sending ${rate} msg/s for ${seconds} s`);
  const sending = clients.slice(0, Math.min(senders, members));
  const total = Math.round(rate * seconds);
  const errors = [];
  const acks = [];
  const cpu0 = target.cpu();
  const start = performance.now();
  let cpu;
  try {
    for (let i = 0; i < total; i++) {
      // Each send at its own time on the schedule, not when the previous one finished.
      const due = start + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const client = sending[i % sending.length];
      const r = i + 1;
      got.set(r, new Set());
      sentAt.set(r, performance.now());
      acks.push(client.request({ cmd: 'groupSend', groupId, random: r, msgBody: textBody(bytes, `${client.id}#${i}`) })
        .then((reply) => { if (reply.type !== 'groupAck') errors.push(reply); })
        .catch((err) => errors.push({ error: err.message })));
    }
    await Promise.all(acks);
    const want = (total - errors.length) * (members - 1);
    await waitUntil(() => latencies.length >= want, drainMs, `${want} deliveries`).catch(() => {});
  } finally {
    cpu = cpuDelta(cpu0, target.cpu());
    await closeAll(clients);
  }
  const expected = (total - errors.length) * (members - 1);
  return {
    kind, members, senders: sending.length, rate, seconds, messages: total, errors: errors.length,
    errorSample: errors[0] ?? null, expected, delivered: latencies.length,
    missing: expected - latencies.length, duplicates, latency: summarize(latencies),
    cpuUsPerDelivery: (cpu.cpuSecs * 1e6) / Math.max(1, latencies.length),
  };
}
