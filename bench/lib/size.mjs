// 4. Engine size: what a web app downloads, raw and compressed (gzip level 9 and brotli quality
// 11, with node:zlib), for edgechat's engine package and for @tencentcloud/chat from `npm pack`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ROOT } from '../../tests/support/worker.mjs';

function measure(files) {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  for (const file of files) {
    const data = readFileSync(file);
    raw += data.length;
    gzip += gzipSync(data, { level: 9 }).length;
    brotli += brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

export function benchSize({ log, tencentVersion = 'latest' }) {
  const pkg = join(ROOT, 'engine', 'npm');
  const wasm = join(pkg, 'wasm', 'edgechat_engine_bg.wasm');
  const glue = join(pkg, 'wasm', 'edgechat_engine.js');
  const adapter = join(pkg, 'index.js');
  const store = join(pkg, 'store.js');
  const shapes = join(pkg, 'shapes.js');
  const surface = join(pkg, 'surface.js');
  const rows = [
    { what: 'edgechat engine: release wasm', files: ['engine/npm/wasm/edgechat_engine_bg.wasm'], ...measure([wasm]) },
    { what: 'edgechat engine: wasm-bindgen JS glue', files: ['engine/npm/wasm/edgechat_engine.js'], ...measure([glue]) },
    { what: 'edgechat engine: JS host adapter (index.js, shapes.js, surface.js, store.js)', files: ['engine/npm/index.js', 'engine/npm/shapes.js', 'engine/npm/surface.js', 'engine/npm/store.js'], ...measure([adapter, shapes, surface, store]) },
    { what: 'edgechat engine: total (wasm + glue + adapter)', files: [], ...measure([wasm, glue, adapter, shapes, surface, store]), total: true },
  ];
  let tencent = null;
  const dir = mkdtempSync(join(tmpdir(), 'edgechat-bench-pack-'));
  try {
    log(`  npm pack @tencentcloud/chat@${tencentVersion} …`);
    const out = execFileSync('npm', ['pack', `@tencentcloud/chat@${tencentVersion}`, '--json', '--silent'], {
      cwd: dir, encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const info = JSON.parse(out)[0];
    execFileSync('tar', ['xzf', info.filename], { cwd: dir, timeout: 60_000 });
    const root = join(dir, 'package');
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const main = manifest.main ?? 'index.js';
    const modules = readdirSync(join(root, 'modules')).filter((f) => f.endsWith('.js')).sort().map((f) => `modules/${f}`);
    const at = (files) => files.map((f) => join(root, f));
    tencent = {
      version: info.version,
      tarball: info.size,
      rows: [
        { what: `@tencentcloud/chat ${info.version}: core (main, ${main})`, files: [main], ...measure(at([main])) },
        { what: `@tencentcloud/chat ${info.version}: core + all ${modules.length} modules`, files: [main, ...modules], ...measure(at([main, ...modules])) },
      ],
    };
    if (main !== 'index.es.js' && readdirSync(root).includes('index.es.js')) {
      tencent.rows.push(
        { what: `@tencentcloud/chat ${info.version}: ES build (index.es.js)`, files: ['index.es.js'], ...measure(at(['index.es.js'])) },
        { what: `@tencentcloud/chat ${info.version}: ES build + all modules`, files: ['index.es.js', ...modules], ...measure(at(['index.es.js', ...modules])) },
      );
    }
  } catch (err) {
    tencent = { error: `npm pack @tencentcloud/chat failed: ${err.message.split('\n')[0]}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, tencent };
}
