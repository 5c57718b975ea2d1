// Records a CPU profile of the worker inside workerd (its JS and its wasm, by function) through
// workerd's inspector, for a bench run under `--server=miniflare` with BENCH_INSPECT_PORT set:
//   BENCH_INSPECT_PORT=9331 BENCH_WORKER_DIR=dir npm run bench -- --server=miniflare --only=c2c --no-write &
//   node bench/workerd-profile.mjs --port=9331 --out=c2c.cpuprofile [--seconds=N]   (stops then or on SIGINT)
//   node bench/profile.mjs c2c.cpuprofile
// Wasm functions have names only in a build that keeps them (CARGO_PROFILE_RELEASE_STRIP=false and
// wasm-opt -g); this is a tool for looking, not part of the report.
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt;
const port = Number(arg('port', 9331));
const out = arg('out', 'workerd.cpuprofile');
const seconds = Number(arg('seconds', 0));

async function targets() {
  for (;;) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      if (list.length) return list;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const list = await targets();
const target = list.find((t) => !/loopback|internal/i.test(t.title ?? '')) ?? list[0];
console.log(`profiling ${target.title ?? target.id} (${list.length} targets)`);
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((r, j) => { ws.once('open', r); ws.once('error', j); });
let id = 0;
const waiting = new Map();
ws.on('message', (data) => {
  const m = JSON.parse(data);
  if (m.id && waiting.has(m.id)) { waiting.get(m.id)(m); waiting.delete(m.id); }
});
const call = (method, params = {}) => new Promise((r) => { const n = ++id; waiting.set(n, r); ws.send(JSON.stringify({ id: n, method, params })); });
await call('Profiler.enable');
await call('Profiler.setSamplingInterval', { interval: 200 });
await call('Profiler.start');
console.log(`recording; stops ${seconds ? `after ${seconds} s` : 'on SIGINT'}`);
let done = false;
const stop = async () => {
  if (done) return;
  done = true;
  const m = await call('Profiler.stop');
  writeFileSync(out, JSON.stringify(m.result.profile));
  console.log(`wrote ${out}`);
  process.exit(0);
};
process.on('SIGINT', stop);
if (seconds) setTimeout(stop, seconds * 1000);
ws.on('close', () => { if (!done) { console.log('inspector closed before the profile was taken'); process.exit(1); } });
