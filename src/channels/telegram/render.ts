/**
 * An answer as Telegram messages, within Telegram's limits by construction:
 * HTML parse mode with `&`, `<`, `>` escaped in every piece of text, titles in
 * bold, text split at line boundaries into messages of ≤ 4,096 characters, a
 * card with a poster as a photo whose caption is ≤ 1,024 characters, and the
 * «¿Quisiste decir…?» choices as inline buttons whose callback data is ≤ 64
 * bytes. Pure: no API calls here (send.ts makes them).
 */
import type { InlineKeyboardButton } from 'grammy/types';
import type { Answer, ChartRequest } from '../../../commands/types.js';
import { type Replay, splitMessage, suggestionButtons } from '../common.js';

/** Telegram's limits (PLATFORMS.md), counted on the text after HTML parsing. */
export const MESSAGE_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;
export const CALLBACK_DATA_BYTES = 64;

export type Keyboard = InlineKeyboardButton[][];

export interface TextMessage {
  type: 'text';
  html: string;
  keyboard?: Keyboard;
}

/** A photo by URL (a poster) with the answer as caption; `fallback` is sent instead when Telegram refuses it. */
export interface PhotoMessage {
  type: 'photo';
  url: string;
  caption: string;
  keyboard?: Keyboard;
  fallback: TextMessage[];
}

/** A chart drawn when sent (deps.renderChart), with the answer as caption; `fallback` when it cannot be drawn. */
export interface ChartMessage {
  type: 'chart';
  chart: ChartRequest;
  caption: string;
  keyboard?: Keyboard;
  fallback: TextMessage[];
}

/** An answer's messages: the first (text or picture) and, after it, the rest of the text. */
export interface Outgoing {
  first: TextMessage | PhotoMessage | ChartMessage;
  rest: TextMessage[];
}

/** Said instead of a blank answer (Telegram refuses an empty message); the commands never give one. */
const EMPTY_ANSWER = 'No tengo nada que responder a eso. Escribe /ayuda para ver lo que sé.';

/** The only characters HTML parse mode needs escaped (Bot API, «Formatting options»). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/**
 * Plain answer text → HTML: escaped, with every occurrence of the given titles in bold.
 * Longer titles are tried first, so «Toy Story 2» is bolded whole, never as «Toy Story» + « 2».
 */
export function toHtml(text: string, titles: readonly string[] = []): string {
  const wanted = [...new Set(titles.filter((t) => t.trim() !== ''))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return escapeHtml(text);
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'g');
  let html = '';
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index ?? 0;
    html += `${escapeHtml(text.slice(last, at))}<b>${escapeHtml(match[0])}</b>`;
    last = at + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The titles an answer's data names (`titulo` at any depth: a card, a top list, recommendations). */
export function titlesIn(data: unknown, found: string[] = []): string[] {
  if (Array.isArray(data)) for (const item of data) titlesIn(item, found);
  else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'titulo' && typeof value === 'string') found.push(value);
      else if (typeof value === 'object') titlesIn(value, found);
    }
  }
  return found;
}

/** The answer's choices as buttons, one per row (labels are titles: long). */
export function suggestionKeyboard(answer: Answer, asked: Replay | null): Keyboard | undefined {
  const buttons = suggestionButtons(answer, asked, CALLBACK_DATA_BYTES);
  if (buttons.length === 0) return undefined;
  return buttons.map((b) => [{ text: b.label, callback_data: b.data }]);
}

/**
 * Plain text → HTML messages of ≤ `MESSAGE_LIMIT` visible characters (split before escaping: no
 * tag is ever cut). Blank parts are left out (Telegram refuses an empty message).
 */
export function textMessages(text: string, titles: readonly string[] = [], keyboard?: Keyboard): TextMessage[] {
  const parts = splitMessage(text, MESSAGE_LIMIT)
    .filter((part) => part.trim() !== '')
    .map((part): TextMessage => ({ type: 'text', html: toHtml(part, titles) }));
  const last = parts.at(-1);
  if (last && keyboard) last.keyboard = keyboard;
  return parts;
}

/**
 * A caption of ≤ `CAPTION_LIMIT` characters and the rest of the text: the first lines that fit,
 * then the others as ordinary messages (nothing is dropped).
 */
function captionAndRest(text: string): { caption: string; rest: string } {
  const [head = ''] = splitMessage(text, CAPTION_LIMIT);
  // splitMessage cuts at a line break or a space, which it does not keep (nor blank leading lines).
  const end = text.indexOf(head) + head.length;
  return { caption: head, rest: text.slice(end).replace(/^[\n ]/, '') };
}

/**
 * The messages for an answer. `canDrawCharts`: the channel has a chart renderer
 * (deps.renderChart), so an answer's chart is sent as a picture with the text as caption.
 */
export function renderAnswer(answer: Answer, asked: Replay | null, canDrawCharts = false): Outgoing {
  const titles = titlesIn(answer.data);
  const keyboard = suggestionKeyboard(answer, asked);
  const poster = posterOf(answer.data);
  const chart = canDrawCharts ? answer.chart : undefined;
  if (chart || poster) {
    const { caption, rest } = captionAndRest(answer.text);
    // The buttons go under the last message of the answer: the photo's, or the last of the rest.
    const restMessages = rest === '' ? [] : textMessages(rest, titles, keyboard);
    const picture = {
      caption: toHtml(caption, titles),
      ...(keyboard && restMessages.length === 0 ? { keyboard } : {}),
      fallback: textMessages(answer.text, titles, keyboard),
    };
    const first: PhotoMessage | ChartMessage = chart
      ? { type: 'chart', chart, ...picture }
      : { type: 'photo', url: poster as string, ...picture };
    return { first, rest: restMessages };
  }
  const [first = { type: 'text', html: EMPTY_ANSWER }, ...rest] = textMessages(answer.text, titles, keyboard);
  return { first, rest };
}

/** A card's poster URL (`pelicula` answers: `data.poster`), when it is an https address Telegram can fetch. */
export function posterOf(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || !('poster' in data)) return undefined;
  const poster = data.poster;
  return typeof poster === 'string' && /^https:\/\/\S+$/.test(poster) ? poster : undefined;
}
