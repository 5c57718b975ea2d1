// What a signed-in client may not do (#17), attacked through the socket as a client would, with
// Tencent's codes: friend_import and ForceAddFlags are the app admin's (30004); a user cannot lift
// an admin's AdminForbidType (40008); a group message carries the sender's own nick and face,
// never ones the client's body names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminSig, assertOk, rest } from '../support/rest.mjs';
import { connect, login, randomU32, textBody } from '../support/rawsocket.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();

/** A UserSig for `id` (the admin by default) signed `offset` seconds from now (negative: ago). */
function signedAt(id, offset) {
  const realNow = Date.now;
  Date.now = () => realNow.call(Date) + offset * 1000;
  try {
    return adminSig(id);
  } finally {
    Date.now = realNow;
  }
}

async function user(prefix, nick) {
  const id = uniqueID(prefix);
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id, Nick: nick ?? id }));
  const { socket } = await login(worker.url, id, adminSig(id));
  return { id, socket };
}

test('a client cannot force friends on anyone, import friends, or lift an admin\'s ban', async () => {
  const mallory = await user('mal', 'Mallory');
  const victim = await user('vic', 'Victim');
  try {
    assertOk(await rest(worker.url, 'profile/portrait_set', {
      From_Account: victim.id, ProfileItem: [{ Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_DenyAny' }],
    }));
    const item = { To_Account: victim.id, AddSource: 'AddSource_Type_Web' };
    const forced = await mallory.socket.request({ cmd: 'sns', op: 'friend_add', body: { AddFriendItem: [item], ForceAddFlags: 1 } });
    assert.equal(forced.type, 'error', JSON.stringify(forced));
    assert.equal(forced.code, 30004);
    const imported = await mallory.socket.request({ cmd: 'sns', op: 'friend_import', body: { AddFriendItem: [{ ...item, AddSource: 'AddSource_Type_Import' }] } });
    assert.equal(imported.code, 30004, JSON.stringify(imported));
    const check = await rest(worker.url, 'sns/friend_check', { From_Account: victim.id, To_Account: [mallory.id], CheckType: 'CheckResult_Type_Both' });
    assertOk(check);
    assert.equal(check.InfoItem[0].Relation, 'CheckResult_Type_NoRelation', 'nothing was written');

    assertOk(await rest(worker.url, 'profile/portrait_set', {
      From_Account: mallory.id, ProfileItem: [{ Tag: 'Tag_Profile_IM_AdminForbidType', Value: 'AdminForbid_Type_SendOut' }],
    }));
    const lift = await mallory.socket.request({
      cmd: 'sns', op: 'portrait_set', body: { ProfileItem: [{ Tag: 'Tag_Profile_IM_AdminForbidType', Value: 'AdminForbid_Type_None' }] },
    });
    assert.equal(lift.code, 40008, JSON.stringify(lift));
    const still = await rest(worker.url, 'profile/portrait_get', { To_Account: [mallory.id], TagList: ['Tag_Profile_IM_AdminForbidType'] });
    assert.equal(still.UserProfileItem[0].ProfileItem[0].Value, 'AdminForbid_Type_SendOut', 'the ban stands');
  } finally {
    await Promise.all([mallory.socket.close(), victim.socket.close()]);
  }
});

test('a group message carries the sender\'s own nick and face, whatever the body says', async () => {
  const mallory = await user('mal', 'Mallory');
  const owner = await user('own', 'The Owner');
  try {
    const made = await rest(worker.url, 'group_open_http_svc/create_group', {
      Owner_Account: owner.id, Type: 'Public', Name: 'names', MemberList: [{ Member_Account: mallory.id }],
    });
    assertOk(made);
    assertOk(await rest(worker.url, 'profile/portrait_set', {
      From_Account: mallory.id, ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Mallory' }],
    }));
    const sent = await mallory.socket.request({
      cmd: 'group', op: 'send_group_msg', groupId: made.GroupId,
      body: { Random: randomU32(), MsgBody: textBody('trust me'), SenderNick: 'The Owner', SenderFaceUrl: 'x'.repeat(9000) },
    });
    assert.notEqual(sent.type, 'error', JSON.stringify(sent));
    const stored = sent.result.Message;
    assert.equal(stored.from, mallory.id);
    assert.equal(stored.nick, 'Mallory', 'her own nick, not the owner\'s');
    assert.equal(stored.avatar, undefined, 'no face URL: she set none');
  } finally {
    await Promise.all([mallory.socket.close(), owner.socket.close()]);
  }
});

test('importmsg refuses a message from the future (it would sort first for ever)', async () => {
  const [a, b] = [uniqueID('impa'), uniqueID('impb')];
  for (const id of [a, b]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const body = (t) => ({
    SyncFromOldSystem: 2, From_Account: a, To_Account: b, MsgRandom: randomU32(), MsgTimeStamp: t, MsgBody: textBody('when?'),
  });
  const now = Math.floor(Date.now() / 1000);
  const future = await rest(worker.url, 'openim/importmsg', body(now + 10 * 365 * 86400));
  assert.equal(future.ErrorCode, 90006, JSON.stringify(future));
  assertOk(await rest(worker.url, 'openim/importmsg', body(now - 60)), 'a past message imports');
  const roam = await rest(worker.url, 'openim/admin_getroammsg', {
    Operator_Account: a, Peer_Account: b, MaxCnt: 10, MinTime: 0, MaxTime: now + 20 * 365 * 86400,
  });
  assertOk(roam);
  assert.equal(roam.MsgList.length, 1, 'only the past message was stored');
});

test('a MsgKey names one message: an import under a taken key is a duplicate (Tencent) and changes nothing', async () => {
  const [a, b] = [uniqueID('keya'), uniqueID('keyb')];
  for (const id of [a, b]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const time = Math.floor(Date.now() / 1000) - 3 * 86400; // older than the dedupe window
  const body = (text) => ({
    SyncFromOldSystem: 2, From_Account: a, To_Account: b, MsgSeq: 77, MsgRandom: 4242, MsgTimeStamp: time, MsgBody: textBody(text),
  });
  assertOk(await rest(worker.url, 'openim/importmsg', body('the original')));
  assertOk(await rest(worker.url, 'openim/importmsg', body('the original')), 'the same import again');
  // Tencent's importmsg dedupes on MsgSeq, MsgRandom and the time: other content under the
  // same three is dropped as a duplicate, never stored beside the first or over it.
  assertOk(await rest(worker.url, 'openim/importmsg', body('a forgery')));
  for (const [operator, peer] of [[a, b], [b, a]]) {
    const roam = await rest(worker.url, 'openim/admin_getroammsg', {
      Operator_Account: operator, Peer_Account: peer, MaxCnt: 10, MinTime: 0, MaxTime: time + 10,
    });
    assertOk(roam);
    assert.deepEqual(roam.MsgList.map((m) => m.MsgBody[0].MsgContent.Text), ['the original'], `${operator}: one message, unchanged`);
  }
});

test('an app admin sending as a user who is not a member is delivered (the seed), a member\'s mute still applies', async () => {
  const [owner, outsider, member] = [uniqueID('sendo'), uniqueID('sendx'), uniqueID('sendm')];
  for (const id of [owner, outsider, member]) assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const made = await rest(worker.url, 'group_open_http_svc/create_group', {
    Owner_Account: owner, Type: 'Public', Name: 'as', MemberList: [{ Member_Account: member }],
  });
  assertOk(made);
  const send = (from) => rest(worker.url, 'group_open_http_svc/send_group_msg', {
    GroupId: made.GroupId, From_Account: from, Random: randomU32(), MsgBody: textBody(`from ${from}`),
  });
  const sent = await send(outsider);
  assertOk(sent);
  assert.ok(sent.MsgSeq > 0, 'stored with a SEQ');
  assertOk(await rest(worker.url, 'group_open_http_svc/forbid_send_msg', { GroupId: made.GroupId, Members_Account: [member], MuteTime: 600 }));
  assert.equal((await send(member)).ErrorCode, 10017, 'a muted member stays muted');
});

test('the dev UserSig route does not sign the app admin', async () => {
  const res = await fetch(`${worker.url}/dev/usersig?userid=administrator`);
  assert.equal(res.status, 403);
  const body = await res.json();
  assert.equal(body.ErrorCode, 10004, JSON.stringify(body));
  assert.match(body.ErrorInfo, /app admin/);
  const user = await fetch(`${worker.url}/dev/usersig?userid=${uniqueID('devsig')}`);
  assert.equal(user.status, 200, 'an ordinary user still gets one (dev only)');
});

test('a different message that reuses a random is stored, not answered with the first one\'s ack; a retry still is', async () => {
  const alice = await user('dupa');
  const bob = await user('dupb');
  try {
    const random = randomU32();
    const send = (text) => alice.socket.request({ cmd: 'send', to: bob.id, random, msgBody: textBody(text), cloudCustomData: '' });
    const first = await send('first');
    const retry = await send('first');
    const other = await send('second');
    for (const r of [first, retry, other]) assert.equal(r.type, 'ack', JSON.stringify(r));
    assert.equal(retry.message.seq, first.message.seq, 'a retry is the same message');
    assert.notEqual(other.message.seq, first.message.seq, 'other content is another message');
    assert.equal(other.message.msgBody[0].MsgContent.Text, 'second');
    const roam = await rest(worker.url, 'openim/admin_getroammsg', {
      Operator_Account: alice.id, Peer_Account: bob.id, MaxCnt: 10, MinTime: 0, MaxTime: Math.floor(Date.now() / 1000) + 60,
    });
    assertOk(roam);
    assert.equal(roam.MsgList.length, 2, 'two messages stored, the retry once');
  } finally {
    await Promise.all([alice.socket.close(), bob.socket.close()]);
  }
});

test('a UserSig that lives 100 years, or was signed a day ahead of the server\'s clock, is refused', async () => {
  const id = uniqueID('sig');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const century = adminSig(id, undefined, { expire: 100 * 365 * 86400 });
  const { socket, first } = await connect(worker.url, id, century);
  await socket.close();
  assert.equal(first.type, 'error', JSON.stringify(first));
  assert.equal(first.code, 70003);
  assert.match(first.message, /longer than this app allows/);

  const ahead = signedAt(undefined, 86400);
  const res = await rest(worker.url, 'im_open_login_svc/account_check', { CheckItem: [{ UserID: id }] }, { usersig: ahead });
  assert.equal(res.ErrorCode, 70003, JSON.stringify(res));
  const fine = await connect(worker.url, id, adminSig(id));
  await fine.socket.close();
  assert.equal(fine.first.type, 'login', 'an ordinary UserSig still logs in');
});

test('a REST kick ends the UserSigs signed before it: the same one cannot log straight back in', async () => {
  const id = uniqueID('kick');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const old = signedAt(id, -10);
  const { socket } = await login(worker.url, id, old);
  assertOk(await rest(worker.url, 'im_open_login_svc/kick', { UserID: id }));
  await socket.waitClosed();
  const again = await connect(worker.url, id, old);
  await again.socket.close();
  assert.equal(again.first.type, 'error', JSON.stringify(again.first));
  assert.equal(again.first.code, 70001, 'the old UserSig no longer logs in');
  const fresh = await connect(worker.url, id, adminSig(id));
  await fresh.socket.close();
  assert.equal(fresh.first.type, 'login', 'a UserSig signed after the kick does');
});

test('a deleted and re-imported account does not take back the old UserSigs', async () => {
  const id = uniqueID('redo');
  const old = signedAt(id, -10);
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  assertOk(await rest(worker.url, 'im_open_login_svc/account_delete', { DeleteItem: [{ UserID: id }] }));
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  const again = await connect(worker.url, id, old);
  await again.socket.close();
  assert.equal(again.first.code, 70001, JSON.stringify(again.first));
});
