// 2. One-to-one: `pairs` pairs of users online; both sides of every pair send `perSide` messages
// to each other over the client socket, one at a time (the next send waits for the previous
// ack), all pairs at once. Latency is send → the peer's socket receives the `msg` frame.
import { connectAll, closeAll, pool, textBody, userURL } from './clients.mjs';
import { summarize, waitUntil } from './stats.mjs';
import { cpuDelta, selfCpu } from './wrangler.mjs';

export async function benchC2c(worker, { pairs, perSide, bytes = 200, tag, log }) {
  const a = Array.from({ length: pairs }, (_, i) => `${tag}a${i}`);
  const b = Array.from({ length: pairs }, (_, i) => `${tag}b${i}`);
  const sentAt = new Map(); // random → performance.now() at send
  const latencies = [];
  let delivered = 0;
  let lastDelivery = 0;
  const onFrame = (_id, frame) => {
    if (frame.type !== 'msg') return;
    const t0 = sentAt.get(frame.message.random);
    if (t0 === undefined) return;
    const now = performance.now();
    latencies.push(now - t0);
    delivered += 1;
    lastDelivery = now;
  };
  log(`  connecting ${pairs * 2} users…`);
  const t0c = performance.now();
  const clients = await connectAll((id) => userURL(worker.url, id), [...a, ...b], { onFrame, concurrency: 16 });
  log(`  connected in ${((performance.now() - t0c) / 1000).toFixed(1)} s`);
  const streams = [];
  for (let i = 0; i < pairs; i++) {
    streams.push([clients[i], b[i]], [clients[pairs + i], a[i]]);
  }
  let random = 1;
  const errors = [];
  const total = streams.length * perSide;
  const cpu0 = worker.cpu();
  const self0 = selfCpu();
  const start = performance.now();
  let cpu;
  try {
    await pool(streams, streams.length, async ([client, to]) => {
      for (let k = 0; k < perSide; k++) {
        const r = random++;
        const t = performance.now();
        sentAt.set(r, t);
        const reply = await client.request({ cmd: 'send', to, random: r, msgBody: textBody(bytes, `${client.id}#${k}`) });
        if (reply.type !== 'ack') {
          errors.push(reply);
          if (errors.length > 20) throw new Error(`too many send errors, e.g. ${JSON.stringify(errors[0])}`);
        }
      }
    });
    await waitUntil(() => delivered >= total - errors.length, 60_000, `${total} one-to-one deliveries (have ${delivered})`);
  } finally {
    cpu = cpuDelta(cpu0, worker.cpu());
    cpu.loadGeneratorSecs = selfCpu() - self0;
    await closeAll(clients);
  }
  const wall = (lastDelivery - start) / 1000;
  return {
    pairs, perSide, messages: total, delivered, errors: errors.length, errorSample: errors[0] ?? null,
    seconds: wall, perSec: delivered / wall, latency: summarize(latencies), cpu,
    cpuMsPerMessage: (cpu.cpuSecs * 1000) / delivered,
  };
}
