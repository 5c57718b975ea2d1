// Community topic events against the real worker, through the engine package: every member
// hears TOPIC_CREATED, TOPIC_UPDATED (a Topic object) and TOPIC_DELETED, and a topic's pinned
// message comes as PINNED_GROUP_MESSAGE_UPDATED naming the topic.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chat, engineFor, withCode } from '../support/engine.mjs';
import { uniqueID, workerForFile } from '../support/worker.mjs';

const worker = workerForFile();

test('members hear topics created, updated and deleted, and a topic message pinned', async () => {
  const [o, a] = [uniqueID('tevo'), uniqueID('teva')];
  const owner = await engineFor(worker.url, o);
  const amy = await engineFor(worker.url, a);
  try {
    const groupID = `@TGS#_${uniqueID('club')}`;
    await owner.chat.createGroup({ type: Chat.TYPES.GRP_COMMUNITY, name: 'club', groupID, memberList: [{ userID: a }], isSupportTopic: true });
    const topicID = (await owner.chat.createTopicInCommunity({ groupID, topicName: 'News', topicID: `${groupID}@TOPIC#_news` })).data.topicID;
    assert.deepEqual(await amy.next(Chat.EVENT.TOPIC_CREATED), { groupID, topicID });

    await owner.chat.updateTopicProfile({ groupID, topicID, topicName: 'Headlines', introduction: 'what happened' });
    const updated = await amy.next(Chat.EVENT.TOPIC_UPDATED);
    assert.equal(updated.groupID, groupID);
    assert.equal(updated.topic.topicID, topicID);
    assert.equal(updated.topic.topicName, 'Headlines');
    assert.equal(updated.topic.introduction, 'what happened');

    const m = owner.chat.createTextMessage({ to: topicID, conversationType: Chat.TYPES.CONV_GROUP, payload: { text: 'breaking' } });
    const sent = (await owner.chat.sendMessage(m)).data.message;
    await owner.chat.pinGroupMessage({ groupID: topicID, message: sent, isPinned: true });
    const pinned = await amy.next(Chat.EVENT.PINNED_GROUP_MESSAGE_UPDATED);
    assert.equal(pinned.groupID, topicID);
    assert.equal(pinned.message.payload.text, 'breaking');
    assert.deepEqual((await amy.chat.getPinnedGroupMessageList(topicID)).data.messageList.map((x) => x.ID), [sent.ID]);
    await assert.rejects(amy.chat.pinGroupMessage({ groupID: topicID, message: sent, isPinned: false }), withCode(10007));

    await owner.chat.deleteTopicFromCommunity({ groupID, topicIDList: [topicID] });
    assert.deepEqual(await amy.next(Chat.EVENT.TOPIC_DELETED), { groupID, topicIDList: [topicID] });
  } finally {
    await Promise.all([owner.chat.destroy(), amy.chat.destroy()]);
  }
});
