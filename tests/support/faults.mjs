// Test support for the fault-injection suite: seeded randomness, raw-socket members that
// reconnect, resend and catch up the way the engine does, and the delivery model every run is
// checked against (every acked message shown to every member exactly once, in SEQ order;
// nothing unacked half-visible).
import { RawSocket, socketURL, textBody } from './rawsocket.mjs';
import { adminSig, rest } from './rest.mjs';

/** The run's seed: `EDGECHAT_FAULT_SEED` to replay one, otherwise a fresh one (print it). */
export function runSeed() {
  const raw = process.env.EDGECHAT_FAULT_SEED;
  if (raw !== undefined && raw !== '') {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`EDGECHAT_FAULT_SEED must be an integer, not ${raw}`);
    return n >>> 0;
  }
  return Math.floor(Math.random() * 0x1_0000_0000) >>> 0;
}

/** A small seeded generator (mulberry32): `next()` in [0, 1), `int(n)`, `u32()`, `chance(p)`, `pick(list)`. */
export function seeded(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    u32: () => Math.floor(next() * 0x1_0000_0000) >>> 0,
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** A generator of its own, seeded from this one: a member's choices do not depend on another's. */
    fork: () => seeded(Math.floor(next() * 0x1_0000_0000)),
  };
}

const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const textOf = (m) => m.msgBody?.[0]?.MsgContent?.Text ?? `<${m.msgBody?.[0]?.MsgType ?? 'empty'}>`;
/** What a client can tell one message by: the sender, the target, the sender's Random and the content. */
export const c2cIdentity = (m) => `c2c ${m.from}>${m.to} #${m.random} ${textOf(m)}`;
export const groupIdentity = (m) => `group ${m.groupId} ${m.from} #${m.random} ${textOf(m)}`;
/** The error codes a client may resend after (an internal error: the outcome is unknown). */
const UNKNOWN_OUTCOME = new Set([90000]);
const REQUEST_TIMEOUT_MS = 60_000;
const MAX_SEND_ATTEMPTS = 12;

/** Imports `ids` by REST (a message never creates an account), 100 at a time. */
export async function importAll(url, ids) {
  for (let i = 0; i < ids.length; i += 100) {
    const body = await rest(url, 'im_open_login_svc/multiaccount_import', { Accounts: ids.slice(i, i + 100) });
    if (body.ErrorCode !== 0 || body.FailAccounts?.length) throw new Error(`import: ${JSON.stringify(body)}`);
  }
}

/** Creates a Public group owned by `ids[0]` with the others as members; its ID. */
export async function createGroup(url, ids, name = 'faults') {
  const body = await rest(url, 'group_open_http_svc/create_group', {
    Owner_Account: ids[0], Type: 'Public', Name: name, MemberList: ids.slice(1).map((id) => ({ Member_Account: id })),
  });
  if (body.ErrorCode !== 0) throw new Error(`create_group: ${JSON.stringify(body)}`);
  return body.GroupId;
}

/** What was sent and what the server answered. */
export class Model {
  constructor() {
    this.sends = [];
    this.stats = { attempts: 0, acked: 0, resent: 0, abandoned: 0, refused: 0, rateDropped: 0, cuts: 0, injected: 0 };
    this.waiters = [];
  }

  /** Resolves once `n` sends were acked (a kill point). */
  acks(n) {
    if (this.stats.acked >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  ackedOne() {
    this.stats.acked += 1;
    this.waiters = this.waiters.filter((w) => (this.stats.acked >= w.n ? (w.resolve(), false) : true));
  }

  /** A send about to be made: `{ identity, conv, from, members, random, text, frame }`. */
  add(send) {
    const record = { ...send, acked: null, attempts: 0, outcome: 'pending' };
    this.sends.push(record);
    return record;
  }

  get acked() { return this.sends.filter((s) => s.acked !== null); }
}

/**
 * One user over the raw socket protocol, as the engine behaves: a socket that closes is opened
 * again (with a backoff while the server is down) and the member catches up by SEQ from what it
 * holds contiguously; a send cut off by a closed socket is sent again with the same Random.
 */
export class Member {
  constructor(world, id, { groups = [], rng }) {
    this.world = world; // { url, model, log }
    this.id = id;
    this.groups = groups;
    this.rng = rng;
    /** conversation ('inbox' or 'group:<id>') → SEQ → identity. */
    this.views = new Map();
    this.conflicts = [];
    this.rePushed = 0;
    this.socket = null;
    this.connecting = null;
    this.stopped = false;
    this.logins = 0;
    /** Called with each sync or groupSync page received (a kill point for tests). */
    this.onPage = null;
    /** Probability of cutting the socket after sending a request (random disconnects). */
    this.cutChance = 0;
  }

  view(conv) {
    let v = this.views.get(conv);
    if (!v) this.views.set(conv, (v = new Map()));
    return v;
  }

  hold(conv, seq, identity, how) {
    const view = this.view(conv);
    const had = view.get(seq);
    if (had === undefined) view.set(seq, identity);
    else if (had !== identity) this.conflicts.push(`${this.id}: ${conv} SEQ ${seq} held "${had}", then ${how} "${identity}"`);
    else if (how === 'push') this.rePushed += 1;
  }

  onFrame(frame) {
    if (frame.type === 'msg') this.hold('inbox', frame.message.seq, c2cIdentity(frame.message), 'push');
    else if (frame.type === 'groupMsg' && !frame.message.topicId) {
      this.hold(`group:${frame.message.groupId}`, frame.message.seq, groupIdentity(frame.message), 'push');
    }
  }

  /** The highest SEQ from which the member holds every message of `conv` (0: none). */
  contiguous(conv) {
    const view = this.view(conv);
    let s = 0;
    while (view.has(s + 1)) s += 1;
    return s;
  }

  /** Resolves with an open, logged-in socket (connecting if needed). */
  ready() {
    if (this.socket?.isOpen) return Promise.resolve(this.socket);
    if (!this.connecting) {
      this.connecting = this.connectLoop().finally(() => { this.connecting = null; });
    }
    return this.connecting;
  }

  async connectLoop() {
    for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1000)) {
      if (this.stopped) throw new Error(`${this.id} stopped`);
      const socket = await this.tryLogin();
      if (socket) return socket;
      await delay(backoff);
    }
  }

  async tryLogin() {
    const socket = new RawSocket(socketURL(this.world.url, this.id, adminSig(this.id)));
    socket.ws.on('message', (data) => {
      try { this.onFrame(JSON.parse(data.toString())); } catch { /* not JSON: the test's concern elsewhere */ }
    });
    try {
      await Promise.race([socket.opened, delay(15_000).then(() => { throw new Error('open timed out'); })]);
      const first = await socket.next((f) => f.type === 'login' || f.type === 'error', { what: 'the login frame' });
      if (first.type !== 'login') throw new Error(JSON.stringify(first));
    } catch {
      socket.ws.terminate();
      return null;
    }
    this.socket = socket;
    this.logins += 1;
    socket.closed.then(() => {
      if (this.socket === socket) this.socket = null;
      // The engine reconnects at once (then with a backoff while the server is down).
      if (!this.stopped) this.ready().catch(() => {});
    });
    // The engine pulls what it missed at every login; the next send need not wait for it.
    this.catchUp(socket).catch(() => { /* the socket went: the next login catches up */ });
    return socket;
  }

  /** Cuts the socket abruptly (no close frame), as a dropped network does. */
  cut() {
    this.socket?.ws.terminate();
  }

  async request(socket, frame) {
    const reply = socket.request(frame, { timeout: REQUEST_TIMEOUT_MS });
    if (this.cutChance > 0 && this.rng.chance(this.cutChance)) {
      this.world.model.stats.cuts += 1;
      socket.ws.terminate();
    }
    return reply;
  }

  /** Pages `sync` (and each group's `groupSync`) from what the member holds, until complete. */
  async catchUp(socket) {
    for (let since = this.contiguous('inbox'); ;) {
      const page = await this.pageOf(socket, { cmd: 'sync', since }, 'sync');
      for (const m of page.messages) this.hold('inbox', m.seq, c2cIdentity(m), 'sync');
      this.onPage?.(this, page);
      if (page.complete) break;
      since = page.messages.at(-1).seq;
    }
    for (const groupId of this.groups) {
      const conv = `group:${groupId}`;
      for (let since = this.contiguous(conv); ;) {
        const page = await this.pageOf(socket, { cmd: 'groupSync', groupId, since }, 'groupSync');
        for (const m of page.messages) this.hold(conv, m.seq, groupIdentity(m), 'sync');
        this.onPage?.(this, page);
        if (page.complete) break;
        since = page.messages.at(-1).seq;
      }
    }
  }

  /** One page; an internal error (an injected fault) is asked again. */
  async pageOf(socket, frame, type) {
    for (;;) {
      const reply = await socket.request(frame, { timeout: REQUEST_TIMEOUT_MS });
      if (reply.type === type) return reply;
      if (reply.type === 'error' && UNKNOWN_OUTCOME.has(reply.code)) continue;
      throw new Error(`${this.id}: ${frame.cmd} answered ${JSON.stringify(reply)}`);
    }
  }

  /** Catches up until it succeeds (the final pull, after the faults). */
  async settle() {
    for (;;) {
      const socket = await this.ready();
      try {
        await this.catchUp(socket);
        return;
      } catch { /* the socket went: again */ }
    }
  }

  /**
   * Sends one text to a user (`to`) or a group (`groupId`) and waits for its fate. A send cut off
   * by a closed socket is sent again with the same Random (the engine does this); an internal
   * error is resent when `resend()` says so (an app's `resendMessage`), otherwise abandoned.
   */
  async send({ to, groupId, text, members, resend = () => true }) {
    const random = this.rng.u32();
    const frame = groupId
      ? { cmd: 'groupSend', groupId, random, msgBody: textBody(text) }
      : { cmd: 'send', to, random, msgBody: textBody(text), cloudCustomData: '' };
    const identity = groupId
      ? `group ${groupId} ${this.id} #${random} ${text}`
      : `c2c ${this.id}>${to} #${random} ${text}`;
    const conv = groupId ? `group:${groupId}` : 'inbox';
    const { model } = this.world;
    const record = model.add({ identity, conv, from: this.id, to, groupId, members, random, text });
    while (record.attempts < MAX_SEND_ATTEMPTS) {
      const socket = await this.ready();
      record.attempts += 1;
      model.stats.attempts += 1;
      if (record.attempts > 1) model.stats.resent += 1;
      let reply;
      try {
        reply = await this.request(socket, { ...frame });
      } catch {
        continue; // the socket closed (or the reply never came): the same Random again
      }
      if (reply.type === 'groupAck' && reply.message.seq === 0) {
        // Past the group's 40 messages a second: dropped, the sender told it succeeded
        // (Tencent's rule). It must reach nobody.
        record.outcome = 'rate-dropped';
        model.stats.rateDropped += 1;
        return record;
      }
      if (reply.type === 'ack' || reply.type === 'groupAck') {
        record.acked = reply.message.seq;
        record.outcome = 'acked';
        model.ackedOne();
        this.hold(conv, reply.message.seq, groupId ? groupIdentity(reply.message) : c2cIdentity(reply.message), 'ack');
        return record;
      }
      if (reply.type === 'error' && /fault injected/.test(reply.message ?? '')) model.stats.injected += 1;
      if (reply.type === 'error' && UNKNOWN_OUTCOME.has(reply.code) && resend()) continue;
      record.outcome = reply.type === 'error' && UNKNOWN_OUTCOME.has(reply.code) ? 'abandoned' : 'refused';
      record.reply = reply;
      model.stats[record.outcome] += 1;
      return record;
    }
    record.outcome = 'abandoned';
    model.stats.abandoned += 1;
    return record;
  }

  async close() {
    this.stopped = true;
    await this.socket?.close().catch(() => {});
  }
}

/**
 * The invariant, after every member caught up: each acked message is held by every member of its
 * conversation exactly once (at its acked SEQ for the sender's copy), each member's SEQs run
 * without a gap, one sender's acked messages (sent one after another) are in SEQ order for every
 * member, and every unacked message is held by all its members or by none. Returns the violations.
 */
export function violations(model, membersById) {
  const out = [];
  for (const m of membersById.values()) out.push(...m.conflicts);
  // SEQs without a gap, and no message shown twice (the same identity at two SEQs).
  for (const m of membersById.values()) {
    for (const [conv, view] of m.views) {
      const seqs = [...view.keys()].sort((a, b) => a - b);
      const max = seqs.at(-1) ?? 0;
      if (seqs.length !== max) out.push(`${m.id}: ${conv} holds ${seqs.length} SEQs up to ${max}: a gap`);
      const seen = new Map();
      for (const [seq, identity] of view) {
        if (seen.has(identity)) out.push(`${m.id}: ${conv} shows "${identity}" twice, at SEQ ${seen.get(identity)} and ${seq}`);
        seen.set(identity, seq);
      }
    }
  }
  const where = (member, record) => {
    for (const [seq, identity] of member.view(record.conv)) if (identity === record.identity) return seq;
    return null;
  };
  const lastSeq = new Map(); // `${member} ${conv} ${sender}` → SEQ of the sender's previous acked message
  for (const record of model.sends) {
    const holders = record.members.filter((id) => where(membersById.get(id), record) !== null);
    if (record.acked !== null) {
      for (const id of record.members) {
        const seq = where(membersById.get(id), record);
        if (seq === null) {
          out.push(`acked ${record.identity} (SEQ ${record.acked}) is missing for ${id}`);
          continue;
        }
        if ((id === record.from || record.groupId) && seq !== record.acked) {
          out.push(`acked ${record.identity} is at SEQ ${seq} for ${id}, acked as ${record.acked}`);
        }
        const key = `${id} ${record.conv} ${record.from}`;
        if (lastSeq.has(key) && seq <= lastSeq.get(key)) {
          out.push(`${id}: ${record.identity} at SEQ ${seq} is not after the sender's previous acked message (SEQ ${lastSeq.get(key)})`);
        }
        lastSeq.set(key, seq);
      }
    } else if (record.outcome === 'rate-dropped' && holders.length > 0) {
      out.push(`${record.identity}, dropped by the group's rate, is held by ${holders.join(', ')}`);
    } else if (holders.length > 0 && holders.length < record.members.length) {
      out.push(`unacked (${record.outcome}) ${record.identity} is half-visible: held by ${holders.join(', ')} of ${record.members.join(', ')}`);
    }
  }
  return out;
}

/** Spaces calls out to `perSec` a second (group sends stay under the group's 40/s). */
export function pacer(perSec) {
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + 1000 / perSec;
    if (at > now) await delay(at - now);
  };
}

/** One-to-one sends: each member sends `count` texts, one after another, to peers picked at random. */
export async function c2cBurst(members, count, { resend, tag = 'c2c' } = {}) {
  await Promise.all(members.map(async (m) => {
    const peers = members.filter((p) => p !== m);
    for (let i = 0; i < count; i += 1) {
      const peer = m.rng.pick(peers);
      await m.send({ to: peer.id, text: `${tag} ${m.id} ${i}`, members: [m.id, peer.id], resend });
    }
  }));
}

/** Group sends: each sender sends `count` texts to `groupId`, one after another, paced by `pace`. */
export async function groupBurst(senders, groupId, memberIds, count, { resend, pace, tag = 'group' } = {}) {
  await Promise.all(senders.map(async (m) => {
    for (let i = 0; i < count; i += 1) {
      await pace?.();
      await m.send({ groupId, text: `${tag} ${m.id} ${i}`, members: memberIds, resend });
    }
  }));
}

/** One line of figures for the report. */
export function summary(model, membersById) {
  const unacked = model.sends.filter((s) => s.acked === null);
  const visible = unacked.filter((s) => s.members.every((id) => [...membersById.get(id).view(s.conv).values()].includes(s.identity)));
  const rePushed = [...membersById.values()].reduce((n, m) => n + m.rePushed, 0);
  const logins = [...membersById.values()].reduce((n, m) => n + m.logins, 0);
  return { ...model.stats, sends: model.sends.length, unacked: unacked.length, unackedVisible: visible.length, rePushed, logins };
}
