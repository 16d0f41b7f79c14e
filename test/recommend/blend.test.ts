/**
 * The blended recommender on the data/demo fixture (its tmdb/ratings_small.csv:
 * 14 hand-made users). Expectations come from outside the code under test: the
 * co-likes are recomputed from the CSV with csv-parse and plain Sets, and every
 * stored reason is checked against the catalog with its own SQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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
import {
  FIXTURE_DIR,
  fixtureCatalogPath,
  SHARED_DATA_DIR,
  sharedCatalogPath,
  sharedDataPresent,
} from '../helpers/catalog.js';
import { checkReasons } from './reasons-check.js';

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
    const ids = [...movieIds().map((m) => `tmdb:${m}`), ...titleIds()];
    const seen = checkReasons(catalog.db, stored, ids, common);
    expect(Object.keys(seen).sort()).toEqual([
      'actor',
      'colikes',
      'company',
      'country',
      'decade',
      'director',
      'saga',
      'themes',
      'type',
    ]);
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

describe.skipIf(!sharedDataPresent('blended reasons on ../shared/data'))('on ../shared/data (ratings_small)', () => {
  it('every stored reason is true of the pair, for a sample of 300 titles', async () => {
    const shared = openCatalog((await sharedCatalogPath()) as string);
    try {
      const read = (name: string) =>
        parse(gunzipSync(readFileSync(join(SHARED_DATA_DIR, 'ratings', name))), { columns: true }) as Record<
          string,
          string
        >[];
      const tmdbOf = new Map(read('links_small.csv.gz').map((r) => [r.movieId, Number(r.tmdbId)]));
      const fans = new Map<number, Set<number>>();
      for (const r of read('ratings_small.csv.gz')) {
        const tmdb = tmdbOf.get(r.movieId ?? '');
        if (!tmdb || Number(r.rating) < 4) continue;
        fans.set(tmdb, (fans.get(tmdb) ?? new Set<number>()).add(Number(r.userId)));
      }
      const together = (a: number, b: number) => [...(fans.get(a) ?? [])].filter((u) => fans.get(b)?.has(u)).length;
      const ids = [
        ...(shared.db.prepare("SELECT 'tmdb:' || id FROM movies ORDER BY id").pluck().all() as string[]),
        ...(shared.db.prepare('SELECT id FROM titles ORDER BY id').pluck().all() as string[]),
      ];
      const sample = ids.filter((_, i) => i % Math.floor(ids.length / 300) === 0);
      const seen = checkReasons(shared.db, storedRecommender(shared.db) as Recommender, sample, together);
      expect(seen.colikes).toBeGreaterThan(0);
      expect(seen.language).toBeGreaterThan(0);
    } finally {
      shared.close();
    }
  });
});
