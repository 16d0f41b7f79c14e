import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../src/catalog/catalog.js';
import { createEntitySearch, splitYear } from '../../src/search/index.js';
import type { EntitySearch } from '../../src/search/types.js';
import { FIXTURE_DIR, fixtureCatalogPath } from '../helpers/catalog.js';
import { tinyCatalog } from './tiny-catalog.js';

const top = (search: EntitySearch, query: string, options = {}) => search.titles(query, options)[0]?.id;

describe('splitYear', () => {
  it('takes a plausible year off the end only', () => {
    expect(splitYear('psycho 1960')).toEqual({ text: 'psycho', year: 1960 });
    expect(splitYear('Titanic (1953)')).toEqual({ text: 'Titanic', year: 1953 });
    expect(splitYear('1917')).toBeNull(); // nothing would be left
    expect(splitYear('blade runner 2049')).toBeNull(); // not a release year yet
  });
});

describe('entity search on a tiny hand-made catalog', () => {
  const search = createEntitySearch(tinyCatalog());

  it.each([
    ['jurasic park', 'tmdb:329'],
    ['toy stroy', 'tmdb:862'],
    ['teh siege', 'tmdb:9882'],
    ['matrix', 'tmdb:603'],
    ['the jumanji', 'tmdb:8844'],
    ['se7en', 'tmdb:807'],
    ['e.t.', 'tmdb:601'],
    ['et', 'tmdb:601'],
    ['psycho 1960', 'tmdb:539'],
    ['psycho 1998', 'tmdb:11252'],
    ['titanic (1953)', 'tmdb:16535'],
    ['el laberinto del fauno', 'tmdb:1417'],
    ['AMELIE', 'tmdb:194'],
  ])('%s → %s', (query, id) => {
    expect(top(search, query)).toBe(id);
  });

  it('score 1 only for identical normalized text', () => {
    expect(search.titles('Toy Story')[0]?.score).toBe(1);
    expect(search.titles('toy stroy')[0]?.score).toBeLessThan(1);
    expect(search.titles('matrix')[0]?.score).toBeLessThan(1);
  });

  it('ties follow the contract: year given, then most votes, movies before streaming', () => {
    expect(search.titles('psycho').map((m) => m.id)).toEqual(['tmdb:539', 'tmdb:11252']);
    expect(top(search, 'psycho', { year: 1998 })).toBe('tmdb:11252');
    expect(search.titles('titanic').map((m) => m.id)).toEqual(['tmdb:597', 'tmdb:16535', 'as1']);
  });

  it('filters by catalog and platform', () => {
    expect(search.titles('jumanji', { catalog: 'streaming' }).map((m) => m.id)).toEqual(['ns2']);
    expect(search.titles('titanic', { platform: 'amazon' }).map((m) => m.id)).toEqual(['as1']);
    expect(search.titles('titanic', { platform: 'hulu' })).toEqual([]);
  });

  it('people, by role and catalog, typo-tolerant', () => {
    expect(search.people('tom hnaks')[0]?.id).toBe('Tom Hanks');
    expect(search.people('penelope cruz')[0]).toMatchObject({ id: 'Penélope Cruz', score: 1 });
    expect(search.people('guillermo del toro', { role: 'actor' })).toEqual([]);
    expect(search.people('guillermo del toro', { role: 'director' })[0]?.id).toBe('Guillermo del Toro');
    expect(search.people('kirsten johnson', { catalog: 'movies' })).toEqual([]);
    expect(search.people('kirsten johnson', { catalog: 'streaming' })[0]?.id).toBe('Kirsten Johnson');
  });

  it('collections and companies', () => {
    expect(search.collections('toy story colection')[0]?.id).toBe('Toy Story Collection');
    expect(search.companies('pixar')[0]?.id).toBe('Pixar Animation Studios');
    expect(search.companies('warner bros')[0]?.id).toBe('Warner Bros.');
  });

  it('suggest completes prefixes, with and without the article', () => {
    expect(search.suggest('title', 'toy').map((m) => m.name)).toEqual(['Toy Story', 'Toy Story 2']);
    expect(search.suggest('title', 'the ma')[0]?.id).toBe('tmdb:603');
    expect(search.suggest('title', 'matr')[0]?.id).toBe('tmdb:603');
    expect(search.suggest('person', 'tom')[0]?.id).toBe('Tom Hanks');
    expect(search.suggest('title', 'p', { limit: 2 })).toHaveLength(2);
  });

  it('bad input returns [] or sensible results, never throws', () => {
    const odd = ['', '   ', '😀🎬', 'x'.repeat(10_000), "'; DROP TABLE movies; --", '%', '\u0000\u0007', '?'];
    for (const query of odd) {
      for (const kind of ['title', 'person', 'collection', 'company'] as const) {
        expect(Array.isArray(search.suggest(kind, query))).toBe(true);
      }
      expect(Array.isArray(search.titles(query))).toBe(true);
      expect(Array.isArray(search.people(query))).toBe(true);
    }
    expect(search.titles('')).toEqual([]);
    expect(search.titles('😀🎬')).toEqual([]);
    expect(search.titles(42 as unknown as string)).toEqual([]);
    expect(search.titles('x'.repeat(10_000))).toEqual([]);
    // An SQL-looking query is only text: it can match nothing here, and the tables are intact.
    expect(search.titles("'; DROP TABLE movies; --").every((m) => m.score < 0.5)).toBe(true);
    expect(top(search, 'toy story')).toBe('tmdb:862');
  });
});

describe.skipIf(!existsSync(FIXTURE_DIR))('entity search on the data/demo fixture (needs data/demo)', () => {
  let catalog: Catalog;
  let search: EntitySearch;
  beforeAll(async () => {
    catalog = openCatalog(await fixtureCatalogPath());
    search = createEntitySearch(catalog.db);
  });
  afterAll(() => catalog?.close());

  it.each([
    ['jurasic park', 'tmdb:329'],
    ['toy stroy', 'tmdb:862'],
    ['teh siege', 'tmdb:9882'],
    ['matrix', 'tmdb:603'],
    ['se7en', 'tmdb:807'],
    ['e.t.', 'tmdb:601'],
    ['psycho 1960', 'tmdb:539'],
    ['el laberinto del fauno', 'tmdb:1417'],
    ['amelie', 'tmdb:194'],
    ['el padrino', 'tmdb:238'], // a Spanish release title the catalog holds (movie_titles_es, data/titulos_es)
  ])('%s → %s', (query, id) => {
    const first = search.titles(query)[0];
    if (id) expect(first?.id).toBe(id);
    else expect(first?.score ?? 0).toBeLessThan(0.9);
  });

  it('a title in both catalogs resolves to the movie unless a platform is asked', () => {
    expect(top(search, 'pulp fiction')).toBe('tmdb:680');
    expect(top(search, 'pulp fiction', { platform: 'hulu' })).toBe('hs7');
  });

  it('people with accents and typos, collections, companies', () => {
    expect(search.people('pedro almodobar')[0]?.id).toBe('Pedro Almodóvar');
    expect(search.people('maribel verdu')[0]?.id).toBe('Maribel Verdú');
    expect(search.collections('james bond')[0]?.id).toBe('James Bond Collection');
    expect(search.companies('pixar animation studios')[0]).toMatchObject({ id: 'Pixar Animation Studios', score: 1 });
  });

  it('the index stored by the ETL answers exactly like one built in memory', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'filmoteca-search-')), 'no-index.db');
    copyFileSync(catalog.path, copy);
    const writable = new Database(copy);
    expect((writable.prepare('SELECT count(*) FROM search_index').pluck().get() as number) > 0).toBe(true);
    writable.prepare('DELETE FROM search_index').run();
    writable.close();
    const plain = openCatalog(copy);
    const inMemory = createEntitySearch(plain.db);
    try {
      for (const query of ['toy stroy', 'psycho 1960', 'e.t.', 'pedro almodobar', 'james bond', 'pixar', 'the', 'x']) {
        expect(search.titles(query)).toEqual(inMemory.titles(query));
        expect(search.people(query)).toEqual(inMemory.people(query));
        expect(search.collections(query)).toEqual(inMemory.collections(query));
        expect(search.companies(query)).toEqual(inMemory.companies(query));
        expect(search.suggest('title', query.slice(0, 3))).toEqual(inMemory.suggest('title', query.slice(0, 3)));
        expect(search.suggest('person', query.slice(0, 3))).toEqual(inMemory.suggest('person', query.slice(0, 3)));
      }
    } finally {
      plain.close();
    }
  });
});
