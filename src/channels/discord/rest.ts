/**
 * The few REST calls the channel makes (with @discordjs/rest, which handles
 * Discord's rate limits and multipart uploads): answering an interaction over
 * the gateway, editing a deferred answer, replying to a message. Interaction
 * calls use the interaction's own token (no bot token needed), which is why
 * the HTTP mode works with the public key alone.
 */
import type { REST } from '@discordjs/rest';
import type { InteractionResponse, MessageEdit } from './interactions.js';
import type { AttachedFile, MessagePayload } from './render.js';

type Rest = Pick<REST, 'post' | 'patch'>;

const segment = encodeURIComponent;

function files(list: AttachedFile[]) {
  return list.map((f) => ({ name: f.name, data: f.data, contentType: 'image/png' }));
}

/** Message JSON plus the attachment list Discord wants alongside uploaded files. */
function body(payload: MessagePayload, attached: AttachedFile[]): Record<string, unknown> {
  return attached.length === 0
    ? { ...payload }
    : { ...payload, attachments: attached.map((f, id) => ({ id, filename: f.name })) };
}

/** POST /interactions/{id}/{token}/callback: the gateway's way of answering (HTTP mode answers in the response). */
export async function answerInteraction(rest: Rest, id: string, token: string, response: InteractionResponse) {
  await rest.post(`/interactions/${segment(id)}/${segment(token)}/callback`, { body: response, auth: false });
}

/** PATCH /webhooks/{application}/{token}/messages/@original: completes a deferred answer. */
export async function editOriginal(rest: Rest, applicationId: string, token: string, edit: MessageEdit) {
  await rest.patch(`/webhooks/${segment(applicationId)}/${segment(token)}/messages/@original`, {
    body: body(edit.payload, edit.files),
    files: files(edit.files),
    auth: false,
  });
}

/** POST /channels/{id}/messages as a reply to `messageId` (needs the bot token). */
export async function replyToMessage(rest: Rest, channelId: string, messageId: string, edit: MessageEdit) {
  await rest.post(`/channels/${segment(channelId)}/messages`, {
    body: {
      ...body(edit.payload, edit.files),
      message_reference: { message_id: messageId, fail_if_not_exists: false },
    },
    files: files(edit.files),
  });
}
