/**
 * The tables the ETL stores for top_peliculas and get_actor_platform (commands/precomputed.ts)
 * give the same answers as the in-memory computation a catalog without them falls back to:
 * every genre × year filter of top_peliculas and every platform × year of get_actor_platform,
 * on a synthetic catalog (the fixture has too few movies per genre and year to tell orders apart).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext, runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { syntheticCatalogPath } from '../helpers/catalog.js';

describe('precomputed command tables answer like the in-memory computation', () => {
  let dir = '';
  let stored: CommandContext;
  let computed: CommandContext;

  beforeAll(async () => {
    const path = await syntheticCatalogPath();
    dir = mkdtempSync(join(tmpdir(), 'filmoteca-precomputed-'));
    const copy = join(dir, 'without-tables.db');
    copyFileSync(path, copy);
    const writable = new Database(copy);
    writable.prepare("DELETE FROM meta WHERE key IN ('top_peliculas', 'get_actor_platform')").run();
    writable.close();
    stored = createCommandContext(openCatalog(path));
    computed = createCommandContext(openCatalog(copy));
  }, 120_000);

  afterAll(() => {
    stored?.catalog.close();
    computed?.catalog.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the catalog has the tables, filled', () => {
    const count = (table: string) => stored.catalog.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    const rated = stored.catalog.db
      .prepare('SELECT count(*) FROM movies WHERE vote_average IS NOT NULL')
      .pluck()
      .get() as number;
    expect(count('movie_rank')).toBe(rated);
    expect(count('genre_rank')).toBeGreaterThan(rated); // most movies have a genre or more
    expect(count('platform_top_cast')).toBeGreaterThan(10);
  });

  it('top_peliculas: every genre, with and without a year, and n', () => {
    const db = stored.catalog.db;
    const genres = db.prepare('SELECT name FROM genres').pluck().all() as string[];
    const years = db.prepare('SELECT DISTINCT release_year FROM movies ORDER BY 1').pluck().all() as number[];
    const cases: Record<string, unknown>[] = [{}, { n: 25 }];
    for (const genre of genres) cases.push({ genero: genre }, { genero: genre, n: 25 });
    for (const year of years) cases.push({ anio: year });
    genres.forEach((genre, i) => {
      for (const year of years.filter((_, k) => k % 7 === i % 7)) cases.push({ genero: genre, anio: year, n: 10 });
    });
    for (const args of cases) {
      const answer = runCommand(stored, 'top_peliculas', args);
      expect(answer, JSON.stringify(args)).toEqual(runCommand(computed, 'top_peliculas', args));
    }
    expect(cases.length).toBeGreaterThan(100);
  });

  it('get_actor_platform: every platform and year', () => {
    for (const plataforma of ['netflix', 'amazon', 'disney', 'hulu'])
      for (let anio = 1990; anio <= 2021; anio++) {
        const args = { plataforma, anio };
        expect(runCommand(stored, 'get_actor_platform', args), JSON.stringify(args)).toEqual(
          runCommand(computed, 'get_actor_platform', args),
        );
      }
  });
});
