// Test support: one HTTP request to the dev worker that cannot hang a test file.
//
// Under `wrangler dev` on a loaded two-core machine, a request sent just after a slow one
// (e.g. a 500-account query that wakes 500 objects) can stick in wrangler's proxy for minutes
// while requests sent a moment later are answered at once (seen 2026-12-07: workerd idle, the
// request never logged). A request here gets a deadline; an idempotent one (GET, HEAD, or a
// caller's read-only call) is sent again on a new connection, anything else fails loudly.

/** How long one attempt may take; the slowest legitimate call (a 100-account import while the machine is saturated) took over 60 s. */
export const REQUEST_DEADLINE_MS = 120_000;
const ATTEMPTS = 3;

/**
 * `fetch(url, init)` with a deadline per attempt; resolves with `{ response, text }`.
 * @param {{ idempotent?: boolean, deadlineMs?: number }} [options]
 *   idempotent: may be sent again after a deadline (default: GET and HEAD are).
 */
export async function fetchText(url, init = {}, { idempotent, deadlineMs = REQUEST_DEADLINE_MS } = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  const retryable = idempotent ?? (method === 'GET' || method === 'HEAD');
  const what = `${method} ${String(url).replace(/\?.*$/, '')}`;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
      return { response, text: await response.text() };
    } catch (err) {
      const timedOut = err?.name === 'TimeoutError' || err?.cause?.name === 'TimeoutError';
      if (!timedOut) throw err;
      if (!retryable || attempt >= ATTEMPTS) {
        throw new Error(`${what} had no answer within ${deadlineMs} ms (attempt ${attempt}${retryable ? '' : ', not retried: not idempotent'})`);
      }
    }
  }
}
