// The soak's mixed traffic: one-to-one sends, group sends, joins and quits, reconnects, each at
// a steady rate (open loop: actions start on a fixed schedule, whatever the replies do, up to
// `maxInFlight` at once). A client runs one action at a time. Every choice comes from the seeded
// PRNG; which clients are free at a tick depends on the server's timing.
import { rest } from '../../tests/support/rest.mjs';
import { textBody } from '../lib/clients.mjs';
import { sleep } from '../lib/stats.mjs';

const TICK_MS = 100;
const PROBES = 32; // clients tried per action before it is counted as skipped
const KICK_CLOSE_MS = 30_000; // a kicked socket not closed by then is reported and closed here

/** A group's members and its lock: sends share it, a join or quit holds it alone. */
export class SoakGroup {
  constructor(id, owner, members) {
    Object.assign(this, { id, owner, members: new Set(members) });
    this.sending = 0;
    this.changing = false;
    this.drained = null; // resolves when `sending` drops to 0
  }

  get free() {
    return !this.changing;
  }

  beginSend() {
    this.sending += 1;
  }

  endSend() {
    this.sending -= 1;
    if (this.sending === 0 && this.drained) {
      this.drained.resolve();
      this.drained = null;
    }
  }

  /** Takes the lock for a membership change once the sends in flight are acked. */
  async beginChange() {
    this.changing = true;
    if (this.sending > 0) {
      let resolve;
      const promise = new Promise((r) => { resolve = r; });
      this.drained = { resolve };
      await promise;
    }
  }

  endChange() {
    this.changing = false;
  }
}

export class Traffic {
  /**
   * @param {{ clients: import('./client.mjs').SoakClient[], groups: SoakGroup[], ledger: any,
   *   rng: import('./rng.mjs').Rng, clock: () => number, params: any, log: (s: string) => void }} options
   */
  constructor({ clients, groups, ledger, rng, clock, params, log }) {
    Object.assign(this, { clients, groups, ledger, rng, clock, params, log });
    this.byId = new Map(groups.map((g) => [g.id, g]));
    this.nextRandom = 1;
    this.inFlight = new Set();
    this.counts = { c2c: 0, group: 0, join: 0, quit: 0, reconnect: 0, kick: 0, revive: 0 };
    this.skipped = { busy: 0, noCandidate: 0 };
    this.errors = new Map(); // what → count
    this.errorSamples = [];
    this.credit = { c2c: 0, group: 0, churn: 0, reconnect: 0, kick: 0 };
  }

  error(what, detail) {
    this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
    if (this.errorSamples.length < 20) this.errorSamples.push(`${what}: ${String(detail).slice(0, 300)}`);
  }

  /** Runs `action` as client `c`, which is busy until it ends. */
  launch(c, kind, action) {
    c.busy = true;
    this.counts[kind] += 1;
    const p = action()
      .catch((err) => this.error(`${kind} failed`, err.message))
      .finally(() => {
        c.busy = false;
        this.inFlight.delete(p);
      });
    this.inFlight.add(p);
  }

  /** A free online client, from a random start, passing over those `fits` refuses. */
  pickClient(fits = () => true) {
    const n = this.clients.length;
    const start = this.rng.int(n);
    for (let k = 0; k < Math.min(n, PROBES); k++) {
      const c = this.clients[(start + k) % n];
      if (c.online && !c.busy && fits(c)) return c;
    }
    return null;
  }

  /** The steady schedule for `ms` milliseconds. */
  async run(ms) {
    const { c2cRate, groupRate, churnRate, reconnectRate, kickRate, maxInFlight } = this.params;
    const end = this.clock() + ms;
    let last = this.clock();
    while (this.clock() < end) {
      await sleep(TICK_MS);
      const now = this.clock();
      const dt = (now - last) / 1000;
      last = now;
      this.credit.c2c += c2cRate * dt;
      this.credit.group += groupRate * dt;
      this.credit.churn += churnRate * dt;
      this.credit.reconnect += reconnectRate * dt;
      this.credit.kick += kickRate * dt;
      for (const kind of ['c2c', 'group', 'churn', 'reconnect', 'kick']) {
        while (this.credit[kind] >= 1) {
          this.credit[kind] -= 1;
          if (this.inFlight.size >= maxInFlight) this.skipped.busy += 1;
          else if (!this[kind]()) this.skipped.noCandidate += 1;
        }
      }
    }
  }

  /** Waits for every action in flight. */
  async settle() {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  // --- actions: each returns false when no client could take it -----------------------------

  c2c() {
    const from = this.pickClient();
    if (!from) return false;
    let to = this.rng.int(this.clients.length - 1);
    if (to >= from.idx) to += 1;
    const random = this.nextRandom++;
    const body = textBody(this.params.bytes, `c2c ${random} `);
    this.launch(from, 'c2c', async () => {
      this.ledger.register({
        random, kind: 'c2c', from: from.idx, where: this.clients[to].id, recipients: [to],
        now: this.clock(), onlineEpoch: (i) => this.clients[i].onlineEpoch(),
      });
      await this.sendAndAck(from, random, { cmd: 'send', to: this.clients[to].id, random, msgBody: body }, 'ack');
    });
    return true;
  }

  group() {
    const from = this.pickClient((c) => [...c.groups].some((g) => this.byId.get(g).free));
    if (!from) return false;
    const free = [...from.groups].filter((g) => this.byId.get(g).free).sort();
    const g = this.byId.get(this.rng.pick(free));
    const random = this.nextRandom++;
    const body = textBody(this.params.bytes, `group ${random} `);
    g.beginSend();
    this.launch(from, 'group', async () => {
      try {
        const recipients = [...g.members].filter((i) => i !== from.idx);
        this.ledger.register({
          random, kind: 'group', from: from.idx, where: g.id, recipients,
          now: this.clock(), onlineEpoch: (i) => this.clients[i].onlineEpoch(),
        });
        await this.sendAndAck(from, random, { cmd: 'groupSend', groupId: g.id, random, msgBody: body }, 'groupAck');
      } finally {
        g.endSend();
      }
    });
    return true;
  }

  async sendAndAck(from, random, frame, ackType) {
    let reply;
    try {
      reply = await from.request(frame);
    } catch (err) {
      this.ledger.fail(random, /no reply/.test(err.message) ? 'timeout' : 'closed');
      return;
    }
    if (reply.type === ackType && reply.message?.seq > 0) {
      this.ledger.ack(random);
      if (ackType === 'ack') from.inbox.see(reply.message.seq);
      else from.cursor(frame.groupId).see(reply.message.seq);
    } else {
      this.ledger.fail(random, reply.type === 'error' ? reply.code : `${reply.type} seq ${reply.message?.seq}`);
    }
  }

  churn() {
    const { maxGroupsPerClient } = this.params;
    const quittable = (x) => this.groups.filter((g) => g.free && x.groups.has(g.id) && g.owner !== x.idx);
    const joinable = (x) => (x.groups.size < maxGroupsPerClient ? this.groups.filter((g) => g.free && !x.groups.has(g.id)) : []);
    // A join or a quit, half and half, so that group sizes wander around where they started.
    let quit = this.rng.next() < 0.5;
    let c = this.pickClient((x) => (quit ? quittable(x) : joinable(x)).length > 0);
    if (!c) {
      quit = !quit;
      c = this.pickClient((x) => (quit ? quittable(x) : joinable(x)).length > 0);
    }
    if (!c) return false;
    const g = this.rng.pick(quit ? quittable(c) : joinable(c));
    g.changing = true; // taken now, so no send starts in it; beginChange waits for those in flight
    this.launch(c, quit ? 'quit' : 'join', async () => {
      try {
        await g.beginChange();
        if (quit) await this.quit(c, g);
        else await this.join(c, g);
      } finally {
        g.endChange();
      }
      // After the lock: what the joiner may read starts at its join (the sync learns where).
      if (!quit && c.groups.has(g.id)) await c.syncGroup(g.id, 'join');
    });
    return true;
  }

  async join(c, g) {
    const reply = await c.request({ cmd: 'group', op: 'apply_join_group', groupId: g.id, body: {} }).catch((err) => ({ type: 'failed', err }));
    if (reply.type === 'groupResult' && reply.result?.JoinStatus === 'Success') {
      g.members.add(c.idx);
      c.groups.add(g.id);
      return;
    }
    this.error('join refused', JSON.stringify(reply).slice(0, 300));
    await this.checkMembership(c, g);
  }

  async quit(c, g) {
    // Before leaving, hold everything sent while a member (a quitter cannot read the log after).
    await c.syncGroup(g.id, 'prequit');
    const reply = await c.request({ cmd: 'group', op: 'quit_group', groupId: g.id }).catch((err) => ({ type: 'failed', err }));
    if (reply.type === 'groupResult' || reply.type === 'done') {
      g.members.delete(c.idx);
      c.groups.delete(g.id);
      return;
    }
    this.error('quit refused', JSON.stringify(reply).slice(0, 300));
    await this.checkMembership(c, g);
  }

  /** After a join or quit failed or timed out: the user's own group list decides. */
  async checkMembership(c, g) {
    const reply = await c.request({ cmd: 'groups' });
    if (reply.type !== 'groups') throw new Error(`groups answered ${JSON.stringify(reply).slice(0, 300)}`);
    const member = reply.groups.some((row) => row.groupId === g.id);
    if (member) {
      g.members.add(c.idx);
      c.groups.add(g.id);
    } else {
      g.members.delete(c.idx);
      c.groups.delete(g.id);
    }
  }

  reconnect() {
    const c = this.pickClient();
    if (!c) return false;
    const [lo, hi] = this.params.offlineSecs;
    const offlineMs = this.rng.between(lo * 1000, hi * 1000);
    this.launch(c, 'reconnect', async () => {
      await c.disconnect();
      await sleep(offlineMs);
      await c.connect();
      await c.catchUp('reconnect');
    });
    return true;
  }

  /** The server ends the session (REST `kick`); the client logs in again with a new UserSig and catches up. */
  kick() {
    const c = this.pickClient();
    if (!c) return false;
    this.launch(c, 'kick', async () => {
      const socket = c.socket;
      c.expectClose = true;
      try {
        const body = await rest(c.url, 'im_open_login_svc/kick', { UserID: c.id });
        if (body.ErrorCode !== 0) throw new Error(`kick answered ${JSON.stringify(body).slice(0, 300)}`);
        await Promise.race([socket.closed, sleep(KICK_CLOSE_MS)]);
        if (c.online) {
          this.error('kicked socket still open', `${c.id} after ${KICK_CLOSE_MS} ms`);
          await c.disconnect();
        }
      } finally {
        c.expectClose = false;
      }
      if (!c.online) {
        await c.connect();
        await c.catchUp('reconnect');
      }
    });
    return true;
  }

  /** A socket the server closed: log in again and catch up (not a scheduled action). */
  revive(c, info) {
    this.error('socket closed by the server', `${c.id}: ${info.code} ${info.reason}`);
    const start = () => {
      if (c.busy) { setTimeout(start, 500); return; }
      this.launch(c, 'revive', async () => {
        if (c.online) return;
        await c.connect();
        await c.catchUp('reconnect');
      });
    };
    start();
  }
}
