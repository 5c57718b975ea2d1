// Demo reactions on group messages: a row of emoji buttons under each message with how many
// chose each; pressing one adds my reaction or takes it back; MESSAGE_REACTIONS_UPDATED keeps
// the counts live, and opening a group reads them (getMessageReactions, 20 messages a call).
import Chat from './edgechat/index.js';
import { state, ui } from './state.js';
import { el, errorText, showNotice } from './util.js';

/** The reactions the demo offers: reaction ID → emoji. */
const EMOJI = { like: '👍', heart: '❤️', laugh: '😂' };
/** Messages one getMessageReactions call reads. */
const BATCH = 20;

/** message ID → reaction ID → { count, mine } */
const known = new Map();

function reactable(message) {
  return message.conversationType === Chat.TYPES.CONV_GROUP && message.type !== Chat.TYPES.MSG_GRP_TIP
    && !message.isRevoked;
}

function countsOf(id) {
  if (!known.has(id)) known.set(id, new Map());
  return known.get(id);
}

/** Draws the buttons of message `id` from what is known. */
function render(id) {
  const node = ui.messages.querySelector(`[data-id="${CSS.escape(id)}"] .reactions`);
  if (!node) return;
  const counts = countsOf(id);
  for (const button of node.querySelectorAll('button')) {
    const r = counts.get(button.dataset.reaction) ?? { count: 0, mine: false };
    button.querySelector('.count').textContent = r.count > 0 ? String(r.count) : '';
    button.setAttribute('aria-pressed', String(r.mine));
    const emoji = EMOJI[button.dataset.reaction];
    button.setAttribute('aria-label', `${r.mine ? 'Take back' : 'React with'} ${emoji} (${r.count})`);
  }
}

async function toggle(row, reactionID) {
  // The bubble's message as it is now: a message of mine gets its ID and sequence once sent.
  const message = state.messages.get(row.closest('.msg')?.dataset.id ?? '');
  if (!message?.sequence) {
    showNotice('The message is not sent yet: react once it is.', 'error');
    return;
  }
  const counts = countsOf(message.ID);
  const mine = counts.get(reactionID)?.mine === true;
  try {
    if (mine) await state.chat.removeMessageReaction(message, reactionID);
    else await state.chat.addMessageReaction(message, reactionID);
  } catch (err) {
    showNotice(`Could not ${mine ? 'take back' : 'add'} the reaction — ${errorText(err)}`, 'error');
  }
}

/** The reaction row for a group message (none for other messages). */
export function reactionBar(message) {
  if (!reactable(message)) return null;
  const row = el('div', 'reactions');
  row.setAttribute('role', 'group');
  row.setAttribute('aria-label', 'Reactions');
  for (const [id, emoji] of Object.entries(EMOJI)) {
    const button = el('button', 'reaction');
    button.type = 'button';
    button.dataset.reaction = id;
    button.append(el('span', 'emoji', emoji), el('span', 'count', ''));
    button.addEventListener('click', () => toggle(row, id));
    row.append(button);
  }
  queueMicrotask(() => render(message.ID));
  return row;
}

/** MESSAGE_REACTIONS_UPDATED: the reactions that changed on one message. */
export function onReactionsUpdated({ messageID, reactionList }) {
  const counts = countsOf(messageID);
  for (const r of reactionList ?? []) {
    counts.set(r.reactionID, { count: r.totalUserCount, mine: r.reactedByMyself });
  }
  render(messageID);
}

/** Reads the reactions of group messages just shown. */
export async function loadReactions(messages) {
  const list = messages.filter((m) => reactable(m) && m.sequence > 0);
  for (let i = 0; i < list.length; i += BATCH) {
    try {
      const { data } = await state.chat.getMessageReactions({ messageList: list.slice(i, i + BATCH), maxUserCountPerReaction: 0 });
      for (const { messageID, reactionList } of data.resultList) {
        known.set(messageID, new Map());
        onReactionsUpdated({ messageID, reactionList });
      }
    } catch (err) {
      showNotice(`Could not read reactions — ${errorText(err)}`, 'error');
      return;
    }
  }
}
