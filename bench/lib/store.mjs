// 5. Engine store, in headless Chromium: serves the engine package and bench/store/ from a
// throw-away HTTP server on 127.0.0.1 and runs bench/store/store-bench.mjs in the page.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { ROOT } from '../../tests/support/worker.mjs';
import { launchBrowser } from '../../tests/support/browser.mjs';
import { summarize } from './stats.mjs';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const SERVED = ['engine/npm/', 'bench/store/'];

function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    if (!SERVED.some((prefix) => path.startsWith(prefix))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(ROOT, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function benchStore({ total, peers = 50, pages = 100, count = 15, pushes = 1000, timeoutMs = 300_000, log }) {
  const server = await serve();
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/store/page.html`);
    await page.waitForFunction(() => window.storeBenchLoaded === true, null, { timeout: 60_000 });
    log(`  Chromium ${browser.version()}: inserting ${total} messages…`);
    const r = await page.evaluate((params) => window.runStoreBench(params), { total, peers, pages, count, pushes });
    if (errors.length) log(`  page errors: ${errors.join('; ').slice(0, 500)}`);
    return {
      browser: browser.version(),
      total: r.total, peers: r.peers, receivedAtReady: r.receivedAtReady,
      insertMs: r.insertMs, insertUsPerMessage: (r.insertMs * 1000) / r.total,
      pushes: r.pushes, push: summarize(r.pushTimes), pushUsPerMessage: (r.pushMs * 1000) / Math.max(1, r.pushes),
      pages: r.pages, count: r.count, read: r.read, conversationMessages: r.conversationMessages,
      page: summarize(r.readTimes), heapBefore: r.heapBefore, heapAfter: r.heapAfter,
      db: {
        total: r.db.total, batch: r.db.batch, insertMs: r.db.insertMs, insertUsPerMessage: (r.db.insertMs * 1000) / r.db.total,
        save: summarize(r.db.saveTimes), count: r.db.count, pages: r.db.pages, read: r.db.read, page: summarize(r.db.readTimes),
        loadMs: r.db.loadMs, loaded: r.db.loaded, conversations: r.db.conversations,
      },
    };
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }
}
