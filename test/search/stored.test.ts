/**
 * The index the ETL stores in pages (src/search/stored.ts) answers exactly like the one
 * built in memory from the same catalog, on a catalog large enough that every kind spans
 * several pages (a small synthetic set from bench/generate.ts, built by the real ETL):
 * typos, exact names, filters, autocomplete and whole words, for every kind. And the
 * paged columns themselves, across page edges, against plain arrays.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Catalog, openCatalog } from '../../src/catalog/catalog.js';
import { PAGE_SIZE, PagedInts, PagedStrings } from '../../src/search/columns.js';
import { loadNamed, loadPeople, loadTitles } from '../../src/search/entries.js';
import { createEntitySearch } from '../../src/search/index.js';
import { loadStoredIndex } from '../../src/search/stored.js';
import type { EntitySearch } from '../../src/search/types.js';
import { damage, TYPO_KINDS } from '../../src/search/typos.js';
import { seededRandom } from '../../src/util/random.js';
import { syntheticCatalogPath } from '../helpers/catalog.js';

describe('paged columns', () => {
  const strings = Array.from({ length: 3 * PAGE_SIZE + 17 }, (_, i) => `name ${i} ${'é'.repeat(i % 5)}`);
  const ints = Int32Array.from({ length: 2 * PAGE_SIZE + 3 }, (_, i) => i * 7 - 100);
  const pagesRead: number[] = [];
  const pagedStrings = new PagedStrings(strings.length, (page) => {
    pagesRead.push(page);
    return strings.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).join('\u0000');
  });
  const pagedInts = new PagedInts(ints.length, (page) => ints.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE));

  it('read every item as the plain list has it, across page edges', () => {
    for (const i of [0, PAGE_SIZE - 1, PAGE_SIZE, 2 * PAGE_SIZE + 1, strings.length - 1]) {
      expect(pagedStrings.at(i)).toBe(strings[i]);
      expect(pagedStrings.equals(i, strings[i] as string)).toBe(true);
      expect(pagedStrings.equals(i, `${strings[i]}x`)).toBe(false);
    }
    for (let i = 0; i < ints.length; i++) expect(pagedInts.at(i)).toBe(ints[i]);
  });

  it('read a page once, and only the pages asked for', () => {
    expect([...new Set(pagesRead)].sort()).toEqual(pagesRead.slice().sort());
    expect(pagesRead).not.toContain(undefined);
    const fresh: number[] = [];
    const column = new PagedStrings(strings.length, (page) => {
      fresh.push(page);
      return strings.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).join('\u0000');
    });
    column.at(PAGE_SIZE + 5);
    column.at(PAGE_SIZE + 9);
    expect(fresh).toEqual([1]);
  });
});

describe('the stored index answers like the one built in memory (synthetic catalog, several pages per kind)', () => {
  let dir = '';
  let catalog: Catalog;
  let plain: Catalog;
  let stored: EntitySearch;
  let inMemory: EntitySearch;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'filmoteca-stored-'));
    const out = await syntheticCatalogPath();
    // The same catalog without its stored index: search builds everything in memory.
    copyFileSync(out, join(dir, 'plain.db'));
    const writable = new Database(join(dir, 'plain.db'));
    writable.prepare('DELETE FROM search_index').run();
    writable.close();
    catalog = openCatalog(out);
    plain = openCatalog(join(dir, 'plain.db'));
    stored = createEntitySearch(catalog.db);
    inMemory = createEntitySearch(plain.db);
  }, 120_000);

  afterAll(() => {
    catalog?.close();
    plain?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const names = (sql: string) => (catalog.db.prepare(sql).pluck().all() as string[]).filter(Boolean);

  it('every kind is stored, spans several pages, and is the one search opens', () => {
    for (const kind of ['title', 'person', 'collection', 'company'] as const) {
      expect(loadStoredIndex(catalog.db, kind), kind).not.toBeNull();
      expect(loadStoredIndex(plain.db, kind), kind).toBeNull();
    }
    const pages = (kind: string) =>
      catalog.db.prepare("SELECT count(*) FROM search_index WHERE kind = ? AND part = 'keys'").pluck().get(kind);
    for (const kind of ['title', 'person', 'company']) expect(pages(kind), kind).toBeGreaterThan(1);
  });

  it('every stored entry is the entry the catalog gives (names, ids, keys, years, weights, counts)', () => {
    const loads = {
      title: () => loadTitles(catalog.db),
      person: () => loadPeople(catalog.db),
      collection: () => loadNamed(catalog.db, 'collection'),
      company: () => loadNamed(catalog.db, 'company'),
    };
    for (const [kind, load] of Object.entries(loads)) {
      const index = loadStoredIndex(catalog.db, kind as keyof typeof loads);
      expect(index?.allEntries(), kind).toEqual(load());
    }
  });

  it('titles: exact, typos, years, filters, autocomplete', () => {
    const titles = names('SELECT title FROM movies UNION ALL SELECT title FROM titles');
    const random = seededRandom(3);
    for (let i = 0; i < 150; i++) {
      const title = titles[Math.floor(random() * titles.length)] as string;
      const kind = TYPO_KINDS[i % TYPO_KINDS.length] ?? 'deletion';
      const query = damage(title, kind, random) ?? title;
      expect(stored.titles(query), query).toEqual(inMemory.titles(query));
      expect(stored.titles(title, { stopAtExact: true }), title).toEqual(inMemory.titles(title, { stopAtExact: true }));
      const prefix = title.slice(0, 1 + (i % 6));
      expect(stored.suggest('title', prefix), prefix).toEqual(inMemory.suggest('title', prefix));
    }
    for (const options of [
      { catalog: 'streaming' as const },
      { platform: 'netflix' },
      { catalog: 'movies' as const },
    ]) {
      expect(stored.titles('the lost man', options)).toEqual(inMemory.titles('the lost man', options));
      expect(stored.suggest('title', 'th', options)).toEqual(inMemory.suggest('title', 'th', options));
    }
    expect(stored.titles('storm 1990')).toEqual(inMemory.titles('storm 1990'));
  });

  it('people, collections and companies: typos, roles, whole words, autocomplete', () => {
    const random = seededRandom(4);
    const kinds = [
      ['person', names('SELECT name FROM people LIMIT 400'), (q: string, s: EntitySearch) => s.people(q)],
      ['collection', names('SELECT name FROM collections'), (q: string, s: EntitySearch) => s.collections(q)],
      ['company', names('SELECT name FROM companies'), (q: string, s: EntitySearch) => s.companies(q)],
    ] as const;
    for (const [kind, list, search] of kinds) {
      expect(list.length, kind).toBeGreaterThan(20);
      for (let i = 0; i < 60; i++) {
        const name = list[Math.floor(random() * list.length)] as string;
        const query = damage(name, TYPO_KINDS[i % TYPO_KINDS.length] ?? 'swap', random) ?? name;
        expect(search(query, stored), `${kind} ${query}`).toEqual(search(query, inMemory));
        const word = name.split(' ').at(-1) as string; // a word alone: the whole-word lookup
        expect(search(word, stored), `${kind} ${word}`).toEqual(search(word, inMemory));
        expect(stored.suggest(kind, name.slice(0, 3)), name).toEqual(inMemory.suggest(kind, name.slice(0, 3)));
      }
    }
    for (const options of [{ role: 'director' as const }, { role: 'actor' as const, catalog: 'streaming' as const }]) {
      const person = names('SELECT name FROM people LIMIT 1')[0] as string;
      expect(stored.people(person, options)).toEqual(inMemory.people(person, options));
    }
  });
  it('preload() reads every page in steps: later queries read none, and answer the same', () => {
    // The catalog handle, with every single-page read (`… AND page = ?`) counted.
    let pageReads = 0;
    const db = catalog.db;
    const counted = new Proxy(db, {
      get(target, property) {
        if (property !== 'prepare') return Reflect.get(target, property, target);
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes('page = ?')) return statement;
          const pluck = () => {
            const plucked = statement.pluck();
            const get = (...args: unknown[]) => {
              pageReads++;
              return plucked.get(...args);
            };
            return { get };
          };
          return { pluck };
        };
      },
    });
    const search = createEntitySearch(counted as typeof db);
    const steps = search.preload?.();
    let count = 0;
    for (let step = steps?.next(); step && !step.done; step = steps?.next()) count++;
    expect(count).toBeGreaterThan(10);
    const afterPreload = pageReads;
    const queries = ['the lost man', 'storm', 'john smiht', 'warner', 'the dark', 'rocky'];
    for (const query of queries) {
      expect(search.titles(query)).toEqual(inMemory.titles(query));
      expect(search.people(query)).toEqual(inMemory.people(query));
      expect(search.companies(query)).toEqual(inMemory.companies(query));
      expect(search.collections(query)).toEqual(inMemory.collections(query));
      expect(search.suggest('person', query.slice(0, 3))).toEqual(inMemory.suggest('person', query.slice(0, 3)));
    }
    expect(pageReads).toBe(afterPreload);
  });
});
