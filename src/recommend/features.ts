/**
 * What makes two titles similar: the ONE place with the recommender's features,
 * their weights and their tokenisation. Each title becomes a bag of tokens
 * ("genre:16", "kw:931", "dir:7879"); a token's value is its weight × its count
 * × (when `idf` is on) its inverse document frequency, so a keyword shared by
 * five films says more than "Drama". Cosine over these vectors is the similarity.
 */
import type { Db } from '../catalog/catalog.js';
import { normalizeWords } from '../text/normalize.js';
import type { ReasonKind } from './reasons.js';
import type { SparseVector } from './sparse.js';

/** Feature weights for the movies catalog (tuned on ratings_small only, see eval.ts). */
export const MOVIE_WEIGHTS = {
  genre: 1,
  keyword: 1,
  collection: 3,
  director: 1.5,
  /** Top-billed cast, the first `castDepth` names. */
  cast: 0.6,
  castDepth: 5,
  company: 1,
  language: 1,
  decade: 2,
  idf: true,
};

/** Feature weights for the streaming catalog. */
export const STREAMING_WEIGHTS = {
  genre: 1,
  director: 1.5,
  cast: 0.6,
  castDepth: 5,
  country: 0.4,
  type: 0.6,
  decade: 0.4,
  /** Content words of the description (4+ letters, no stop words). */
  description: 0.5,
  idf: true,
};

export type MovieWeights = typeof MOVIE_WEIGHTS;
export type StreamingWeights = typeof STREAMING_WEIGHTS;

/** What the recommender shows and how it breaks ties; one per catalog title. */
export interface Item {
  id: string;
  title: string;
  titleKey: string;
  year: number | null;
  /** vote_count (movies) or 0: feeds the quality prior. */
  votes: number;
  voteAverage: number;
}

export interface Corpus {
  items: Item[];
  vectors: SparseVector[];
}

/**
 * The reason a shared feature gives, by its token's prefix (`dir:7879` → director):
 * the group with the largest share of a pair's cosine names the recommendation's reason.
 */
export const FEATURE_REASONS: Record<string, ReasonKind> = {
  genre: 'themes',
  kw: 'themes',
  w: 'themes',
  coll: 'saga',
  dir: 'director',
  cast: 'actor',
  co: 'company',
  lang: 'language',
  decade: 'decade',
  country: 'country',
  type: 'type',
};

export function featureReason(token: string): ReasonKind {
  const colon = token.indexOf(':');
  return (colon > 0 && FEATURE_REASONS[token.slice(0, colon)]) || 'themes';
}

type Tokens = Map<string, number>;

function add(tokens: Tokens, token: string, weight: number) {
  if (weight > 0) tokens.set(token, (tokens.get(token) ?? 0) + weight);
}

function decade(year: number | null): string | null {
  return year ? `${Math.floor(year / 10) * 10}` : null;
}

/**
 * Groups `SELECT owner, token` rows by owner. Rows are streamed (iterate(), not all()):
 * each dies young, where 600k materialized rows were promoted and swelled the peak RSS.
 */
function groupRows<K>(rows: Iterable<{ owner: K; token: string | number }>): Map<K, (string | number)[]> {
  const map = new Map<K, (string | number)[]>();
  for (const row of rows) {
    const list = map.get(row.owner);
    if (list) list.push(row.token);
    else map.set(row.owner, [row.token]);
  }
  return map;
}

export function movieCorpus(db: Db, weights: MovieWeights = MOVIE_WEIGHTS): Corpus {
  const movies = db
    .prepare(
      `SELECT id, title, title_key, release_year, original_language, collection_id, vote_count, vote_average
       FROM movies ORDER BY id`,
    )
    .all() as {
    id: number;
    title: string;
    title_key: string;
    release_year: number;
    original_language: string | null;
    collection_id: number | null;
    vote_count: number;
    vote_average: number | null;
  }[];
  const rows = (sql: string) => groupRows(db.prepare(sql).iterate() as Iterable<{ owner: number; token: number }>);
  const genres = rows('SELECT movie_id AS owner, genre_id AS token FROM movie_genres');
  const keywords = rows('SELECT movie_id AS owner, keyword_id AS token FROM movie_keywords');
  const directors = rows('SELECT movie_id AS owner, person_id AS token FROM movie_directors');
  const companies = rows('SELECT movie_id AS owner, company_id AS token FROM movie_companies');
  const cast = groupRows(
    db
      .prepare('SELECT movie_id AS owner, person_id AS token FROM movie_cast WHERE ord < ? ORDER BY movie_id, ord')
      .iterate(weights.castDepth) as Iterable<{ owner: number; token: number }>,
  );
  const items: Item[] = [];
  const bags: Tokens[] = [];
  for (const m of movies) {
    const tokens: Tokens = new Map();
    for (const g of genres.get(m.id) ?? []) add(tokens, `genre:${g}`, weights.genre);
    for (const k of keywords.get(m.id) ?? []) add(tokens, `kw:${k}`, weights.keyword);
    for (const d of directors.get(m.id) ?? []) add(tokens, `dir:${d}`, weights.director);
    for (const c of cast.get(m.id) ?? []) add(tokens, `cast:${c}`, weights.cast);
    for (const c of companies.get(m.id) ?? []) add(tokens, `co:${c}`, weights.company);
    if (m.collection_id !== null) add(tokens, `coll:${m.collection_id}`, weights.collection);
    if (m.original_language) add(tokens, `lang:${m.original_language}`, weights.language);
    const d = decade(m.release_year);
    if (d) add(tokens, `decade:${d}`, weights.decade);
    items.push({
      id: `tmdb:${m.id}`,
      title: m.title,
      titleKey: m.title_key,
      year: m.release_year,
      votes: m.vote_count,
      voteAverage: m.vote_average ?? 0,
    });
    bags.push(tokens);
  }
  return { items, vectors: weights.idf ? applyIdf(bags) : bags };
}

/** English and Spanish words too common in descriptions to say anything about a title. */
const STOP_WORDS = new Set(
  (
    'this that with from they them their there these those when where which while what will would have been ' +
    'into after before over under about than then more most some such only also just very your must each ' +
    'other another while being does doing through during against between both same even ever every first ' +
    'life lives story world film movie series show documentary para como pero esta este sobre'
  ).split(' '),
);

/** Description terms: words of 4+ letters that are not stop words. */
export function descriptionTerms(text: string | null): string[] {
  if (!text) return [];
  return normalizeWords(text)
    .split(' ')
    .filter((word) => word.length >= 4 && !STOP_WORDS.has(word) && !/^\d+$/.test(word));
}

export function streamingCorpus(db: Db, weights: StreamingWeights = STREAMING_WEIGHTS): Corpus {
  const titles = db
    .prepare(
      `SELECT t.id, t.title, t.title_key, t.release_year, t.type, t.description, s.mean, s.n
       FROM titles t LEFT JOIN title_scores s ON s.title_id = t.id ORDER BY t.src_order`,
    )
    .all() as {
    id: string;
    title: string;
    title_key: string;
    release_year: number | null;
    type: string;
    description: string | null;
    mean: number | null;
    n: number | null;
  }[];
  const rows = (sql: string) => groupRows(db.prepare(sql).iterate() as Iterable<{ owner: string; token: string }>);
  const genres = rows('SELECT title_id AS owner, name_key AS token FROM title_genres');
  const directors = rows('SELECT title_id AS owner, name_key AS token FROM title_directors');
  const countries = rows('SELECT title_id AS owner, coalesce(country, name) AS token FROM title_countries');
  const cast = groupRows(
    db
      .prepare('SELECT title_id AS owner, name_key AS token FROM title_cast WHERE ord < ? ORDER BY title_id, ord')
      .iterate(weights.castDepth) as Iterable<{ owner: string; token: string }>,
  );
  const items: Item[] = [];
  const bags: Tokens[] = [];
  for (const t of titles) {
    const tokens: Tokens = new Map();
    for (const g of genres.get(t.id) ?? []) add(tokens, `genre:${g}`, weights.genre);
    for (const d of directors.get(t.id) ?? []) add(tokens, `dir:${d}`, weights.director);
    for (const c of cast.get(t.id) ?? []) add(tokens, `cast:${c}`, weights.cast);
    for (const c of countries.get(t.id) ?? []) add(tokens, `country:${c}`, weights.country);
    add(tokens, `type:${t.type}`, weights.type);
    const d = decade(t.release_year);
    if (d) add(tokens, `decade:${d}`, weights.decade);
    for (const word of descriptionTerms(t.description)) add(tokens, `w:${word}`, weights.description);
    items.push({
      id: t.id,
      title: t.title,
      titleKey: t.title_key,
      year: t.release_year,
      votes: t.n ?? 0,
      voteAverage: t.mean ?? 0,
    });
    bags.push(tokens);
  }
  return { items, vectors: weights.idf ? applyIdf(bags) : bags };
}

/**
 * Scales every token by ln(N / df): rare shared tokens (a keyword, a director) outweigh common ones (a genre).
 * In place (a token with idf ≤ 0 is removed): a second set of ~70k Maps cost ~100 MB at full scale.
 */
export function applyIdf(bags: Tokens[]): Tokens[] {
  const df = new Map<string, number>();
  for (const bag of bags) for (const token of bag.keys()) df.set(token, (df.get(token) ?? 0) + 1);
  const n = bags.length;
  for (const bag of bags) {
    for (const [token, value] of bag) {
      const idf = Math.log((n + 1) / ((df.get(token) as number) + 0.5));
      if (idf > 0) bag.set(token, value * idf);
      else bag.delete(token);
    }
  }
  return bags;
}
