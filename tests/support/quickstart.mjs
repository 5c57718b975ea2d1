// Tencent's quick start (its README's "Getting started" and "Sending your first message") with
// only the import changed and the server named, as a script for another Node (the drop-in test
// runs it on Node 22, whose own global WebSocket the engine uses). Reads SERVER, SDKAPPID,
// ALICE, BOB, SIG_ALICE, SIG_BOB from the environment; prints one JSON line and exits.
import TencentCloudChat from '../../engine/npm/index.js';

const env = process.env;
const SDKAppID = Number(env.SDKAPPID);
const chat = TencentCloudChat.create({ SDKAppID, server: env.SERVER });
chat.setLogLevel(0);
chat.registerPlugin({ 'tim-upload-plugin': function TIMUploadPlugin() {} });
const peer = TencentCloudChat.create({ SDKAppID, server: env.SERVER });
peer.setLogLevel(4);
const ready = (c) => new Promise((resolve) => c.on(TencentCloudChat.EVENT.SDK_READY, resolve));
const readies = [ready(chat), ready(peer)];
const received = new Promise((resolve) => peer.on(TencentCloudChat.EVENT.MESSAGE_RECEIVED, (event) => resolve(event.data)));
try {
  const login = await chat.login({ userID: env.ALICE, userSig: env.SIG_ALICE });
  await peer.login({ userID: env.BOB, userSig: env.SIG_BOB });
  await Promise.all(readies);
  const message = chat.createTextMessage({ to: env.BOB, conversationType: TencentCloudChat.TYPES.CONV_C2C, payload: { text: 'Hello world!' } });
  await chat.sendMessage(message);
  const [got] = await received;
  const result = { node: process.version, nativeWebSocket: typeof WebSocket === 'function', repeatLogin: login.data.repeatLogin, text: got.payload.text, from: got.from };
  await chat.destroy();
  await peer.destroy();
  process.stdout.write(`\n@@${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (e) {
  process.stdout.write(`\n@@${JSON.stringify({ error: e?.message ?? String(e), code: e?.code })}\n`);
  process.exit(1);
}
