// The platform's ceiling for group fan-out on this machine: one Durable Object holding every
// member's hibernatable WebSocket, relaying each `groupSend` to all other sockets. It speaks the
// same frames as edgechat's groups (`groupSend` → `groupAck` to the sender, `groupMsg` to the
// others) so the load generator drives both the same way, but it stores nothing, checks nothing
// (no auth, no membership, no dedupe) and keeps its seq counter only in memory.
import { DurableObject } from 'cloudflare:workers';

export class Room extends DurableObject {
  seq = 0;

  async fetch(request) {
    const url = new URL(request.url);
    const pair = new WebSocketPair();
    const [client, server] = Object.values(pair);
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ id: url.searchParams.get('identifier') ?? '' });
    server.send(JSON.stringify({ type: 'login', userID: url.searchParams.get('identifier') ?? '', maxSeq: 0 }));
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws, text) {
    let frame;
    try { frame = JSON.parse(text); } catch { return; }
    if (frame.cmd !== 'groupSend') {
      ws.send(JSON.stringify({ type: 'done', reqId: frame.reqId ?? 0 }));
      return;
    }
    const message = {
      groupId: frame.groupId, seq: ++this.seq, from: ws.deserializeAttachment()?.id ?? '',
      random: frame.random, time: Math.floor(Date.now() / 1000), msgBody: frame.msgBody,
    };
    const out = JSON.stringify({ type: 'groupMsg', message });
    for (const other of this.ctx.getWebSockets()) {
      if (other !== ws) {
        try { other.send(out); } catch { /* closing */ }
      }
    }
    ws.send(JSON.stringify({ type: 'groupAck', reqId: frame.reqId, message }));
  }

  async webSocketClose(ws, code) {
    try { ws.close(code === 1005 ? 1000 : code, 'bye'); } catch { /* already closed */ }
  }

  async webSocketError() {}
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname !== '/ws' || request.headers.get('Upgrade') !== 'websocket') {
      return new Response('edgechat bench relay: connect a WebSocket to /ws\n', { status: 404 });
    }
    return env.ROOM.get(env.ROOM.idFromName(url.searchParams.get('room') ?? 'bench')).fetch(request);
  },
};
