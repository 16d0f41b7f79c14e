import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../src/catalog/catalog.js';
import { genresOnlyRecommender, popularityRecommender, seedsRecipeRecommender } from '../../src/recommend/baselines.js';
import { createRecommender, MOVIE_PRIOR } from '../../src/recommend/index.js';
import { storedRecommender } from '../../src/recommend/precompute.js';
import { SparseCosine } from '../../src/recommend/sparse.js';
import type { Recommender } from '../../src/recommend/types.js';
import { FIXTURE_DIR, fixtureCatalogPath } from '../helpers/catalog.js';

describe('SparseCosine', () => {
  it('ranks by cosine, computed by hand', () => {
    // a=(1,1,0), b=(1,0,0), c=(0,1,1): cos(a,b)=1/√2, cos(a,c)=1/2.
    const index = new SparseCosine([
      new Map([
        ['x', 1],
        ['y', 1],
      ]),
      new Map([['x', 1]]),
      new Map([
        ['y', 1],
        ['z', 1],
      ]),
    ]);
    const nearest = index.nearest(0, 5, (other) => other === 0);
    expect(nearest.map((n) => n.item)).toEqual([1, 2]);
    expect(nearest[0]?.cosine).toBeCloseTo(Math.SQRT1_2, 5);
    expect(nearest[1]?.cosine).toBeCloseTo(0.5, 5);
  });
});

describe.skipIf(!existsSync(FIXTURE_DIR))('recommender on the data/demo fixture (needs data/demo)', () => {
  let catalog: Catalog;
  let recommender: Recommender;
  beforeAll(async () => {
    catalog = openCatalog(await fixtureCatalogPath());
    recommender = createRecommender(catalog.db);
  });
  afterAll(() => catalog?.close());

  const collectionOf = (id: number) =>
    (catalog.db.prepare('SELECT collection_id AS c FROM movies WHERE id = ?').get(id) as { c: number | null }).c;
  const moviesOfCollection = (id: number) =>
    (catalog.db.prepare('SELECT id FROM movies WHERE collection_id = ?').all(collectionOf(id)) as { id: number }[])
      .map((r) => `tmdb:${r.id}`)
      .filter((x) => x !== `tmdb:${id}`);

  it('Toy Story → the other Toy Story films first, then Pixar films', () => {
    const recs = recommender.recommend('tmdb:862');
    expect(recs).toHaveLength(5);
    // Same collection (weight 3), same genres, same studio: Toy Story 2 and 3 must lead.
    expect(new Set(recs.slice(0, 2).map((r) => r.id))).toEqual(new Set(moviesOfCollection(862)));
    const pixar = new Set(
      (
        catalog.db
          .prepare(
            `SELECT mc.movie_id AS id FROM movie_companies mc JOIN companies c ON c.id = mc.company_id
             WHERE c.name = 'Pixar Animation Studios'`,
          )
          .all() as { id: number }[]
      ).map((r) => `tmdb:${r.id}`),
    );
    expect(recs.filter((r) => pixar.has(r.id)).length).toBeGreaterThanOrEqual(3);
  });

  it('a Bond film → the other Bond films', () => {
    const bond = moviesOfCollection(710); // GoldenEye
    expect(bond).toHaveLength(4);
    expect(
      new Set(
        recommender
          .recommend('tmdb:710')
          .slice(0, 4)
          .map((r) => r.id),
      ),
    ).toEqual(new Set(bond));
  });

  it('The Godfather → Part II first, with the shape of the contract and the reason', () => {
    const [first] = recommender.recommend('tmdb:238');
    // Both in The Godfather Collection (FIXTURE.md).
    expect(first).toEqual({
      id: 'tmdb:240',
      titulo: 'The Godfather: Part II',
      anio: 1974,
      similitud: expect.any(Number),
      motivo: 'misma saga',
      reason: 'saga',
    });
    expect(first?.similitud).toBeGreaterThan(0);
    expect(first?.similitud).toBeLessThanOrEqual(1);
  });

  it('streaming titles get streaming recommendations', () => {
    const recs = recommender.recommend('ds2'); // Toy Story on Disney+
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.every((r) => !r.id.startsWith('tmdb:'))).toBe(true);
  });

  it('the ETL-stored recommendations equal the ones computed in memory', () => {
    const stored = storedRecommender(catalog.db);
    expect(stored).not.toBeNull();
    const computed = createRecommender(catalog.db, { moviePrior: MOVIE_PRIOR }); // options → always in memory
    const ids = [
      ...(catalog.db.prepare("SELECT 'tmdb:' || id FROM movies").pluck().all() as string[]),
      ...(catalog.db.prepare('SELECT id FROM titles').pluck().all() as string[]),
    ];
    for (const id of ids) expect(stored?.recommend(id), id).toEqual(computed.recommend(id));
  });

  it('unknown or odd ids answer [] instead of throwing', () => {
    for (const id of ['tmdb:999999999', 'zz1', '', "tmdb:1' OR 1=1 --", '😀'.repeat(1000)]) {
      expect(recommender.recommend(id)).toEqual([]);
    }
    expect(recommender.recommend(undefined as unknown as string)).toEqual([]);
  });

  it('never recommends the title itself nor an exact duplicate of it (property, every recommender)', () => {
    const rows = [
      ...(catalog.db.prepare("SELECT 'tmdb:' || id AS id, title_key AS k, release_year AS y FROM movies").all() as {
        id: string;
        k: string;
        y: number | null;
      }[]),
      ...(catalog.db.prepare('SELECT id, title_key AS k, release_year AS y FROM titles').all() as {
        id: string;
        k: string;
        y: number | null;
      }[]),
    ];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const all = [
      recommender,
      popularityRecommender(catalog.db),
      genresOnlyRecommender(catalog.db),
      seedsRecipeRecommender(catalog.db),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...rows.map((r) => r.id)), fc.integer({ min: 1, max: 10 }), (id, k) => {
        const self = byId.get(id);
        for (const r of all) {
          const recs = r.recommend(id, k);
          expect(recs.length).toBeLessThanOrEqual(k);
          for (const rec of recs) {
            expect(rec.id).not.toBe(id);
            const other = byId.get(rec.id);
            expect(other && self && other.k === self.k && other.y === self.y).toBe(false);
          }
        }
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
