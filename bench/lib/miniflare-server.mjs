// The bench's server without wrangler: the built worker (or the baseline relay) in Miniflare's
// workerd directly, with no dev proxy and no inspector. `npm run bench -- --server=miniflare`
// starts this in its own process group (bench/lib/wrangler.mjs) so its CPU and descriptors are
// measured like wrangler's. Configuration comes as JSON in BENCH_MF.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';

const cfg = JSON.parse(process.env.BENCH_MF);
const ROOT = cfg.root;

/** `KEY = "value"` lines of one [section] of a TOML file (enough for wrangler.toml's [vars]). */
function tomlVars(text) {
  const out = {};
  let inVars = false;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('[')) inVars = t === '[vars]';
    const m = inVars && t.match(/^([A-Z_][A-Z0-9_]*)\s*=\s*"(.*)"$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function devVars() {
  const out = {};
  for (const line of readFileSync(join(ROOT, '.dev.vars'), 'utf8').split('\n')) {
    const m = line.match(/^([A-Z_][A-Z0-9_]*)=(.*)$/);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

const relay = cfg.kind === 'baseline';
// BENCH_WORKER_DIR: another build of the worker (e.g. an older commit's worker/build) to compare.
const workerDir = process.env.BENCH_WORKER_DIR ?? join(ROOT, 'worker/build');
const hasHubs = !relay && readFileSync(join(workerDir, 'index.js'), 'utf8').includes('hubdo_new');
const sqlite = (className) => ({ className, useSQLite: true });
const mf = new Miniflare({
  host: '127.0.0.1',
  port: cfg.port,
  modules: true,
  modulesRoot: relay ? join(ROOT, 'bench/baseline') : workerDir,
  scriptPath: relay ? join(ROOT, 'bench/baseline/relay.mjs') : join(workerDir, 'index.js'),
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2026-04-01',
  bindings: relay ? {} : { ...tomlVars(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')), ...devVars(), ...cfg.vars },
  durableObjects: relay
    ? { ROOM: sqlite('Room') }
    : {
      USER: sqlite('UserDo'), RATE: sqlite('RateDo'), GROUP: sqlite('GroupDo'), GROUP_INDEX: sqlite('GroupIndexDo'),
      ...(hasHubs ? { HUB: sqlite('HubDo') } : {}),
    },
  durableObjectsPersist: cfg.persist,
  // BENCH_INSPECT_PORT: workerd's own inspector, for a CPU profile of the worker and its objects
  // (bench/workerd-profile.mjs).
  ...(process.env.BENCH_INSPECT_PORT ? { inspectorPort: Number(process.env.BENCH_INSPECT_PORT) } : {}),
});
await mf.ready;
console.log(`miniflare ready on ${cfg.port}`);
const stop = async () => { await mf.dispose().catch(() => {}); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
