/**
 * Parse, run, and say it in Spanish: the command's answer plus what the NLU
 * must own up to — a corrected name, other entries with the same title, another
 * reading of the question — or a calm "no entendí" with the closest questions
 * the bot can answer.
 */
import { platformName } from '../../commands/common.js';
import { closestCommands, getCommand, runCommand } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { formatAlternatives, formatList, formatNumber, monthName, weekdayName } from '../format.js';
import { searchForm } from '../search/fuzzy.js';
import { countryName, languageName } from '../text/codes.js';
import { genreName } from '../text/genres.js';
import { MAX_TEXT_LENGTH, type ParseResult, type UnusedSlot } from './parser.js';

/** Shown when nothing is close: the questions people ask most. */
const DEFAULT_SUGGESTIONS = ['top_peliculas', 'pelicula', 'cantidad_filmaciones_mes'];

export function answerFor(ctx: CommandContext, parsed: ParseResult): Answer {
  if (!parsed.command) return notUnderstood(parsed);
  const answer = runCommand(ctx, parsed.command, parsed.args);
  const before = correctionNote(parsed);
  const after = [unusedNote(parsed), sameTitleNote(parsed), otherReadingNote(parsed)].filter(Boolean);
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

/** How an unused value is named in the note. */
function describeUnused({ slot, value }: UnusedSlot): string {
  const text = String(value);
  switch (slot) {
    case 'anio':
      return `el año ${text}`;
    case 'desde':
      return `«desde ${text}»`;
    case 'hasta':
      return `«hasta ${text}»`;
    case 'grafico':
      return `el gráfico «${text}»`;
    case 'mes':
      return `el mes (${monthName(Number(value))})`;
    case 'dia':
      return `el día (${weekdayName(Number(value))})`;
    case 'plataforma':
      return `la plataforma (${platformName(text)})`;
    case 'pais':
      return `el país (${countryName(text)})`;
    case 'idioma':
      return `el idioma (${languageName(text)})`;
    case 'genero':
      return `el género (${genreName(text).toLowerCase()})`;
    case 'rating':
      return `la clasificación ${text}`;
    case 'tipo':
      return value === 'serie' ? 'el tipo (series)' : 'el tipo (películas)';
    case 'tipo_duracion':
      return value === 'season' ? 'la unidad (temporadas)' : 'la unidad (minutos)';
    case 'n':
      return `el número ${text}`;
    case 'puntaje':
      return `el puntaje ${formatNumber(Number(value))}`;
  }
}

/**
 * Never a silently dropped word: «(El año 2010 no aplica a esta pregunta: la respuesta no lo tiene
 * en cuenta.)» for every value the user gave that the question cannot take.
 */
function unusedNote(parsed: ParseResult): string {
  const unused = parsed.unused ?? [];
  if (unused.length === 0) return '';
  const names = unused.map(describeUnused);
  const list = formatList(names);
  const plural = names.length > 1;
  return `(${list.charAt(0).toUpperCase()}${list.slice(1)} no ${plural ? 'aplican' : 'aplica'} a esta pregunta: la respuesta no ${plural ? 'los' : 'lo'} tiene en cuenta.)`;
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
