/**
 * eval-recs: our recommender (blended, content only, co-liking only) and three
 * baselines against MovieLens users' ratings, on the catalog built from
 * ../shared/data. See metrics.ts for HR@5, item-item precision@5 and coverage.
 * The tuning set is scored two-fold (evaluateTwoFold); the held-out edition, which
 * only this file reads (never the ETL), scores the catalog as the bot serves it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Db } from '../catalog/catalog.js';
import { formatInt } from '../format.js';
import {
  coLikedOnlyRecommender,
  genresOnlyRecommender,
  popularityRecommender,
  seedsRecipeRecommender,
} from './baselines.js';
import {
  COLIKE_SETTINGS,
  type CoLiked,
  coLikedNeighbours,
  LIKE_THRESHOLD,
  LikeCollector,
  loadCoLiked,
} from './colikes.js';
import { createRecommender } from './index.js';
import { cached, coLikedTruth, collectLikes, coverage, hitRate, itemPrecision, type Rating } from './metrics.js';
import type { Recommender } from './types.js';

export interface RatingsSet {
  name: string;
  ratings: string;
  links: string;
}

/** The tuning set and the held-out edition (never tuned on). */
export function ratingSets(sharedDir: string): RatingsSet[] {
  return [
    {
      name: 'ratings_small (tuning)',
      ratings: join(sharedDir, 'ratings/ratings_small.csv.gz'),
      links: join(sharedDir, 'ratings/links_small.csv.gz'),
    },
    {
      name: 'ml-latest-small (held out)',
      ratings: join(sharedDir, 'ratings/ml-latest-small/ratings.csv.gz'),
      links: join(sharedDir, 'ratings/ml-latest-small/links.csv.gz'),
    },
  ];
}

function readCsv(path: string): Record<string, string>[] {
  const raw = readFileSync(path);
  const text = path.endsWith('.gz') ? gunzipSync(raw) : raw;
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
}

/** Ratings of catalog movies only, keyed by catalog id (MovieLens movieId → tmdbId → `tmdb:<id>`). */
export function loadRatings(db: Db, set: RatingsSet): Rating[] {
  const inCatalog = new Set((db.prepare('SELECT id FROM movies').all() as { id: number }[]).map((r) => r.id));
  const tmdbOf = new Map<string, number>();
  for (const row of readCsv(set.links)) {
    const tmdb = Number(row.tmdbId);
    if (row.movieId && row.tmdbId && Number.isInteger(tmdb) && inCatalog.has(tmdb)) tmdbOf.set(row.movieId, tmdb);
  }
  const ratings: Rating[] = [];
  for (const row of readCsv(set.ratings)) {
    const tmdb = tmdbOf.get(row.movieId ?? '');
    if (tmdb !== undefined)
      ratings.push({ user: Number(row.userId), item: `tmdb:${tmdb}`, rating: Number(row.rating) });
  }
  return ratings;
}

export interface EvalRow {
  name: string;
  hr5: number;
  precision5: number;
  /** Share of the catalog's movies with ≥ 5 recommendations. */
  coverage: number;
  pairs: number;
  items: number;
}

export interface Contender {
  name: string;
  recommender: Recommender;
}

/** Co-liking built from `ratings` exactly as the ETL builds it (etl/ratings.ts), by movieCorpus position. */
export function coLikedFromRatings(db: Db, ratings: Rating[]): CoLiked {
  const ids = db.prepare('SELECT id FROM movies ORDER BY id').pluck().all() as number[];
  const positions = new Map(ids.map((id, position) => [`tmdb:${id}`, position]));
  const collector = new LikeCollector(ids.length, COLIKE_SETTINGS.userLikesCap);
  for (const { user, item, rating } of ratings) {
    const position = positions.get(item);
    if (position !== undefined && rating >= LIKE_THRESHOLD) collector.add(user, position);
  }
  return coLikedNeighbours(collector.finish());
}

const BASELINES = (db: Db): Contender[] => [
  { name: 'Popularidad (más votadas)', recommender: popularityRecommender(db) },
  { name: 'Solo géneros (conteo)', recommender: genresOnlyRecommender(db) },
  { name: 'Receta de las semillas (TF-IDF)', recommender: seedsRecipeRecommender(db) },
];

/**
 * The catalog as the bot serves it: the ETL's stored recommendations (content blended
 * with the co-liking it built from the ratings it found), the same without co-liking,
 * co-liking alone, and the baselines.
 */
export function contenders(db: Db): Contender[] {
  const coLiked = loadCoLiked(db, movieOrder(db));
  return [
    { name: 'Filmoteca: mezcla (lo que sirve el bot)', recommender: createRecommender(db) },
    { name: 'Solo contenido (la versión anterior)', recommender: createRecommender(db, { coLiked: null }) },
    {
      name: 'Solo co-gustos (colaborativo)',
      recommender: coLiked ? coLikedOnlyRecommender(db, coLiked) : { recommend: () => [] },
    },
    ...BASELINES(db),
  ];
}

/** The same contenders with co-liking built from `train` (a part of the tuning set) instead of the catalog's. */
export function trainedContenders(db: Db, train: Rating[]): Contender[] {
  const coLiked = coLikedFromRatings(db, train);
  return [
    { name: 'Filmoteca: mezcla', recommender: createRecommender(db, { coLiked }) },
    { name: 'Solo contenido (la versión anterior)', recommender: createRecommender(db, { coLiked: null }) },
    { name: 'Solo co-gustos (colaborativo)', recommender: coLikedOnlyRecommender(db, coLiked) },
    ...BASELINES(db),
  ];
}

function movieOrder(db: Db): { id: string }[] {
  return (db.prepare('SELECT id FROM movies ORDER BY id').pluck().all() as number[]).map((id) => ({
    id: `tmdb:${id}`,
  }));
}

export function evaluate(db: Db, ratings: Rating[], recommenders: Contender[]): EvalRow[] {
  const likes = collectLikes(ratings);
  const truth = coLikedTruth(likes);
  const ids = movieOrder(db).map((m) => m.id);
  return recommenders.map(({ name, recommender }) => {
    const recommend = cached((id) => recommender.recommend(id, 5).map((r) => r.id));
    const hr = hitRate(recommend, likes);
    const precision = itemPrecision(recommend, truth);
    return {
      name,
      hr5: hr.value,
      precision5: precision.value,
      coverage: coverage(recommend, ids),
      pairs: hr.pairs,
      items: precision.items,
    };
  });
}

/**
 * The tuning set without scoring co-liking on the likes it was built from: its users
 * split in two by id parity; co-liking built from one half is measured on the other,
 * both ways, and the two figures averaged (pairs and items are per half, averaged).
 */
export function evaluateTwoFold(db: Db, ratings: Rating[]): EvalRow[] {
  const folds = [0, 1].map((half) => {
    const train = ratings.filter((r) => r.user % 2 === half);
    const test = ratings.filter((r) => r.user % 2 !== half);
    return evaluate(db, test, trainedContenders(db, train));
  });
  const [a, b] = folds as [EvalRow[], EvalRow[]];
  const mean = (x: number, y: number) => (x + y) / 2;
  return a.map((row, i) => {
    const other = b[i] as EvalRow;
    return {
      name: row.name,
      hr5: mean(row.hr5, other.hr5),
      precision5: mean(row.precision5, other.precision5),
      coverage: mean(row.coverage, other.coverage),
      pairs: Math.round(mean(row.pairs, other.pairs)),
      items: Math.round(mean(row.items, other.items)),
    };
  });
}

const percent = new Intl.NumberFormat('es', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatTable(title: string, rows: EvalRow[]): string {
  const pct = (x: number) => percent.format(x).replace(/\u00a0/g, ' ');
  const lines = [
    `${title}: ${formatInt(rows[0]?.pairs ?? 0)} pares (usuario, película gustada), ${formatInt(rows[0]?.items ?? 0)} películas con ≥ 20 fans`,
    '| recomendador | HR@5 | precisión ítem-ítem @5 | cobertura |',
    '| --- | ---: | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${pct(r.hr5)} | ${pct(r.precision5)} | ${pct(r.coverage)} |`),
  ];
  return lines.join('\n');
}

export function missingFiles(sets: RatingsSet[]): string[] {
  return sets.flatMap((s) => [s.ratings, s.links]).filter((path) => !existsSync(path));
}
