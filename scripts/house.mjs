// The house rules of the Rust code, measured: import cycles between modules (from their `use`
// lines), files over the size limit, and Tencent error codes written as literals outside
// proto's error table. `node scripts/house.mjs` prints them; tests/house.test.mjs keeps each
// count at or under the budget in tests/house-budget.json, which only goes down.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
export const MAX_LINES = 500;
const CRATES = { proto: 'proto/src', engine: 'engine/src', worker: 'worker/src', fuzz: 'fuzz/src' };

function rsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...rsFiles(p));
    else if (name.endsWith('.rs')) out.push(p);
  }
  return out;
}

/** `a/b/mod.rs` and `a/b.rs` → ['a', 'b']; `lib.rs` → []. */
function modulePath(srcDir, file) {
  const parts = relative(srcDir, file).replace(/\.rs$/, '').split('/');
  if (parts.at(-1) === 'mod' || (parts.length === 1 && parts[0] === 'lib')) parts.pop();
  return parts;
}

/** Code without comments, strings and `#[cfg(test)]` modules (tests may reach anywhere). */
function code(text) {
  let t = text.replace(/\/\/[^\n]*/g, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const at = t.search(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/);
  if (at >= 0) t = t.slice(0, at);
  return t;
}

/** The use trees of a file, flattened to paths: `use a::{b, c::d}` → a::b, a::c::d. */
function usePaths(src) {
  const out = [];
  for (const m of src.matchAll(/\buse\s+([^;]+);/g)) {
    const expand = (prefix, tree) => {
      tree = tree.trim();
      const brace = tree.indexOf('{');
      if (brace < 0) { out.push(prefix + tree.replace(/\s+as\s+\w+$/, '')); return; }
      const head = tree.slice(0, brace);
      const body = tree.slice(brace + 1, tree.lastIndexOf('}'));
      let depth = 0; let start = 0;
      for (let i = 0; i <= body.length; i++) {
        const ch = body[i];
        if (ch === '{') depth++;
        else if (ch === '}') depth--;
        else if ((ch === ',' && depth === 0) || i === body.length) {
          const part = body.slice(start, i).trim();
          if (part) expand(prefix + head, part);
          start = i + 1;
        }
      }
    };
    expand('', m[1].replace(/\s+/g, ' '));
  }
  // Paths written in the code itself (`crate::routes::config(&env)`) are imports too.
  const rest = src.replace(/\buse\s+[^;]+;/g, '');
  for (const m of rest.matchAll(/\b(?:crate|super)(?:::\w+)+/g)) out.push(m[0]);
  return out;
}

export function measure(root = ROOT, crates = CRATES) {
  const modules = new Map(); // key "crate:a::b" → { file, lines, uses }
  const oversized = [];
  const literalCodes = [];
  for (const [crate, dir] of Object.entries(crates)) {
    for (const file of rsFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const rel = relative(root, file);
      const lines = text.split('\n').length - 1;
      if (lines > MAX_LINES) oversized.push({ file: rel, lines });
      const src = code(text);
      if (!crate.startsWith('proto') && !/tests?\.rs$|\/tests\/|conformance\.rs$/.test(rel)) {
        for (const m of src.matchAll(/\b(?:[1-9]\d{4})\b/g)) {
          if (/^(10\d{3}|20\d{3}|30\d{3}|40\d{3}|60\d{3}|70\d{3}|71\d{3}|80\d{3}|90\d{3}|91\d{3}|93\d{3})$/.test(m[0])) {
            literalCodes.push({ file: rel, code: Number(m[0]) });
          }
        }
      }
      const path = modulePath(join(root, dir), file);
      modules.set(`${crate}:${path.join('::')}`, { file: rel, crate: crate === 'proto' ? 'proto' : crate, path, src });
    }
  }
  // Edges: a use of `crate::a::b::X` goes to the longest module prefix that exists.
  const edges = new Map();
  for (const [key, m] of modules) {
    const to = new Set();
    for (const p of usePaths(m.src)) {
      let segs = p.split('::').map((s) => s.trim()).filter(Boolean);
      if (segs[0] === 'crate') segs = segs.slice(1);
      else if (segs[0] === 'super' || segs[0] === 'self') {
        const base = [...m.path];
        const isModRs = /(?:^|\/)(mod|lib)\.rs$/.test(m.file);
        if (!isModRs) base.pop(); // a file module's `self` is itself, its `super` the parent
        while (segs[0] === 'super' || segs[0] === 'self') {
          if (segs[0] === 'super') base.pop();
          segs = segs.slice(1);
        }
        if (!isModRs && p.startsWith('self')) base.push(m.path.at(-1));
        segs = [...base, ...segs];
      } else continue; // another crate or std
      const resolve = (path) => {
        for (let n = path.length; n >= 0; n--) {
          const target = `${m.crate}:${path.slice(0, n).join('::')}`;
          if (modules.has(target)) return { target, depth: n };
        }
        return null;
      };
      let found = resolve(segs);
      // `super::` inside an inline `mod x { … }` of this file means this file's module.
      if (p.startsWith('super') && found && found.depth < m.path.length) {
        const inline = resolve([...m.path, ...p.split('::').map((x) => x.trim()).filter((x) => x && x !== 'super')]);
        if (inline && inline.depth > found.depth) found = inline;
      }
      if (found && found.target !== key) to.add(found.target);
    }
    edges.set(key, to);
  }
  // A module and its own children are one unit for cycles: a parent naming what it declares
  // is not a cycle; siblings (or cousins) using each other are.
  const cycles = [];
  const keys = [...modules.keys()];
  const index = new Map(); const low = new Map(); const stack = []; const on = new Set(); let n = 0;
  const connect = (v) => {
    index.set(v, n); low.set(v, n); n++; stack.push(v); on.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) { connect(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const comp = [];
      let w;
      do { w = stack.pop(); on.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1) cycles.push(comp.map((k) => modules.get(k).file).sort());
    }
  };
  for (const k of keys) if (!index.has(k)) connect(k);
  return { cycles, oversized, literalCodes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { cycles, oversized, literalCodes } = measure();
  console.log(`Import cycles: ${cycles.length}`);
  for (const c of cycles) console.log(`  ${c.join(' ↔ ')}`);
  console.log(`Files over ${MAX_LINES} lines: ${oversized.length}`);
  for (const o of oversized) console.log(`  ${o.file} (${o.lines})`);
  const byFile = new Map();
  for (const l of literalCodes) byFile.set(l.file, (byFile.get(l.file) ?? 0) + 1);
  console.log(`Literal Tencent codes outside proto: ${literalCodes.length}`);
  for (const [f, c] of [...byFile].sort((a, b) => b[1] - a[1])) console.log(`  ${f}: ${c}`);
}
