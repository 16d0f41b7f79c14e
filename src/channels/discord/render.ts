/**
 * An answer as a Discord message: the Spanish text as content, a card (embed)
 * where one reads better (a film's card, a director's films, a ranking,
 * recommendations), and «¿Quisiste decir…?» as buttons. Every limit of
 * limits.ts holds by construction: text is cut at line ends with «… y N más»,
 * lists stop at 25 fields, and the whole embed stays under 6,000 characters.
 *
 * For a card, the content keeps what the card does not show: the first line of
 * the command's own text and whatever came around it (the «Entendí …» of a
 * corrected typo, «También: …» for equal titles, the NLU's notes).
 */

import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIEmbedField } from 'discord.js';
import { platformName, titleWithYear } from '../../../commands/common.js';
import type { DirectorData } from '../../../commands/get_director.js';
import { getCommand } from '../../../commands/index.js';
import type { Card } from '../../../commands/pelicula.js';
import type { Answer, CommandContext } from '../../../commands/types.js';
import { countOf, formatDate, formatDecimal, formatInt, formatList, formatMoney, formatNumber } from '../../format.js';
import type { Recommendation } from '../../recommend/types.js';
import { genreName } from '../../text/genres.js';
import { type Replay, suggestionButtons } from '../common.js';
import { clip, embedLength, fitLines, LIMITS, messageProblems, moreNote } from './limits.js';

/** A message as Discord's API takes it (interaction response data, webhook edit, channel message). */
export interface MessagePayload {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  /** Never ping anyone: a title or a user's text may contain «@everyone». */
  allowed_mentions: { parse: [] };
  flags?: number;
}

/** A file sent with a message (the chart's PNG). */
export interface AttachedFile {
  name: string;
  data: Buffer;
}

/** Only the person who asked sees it (rate limit, failures). */
export const EPHEMERAL = 64;

export const CHART_FILE = 'grafico.png';

/** Discord refuses an empty message: what an answer without text (a bug) shows instead. */
const NO_TEXT = 'No tengo una respuesta para eso.';

const TMDB_MOVIE = 'https://www.themoviedb.org/movie/';

/** Emphasis, code, spoilers, masked links, mentions and timestamps (`<@1>`, `<t:1>`): escaped anywhere. */
const INLINE_MARKS = /[\\*_~`|[\]<]/g;
/** Headings, subtext, quotes and lists: only where they start a line. */
const LINE_MARKS = /^([ \t]*)(#{1,3}|-#|>{1,3}|[-+]|\d+\.)(?=[ \t])/gm;

/**
 * Discord markdown off for data and answers: «*batteries not included» must
 * not turn italic, nor «1. » a list. A backslash before a punctuation mark
 * shows the mark itself. Written here rather than taken from discord.js's
 * escapeMarkdown because that one costs 30–40 µs a call (a dozen regular
 * expression passes) and a card makes a dozen calls; this is one pass, ~1 µs.
 */
export function escapeText(text: string): string {
  return text
    .replace(INLINE_MARKS, '\\$&')
    .replace(LINE_MARKS, (_, space: string, mark: string) =>
      mark.endsWith('.') ? `${space}${mark.slice(0, -1)}\\.` : `${space}\\${mark}`,
    );
}

/**
 * The message for an answer. `asked` is the question as the user sent it (a
 * slash command's options), so a «¿Quisiste decir…?» button keeps the other
 * arguments; null for free text. `onProblem` hears about a payload that would
 * break a limit (a bug): then the plain text is sent instead.
 */
export function renderAnswer(
  ctx: CommandContext,
  answer: Answer,
  asked: Replay | null,
  onProblem?: (problems: string[]) => void,
): MessagePayload {
  const card = cardOf(answer);
  const text = card ? textBesideCard(ctx, answer) : answer.text;
  const payload: MessagePayload = {
    content: fitLines(escapeText(text.trim() === '' && !card ? NO_TEXT : text), LIMITS.content),
    embeds: card ? [card] : [],
    components: suggestionRow(answer, asked),
    allowed_mentions: { parse: [] },
  };
  const problems = messageProblems(payload);
  if (problems.length === 0) return payload;
  onProblem?.(problems);
  return plainMessage(answer.text);
}

/** A short message of the channel's own (rate limit, errors); `ephemeral`: only the asker sees it. */
export function plainMessage(text: string, ephemeral = false): MessagePayload {
  const payload: MessagePayload = {
    content: fitLines(escapeText(text.trim() === '' ? NO_TEXT : text), LIMITS.content),
    embeds: [],
    components: [],
    allowed_mentions: { parse: [] },
  };
  if (ephemeral) payload.flags = EPHEMERAL;
  return payload;
}

/** The message with its chart: the PNG attached and shown as an embed's image. */
export function withChart(payload: MessagePayload, png: Buffer): { payload: MessagePayload; files: AttachedFile[] } {
  return {
    payload: { ...payload, embeds: [...payload.embeds, { image: { url: `attachment://${CHART_FILE}` } }] },
    files: [{ name: CHART_FILE, data: png }],
  };
}

// ------------------------------------------------------------------ content beside a card

/**
 * The answer's text without the part the card shows: the command's own text is
 * found inside the answer (its handler is re-run on the canonical arguments:
 * the catalog is read-only, so it gives the same text), and only its first
 * line is kept, with what the resolver or the NLU added before and after it.
 */
function textBesideCard(ctx: CommandContext, answer: Answer): string {
  let own: string | undefined;
  try {
    own = answer.command ? getCommand(answer.command)?.handler(ctx, answer.args).text : undefined;
  } catch {
    own = undefined;
  }
  const at = own ? answer.text.indexOf(own) : -1;
  if (!own || at < 0) return answer.text;
  return (answer.text.slice(0, at) + own.split('\n')[0] + answer.text.slice(at + own.length)).trim();
}

// ------------------------------------------------------------------ cards

/** The card for an answer, if one reads better than the text; null (the text alone) when its data is not as expected. */
function cardOf(answer: Answer): APIEmbed | null {
  try {
    return buildCard(answer);
  } catch {
    return null;
  }
}

function buildCard(answer: Answer): APIEmbed | null {
  if (!answer.ok || answer.data === null) return null;
  switch (answer.command) {
    case 'pelicula':
      return filmCard(answer.data as Card);
    case 'get_director':
      return directorCard(answer.data as DirectorData);
    case 'top_peliculas':
      return rankingCard(answer.data as RankingData);
    case 'recomendacion':
      return recommendationsCard(answer.data as RecommendationData);
    default:
      return null;
  }
}

function tmdbUrl(id: string): string | undefined {
  const movie = /^tmdb:(\d+)$/.exec(id);
  return movie ? `${TMDB_MOVIE}${movie[1]}` : undefined;
}

function filmCard(card: Card): APIEmbed {
  const duration =
    card.duracion === null
      ? null
      : card.tipo_duracion === 'season'
        ? countOf(card.duracion, 'temporada', 'temporadas')
        : countOf(card.duracion, 'minuto', 'minutos');
  const fields = [
    field('Géneros', formatList(card.generos.map(genreName)), true),
    field('Dirección', formatList(card.directores), true),
    field('Duración', duration, true),
    field('Reparto', formatList(card.reparto)),
    field(
      'Valoración',
      card.votos ? `${formatNumber(card.promedio ?? 0)} (${formatInt(card.votos)} votos)` : null,
      true,
    ),
    field('Popularidad', card.popularidad !== null ? formatDecimal(card.popularidad) : null, true),
    field('Clasificación', card.clasificacion, true),
    field(
      'Dónde verla',
      card.plataformas.length > 0
        ? formatList(card.plataformas.map(platformName))
        : 'En ninguna de las plataformas que conozco',
    ),
  ].filter((f): f is APIEmbedField => f !== null);
  return embed({
    title: titleWithYear(card.titulo, card.anio),
    url: tmdbUrl(card.id),
    description: card.resumen ? escapeText(card.resumen) : undefined,
    thumbnail: card.poster ?? undefined,
    fields,
  });
}

function directorCard(data: DirectorData): APIEmbed | null {
  if (data.peliculas.length === 0) return null;
  return embed({
    title: `Películas dirigidas por ${data.director}`,
    description: `${countOf(data.peliculas.length, 'película', 'películas')} · retorno total ${formatDecimal(data.retorno_total)}`,
    fields: data.peliculas.map((film) => ({
      name: escapeText(`${film.titulo} (${formatDate(film.fecha)})`),
      value: [
        `Retorno: ${formatDecimal(film.retorno)}`,
        `Presupuesto: ${formatMoney(film.presupuesto)}`,
        `Ingresos: ${formatMoney(film.ingresos)}`,
        `Ganancia: ${formatMoney(film.ganancia)}`,
      ].join('\n'),
      inline: true,
    })),
  });
}

interface RankingData {
  c: number;
  m: number;
  peliculas: Array<{ id: string; titulo: string; anio: number; wr: number; votos: number }>;
}

function rankingCard(data: RankingData): APIEmbed | null {
  if (data.peliculas.length === 0) return null;
  return embed({
    description: data.peliculas
      .map(
        (movie, i) =>
          `**${i + 1}.** ${linked(movie.titulo, movie.id)} (${movie.anio}): ${formatDecimal(movie.wr)} · ${countOf(movie.votos, 'voto', 'votos')}`,
      )
      .join('\n'),
    footer: `Valoración ponderada: C = ${formatDecimal(data.c)} (promedio del catálogo), m = ${formatInt(Math.round(data.m))} votos`,
  });
}

interface RecommendationData {
  titulo: string;
  recomendaciones: Recommendation[];
}

function recommendationsCard(data: RecommendationData): APIEmbed | null {
  if (data.recomendaciones.length === 0) return null;
  return embed({
    title: `Si te gustó ${data.titulo}`,
    description: data.recomendaciones
      .map((r, i) => `**${i + 1}.** ${linked(r.titulo, r.id)}${r.anio ? ` (${r.anio})` : ''}`)
      .join('\n'),
  });
}

/** A title as a link to its TMDB page when it has one. */
function linked(title: string, id: string): string {
  const url = tmdbUrl(id);
  const text = escapeText(title).replace(/[[\]]/g, '\\$&');
  return url ? `[${text}](${url})` : text;
}

function field(name: string, value: string | null, inline = false): APIEmbedField | null {
  if (value === null || value.trim() === '') return null;
  return { name, value: escapeText(value), inline };
}

/**
 * An embed within every limit (the title is escaped here; description and
 * fields come escaped, as they hold the card's own markdown): title, description and footer clipped, the
 * description cut at line ends, and fields added while they fit (25, and 6,000
 * characters in all), the last one saying how many were left out.
 */
function embed(parts: {
  title?: string;
  url?: string | undefined;
  description?: string | undefined;
  thumbnail?: string | undefined;
  footer?: string;
  fields?: APIEmbedField[];
}): APIEmbed {
  const out: APIEmbed = {};
  if (parts.title) out.title = clip(escapeText(parts.title), LIMITS.embedTitle);
  if (parts.url) out.url = parts.url;
  if (parts.thumbnail && /^https?:\/\//.test(parts.thumbnail)) out.thumbnail = { url: parts.thumbnail };
  if (parts.footer) out.footer = { text: clip(parts.footer, LIMITS.footer) };
  if (parts.description) {
    const room = LIMITS.embedTotal - embedLength(out);
    out.description = fitLines(parts.description, Math.min(LIMITS.embedDescription, room));
  }
  const fields = parts.fields ?? [];
  if (fields.length > 0) out.fields = fitFields(fields, LIMITS.embedTotal - embedLength(out));
  return out;
}

const MORE_FIELD_NAME = 'Y más';

function fitFields(fields: APIEmbedField[], room: number): APIEmbedField[] {
  const clipped = fields.map((f) => ({
    ...f,
    name: clip(f.name, LIMITS.fieldName),
    value: clip(f.value, LIMITS.fieldValue),
  }));
  const kept: APIEmbedField[] = [];
  let used = 0;
  for (let i = 0; i < clipped.length; i++) {
    const f = clipped[i] as APIEmbedField;
    const left = clipped.length - i - 1;
    const reserve = left > 0 ? MORE_FIELD_NAME.length + moreNote(left).length : 0;
    const slots = left > 0 ? LIMITS.embedFields - 1 : LIMITS.embedFields;
    if (kept.length >= slots || used + f.name.length + f.value.length + reserve > room) {
      kept.push({ name: MORE_FIELD_NAME, value: moreNote(clipped.length - i) });
      return kept;
    }
    kept.push(f);
    used += f.name.length + f.value.length;
  }
  return kept;
}

// ------------------------------------------------------------------ buttons

/** «¿Quisiste decir…?»: up to 5 buttons, each re-asking the question with one choice. */
function suggestionRow(answer: Answer, asked: Replay | null): MessagePayload['components'] {
  const seen = new Set<string>();
  const buttons: APIButtonComponent[] = [];
  for (const { label, data } of suggestionButtons(answer, asked, LIMITS.customId, LIMITS.buttonsPerRow)) {
    if (seen.has(data)) continue; // Discord refuses two buttons with one custom_id
    seen.add(data);
    buttons.push({ type: 2, style: 2, label: clip(label, LIMITS.buttonLabel), custom_id: data } as APIButtonComponent);
  }
  return buttons.length > 0 ? [{ type: 1, components: buttons } as APIActionRowComponent<APIButtonComponent>] : [];
}
