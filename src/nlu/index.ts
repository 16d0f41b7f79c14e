/**
 * The NLU: free Spanish text → a command of QUESTIONS.md with canonical
 * arguments (`parse`), and its answer (`ask`). Every channel that takes free
 * text (chat, HTTP POST /api/ask, Telegram, Discord) goes through here.
 */
import { registerGenreSynonyms } from '../../commands/args.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { loadData } from './lexicon.js';
import { invert } from './matcher.js';
import { createParser as createFrameParser, type ParseResult } from './parser.js';
import { answerFor } from './reply.js';

export type { ParseResult, Reading } from './parser.js';

// Spanish genre names are accepted as `genero` on every channel, not only in free text.
registerGenreSynonyms(Object.fromEntries(invert(loadData('genres.json'))));

export interface Parser {
  /**
   * `conversation` names a conversation whose turns are follow-ups of each other (channel + chat
   * + user; the terminal chat is one). Without it a text is a question on its own.
   */
  parse(text: unknown, conversation?: string): ParseResult;
  ask(text: unknown, conversation?: string): Answer;
}

export function createParser(ctx: CommandContext): Parser {
  const parse = createFrameParser(ctx);
  return {
    parse,
    ask: (text) => answerFor(ctx, parse(text)),
  };
}

/** The frame as the contract shows it (no reply-only fields): what `filmoteca parse --json` prints. */
export function publicFrame(
  result: ParseResult,
): Pick<ParseResult, 'text' | 'command' | 'args' | 'confidence' | 'alternatives'> {
  const { text, command, args, confidence, alternatives } = result;
  return { text, command, args, confidence, alternatives };
}

/** For the HTTP API (`POST /api/ask`), which loads it when present. */
export function createAsk(ctx: CommandContext): (texto: string) => Answer {
  return createParser(ctx).ask;
}
