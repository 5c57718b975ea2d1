// The soak's bookkeeping (bench/soak/), without a server: the SEQ cursor, the ledger's lost /
// duplicated / unexpected counts, the seeded PRNG and the growth verdict.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SeqCursor } from '../bench/soak/cursor.mjs';
import { Ledger } from '../bench/soak/ledger.mjs';
import { Rng } from '../bench/soak/rng.mjs';
import { growth } from '../bench/soak/sampler.mjs';

const online = () => 0; // every recipient on connection 0
const open = () => Infinity;

describe('SeqCursor', () => {
  test('advances over contiguous SEQs only, in any order', () => {
    const c = new SeqCursor();
    for (const s of [2, 3, 1, 5]) c.see(s);
    assert.equal(c.at, 3);
    c.see(4);
    assert.equal(c.at, 5);
    assert.equal(c.ahead.size, 0);
  });

  test('jump skips what a member may not read and keeps what lies ahead', () => {
    const c = new SeqCursor();
    c.see(12);
    c.jump(10);
    assert.equal(c.at, 10);
    c.see(11);
    assert.equal(c.at, 12);
  });
});

describe('Ledger', () => {
  test('a message every recipient got once is neither lost nor duplicated; a second read of the same SEQ is not a duplicate', () => {
    const l = new Ledger();
    l.register({ random: 1, kind: 'group', from: 0, where: 'g', recipients: [1, 2], now: 0, onlineEpoch: online });
    l.ack(1);
    l.deliver(1, 1, 7, 'live', 0);
    l.deliver(1, 2, 7, 'reconnect', 1);
    l.deliver(1, 1, 7, 'final', 0);
    const t = l.tally(open);
    assert.equal(t.expected, 2);
    assert.equal(t.lost, 0);
    assert.equal(t.duplicated, 0);
    assert.equal(t.byChannel.live, 1);
    assert.equal(t.byChannel.reconnect, 1);
  });

  test('a recipient that never got an acked message counts as lost; an unacked one does not', () => {
    const l = new Ledger();
    l.register({ random: 1, kind: 'c2c', from: 0, where: 'u1', recipients: [1], now: 0, onlineEpoch: online });
    l.register({ random: 2, kind: 'c2c', from: 0, where: 'u1', recipients: [1], now: 0, onlineEpoch: online });
    l.ack(1);
    l.fail(2, 'timeout');
    const t = l.tally(open);
    assert.equal(t.lost, 1);
    assert.deepEqual(t.failed, { timeout: 1 });
  });

  test('two live pushes, or two SEQs for one send, are duplicates', () => {
    const l = new Ledger();
    for (const r of [1, 2]) {
      l.register({ random: r, kind: 'c2c', from: 0, where: 'u1', recipients: [1], now: 0, onlineEpoch: online });
      l.ack(r);
    }
    l.deliver(1, 1, 4, 'live', 0);
    l.deliver(1, 1, 4, 'live', 0);
    l.deliver(2, 1, 5, 'live', 0);
    l.deliver(2, 1, 6, 'final', 0);
    const t = l.tally(open);
    assert.equal(t.duplicated, 2);
    assert.equal(t.duplicatePushes, 1);
    assert.equal(t.storedTwice, 1);
  });

  test('a copy to a client the message was not meant for is counted apart', () => {
    const l = new Ledger();
    l.register({ random: 1, kind: 'group', from: 0, where: 'g', recipients: [1], now: 0, onlineEpoch: online });
    l.ack(1);
    l.deliver(1, 1, 3, 'live', 0);
    l.deliver(1, 9, 3, 'live', 0);
    const t = l.tally(open);
    assert.equal(t.unexpected, 1);
    assert.equal(t.lost, 0);
  });

  test('found by a sync on the connection that was open when it was sent: a missed live push', () => {
    const l = new Ledger();
    l.register({ random: 1, kind: 'c2c', from: 0, where: 'u1', recipients: [1], now: 0, onlineEpoch: online });
    l.register({ random: 2, kind: 'c2c', from: 0, where: 'u1', recipients: [1], now: 0, onlineEpoch: online });
    l.ack(1);
    l.ack(2);
    l.deliver(1, 1, 1, 'final', 0); // same connection: the push never came
    l.deliver(2, 1, 2, 'reconnect', 1); // a later connection: it was offline in between
    assert.equal(l.tally(open).missedLive, 1);
  });
});

test('Rng: the same seed gives the same choices', () => {
  const draw = (seed) => {
    const r = new Rng(seed);
    return [r.u32(), r.int(1000), r.between(2, 20), r.sample([1, 2, 3, 4, 5], 3)];
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('growth: flat after warm-up is bounded, a steady climb is not', () => {
  const flat = Array.from({ length: 30 }, (_, i) => ({ t: i * 10, v: i < 10 ? 100 + i * 10 : 200 }));
  const climb = Array.from({ length: 30 }, (_, i) => ({ t: i * 10, v: 100 + i * 10 }));
  assert.equal(growth(flat, 'v').verdict, 'bounded');
  assert.equal(growth(climb, 'v').verdict, 'growing');
});
