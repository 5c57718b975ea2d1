// Summarises a V8 CPU profile (.cpuprofile, e.g. wrangler's own Node process under
// `BENCH_PROFILE_DIR=dir npm run bench -- --only=fanout`): self time by function and by source
// file, largest first.
//   node bench/profile.mjs path/to/file.cpuprofile [--top=25]
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile.mjs FILE.cpuprofile [--top=N]');
  process.exit(2);
}
const top = Number(rest.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt);
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const byFn = new Map();
const byFile = new Map();
for (const [id, us] of selfUs) {
  const { callFrame: f } = byId.get(id);
  const where = f.url ? f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '') : '(native)';
  const fn = `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  const pkg = where.split('/').slice(0, where.startsWith('@') ? 2 : 1).join('/');
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us);
}
const show = (title, map) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('Self time by package or file', byFile);
show('Self time by function', byFn);
