// The house rules (scripts/house.mjs): no import cycle between Rust modules, no file over 500
// lines, no literal Tencent error code outside proto. Each count must equal its budget in
// tests/house-budget.json: above it a change broke a rule; below it, lower the budget (it only
// goes down, to 0).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, MAX_LINES } from '../scripts/house.mjs';

const budget = JSON.parse(readFileSync(new URL('./house-budget.json', import.meta.url), 'utf8'));

test('the Rust code keeps the house rules, within a budget that only goes down', () => {
  const { cycles, oversized, literalCodes } = measure();
  const show = (xs) => xs.map((x) => JSON.stringify(x)).join('\n  ');
  for (const [name, found] of [['cycles', cycles], ['oversized', oversized], ['literalCodes', literalCodes]]) {
    assert.ok(found.length <= budget[name], `${name}: ${found.length} > budget ${budget[name]}:\n  ${show(found)}`);
    assert.equal(found.length, budget[name], `${name}: ${found.length} now, lower tests/house-budget.json from ${budget[name]}`);
  }
});

test('the checker finds a cycle, an oversized file and a literal code, and not their absence', () => {
  const root = mkdtempSync(join(tmpdir(), 'house-'));
  const put = (path, text) => { mkdirSync(join(root, path, '..'), { recursive: true }); writeFileSync(join(root, path), text); };
  put('w/src/lib.rs', 'mod a;\nmod b;\nmod c;\nmod d;\n');
  put('w/src/a.rs', 'use crate::b::B;\npub struct A;\n');
  put('w/src/b.rs', 'pub struct B;\nfn f() { let _ = crate::a::A; }\n');
  put('w/src/c.rs', `use crate::a::A;\nfn e() -> u32 { 10010 }\n${'\n'.repeat(MAX_LINES)}`);
  put('w/src/d.rs', '#[cfg(test)]\nmod tests {\n    use crate::c::*;\n    const X: u32 = 10010;\n}\n');
  put('p/src/lib.rs', 'pub const GROUP_NOT_FOUND: u32 = 10010;\n');
  const found = measure(root, { proto: 'p/src', worker: 'w/src' });
  assert.deepEqual(found.cycles, [['w/src/a.rs', 'w/src/b.rs']]);
  assert.deepEqual(found.oversized.map((o) => o.file), ['w/src/c.rs']);
  assert.deepEqual(found.literalCodes, [{ file: 'w/src/c.rs', code: 10010 }]);
});
