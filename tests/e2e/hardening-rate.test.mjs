// What one signed-in client may send per second (#17 item 3), attacked through the socket: a burst
// of messages past the user's budget is refused with 7008 (10023 in a group) and nothing refused
// is stored; a burst of AVChatRoom creations past the budget is refused with 10006 and creates no
// group. The worker runs
// with CLIENT_RATE_SCALE 0.05 (1 message a second, 5 at once; 25 frames at once; 1 group at once)
// so the bursts are small and the refusals do not depend on how fast this machine is.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminSig, assertOk, rest } from '../support/rest.mjs';
import { login, randomU32, textBody } from '../support/rawsocket.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile({ vars: { CLIENT_RATE_SCALE: '0.05' } });
const BURST = 30;

async function user(prefix) {
  const id = uniqueID(prefix);
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const { socket } = await login(worker.url, id, adminSig(id));
  return { id, socket };
}

/** Sends `count` frames made by `make(i)` at once; the replies in order. */
function burst(socket, count, make) {
  return Promise.all(Array.from({ length: count }, (_, i) => socket.request(make(i), { timeout: 60_000 })));
}

test('messages past a user\'s budget are refused with 7008 and none of them is stored', async () => {
  const flooder = await user('flood');
  const target = await user('target');
  try {
    const replies = await burst(flooder.socket, BURST, (i) => ({
      cmd: 'send', to: target.id, random: randomU32(), msgBody: textBody(`flood ${i}`), cloudCustomData: '',
    }));
    const acked = replies.filter((r) => r.type === 'ack');
    const refused = replies.filter((r) => r.type === 'error');
    assert.equal(acked.length + refused.length, BURST, JSON.stringify(replies.find((r) => r.type !== 'ack' && r.type !== 'error')));
    assert.ok(acked.length >= 5, `the burst of 5 goes through, ${acked.length} did`);
    assert.ok(refused.length > 0, `${BURST} at once is over a budget of 5 at once and 1 a second`);
    for (const r of refused) {
      assert.equal(r.code, 7008, JSON.stringify(r));
      assert.match(r.message, /a second/, 'the message says which budget');
    }

    // The receiver has exactly the acked messages: a refused one was never stored.
    const sync = await target.socket.request({ cmd: 'sync', since: 0 });
    const texts = sync.messages.map((m) => m.msgBody[0].MsgContent.Text).sort();
    const ackedTexts = acked.map((r) => r.message.msgBody[0].MsgContent.Text).sort();
    assert.deepEqual(texts, ackedTexts);
    const history = await rest(worker.url, 'openim/admin_getroammsg', {
      Operator_Account: flooder.id, Peer_Account: target.id, MaxCnt: 100, MinTime: 0, MaxTime: 2 ** 32 - 1,
    });
    assertOk(history);
    assert.equal(history.MsgList.length, acked.length, 'the sender\'s roaming copy agrees');
  } finally {
    await Promise.all([flooder.socket.close(), target.socket.close()]);
  }
});

test('group creations past a user\'s budget are refused with 10006 and create no group', async () => {
  const builder = await user('rooms');
  try {
    const before = await rest(worker.url, 'group_open_http_svc/get_appid_group_list', { GroupType: 'AVChatRoom' });
    assertOk(before);
    const replies = await burst(builder.socket, 4, (i) => ({
      cmd: 'group', op: 'create_group', body: { Type: 'AVChatRoom', Name: `room ${i}` },
    }));
    const made = replies.filter((r) => r.type !== 'error');
    const refused = replies.filter((r) => r.type === 'error');
    assert.equal(made.length, 1, `a budget of one creation at once: ${JSON.stringify(replies)}`);
    for (const r of refused) {
      assert.equal(r.code, 10006, JSON.stringify(r));
      assert.match(r.message, /groups in a short time/);
    }
    const after = await rest(worker.url, 'group_open_http_svc/get_appid_group_list', { GroupType: 'AVChatRoom' });
    assertOk(after);
    assert.equal(after.TotalCount, before.TotalCount + 1, 'only the admitted room exists');

    // Reading is not creating: the same user's other group commands still go through.
    const mine = await builder.socket.request({ cmd: 'groups' });
    assert.notEqual(mine.type, 'error', JSON.stringify(mine));

    // Group messages share the user's message budget; past it, Tencent's 10023.
    const room = made[0].result?.GroupId;
    assert.ok(room, `the created room's ID: ${JSON.stringify(made[0])}`);
    const sends = await burst(builder.socket, 12, (i) => ({
      cmd: 'groupSend', groupId: room, random: randomU32(), msgBody: textBody(`live ${i}`),
    }));
    const sent = sends.filter((r) => r.type !== 'error');
    const throttled = sends.filter((r) => r.type === 'error');
    assert.ok(sent.length >= 5 && throttled.length > 0, JSON.stringify(sends.map((r) => r.type)));
    for (const r of throttled) assert.equal(r.code, 10023, JSON.stringify(r));
  } finally {
    await builder.socket.close();
  }
});
