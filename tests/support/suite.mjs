// Test support: one dev worker per `describe` (or file), with raw-socket logins closed after each test.
import { after, afterEach, before } from 'node:test';
import { login } from './rawsocket.mjs';
import { devUserSig, startWorker } from './worker.mjs';

/**
 * Starts a dev worker (`startWorker(options)`) before the tests of the enclosing `describe` (or file) and stops it
 * after them. `url` and `worker` are set once the hooks ran. `online(userID, options)` logs a user in over the raw
 * socket (the dev worker imports on login) and resolves with the socket; `track(socket)` adopts one opened otherwise.
 * Tracked sockets are closed after each test.
 */
export function devWorkerSuite(options = {}) {
  const suite = { worker: null, url: null, sockets: [] };
  before(async () => {
    suite.worker = await startWorker(options);
    suite.url = suite.worker.url;
  });
  after(async () => {
    await suite.worker?.stop();
  });
  afterEach(async () => {
    await Promise.all(suite.sockets.splice(0).map((socket) => socket.close()));
  });
  suite.track = (socket) => {
    suite.sockets.push(socket);
    return socket;
  };
  suite.online = async (userID, loginOptions) => {
    const { socket } = await login(suite.url, userID, await devUserSig(suite.url, userID), loginOptions);
    return suite.track(socket);
  };
  return suite;
}
