/**
 * Shared argument resolution: a raw value typed by a user, a URL, a CLI flag
 * or the NLU (`enero`, `Francia`, `Toy Story (1995)`, `3,5`) → the canonical
 * value of QUESTIONS.md (`1`, `FR`, `tmdb:862`, `3.5`), or a short Spanish
 * answer saying what is wrong. Canonical values pass through unchanged (after
 * validation), so every channel can call every command the same way.
 *
 * No raw text ever reaches SQL as text to interpret: lookups use bound
 * parameters. Titles and names resolve on an exact normalized match (an
 * indexed *_key lookup); otherwise on ctx.search's best match when it is
 * confident (a typo, said in the answer), else ctx.search supplies the
 * closest matches for "¿Quisiste decir …?".
 */

import { CHART_KINDS, chartKindFromText } from '../src/charts/kinds.js';
import { formatAlternatives, MONTHS, quoteInput, WEEKDAYS } from '../src/format.js';
import { splitYear } from '../src/search/index.js';
import type { Match } from '../src/search/types.js';
import { monthNames } from '../src/text/calendar.js';
import { closestCountries, closestLanguages, countryCode, languageCode } from '../src/text/codes.js';
import { closestGenres, genreFromName, genreName } from '../src/text/genres.js';
import { normalizeKey, normalizeWords } from '../src/text/normalize.js';
import { allRows, failed, getRow, perDb, titleWithYear } from './common.js';
import type { Answer, ArgKind, ArgSpec, CanonicalArgs, Choice, CommandContext, CommandDef } from './types.js';

/** The longest value accepted (QUESTIONS.md: over-long input is answered calmly). */
export const MAX_ARG_LENGTH = 500;

export type RawArgs = Record<string, unknown>;

export type Resolution =
  | { ok: true; args: CanonicalArgs; notes: string[]; corrections: string[] }
  | { ok: false; answer: Answer };

/** A resolver's verdict for one argument. */
type Resolved =
  | { value: string | number; note?: string; correction?: string }
  | { error: 'bad_argument' | 'not_found'; message: string; choices?: Choice[] };

export function resolveArgs(ctx: CommandContext, def: CommandDef, raw: RawArgs): Resolution {
  const args: CanonicalArgs = {};
  const notes: string[] = [];
  const corrections: string[] = [];
  for (const spec of def.args) {
    const value = raw[spec.name];
    if (isAbsent(value)) {
      if (!spec.required) continue;
      const { withArticle, detail } = argPhrase(spec);
      return {
        ok: false,
        answer: failed(
          def.id,
          args,
          'missing_argument',
          `Falta ${withArticle}${detail ? `: ${detail}` : ''}. Ejemplo: ${def.example}`,
          { argument: spec.name },
        ),
      };
    }
    const resolved = resolveOne(ctx, spec, value, args);
    if ('error' in resolved) {
      const extra: { argument: string; suggestions?: string[]; choices?: Choice[] } = { argument: spec.name };
      if (resolved.choices) {
        extra.suggestions = resolved.choices.map((c) => c.label);
        extra.choices = resolved.choices;
      }
      return { ok: false, answer: failed(def.id, args, resolved.error, resolved.message, extra) };
    }
    args[spec.name] = resolved.value;
    if (resolved.note) notes.push(resolved.note);
    if (resolved.correction) corrections.push(resolved.correction);
  }
  return { ok: true, args, notes, corrections };
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Head nouns ending in -a that are masculine (the rest of the rule: -a, -ción, -dad… are feminine). */
const MASCULINE_IN_A = new Set(['dia', 'idioma', 'tema', 'problema', 'programa', 'mapa', 'clima', 'drama']);

/**
 * How a user's text names an argument, from its description (never its internal name,
 * `anio`): «Año de estreno: …» → the noun phrase «año de estreno», with its article
 * («el año de estreno») and the rest as a hint. The article follows the head noun's
 * ending; a description that starts with a question word («Cuántas películas…») gets none.
 */
export function argPhrase(spec: ArgSpec): { name: string; withArticle: string; detail: string } {
  const cut = /[:,]|\s\(/.exec(spec.description);
  const head = (cut ? spec.description.slice(0, cut.index) : spec.description).trim();
  const detail = (cut ? spec.description.slice(cut.index) : '')
    .replace(/^[:,\s]+/, '')
    .replace(/^\((.*)\)(.*)$/s, '$1$2')
    .trim();
  const name = lowerFirst(head);
  const first = normalizeKey(name.split(' ', 1)[0] ?? '');
  const question = ['cuantas', 'cuantos', 'cual', 'cuales', 'que'].includes(first);
  const feminine = /(?:cion|sion|dad|tud|umbre)$/.test(first) || (first.endsWith('a') && !MASCULINE_IN_A.has(first));
  const withArticle = question ? name : `${feminine ? 'la' : 'el'} ${name}`;
  return { name, withArticle, detail };
}
function resolveOne(ctx: CommandContext, spec: ArgSpec, value: unknown, sofar: CanonicalArgs): Resolved {
  const text = cleanText(spec, value);
  if (typeof text !== 'string') return text;
  const resolver = RESOLVERS[spec.kind];
  return resolver(ctx, spec, text, sofar);
}

/** Every raw value becomes one clean line of text, or a bad_argument verdict. */
function cleanText(spec: ArgSpec, value: unknown): string | Resolved {
  const { name, withArticle } = argPhrase(spec);
  const subject = upperFirst(withArticle);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    return bad(`${subject} tiene que ser un texto o un número, no ${describeType(value)}.`);
  }
  if (value.length > MAX_ARG_LENGTH) {
    return bad(`${subject} tiene demasiados caracteres (${value.length}; como mucho ${MAX_ARG_LENGTH}).`);
  }
  const oneLine = value.replace(/\s+/gu, ' ').trim();
  if (/\p{Cc}/u.test(oneLine)) return bad(`${subject} tiene caracteres de control: escribe solo texto normal.`);
  if (normalizeWords(oneLine) === '') {
    return bad(`«${quoteInput(oneLine)}» no tiene letras ni números: no sirve como ${name}.`);
  }
  return oneLine;
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'una lista';
  if (typeof value === 'boolean') return 'un sí/no';
  if (typeof value === 'number') return 'un número no válido';
  return 'un objeto';
}

function bad(message: string, choices?: Choice[]): Resolved {
  return choices && choices.length > 0
    ? { error: 'bad_argument', message, choices }
    : { error: 'bad_argument', message };
}

/** An unknown country, language or genre: what is wrong, and the closest known values as «¿Quisiste decir …?». */
function unknownWithSuggestions(message: string, close: readonly { label: string; value: string }[]): Resolved {
  const choices = close.map(({ label, value }) => ({ label, value }));
  const hint = choices.length > 0 ? ` ¿Quisiste decir ${formatAlternatives(choices.map((c) => c.label))}?` : '';
  return bad(`${message}${hint}`, choices);
}

type Resolver = (ctx: CommandContext, spec: ArgSpec, text: string, sofar: CanonicalArgs) => Resolved;

const RESOLVERS: Record<ArgKind, Resolver> = {
  mes: (_ctx, _spec, text) => resolveFromNames(text, MONTH_NAMES, 12, 'un mes (enero a diciembre, o 1 a 12)'),
  dia: (_ctx, _spec, text) =>
    resolveFromNames(text, WEEKDAY_NAMES, 7, 'un día de la semana (lunes a domingo, o 1 = lunes a 7 = domingo)'),
  anio: (_ctx, spec, text) => resolveInteger(text, spec.min ?? 1870, spec.max ?? 2100, 'un año'),
  entero: (_ctx, spec, text) =>
    resolveInteger(text, spec.min ?? 1, spec.max ?? Number.MAX_SAFE_INTEGER, 'un número entero'),
  numero: (_ctx, spec, text) => resolveNumber(text, spec),
  titulo: (ctx, spec, text, sofar) => resolveTitle(ctx, spec, text, sofar),
  persona: (ctx, spec, text) => resolvePerson(ctx, spec, text),
  franquicia: (ctx, _spec, text) => resolveCollection(ctx, text),
  productora: (ctx, _spec, text) => resolveCompany(ctx, text),
  pais: (_ctx, _spec, text) => {
    const code = countryCode(text);
    if (code) return { value: code };
    const what = /^[a-z]{2}$/i.test(text)
      ? `«${text}» no es un código de país ISO 3166-1.`
      : `No conozco el país «${quoteInput(text)}».`;
    const close = closestCountries(text);
    return close.length > 0
      ? unknownWithSuggestions(what, close)
      : bad(`${what} Prueba con su nombre (Francia) o su código (FR).`);
  },
  idioma: (_ctx, _spec, text) => {
    const code = languageCode(text);
    if (code) return { value: code };
    const what = /^[a-z]{2}$/i.test(text)
      ? `«${text}» no es un código de idioma ISO 639-1.`
      : `No conozco el idioma «${quoteInput(text)}».`;
    const close = closestLanguages(text);
    return close.length > 0
      ? unknownWithSuggestions(what, close)
      : bad(`${what} Prueba con su nombre (francés) o su código (fr).`);
  },
  plataforma: (_ctx, _spec, text) => {
    const platform = PLATFORMS.get(normalizeWords(text));
    return platform
      ? { value: platform }
      : bad(`«${quoteInput(text)}» no es una plataforma que conozca: Amazon Prime Video, Disney+, Hulu o Netflix.`);
  },
  tipo_duracion: (_ctx, _spec, text) => {
    const unit = DURATION_TYPES.get(normalizeWords(text));
    return unit
      ? { value: unit }
      : bad(`«${quoteInput(text)}» no es un tipo de duración: escribe «min» (minutos) o «season» (temporadas).`);
  },
  tipo: (_ctx, _spec, text) => {
    const type = TITLE_TYPES.get(normalizeWords(text));
    return type ? { value: type } : bad(`«${quoteInput(text)}» no es un tipo de título: escribe «pelicula» o «serie».`);
  },
  rating: (ctx, _spec, text) => resolveRating(ctx, text),
  genero: (ctx, _spec, text) => resolveGenre(ctx, text),
  grafico: (_ctx, _spec, text) => {
    const kind = chartKindFromText(text);
    return kind
      ? { value: kind.id }
      : bad(`«${quoteInput(text)}» no es un tipo de gráfico. Hay: ${CHART_KINDS.map((k) => k.id).join(', ')}.`);
  },
};

// ------------------------------------------------------------------ names → numbers

const MONTH_NAMES = namesTable([
  ...MONTHS.map((name, i) => [name, i + 1] as const),
  ['setiembre', 9], // accepted spelling in Spain and much of Latin America
  ...monthNames('en').map((name, i) => [name, i + 1] as const),
]);

const WEEKDAY_NAMES = namesTable([
  ...WEEKDAYS.map((name, i) => [name, i + 1] as const),
  ...['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map(
    (name, i) => [name, i + 1] as const,
  ),
]);

function namesTable(entries: ReadonlyArray<readonly [string, number]>): Map<string, number> {
  return new Map(entries.map(([name, n]) => [normalizeKey(name), n]));
}

function resolveFromNames(text: string, names: Map<string, number>, max: number, what: string): Resolved {
  const key = normalizeWords(text);
  const byName = names.get(key);
  if (byName !== undefined) return { value: byName };
  if (/^\d{1,2}$/.test(key) && Number(key) >= 1 && Number(key) <= max) return { value: Number(key) };
  return bad(`«${quoteInput(text)}» no es ${what}.`);
}

function resolveInteger(text: string, min: number, max: number, what: string): Resolved {
  if (!/^[+-]?\d{1,16}$/.test(text)) return bad(`«${quoteInput(text)}» no es ${what}.`);
  const value = Number(text);
  if (value < min || value > max) {
    return bad(
      max === Number.MAX_SAFE_INTEGER
        ? `«${quoteInput(text)}» tiene que ser ${what} mayor o igual que ${min}.`
        : `«${quoteInput(text)}» tiene que ser ${what} entre ${min} y ${max}.`,
    );
  }
  return { value };
}

function resolveNumber(text: string, spec: ArgSpec): Resolved {
  // Both decimal marks: "3,5" (Spanish) and "3.5".
  if (!/^[+-]?\d{1,9}([.,]\d{1,9})?$/.test(text))
    return bad(`«${quoteInput(text)}» no es un número (por ejemplo 3,5).`);
  const value = Number(text.replace(',', '.'));
  if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
    return bad(`«${quoteInput(text)}» tiene que estar entre ${spec.min ?? '-∞'} y ${spec.max ?? '∞'}.`);
  }
  return { value };
}

// ------------------------------------------------------------------ fixed vocabularies

const PLATFORMS = new Map<string, string>(
  Object.entries({
    amazon: ['amazon', 'amazon prime', 'amazon prime video', 'prime', 'prime video', 'amazon video'],
    disney: ['disney', 'disney plus', 'disney+', 'disneyplus', 'disney plus'],
    hulu: ['hulu'],
    netflix: ['netflix'],
  }).flatMap(([platform, names]) => names.map((name) => [normalizeWords(name), platform] as [string, string])),
);

const DURATION_TYPES = new Map<string, string>([
  ...['min', 'mins', 'minuto', 'minutos', 'minute', 'minutes', 'm'].map((n) => [n, 'min'] as [string, string]),
  ...['season', 'seasons', 'temporada', 'temporadas', 'temp'].map((n) => [n, 'season'] as [string, string]),
]);

const TITLE_TYPES = new Map<string, string>([
  ...['pelicula', 'peliculas', 'peli', 'pelis', 'movie', 'movies', 'film', 'filme'].map(
    (n) => [n, 'pelicula'] as [string, string],
  ),
  ...['serie', 'series', 'tv show', 'tv shows', 'show', 'shows', 'tv'].map((n) => [n, 'serie'] as [string, string]),
]);

/** rating_key → the rating as the data spells it most often (`tv ma` is not a key: keys keep the dash). */
const distinctRatings = perDb((db) => {
  const rows = allRows<{ rating_key: string; rating: string }>(
    db,
    `SELECT rating_key, rating FROM titles GROUP BY rating_key, rating ORDER BY count(*) DESC`,
  );
  const byKey = new Map<string, string>();
  for (const row of rows) if (!byKey.has(row.rating_key)) byKey.set(row.rating_key, row.rating);
  return byKey;
});

function resolveRating(ctx: CommandContext, text: string): Resolved {
  const ratings = distinctRatings(ctx.catalog.db);
  const rating = ratings.get(normalizeKey(text));
  if (rating) return { value: rating };
  const known = [...ratings.values()].slice(0, 12);
  return bad(`«${quoteInput(text)}» no es una clasificación del catálogo. Hay, por ejemplo: ${known.join(', ')}.`);
}

// ------------------------------------------------------------------ genres

/**
 * Genre names: TMDB's (the canonical value) and the Spanish and English words users type
 * («comedia», «terror», «ciencia ficción»), from src/text/genres.ts, so `genero` takes them
 * on every channel. More can be added here (`registerGenreSynonyms({ 'pelis de risa': 'Comedy' })`).
 */
const genreSynonyms = new Map<string, string>();

export function registerGenreSynonyms(synonyms: Record<string, string>): void {
  for (const [name, tmdbName] of Object.entries(synonyms)) genreSynonyms.set(normalizeKey(name), tmdbName);
}

function resolveGenre(ctx: CommandContext, text: string): Resolved {
  const db = ctx.catalog.db;
  const key = normalizeKey(text);
  const tmdbName = genreSynonyms.get(key) ?? genreFromName(text);
  const row = getRow<{ name: string }>(
    db,
    'SELECT name FROM genres WHERE name_key = ? LIMIT 1',
    tmdbName ? normalizeKey(tmdbName) : key,
  );
  if (row) return { value: row.name };
  const known = allRows<{ name: string }>(db, 'SELECT DISTINCT name FROM genres ORDER BY name').map((r) => r.name);
  const spanish = known.map(genreName).sort((a, b) => a.localeCompare(b, 'es'));
  const what = tmdbName
    ? `El catálogo no tiene películas del género ${genreName(tmdbName).toLowerCase()}.`
    : `No conozco el género «${quoteInput(text)}».`;
  const close = tmdbName ? [] : closestGenres(text, known);
  return close.length > 0
    ? unknownWithSuggestions(what, close)
    : bad(`${what} Los del catálogo: ${spanish.join(', ')}.`);
}

// ------------------------------------------------------------------ titles

const MOVIE_ID = /^tmdb:(\d{1,10})$/;
const STREAMING_ID = /^[adhn]s\d{1,10}$/;

/**
 * A title: a canonical id (validated), or a text resolved through ctx.search.
 * An exact normalized match resolves; ties follow QUESTIONS.md (the user's
 * year, else most votes for movies / most recent for streaming) and the
 * others are named in a note ("También: Titanic (1953)"). The movies catalog
 * comes first unless the argument asks for streaming. A year the user gave
 * that no title of that name has is said, never silently replaced (pickByYear).
 */
function resolveTitle(ctx: CommandContext, spec: ArgSpec, text: string, sofar: CanonicalArgs): Resolved {
  const byId = resolveTitleId(ctx, spec, text);
  if (byId) return byId;

  const platform = typeof sofar.plataforma === 'string' ? sofar.plataforma : undefined;
  const catalogs = spec.catalog ? [spec.catalog] : (['movies', 'streaming'] as const);
  const exactIn = (query: string): Match[][] =>
    catalogs.map((catalog) =>
      exactTitles(ctx, catalog, normalizeKey(query), catalog === 'streaming' ? platform : undefined),
    );
  // The whole text first ("Blade Runner 2049" is a title), then without a trailing year
  // ("Titanic 1953", "Titanic (1953)"), which then decides between equal titles.
  const whole = exactIn(text).find((exact) => exact.length > 0);
  if (whole) return pickTitle(whole, undefined);
  const withYear = splitYear(text);
  if (withYear) {
    const byCatalog = exactIn(withYear.text);
    if (byCatalog.some((exact) => exact.length > 0)) return pickByYear(byCatalog, withYear);
  }

  // No exact match: search (fuzzy) only to suggest the closest titles.
  const query = withYear?.text ?? text;
  const near = catalogs.flatMap((catalog) =>
    ctx.search.titles(query, {
      catalog,
      limit: 5,
      ...(withYear ? { year: withYear.year } : {}),
      ...(catalog === 'streaming' && platform ? { platform } : {}),
    }),
  );
  near.sort((a, b) => b.score - a.score);
  const corrected = confidentMatch(near);
  if (corrected) return { value: corrected.id, correction: `Entendí «${labelTitle(corrected)}».` };
  const what = spec.catalog === 'streaming' ? 'el título' : 'la película';
  return notFound(
    `No encontré ${what} «${quoteInput(text)}».`,
    near.map((m) => ({ label: labelTitle(m), value: m.id })),
  );
}

/**
 * The exact normalized matches (search's score 1: title or original title
 * equal to the query after normalizeKey), straight from the indexed *_key
 * columns. This fast path exists because a full search also ranks fuzzy
 * candidates, which costs milliseconds on 45,000 titles and 220,000 people,
 * while an exact match (the common case) needs one index lookup; search is
 * still the one place for everything fuzzy (suggestions).
 */
function exactTitles(ctx: CommandContext, catalog: 'movies' | 'streaming', key: string, platform?: string): Match[] {
  const db = ctx.catalog.db;
  if (catalog === 'movies') {
    const rows = allRows<{ id: number; title: string; release_year: number; vote_count: number; alias: string | null }>(
      db,
      `SELECT id, title, release_year, vote_count, NULL AS alias FROM movies WHERE title_key = @key
       UNION SELECT id, title, release_year, vote_count, NULL FROM movies WHERE original_title_key = @key
       ${hasSpanishTitles(db) ? SPANISH_EXACT : ''}`,
      { key },
    );
    // A film named exactly so in the catalog beats one whose Spanish title it is.
    const own = new Set(rows.filter((r) => r.alias === null).map((r) => r.id));
    return rows
      .filter((r) => r.alias === null || !own.has(r.id))
      .map((r) => {
        const match: Match = {
          kind: 'title',
          id: `tmdb:${r.id}`,
          name: r.title,
          score: 1,
          year: r.release_year,
          catalog,
          weight: r.vote_count,
        };
        if (r.alias !== null) match.alias = r.alias;
        return match;
      });
  }
  const rows = allRows<{ id: string; title: string; release_year: number | null; platform: string }>(
    db,
    `SELECT id, title, release_year, platform FROM titles
     WHERE title_key = @key AND (@platform IS NULL OR platform = @platform) ORDER BY src_order`,
    { key, platform: platform ?? null },
  );
  return rows.map((r) => ({
    kind: 'title',
    id: r.id,
    name: r.title,
    score: 1,
    year: r.release_year,
    catalog,
    platform: r.platform,
    weight: r.release_year ?? 0,
  }));
}

/** Spanish release titles (movie_titles_es): exact matches, with the title that matched. */
const SPANISH_EXACT = `UNION SELECT m.id, m.title, m.release_year, m.vote_count, e.title FROM movie_titles_es e
       JOIN movies m ON m.id = e.movie_id WHERE e.title_key = @key`;

/** Whether the catalog has the Spanish titles table (catalogs built before it do not). */
const hasSpanishTitles = perDb(
  (db) =>
    getRow(db, "SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'movie_titles_es'") !== undefined,
);

function resolveTitleId(ctx: CommandContext, spec: ArgSpec, text: string): Resolved | null {
  const db = ctx.catalog.db;
  const movie = MOVIE_ID.exec(text);
  if (movie) {
    if (spec.catalog === 'streaming')
      return bad(`«${text}» es una película del catálogo de cine; aquí hace falta un título de plataforma.`);
    const row = getRow(db, 'SELECT 1 AS found FROM movies WHERE id = ?', Number(movie[1]));
    return row ? { value: text } : notFound(`No hay ninguna película con el id ${text}.`, []);
  }
  if (STREAMING_ID.test(text)) {
    if (spec.catalog === 'movies')
      return bad(`«${text}» es un título de plataforma; aquí hace falta una película del catálogo de cine.`);
    const row = getRow(db, 'SELECT 1 AS found FROM titles WHERE id = ?', text);
    return row ? { value: text } : notFound(`No hay ningún título con el id ${text}.`, []);
  }
  return null;
}

/**
 * Titles named exactly as the user wrote, with a year: the one of that year (movies
 * first); else, a year off by one (release dates differ by country) when only one
 * title is that close, said in the answer; else no title, and the years there are.
 */
function pickByYear(byCatalog: Match[][], asked: { text: string; year: number }): Resolved {
  for (const exact of byCatalog) {
    const sameYear = exact.filter((m) => m.year === asked.year);
    if (sameYear.length > 0) return pickTitle(sameYear, asked.year); // the year chose: no «También: …»
  }
  const all = byCatalog.flat();
  const close = all.filter((m) => m.year !== null && m.year !== undefined && Math.abs(m.year - asked.year) === 1);
  if (close.length === 1) {
    const [near] = close as [Match];
    return {
      value: near.id,
      correction: `No hay «${quoteInput(asked.text)}» de ${asked.year}: entendí «${labelTitle(near)}».`,
    };
  }
  return notFound(
    `No encontré «${quoteInput(asked.text)}» de ${asked.year}.`,
    all.map((m) => ({ label: labelTitle(m), value: m.id })),
  );
}

function pickTitle(exact: Match[], year: number | undefined): Resolved {
  const ranked = [...exact].sort(
    (a, b) => Number(b.year === year) - Number(a.year === year) || (b.weight ?? 0) - (a.weight ?? 0),
  );
  const [chosen, ...others] = ranked as [Match, ...Match[]];
  // Found by its Spanish title: the answer names the catalog's title ("Entendí «Back to the Future (1985)»").
  const understood = chosen.alias ? { correction: `Entendí «${labelTitle(chosen)}».` } : {};
  if (others.length === 0) return { value: chosen.id, ...understood };
  const shown = others.slice(0, 3).map(labelTitle);
  const more = others.length > 3 ? ` y ${others.length - 3} más` : '';
  return { value: chosen.id, note: `También: ${shown.join(', ')}${more}.`, ...understood };
}

function labelTitle(match: Match): string {
  return titleWithYear(match.name, match.year ?? null);
}

/**
 * Typo tolerance for every name argument: with no exact match, search's best
 * match is taken when it is close (`toy stroy` → Toy Story, `Al Pacinno` →
 * Al Pacino) and clearly ahead of the next different name; otherwise the
 * closest names are offered instead ("¿Quisiste decir …?"). The answer says
 * what was understood. `matches` are sorted best first.
 */
const CONFIDENT_SCORE = 0.85;
const CONFIDENT_MARGIN = 0.05;

function confidentMatch(matches: Match[]): Match | undefined {
  const [best] = matches;
  if (!best || best.score < CONFIDENT_SCORE) return undefined;
  const rival = matches.find((m) => normalizeKey(m.name) !== normalizeKey(best.name));
  return rival && rival.score > best.score - CONFIDENT_MARGIN ? undefined : best;
}

function correctedName(matches: Match[]): Resolved | undefined {
  const corrected = confidentMatch(matches);
  return corrected ? { value: corrected.id, correction: `Entendí «${corrected.name}».` } : undefined;
}

/**
 * The message when a name did not resolve: "no encontré …", or, when several names fit
 * about equally well (a word of each: «fox»), that it fits several, which is the truth.
 */
function unresolved(notFoundMessage: string, text: string, what: string, matches: Match[]): Resolved {
  const several = (matches[0]?.score ?? 0) >= CONFIDENT_SCORE;
  const message = several ? `«${quoteInput(text)}» coincide con varias ${what}.` : notFoundMessage;
  return notFound(
    message,
    matches.map((m) => ({ label: m.name, value: m.id })),
  );
}

/** "No encontré …", and the closest entries (at most 3, one per label) as «¿Quisiste decir …?» and as choices. */
function notFound(message: string, candidates: Choice[]): Resolved {
  const seen = new Set<string>();
  const choices = candidates.filter((c) => !seen.has(c.label) && seen.add(c.label)).slice(0, 3);
  const labels = choices.map((c) => c.label);
  const text = labels.length > 0 ? `${message} ¿Quisiste decir ${formatAlternatives(labels)}?` : message;
  return { error: 'not_found', message: text, choices };
}

// ------------------------------------------------------------------ names

function resolvePerson(ctx: CommandContext, spec: ArgSpec, text: string): Resolved {
  const exact = exactPerson(ctx, normalizeKey(text), spec.role);
  if (exact) return { value: exact };
  const options = { catalog: 'movies' as const, limit: 5, ...(spec.role ? { role: spec.role } : {}) };
  const matches = ctx.search.people(text, options);
  const corrected = correctedName(matches);
  if (corrected) return corrected;
  const where =
    spec.role === 'director'
      ? 'como director de ninguna película'
      : spec.role === 'actor'
        ? 'en el reparto de ninguna película'
        : 'en el catálogo';
  return unresolved(`No encontré a «${quoteInput(text)}» ${where}.`, text, 'personas', matches);
}

/**
 * Exact fast path (see exactTitles): the catalog spelling of a person with that key, most credited in
 * `role` first. Someone in the catalog only in the other role still resolves: the command then
 * answers with the contract's zero and says why (get_actor: a director who never acts).
 */
function exactPerson(ctx: CommandContext, key: string, role: ArgSpec['role']): string | undefined {
  const credits =
    role === 'actor'
      ? 'SELECT person_id FROM movie_cast'
      : role === 'director'
        ? 'SELECT person_id FROM movie_directors'
        : 'SELECT person_id FROM movie_cast UNION ALL SELECT person_id FROM movie_directors';
  return getRow<{ name: string }>(
    ctx.catalog.db,
    `SELECT p.name, (SELECT count(*) FROM (${credits}) c WHERE c.person_id = p.id) AS films
     FROM people p WHERE p.name_key = ? ORDER BY films DESC LIMIT 1`,
    key,
  )?.name;
}

function resolveCollection(ctx: CommandContext, text: string): Resolved {
  // Users say "Toy Story" for TMDB's "Toy Story Collection": try both (exact fast path, see exactTitles).
  const exactName = (key: string) =>
    getRow<{ name: string }>(ctx.catalog.db, 'SELECT name FROM collections WHERE name_key = ? LIMIT 1', key)?.name;
  const exact = exactName(normalizeKey(text)) ?? exactName(normalizeKey(`${text} Collection`));
  if (exact) return { value: exact };
  const matches = ctx.search.collections(text, { limit: 5 });
  const corrected = correctedName(matches);
  if (corrected) return corrected;
  return unresolved(`No encontré la franquicia «${quoteInput(text)}».`, text, 'franquicias', matches);
}

function resolveCompany(ctx: CommandContext, text: string): Resolved {
  const exact = getRow<{ name: string }>(
    ctx.catalog.db,
    `SELECT c.name, (SELECT count(*) FROM movie_companies mc WHERE mc.company_id = c.id) AS films
     FROM companies c WHERE c.name_key = ? ORDER BY films DESC LIMIT 1`,
    normalizeKey(text),
  );
  if (exact) return { value: exact.name };
  const matches = ctx.search.companies(text, { limit: 5 });
  const corrected = correctedName(matches);
  if (corrected) return corrected;
  return unresolved(`No encontré la productora «${quoteInput(text)}».`, text, 'productoras', matches);
}
