// One conformance suite for every local store of the engine package (store.js): memory and
// key-value in Node, IndexedDB in Chromium. Self-contained (no imports, no outer names) so
// the browser test can send its source into a page; it throws on the first difference.
export async function storeSuite(store) {
  const eq = (actual, expected, what) => {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) throw new Error(`${what}: got ${a}, want ${e}`);
  };
  const msg = (seq, text) => ({ seq, from: 'bob', to: 'alice', random: seq, time: 100 + seq, msgKey: `${seq}`, msgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] });
  const rec = (conversationID, m) => ({ conversationID, seq: m.seq, message: m });
  const meta = {
    version: 1, user: 'alice', contiguous: 0, messages: [],
    conversations: [{ peer: 'bob' }, { peer: 'carol' }],
    groups: [{ key: 'g1', info: { groupId: 'g1' }, contiguous: 3, messages: [] }],
  };
  eq(await store.load('app:alice'), null, 'nothing stored yet');
  eq(await store.page('app:alice', 'C2Cbob', Infinity, 5), [], 'an empty page');

  // 30 messages with bob in three saves (out of order), 2 with carol, 3 in g1.
  const bob = Array.from({ length: 30 }, (_, i) => msg(i + 1, `b${i + 1}`));
  await store.save('app:alice', { meta, messages: bob.slice(20).map((m) => rec('C2Cbob', m)), groupMessages: [] });
  await store.save('app:alice', { meta: null, messages: bob.slice(0, 20).map((m) => rec('C2Cbob', m)), groupMessages: [] });
  await store.save('app:alice', {
    meta,
    messages: [rec('C2Ccarol', msg(31, 'c1')), rec('C2Ccarol', msg(32, 'c2'))],
    groupMessages: [1, 2, 3].map((s) => rec('GROUPg1', { groupId: 'g1', seq: s, from: 'bob', random: s, time: s, msgBody: [] })),
  });
  // Another user of the same store sees none of it.
  await store.save('app:carol', { meta: { ...meta, user: 'carol' }, messages: [rec('C2Cbob', msg(1, 'other'))], groupMessages: [] });

  const loaded = await store.load('app:alice', 5);
  eq(loaded.user, 'alice', 'the meta');
  eq(loaded.messages.map((m) => m.msgBody[0].MsgContent.Text), ['b26', 'b27', 'b28', 'b29', 'b30', 'c1', 'c2'],
    'the last page of each conversation, in SEQ order');
  eq(loaded.groups[0].messages.map((m) => m.seq), [1, 2, 3], "the group's last page");
  eq((await store.page('app:alice', 'C2Cbob', 26, 5)).map((m) => m.seq), [21, 22, 23, 24, 25], 'the page before 26');
  eq((await store.page('app:alice', 'C2Cbob', 3, 5)).map((m) => m.seq), [1, 2], 'the first page is short');
  eq((await store.page('app:carol', 'C2Cbob', Infinity, 5)).map((m) => m.msgBody[0].MsgContent.Text), ['other'], "carol's own");

  // A changed message (a recall) replaces its record; nothing else moves.
  await store.save('app:alice', { meta: null, messages: [rec('C2Cbob', { ...msg(30, 'b30'), recalled: true })], groupMessages: [] });
  const last = await store.page('app:alice', 'C2Cbob', Infinity, 2);
  eq(last.map((m) => [m.seq, !!m.recalled]), [[29, false], [30, true]], 'the recall replaced the record');
  eq((await store.page('app:alice', 'C2Cbob', Infinity, 100)).length, 30, 'one record per message');
}
