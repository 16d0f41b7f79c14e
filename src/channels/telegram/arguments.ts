/**
 * `/duracion toy story`, `/duracion_max netflix 2018`: a command with its
 * arguments written as a person writes them. The channel has no parser of its
 * own: the command's words and the arguments go to the NLU as one question
 * («duracion toy story»), which reads the slots (titles with typos, months,
 * platforms, years, countries…) and answers. That reading is used when the NLU
 * understood that very command; otherwise the command is run with what the
 * NLU did read for it (the registry then names the missing argument with an
 * example), or, for a one-argument command, with the text itself as that
 * argument (the registry's own resolvers: «No encontré…», «¿Quisiste decir…?»).
 *
 * This is the one place the channel depends on how the NLU reads arguments
 * (`parser.ask`); a constrained entry point in src/nlu (parse for one command)
 * would replace `questionFor` and the fallback below.
 */
import { runCommand } from '../../../commands/index.js';
import type { Answer, CanonicalArgs, CommandContext, CommandDef } from '../../../commands/types.js';
import { quoteInput } from '../../format.js';
import type { Parser } from '../../nlu/index.js';

/**
 * The words that make a command's name read as a question. By default the chat name itself
 * («estrenos mes», «donde ver»); these two are names the NLU does not read as the question
 * («max» is not «máxima»; «plataforma» between «puntaje» and its number hides the threshold).
 */
const LEADS: Record<string, string> = {
  duracion_max: 'duración máxima',
  puntaje_plataforma: 'puntaje',
};

export function questionFor(def: CommandDef, argsText: string): string {
  const lead = LEADS[def.chatName] ?? def.chatName.replace(/_/g, ' ');
  return `${lead} ${argsText}`.trim();
}

/** The answer to `/<command> <argsText>`; `conversation` keys the NLU's follow-up memory. */
export function answerCommand(
  ctx: CommandContext,
  parser: Parser,
  def: CommandDef,
  argsText: string,
  conversation?: string,
): Answer {
  const text = argsText.trim();
  if (def.args.length === 0) return runCommand(ctx, def.id, {});
  const read = parser.ask(questionFor(def, text), conversation);
  if (read.command === def.id) return withoutOtherReading(read);
  // The NLU read another question (or none): keep what it read that this command takes.
  const args: CanonicalArgs = {};
  for (const spec of def.args) {
    const value = read.args[spec.name];
    if (value !== undefined) args[spec.name] = value;
  }
  const only = def.args.length === 1 ? def.args[0] : undefined;
  if (text !== '' && only && args[only.name] === undefined) args[only.name] = text;
  const answer = runCommand(ctx, def.id, args);
  if (text !== '' && answer.error?.code === 'missing_argument' && Object.keys(args).length === 0) {
    // Nothing of the text could be used: say so, rather than «falta» an argument the user did give.
    answer.text = `No supe leer «${quoteInput(text)}» para /${def.chatName}. Escríbelo como en este ejemplo: ${def.example}`;
  }
  return answer;
}

/**
 * The NLU offers another reading of a free question («Si querías otra cosa, también puedo
 * responder…»); after an explicit /command there is none to offer.
 */
function withoutOtherReading(answer: Answer): Answer {
  const lines = answer.text.split('\n');
  const kept = lines.filter((line) => !line.startsWith(OTHER_READING));
  return kept.length === lines.length ? answer : { ...answer, text: kept.join('\n') };
}

/** How src/nlu/reply.ts (otherReadingNote) starts that line. */
const OTHER_READING = 'Si querías otra cosa, ';
