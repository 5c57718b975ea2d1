// Test support for the package test: packs engine/npm with `npm pack`, makes a user's app from
// tests/fixtures/package-app with the tarball installed by `npm install`, builds it with the repo's
// Vite (a devDependency of the root, so the app downloads nothing), and serves a folder over HTTP.
import { execFile } from 'node:child_process';
import { cp, readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './worker.mjs';

const run = promisify(execFile);
export const FIXTURE = join(ROOT, 'tests', 'fixtures', 'package-app');
export const VITE_BIN = join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const COMMAND_TIMEOUT_MS = 120_000;

/**
 * The environment without the `npm_*` variables an enclosing `npm test` sets (its prefix, its
 * package), so the nested npm acts on the temp app alone, as it would for a user.
 */
export function userEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', npm_config_update_notifier: 'false', ...extra };
}

/** Runs a command; on failure the error names it and carries its output. */
async function command(file, args, options) {
  try {
    return await run(file, args, { env: userEnv(), timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 << 20, ...options });
  } catch (e) {
    throw new Error(`${file} ${args.join(' ')} (in ${options.cwd}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/**
 * `npm pack --json` of engine/npm into `dest`.
 * @returns {Promise<{ tarball: string, files: string[], entry: object }>} the tarball's path, the
 *   paths it holds, and npm's whole JSON entry for it.
 */
export async function packEngine(dest) {
  const { stdout } = await command('npm', ['pack', '--json', '--pack-destination', dest], { cwd: join(ROOT, 'engine', 'npm') });
  const [entry] = JSON.parse(stdout);
  return { tarball: join(dest, entry.filename), files: entry.files.map((f) => f.path), entry };
}

/**
 * A fresh app in `dir` (the fixture's package.json, index.html, main.js, node.mjs) with the
 * tarball installed by `npm install` (offline: the package has no dependencies).
 */
export async function makeApp(dir, tarball) {
  await cp(FIXTURE, dir, { recursive: true });
  await command('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: dir });
  return dir;
}

/** `vite build` in `appDir` with the repo's Vite and the app's (absent) config; resolves with its output. */
export async function viteBuild(appDir) {
  const { stdout, stderr } = await command(process.execPath, [VITE_BIN, 'build'], { cwd: appDir });
  return `${stdout}${stderr}`;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * A static HTTP server for `dir` on a free port of 127.0.0.1 (`/` is index.html), like any host
 * a user would put a built app on. `requests` lists `{ path, status, type }` of what it answered.
 * @returns {Promise<{ url: string, requests: object[], close: () => Promise<void> }>}
 */
export async function serveStatic(dir) {
  const requests = [];
  const server = http.createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    let status = 404;
    let type = 'text/plain; charset=utf-8';
    let body = 'not found';
    if (file.startsWith(dir + sep) && (await stat(file).then((s) => s.isFile(), () => false))) {
      status = 200;
      type = TYPES[extname(file)] ?? 'application/octet-stream';
      body = await readFile(file);
    }
    requests.push({ path, status, type });
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
