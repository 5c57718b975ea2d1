// Test support: the engine package in Node against the real worker, with an event queue so a
// test can await the next event of a kind (already emitted or still to come), and raw socket
// access for tests that cut the connection.
import WebSocket from 'ws';
import Chat from '../../engine/npm/index.js';
import { SDK_APP_ID, devUserSig } from './worker.mjs';

export { Chat };

/** For `assert.rejects`: the error carries Tencent's `code` and a message saying what was wrong. */
export const withCode = (code) => (e) => e.code === code && typeof e.message === 'string' && e.message.length > 0;

/** A WebSocket class that remembers its instances, so a test can kill one mid-stream. */
export function trackingWebSocket() {
  const sockets = [];
  class Tracked extends WebSocket {
    constructor(...args) {
      super(...args);
      sockets.push(this);
    }
  }
  return { Tracked, sockets };
}

/**
 * Logs `userID` in through the engine; resolves with `{ chat, next, events, sockets }`.
 * `next(name, test?)` resolves with the data of the first matching event not yet taken.
 */
export async function engineFor(url, userID, { WebSocketClass } = {}) {
  const tracking = trackingWebSocket();
  const chat = Chat.create({ SDKAppID: SDK_APP_ID, server: url, WebSocket: WebSocketClass ?? tracking.Tracked });
  const events = [];
  const waiters = [];
  for (const name of Object.values(Chat.EVENT)) {
    chat.on(name, (event) => {
      const i = waiters.findIndex((w) => w.name === name && w.test(event.data));
      if (i >= 0) waiters.splice(i, 1)[0].resolve(event.data);
      else events.push(event);
    });
  }
  const next = (name, test = () => true) => {
    const i = events.findIndex((e) => e.name === name && test(e.data));
    if (i >= 0) return Promise.resolve(events.splice(i, 1)[0].data);
    return new Promise((resolve) => waiters.push({ name, test, resolve }));
  };
  await chat.login({ userID, userSig: await devUserSig(url, userID) });
  return { chat, next, events, sockets: tracking.sockets };
}
