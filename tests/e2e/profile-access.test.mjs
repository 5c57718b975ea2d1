// Custom profile fields' read and write permissions (SPEC §3): declared as `Key:RW` in
// PROFILE_CUSTOM_FIELDS, where R and W are `u` (users) or `a` (app admins only).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Chat, engineFor } from '../support/engine.mjs';
import { rest } from '../support/rest.mjs';
import { startWorker, uniqueID } from '../support/worker.mjs';

const tagMap = (items) => Object.fromEntries(items.map((i) => [i.Tag, i.Value]));

describe('custom profile field permissions', () => {
  let worker;
  before(async () => { worker = await startWorker({ vars: { PROFILE_CUSTOM_FIELDS: 'Hobby,Level:ua,Note:au' } }); });
  after(async () => { await worker?.stop(); });

  it('admin-only fields refuse user writes (40008) and hide from other users, not from admins or the owner', async () => {
    const a = uniqueID('owner');
    const b = uniqueID('other');
    const owner = await engineFor(worker.url, a);
    const other = await engineFor(worker.url, b);
    const custom = (key, value) => ({ profileCustomField: [{ key: `Tag_Profile_Custom_${key}`, value }] });

    await owner.chat.updateMyProfile(custom('Hobby', 'chess'));
    await assert.rejects(owner.chat.updateMyProfile(custom('Level', '9')), { code: 40008 });
    const set = await rest(worker.url, 'profile/portrait_set', { From_Account: a, ProfileItem: [{ Tag: 'Tag_Profile_Custom_Level', Value: '9' }] });
    assert.equal(set.ErrorCode, 0, JSON.stringify(set));
    await owner.chat.updateMyProfile(custom('Note', 'private'));

    const mine = (await owner.chat.getMyProfile()).data.profileCustomField;
    assert.deepEqual(Object.fromEntries(mine.map((f) => [f.key, f.value])), {
      Tag_Profile_Custom_Hobby: 'chess', Tag_Profile_Custom_Level: '9', Tag_Profile_Custom_Note: 'private',
    });
    const seen = (await other.chat.getUserProfile({ userIDList: [a] })).data[0].profileCustomField;
    assert.deepEqual(Object.fromEntries(seen.map((f) => [f.key, f.value])), {
      Tag_Profile_Custom_Hobby: 'chess', Tag_Profile_Custom_Level: '9',
    }, 'the admin-read Note is hidden from other users');
    const byAdmin = await rest(worker.url, 'profile/portrait_get', { To_Account: [a], TagList: ['Tag_Profile_Custom_Note'] });
    assert.deepEqual(tagMap(byAdmin.UserProfileItem[0].ProfileItem), { Tag_Profile_Custom_Note: 'private' });
    assert.equal(Chat.EVENT.PROFILE_UPDATED, 'onProfileUpdated');
    await owner.chat.destroy();
    await other.chat.destroy();
  });
});
