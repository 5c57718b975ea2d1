// E2E: group messages that were acked reach every member's engine exactly once, in SEQ order,
// when the server restarts on the same state right after the sends (the fan-out may be
// half-way): the group resumes from its delivered-up-to cursor and the engines pull gaps by SEQ.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Chat, engineFor } from '../support/engine.mjs';
import { rest } from '../support/rest.mjs';
import { freePort, removeStateDir, startWorker, tempStateDir, uniqueID } from '../support/worker.mjs';

const MEMBERS = 5;
const MESSAGES = 30;

let stateDir;
let worker;
before(async () => { stateDir = await tempStateDir(); });
after(async () => {
  await worker?.stop();
  if (stateDir) await removeStateDir(stateDir);
});

/** Every group message `chat` announces, by text, counted. */
function received(chat) {
  const counts = new Map();
  chat.on(Chat.EVENT.MESSAGE_RECEIVED, ({ data }) => {
    for (const m of data) {
      if (m.conversationType === Chat.TYPES.CONV_GROUP && m.type === Chat.TYPES.MSG_TEXT) {
        counts.set(m.payload.text, (counts.get(m.payload.text) ?? 0) + 1);
      }
    }
  });
  return counts;
}

async function eventually(check, what, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('acked group messages reach every member exactly once across a server restart', { timeout: 280_000 }, async () => {
  const port = await freePort();
  worker = await startWorker({ persistTo: stateDir, port });
  const ids = Array.from({ length: MEMBERS }, (_, i) => uniqueID(`rm${i}`));
  const engines = [];
  for (const id of ids) engines.push(await engineFor(worker.url, id));
  const counts = engines.map((e) => received(e.chat));
  const created = await rest(worker.url, 'group_open_http_svc/create_group', {
    Owner_Account: ids[0], Type: 'Public', Name: 'restart',
    MemberList: ids.slice(1).map((id) => ({ Member_Account: id })),
  });
  assert.equal(created.ErrorCode, 0, JSON.stringify(created));
  const groupID = created.GroupId;
  const sender = engines[0].chat;
  const texts = Array.from({ length: MESSAGES }, (_, i) => `m${i}`);
  // Every send at once: all are acked (stored) before the server goes down.
  const sent = await Promise.all(texts.map((t) => sender.sendMessage(
    sender.createTextMessage({ to: groupID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: t } }))));
  const seqs = sent.map((r) => r.data.message.sequence).sort((a, b) => a - b);
  assert.equal(new Set(seqs).size, MESSAGES, 'each send got its own SEQ');

  await worker.stop();
  worker = await startWorker({ persistTo: stateDir, port });

  // The engines reconnect on their own (same address) and catch up.
  for (const [i, c] of counts.entries()) {
    if (i === 0) continue; // the sender announces nothing of its own
    await eventually(() => texts.every((t) => c.has(t)), `member ${i} to hold all ${MESSAGES} messages`);
  }
  // The newest page, in SEQ order, as each member's engine shows it.
  const bySeq = texts.map((t, i) => [sent[i].data.message.sequence, t]).sort((a, b) => a[0] - b[0]).map(([, t]) => t);
  for (const [i, c] of counts.entries()) {
    if (i === 0) continue;
    const twice = [...c].filter(([, n]) => n !== 1);
    assert.deepEqual(twice, [], `member ${i} was told of each message once`);
    const list = await engines[i].chat.getMessageList({ conversationID: `GROUP${groupID}` });
    const shown = list.data.messageList.filter((m) => m.type === Chat.TYPES.MSG_TEXT).map((m) => m.payload.text);
    assert.deepEqual(shown, bySeq.slice(-shown.length), `member ${i} shows the newest messages in SEQ order`);
    assert.ok(shown.length >= 10, `member ${i} shows a full page (${shown.length})`);
  }
  for (const e of engines) await e.chat.logout().catch(() => {});
});
