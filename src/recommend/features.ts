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
import { type PackedVectors, VectorBuilder } from './sparse.js';

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
  /** One vector per item, same order (CSR: see sparse.ts). */
  vectors: PackedVectors;
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

function decade(year: number | null): string | null {
  return year ? `${Math.floor(year / 10) * 10}` : null;
}

/** Adds a token unless its weight is 0 (a feature switched off). */
function add(builder: VectorBuilder, token: string, weight: number) {
  if (weight > 0) builder.add(token, weight);
}

/**
 * One feature table's `(owner, token)` rows, read in the items' order alongside them: no
 * grouping Map, no row object (a Map of arrays per table and ~600k row objects were a
 * third of the build). `owner` must ascend in the items' order; rows whose owner is not
 * an item are skipped.
 *
 * Each query fixes the order of a title's tokens with its ORDER BY: it decides the float
 * sums (sparse.ts), and left to the planner it changed with the indexes present when the
 * step ran. The orders are the ones the planner picked on a finished catalog (covering
 * indexes: genre, keyword, director, company ids ascending; streaming genres and directors
 * by name key), so the stored recommendations stay what they were.
 */
class OwnerRows {
  private readonly rows: Iterator<[number, string | number]>;
  private row: [number, string | number] | undefined;

  constructor(db: Db, sql: string, ...params: number[]) {
    this.rows = (
      db
        .prepare(sql)
        .raw()
        .iterate(...params) as IterableIterator<[number, string | number]>
    )[Symbol.iterator]();
    this.next();
  }

  private next() {
    const step = this.rows.next();
    this.row = step.done ? undefined : step.value;
  }

  /** Calls `each` with every token of `owner`, in the query's order. */
  forOwner(owner: number, each: (token: string | number) => void) {
    while (this.row && this.row[0] < owner) this.next();
    while (this.row && this.row[0] === owner) {
      each(this.row[1]);
      this.next();
    }
  }
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
  const rows = (table: string, column: string) =>
    new OwnerRows(db, `SELECT movie_id, ${column} FROM ${table} ORDER BY movie_id, ${column}`);
  const genres = rows('movie_genres', 'genre_id');
  const keywords = rows('movie_keywords', 'keyword_id');
  const directors = rows('movie_directors', 'person_id');
  const companies = rows('movie_companies', 'company_id');
  const cast = new OwnerRows(
    db,
    'SELECT movie_id, person_id FROM movie_cast WHERE ord < ? ORDER BY movie_id, ord',
    weights.castDepth,
  );
  const builder = new VectorBuilder();
  const items: Item[] = [];
  for (const m of movies) {
    genres.forOwner(m.id, (g) => add(builder, `genre:${g}`, weights.genre));
    keywords.forOwner(m.id, (k) => add(builder, `kw:${k}`, weights.keyword));
    directors.forOwner(m.id, (d) => add(builder, `dir:${d}`, weights.director));
    cast.forOwner(m.id, (c) => add(builder, `cast:${c}`, weights.cast));
    companies.forOwner(m.id, (c) => add(builder, `co:${c}`, weights.company));
    if (m.collection_id !== null) add(builder, `coll:${m.collection_id}`, weights.collection);
    if (m.original_language) add(builder, `lang:${m.original_language}`, weights.language);
    const d = decade(m.release_year);
    if (d) add(builder, `decade:${d}`, weights.decade);
    builder.endItem();
    items.push({
      id: `tmdb:${m.id}`,
      title: m.title,
      titleKey: m.title_key,
      year: m.release_year,
      votes: m.vote_count,
      voteAverage: m.vote_average ?? 0,
    });
  }
  return { items, vectors: builder.finish(weights.idf) };
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
      `SELECT t.src_order AS owner, t.id, t.title, t.title_key, t.release_year, t.type, t.description, s.mean, s.n
       FROM titles t LEFT JOIN title_scores s ON s.title_id = t.id ORDER BY t.src_order`,
    )
    .all() as {
    owner: number;
    id: string;
    title: string;
    title_key: string;
    release_year: number | null;
    type: string;
    description: string | null;
    mean: number | null;
    n: number | null;
  }[];
  // Rows by the titles' order (src_order), each title's tokens in the order given after it.
  const rows = (table: string, token: string, order: string, where = '') =>
    new OwnerRows(
      db,
      `SELECT t.src_order, ${token} FROM ${table} x JOIN titles t ON t.id = x.title_id ${where}
       ORDER BY t.src_order, ${order}`,
      ...(where ? [weights.castDepth] : []),
    );
  const genres = rows('title_genres', 'x.name_key', 'x.name_key, x.ord');
  const directors = rows('title_directors', 'x.name_key', 'x.name_key, x.ord');
  const cast = rows('title_cast', 'x.name_key', 'x.ord', 'WHERE x.ord < ?');
  const countries = rows('title_countries', 'coalesce(x.country, x.name)', 'x.ord');
  const builder = new VectorBuilder();
  const items: Item[] = [];
  for (const t of titles) {
    genres.forOwner(t.owner, (g) => add(builder, `genre:${g}`, weights.genre));
    directors.forOwner(t.owner, (d) => add(builder, `dir:${d}`, weights.director));
    cast.forOwner(t.owner, (c) => add(builder, `cast:${c}`, weights.cast));
    countries.forOwner(t.owner, (c) => add(builder, `country:${c}`, weights.country));
    add(builder, `type:${t.type}`, weights.type);
    const d = decade(t.release_year);
    if (d) add(builder, `decade:${d}`, weights.decade);
    for (const word of descriptionTerms(t.description)) add(builder, `w:${word}`, weights.description);
    builder.endItem();
    items.push({
      id: t.id,
      title: t.title,
      titleKey: t.title_key,
      year: t.release_year,
      votes: t.n ?? 0,
      voteAverage: t.mean ?? 0,
    });
  }
  return { items, vectors: builder.finish(weights.idf) };
}
