// Demo images and files by URL: the composer's attach form (createImageMessage / createFileMessage) and their bubbles.
import Chat from './edgechat/index.js';
import { state, ui } from './state.js';
import { el, errorText, safeUrl, setFieldError } from './util.js';
import { sendNew } from './chat.js';

/** The picture or file link of an image / file message, or null for other messages. */
export function attachmentElement(message) {
  if (message.isRevoked) return null;
  const p = message.payload ?? {};
  if (message.type === Chat.TYPES.MSG_IMAGE) {
    const infos = p.imageInfoArray ?? [];
    const info = infos.find((i) => i.type === 1) ?? infos[0] ?? {};
    const url = safeUrl(info.url);
    if (!url) return null;
    const link = el('a', 'attachment image');
    link.href = url;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    const img = el('img');
    img.src = url;
    img.alt = 'Image';
    img.loading = 'lazy';
    img.referrerPolicy = 'no-referrer';
    if (info.width > 0 && info.height > 0) {
      img.width = info.width;
      img.height = info.height;
    }
    link.append(img);
    return link;
  }
  if (message.type === Chat.TYPES.MSG_FILE) {
    const url = safeUrl(p.fileUrl);
    const link = el(url ? 'a' : 'span', 'attachment file');
    if (url) {
      link.href = url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    const icon = el('span', 'file-icon');
    icon.setAttribute('aria-hidden', 'true');
    link.append(icon, el('span', 'file-name', p.fileName || 'file'));
    if (p.fileSize > 0) link.append(el('span', 'file-size', sizeLabel(p.fileSize)));
    return link;
  }
  return null;
}

function sizeLabel(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function closeAttach() {
  ui.attachForm.hidden = true;
  ui.attachToggle.setAttribute('aria-expanded', 'false');
  setFieldError(ui.attachError, '');
}

function toggleAttach() {
  if (!ui.attachForm.hidden) {
    closeAttach();
    ui.composer.focus();
    return;
  }
  ui.attachForm.hidden = false;
  ui.attachToggle.setAttribute('aria-expanded', 'true');
  syncAttachKind();
  ui.attachUrl.focus();
}

function syncAttachKind() {
  ui.attachNameRow.hidden = ui.attachKind.value !== 'file';
}

/** The natural size of the image at `url`, or zeros when it cannot be loaded here. */
async function imageSize(url) {
  const img = new Image();
  img.referrerPolicy = 'no-referrer';
  img.src = url;
  try {
    await img.decode();
    return { width: img.naturalWidth, height: img.naturalHeight };
  } catch {
    return { width: 0, height: 0 };
  }
}

async function sendAttachment() {
  const open = state.open;
  if (!open || !state.chat) return;
  const url = safeUrl(ui.attachUrl.value);
  if (!url) {
    setFieldError(ui.attachError, 'Enter an http:// or https:// URL.');
    ui.attachUrl.focus();
    return;
  }
  setFieldError(ui.attachError, '');
  const chat = state.chat;
  const conv = state.conversations.get(open.id);
  ui.attachSend.disabled = true;
  let message;
  try {
    if (ui.attachKind.value === 'image') {
      const { width, height } = await imageSize(url);
      if (state.chat !== chat || state.open !== open) return;
      message = chat.createImageMessage({ ...target(open), payload: { url, width, height } });
    } else {
      const fileName = ui.attachName.value.trim() || decodeURIComponent(new URL(url).pathname.split('/').pop() || '') || 'file';
      message = chat.createFileMessage({ ...target(open), payload: { url, fileName } });
    }
  } catch (err) {
    setFieldError(ui.attachError, `Could not create the message — ${errorText(err)}`);
    return;
  } finally {
    ui.attachSend.disabled = false;
  }
  ui.attachForm.reset();
  closeAttach();
  ui.composer.focus();
  await sendNew(message, conv);
}

/** Where a message to the open conversation goes: a peer or a group. */
function target(open) {
  return open.kind === 'GROUP'
    ? { to: open.groupID, conversationType: Chat.TYPES.CONV_GROUP }
    : { to: open.peer, conversationType: Chat.TYPES.CONV_C2C };
}

// ---------- wiring ----------

ui.attachToggle.addEventListener('click', toggleAttach);
ui.attachKind.addEventListener('change', syncAttachKind);
ui.attachCancel.addEventListener('click', () => {
  closeAttach();
  ui.composer.focus();
});
ui.attachForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sendAttachment();
});
