/**
 * Titles, people, collections and companies inside a sentence: cut the
 * candidate spans (what is left once cue words, arguments and politeness are
 * taken out), ask the catalog search (ctx.search) for each, keep the best.
 */

import type { Statement } from 'better-sqlite3';
import type { Db } from '../catalog/catalog.js';
import { searchForm } from '../search/fuzzy.js';
import type { CatalogName, EntitySearch, Match, TitleQuery } from '../search/types.js';
import { normalizeKey } from '../text/normalize.js';
import { INTRODUCERS, NOISE, STOP } from './grammar.js';
import type { Token } from './tokens.js';

export type EntityArg = 'titulo' | 'nombre' | 'franquicia' | 'productora';

/** Below this the best match is a guess, not an entity: the raw words go to the command, which says "no encontré…". */
export const ACCEPT_SCORE = 0.75;
/** With a clear cue ("cuánto dura E.T."), a whole-word prefix of a title is enough. */
export const ACCEPT_SCORE_STRONG_CUE = 0.7;
/** Without any cue word for the command (a bare "Toy Story"), the match must be nearly exact. */
export const ACCEPT_SCORE_NO_CUE = 0.85;
/** Spanish verb and adverb endings (preterite, participle, gerund, -mente), accents already removed. */
const VERB_LIKE = /^[a-z]{3,}(?:io|aron|ieron|ado|ada|ados|adas|ido|ida|idos|idas|ando|iendo|mente)$/;
/** Longest person name searched, in words ("María de los Ángeles Pérez"): a longer cut is a sentence, not a name. */
const MAX_PERSON_WORDS = 5;
/** Longest company or saga name searched, in words ("The Lord of the Rings", "Compañía de Cine de X"). */
const MAX_NAME_WORDS = 7;

/** A word that introduces a name in a question ("le fue a", "películas de"): noise.json's list. */
function introduces(word: string): boolean {
  return INTRODUCERS.has(word);
}

/**
 * A cut as a person's, company's or saga's name: without the words that introduce a name
 * ("le fue a Tom Hanks", "películas de Pixar": no such name starts with one), and null when
 * too long to be one (a sentence). Titles can be anything ("Con Air"), so they keep the cut.
 */
function nameCut(span: string, arg: EntityArg): string | null {
  if (arg === 'titulo') return span;
  const words = span.split(' ');
  let first = 0;
  while (first < words.length && introduces(words[first] as string)) first++;
  const left = words.length - first;
  if (left === 0 || left > (arg === 'nombre' ? MAX_PERSON_WORDS : MAX_NAME_WORDS)) return null;
  return first === 0 ? span : words.slice(first).join(' ');
}

/** Candidate spans tried per entity: enough for "X de Y" splits, few enough to stay fast. */
const MAX_SPANS = 7;
/** A later (shorter) span must match clearly better to replace an earlier one: "toy story 2" is not "toy story". */
const SHORTER_SPAN_MARGIN = 0.02;
/**
 * No match scores above 1 (identical text), and a later span must beat the best by more than
 * SHORTER_SPAN_MARGIN: from this score on, no other cut can win, so none is searched.
 */
const GOOD_ENOUGH = 1 - SHORTER_SPAN_MARGIN;

export interface EntityQuery {
  arg: EntityArg;
  role?: 'actor' | 'director';
  /** Titles: the catalog the command's argument must come from. */
  catalog?: CatalogName;
  /** Titles: a platform named in the sentence (then the streaming catalog is preferred). */
  platform?: string;
  /** Titles: a year named in the sentence. */
  year?: number;
}

export interface EntityFound {
  /** The span as typed (normalized), what the command gets when nothing matched well. */
  query: string;
  /** Best matches, best first (may be empty). */
  matches: Match[];
  /** Score of the best match, 0 when none. */
  score: number;
}

/**
 * Where the name may be, best guess first: the longest run of tokens not used by
 * cues or arguments, trimmed of stop and noise words at both ends (inner ones
 * stay: "el señor de los anillos"); then that run without a verb-like word at an
 * edge, with the stop word before it, untrimmed; the other runs; and the whole
 * stretch from the first to the last content word (titles containing a cue word).
 */
export function candidateSpans(text: string, tokens: Token[], used: ReadonlySet<number>): string[] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= tokens.length; i++) {
    const free = i < tokens.length && !used.has(i);
    if (free && start < 0) start = i;
    if (!free && start >= 0) {
      runs.push([start, i]);
      start = -1;
    }
  }
  const trimmed = runs.map((r) => trim(tokens, r[0], r[1])).filter((r): r is [number, number] => r !== null);
  if (trimmed.length === 0) return [];
  const bySize = [...trimmed].sort((a, b) => b[1] - b[0] - (a[1] - a[0]) || a[0] - b[0]);
  const longest = bySize[0] as [number, number];
  const spans = [cut(text, tokens, longest[0], longest[1])];
  // «Miramax Films», «X Studios»: a cue word for films that ends a company's name. Tried first, so
  // when the catalog has both «X» and «X Films», the name typed in full wins (an exact match ends
  // the search; «X» alone must beat it clearly to replace it).
  const after = tokens[longest[1]];
  if (after && used.has(longest[1]) && NAME_ENDINGS.has(after.word))
    spans.unshift(cut(text, tokens, longest[0], longest[1] + 1));
  // A verb or adverb the lists do not know, next to the name ("recibió Skyfall"): that word off. Only
  // verb-like words: dropping any word would turn "el rey león" into the film "Léon".
  if (longest[1] - longest[0] >= 2) {
    if (VERB_LIKE.test((tokens[longest[0]] as Token).word)) spans.push(cut(text, tokens, longest[0] + 1, longest[1]));
    if (VERB_LIKE.test((tokens[longest[1] - 1] as Token).word))
      spans.push(cut(text, tokens, longest[0], longest[1] - 1));
  }
  // A name may begin or end with a stop word ("Al Pacino", "Y tu mamá también"): with the stop word just
  // before it, and the whole run untrimmed.
  // The stop word may also be a cue word ("con" asks for a cast: "¿cuánto dura Con Air?").
  const raw = runs.find((r) => r[0] <= longest[0] && r[1] >= longest[1]);
  const before = tokens[longest[0] - 1];
  if ((raw && raw[0] < longest[0]) || (before && STOP.has(before.word)))
    spans.push(cut(text, tokens, longest[0] - 1, longest[1]));
  if (raw) spans.push(cut(text, tokens, raw[0], raw[1]));
  for (const run of bySize.slice(1)) spans.push(cut(text, tokens, run[0], run[1]));
  if (trimmed.length > 1) {
    const first = trimmed[0] as [number, number];
    const last = trimmed[trimmed.length - 1] as [number, number];
    spans.push(cut(text, tokens, first[0], last[1]));
  }
  return [...new Set(spans)].slice(0, MAX_SPANS);
}

/** Words that are cues for films («películas», «estudios») but also end company names. */
export const NAME_ENDINGS = new Set(['films', 'film', 'movies', 'studios', 'studio', 'pictures', 'cinema']);

function isFiller(token: Token): boolean {
  return STOP.has(token.word) || NOISE.has(token.word);
}

function trim(tokens: Token[], from: number, to: number): [number, number] | null {
  while (from < to && isFiller(tokens[from] as Token)) from++;
  while (to > from && isFiller(tokens[to - 1] as Token)) to--;
  return from < to ? [from, to] : null;
}

function cut(text: string, tokens: Token[], from: number, to: number): string {
  return text.slice((tokens[from] as Token).start, (tokens[to - 1] as Token).end);
}

type Role = 'actor' | 'director';

/** What the resolver asks the catalog itself, once per parser: who acted or directed, and a film's saga. */
export class CatalogFacts {
  private readonly roleQueries: Record<Role, Statement>;
  private readonly roles = new Map<string, boolean>();
  private readonly sagaQuery: Statement;
  private readonly filmsQuery: Statement;

  constructor(db: Db) {
    const credited = (table: string) =>
      db.prepare(`SELECT 1 FROM people p JOIN ${table} t ON t.person_id = p.id WHERE p.name_key = ? LIMIT 1`);
    this.roleQueries = { actor: credited('movie_cast'), director: credited('movie_directors') };
    this.sagaQuery = db.prepare(
      `SELECT c.name AS name, (SELECT count(*) FROM movies o WHERE o.collection_id = c.id) AS films
       FROM movies m JOIN collections c ON c.id = m.collection_id WHERE m.id = ?`,
    );
    // Acted: films in whose cast they are and that they did not direct (get_actor counts those).
    this.filmsQuery = db.prepare(
      `SELECT
         (SELECT count(*) FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE p.name_key = @key) AS directed,
         (SELECT count(DISTINCT c.movie_id) FROM movie_cast c JOIN people p ON p.id = c.person_id
          WHERE p.name_key = @key AND NOT EXISTS
            (SELECT 1 FROM movie_directors d WHERE d.movie_id = c.movie_id AND d.person_id = c.person_id)) AS acted`,
    );
  }

  /** How many films of the movies catalog someone with this exact name directed, and acted in without directing. */
  filmsOf(name: string): { directed: number; acted: number } {
    return this.filmsQuery.get({ key: normalizeKey(name) }) as { directed: number; acted: number };
  }

  /** The saga (collection) of a movie id (`tmdb:238`), if it has one. */
  collectionOf(titleId: string): { name: string; films: number } | undefined {
    const movie = /^tmdb:(\d+)$/.exec(titleId);
    return movie ? (this.sagaQuery.get(Number(movie[1])) as { name: string; films: number } | undefined) : undefined;
  }

  /** Whether someone with this exact catalog name is credited in that role in the movies catalog (bound parameter). */
  hasRole(name: string, role: Role): boolean {
    const key = `${role}:${name}`;
    let has = this.roles.get(key);
    if (has === undefined) {
      has = this.roleQueries[role].get(normalizeKey(name)) !== undefined;
      if (this.roles.size < 10_000) this.roles.set(key, has);
    }
    return has;
  }
}

/** Memoized per parse: several commands may ask for the same kind of entity. */
export class EntityResolver {
  private readonly cache = new Map<string, EntityFound>();

  private readonly people = new Map<string, Match[]>();

  constructor(
    private readonly search: EntitySearch,
    private readonly catalog: CatalogFacts,
  ) {}

  private peopleCache(span: string): Match[] {
    let found = this.people.get(span);
    if (!found) {
      found = this.search.people(span, { catalog: 'movies', limit: 10, stopAtExact: true });
      this.people.set(span, found);
    }
    return found;
  }

  /**
   * The span whose best match scores highest; earlier spans (the whole run) win ties.
   * `searchedOnly`: answer only from searches already made in this parse (undefined if one is missing).
   */
  resolve(query: EntityQuery, spans: string[], searchedOnly = false): EntityFound | null | undefined {
    let best: EntityFound | null = null;
    const forms = new Set<string>();
    for (const cutSpan of spans) {
      const span = nameCut(cutSpan, query.arg);
      if (span === null) continue;
      // "the empire strikes back" after "empire strikes back": search ignores a leading article, so a cut
      // with the same search form finds the same entries (an identical name would have ended the loop).
      const form = searchForm(span);
      if (forms.has(form)) continue;
      forms.add(form);
      const found = searchedOnly ? this.searched(query, span) : this.lookup(query, span);
      if (!found) return undefined;
      if (!best || found.score > best.score + SHORTER_SPAN_MARGIN) best = found;
      if (best.score >= GOOD_ENOUGH || this.foundSomeoneElse(query, span)) break; // no other cut can replace it
    }
    return best;
  }

  /**
   * The cut names someone exactly, just not in the asked role (an actor asked as director):
   * a longer or shorter cut would only find that person again, or a worse match.
   */
  private foundSomeoneElse(query: EntityQuery, span: string): boolean {
    return (
      query.arg === 'nombre' && query.role !== undefined && (this.people.get(span)?.[0]?.score ?? 0) >= GOOD_ENOUGH
    );
  }

  /** The lookup, if it costs no new search: made already, or a person search already made (role checked here). */
  private searched(query: EntityQuery, span: string): EntityFound | undefined {
    const known = this.cache.get(JSON.stringify([query, span]));
    if (known || query.arg !== 'nombre' || !this.people.has(span)) return known;
    return this.lookup(query, span);
  }

  private lookup(query: EntityQuery, span: string): EntityFound {
    const key = JSON.stringify([query, span]);
    let found = this.cache.get(key);
    if (!found) {
      const matches = this.matches(query, span);
      found = { query: span, matches, score: matches[0]?.score ?? 0 };
      this.cache.set(key, found);
    }
    return found;
  }

  private matches(query: EntityQuery, span: string): Match[] {
    switch (query.arg) {
      case 'titulo':
        return this.titles(query, span);
      case 'nombre': {
        // One search for the name (whatever the role), then the role checked per person: half the
        // searches of asking once per role, and "Tom Hanks" is not turned into another, similar director.
        const people = this.peopleCache(span);
        return query.role ? people.filter((m) => this.catalog.hasRole(m.name, query.role as Role)) : people;
      }
      case 'franquicia':
        return this.collections(span);
      case 'productora':
        return this.search.companies(span, { limit: 10, stopAtExact: true });
    }
  }

  /**
   * Sagas by name (search knows "Rocky" for "Rocky Collection": entries.ts, sagaKeys), else by
   * one of their films, whatever title the user knows it by: «la saga de El Padrino» is The
   * Godfather Collection (the film's Spanish title is one of its names in the title search).
   */
  private collections(span: string): Match[] {
    const byName = this.search.collections(span, { limit: 5, stopAtExact: true });
    if ((byName[0]?.score ?? 0) >= 1) return byName;
    const film = this.findTitles(span, {
      catalog: 'movies',
      limit: 1,
      stopAtExact: true,
      minScore: ACCEPT_SCORE,
    })[0];
    const saga = film ? this.catalog.collectionOf(film.id) : undefined;
    if (!film || !saga || film.score <= (byName[0]?.score ?? 0)) return byName;
    return [{ kind: 'collection', id: saga.name, name: saga.name, score: film.score, weight: saga.films }];
  }

  /**
   * QUESTIONS.md: a title in both catalogs means the movie, unless the question
   * is about a platform; the year the user gave wins ties (the search applies it).
   */
  private titles(query: EntityQuery, span: string): Match[] {
    // Below the lowest accepting score a title match changes nothing here (the command searches again,
    // for its own "¿Quisiste decir…?"), so the search need not score such candidates exactly. A cut that
    // starts with a word introducing a name ("votos de X", "¿cuánto dura Con Air?") is a title only when
    // typed exactly as one: searched without typo tolerance, it costs a hash lookup, not a search.
    const exactOnly = introduces(span.split(' ', 1)[0] as string);
    const options = { year: query.year, limit: 5, stopAtExact: true, exactOnly, minScore: ACCEPT_SCORE_STRONG_CUE };
    if (query.catalog) return this.findTitles(span, { ...options, catalog: query.catalog });
    if (query.platform) {
      const onPlatform = this.findTitles(span, { ...options, catalog: 'streaming', platform: query.platform });
      if ((onPlatform[0]?.score ?? 0) >= ACCEPT_SCORE) return onPlatform;
    }
    return this.findTitles(span, options);
  }

  /** Title searches, each made once per parse: two cuts can lead to the same text ("padrino", "el padrino" → The Godfather). */
  private readonly titleSearches = new Map<string, Match[]>();
  private findTitles(text: string, options: TitleQuery): Match[] {
    const key = JSON.stringify([text, options]);
    let found = this.titleSearches.get(key);
    if (!found) {
      found = this.search.titles(text, options);
      this.titleSearches.set(key, found);
    }
    return found;
  }
}
