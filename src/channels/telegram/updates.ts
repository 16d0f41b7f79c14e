/**
 * What an incoming message, button press or inline query asks for, and the
 * answer, as pure functions of the update (no API calls): bot.ts wires them
 * to grammY and send.ts delivers what they return.
 *
 * A message is routed first (`routeMessage`: a command, free text, /start, or
 * nothing for the bot), so a rate-limited user costs no work, then answered
 * (`answerRoute`) through the command registry or the NLU.
 */
import type { InlineQueryResultArticle, Message, MessageEntity, UserFromGetMe } from 'grammy/types';
import { platformName, titleInfo } from '../../../commands/common.js';
import { getCommand, runCommand } from '../../../commands/index.js';
import type { Answer, CommandContext, CommandDef } from '../../../commands/types.js';
import { quoteInput } from '../../format.js';
import type { Parser } from '../../nlu/index.js';
import { genreName } from '../../text/genres.js';
import { answerSlashCommand, decodeReplay, type Replay, unknownCommandAnswer } from '../common.js';
import { escapeHtml, type Keyboard, posterOf, textMessages, titlesIn } from './render.js';

export type Route =
  | { kind: 'start' }
  | { kind: 'command'; def: CommandDef; args: string }
  | { kind: 'unknown_command'; name: string }
  | { kind: 'text'; text: string }
  /** A sticker, a photo, a voice note… in a private chat: the bot says it reads text only. */
  | { kind: 'not_text' };

interface CommandCall {
  name: string;
  args: string;
  /** `/cmd@otherbot`: meant for another bot in the group. */
  forOtherBot: boolean;
  /** `/cmd@thisbot`. */
  forMe: boolean;
}

/**
 * The command at the start of a message (`/duracion_max@FilmotecaBot netflix 2018`). Read here
 * rather than with grammY's `bot.command()` filter because that one matches only names registered
 * in advance and case-sensitively: an unknown or capitalized command would pass unseen.
 */
export function readCommand(text: string, entities: readonly MessageEntity[], username: string): CommandCall | null {
  const entity = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return null;
  const [name = '', target] = text.slice(1, entity.length).split('@');
  const forMe = target !== undefined && target.toLowerCase() === username.toLowerCase();
  return {
    name: name.toLowerCase(),
    args: text.slice(entity.length).trim(),
    forOtherBot: target !== undefined && !forMe,
    forMe,
  };
}

/** Whether a group message is for the bot: it mentions it, or replies to one of its messages. */
function addressedToBot(message: Message, me: UserFromGetMe): boolean {
  if (message.reply_to_message?.from?.id === me.id) return true;
  return botMentions(message, me).length > 0;
}

function botMentions(message: Message, me: UserFromGetMe): MessageEntity[] {
  const text = message.text ?? '';
  const handle = `@${me.username}`.toLowerCase();
  return (message.entities ?? []).filter(
    (e) =>
      (e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle) ||
      (e.type === 'text_mention' && e.user.id === me.id),
  );
}

/** The text without the bot's @mentions (offsets are UTF-16, like JavaScript strings). */
function withoutMentions(message: Message, me: UserFromGetMe): string {
  let text = message.text ?? '';
  const mentions = botMentions(message, me).filter((e) => e.type === 'mention');
  for (const e of [...mentions].sort((a, b) => b.offset - a.offset)) {
    text = `${text.slice(0, e.offset)} ${text.slice(e.offset + e.length)}`;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * What a message asks the bot, or null when it is not for the bot. In a private chat every message
 * is; in a group only commands (not `/cmd@otherbot`), messages that mention the bot and replies to
 * its own messages (what Telegram delivers with privacy mode on; with it off, the rest is ignored).
 */
export function routeMessage(message: Message, me: UserFromGetMe): Route | null {
  const isPrivate = message.chat.type === 'private';
  // Other bots are never answered (no loops); an anonymous group admin writes as a bot on behalf of
  // the group (sender_chat) and is. A channel post forwarded into its discussion group is not a question.
  if ((message.from?.is_bot && !message.sender_chat) || message.is_automatic_forward) return null;
  const text = message.text;
  if (text === undefined) return isPrivate ? { kind: 'not_text' } : null;
  const call = readCommand(text, message.entities ?? [], me.username);
  if (call) {
    if (call.forOtherBot) return null;
    if (call.name === 'start') return { kind: 'start' };
    const def = getCommand(call.name);
    if (def) return { kind: 'command', def, args: call.args };
    // In a group an unknown bare command is probably another bot's.
    return isPrivate || call.forMe ? { kind: 'unknown_command', name: call.name } : null;
  }
  if (isPrivate) return { kind: 'text', text };
  if (!addressedToBot(message, me)) return null;
  return { kind: 'text', text: withoutMentions(message, me) };
}

export interface Asked {
  answer: Answer;
  /** The question as a replay (command + canonical args), for the «¿Quisiste decir…?» buttons. */
  asked: Replay | null;
}

/** An answer with the question it answered (the command and the arguments it ran with). */
function askedOf(answer: Answer): Asked {
  return { answer, asked: answer.command ? { command: answer.command, args: answer.args } : null };
}

/** The answer to a routed message (not for `start`, which is a fixed welcome). */
export function answerRoute(
  ctx: CommandContext,
  parser: Parser,
  route: Exclude<Route, { kind: 'start' }>,
  conversation: string,
): Asked {
  switch (route.kind) {
    case 'command':
      return askedOf(answerSlashCommand(ctx, parser, route.def, route.args, conversation));
    case 'unknown_command':
      return { answer: unknownCommandAnswer(route.name), asked: null };
    case 'text':
      return askedOf(parser.ask(route.text, conversation));
    case 'not_text':
      return { answer: plainAnswer(NOT_TEXT), asked: null };
  }
}

const NOT_TEXT = 'Solo leo texto: escríbeme tu pregunta (por ejemplo «¿Cuánto dura Toy Story?») o escribe /ayuda.';

function plainAnswer(text: string): Answer {
  return { command: null, args: {}, text, data: null, ok: true };
}

// ------------------------------------------------------------------ /start

/** Example questions offered as buttons by /start: a card, a list, a figure and a count. */
const WELCOME_EXAMPLES = ['pelicula', 'top_peliculas', 'peliculas_duracion', 'cantidad_filmaciones_mes'];
/** Callback data of an example button: `ejemplo:<chat name>` (a replay never has a colon in its first field). */
const EXAMPLE_PREFIX = 'ejemplo:';

export function welcome(me: UserFromGetMe, isPrivate: boolean): { html: string; keyboard: Keyboard } {
  const how = isPrivate
    ? 'Pregúntame como te salga, en español, o usa los comandos del menú.'
    : `En este grupo respondo a los comandos, a los mensajes que me mencionan (@${me.username}) y a las respuestas a mis mensajes.`;
  const lines = [
    '¡Hola! Soy <b>Filmoteca</b>: sé de películas y de lo que hay en Netflix, Amazon Prime Video, Disney+ y Hulu.',
    escapeHtml(how),
    `En cualquier chat, escribe <code>@${escapeHtml(me.username)} toy story</code> para compartir la ficha de una película.`,
    'Prueba con uno de estos ejemplos o escribe /ayuda para ver todo lo que sé:',
  ];
  const keyboard = WELCOME_EXAMPLES.flatMap((id) => {
    const def = getCommand(id);
    return def ? [[{ text: def.example, callback_data: `${EXAMPLE_PREFIX}${def.chatName}` }]] : [];
  });
  return { html: lines.join('\n'), keyboard };
}

// ------------------------------------------------------------------ buttons

/**
 * The answer to a button press: an example question from /start, or a «¿Quisiste decir…?» choice
 * (a replay: command + canonical values, re-run exactly). Null for data this bot never made
 * (an old button, a forged press).
 */
export function answerButton(ctx: CommandContext, parser: Parser, data: string, conversation: string): Asked | null {
  if (data.startsWith(EXAMPLE_PREFIX)) {
    const def = getCommand(data.slice(EXAMPLE_PREFIX.length));
    if (!def) return null;
    return askedOf(parser.ask(def.example, conversation));
  }
  const replay = decodeReplay(data);
  if (!replay) return null;
  return { answer: runCommand(ctx, replay.command, replay.args), asked: replay };
}

// ------------------------------------------------------------------ inline mode

/** Results per inline answer (Telegram allows 50; a short list is quicker to scan on a phone). */
export const INLINE_RESULTS = 10;
/** Seconds Telegram may reuse an inline answer: the catalog only changes when it is rebuilt. */
export const INLINE_CACHE_SECONDS = 600;

/**
 * `@bot toy sto`: matching titles (movies and streaming) as article results, each sending the
 * title's card; an empty query lists the top movies.
 */
export function inlineResults(ctx: CommandContext, query: string): InlineQueryResultArticle[] {
  const ids = query.trim() === '' ? topMovieIds(ctx) : titleIds(ctx, query);
  const results: InlineQueryResultArticle[] = [];
  for (const id of ids) {
    const result = cachedCard(ctx, id);
    if (result) results.push(result);
  }
  return results;
}

/** Cards kept per catalog, most recently used last (a Map keeps insertion order). */
const CARD_CACHE_SIZE = 2000;
const cardCaches = new WeakMap<CommandContext, Map<string, InlineQueryResultArticle | null>>();

/**
 * A title's card as an inline result, built once: the catalog is read-only, and someone typing
 * «toy», «toy s», «toy st» gets the same titles again at every letter.
 */
function cachedCard(ctx: CommandContext, id: string): InlineQueryResultArticle | null {
  let cache = cardCaches.get(ctx);
  if (!cache) {
    cache = new Map();
    cardCaches.set(ctx, cache);
  }
  let result = cache.get(id);
  if (result === undefined) {
    const card = runCommand(ctx, 'pelicula', { titulo: id });
    result = card.ok ? cardResult(ctx, id, card) : null;
    if (cache.size >= CARD_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  } else {
    cache.delete(id); // re-inserted below: now the most recently used
  }
  cache.set(id, result);
  return result;
}

function titleIds(ctx: CommandContext, query: string): string[] {
  return ctx.search.suggest('title', quoteInput(query, 100), { limit: INLINE_RESULTS }).map((m) => m.id);
}

function topMovieIds(ctx: CommandContext): string[] {
  const top = runCommand(ctx, 'top_peliculas', { n: INLINE_RESULTS });
  const data = top.data as { peliculas?: { id: string }[] } | null;
  return (data?.peliculas ?? []).map((p) => p.id);
}

interface CardData {
  titulo: string;
  anio: number | null;
  tipo: 'pelicula' | 'serie';
  generos: string[];
  plataformas: string[];
}

function cardResult(ctx: CommandContext, id: string, card: Answer): InlineQueryResultArticle {
  const data = card.data as CardData;
  const poster = posterOf(card.data);
  // A card is far below the message limit: its first part is the whole card.
  const [message] = textMessages(card.text, titlesIn(card.data));
  // A streaming entry says its platform: the same film may be listed twice (TMDB and a platform's list).
  const platform = titleInfo(ctx.catalog.db, id).platform;
  const what = [
    platform ? platformName(platform) : '',
    data.tipo === 'serie' ? 'Serie' : 'Película',
    data.anio,
    platform ? '' : data.generos.slice(0, 3).map(genreName).join(', '),
  ];
  const result: InlineQueryResultArticle = {
    type: 'article',
    id, // ≤ 64 bytes: a catalog id (tmdb:862, ns1234)
    title: data.anio ? `${data.titulo} (${data.anio})` : data.titulo,
    description: what.filter(Boolean).join(' · '),
    input_message_content: {
      message_text: message?.html ?? '',
      parse_mode: 'HTML',
      ...(poster ? { link_preview_options: { url: poster, prefer_large_media: true, show_above_text: true } } : {}),
    },
  };
  if (poster) result.thumbnail_url = poster;
  return result;
}
