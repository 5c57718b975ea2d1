// 3. Catch-up: a user is offline while `missed` messages arrive across `conversations`
// conversations (one-to-one, plus groups when the worker has them); then the user logs in and
// pulls everything: the inbox with `sync` pages and each group with `groupSync` pages, all
// groups in parallel with the inbox. Measured: login → every message held, and the bytes the
// socket read (frame payload, and TCP bytes with permessage-deflate offered as browsers do).
import { Client, connectAll, closeAll, pool, textBody, userURL } from './clients.mjs';
import { createGroup, GroupsUnavailable } from './fanout.mjs';

const PULL_TIMEOUT_MS = 180_000;

/** Checks once whether the worker has groups; resolves with null or the reason it has not. */
export async function groupsMissing(url, tag) {
  try {
    await createGroup(url, [`${tag}probe0`, `${tag}probe1`], 'probe');
    return null;
  } catch (err) {
    if (err instanceof GroupsUnavailable) return err.message;
    throw err;
  }
}

/**
 * @param {{ url: string }} worker
 * @param {{ missed: number, conversations: number, groupConversations: number, bytes?: number,
 *   window?: number, tag: string, log: (s: string) => void }} options
 *   groupConversations: how many of the conversations are groups (0 when groups are missing)
 */
export async function benchCatchup(worker, { missed, conversations, groupConversations, bytes = 200, window = 8, tag, log }) {
  const target = `${tag}t`;
  const peers = Array.from({ length: conversations }, (_, i) => `${tag}p${i}`);
  // Log the target in once so the account exists, then leave it offline.
  const first = new Client(userURL(worker.url, target), { id: target });
  await first.ready;
  await first.close();

  const groups = [];
  for (let g = 0; g < groupConversations; g++) {
    groups.push(await createGroup(worker.url, [peers[g], target], `catchup ${g}`));
  }
  const senders = await connectAll((id) => userURL(worker.url, id), peers, { concurrency: 16 });
  const perConversation = Math.floor(missed / conversations);
  const extra = missed - perConversation * conversations;
  let random = 1;
  const t0 = performance.now();
  try {
    await pool(senders.map((s, i) => [s, i]), senders.length, async ([sender, i]) => {
      const count = perConversation + (i < extra ? 1 : 0);
      const isGroup = i < groups.length;
      let k = 0;
      await pool(Array.from({ length: window }), window, async () => {
        while (k < count) {
          const n = k++;
          const body = textBody(bytes, `${sender.id}#${n}`);
          const frame = isGroup
            ? { cmd: 'groupSend', groupId: groups[i], random: random++, msgBody: body }
            : { cmd: 'send', to: target, random: random++, msgBody: body };
          const reply = await sender.request(frame);
          if (reply.type !== (isGroup ? 'groupAck' : 'ack')) throw new Error(`${frame.cmd} failed: ${JSON.stringify(reply).slice(0, 300)}`);
        }
      });
    });
  } finally {
    await closeAll(senders);
  }
  const fillSecs = (performance.now() - t0) / 1000;
  log(`    ${missed} messages stored for the offline user in ${fillSecs.toFixed(1)} s (${(missed / fillSecs).toFixed(0)}/s)`);

  // The login and the pull.
  const start = performance.now();
  const client = new Client(userURL(worker.url, target), { id: target, deflate: true });
  let got = 0;
  let pages = 0;
  let loginMs;
  let seconds;
  let payload;
  let wire;
  let deflate;
  try {
    await client.ready;
    loginMs = performance.now() - start;
    const inbox = (async () => {
      let since = 0;
      for (;;) {
        const page = await client.request({ cmd: 'sync', since }, { timeout: PULL_TIMEOUT_MS });
        if (page.type !== 'sync') throw new Error(`sync failed: ${JSON.stringify(page).slice(0, 300)}`);
        pages += 1;
        got += page.messages.length;
        if (page.messages.length) since = page.messages[page.messages.length - 1].seq;
        if (page.complete) return;
        if (!page.messages.length) throw new Error('an incomplete sync page with no messages');
      }
    })();
    const groupPulls = groups.map(async (groupId) => {
      let since = 0;
      for (;;) {
        const page = await client.request({ cmd: 'groupSync', groupId, since }, { timeout: PULL_TIMEOUT_MS });
        if (page.type !== 'groupSync') throw new Error(`groupSync failed: ${JSON.stringify(page).slice(0, 300)}`);
        pages += 1;
        got += page.messages.length;
        if (page.messages.length) since = page.messages[page.messages.length - 1].seq;
        if (page.complete) return;
        if (!page.messages.length) throw new Error('an incomplete groupSync page with no messages');
      }
    });
    await Promise.all([inbox, ...groupPulls]);
  } finally {
    seconds = (performance.now() - start) / 1000;
    payload = client.payloadBytesIn;
    wire = client.wireBytesIn;
    deflate = String(client.ws.extensions ?? '').includes('deflate');
    await client.close();
  }
  return {
    missed, conversations, groupConversations, received: got, pages, fillSecs,
    loginMs, seconds, payloadBytes: payload, wireBytes: wire, deflate,
    rawBytes: missed * bytes, perSec: got / seconds,
  };
}
