// The package as a user gets it: `npm pack` of engine/npm holds the entry, its types and the
// wasm and nothing of the build or the tests; `npm install <tarball>` puts it in a fresh app
// (tests/fixtures/package-app) whose main.js is Tencent's quick start with only the import
// changed and `server` named; Vite builds that app with no config, emitting the wasm as an
// asset; the built dist/, served by a plain static server, logs two users in in headless
// Chromium against the dev worker and one receives the other's message; and plain Node imports
// the installed package by name and does the same.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { browserSuite } from '../support/browser.mjs';
import { makeApp, packEngine, serveStatic, userEnv, viteBuild } from '../support/package-app.mjs';
import { ROOT, SDK_APP_ID, devUserSig, uniqueID } from '../support/worker.mjs';

const SETUP_TIMEOUT_MS = 240_000;
const RUN_TIMEOUT_MS = 90_000;

describe('the package as a user gets it', () => {
  const suite = browserSuite();
  const the = { work: null, pack: null, app: null, buildOutput: '' };

  before(async () => {
    the.work = await realpath(await mkdtemp(join(tmpdir(), 'edgechat-package-')));
    const packs = join(the.work, 'packs');
    await mkdir(packs);
    the.pack = await packEngine(packs);
    the.app = await makeApp(join(the.work, 'app'), the.pack.tarball);
    the.buildOutput = await viteBuild(the.app);
  }, { timeout: SETUP_TIMEOUT_MS });

  after(async () => {
    if (the.work) await rm(the.work, { recursive: true, force: true });
  });

  it('npm pack ships the entry, its types and the wasm, and no source maps, tests or sources', () => {
    const { files, entry } = the.pack;
    for (const needed of ['package.json', 'index.js', 'index.d.ts', 'wasm/edgechat_engine_bg.wasm', 'wasm/edgechat_engine.js']) {
      assert.ok(files.includes(needed), `${needed} is in the tarball: ${files.join(', ')}`);
    }
    assert.deepEqual(files.filter((f) => /\.map$|test|spec|fixture|\.rs$|\.toml$|(^|\/)\./i.test(f)), [], 'no source maps, tests or sources');
    const shipped = (f) => /^(package\.json|README\.md|[a-z]+\.js|index\.d\.ts|wasm\/edgechat_engine(_bg)?\.(js|wasm|d\.ts|wasm\.d\.ts))$/.test(f);
    assert.deepEqual(files.filter((f) => !shipped(f)), [], 'only the package files and the wasm-bindgen output');
    assert.equal(entry.name, 'edgechat');
    assert.equal(entry.bundled.length, 0);
  });

  it('npm install puts a copy of it in the app, with nothing else to fetch', async () => {
    const app = JSON.parse(await readFile(join(the.app, 'package.json'), 'utf8'));
    assert.match(app.dependencies.edgechat, /^file:.*edgechat-0\.1\.0\.tgz$/);
    const installed = join(the.app, 'node_modules', 'edgechat');
    assert.ok((await lstat(installed)).isDirectory(), 'a real folder, not a link to the repo');
    const pkg = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined, 'the package has no dependencies');
    assert.deepEqual((await readdir(join(the.app, 'node_modules'))).filter((n) => !n.startsWith('.')), ['edgechat']);
  });

  it('Vite builds the app with no config and no warning, emitting the wasm as an asset', async () => {
    assert.match(the.buildOutput, /built in/, the.buildOutput);
    assert.doesNotMatch(the.buildOutput, /\(!\)|warn|externalized|error/i, the.buildOutput);
    const assets = await readdir(join(the.app, 'dist', 'assets'));
    assert.equal(assets.filter((a) => /^edgechat_engine_bg-[\w-]+\.wasm$/.test(a)).length, 1, `one wasm asset: ${assets.join(', ')}`);
    assert.equal(assets.filter((a) => a.endsWith('.js')).length, 1, `one script: ${assets.join(', ')}`);
  });

  it('the built app, served statically, runs the quick start in Chromium against the worker', { timeout: RUN_TIMEOUT_MS }, async () => {
    const server = suite.worker.url;
    const [alice, bob] = [uniqueID('pkalice'), uniqueID('pkbob')];
    const query = new URLSearchParams({
      server, sdkappid: String(SDK_APP_ID), alice, bob,
      aliceSig: await devUserSig(server, alice), bobSig: await devUserSig(server, bob),
    });
    const site = await serveStatic(join(the.app, 'dist'));
    try {
      const page = await suite.page();
      const consoleLines = [];
      page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
      await page.goto(`${site.url}/?${query}`);
      const result = page.locator('#result[data-state="done"], #result[data-state="failed"]');
      await result.waitFor({ state: 'attached', timeout: RUN_TIMEOUT_MS - 10_000 });
      const state = await result.getAttribute('data-state');
      const body = JSON.parse(await result.textContent());
      assert.equal(state, 'done', JSON.stringify(body));
      assert.deepEqual(body, { repeatLogin: false, user: alice, sent: 'Hello from Vite', text: 'Hello from Vite', from: alice, to: bob });

      assert.deepEqual(site.requests.filter((r) => r.status !== 200), [], 'every request was for a built file');
      const wasm = site.requests.filter((r) => r.path.endsWith('.wasm'));
      assert.deepEqual(wasm.map((r) => r.type), ['application/wasm'], 'the wasm was loaded once, from dist/assets');
      assert.match(wasm[0].path, /^\/assets\/edgechat_engine_bg-[\w-]+\.wasm$/);
      assert.ok(!site.requests.some((r) => r.path.includes('node_modules')), 'nothing from node_modules');
      assert.deepEqual(consoleLines.filter((l) => /instantiateStreaming|MIME|failed to fetch/i.test(l)), [], 'compiled while streaming');
    } finally {
      await site.close();
    }
  });

  it('plain Node imports the installed package by name and runs the quick start against the worker', { timeout: RUN_TIMEOUT_MS }, async () => {
    const server = suite.worker.url;
    const [alice, bob] = [uniqueID('pnalice'), uniqueID('pnbob')];
    const env = userEnv({
      SERVER: server, SDKAPPID: String(SDK_APP_ID), ALICE: alice, BOB: bob,
      SIG_ALICE: await devUserSig(server, alice), SIG_BOB: await devUserSig(server, bob),
      WS_MODULE: pathToFileURL(join(ROOT, 'node_modules', 'ws', 'wrapper.mjs')).href,
    });
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['node.mjs'], { cwd: the.app, env, timeout: RUN_TIMEOUT_MS - 10_000 })
      .catch((e) => ({ stdout: e.stdout ?? '', stderr: `${e.message}\n${e.stderr ?? ''}` }));
    const line = stdout.split('\n').find((l) => l.startsWith('@@'));
    assert.ok(line, `no result from Node: ${stdout.slice(-800)}\n${stderr.slice(-800)}`);
    assert.deepEqual(JSON.parse(line.slice(2)), {
      resolved: pathToFileURL(join(the.app, 'node_modules', 'edgechat', 'index.js')).href,
      repeatLogin: false, user: alice, sent: 'Hello from Node', text: 'Hello from Node', from: alice, to: bob,
    });
  });
});
