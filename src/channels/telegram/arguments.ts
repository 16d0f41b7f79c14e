/**
 * `/duracion toy story`, `/duracion_max netflix 2018`: a command with its
 * arguments written as a person writes them. The channel has no parser of its
 * own: the NLU reads the values with the command fixed
 * (`parser.askCommand`), the same slot and entity reading as free text
 * (titles with typos, months, platforms, years, countries…), and the registry
 * answers: «Falta …» with an example when a required value is missing, «No
 * encontré… ¿Quisiste decir…?» when a name is not in the catalog.
 */
import { runCommand } from '../../../commands/index.js';
import type { Answer, CommandContext, CommandDef } from '../../../commands/types.js';
import type { Parser } from '../../nlu/index.js';

/** The answer to `/<command> <argsText>`; `conversation` keys the NLU's follow-up memory. */
export function answerCommand(
  ctx: CommandContext,
  parser: Parser,
  def: CommandDef,
  argsText: string,
  conversation?: string,
): Answer {
  if (def.args.length === 0) return runCommand(ctx, def.id, {});
  return parser.askCommand(def.id, argsText.trim(), conversation);
}
