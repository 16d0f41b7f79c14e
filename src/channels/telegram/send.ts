/**
 * Delivers rendered messages (render.ts) through the Bot API: text in HTML
 * parse mode, a poster by URL or a chart as an uploaded PNG with the answer
 * as caption, and the plain text instead when Telegram refuses the photo or
 * the chart cannot be drawn.
 */
import { type Api, InputFile } from 'grammy';
import type { ReplyParameters } from 'grammy/types';
import type { ChannelDeps } from '../types.js';
import { describeError } from './errors.js';
import type { Keyboard, Outgoing, TextMessage } from './render.js';

export interface Target {
  chatId: number;
  /** In groups the answer replies to the question, so it is clear whose it is. */
  replyTo?: number;
}

function options(target: Target, keyboard: Keyboard | undefined) {
  const replyParameters: ReplyParameters | undefined =
    target.replyTo === undefined ? undefined : { message_id: target.replyTo, allow_sending_without_reply: true };
  return {
    parse_mode: 'HTML' as const,
    ...(replyParameters ? { reply_parameters: replyParameters } : {}),
    ...(keyboard ? { reply_markup: { inline_keyboard: keyboard } } : {}),
  };
}

export async function sendTexts(api: Api, target: Target, messages: readonly TextMessage[]): Promise<void> {
  for (const [i, message] of messages.entries()) {
    // Only the first part replies to the question; the rest follow it.
    const to = i === 0 ? target : { chatId: target.chatId };
    await api.sendMessage(target.chatId, message.html, options(to, message.keyboard));
  }
}

export async function sendOutgoing(
  api: Api,
  target: Target,
  outgoing: Outgoing,
  deps: Pick<ChannelDeps, 'renderChart' | 'log'>,
  token: string,
): Promise<void> {
  const { first, rest } = outgoing;
  if (first.type === 'text') return sendTexts(api, target, [first, ...rest]);
  try {
    let photo: string | InputFile;
    if (first.type === 'chart') {
      if (!deps.renderChart) throw new Error('no chart renderer');
      photo = new InputFile(await deps.renderChart(first.chart), 'grafico.png');
    } else {
      photo = first.url;
    }
    await api.sendPhoto(target.chatId, photo, { caption: first.caption, ...options(target, first.keyboard) });
  } catch (error) {
    // A poster Telegram cannot fetch, or a chart that cannot be drawn: the same answer as text.
    deps.log(`Telegram: envío el texto sin imagen (${describeError(error, token)}).`);
    return sendTexts(api, target, first.fallback);
  }
  await sendTexts(api, { chatId: target.chatId }, rest);
}
