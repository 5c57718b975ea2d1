// edgechat as a drop-in for @tencentcloud/chat 3.6.6 (installed as a dev dependency): every method
// of its Chat instance, every EVENT and TYPES entry and its statics exist here with the same
// values, and its index.d.ts's methods are declared in ours; what is not built rejects with 7013;
// and Tencent's own quick start (its README), with only the import changed and `server` added,
// runs in Node 20 with `ws` as the global WebSocket, in Node 22 with its own, and in Chromium (no `server`: the page's
// origin) against the real worker.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import WebSocket from 'ws';
import Chat, { NOT_AVAILABLE, UNAVAILABLE } from '../../engine/npm/index.js';
import { browserSuite } from '../support/browser.mjs';
import { devWorkerSuite } from '../support/suite.mjs';
import { ROOT, SDK_APP_ID, devUserSig, uniqueID } from '../support/worker.mjs';

/** Tencent's runtime surface, read in a child process (its instance keeps timers alive). */
function tencentRuntime() {
  const script = `
    import WebSocket from 'ws'; globalThis.WebSocket = WebSocket;
    const { default: T } = await import('@tencentcloud/chat');
    const chat = T.create({ SDKAppID: 1400000000 });
    const methods = Object.keys(chat).filter((k) => typeof chat[k] === 'function');
    process.stdout.write('\\n@@' + JSON.stringify({ methods, EVENT: T.EVENT, TYPES: T.TYPES, TSignaling: T.TSignaling, statics: Object.keys(T), VERSION: T.VERSION }) + '\\n');
    process.exit(0);`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  const line = out.stdout.split('\n').find((l) => l.startsWith('@@'));
  assert.ok(line, `@tencentcloud/chat could not be loaded: ${out.stderr.slice(-500)}`);
  return JSON.parse(line.slice(2));
}

/** The method names declared in the body of `export declare class ChatSDK` / `export interface ChatSDK`. */
function declaredMethods(dts, opener) {
  const start = dts.indexOf(opener);
  assert.ok(start >= 0, `${opener} is in the declarations`);
  const body = dts.slice(start, dts.indexOf('\n}', start));
  return new Set([...body.matchAll(/^ {2}([a-zA-Z]+)\(/gm)].map((m) => m[1]));
}

const ours = Chat.create({ SDKAppID: SDK_APP_ID, server: 'http://127.0.0.1:1', WebSocket });

describe('the names of @tencentcloud/chat 3.6.6', () => {
  const tencent = tencentRuntime();

  it('every method of its Chat instance is a function here', () => {
    assert.ok(tencent.methods.length >= 148, `Tencent's instance has ${tencent.methods.length} methods`);
    const missing = tencent.methods.filter((m) => typeof ours[m] !== 'function');
    assert.deepEqual(missing, [], 'methods missing from edgechat');
  });

  it('every EVENT, TYPES and TSignaling entry exists with the same value, and the statics too', () => {
    for (const [what, theirs, mine] of [['EVENT', tencent.EVENT, Chat.EVENT], ['TYPES', tencent.TYPES, Chat.TYPES], ['TSignaling', tencent.TSignaling, Chat.TSignaling]]) {
      const wrong = Object.entries(theirs).filter(([k, v]) => mine[k] !== v).map(([k, v]) => `${k}: ${JSON.stringify(v)} ≠ ${JSON.stringify(mine[k])}`);
      assert.deepEqual(wrong, [], `${what} entries missing or different`);
    }
    assert.deepEqual(tencent.statics.filter((k) => !(k in Chat)), [], 'statics of TencentCloudChat');
    assert.equal(Chat.VERSION, tencent.VERSION);
  });

  it("its index.d.ts's ChatSDK methods are all declared in ours", async () => {
    const theirs = declaredMethods(await readFile(`${ROOT}/node_modules/@tencentcloud/chat/index.d.ts`, 'utf8'), 'export declare class ChatSDK');
    const mine = declaredMethods(await readFile(`${ROOT}/engine/npm/index.d.ts`, 'utf8'), 'export interface ChatSDK');
    assert.ok(theirs.size >= 148, `Tencent declares ${theirs.size} methods`);
    assert.deepEqual([...theirs].filter((m) => !mine.has(m)), [], 'declared by Tencent, not by edgechat');
    const runtime = new Set(tencent.methods);
    assert.deepEqual([...mine].filter((m) => typeof ours[m] !== 'function'), [], 'declared here but not defined');
    assert.ok([...theirs].every((m) => runtime.has(m)), "Tencent's declarations match its runtime");
  });

  it('what is not built rejects with 7013 naming the method, and the README lists it', async () => {
    const readme = await readFile(`${ROOT}/engine/npm/README.md`, 'utf8');
    assert.ok(Object.keys(UNAVAILABLE).length > 0);
    for (const [name, message] of Object.entries(UNAVAILABLE)) {
      await assert.rejects(ours[name]({}), (e) => e.code === NOT_AVAILABLE && e.message === message && message.startsWith(`${name}:`), name);
      assert.ok(readme.includes(`\`${name}\``), `engine/npm/README.md names ${name}`);
    }
    await assert.rejects(ours.callExperimentalAPI('isCommercialAbilityEnabled'), (e) => e.code === NOT_AVAILABLE);
    for (const create of ['createAudioMessage', 'createVideoMessage']) {
      assert.throws(() => ours[create]({ to: 'a', conversationType: 'C2C', payload: { file: null } }), (e) => e.code === NOT_AVAILABLE, create);
    }
    assert.equal(ours.getSignalingInfo({}), null);
  });

  it('Chat.create takes the server as a base or a socket URL and refuses what is neither', () => {
    for (const server of ['https://chat.example.com', 'wss://chat.example.com/ws', 'ws://127.0.0.1:8787', 'http://127.0.0.1:8787/']) {
      assert.doesNotThrow(() => Chat.create({ SDKAppID: SDK_APP_ID, server, WebSocket }), server);
    }
    for (const server of ['not a url', 'ftp://example.com']) {
      assert.throws(() => Chat.create({ SDKAppID: SDK_APP_ID, server, WebSocket }), (e) => e.code === 10004 && e.message.includes('server'), server);
    }
  });
});

describe("Tencent's quick start, with only the import changed and the server named", () => {
  const suite = devWorkerSuite();

  it('runs in Node 20 with ws as the global WebSocket: create, setLogLevel, registerPlugin, SDK_READY, login, send, receive', async () => {
    const hadGlobal = globalThis.WebSocket;
    globalThis.WebSocket = WebSocket;
    const TIMUploadPlugin = { name: 'tim-upload-plugin stand-in' };
    const [alice, bob] = [uniqueID('qsalice'), uniqueID('qsbob')];
    const logged = [];
    const realDebug = console.debug;
    console.debug = (...args) => logged.push(args.join(' '));
    try {
      // --- Tencent's README, "Getting started" and "Sending your first message" ---
      const chat = Chat.create({ SDKAppID: SDK_APP_ID, server: suite.url });
      chat.setLogLevel(0);
      chat.registerPlugin({ 'tim-upload-plugin': TIMUploadPlugin });
      const ready = new Promise((resolve) => chat.on(Chat.EVENT.SDK_READY, resolve));
      const peer = Chat.create({ SDKAppID: SDK_APP_ID, server: suite.url.replace(/^http/, 'ws') + '/ws' });
      peer.setLogLevel(4);
      const peerReady = new Promise((resolve) => peer.once(Chat.EVENT.SDK_READY, resolve));
      const received = new Promise((resolve) => peer.on(Chat.EVENT.MESSAGE_RECEIVED, (event) => resolve(event.data)));
      const imResponse = await chat.login({ userID: alice, userSig: await devUserSig(suite.url, alice) });
      assert.equal(imResponse.data.repeatLogin, false);
      await peer.login({ userID: bob, userSig: await devUserSig(suite.url, bob) });
      await Promise.all([ready, peerReady]);
      const message = chat.createTextMessage({ to: bob, conversationType: Chat.TYPES.CONV_C2C, payload: { text: 'Hello world!' } });
      const sent = await chat.sendMessage(message);
      assert.equal(sent.data.message.payload.text, 'Hello world!');
      const [got] = await received;
      assert.equal(got.payload.text, 'Hello world!');
      assert.equal(got.from, alice);
      // --- beyond the quick start: the lifecycle calls around it ---
      assert.equal(chat.getLoginUser(), alice);
      assert.ok(Math.abs(chat.getServerTime() - Date.now() / 1000) < 5, 'server time is now');
      assert.ok(logged.some((l) => l.includes('frame in')), 'level 0 logs the frames');
      const atLevel0 = logged.length;
      chat.setLogLevel(4);
      await chat.getConversationList();
      assert.equal(logged.length, atLevel0, 'level 4 logs nothing');
      chat.setLogLevel(9); // not a level: it stays at 4
      await chat.getConversationList();
      assert.equal(logged.length, atLevel0);
      // deleteConversation with a list deletes each one; a bad list loses nothing.
      await assert.rejects(chat.deleteConversation({ conversationIDList: [] }), (e) => e.code === 10004);
      assert.equal((await chat.getConversationList()).data.conversationList.length, 1);
      const deleted = await chat.deleteConversation({ conversationIDList: [`C2C${bob}`] });
      assert.deepEqual(deleted.data.conversationIDList, [`C2C${bob}`]);
      assert.equal((await chat.getConversationList()).data.conversationList.length, 0);
      const destroyed = new Promise((resolve) => chat.on(Chat.EVENT.SDK_DESTROY, (event) => resolve(event.data)));
      await chat.destroy();
      assert.deepEqual(await destroyed, { SDKAppID: SDK_APP_ID });
      await peer.destroy();
    } finally {
      console.debug = realDebug;
      globalThis.WebSocket = hadGlobal;
    }
  });

  it("runs in Node 22 with its own global WebSocket (scripts/setup.sh installs it in .cache/node22)", { timeout: 120_000 }, async () => {
    const node22 = `${ROOT}/.cache/node22/node_modules/node-${process.platform}-${process.arch}/bin/node`;
    assert.ok(existsSync(node22), `${node22} is missing: run bash scripts/setup.sh`);
    const [alice, bob] = [uniqueID('n22alice'), uniqueID('n22bob')];
    const env = {
      ...process.env, SERVER: suite.url, SDKAPPID: String(SDK_APP_ID), ALICE: alice, BOB: bob,
      SIG_ALICE: await devUserSig(suite.url, alice), SIG_BOB: await devUserSig(suite.url, bob),
    };
    const { stdout } = await promisify(execFile)(node22, [`${ROOT}/tests/support/quickstart.mjs`], { env, timeout: 90_000 })
      .catch((e) => ({ stdout: e.stdout ?? '', stderr: e.stderr }));
    const line = stdout.split('\n').find((l) => l.startsWith('@@'));
    assert.ok(line, `no result from Node 22: ${stdout.slice(-800)}`);
    const result = JSON.parse(line.slice(2));
    assert.match(result.node ?? '', /^v22\./, JSON.stringify(result));
    assert.deepEqual({ ...result, node: 'v22' }, { node: 'v22', nativeWebSocket: true, repeatLogin: false, text: 'Hello world!', from: alice });
  });
});

describe("Tencent's quick start in Chromium", () => {
  const suite = browserSuite();

  it('runs in a page of the worker with no server named (the page origin)', { timeout: 180_000 }, async () => {
    const [alice, bob] = [uniqueID('cralice'), uniqueID('crbob')];
    const url = suite.worker.url;
    const sigs = { alice: await devUserSig(url, alice), bob: await devUserSig(url, bob) };
    const p = await suite.page();
    await p.goto(`${url}/`);
    const result = await p.evaluate(async ({ SDKAppID, alice: a, bob: b, sigs: s }) => {
      const { default: TencentCloudChat } = await import('/edgechat/index.js');
      const make = () => {
        const chat = TencentCloudChat.create({ SDKAppID });
        chat.setLogLevel(1);
        chat.registerPlugin({ 'tim-upload-plugin': function TIMUploadPlugin() {} });
        return chat;
      };
      const chat = make();
      const peer = make();
      const ready = (c) => new Promise((resolve) => c.on(TencentCloudChat.EVENT.SDK_READY, resolve));
      const received = new Promise((resolve) => peer.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, (event) => resolve(event.data)));
      const readies = [ready(chat), ready(peer)];
      const login = await chat.login({ userID: a, userSig: s.alice });
      await peer.login({ userID: b, userSig: s.bob });
      await Promise.all(readies);
      const message = chat.createTextMessage({ to: b, conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { text: 'Hello from Chromium' } });
      await chat.sendMessage(message);
      const [got] = await received;
      const out = { repeatLogin: login.data.repeatLogin, text: got.payload.text, from: got.from, user: chat.getLoginUser() };
      await chat.destroy();
      await peer.destroy();
      return out;
    }, { SDKAppID: SDK_APP_ID, alice, bob, sigs });
    assert.deepEqual(result, { repeatLogin: false, text: 'Hello from Chromium', from: alice, user: alice });
  });
});
