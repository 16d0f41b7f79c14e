/**
 * The NLU: free Spanish text → a command of QUESTIONS.md with canonical
 * arguments (`parse`), and its answer (`ask`). Every channel that takes free
 * text (chat, HTTP POST /api/ask, Telegram, Discord) goes through here.
 */
import { registerGenreSynonyms } from '../../commands/args.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { loadConfig } from '../config.js';
import { type ConversationOptions, ConversationStore, type Memory } from './conversation.js';
import type { EntityArg } from './entities.js';
import { loadData } from './lexicon.js';
import { invert } from './matcher.js';
import { createCommandArgsReader, createParser as createFrameParser, type ParseResult } from './parser.js';
import { answerFor } from './reply.js';

export type { ParseResult, Reading, UnusedSlot } from './parser.js';

// Spanish genre names are accepted as `genero` on every channel, not only in free text.
registerGenreSynonyms(Object.fromEntries(invert(loadData('genres.json'))));

export interface Parser {
  /**
   * `conversation` names a conversation whose turns are follow-ups of each other (channel + chat
   * + user; the terminal chat is one). Without it a text is a question on its own.
   */
  parse(text: unknown, conversation?: string): ParseResult;
  ask(text: unknown, conversation?: string): Answer;
  /**
   * A command the user named, with its arguments as they wrote them (`/duracion toy stori` on
   * Telegram): read like a free question's values, with the command fixed. The turn joins the
   * conversation, so a free follow-up («¿y su popularidad?») works after it.
   */
  askCommand(command: string, argsText: unknown, conversation?: string): Answer;
}

/**
 * `options`: the conversations' idle time and bound (CONVERSATION_TTL_MINUTES, CONVERSATION_MAX);
 * without them, the settings of the environment and .env (their defaults when unreadable).
 */
export function createParser(ctx: CommandContext, options: ConversationOptions = conversationSettings()): Parser {
  const parseFrame = createFrameParser(ctx);
  const conversations = new ConversationStore(options);
  const parse = (text: unknown, conversation?: string): ParseResult => {
    const memory = conversations.get(conversation);
    const result = parseFrame(text, memory);
    if (conversation !== undefined) conversations.set(conversation, remember(memory, result));
    return result;
  };
  const readCommandArgs = createCommandArgsReader(ctx);
  return {
    parse,
    ask: (text, conversation) => answerFor(ctx, parse(text, conversation)),
    askCommand: (command, argsText, conversation) => {
      const result = readCommandArgs(command, argsText);
      if (conversation !== undefined)
        conversations.set(conversation, remember(conversations.get(conversation), result));
      return answerFor(ctx, result);
    },
  };
}

function conversationSettings(): ConversationOptions {
  try {
    const { CONVERSATION_TTL_MINUTES, CONVERSATION_MAX } = loadConfig();
    return { ttlMinutes: CONVERSATION_TTL_MINUTES, max: CONVERSATION_MAX };
  } catch {
    return {}; // a bad setting elsewhere is reported by the channel that reads it; here the defaults do
  }
}

/**
 * The memory after a turn: the frame when a command was chosen with its entity found (an
 * unknown name is not something to come back to), that entity, and the platform. A turn that
 * was not understood (off-topic) leaves the memory as it was.
 */
function remember(previous: Memory | undefined, result: ParseResult): Memory {
  const memory: Memory = { entities: { ...previous?.entities } };
  if (previous?.frame) memory.frame = previous.frame;
  if (previous?.plataforma) memory.plataforma = previous.plataforma;
  if (!result.command) return memory;
  const entity = result.entity;
  if (entity && !entity.resolved) return memory;
  memory.frame = { command: result.command, args: { ...result.args } };
  if (entity) {
    const match = entity.matches.find((m) => m.id === result.args[entity.arg]) ?? entity.matches[0];
    if (match) memory.entities[entity.arg as EntityArg] = { value: match.id, label: match.name, year: match.year };
  }
  if (typeof result.args.plataforma === 'string') memory.plataforma = result.args.plataforma;
  return memory;
}

/** The frame as the contract shows it (no reply-only fields): what `filmoteca parse --json` prints. */
export function publicFrame(
  result: ParseResult,
): Pick<ParseResult, 'text' | 'command' | 'args' | 'confidence' | 'alternatives' | 'context'> {
  const { text, command, args, confidence, alternatives, context } = result;
  return { text, command, args, confidence, alternatives, ...(context ? { context } : {}) };
}

/** For the HTTP API (`POST /api/ask`), which loads it when present. */
export function createAsk(ctx: CommandContext): (texto: string, conversacion?: string) => Answer {
  return createParser(ctx).ask;
}
