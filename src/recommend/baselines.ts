/**
 * What eval-recs compares our recommender with, each a `Recommender` run through
 * the same code path: three baselines, and co-liking alone (no content).
 */
import type { Db } from '../catalog/catalog.js';
import type { CoLiked } from './colikes.js';
import { type Corpus, MOVIE_WEIGHTS, movieCorpus } from './features.js';
import { CorpusRecommender, DEFAULT_K } from './index.js';
import { createExplainer } from './reasons.js';
import { packVectors, type SparseVector } from './sparse.js';
import type { Recommendation, Recommender } from './types.js';

/** The most-voted movies, the same list for every movie (minus the movie itself and its duplicates). */
export function popularityRecommender(db: Db): Recommender {
  const top = db
    .prepare('SELECT id, title, title_key, release_year FROM movies ORDER BY vote_count DESC, id LIMIT 50')
    .all() as { id: number; title: string; title_key: string; release_year: number }[];
  const find = db.prepare('SELECT title_key, release_year FROM movies WHERE id = ?');
  return {
    recommend(id: string, k = DEFAULT_K): Recommendation[] {
      const self = /^tmdb:\d+$/.test(id)
        ? (find.get(Number(id.slice(5))) as (typeof top)[number] | undefined)
        : undefined;
      if (!self) return [];
      return top
        .filter((m) => m.title_key !== self.title_key || m.release_year !== self.release_year)
        .slice(0, k)
        .map((m) => ({
          id: `tmdb:${m.id}`,
          titulo: m.title,
          anio: m.release_year,
          similitud: 0,
          motivo: 'de las más votadas',
          reason: 'popular' as const,
        }));
    },
  };
}

/** Cosine over genre counts only. */
export function genresOnlyRecommender(db: Db): Recommender {
  const zero = Object.fromEntries(
    Object.keys(MOVIE_WEIGHTS).map((name) => [name, 0]),
  ) as unknown as typeof MOVIE_WEIGHTS;
  return new CorpusRecommender(movieCorpus(db, { ...zero, genre: 1, idf: false }), {
    exact: true,
    explainer: createExplainer(db),
  });
}

/** scikit-learn's default token pattern: runs of 2+ word characters, lower case. */
function sklearnTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [];
}

/**
 * The seeds' recipe: one text per movie, "collection name + genre names + release
 * date + original language", TF-IDF (scikit-learn defaults: raw counts, smooth
 * idf ln((1+n)/(1+df)) + 1, L2 norm) and cosine.
 */
export function seedsRecipeRecommender(db: Db): Recommender {
  const base = movieCorpus(db, MOVIE_WEIGHTS); // for the items (same order: by id)
  const rows = db
    .prepare(
      `SELECT m.id, coalesce(c.name, '') AS collection, m.release_date, coalesce(m.original_language, '') AS lang,
              coalesce((SELECT group_concat(g.name, ' ') FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
                        WHERE mg.movie_id = m.id), '') AS genres
       FROM movies m LEFT JOIN collections c ON c.id = m.collection_id ORDER BY m.id`,
    )
    .all() as { id: number; collection: string; release_date: string; lang: string; genres: string }[];
  const counts: SparseVector[] = rows.map((r) => {
    const bag: SparseVector = new Map();
    for (const token of sklearnTokens(`${r.collection} ${r.genres} ${r.release_date} ${r.lang}`)) {
      bag.set(token, (bag.get(token) ?? 0) + 1);
    }
    return bag;
  });
  const df = new Map<string, number>();
  for (const bag of counts) for (const token of bag.keys()) df.set(token, (df.get(token) ?? 0) + 1);
  const n = counts.length;
  const vectors = counts.map(
    (bag) =>
      new Map([...bag].map(([token, tf]) => [token, tf * (Math.log((1 + n) / (1 + (df.get(token) as number))) + 1)])),
  );
  const corpus: Corpus = { items: base.items, vectors: packVectors(vectors) };
  return new CorpusRecommender(corpus, { exact: true, explainer: createExplainer(db) });
}

/**
 * Co-liking only: a movie's most co-liked movies (colikes.ts), nothing for a movie
 * without co-liked neighbours. `coLiked` is by position in movieCorpus order (by id).
 */
export function coLikedOnlyRecommender(db: Db, coLiked: CoLiked): Recommender {
  const movies = db.prepare('SELECT id, title, title_key, release_year FROM movies ORDER BY id').all() as {
    id: number;
    title: string;
    title_key: string;
    release_year: number;
  }[];
  const positions = new Map(movies.map((m, position) => [`tmdb:${m.id}`, position]));
  const explainer = createExplainer(db);
  return {
    recommend(id: string, k = DEFAULT_K): Recommendation[] {
      const position = positions.get(id);
      if (position === undefined) return [];
      const self = movies[position] as (typeof movies)[number];
      const out: Recommendation[] = [];
      const shown = new Set<string>();
      for (let p = coLiked.starts[position] as number; p < (coLiked.starts[position + 1] as number); p++) {
        const m = movies[coLiked.others[p] as number] as (typeof movies)[number];
        const entry = `${m.title_key}\u0000${m.release_year}`;
        if ((m.title_key === self.title_key && m.release_year === self.release_year) || shown.has(entry)) continue;
        shown.add(entry);
        out.push({
          id: `tmdb:${m.id}`,
          titulo: m.title,
          anio: m.release_year,
          similitud: Math.round((coLiked.cosines[p] as number) * 1000) / 1000,
          motivo: explainer.explain(id, `tmdb:${m.id}`, 'colikes', null),
          reason: 'colikes',
        });
        if (out.length === k) break;
      }
      return out;
    },
  };
}
