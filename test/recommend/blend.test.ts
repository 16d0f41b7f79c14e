/**
 * The blended recommender on the data/demo fixture (its tmdb/ratings_small.csv:
 * 14 hand-made users). Expectations come from outside the code under test: the
 * co-likes are recomputed from the CSV with csv-parse and plain Sets, and every
 * stored reason is checked against the catalog with its own SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../src/catalog/catalog.js';
import { coLikedOnlyRecommender } from '../../src/recommend/baselines.js';
import { loadCoLiked } from '../../src/recommend/colikes.js';
import { createRecommender } from '../../src/recommend/index.js';
import { storedRecommender } from '../../src/recommend/precompute.js';
import type { Recommendation, Recommender } from '../../src/recommend/types.js';
import { ask, fixtureContext } from '../commands/context.js';
import { FIXTURE_DIR, fixtureCatalogPath } from '../helpers/catalog.js';

/** tmdb id → the users who rated it ≥ 4, from the fixture's CSVs (links.csv maps MovieLens ids). */
function fixtureLikers(): Map<number, Set<number>> {
  const read = (name: string) =>
    parse(readFileSync(join(FIXTURE_DIR, 'tmdb', name)), { columns: true }) as Record<string, string>[];
  const tmdbOf = new Map(read('links.csv').map((r) => [r.movieId, Number(r.tmdbId)]));
  const likers = new Map<number, Set<number>>();
  for (const r of read('ratings_small.csv')) {
    const tmdb = tmdbOf.get(r.movieId ?? '');
    if (!tmdb || Number(r.rating) < 4) continue;
    const set = likers.get(tmdb) ?? new Set<number>();
    likers.set(tmdb, set.add(Number(r.userId)));
  }
  return likers;
}

let catalog: Catalog;
let stored: Recommender;
const likers = fixtureLikers();
const common = (a: number, b: number) => [...(likers.get(a) ?? [])].filter((u) => likers.get(b)?.has(u)).length;

beforeAll(async () => {
  catalog = openCatalog(await fixtureCatalogPath());
  stored = storedRecommender(catalog.db) as Recommender;
});
afterAll(() => catalog?.close());

const movieIds = () => catalog.db.prepare('SELECT id FROM movies ORDER BY id').pluck().all() as number[];
const titleIds = () => catalog.db.prepare('SELECT id FROM titles').pluck().all() as string[];

describe('co-liking stored by the ETL (derived:colikes)', () => {
  it('has every liked movie with its likers and its co-liked movies, as recomputed from the CSV', () => {
    const stats = catalog.db.prepare('SELECT movie_id AS id, likers FROM movie_likers').all() as {
      id: number;
      likers: number;
    }[];
    expect(Object.fromEntries(stats.map((r) => [r.id, r.likers]))).toEqual(
      Object.fromEntries([...likers].map(([id, users]) => [id, users.size])),
    );
    // Toy Story's likers (users 1–8), by hand: Finding Nemo 6 in common, Up 4, Monsters, Inc. 3.
    expect(likers.get(862)?.size).toBe(8);
    const rows = catalog.db
      .prepare('SELECT movie_id AS a, other_id AS b, similarity, common FROM movie_coliked ORDER BY a, rank')
      .all() as { a: number; b: number; similarity: number; common: number }[];
    for (const a of movieIds()) {
      const expected = movieIds()
        .filter((b) => b !== a && common(a, b) >= 2)
        .map((b) => ({ b, cosine: common(a, b) / Math.sqrt((likers.get(a)?.size ?? 0) * (likers.get(b)?.size ?? 0)) }))
        .sort((x, y) => y.cosine - x.cosine || x.b - y.b)
        .slice(0, 30);
      const mine = rows.filter((r) => r.a === a);
      expect(
        mine.map((r) => r.b),
        `movie ${a}`,
      ).toEqual(expected.map((e) => e.b));
      mine.forEach((r, i) => {
        expect(r.similarity).toBeCloseTo(expected[i]?.cosine as number, 6);
        expect(r.common).toBe(common(a, r.b));
      });
    }
    expect(rows.filter((r) => r.a === 862).map((r) => r.b)).toEqual([12, 14160, 585, 863, 329, 11]);
  });
});

describe('loadCoLiked', () => {
  it('maps the stored rows onto any order of the items', () => {
    const ids = movieIds().map((id) => ({ id: `tmdb:${id}` }));
    const inOrder = loadCoLiked(catalog.db, ids);
    const reversed = loadCoLiked(catalog.db, [...ids].reverse());
    const neighbours = (c: typeof inOrder, items: { id: string }[], position: number) =>
      Array.from(c?.others.subarray(c.starts[position], c.starts[position + 1]) ?? [], (p) => items[p]?.id);
    ids.forEach((item, position) => {
      expect(neighbours(reversed, [...ids].reverse(), ids.length - 1 - position), item.id).toEqual(
        neighbours(inOrder, ids, position),
      );
    });
    expect(
      neighbours(
        inOrder,
        ids,
        ids.findIndex((x) => x.id === 'tmdb:862'),
      ),
    ).toEqual(['tmdb:12', 'tmdb:14160', 'tmdb:585', 'tmdb:863', 'tmdb:329', 'tmdb:11']);
  });
});

describe('blended recommendations', () => {
  it('a movie nobody rated gets exactly the content recommendations (Amélie, Titanic 1953, …)', () => {
    const content = createRecommender(catalog.db, { coLiked: null });
    const unrated = movieIds().filter((id) => !likers.has(id));
    expect(unrated).toContain(194);
    expect(unrated).toContain(16535);
    for (const id of unrated) {
      const recs = stored.recommend(`tmdb:${id}`);
      expect(recs.length, `tmdb:${id}`).toBe(5);
      expect(recs).toEqual(content.recommend(`tmdb:${id}`));
      expect(recs.some((r) => r.reason === 'colikes')).toBe(false);
    }
  });

  it('Toy Story: its saga first, then what its fans also liked, with the reason in words', () => {
    const recs = stored.recommend('tmdb:862');
    expect(recs.slice(0, 2).map((r) => [r.id, r.motivo])).toEqual([
      ['tmdb:863', 'misma saga'],
      ['tmdb:10193', 'misma saga'],
    ]);
    // Finding Nemo: the most co-liked (6 of Toy Story's 8 fans), not in the saga.
    const nemo = recs.find((r) => r.id === 'tmdb:12');
    expect(nemo?.motivo).toBe('a quienes les gustó Toy Story también les gustó');
  });

  it('the ETL-stored recommendations equal the ones built in memory, reasons included', () => {
    const memory = createRecommender(catalog.db, {
      coLiked: loadCoLiked(
        catalog.db,
        movieIds().map((id) => ({ id: `tmdb:${id}` })),
      ),
    });
    for (const id of [...movieIds().map((m) => `tmdb:${m}`), ...titleIds()])
      expect(stored.recommend(id, 10), id).toEqual(memory.recommend(id, 10));
  });

  it('every stored reason is true of the pair (checked with SQL of its own)', () => {
    const db = catalog.db;
    const shares = (sql: string, a: number | string, b: number | string) =>
      db.prepare(sql).pluck().all(a, b) as string[];
    const movie = (id: string) => Number(id.slice(5));
    for (const id of [...movieIds().map((m) => `tmdb:${m}`), ...titleIds()]) {
      for (const rec of stored.recommend(id, 10)) {
        const isMovie = id.startsWith('tmdb:');
        const [a, b] = isMovie ? [movie(id), movie(rec.id)] : [id, rec.id];
        const where = `${id} → ${rec.id} (${rec.reason}: ${rec.motivo})`;
        switch (rec.reason) {
          case 'colikes':
            expect(common(a as number, b as number), where).toBeGreaterThanOrEqual(2);
            expect(rec.motivo, where).toMatch(/^a quienes les gustó .+ también les gustó$/);
            break;
          case 'saga':
            expect(
              shares(
                'SELECT 1 FROM movies x JOIN movies y ON y.collection_id = x.collection_id WHERE x.id = ? AND y.id = ?',
                a,
                b,
              ),
              where,
            ).toHaveLength(1);
            break;
          case 'director': {
            const names = isMovie
              ? shares(
                  'SELECT p.name FROM movie_directors x JOIN movie_directors y USING (person_id) JOIN people p ON p.id = x.person_id WHERE x.movie_id = ? AND y.movie_id = ?',
                  a,
                  b,
                )
              : shares(
                  'SELECT x.name FROM title_directors x JOIN title_directors y USING (name_key) WHERE x.title_id = ? AND y.title_id = ?',
                  a,
                  b,
                );
            expect(
              names.map((n) => `mismo director (${n})`),
              where,
            ).toContain(rec.motivo);
            break;
          }
          case 'actor': {
            const names = isMovie
              ? shares(
                  'SELECT p.name FROM movie_cast x JOIN movie_cast y USING (person_id) JOIN people p ON p.id = x.person_id WHERE x.movie_id = ? AND y.movie_id = ? AND x.ord < 5 AND y.ord < 5',
                  a,
                  b,
                )
              : shares(
                  'SELECT x.name FROM title_cast x JOIN title_cast y USING (name_key) WHERE x.title_id = ? AND y.title_id = ?',
                  a,
                  b,
                );
            expect(
              names.map((n) => `también con ${n}`),
              where,
            ).toContain(rec.motivo);
            break;
          }
          case 'company': {
            const names = shares(
              'SELECT c.name FROM movie_companies x JOIN movie_companies y USING (company_id) JOIN companies c ON c.id = x.company_id WHERE x.movie_id = ? AND y.movie_id = ?',
              a,
              b,
            );
            expect(
              names.map((n) => `misma productora (${n})`),
              where,
            ).toContain(rec.motivo);
            break;
          }
          case 'decade': {
            const years = isMovie
              ? shares('SELECT release_year FROM movies WHERE id IN (?, ?)', a, b)
              : shares('SELECT release_year FROM titles WHERE id IN (?, ?)', a, b);
            expect(new Set(years.map((y) => Math.floor(Number(y) / 10))).size, where).toBe(1);
            break;
          }
          case 'language':
            expect(
              shares(
                'SELECT 1 FROM movies x JOIN movies y USING (original_language) WHERE x.id = ? AND y.id = ?',
                a,
                b,
              ),
              where,
            ).toHaveLength(1);
            break;
          case 'themes':
            if (isMovie)
              expect(
                [
                  ...shares(
                    'SELECT 1 FROM movie_genres x JOIN movie_genres y USING (genre_id) WHERE x.movie_id = ? AND y.movie_id = ?',
                    a,
                    b,
                  ),
                  ...shares(
                    'SELECT 1 FROM movie_keywords x JOIN movie_keywords y USING (keyword_id) WHERE x.movie_id = ? AND y.movie_id = ?',
                    a,
                    b,
                  ),
                ].length,
                where,
              ).toBeGreaterThan(0);
            break;
          default:
            // country and type (streaming): the clause names what both have.
            expect(['country', 'type'], where).toContain(rec.reason);
        }
      }
    }
  });
});

describe('rules every recommender keeps (properties)', () => {
  const all = (): [string, Recommender][] => {
    const coLiked = loadCoLiked(
      catalog.db,
      movieIds().map((id) => ({ id: `tmdb:${id}` })),
    );
    return [
      ['stored blend', stored],
      ['in-memory blend', createRecommender(catalog.db, { coLiked })],
      ['content only', createRecommender(catalog.db, { coLiked: null })],
      [
        'co-liking only',
        coLikedOnlyRecommender(
          catalog.db,
          coLiked ?? {
            likers: new Int32Array(0),
            starts: new Int32Array(movieIds().length + 1),
            others: new Int32Array(0),
            cosines: new Float32Array(0),
            common: new Int32Array(0),
          },
        ),
      ],
    ];
  };

  it('never the title itself nor its duplicate, always the same catalog, at most k, best first', () => {
    const rows = [
      ...(catalog.db.prepare("SELECT 'tmdb:' || id AS id, title_key AS k, release_year AS y FROM movies").all() as {
        id: string;
        k: string;
        y: number;
      }[]),
      ...(catalog.db.prepare('SELECT id, title_key AS k, release_year AS y FROM titles').all() as {
        id: string;
        k: string;
        y: number;
      }[]),
    ];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const recommenders = all();
    fc.assert(
      fc.property(fc.constantFrom(...rows.map((r) => r.id)), fc.integer({ min: 1, max: 10 }), (id, k) => {
        const self = byId.get(id);
        for (const [name, r] of recommenders) {
          const recs: Recommendation[] = r.recommend(id, k);
          expect(recs.length, name).toBeLessThanOrEqual(k);
          expect(new Set(recs.map((x) => x.id)).size, name).toBe(recs.length);
          for (const rec of recs) {
            const other = byId.get(rec.id);
            expect(rec.id, name).not.toBe(id);
            expect(other && self && other.k === self.k && other.y === self.y, name).toBe(false);
            expect(rec.id.startsWith('tmdb:'), name).toBe(id.startsWith('tmdb:'));
            expect(rec.similitud, name).toBeGreaterThanOrEqual(0);
            expect(rec.similitud, name).toBeLessThanOrEqual(1);
            expect(rec.motivo.length, name).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});

describe('recomendacion answers with reasons', () => {
  it('puts each reason in the text once and keeps the contract data plus motivo', async () => {
    const ctx = await fixtureContext();
    const answer = ask(ctx, 'recomendacion', { titulo: 'Toy Story' });
    const data = answer.data as { recomendaciones: Record<string, unknown>[] };
    for (const rec of data.recomendaciones)
      expect(Object.keys(rec).sort()).toEqual(['anio', 'id', 'motivo', 'similitud', 'titulo']);
    const recs = stored.recommend('tmdb:862');
    expect(data.recomendaciones.map((r) => r.motivo)).toEqual(recs.map((r) => r.motivo));
    // Toy Story 2 and 3 (saga) first, then co-liked movies: two groups.
    const coLiked = recs.filter((r) => r.reason === 'colikes').map((r) => `${r.titulo} (${r.anio})`);
    expect(coLiked.length).toBeGreaterThan(0);
    const verb = coLiked.length > 1 ? 'gustaron' : 'gustó';
    expect(answer.text).toBe(
      `Si te gustó Toy Story (1995), te recomiendo: Toy Story 2 (1999) y Toy Story 3 (2010), de la misma saga; y ${new Intl.ListFormat('es').format(coLiked)}, que también les ${verb} a quienes les gustó Toy Story.`,
    );
  });
});
