/**
 * eval-recs: our recommender and three baselines against MovieLens users'
 * ratings, on the catalog built from ../shared/data. See metrics.ts for HR@5 and
 * item-item precision@5.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import type { Db } from '../catalog/catalog.js';
import { genresOnlyRecommender, popularityRecommender, seedsRecipeRecommender } from './baselines.js';
import { createRecommender, type RecommenderOptions } from './index.js';
import { cached, coLikedTruth, collectLikes, hitRate, itemPrecision, type Rating } from './metrics.js';
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
  pairs: number;
  items: number;
}

export function contenders(db: Db, ours: RecommenderOptions = {}): { name: string; recommender: Recommender }[] {
  return [
    { name: 'Filmoteca', recommender: createRecommender(db, ours) },
    { name: 'Popularidad (más votadas)', recommender: popularityRecommender(db) },
    { name: 'Solo géneros (conteo)', recommender: genresOnlyRecommender(db) },
    { name: 'Receta de las semillas (TF-IDF)', recommender: seedsRecipeRecommender(db) },
  ];
}

export function evaluate(ratings: Rating[], recommenders: { name: string; recommender: Recommender }[]): EvalRow[] {
  const likes = collectLikes(ratings);
  const truth = coLikedTruth(likes);
  return recommenders.map(({ name, recommender }) => {
    const recommend = cached((id) => recommender.recommend(id, 5).map((r) => r.id));
    const hr = hitRate(recommend, likes);
    const precision = itemPrecision(recommend, truth);
    return { name, hr5: hr.value, precision5: precision.value, pairs: hr.pairs, items: precision.items };
  });
}

export function formatTable(title: string, rows: EvalRow[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `${title}: ${rows[0]?.pairs ?? 0} pares (usuario, película gustada), ${rows[0]?.items ?? 0} películas con ≥ 20 fans`,
    '| recomendador | HR@5 | precisión ítem-ítem @5 |',
    '| --- | ---: | ---: |',
    ...rows.map((r) => `| ${r.name} | ${pct(r.hr5)} | ${pct(r.precision5)} |`),
  ];
  return lines.join('\n');
}

export function missingFiles(sets: RatingsSet[]): string[] {
  return sets.flatMap((s) => [s.ratings, s.links]).filter((path) => !existsSync(path));
}
