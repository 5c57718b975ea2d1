// The soak's ledger: every message sent, whom it was meant for, and every copy each client got.
//
// The invariant: a message the server acked reaches each intended recipient exactly once.
// "Once" is per stored copy: a client may read the same SEQ twice (a live push and the sync page
// that overlaps it; a page pulled again after a reconnect), which any client drops by SEQ. A
// duplicate is what no client can drop: a second live push of the message, or the message
// stored twice (two different SEQs for one send). Recipients are fixed when the message is
// sent: the peer of a one-to-one message; the group's members but the sender, while no join or
// quit of that group is in flight (traffic.mjs holds a per-group lock for that).

/** How a copy reached its client. */
export const CHANNELS = ['live', 'reconnect', 'join', 'prequit', 'final'];

export class Ledger {
  constructor() {
    this.messages = new Map(); // random → record
    this.delivered = 0;        // copies counted towards the invariant, any channel
    this.acked = { c2c: 0, group: 0 };
    this.failed = new Map();   // error code (or "timeout") → count
    this.unexpected = 0;       // copies that reached a client the message was not meant for
    this.unknown = 0;          // copies of messages this run never sent
    this.samples = { unexpected: [], lost: [], duplicate: [] };
  }

  /**
   * A message about to be sent. `recipients` are client indexes; `onlineEpoch(i)` is the
   * recipient's connection number if it is online now, else -1.
   */
  register({ random, kind, from, where, recipients, now, onlineEpoch }) {
    this.messages.set(random, {
      kind, from, where, sentAt: now, state: 'pending',
      recipients: Int32Array.from(recipients),
      sendEpochs: Int32Array.from(recipients, onlineEpoch),
      got: new Map(),
    });
  }

  ack(random) {
    const m = this.messages.get(random);
    m.state = 'acked';
    this.acked[m.kind] += 1;
  }

  fail(random, why) {
    const m = this.messages.get(random);
    m.state = 'failed';
    m.why = String(why);
    this.failed.set(m.why, (this.failed.get(m.why) ?? 0) + 1);
  }

  /** A copy of message `random` reached client `idx` (at SEQ `seq`, over `channel`, on connection `epoch`). */
  deliver(random, idx, seq, channel, epoch) {
    const m = this.messages.get(random);
    if (!m) {
      this.unknown += 1;
      return;
    }
    const at = m.recipients.indexOf(idx);
    if (at < 0) {
      this.unexpected += 1;
      if (this.samples.unexpected.length < 5) this.samples.unexpected.push({ random, kind: m.kind, where: m.where, from: m.from, to: idx, seq, channel });
      return;
    }
    let got = m.got.get(idx);
    if (!got) {
      got = { seq, live: 0, via: channel, epoch, otherSeq: 0 };
      m.got.set(idx, got);
      this.delivered += 1;
    } else if (got.seq !== seq) {
      got.otherSeq = seq;
    }
    if (channel === 'live') got.live += 1;
  }

  /**
   * The verdict once every client has caught up. `epochEnd(i, e)` is when client i's
   * connection e ended (Infinity if it is still open).
   */
  tally(epochEnd) {
    const out = {
      sent: this.messages.size, acked: { ...this.acked },
      failed: Object.fromEntries(this.failed), expected: 0, delivered: 0, lost: 0, duplicated: 0,
      duplicatePushes: 0, storedTwice: 0, byChannel: Object.fromEntries(CHANNELS.map((c) => [c, 0])),
      missedLive: 0, unexpected: this.unexpected, unknown: this.unknown, deliveredUnacked: 0,
      samples: this.samples,
    };
    for (const [random, m] of this.messages) {
      if (m.state !== 'acked') {
        out.deliveredUnacked += m.got.size;
        continue;
      }
      for (let k = 0; k < m.recipients.length; k++) {
        const idx = m.recipients[k];
        out.expected += 1;
        const got = m.got.get(idx);
        if (!got) {
          out.lost += 1;
          if (this.samples.lost.length < 10) this.samples.lost.push({ random, kind: m.kind, where: m.where, from: m.from, to: idx, sentAt: m.sentAt, onlineAtSend: m.sendEpochs[k] >= 0 });
          continue;
        }
        out.delivered += 1;
        out.byChannel[got.via] += 1;
        const dup = got.live > 1 || got.otherSeq !== 0;
        if (got.live > 1) out.duplicatePushes += 1;
        if (got.otherSeq !== 0) out.storedTwice += 1;
        if (dup) {
          out.duplicated += 1;
          if (this.samples.duplicate.length < 10) this.samples.duplicate.push({ random, kind: m.kind, where: m.where, to: idx, seq: got.seq, otherSeq: got.otherSeq, live: got.live });
        }
        // Online when it was sent, and the same connection still open when a sync found it: the
        // live push never came although the socket was up the whole time (a diagnostic, not the
        // invariant: catch-up repaired it).
        const e = m.sendEpochs[k];
        if (e >= 0 && got.live === 0 && got.epoch === e && epochEnd(idx, e) > m.sentAt) out.missedLive += 1;
      }
    }
    return out;
  }
}
