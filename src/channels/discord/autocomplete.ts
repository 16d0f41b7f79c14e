/**
 * Autocomplete: what a user has typed in an option → up to 25 choices, each
 * with a `name` a person reads («Toy Story (1995)») and the canonical `value`
 * the command takes (`tmdb:862`, the exact catalog name, `FR`, `fr`, `TV-MA`).
 * Titles, people, sagas and companies come from the search's suggest mode;
 * countries, languages and ratings from the catalog itself, the most frequent
 * first. A value the user types without picking a choice still goes through
 * the command's normal resolution (typos corrected and said).
 */

import { allRows, perDb, platformName, titleWithYear } from '../../../commands/common.js';
import { commands, getCommand } from '../../../commands/index.js';
import type { ArgSpec, CommandContext } from '../../../commands/types.js';
import type { Match } from '../../search/types.js';
import { countryName, languageName } from '../../text/codes.js';
import { normalizeWords } from '../../text/normalize.js';
import { AUTOCOMPLETE_KINDS, type SlashChoice } from './commands.js';
import { clip, LIMITS } from './limits.js';

/** The option being typed in, as Discord sends it. */
export interface FocusedOption {
  name: string;
  value?: unknown;
}

/** Roles a person can be offered in: an argument's own, or the chart chosen in `tipo` (/grafico tipo:director). */
const ROLES = new Set<ArgSpec['role']>(['actor', 'director']);

/** Longer typed text is cut before searching: no name is longer, and search time grows with length. */
const MAX_TYPED = 100;

/** `chosen`: the values of the command's other options so far (Discord sends them with the focused one). */
export function autocompleteChoices(
  ctx: CommandContext,
  command: string,
  focused: FocusedOption,
  chosen: Record<string, unknown> = {},
): SlashChoice[] {
  const found = getCommand(command)?.args.find((a) => a.name === focused.name);
  if (!found) return [];
  const chartRole = ROLES.has(chosen.tipo as ArgSpec['role']) ? (chosen.tipo as ArgSpec['role']) : undefined;
  const spec = found.role || !chartRole ? found : { ...found, role: chartRole };
  const typed = String(focused.value ?? '')
    .replace(/\s+/gu, ' ')
    .trim()
    .slice(0, MAX_TYPED);
  return choicesFor(ctx, spec, typed)
    .filter((c) => c.value.length >= 1 && c.value.length <= LIMITS.choiceValue) // a longer value cannot travel
    .slice(0, LIMITS.choices)
    .map((c) => ({ name: clip(c.name, LIMITS.choiceName), value: c.value }));
}

function choicesFor(ctx: CommandContext, spec: ArgSpec, typed: string): Array<{ name: string; value: string }> {
  const limit = LIMITS.choices;
  switch (spec.kind) {
    case 'titulo':
      if (typed === '') return [];
      return ctx.search
        .suggest('title', typed, { limit, ...(spec.catalog ? { catalog: spec.catalog } : {}) })
        .map((m) => ({ name: titleLabel(m), value: m.id }));
    case 'persona':
      return typed === '' ? [] : people(ctx, typed, spec.role);
    case 'franquicia':
      return typed === '' ? [] : names(ctx.search.suggest('collection', typed, { limit }));
    case 'productora':
      return typed === '' ? [] : names(ctx.search.suggest('company', typed, { limit }));
    case 'pais':
      return matching(countries(ctx.catalog.db), typed);
    case 'idioma':
      return matching(languages(ctx.catalog.db), typed);
    case 'rating':
      return matching(ratings(ctx.catalog.db), typed);
    default:
      return [];
  }
}

/** «Toy Story (1995)»; a platform's title says which platform («Toy Story (1995) · Disney+»). */
function titleLabel(match: Match): string {
  const label = titleWithYear(match.name, match.year ?? null);
  return match.catalog === 'streaming' && match.platform ? `${label} · ${platformName(match.platform)}` : label;
}

function names(matches: Match[]): Array<{ name: string; value: string }> {
  return matches.map((m) => ({ name: m.name, value: m.id }));
}

/**
 * People of the movies catalog, only those with the argument's role (`/director`
 * offers directors, `/actor` leaves out people who only direct): the search filters
 * by role itself (its people index knows each person's film counts per role).
 */
function people(ctx: CommandContext, typed: string, role: ArgSpec['role']): Array<{ name: string; value: string }> {
  return names(ctx.search.suggest('person', typed, { limit: LIMITS.choices, catalog: 'movies', role }));
}

/**
 * The first autocomplete of each kind builds the search's prefix lists and
 * these small lists (a second or so on the full catalog): done once at start,
 * so the first person typing does not wait.
 */
export function warmUpAutocomplete(ctx: CommandContext): void {
  for (const def of commands) {
    for (const spec of def.args)
      if (AUTOCOMPLETE_KINDS.has(spec.kind)) autocompleteChoices(ctx, def.chatName, { name: spec.name, value: 'a' });
  }
}

// ------------------------------------------------------------------ small closed lists from the catalog

interface Listed {
  name: string;
  value: string;
  /** Normalized forms a typed prefix is matched against (each word's start counts). */
  keys: string[];
}

/** Entries whose name (or a word of it, or the code) starts with what was typed, in list order (most frequent first). */
function matching(list: Listed[], typed: string): Array<{ name: string; value: string }> {
  const query = normalizeWords(typed);
  if (query === '') return list.slice(0, LIMITS.choices);
  const starts = (key: string) => key.startsWith(query) || key.includes(` ${query}`);
  const whole = list.filter((e) => e.keys.some((k) => k.startsWith(query)));
  const inWord = list.filter((e) => !whole.includes(e) && e.keys.some(starts));
  return [...whole, ...inWord].slice(0, LIMITS.choices);
}

/** Countries of the catalog (film productions and streaming titles), most titles first. */
const countries = perDb((db): Listed[] =>
  allRows<{ code: string }>(
    db,
    `SELECT country AS code FROM (SELECT country FROM movie_countries
       UNION ALL SELECT country FROM title_countries WHERE country IS NOT NULL)
     GROUP BY country ORDER BY count(*) DESC, country`,
  ).map(({ code }) => {
    const es = countryName(code);
    const en = countryName(code, 'en');
    return { name: es === code ? code : `${es} (${code})`, value: code, keys: keysOf(es, en, code) };
  }),
);

/** Original languages of the catalog's films, most films first. */
const languages = perDb((db): Listed[] =>
  allRows<{ code: string }>(
    db,
    `SELECT original_language AS code FROM movies WHERE original_language IS NOT NULL AND original_language <> ''
     GROUP BY original_language ORDER BY count(*) DESC, original_language`,
  ).map(({ code }) => {
    const es = languageName(code);
    const en = languageName(code, 'en');
    const name = es === code ? code : `${es.charAt(0).toUpperCase()}${es.slice(1)} (${code})`;
    return { name, value: code, keys: keysOf(es, en, code) };
  }),
);

/** The catalog's audience ratings as the data spells them, most titles first. */
const ratings = perDb((db): Listed[] =>
  allRows<{ rating: string }>(
    db,
    `SELECT rating FROM titles WHERE rating IS NOT NULL AND rating <> ''
     GROUP BY rating_key ORDER BY count(*) DESC, rating`,
  ).map(({ rating }) => ({ name: rating, value: rating, keys: keysOf(rating) })),
);

function keysOf(...names: string[]): string[] {
  return [...new Set(names.map(normalizeWords).filter(Boolean))];
}
