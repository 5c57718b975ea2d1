// E2E tests of the Tencent-compatible REST API for one-to-one messages, against the real worker (wrangler dev):
// sendmsg, batchsendmsg, importmsg, admin_getroammsg, admin_msgwithdraw, admin_set_msg_read and
// get_c2c_unread_msg_num, checked both in their REST replies and in what logged-in raw sockets receive and sync.
// Shapes and codes follow Tencent's pages; see tests/support/TENCENT_REST_NOTES.md §8–§18.
//
// Where Tencent is silent these tests choose (each choice is also in the notes):
// - MsgKey is "{MsgSeq}_{MsgRandom}_{time}" — the form of every consistent example on Tencent's pages — so a sendmsg
//   with MsgSeq S and MsgRandom R answers MsgKey "S_R_<MsgTime>", and admin_getroammsg items satisfy
//   MsgKey === `${MsgSeq}_${MsgRandom}_${MsgTimeStamp}`.
// - The 12 KB limit counts the compact JSON of MsgBody plus the bytes of CloudCustomData; over it REST answers 93000
//   (the C2C REST code "JSON 数据包超长，消息包体请不要超过12k"; the socket keeps 80002).
// - Every refused element rule (unknown MsgType, a second TIMCustomElem, ImageFormat outside 1/2/3/4/255, a
//   TIMRelayElem of more than 300 messages) answers 90002 "MsgBody 不符合消息格式描述"; Tencent names no finer code.
// - A merged forward of 300 messages cannot fit inline in 12 KB, so the 300/301 cases use the JsonMsgKey form and the
//   count is MsgNum.
// - batchsendmsg with some bad receivers answers ActionStatus "OK" / ErrorCode 0 with ErrorList [{To_Account,
//   ErrorCode: 70107}] (70107 = 账号不存在, the page's example); an invalid UserID counts as an account that does not exist.
// - A repeated sendmsg (same From, To, MsgSeq, MsgRandom and body within 120 s) is stored once and answered with the
//   stored MsgKey.
// - admin_getroammsg pages walk from the newest messages back (continue with MaxTime = LastMsgTime and LastMsgKey);
//   each page's MsgList is in ascending time order and LastMsgTime/LastMsgKey name its oldest message (MsgList[0]),
//   as Tencent's example shows; same-second messages keep their store order; MinTime and MaxTime are inclusive.
// - get_c2c_unread_msg_num with Peer_Account lists C2CUnreadMsgNumList in request order; a never-imported peer is in
//   ErrorList with 70107. admin_set_msg_read's MsgReadTime marks read every message with time <= MsgReadTime.
// - "Nothing was pushed" is checked with a fence: an online-only admin message (MsgLifeTime 0) sent to the same user
//   afterwards; once it arrives, any push of the earlier action would have arrived before it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { randomU32, textBody } from '../support/rawsocket.mjs';
import { ADMIN, assertFail, assertOk, rest, show } from '../support/rest.mjs';
import { uniqueID } from '../support/worker.mjs';
import { devWorkerSuite } from '../support/suite.mjs';

const SENDMSG = 'openim/sendmsg';
const BATCHSEND = 'openim/batchsendmsg';
const IMPORTMSG = 'openim/importmsg';
const GETROAM = 'openim/admin_getroammsg';
const WITHDRAW = 'openim/admin_msgwithdraw';
const SET_READ = 'openim/admin_set_msg_read';
const UNREAD = 'openim/get_c2c_unread_msg_num';
const MULTI_IMPORT = 'im_open_login_svc/multiaccount_import';

/** Tencent's codes for the cases tested here (TENCENT_REST_NOTES.md §16 and §17). */
const CODE = {
  BAD_MSG_BODY: 90002, // MsgBody 不符合消息格式描述
  NO_TO_ACCOUNT: 90003, // 缺少 To_Account 字段或者 To_Account 账号不存在
  NO_MSG_RANDOM: 90005, // 缺少 MsgRandom 字段或者 MsgRandom 字段不是 Integer 类型
  NO_MSG_TIMESTAMP: 90006, // 缺少 MsgTimeStamp 字段或者 MsgTimeStamp 字段不是 Integer 类型
  BODY_NOT_ARRAY: 90007, // MsgBody 类型不是 Array 类型
  BAD_FROM_ACCOUNT: 90008, // 缺少 From_Account 字段或者 From_Account 账号不存在
  TOO_MANY_TO_ACCOUNT: 90011, // 批量发消息目标账号超过500
  NO_SYNC_FROM_OLD_SYSTEM: 90030, // importmsg: SyncFromOldSystem missing or not an Integer
  BAD_MSG_KEY: 90054, // 撤回请求中的 MsgKey 不合法
  BODY_TOO_LONG: 93000, // JSON 数据包超长，消息包体请不要超过12k
  RECALL_NOT_FOUND: 20022, // 请求撤回的消息不存在
  ALREADY_RECALLED: 20023, // 消息已经被撤回
  NOT_IMPORTED: 70107, // 账号不存在
};

const MAX_BODY_BYTES = 12 * 1024;
const MSG_FLAG_RECALLED = 8;
/** The REST replies that carry nothing but the envelope. */
const OK_ENVELOPE = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };

function nowSecs() {
  return Math.floor(Date.now() / 1000);
}

/** `n` distinct fresh UserIDs. */
function newIDs(prefix, n) {
  const ids = new Set();
  while (ids.size < n) ids.add(uniqueID(prefix));
  return [...ids];
}

/** The Text of a message's first element (messages here are text unless said otherwise). */
function textOf(message) {
  return message?.msgBody?.[0]?.MsgContent?.Text;
}

/** The size the 12 KB limit counts: compact MsgBody JSON plus CloudCustomData. */
function countedBytes(msgBody, cloudCustomData = '') {
  return Buffer.byteLength(JSON.stringify(msgBody)) + Buffer.byteLength(cloudCustomData);
}

/** A one-element text MsgBody whose counted size (with `cloudCustomData`) is exactly `total` bytes. */
function textBodyOfSize(total, cloudCustomData = '') {
  const overhead = countedBytes(textBody(''), cloudCustomData);
  const body = textBody('a'.repeat(total - overhead));
  assert.equal(countedBytes(body, cloudCustomData), total);
  return body;
}

/** A TIMRelayElem in the JsonMsgKey form (the list is stored elsewhere) forwarding `count` messages. */
function relayByKey(count) {
  return {
    MsgType: 'TIMRelayElem',
    MsgContent: {
      Title: '聊天记录',
      MsgNum: count,
      CompatibleText: '该SDK版本不支持合并转发消息，请升级到新版本。',
      AbstractList: ['A:一', 'B:二'],
      JsonMsgKey: `relay_${count}_${randomU32()}`,
    },
  };
}

/** One message holding every element type, each valid per Tencent's 消息格式描述 (notes §8), in this order. */
function everyElementBody(a, b) {
  return [
    { MsgType: 'TIMTextElem', MsgContent: { Text: 'hello world' } },
    {
      MsgType: 'TIMLocationElem',
      MsgContent: { Desc: 'someinfo', Latitude: 29.340656774469956, Longitude: 116.77497920478824 },
    },
    { MsgType: 'TIMFaceElem', MsgContent: { Index: 1, Data: 'content' } },
    {
      MsgType: 'TIMCustomElem',
      MsgContent: { Data: 'message', Desc: 'notification', Ext: 'url', Sound: 'dingdong.aiff' },
    },
    {
      MsgType: 'TIMSoundElem',
      MsgContent: {
        Url: 'https://example.com/sound/abc.m4a',
        UUID: '1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F',
        Size: 62351,
        Second: 1,
        Download_Flag: 2,
      },
    },
    {
      MsgType: 'TIMImageElem',
      MsgContent: {
        UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
        ImageFormat: 1,
        ImageInfoArray: [
          { Type: 1, Size: 1853095, Width: 2448, Height: 3264, URL: 'https://example.com/img/original.jpg' },
          { Type: 2, Size: 2565240, Width: 0, Height: 0, URL: 'https://example.com/img/large.jpg' },
          { Type: 3, Size: 12535, Width: 0, Height: 0, URL: 'https://example.com/img/thumb.jpg' },
        ],
      },
    },
    {
      MsgType: 'TIMFileElem',
      MsgContent: {
        Url: 'https://example.com/file/abc.pdf',
        UUID: '1053D4B3D61040894AC3DE44CDF28B3EC7EB7C0F',
        FileSize: 1773552,
        FileName: 'report.pdf',
        Download_Flag: 2,
      },
    },
    {
      MsgType: 'TIMVideoFileElem',
      MsgContent: {
        VideoUrl: 'https://example.com/video/abc.mp4',
        VideoUUID: '5da38ba89d6521011e1f6f3fd6692e35',
        VideoSize: 1194603,
        VideoSecond: 5,
        VideoFormat: 'mp4',
        VideoDownloadFlag: 2,
        ThumbUrl: 'https://example.com/video/abc.jpg',
        ThumbUUID: '6edaffedef5150684510cf97957b7bc8',
        ThumbSize: 13907,
        ThumbWidth: 720,
        ThumbHeight: 1280,
        ThumbFormat: 'JPG',
        ThumbDownloadFlag: 2,
      },
    },
    {
      MsgType: 'TIMRelayElem',
      MsgContent: {
        Title: '聊天记录',
        MsgNum: 2,
        CompatibleText: '该SDK版本不支持合并转发消息，请升级到新版本。',
        AbstractList: [`${a}:在吗？`, `${b}:在`],
        MsgList: [
          {
            From_Account: a,
            To_Account: b,
            MsgSeq: 85,
            MsgRandom: 3998651049,
            MsgTimeStamp: 1664437702,
            MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '在吗？' } }],
            CloudCustomData: '',
          },
          {
            From_Account: b,
            To_Account: a,
            MsgSeq: 86,
            MsgRandom: 965790,
            MsgTimeStamp: 1664437703,
            MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '在' } }],
            CloudCustomData: '',
          },
        ],
      },
    },
  ];
}

const OFFLINE_PUSH_INFO = {
  PushFlag: 0,
  Title: '这是推送标题',
  Desc: '这是离线推送内容',
  Ext: '{"entity":"这是透传的内容"}',
  AndroidInfo: { Sound: 'android.mp3', OPPOChannelID: 'test_OPPO_channel_id', VIVOClassification: 1 },
  ApnsInfo: {
    Sound: 'apns.mp3',
    BadgeMode: 1,
    Title: 'apns title',
    SubTitle: 'apns subtitle',
    Image: 'www.image.com',
    MutableContent: 1,
  },
};

describe('REST one-to-one messages on the default dev worker', () => {
  const suite = devWorkerSuite();
  let url;

  before(() => {
    url = suite.url;
  });

  const { online } = suite;

  /** Imports accounts that only appear as From_Account / Operator_Account, so they exist without logging in. */
  async function imported(...ids) {
    const body = await rest(url, MULTI_IMPORT, { AccountList: ids.map((UserID) => ({ UserID })) });
    assertOk(body, 'multiaccount_import');
    assert.deepEqual(body.FailAccounts ?? [], [], show(body));
    return ids;
  }

  /** sendmsg with a fresh MsgRandom unless the request has one. */
  function sendmsg(request) {
    return rest(url, SENDMSG, { MsgRandom: randomU32(), ...request });
  }

  /** sendmsg that must succeed; resolves with the reply. */
  async function sendOk(request, what = 'sendmsg') {
    const body = await sendmsg(request);
    assertOk(body, what);
    return body;
  }

  /** Syncs from `since` until `complete`; resolves with all messages. */
  async function syncAll(socket, since = 0) {
    const messages = [];
    for (;;) {
      const reply = await socket.request({ cmd: 'sync', since });
      assert.equal(reply.type, 'sync', `expected a sync reply, got ${show(reply)}`);
      messages.push(...reply.messages);
      if (reply.complete) return messages;
      assert.ok(reply.messages.length > 0, 'an incomplete sync reply makes progress');
      since = reply.messages.at(-1).seq;
    }
  }

  /** The msgKeys of a synced inbox, in seq order (what "the inbox is unchanged" compares). */
  async function inboxKeys(socket) {
    return (await syncAll(socket)).map((m) => [m.seq, m.msgKey]);
  }

  /**
   * Waits until an online-only admin message sent to `userID` after the action reaches `socket`; pushes of the
   * earlier action to that socket would have arrived before it. Online-only, so no inbox or unread count changes.
   */
  async function fence(userID, socket) {
    const text = `fence ${randomU32()}`;
    await sendOk({ SyncOtherMachine: 2, To_Account: userID, MsgLifeTime: 0, MsgBody: textBody(text) }, 'the fence');
    await socket.next((f) => f.type === 'msg' && textOf(f.message) === text, { what: `the fence "${text}"` });
  }

  /** `msg` frames buffered on `socket` whose message matches `predicate`. */
  function pushed(socket, predicate) {
    return socket.buffered('msg').filter((f) => predicate(f.message));
  }

  /** get_c2c_unread_msg_num; asserts the envelope. */
  async function unread(toAccount, peers) {
    const request = { To_Account: toAccount };
    if (peers) request.Peer_Account = peers;
    const body = await rest(url, UNREAD, request);
    assertOk(body, 'get_c2c_unread_msg_num');
    return body;
  }

  async function totalUnread(toAccount) {
    const body = await unread(toAccount);
    assert.equal(typeof body.AllC2CUnreadMsgNum, 'number', show(body));
    return body.AllC2CUnreadMsgNum;
  }

  /** admin_getroammsg; asserts the envelope and the page's own consistency. */
  async function roam(request) {
    const body = await rest(url, GETROAM, request);
    assertOk(body, 'admin_getroammsg');
    assert.ok([0, 1].includes(body.Complete), `Complete is 0 or 1: ${show(body)}`);
    assert.ok(Array.isArray(body.MsgList), `MsgList is an array: ${show(body)}`);
    assert.equal(body.MsgCnt, body.MsgList.length, 'MsgCnt counts MsgList');
    for (const m of body.MsgList) {
      assert.equal(m.MsgKey, `${m.MsgSeq}_${m.MsgRandom}_${m.MsgTimeStamp}`, `MsgKey form: ${show(m)}`);
      assert.ok([0, MSG_FLAG_RECALLED].includes(m.MsgFlagBits), `MsgFlagBits: ${show(m)}`);
      assert.ok([0, 1].includes(m.IsPeerRead), `IsPeerRead: ${show(m)}`);
      assert.ok(Array.isArray(m.MsgBody), `MsgBody: ${show(m)}`);
      assert.equal(typeof m.CloudCustomData, 'string', `CloudCustomData: ${show(m)}`);
    }
    for (let i = 1; i < body.MsgList.length; i += 1) {
      assert.ok(body.MsgList[i].MsgTimeStamp >= body.MsgList[i - 1].MsgTimeStamp, 'a page is in ascending time');
    }
    if (body.MsgList.length > 0) {
      assert.equal(body.LastMsgKey, body.MsgList[0].MsgKey, 'LastMsgKey names the oldest message of the page');
      assert.equal(body.LastMsgTime, body.MsgList[0].MsgTimeStamp, 'LastMsgTime is its time');
    }
    return body;
  }

  /** Every page of a conversation's history, newest page first, continuing with MaxTime = LastMsgTime + LastMsgKey. */
  async function roamAll(request, maxPages = 50) {
    const pages = [];
    let next = { ...request };
    for (let i = 0; i < maxPages; i += 1) {
      const page = await roam(next);
      pages.push(page);
      if (page.Complete === 1) return pages;
      assert.ok(page.MsgList.length > 0, 'an incomplete page makes progress');
      next = { ...request, MaxTime: page.LastMsgTime, LastMsgKey: page.LastMsgKey };
    }
    return assert.fail(`admin_getroammsg did not complete within ${maxPages} pages`);
  }

  describe('sendmsg', () => {
    test('admin sends as From_Account A to B: MsgTime/MsgKey reply; B gets the message exactly as sent', async () => {
      const [a, b] = newIDs('snd', 2);
      await imported(a);
      const bSocket = await online(b);
      const msgBody = [
        { MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } },
        { MsgType: 'TIMFaceElem', MsgContent: { Index: 1, Data: 'content' } },
        { MsgType: 'TIMTextElem', MsgContent: { Text: 'world' } },
      ];
      const request = {
        SyncOtherMachine: 2,
        From_Account: a,
        To_Account: b,
        MsgSeq: 93847636,
        MsgRandom: randomU32(),
        ForbidCallbackControl: ['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback'],
        MsgBody: msgBody,
        CloudCustomData: 'your cloud custom data',
        SupportMessageExtension: 0,
        OfflinePushInfo: OFFLINE_PUSH_INFO,
        IsNeedReadReceipt: 1,
      };
      const before = nowSecs();
      const body = await sendOk(request);
      assert.deepEqual(Object.keys(body).sort(), ['ActionStatus', 'ErrorCode', 'ErrorInfo', 'MsgKey', 'MsgTime'],
        `the reply is the envelope plus MsgTime and MsgKey: ${show(body)}`);
      assert.ok(Number.isInteger(body.MsgTime) && body.MsgTime >= before - 1 && body.MsgTime <= nowSecs() + 1,
        `MsgTime is the server's unix seconds: ${show(body)}`);
      assert.equal(body.MsgKey, `${request.MsgSeq}_${request.MsgRandom}_${body.MsgTime}`, 'MsgKey is MsgSeq_MsgRandom_MsgTime');

      const { message } = await bSocket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey,
        { what: 'the msg push with the MsgKey of the reply' });
      assert.equal(message.from, a);
      assert.equal(message.to, b);
      assert.equal(message.random, request.MsgRandom);
      assert.equal(message.time, body.MsgTime);
      assert.ok(message.seq > 0, `a stored message has a seq: ${show(message)}`);
      assert.deepEqual(message.msgBody, msgBody, 'MsgBody exactly as sent, element order kept');
      assert.equal(message.cloudCustomData, request.CloudCustomData);
      assert.deepEqual(message.offlinePushInfo, OFFLINE_PUSH_INFO, 'OfflinePushInfo exactly as sent');

      const stored = (await syncAll(bSocket)).find((m) => m.msgKey === body.MsgKey);
      assert.deepEqual(stored, message, "B's stored copy equals the pushed one");
    });

    test('without From_Account the message is a system message from the admin account', async () => {
      const b = uniqueID('sys');
      const bSocket = await online(b);
      const body = await sendOk({ SyncOtherMachine: 2, To_Account: b, MsgBody: textBody('系统通知') });
      const { message } = await bSocket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey,
        { what: 'the system message' });
      assert.equal(message.from, ADMIN);
      assert.equal(message.to, b);
      assert.deepEqual(message.msgBody, textBody('系统通知'));
    });

    test('SyncOtherMachine 1 also delivers to the sender: A’s socket gets the msg and A’s inbox has it', async () => {
      const [a, b] = newIDs('sync1', 2);
      const aSocket = await online(a);
      const bSocket = await online(b);
      const body = await sendOk({ SyncOtherMachine: 1, From_Account: a, To_Account: b, MsgBody: textBody('to both') });
      for (const [who, socket] of [['A', aSocket], ['B', bSocket]]) {
        const { message } = await socket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey,
          { what: `the msg on ${who}'s socket` });
        assert.equal(message.from, a, who);
        assert.equal(message.to, b, who);
      }
      const aCopy = (await syncAll(aSocket)).filter((m) => m.msgKey === body.MsgKey);
      assert.equal(aCopy.length, 1, "A's inbox holds the message once");
      assert.equal(aCopy[0].from, a);
    });

    test('SyncOtherMachine 2: A’s socket gets nothing and A’s inbox does not hold it; B has it', async () => {
      const [a, b] = newIDs('sync2', 2);
      const aSocket = await online(a);
      const bSocket = await online(b);
      const body = await sendOk({ SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgBody: textBody('not synced') });
      await bSocket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey, { what: "B's msg" });

      await fence(a, aSocket);
      assert.deepEqual(pushed(aSocket, (m) => m.msgKey === body.MsgKey), [], 'A got no push');
      assert.deepEqual((await syncAll(aSocket)).filter((m) => m.msgKey === body.MsgKey), [], "A's inbox lacks it");
      assert.equal((await syncAll(bSocket)).filter((m) => m.msgKey === body.MsgKey).length, 1, "B's inbox has it");
    });

    test('MsgLifeTime 0 is online-only: B gets it with seq 0, it is not stored and not counted unread', async () => {
      const [a, b] = newIDs('life0', 2);
      await imported(a);
      const bSocket = await online(b);
      const body = await sendOk({
        SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgLifeTime: 0, MsgBody: textBody('typing…'),
      });
      const { message } = await bSocket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey,
        { what: 'the online-only msg' });
      assert.equal(message.seq, 0, 'an online-only message has no inbox position');
      assert.equal(message.from, a);
      assert.deepEqual(message.msgBody, textBody('typing…'));

      assert.deepEqual((await syncAll(bSocket)).filter((m) => m.msgKey === body.MsgKey), [], 'never stored');
      const perPeer = await unread(b, [a]);
      assert.deepEqual(perPeer.C2CUnreadMsgNumList, [{ Peer_Account: a, C2CUnreadMsgNum: 0 }]);
    });

    test('the same MsgSeq, MsgRandom and body twice within 120 s is stored once', async () => {
      const [a, b] = newIDs('dup', 2);
      await imported(a);
      const bSocket = await online(b);
      const request = {
        SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgSeq: 4242, MsgRandom: randomU32(), MsgBody: textBody('once'),
      };
      const first = await sendOk(request, 'the first send');
      const second = await sendOk(request, 'the retry');
      assert.equal(second.MsgKey, first.MsgKey, 'the retry is answered with the stored MsgKey');
      const copies = (await syncAll(bSocket)).filter((m) => m.random === request.MsgRandom);
      assert.equal(copies.length, 1, `B has one copy: ${show(copies)}`);
    });

    test('SendMsgControl NoUnread stores without counting; NoLastMsg leaves the conversation’s last message', async () => {
      const [a, b] = newIDs('ctl', 2);
      await imported(a);
      const bSocket = await online(b);
      const counted = await sendOk({ SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgBody: textBody('counted') });
      await sendOk({
        SyncOtherMachine: 2, From_Account: a, To_Account: b, SendMsgControl: ['NoUnread'], MsgBody: textBody('quiet'),
      });
      assert.equal(await totalUnread(b), 1, 'the NoUnread message is not counted');
      assert.deepEqual((await syncAll(bSocket)).map(textOf), ['counted', 'quiet'], 'both are stored');

      await sendOk({
        SyncOtherMachine: 2, From_Account: a, To_Account: b, SendMsgControl: ['NoLastMsg'], MsgBody: textBody('hidden'),
      });
      const reply = await bSocket.request({ cmd: 'conversations' });
      assert.equal(reply.type, 'conversations', show(reply));
      const conv = reply.conversations.find((c) => c.peer === a);
      assert.ok(conv, `B has a conversation with A: ${show(reply)}`);
      assert.equal(textOf(conv.lastMessage), 'quiet', 'NoLastMsg does not update the last message');
      assert.notEqual(conv.lastMessage.msgKey, counted.MsgKey);
    });

    test('bad requests get their documented codes and leave B’s inbox unchanged; the limits themselves pass', async () => {
      const [a, b] = newIDs('bad', 2);
      await imported(a);
      const bSocket = await online(b);
      await sendOk({ SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgBody: textBody('baseline') });
      const inbox = await inboxKeys(bSocket);
      assert.equal(inbox.length, 1);

      const base = { SyncOtherMachine: 2, From_Account: a, To_Account: b, MsgRandom: randomU32() };
      const image = (format) => ({
        MsgType: 'TIMImageElem',
        MsgContent: {
          UUID: 'img-1',
          ImageFormat: format,
          ImageInfoArray: [{ Type: 1, Size: 10, Width: 1, Height: 1, URL: 'https://example.com/1.png' }],
        },
      });
      const custom = { MsgType: 'TIMCustomElem', MsgContent: { Data: 'x', Desc: '', Ext: '', Sound: '' } };
      const cases = [
        ['no To_Account', { ...base, To_Account: undefined, MsgBody: textBody('x') }, CODE.NO_TO_ACCOUNT],
        ['no MsgRandom', { ...base, MsgRandom: undefined, MsgBody: textBody('x') }, CODE.NO_MSG_RANDOM],
        ['MsgBody not an array', { ...base, MsgBody: textBody('x')[0] }, CODE.BODY_NOT_ARRAY],
        ['an unknown element type', { ...base, MsgBody: [{ MsgType: 'TIMBogusElem', MsgContent: { Text: 'x' } }] },
          CODE.BAD_MSG_BODY],
        ['12,289 bytes of MsgBody + CloudCustomData',
          { ...base, MsgBody: textBodyOfSize(MAX_BODY_BYTES + 1, 'cc'), CloudCustomData: 'cc' }, CODE.BODY_TOO_LONG],
        ['two TIMCustomElem', { ...base, MsgBody: [custom, custom] }, CODE.BAD_MSG_BODY],
        ['an image with ImageFormat 7', { ...base, MsgBody: [image(7)] }, CODE.BAD_MSG_BODY],
        ['a merged forward of 301 messages', { ...base, MsgBody: [relayByKey(301)] }, CODE.BAD_MSG_BODY],
        ['an invalid From_Account', { ...base, From_Account: 'bad id!', MsgBody: textBody('x') }, CODE.BAD_FROM_ACCOUNT],
      ];
      for (const [what, request, code] of cases) {
        // JSON.stringify drops the `undefined` fields: the request really lacks them.
        assertFail(await rest(url, SENDMSG, request), code, what);
        assert.deepEqual(await inboxKeys(bSocket), inbox, `after ${what}, B's inbox is unchanged`);
      }

      const exact = textBodyOfSize(MAX_BODY_BYTES, 'cc');
      const fits = await sendOk({ ...base, MsgRandom: randomU32(), MsgBody: exact, CloudCustomData: 'cc' },
        'exactly 12,288 bytes');
      const relay300 = [relayByKey(300)];
      const relay = await sendOk({ ...base, MsgRandom: randomU32(), MsgBody: relay300 }, 'a merged forward of 300');
      const pngOk = await sendOk({ ...base, MsgRandom: randomU32(), MsgBody: [image(3)] }, 'ImageFormat 3 (PNG)');
      const messages = await syncAll(bSocket);
      assert.equal(messages.length, inbox.length + 3, 'the three accepted messages are stored');
      const byKey = new Map(messages.map((m) => [m.msgKey, m]));
      assert.deepEqual(byKey.get(fits.MsgKey)?.msgBody, exact);
      assert.equal(byKey.get(fits.MsgKey)?.cloudCustomData, 'cc');
      assert.deepEqual(byKey.get(relay.MsgKey)?.msgBody, relay300);
      assert.deepEqual(byKey.get(pngOk.MsgKey)?.msgBody, [image(3)]);
    });

    test('one message with every element type round-trips exactly, in both inboxes and in admin_getroammsg', async () => {
      const [a, b] = newIDs('every', 2);
      const aSocket = await online(a);
      const bSocket = await online(b);
      const msgBody = everyElementBody(a, b);
      assert.ok(countedBytes(msgBody, 'custom') <= MAX_BODY_BYTES);
      const body = await sendOk({
        SyncOtherMachine: 1, From_Account: a, To_Account: b, MsgBody: msgBody, CloudCustomData: 'custom',
        OfflinePushInfo: OFFLINE_PUSH_INFO,
      });
      for (const [who, socket] of [['B', bSocket], ['A', aSocket]]) {
        const stored = (await syncAll(socket)).find((m) => m.msgKey === body.MsgKey);
        assert.ok(stored, `${who}'s inbox has the message`);
        assert.deepEqual(stored.msgBody, msgBody, `${who}'s copy equals what was sent`);
        assert.equal(stored.cloudCustomData, 'custom');
        assert.deepEqual(stored.offlinePushInfo, OFFLINE_PUSH_INFO);
      }
      const page = await roam({
        Operator_Account: b, Peer_Account: a, MaxCnt: 10, MinTime: body.MsgTime - 1, MaxTime: body.MsgTime + 1,
      });
      const item = page.MsgList.find((m) => m.MsgKey === body.MsgKey);
      assert.ok(item, `admin_getroammsg returns it: ${show(page)}`);
      assert.deepEqual(item.MsgBody, msgBody);
      assert.equal(item.CloudCustomData, 'custom');
      assert.equal(item.From_Account, a);
      assert.equal(item.To_Account, b);
    });
  });

  describe('batchsendmsg', () => {
    test('500 receivers in one call: one MsgKey; each receiver has the message', async () => {
      const ids = newIDs('bat', 500);
      // Receivers must exist: multiaccount_import takes 100 per call.
      for (let i = 0; i < ids.length; i += 100) await imported(...ids.slice(i, i + 100));
      const text = `batch ${randomU32()}`;
      const body = await rest(url, BATCHSEND, {
        SyncOtherMachine: 2, To_Account: ids, MsgSeq: 28360, MsgRandom: randomU32(), MsgBody: textBody(text),
        CloudCustomData: 'your cloud custom data',
      });
      assertOk(body, 'batchsendmsg to 500');
      assert.match(body.MsgKey, /^\d+_\d+_\d+$/, show(body));
      assert.deepEqual(body.ErrorList ?? [], [], `every receiver got it: ${show(body)}`);
      const time = Number(body.MsgKey.split('_')[2]);
      for (const receiver of [ids[0], ids[249], ids[499]]) {
        const page = await roam({
          Operator_Account: receiver, Peer_Account: ADMIN, MaxCnt: 10, MinTime: time - 5, MaxTime: time + 5,
        });
        assert.equal(page.MsgList.length, 1, `${receiver} has the message: ${show(page)}`);
        const [m] = page.MsgList;
        assert.equal(m.MsgKey, body.MsgKey, 'the same MsgKey for every receiver');
        assert.equal(m.From_Account, ADMIN);
        assert.equal(m.To_Account, receiver);
        assert.deepEqual(m.MsgBody, textBody(text));
      }
    });

    test('501 receivers get 90011 and nobody gets the message', async () => {
      const ids = newIDs('bat501', 501);
      const online0 = await online(ids[0]);
      const text = `over ${randomU32()}`;
      const body = await rest(url, BATCHSEND, {
        SyncOtherMachine: 2, To_Account: ids, MsgRandom: randomU32(), MsgBody: textBody(text),
      });
      assertFail(body, CODE.TOO_MANY_TO_ACCOUNT, 'batchsendmsg to 501');
      await fence(ids[0], online0);
      assert.deepEqual(pushed(online0, (m) => textOf(m) === text), []);
      assert.deepEqual((await syncAll(online0)).filter((m) => textOf(m) === text), []);
    });

    test('invalid receivers are reported in ErrorList while the others get the message', async () => {
      const [good1, good2] = await imported(...newIDs('batok', 2));
      const bad = ['bad id!', 'x'.repeat(33)];
      const socket1 = await online(good1);
      const text = `partial ${randomU32()}`;
      const body = await rest(url, BATCHSEND, {
        SyncOtherMachine: 2, To_Account: [good1, bad[0], good2, bad[1]], MsgRandom: randomU32(), MsgBody: textBody(text),
      });
      assertOk(body, 'a partly invalid batch still answers OK');
      assert.match(body.MsgKey, /^\d+_\d+_\d+$/);
      assert.ok(Array.isArray(body.ErrorList), `ErrorList lists the failures: ${show(body)}`);
      const byAccount = (x, y) => (x.To_Account < y.To_Account ? -1 : 1);
      assert.deepEqual([...body.ErrorList].sort(byAccount),
        bad.map((To_Account) => ({ To_Account, ErrorCode: CODE.NOT_IMPORTED })).sort(byAccount));

      const { message } = await socket1.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey,
        { what: "good1's push" });
      assert.deepEqual(message.msgBody, textBody(text));
      const time = Number(body.MsgKey.split('_')[2]);
      const page = await roam({ Operator_Account: good2, Peer_Account: ADMIN, MaxCnt: 10, MinTime: time - 5, MaxTime: time + 5 });
      assert.deepEqual(page.MsgList.map((m) => m.MsgKey), [body.MsgKey], 'good2 has it too');
    });
  });

  describe('importmsg', () => {
    test('SyncFromOldSystem 2: in both inboxes with the given MsgTimeStamp, not pushed, not counted unread', async () => {
      const [a, b] = newIDs('imp', 2);
      const aSocket = await online(a);
      const bSocket = await online(b);
      const ts = nowSecs() - 3600;
      const request = {
        SyncFromOldSystem: 2, From_Account: a, To_Account: b, MsgSeq: 827092, MsgRandom: randomU32(), MsgTimeStamp: ts,
        MsgBody: textBody('hi, beauty'), CloudCustomData: 'your cloud custom data',
      };
      assert.deepEqual(await rest(url, IMPORTMSG, request), OK_ENVELOPE);

      await fence(b, bSocket);
      await fence(a, aSocket);
      for (const [who, socket] of [['A', aSocket], ['B', bSocket]]) {
        assert.deepEqual(pushed(socket, (m) => m.random === request.MsgRandom), [], `${who} got no push`);
        const copies = (await syncAll(socket)).filter((m) => m.random === request.MsgRandom);
        assert.equal(copies.length, 1, `${who}'s inbox has the imported message`);
        assert.equal(copies[0].time, ts, `${who}'s copy has the given MsgTimeStamp`);
        assert.equal(copies[0].from, a);
        assert.equal(copies[0].to, b);
        assert.deepEqual(copies[0].msgBody, request.MsgBody);
        assert.equal(copies[0].cloudCustomData, request.CloudCustomData);
      }
      assert.equal(await totalUnread(b), 0, 'an imported history message is not counted unread');

      // Same MsgSeq, MsgRandom and MsgTimeStamp: a duplicate, whatever its content; the first import wins.
      assert.deepEqual(await rest(url, IMPORTMSG, { ...request, MsgBody: textBody('different') }), OK_ENVELOPE);
      const copies = (await syncAll(bSocket)).filter((m) => m.random === request.MsgRandom);
      assert.equal(copies.length, 1, 'a re-import is not stored again');
      assert.deepEqual(copies[0].msgBody, request.MsgBody, 'the first import is kept');
    });

    test('SyncFromOldSystem 5 (real-time import) is pushed and counted unread; missing fields get their codes', async () => {
      const [a, b] = newIDs('imp5', 2);
      await imported(a);
      const bSocket = await online(b);
      const ts = nowSecs() - 60;
      const request = {
        SyncFromOldSystem: 5, From_Account: a, To_Account: b, MsgRandom: randomU32(), MsgTimeStamp: ts,
        MsgBody: textBody('live import'),
      };
      assert.deepEqual(await rest(url, IMPORTMSG, request), OK_ENVELOPE);
      const { message } = await bSocket.next((f) => f.type === 'msg' && f.message.random === request.MsgRandom,
        { what: 'the real-time import push' });
      assert.equal(message.time, ts);
      assert.equal(await totalUnread(b), 1);

      const inbox = await inboxKeys(bSocket);
      const { SyncFromOldSystem: _s, ...noSync } = { ...request, MsgRandom: randomU32() };
      assertFail(await rest(url, IMPORTMSG, noSync), CODE.NO_SYNC_FROM_OLD_SYSTEM, 'no SyncFromOldSystem');
      const { MsgTimeStamp: _t, ...noTime } = { ...request, MsgRandom: randomU32() };
      assertFail(await rest(url, IMPORTMSG, noTime), CODE.NO_MSG_TIMESTAMP, 'no MsgTimeStamp');
      assert.deepEqual(await inboxKeys(bSocket), inbox, 'refused imports store nothing');
    });
  });

  describe('admin_getroammsg', () => {
    test('25 messages paged with MaxCnt 10: newest page first, continued with LastMsgTime and LastMsgKey', async () => {
      const [a, b] = newIDs('roam', 2);
      await imported(a, b);
      const base = nowSecs() - 1000;
      const sent = [];
      for (let i = 0; i < 25; i += 1) {
        const [from, to] = i % 2 ? [b, a] : [a, b];
        const request = {
          SyncFromOldSystem: 2, From_Account: from, To_Account: to, MsgSeq: i + 1, MsgRandom: randomU32(),
          MsgTimeStamp: base + i, MsgBody: textBody(`m${i}`), CloudCustomData: `c${i}`,
        };
        assert.deepEqual(await rest(url, IMPORTMSG, request), OK_ENVELOPE, `import m${i}`);
        sent.push(request);
      }
      const expected = (i) => {
        const r = sent[i];
        return {
          From_Account: r.From_Account, To_Account: r.To_Account, MsgSeq: r.MsgSeq, MsgRandom: r.MsgRandom,
          MsgTimeStamp: r.MsgTimeStamp, MsgBody: r.MsgBody, CloudCustomData: r.CloudCustomData,
        };
      };
      const strip = ({ MsgFlagBits: _f, IsPeerRead: _r, MsgKey: _k, ...fields }) => fields;
      const range = (from, to) => Array.from({ length: to - from + 1 }, (_, k) => from + k);

      const window = { Operator_Account: b, Peer_Account: a, MaxCnt: 10, MinTime: base, MaxTime: base + 24 };
      const pages = await roamAll(window);
      assert.equal(pages.length, 3, `25 messages at 10 a page: 3 pages: ${show(pages.map((p) => p.MsgCnt))}`);
      assert.deepEqual(pages.map((p) => [p.Complete, p.MsgCnt]), [[0, 10], [0, 10], [1, 5]]);
      assert.deepEqual(pages[0].MsgList.map(strip), range(15, 24).map(expected), 'page 1: the 10 newest, ascending');
      assert.deepEqual(pages[1].MsgList.map(strip), range(5, 14).map(expected), 'page 2: the next 10');
      assert.deepEqual(pages[2].MsgList.map(strip), range(0, 4).map(expected), 'page 3: the oldest 5');
      assert.deepEqual(pages.map((p) => p.LastMsgTime), [base + 15, base + 5, base]);
      for (const m of pages.flatMap((p) => p.MsgList)) assert.equal(m.MsgFlagBits, 0);

      // From the other side the conversation is the same.
      const other = await roamAll({ ...window, Operator_Account: a, Peer_Account: b });
      assert.deepEqual(other.flatMap((p) => p.MsgList.map((m) => m.MsgKey)), pages.flatMap((p) => p.MsgList.map((m) => m.MsgKey)));

      // The time window is inclusive at both ends.
      const inner = await roam({ ...window, MaxCnt: 100, MinTime: base + 5, MaxTime: base + 9 });
      assert.equal(inner.Complete, 1);
      assert.deepEqual(inner.MsgList.map(strip), range(5, 9).map(expected));
      assert.equal(inner.LastMsgTime, base + 5);

      const empty = await roam({ ...window, MinTime: base + 100, MaxTime: base + 200 });
      assert.equal(empty.Complete, 1);
      assert.deepEqual(empty.MsgList, []);

      // The old form names the parties From_Account / To_Account.
      const old = await rest(url, GETROAM, { From_Account: b, To_Account: a, MaxCnt: 100, MinTime: base + 5, MaxTime: base + 9 });
      assertOk(old, 'admin_getroammsg, old form');
      assert.deepEqual(old.MsgList.map((m) => m.MsgKey), inner.MsgList.map((m) => m.MsgKey));
    });

    test('live messages sent within the same seconds page without loss or repeat, in send order', async () => {
      const [c, d] = newIDs('live', 2);
      await imported(c, d);
      const keys = [];
      const start = nowSecs();
      for (let i = 0; i < 25; i += 1) {
        const [from, to] = i % 2 ? [d, c] : [c, d];
        const body = await sendOk({ SyncOtherMachine: 1, From_Account: from, To_Account: to, MsgBody: textBody(`live${i}`) });
        keys.push(body.MsgKey);
      }
      const pages = await roamAll({
        Operator_Account: c, Peer_Account: d, MaxCnt: 10, MinTime: start - 1, MaxTime: nowSecs() + 1,
      });
      const oldestFirst = pages.slice().reverse().flatMap((p) => p.MsgList);
      assert.deepEqual(oldestFirst.map((m) => m.MsgKey), keys, 'every message once; pages newest first, each ascending');
      assert.deepEqual(oldestFirst.map((m) => m.MsgBody[0].MsgContent.Text), keys.map((_, i) => `live${i}`));
    });
  });

  describe('admin_msgwithdraw', () => {
    test('both sides get {"type":"revoked"}; sync shows recalled; admin_getroammsg flags it 8', async () => {
      const [a, b] = newIDs('wd', 2);
      const aSocket = await online(a);
      const bSocket = await online(b);
      const body = await sendOk({ SyncOtherMachine: 1, From_Account: a, To_Account: b, MsgBody: textBody('oops') });
      await bSocket.next((f) => f.type === 'msg' && f.message.msgKey === body.MsgKey, { what: "B's msg" });

      assert.deepEqual(await rest(url, WITHDRAW, { From_Account: a, To_Account: b, MsgKey: body.MsgKey }), OK_ENVELOPE);
      for (const [who, socket] of [['A', aSocket], ['B', bSocket]]) {
        const frame = await socket.next((f) => f.type === 'revoked' && f.message?.msgKey === body.MsgKey,
          { what: `the revoked frame on ${who}'s socket` });
        assert.equal(frame.message.from, a, who);
        const stored = (await syncAll(socket)).find((m) => m.msgKey === body.MsgKey);
        assert.ok(stored, `${who}'s inbox still has the message`);
        assert.equal(stored.recalled, true, `${who}'s copy shows as recalled`);
      }
      const page = await roam({
        Operator_Account: b, Peer_Account: a, MaxCnt: 10, MinTime: body.MsgTime - 1, MaxTime: body.MsgTime + 1,
      });
      assert.equal(page.MsgList.find((m) => m.MsgKey === body.MsgKey)?.MsgFlagBits, MSG_FLAG_RECALLED);

      assertFail(await rest(url, WITHDRAW, { From_Account: a, To_Account: b, MsgKey: body.MsgKey }),
        CODE.ALREADY_RECALLED, 'recalling it again');
    });

    test('an unknown MsgKey gets 20022; a malformed one 90054', async () => {
      const [a, b] = newIDs('wdx', 2);
      await imported(a, b);
      const unknown = `${randomU32()}_${randomU32()}_${nowSecs()}`;
      assertFail(await rest(url, WITHDRAW, { From_Account: a, To_Account: b, MsgKey: unknown }), CODE.RECALL_NOT_FOUND);
      assertFail(await rest(url, WITHDRAW, { From_Account: a, To_Account: b, MsgKey: 'not-a-msg-key' }), CODE.BAD_MSG_KEY);
    });
  });

  describe('admin_set_msg_read and get_c2c_unread_msg_num', () => {
    test('3 unread from A and 2 from C; reading A’s conversation leaves 2; B gets conversation, A gets peerRead', async () => {
      const [a, b, c] = newIDs('rd', 3);
      const ghost = uniqueID('ghost');
      await imported(c);
      const aSocket = await online(a);
      const bSocket = await online(b);
      for (let i = 0; i < 3; i += 1) {
        await sendOk({ SyncOtherMachine: 1, From_Account: a, To_Account: b, MsgBody: textBody(`a${i}`) });
      }
      for (let i = 0; i < 2; i += 1) {
        await sendOk({ SyncOtherMachine: 2, From_Account: c, To_Account: b, MsgBody: textBody(`c${i}`) });
      }

      const total = await unread(b);
      assert.equal(total.AllC2CUnreadMsgNum, 5, show(total));
      const perPeer = await unread(b, [a, c, ghost]);
      assert.deepEqual(perPeer.C2CUnreadMsgNumList, [
        { Peer_Account: a, C2CUnreadMsgNum: 3 },
        { Peer_Account: c, C2CUnreadMsgNum: 2 },
      ]);
      assert.deepEqual(perPeer.ErrorList, [{ Peer_Account: ghost, ErrorCode: CODE.NOT_IMPORTED }]);

      assert.deepEqual(await rest(url, SET_READ, { Report_Account: b, Peer_Account: a }), OK_ENVELOPE);
      assert.equal(await totalUnread(b), 2);
      assert.deepEqual((await unread(b, [a, c])).C2CUnreadMsgNumList, [
        { Peer_Account: a, C2CUnreadMsgNum: 0 },
        { Peer_Account: c, C2CUnreadMsgNum: 2 },
      ]);
      await bSocket.nextOfType('conversation');
      const receipt = await aSocket.next((f) => f.type === 'peerRead' && f.peer === b, { what: "A's peerRead from B" });
      assert.equal(receipt.peer, b);
    });

    test('MsgReadTime marks read only the messages up to that time', async () => {
      const [d, e] = newIDs('rt', 2);
      await imported(d, e);
      const t0 = nowSecs();
      for (const ts of [t0 - 300, t0 - 200, t0 - 100]) {
        assert.deepEqual(await rest(url, IMPORTMSG, {
          SyncFromOldSystem: 5, From_Account: d, To_Account: e, MsgRandom: randomU32(), MsgTimeStamp: ts,
          MsgBody: textBody(`at ${ts}`),
        }), OK_ENVELOPE);
      }
      assert.deepEqual((await unread(e, [d])).C2CUnreadMsgNumList, [{ Peer_Account: d, C2CUnreadMsgNum: 3 }]);
      assert.deepEqual(await rest(url, SET_READ, { Report_Account: e, Peer_Account: d, MsgReadTime: t0 - 200 }), OK_ENVELOPE);
      assert.deepEqual((await unread(e, [d])).C2CUnreadMsgNumList, [{ Peer_Account: d, C2CUnreadMsgNum: 1 }]);
    });
  });
});
