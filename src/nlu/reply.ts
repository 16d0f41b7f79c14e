/**
 * Parse, run, and say it in Spanish: the command's answer plus what the NLU
 * must own up to — a corrected name, other entries with the same title, another
 * reading of the question — or a calm "no entendí" with the closest questions
 * the bot can answer.
 */
import { closestCommands, getCommand, runCommand } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { formatAlternatives } from '../format.js';
import { searchForm } from '../search/fuzzy.js';
import { MAX_TEXT_LENGTH, type ParseResult } from './parser.js';

/** Shown when nothing is close: the questions people ask most. */
const DEFAULT_SUGGESTIONS = ['top_peliculas', 'pelicula', 'cantidad_filmaciones_mes'];

export function answerFor(ctx: CommandContext, parsed: ParseResult): Answer {
  if (!parsed.command) return notUnderstood(parsed);
  const answer = runCommand(ctx, parsed.command, parsed.args);
  const before = correctionNote(parsed);
  const after = [sameTitleNote(parsed), otherReadingNote(parsed)].filter(Boolean);
  answer.text = [before, answer.text, ...after].filter(Boolean).join('\n');
  return answer;
}

function notUnderstood(parsed: ParseResult): Answer {
  const ids = suggestionsFor(parsed);
  const examples = ids.map((id) => `«${getCommand(id)?.example ?? id}»`);
  const lead =
    parsed.reason === 'too_long'
      ? `Tu mensaje es muy largo (${parsed.text.length} caracteres; leo hasta ${MAX_TEXT_LENGTH}). Hazme una pregunta corta.`
      : parsed.reason === 'empty'
        ? 'No vi ninguna pregunta en tu mensaje.'
        : 'No entendí tu pregunta.';
  return {
    command: null,
    args: {},
    text: `${lead} Puedo responder, por ejemplo: ${formatAlternatives(examples)}. Escribe «ayuda» para ver todo lo que sé.`,
    data: null,
    ok: false,
    error: { code: 'unknown_command', suggestions: ids.map((id) => getCommand(id)?.chatName ?? id) },
  };
}

/** The commands that came closest (2–3); else the closest by name and description; else the usual ones. */
function suggestionsFor(parsed: ParseResult): string[] {
  const ids = parsed.closest.filter((id) => id !== 'ayuda').slice(0, 3);
  if (ids.length < 2 && parsed.reason === 'not_understood') {
    for (const def of closestCommands(parsed.text)) if (!ids.includes(def.id) && def.id !== 'ayuda') ids.push(def.id);
  }
  for (const id of DEFAULT_SUGGESTIONS) if (ids.length < 2 && !ids.includes(id)) ids.push(id);
  return ids.slice(0, 3);
}

/** "Entendí «Al Pacino»." when what was typed is not exactly the catalog's name. */
function correctionNote(parsed: ParseResult): string {
  const entity = parsed.entity;
  const match = entity?.resolved ? entity.matches[0] : undefined;
  if (!entity || !match) return '';
  // Same words once case, accents, punctuation and a leading article are ignored: nothing was corrected.
  // "james bond" for James Bond Collection is no correction either.
  if (searchForm(entity.typed) === searchForm(match.name.replace(/\s+collection$/i, ''))) return '';
  if (searchForm(entity.typed) === searchForm(match.name)) return '';
  return `(Entendí «${match.name}${match.year ? ` (${match.year})` : ''}».)`;
}

/** "También: Titanic (1953)." — other entries with the very same title. */
function sameTitleNote(parsed: ParseResult): string {
  const others = parsed.alternatives.filter((alt) => alt.command === parsed.command);
  if (others.length === 0 || !parsed.entity) return '';
  const names = others.map((alt) => {
    const match = parsed.entity?.matches.find((m) => m.id === alt.args[parsed.entity?.arg ?? '']);
    return match ? `${match.name}${match.year ? ` (${match.year})` : ''}` : String(alt.args[parsed.entity?.arg ?? '']);
  });
  return `También: ${formatAlternatives(names)}. Añade el año para elegir otra.`;
}

/** Another command that fitted almost as well. */
function otherReadingNote(parsed: ParseResult): string {
  const other = parsed.alternatives.find((alt) => alt.command !== parsed.command);
  const def = other ? getCommand(other.command) : undefined;
  if (!def) return '';
  return `Si querías otra cosa, también puedo responder: ${lowerFirst(def.description)} (por ejemplo: «${def.example}»).`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
