// One soak user: its socket (bench/lib/clients.mjs `Client`, which keeps no frames, unlike the
// tests' RawSocket), what it holds of its inbox and of each of its groups (SeqCursor), and the
// catch-up it runs after a reconnect, before a quit and at the end.
import { socketURL } from '../../tests/support/rawsocket.mjs';
import { adminSig } from '../../tests/support/rest.mjs';
import { Client } from '../lib/clients.mjs';
import { sleep } from '../lib/stats.mjs';
import { SeqCursor } from './cursor.mjs';

const SYNC_TIMEOUT_MS = 120_000;
const CONNECT_ATTEMPTS = 5;
const SYSTEM = '@TIM#SYSTEM';

export class SoakClient {
  /**
   * @param {{ idx: number, id: string, url: string, ledger: import('./ledger.mjs').Ledger,
   *   clock: () => number, events: { closed: (c: SoakClient, info: any) => void } }} options
   */
  constructor({ idx, id, url, ledger, clock, events }) {
    Object.assign(this, { idx, id, url, ledger, clock, events });
    this.socket = null;
    this.online = false;
    this.busy = false;        // an action of this client is running
    this.epoch = -1;          // connection number; -1 before the first
    this.epochEnds = [];      // clock time each connection ended
    this.inbox = new SeqCursor();
    this.groupCursors = new Map(); // groupId → SeqCursor
    this.groups = new Set();  // groupIds this user is a member of (the ledger's truth)
    this.kicked = 0;
    this.expectClose = false; // a kick this client asked for: its close is not news
  }

  /**
   * Opens the socket and logs in, a few attempts apart; resolves with the login frame. Each login
   * brings a UserSig signed now: a REST kick ends the UserSigs signed before it.
   */
  async connect() {
    let lastError;
    for (let attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
      const url = socketURL(this.url, this.id, adminSig(this.id));
      const socket = new Client(url, { id: this.id, onFrame: (f) => this.onFrame(socket, f) });
      try {
        const login = await socket.ready;
        this.socket = socket;
        this.epoch += 1;
        this.online = true;
        const epoch = this.epoch;
        socket.closed.then((info) => {
          if (this.epoch !== epoch || !this.online) return; // closed by us (see `disconnect`)
          this.online = false;
          this.epochEnds[epoch] = this.clock();
          if (!this.expectClose) this.events.closed(this, info);
        });
        return login;
      } catch (err) {
        lastError = err;
        await socket.close().catch(() => {});
        await sleep(1000 * attempt);
      }
    }
    throw lastError;
  }

  async disconnect() {
    if (!this.socket) return;
    const socket = this.socket;
    this.online = false;
    this.epochEnds[this.epoch] = this.clock();
    this.socket = null;
    await socket.close();
  }

  /** When connection `e` ended (Infinity while it is open). */
  epochEnd(e) {
    return this.epochEnds[e] ?? Infinity;
  }

  onlineEpoch() {
    return this.online ? this.epoch : -1;
  }

  cursor(groupId) {
    let c = this.groupCursors.get(groupId);
    if (!c) {
      c = new SeqCursor();
      this.groupCursors.set(groupId, c);
    }
    return c;
  }

  onFrame(socket, frame) {
    if (socket !== this.socket) return; // a late frame of a closed connection
    switch (frame.type) {
      case 'msg':
        this.takeMessage(frame.message, 'live');
        break;
      case 'groupMsg':
        this.takeGroupMessage(frame.message, 'live');
        break;
      case 'kicked':
        this.kicked += 1;
        break;
      default:
    }
  }

  takeMessage(message, channel) {
    this.inbox.see(message.seq);
    if (message.from !== this.id) {
      this.ledger.deliver(message.random, this.idx, message.seq, channel, this.epoch);
    }
  }

  takeGroupMessage(message, channel) {
    if (!message.seq) return; // online-only notices are never stored
    // A push of a group this user has left (the quit raced the push): nothing to hold.
    if (channel === 'live' && !this.groups.has(message.groupId)) {
      if (message.from !== SYSTEM && message.from !== this.id) {
        this.ledger.deliver(message.random, this.idx, message.seq, channel, this.epoch);
      }
      return;
    }
    this.cursor(message.groupId).see(message.seq);
    if (message.from !== SYSTEM && message.from !== this.id) {
      this.ledger.deliver(message.random, this.idx, message.seq, channel, this.epoch);
    }
  }

  async request(frame, options) {
    if (!this.socket) throw new Error(`${this.id} is offline`);
    return this.socket.request(frame, options);
  }

  /** Pulls the inbox from what this client holds to the server's newest SEQ. */
  async syncInbox(channel) {
    for (;;) {
      const page = await this.request({ cmd: 'sync', since: this.inbox.at }, { timeout: SYNC_TIMEOUT_MS });
      if (page.type !== 'sync') throw new Error(`${this.id}: sync answered ${JSON.stringify(page).slice(0, 300)}`);
      for (const message of page.messages) this.takeMessage(message, channel);
      if (page.complete) return;
      if (!page.messages.length) throw new Error(`${this.id}: an incomplete sync page with no messages`);
      const last = page.messages[page.messages.length - 1].seq;
      this.inbox.jump(last); // a page is gap-free (deleted messages stay as tombstones)
    }
  }

  /** Pulls one group's log from what this client holds (or its first readable SEQ) to the newest. */
  async syncGroup(groupId, channel) {
    const cursor = this.cursor(groupId);
    for (;;) {
      const page = await this.request({ cmd: 'groupSync', groupId, since: cursor.at }, { timeout: SYNC_TIMEOUT_MS });
      if (page.type !== 'groupSync') throw new Error(`${this.id}: groupSync ${groupId} answered ${JSON.stringify(page).slice(0, 300)}`);
      if (page.minSeq > 0) cursor.jump(page.minSeq - 1);
      for (const message of page.messages) this.takeGroupMessage(message, channel);
      if (page.messages.length) cursor.jump(page.messages[page.messages.length - 1].seq);
      if (page.complete) return;
      if (!page.messages.length) throw new Error(`${this.id}: an incomplete groupSync page of ${groupId} with no messages`);
    }
  }

  /** The inbox and every group of this user. */
  async catchUp(channel) {
    await Promise.all([this.syncInbox(channel), ...[...this.groups].map((g) => this.syncGroup(g, channel))]);
  }
}
