/**
 * Precomputed recommendations: the ETL (etl/derived.ts) stores every title's top
 * STORED_K in the `recommendations` table, so serving reads a few rows instead of
 * holding feature vectors in memory (~250 MB at full scale) or scoring per request.
 */
import type { Db } from '../catalog/catalog.js';
import { collectGarbage } from '../util/gc.js';
import { COLIKE_SETTINGS } from './colikes.js';
import { type Item, MOVIE_WEIGHTS, STREAMING_WEIGHTS } from './features.js';
import {
  BLEND,
  type CorpusRecommender,
  KNOWN_CANDIDATES,
  MOVIE_PRIOR,
  movieRecommender,
  streamingRecommender,
} from './index.js';
import { createExplainer, isReasonKind } from './reasons.js';
import type { Recommendation, Recommender } from './types.js';

export const STORED_K = 10;

/** The configuration the stored rows were computed with: a change makes them stale. */
export function recommendConfig(): string {
  // v: bump when the scoring code changes in a way the constants below do not show.
  return JSON.stringify({
    v: 4,
    k: STORED_K,
    MOVIE_WEIGHTS,
    STREAMING_WEIGHTS,
    MOVIE_PRIOR,
    KNOWN_CANDIDATES,
    COLIKE_SETTINGS,
    BLEND,
  });
}

export type RecommendedCorpus = 'streaming' | 'movies';

export interface StoreOptions {
  /** Which catalogs' titles (default both: the ETL splits them, since only the movies need the credits). */
  corpora?: readonly RecommendedCorpus[];
  /** Where the rows go (default `db`; the ETL's worker writes a side file, merged into the catalog). */
  into?: Db;
}

/**
 * Computes and stores the recommendations of every title of `corpora`, with the kind of
 * their reason (movies blended with the `movie_coliked` rows the colikes step wrote
 * before), replacing that corpus's rows; returns the rows written. Titles are visited in
 * ascending id order, so rows reach the table's B-tree (keyed by the id as text) in key
 * order: in the corpus order (movies by number: `tmdb:2`, `tmdb:10`, `tmdb:100`… are far
 * apart as text) nearly every insert landed on another page, ~1–2 s of the step at full
 * scale with the 16 MB page cache the ETL gives derived steps.
 */
export function storeRecommendations(
  db: Db,
  { corpora = ['streaming', 'movies'], into = db }: StoreOptions = {},
): number {
  const columns = '(title_id, rank, rec_id, similarity, reason, reason_detail)';
  const row = '(?, ?, ?, ?, ?, ?)';
  const insertOne = into.prepare(`INSERT INTO recommendations ${columns} VALUES ${row}`);
  // A title's STORED_K rows in one statement: a tenth of the calls into SQLite (~680k rows at full scale).
  const insertAll = into.prepare(
    `INSERT INTO recommendations ${columns} VALUES ${Array(STORED_K).fill(row).join(', ')}`,
  );
  const values: (string | number | null)[] = [];
  let rows = 0;
  const storeAll = (recommender: CorpusRecommender) => {
    const items = recommender.corpus.items;
    for (const position of idOrder(items)) {
      const item = items[position] as Item;
      const recs = recommender.explainedRank(item.id, STORED_K);
      values.length = 0;
      recs.forEach((rec, rank) => {
        values.push(item.id, rank, (items[rec.item] as Item).id, rec.similitud, rec.reason, rec.detail);
      });
      if (recs.length === STORED_K) insertAll.run(values);
      else for (let at = 0; at < values.length; at += 6) insertOne.run(values.slice(at, at + 6));
      rows += recs.length;
    }
  };
  into.transaction(() => {
    for (const corpus of corpora) {
      into
        .prepare(`DELETE FROM recommendations WHERE title_id ${corpus === 'movies' ? '' : 'NOT '}LIKE 'tmdb:%'`)
        .run();
      storeAll(corpus === 'movies' ? movieRecommender(db) : streamingRecommender(db));
      // The corpus and its index are garbage now: collected before the next corpus (or step) allocates.
      collectGarbage();
    }
    writeRecommendConfig(into);
  })();
  return rows;
}

/** Records the configuration the stored rows were computed with (storedRecommender compares it). */
export function writeRecommendConfig(db: Db): void {
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('recommend_config', ?)").run(recommendConfig());
}

/** Item positions by ascending id (SQLite's BINARY order for the ASCII ids of the catalog). */
function idOrder(items: readonly Item[]): Int32Array {
  const order = Int32Array.from(items.keys());
  const ids = items.map((item) => item.id);
  return order.sort((a, b) => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** A Recommender reading the stored rows, or null when the catalog has none for the current configuration. */
export function storedRecommender(db: Db): Recommender | null {
  try {
    const config = db.prepare("SELECT value FROM meta WHERE key = 'recommend_config'").pluck().get();
    if (config !== recommendConfig()) return null;
  } catch {
    return null; // a catalog from before this table existed
  }
  const rows = db.prepare(
    `SELECT r.rec_id AS id, coalesce(m.title, t.title) AS titulo, coalesce(m.release_year, t.release_year) AS anio,
            r.similarity AS similitud, r.reason AS reason, r.reason_detail AS detail
     FROM recommendations r
     LEFT JOIN movies m ON r.rec_id LIKE 'tmdb:%' AND m.id = CAST(substr(r.rec_id, 6) AS INTEGER)
     LEFT JOIN titles t ON t.id = r.rec_id
     WHERE r.title_id = ? ORDER BY r.rank LIMIT ?`,
  );
  const explainer = createExplainer(db);
  return {
    recommend(id: string, k = 5): Recommendation[] {
      if (typeof id !== 'string' || !(k > 0)) return [];
      const found = rows.all(id, Math.min(k, STORED_K)) as (Omit<Recommendation, 'motivo'> & {
        detail: string | null;
      })[];
      return found.map((r) => {
        const reason = isReasonKind(r.reason) ? r.reason : 'themes';
        return {
          id: r.id,
          titulo: r.titulo,
          anio: r.anio,
          similitud: r.similitud,
          motivo: explainer.explain(id, r.id, reason, r.detail),
          reason,
        };
      });
    },
  };
}
