/**
 * What the chat channels (Discord, Telegram, the terminal chat) share, so each
 * platform adapter only renders: the per-user rate limit, splitting long
 * answers, conversation ids, the compact encoding of a button that re-asks a
 * question with another value («¿Quisiste decir…?»), and the one reader of a
 * «/comando texto» line.
 */
import { closestCommands, getCommand, runCommand } from '../../commands/index.js';
import type { Answer, CanonicalArgs, Choice, CommandContext, CommandDef } from '../../commands/types.js';
import { formatAlternatives, quoteInput } from '../format.js';
import type { Parser } from '../nlu/index.js';

// ------------------------------------------------------------------ «/comando texto»

/**
 * `/duracion toy story`, `/grafico estrenos_anio comedia 1990 2000`: a command with its arguments
 * written as a person writes them (Telegram, the terminal chat). No channel has a parser of its
 * own: the NLU reads the values with the command fixed (`parser.askCommand`), the same slot and
 * entity reading as free text (titles with typos, months, platforms, years and ranges…), and the
 * registry answers: «Falta …» with an example when a required value is missing, «No encontré…
 * ¿Quisiste decir…?» when a name is not in the catalog. `conversation` keys the follow-up memory.
 */
export function answerSlashCommand(
  ctx: CommandContext,
  parser: Pick<Parser, 'askCommand'>,
  def: CommandDef,
  argsText: string,
  conversation?: string,
): Answer {
  if (def.args.length === 0) return runCommand(ctx, def.id, {});
  return parser.askCommand(def.id, argsText.trim(), conversation);
}

/** «No conozco /foo»: the registry's closest commands, written as /commands (Telegram makes them tappable). */
export function unknownCommandAnswer(name: string): Answer {
  const close = closestCommands(name).map((def) => `/${def.chatName}`);
  const hint =
    close.length > 0 ? `¿Quisiste decir ${formatAlternatives(close)}?` : 'Escribe /ayuda para ver lo que sé.';
  return {
    command: null,
    args: {},
    text: `No conozco el comando /${quoteInput(name, 40)}. ${hint}`,
    data: null,
    ok: false,
    error: { code: 'unknown_command', suggestions: close },
  };
}

// ------------------------------------------------------------------ rate limit

/**
 * At most `perMinute` questions per user in any 60 s window (sliding log).
 * Written here rather than taken from a library because it must work the same
 * for Discord and Telegram (@grammyjs/ratelimiter is Telegram-only middleware)
 * and must be testable with a fake clock. Memory is bounded: users idle for a
 * minute are forgotten on the next sweep.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  private lastSweep = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the question may go ahead (and counts it); else the seconds to wait. */
  check(user: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    this.sweep(now);
    const recent = (this.hits.get(user) ?? []).filter((t) => now - t < WINDOW_MS);
    if (recent.length >= this.perMinute) {
      this.hits.set(user, recent);
      return Math.max(1, Math.ceil(((recent[0] as number) + WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    this.hits.set(user, recent);
    return 0;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < WINDOW_MS) return;
    this.lastSweep = now;
    for (const [user, times] of this.hits) if (now - (times.at(-1) ?? 0) >= WINDOW_MS) this.hits.delete(user);
  }
}

const WINDOW_MS = 60_000;

/** The polite reply when a user asks too fast. */
export function rateLimitedText(seconds: number): string {
  return `Vas muy rápido: espera ${seconds} ${seconds === 1 ? 'segundo' : 'segundos'} y vuelve a preguntar.`;
}

/** The reply when something failed inside the bot (the operator's log has the details). */
export const INTERNAL_ERROR_TEXT = 'Algo falló de mi lado al responder. Prueba de nuevo en un momento.';

// ------------------------------------------------------------------ text

/**
 * Splits a long answer into messages of at most `max` characters (code points),
 * at line boundaries; a single longer line is cut at the last space before the
 * limit (or hard, for a space-less run). Never loses or reorders a character
 * besides the line breaks and spaces it cuts at.
 */
export function splitMessage(text: string, max: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    const candidate = current === '' ? line : `${current}\n${line}`;
    if (length(candidate) <= max) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = '';
    let rest = line;
    while (length(rest) > max) {
      const chars = Array.from(rest);
      const head = chars.slice(0, max).join('');
      const space = head.lastIndexOf(' ');
      const cut = space > 0 ? space : head.length;
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ /, '');
    }
    current = rest;
  }
  if (current !== '' || parts.length === 0) parts.push(current);
  return parts;
}

function length(text: string): number {
  // Code points, as both platforms count them (an emoji is one character, not two).
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One follow-up memory per platform, chat and user: two people in a group have separate conversations. */
export function conversationId(platform: 'discord' | 'telegram', chat: string | number, user: string | number): string {
  return `${platform}:${chat}:${user}`;
}

// ------------------------------------------------------------------ buttons

/**
 * A question to re-ask, encoded for a button (Discord custom_id ≤ 100
 * characters, Telegram callback_data ≤ 64 bytes): the command's chat name and
 * its canonical values in argument order, `|`-separated (`duracion|tmdb:862`).
 * Canonical values are ids or exact catalog names, never free text, so the
 * button re-runs exactly that question.
 */
export interface Replay {
  command: string;
  args: CanonicalArgs;
}

const SEPARATOR = '|';

export function encodeReplay(replay: Replay, maxBytes: number): string | null {
  const def = getCommand(replay.command);
  if (!def) return null;
  const values = def.args.map((spec) => escapeValue(replay.args[spec.name]));
  while (values.length > 0 && values.at(-1) === '') values.pop();
  const encoded = [def.chatName, ...values].join(SEPARATOR);
  return Buffer.byteLength(encoded, 'utf8') <= maxBytes ? encoded : null;
}

export function decodeReplay(data: string): Replay | null {
  const [name, ...values] = data.split(SEPARATOR);
  const def = name ? getCommand(name) : undefined;
  if (!def || values.length > def.args.length) return null;
  const args: CanonicalArgs = {};
  values.forEach((value, i) => {
    const spec = def.args[i];
    if (spec && value !== '') args[spec.name] = decodeURIComponent(value);
  });
  return { command: def.id, args };
}

function escapeValue(value: string | number | undefined): string {
  return value === undefined ? '' : String(value).replace(/[%|]/g, encodeURIComponent);
}

/**
 * The buttons «¿Quisiste decir…?» of an answer: each re-asks the same question
 * with one of the answer's choices for the argument that did not resolve. The
 * other arguments are the ones the channel sent (`asked`). Choices whose
 * encoding does not fit `maxBytes` are left out (the text still names them).
 */
export function suggestionButtons(
  answer: Answer,
  asked: Replay | null,
  maxBytes: number,
  limit = 5,
): Array<{ label: string; data: string }> {
  const argument = answer.error?.argument;
  const choices: Choice[] = answer.error?.choices ?? [];
  const command = answer.command ?? asked?.command;
  if (!argument || !command || choices.length === 0) return [];
  const buttons: Array<{ label: string; data: string }> = [];
  for (const choice of choices) {
    const args = { ...(asked?.command === command ? asked.args : answer.args), [argument]: choice.value };
    const data = encodeReplay({ command, args }, maxBytes);
    if (data) buttons.push({ label: choice.label, data });
    if (buttons.length === limit) break;
  }
  return buttons;
}
