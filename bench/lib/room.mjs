// Large rooms with synthetic hubs: an AVChatRoom whose members are online on the hubs without
// real sockets (the dev-only `/dev/room` route records them in the hubs' room tables and
// subscribes the hubs to the group). One real member keeps a socket and proves each message
// arrives. Messages go out through REST `send_group_msg` one at a time; the figure is workerd's
// CPU per message and the group's calls per message (one per subscribed hub, one per slice of
// 32 above 32 hubs), so rooms of 1,000 and 100,000 members can be set side by side.
import { rest } from '../../tests/support/rest.mjs';
import { Client, userURL } from './clients.mjs';
import { cpuDelta } from './wrangler.mjs';

const RELAY_ABOVE = 32;
const RELAY_WIDTH = 32;

/** The calls the group makes per message for `hubs` subscribed hubs (hub/room.rs `plan`). */
export function groupCalls(hubs) {
  return hubs <= RELAY_ABOVE ? hubs : Math.ceil(hubs / RELAY_WIDTH);
}

/**
 * @param {{ url: string, cpu: () => any }} worker
 * @param {{ members: number, messages: number, tag: string, log: (s: string) => void }} o
 */
export async function benchRoom(worker, { members, messages, tag, log }) {
  const owner = `${tag}own`;
  const watcher = `${tag}w`;
  await rest(worker.url, 'im_open_login_svc/multiaccount_import', {
    AccountList: [{ UserID: owner }, { UserID: watcher }],
  });
  const created = await rest(worker.url, 'group_open_http_svc/create_group', {
    Owner_Account: owner, Type: 'AVChatRoom', Name: 'room',
  });
  if (created.ErrorCode !== 0) throw new Error(`create_group: ${JSON.stringify(created)}`);
  const group = created.GroupId;
  const client = new Client(userURL(worker.url, watcher), { id: watcher });
  await client.ready;
  try {
    const joined = await client.request({ cmd: 'group', op: 'apply_join_group', groupId: group });
    if (joined.type === 'error') throw new Error(`join: ${JSON.stringify(joined)}`);
    const started = Date.now();
    const res = await fetch(`${worker.url}/dev/room`, {
      method: 'POST',
      body: JSON.stringify({ group, members, prefix: `${tag}s` }),
    });
    const made = await res.json();
    if (!res.ok) throw new Error(`/dev/room: ${JSON.stringify(made)}`);
    log(`    ${members.toLocaleString('en-US')} synthetic members on ${made.hubs} hubs in ${Date.now() - started} ms`);
    let got = 0;
    client.onFrame = (f) => { if (f.type === 'groupMsg') got += 1; };
    const before = worker.cpu();
    const t0 = Date.now();
    for (let i = 0; i < messages; i += 1) {
      const sent = await rest(worker.url, 'group_open_http_svc/send_group_msg', {
        GroupId: group, From_Account: owner, Random: i + 1,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: `m${i}` } }],
      });
      if (sent.ErrorCode !== 0) throw new Error(`send_group_msg: ${JSON.stringify(sent)}`);
      await arrived(() => got > i, 30_000);
    }
    const wall = (Date.now() - t0) / 1000;
    const delta = cpuDelta(before, worker.cpu());
    const workerd = delta.byComm.workerd ?? 0;
    return {
      members, hubs: made.hubs, messages, received: got,
      groupCallsPerMessage: groupCalls(made.hubs),
      workerdMsPerMessage: (workerd * 1000) / messages,
      workerdUsPerMember: (workerd * 1e6) / (messages * members),
      msPerMessage: (wall * 1000) / messages,
    };
  } finally {
    await client.close();
  }
}

/** Waits, by polling the socket's own count, until `done()`; fails after `ms`. */
async function arrived(done, ms) {
  const until = Date.now() + ms;
  while (!done()) {
    if (Date.now() > until) throw new Error(`a message did not arrive within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 1));
  }
}
