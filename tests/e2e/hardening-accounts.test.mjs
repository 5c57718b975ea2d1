// What a client or an admin leaves behind in other accounts (#17, items 6 and 7), attacked
// through the socket and REST as they would: a status subscription names no account into
// being (70107 per ID, nothing written), and a deleted account takes its profile, pending
// applications, friend groups, watchers and group memberships with it, leaves its friends'
// lists, and hands the groups it owned to a successor (or dismisses them), so a re-imported one
// starts empty and inherits nothing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminSig, assertOk, rest, show } from '../support/rest.mjs';
import { login } from '../support/rawsocket.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();
const NOT_IMPORTED = 70107;
const STATUS_ONLINE = 1;

async function imported(prefix) {
  const id = uniqueID(prefix);
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: id }));
  return id;
}

async function online(id) {
  return (await login(worker.url, id, adminSig(id))).socket;
}

test('subscribing to a never-imported ID fails for that ID with 70107 and writes no watcher into it', async () => {
  const watcherID = await imported('watcher');
  const known = await imported('known');
  const ghost = uniqueID('ghost');
  const watcher = await online(watcherID);
  const sockets = [watcher];
  try {
    const reply = await watcher.request({ cmd: 'subscribeStatus', userIDList: [ghost, known] });
    assert.equal(reply.type, 'statusList', show(reply));
    assert.deepEqual(reply.list.map((s) => s.userID), [known], 'only the imported ID is watched');
    assert.equal(reply.failures.length, 1, show(reply));
    assert.equal(reply.failures[0].userID, ghost);
    assert.equal(reply.failures[0].code, NOT_IMPORTED);
    assert.match(reply.failures[0].message, new RegExp(ghost));

    // The ghost comes into being (a dev login imports it), then the known user logs in. A watcher
    // row written into the ghost's object would have announced the ghost first.
    sockets.push(await online(ghost));
    sockets.push(await online(known));
    const change = await watcher.nextOfType('userStatus');
    assert.deepEqual([change.status.userID, change.status.statusType], [known, STATUS_ONLINE], show(change));
    assert.deepEqual(watcher.buffered('userStatus'), [], 'nothing about the ghost');
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
  }
});

test('a deleted and re-imported account inherits no profile, applications, friend groups, groups or watchers', async () => {
  const victim = await imported('deleted');
  const [fan, asker] = [await imported('fan'), await imported('asker')];
  assertOk(await rest(worker.url, 'profile/portrait_set', {
    From_Account: victim,
    ProfileItem: [
      { Tag: 'Tag_Profile_IM_Nick', Value: 'Old Nick' },
      { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_NeedConfirm' },
    ],
  }));
  assertOk(await rest(worker.url, 'sns/group_add', { From_Account: victim, GroupName: ['old-group'] }));
  const asked = await rest(worker.url, 'sns/friend_add', {
    From_Account: asker, AddFriendItem: [{ To_Account: victim, AddSource: 'AddSource_Type_Web' }],
  });
  assertOk(asked);
  const pendency = () => rest(worker.url, 'sns/pendency_get', { From_Account: victim });
  assert.equal((await pendency()).PendencyItem?.length, 1, 'the application waits before the delete');
  const created = await rest(worker.url, 'group_open_http_svc/create_group', {
    Owner_Account: asker, Type: 'Public', Name: 'left behind', MemberList: [{ Member_Account: victim }],
  });
  assertOk(created);
  const members = async () => {
    const info = await rest(worker.url, 'group_open_http_svc/get_group_member_info', { GroupId: created.GroupId });
    assertOk(info);
    return info.MemberList.map((m) => m.Member_Account).sort();
  };
  assert.deepEqual(await members(), [asker, victim].sort());
  const fanSocket = await online(fan);
  try {
    const sub = await fanSocket.request({ cmd: 'subscribeStatus', userIDList: [victim] });
    assert.deepEqual(sub.failures ?? [], [], show(sub));

    assertOk(await rest(worker.url, 'im_open_login_svc/account_delete', { DeleteItem: [{ UserID: victim }] }));
    assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: victim }));

    const profile = await rest(worker.url, 'profile/portrait_get', { To_Account: [victim], TagList: ['Tag_Profile_IM_Nick'] });
    assertOk(profile);
    assert.equal(profile.UserProfileItem[0].ProfileItem?.[0]?.Value ?? '', '', `no old nick: ${show(profile)}`);
    const groups = await rest(worker.url, 'sns/group_get', { From_Account: victim });
    assertOk(groups);
    assert.deepEqual((groups.ResultItem ?? []).map((g) => g.GroupName), [], `no old friend groups: ${show(groups)}`);
    assert.deepEqual(await members(), [asker], 'the deleted account left the group');
    const joined = await rest(worker.url, 'group_open_http_svc/get_joined_group_list', { Member_Account: victim });
    assertOk(joined);
    assert.deepEqual((joined.GroupIdList ?? []).map((g) => g.GroupId), [], `no old groups: ${show(joined)}`);
    const pending = await pendency();
    assertOk(pending);
    assert.deepEqual(pending.PendencyItem ?? [], [], `no old applications: ${show(pending)}`);

    // The fan watched the old account: the re-imported one logging in tells the fan nothing.
    const back = await online(victim);
    const other = await imported('other');
    assert.deepEqual((await fanSocket.request({ cmd: 'subscribeStatus', userIDList: [other] })).failures ?? [], []);
    const otherSocket = await online(other);
    const change = await fanSocket.nextOfType('userStatus');
    assert.equal(change.status.userID, other, `the deleted account's watcher was forgotten: ${show(change)}`);
    await Promise.all([back.close(), otherSocket.close()]);
  } finally {
    await fanSocket.close();
  }
});

test('a deleted account leaves its friends\' lists too (its relationship chain goes with it)', async () => {
  const [gone, pal] = [await imported('gone'), await imported('pal')];
  assertOk(await rest(worker.url, 'sns/friend_add', {
    From_Account: pal, AddFriendItem: [{ To_Account: gone, AddSource: 'AddSource_Type_Web' }], AddType: 'Add_Type_Both', ForceAddFlags: 1,
  }));
  const friendsOf = async (id) => {
    const got = await rest(worker.url, 'sns/friend_get', { From_Account: id, StartIndex: 0 });
    assertOk(got);
    return (got.UserDataItem ?? []).map((u) => u.To_Account);
  };
  assert.deepEqual(await friendsOf(pal), [gone]);
  assert.deepEqual(await friendsOf(gone), [pal]);
  assertOk(await rest(worker.url, 'im_open_login_svc/account_delete', { DeleteItem: [{ UserID: gone }] }));
  assert.deepEqual(await friendsOf(pal), [], 'the friend\'s list forgot the deleted account');
  assertOk(await rest(worker.url, 'im_open_login_svc/account_import', { UserID: gone }));
  assert.deepEqual(await friendsOf(gone), [], 'the re-imported account starts with no friends');
  assert.deepEqual(await friendsOf(pal), [], 'and is not back on the old friend\'s list');
});

test('a deleted owner\'s group passes to its first admin (else its first member); a group it was alone in is dismissed', async () => {
  const [boss, deputy, member] = [await imported('boss'), await imported('deputy'), await imported('member')];
  const team = await rest(worker.url, 'group_open_http_svc/create_group', {
    Owner_Account: boss, Type: 'Public', Name: 'team', MemberList: [{ Member_Account: member }, { Member_Account: deputy }],
  });
  assertOk(team);
  assertOk(await rest(worker.url, 'group_open_http_svc/modify_group_member_info', { GroupId: team.GroupId, Member_Account: deputy, Role: 'Admin' }));
  const solo = await rest(worker.url, 'group_open_http_svc/create_group', { Owner_Account: boss, Type: 'Public', Name: 'solo' });
  assertOk(solo);

  assertOk(await rest(worker.url, 'im_open_login_svc/account_delete', { DeleteItem: [{ UserID: boss }] }));
  const info = await rest(worker.url, 'group_open_http_svc/get_group_info', { GroupIdList: [team.GroupId, solo.GroupId] });
  assertOk(info);
  const [teamInfo, soloInfo] = info.GroupInfo;
  assert.equal(teamInfo.Owner_Account, deputy, `the admin took the group over: ${show(teamInfo)}`);
  assert.deepEqual((teamInfo.MemberList ?? []).map((m) => m.Member_Account).sort(), [deputy, member].sort(), 'the deleted owner left');
  assert.equal(soloInfo.ErrorCode, 10010, `the group it was alone in is dismissed: ${show(soloInfo)}`);
});
