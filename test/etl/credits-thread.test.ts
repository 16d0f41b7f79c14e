/**
 * Credits load into a side file, in a worker thread for big files (etl/credits.ts).
 * The fixture is small, so it normally loads in the main thread: here it is built both
 * ways and the two catalogs must hold the same credits, with no person left whom no
 * kept movie credits (the rows of movies outside the catalog are dropped at the merge).
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtlReport, runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';

const built: Record<'worker' | 'main', { db: Database.Database; report: EtlReport; dir: string }> = {} as never;

beforeAll(async () => {
  for (const thread of ['worker', 'main'] as const) {
    const dir = mkdtempSync(join(tmpdir(), `filmoteca-credits-${thread}-`));
    const out = join(dir, 'catalog.db');
    const report = await runEtl({ dataDir: FIXTURE_DIR, out, quiet: true, derived: false, creditsThread: thread });
    built[thread] = { db: new Database(out, { readonly: true }), report, dir };
  }
}, 60_000);
afterAll(() => {
  for (const b of Object.values(built)) b.db.close();
});

const rows = (db: Database.Database, sql: string) => db.prepare(sql).all();

describe('credits in a worker thread', () => {
  it('gives the same credits tables and report as the main thread', () => {
    const { worker, main } = built;
    for (const sql of [
      'SELECT * FROM people ORDER BY id',
      'SELECT * FROM movie_cast ORDER BY movie_id, ord',
      'SELECT * FROM movie_directors ORDER BY movie_id, person_id',
    ])
      expect(rows(worker.db, sql)).toEqual(rows(main.db, sql));
    expect(worker.report.files.credits).toEqual(main.report.files.credits);
    expect(worker.report.stages.map((s) => s.name)).toEqual(
      expect.arrayContaining(['credits', 'credits:parse', 'credits:merge']),
    );
  });

  it('keeps only people a kept movie credits, and credits only kept movies', () => {
    for (const { db } of Object.values(built)) {
      expect(
        rows(
          db,
          `SELECT id FROM people EXCEPT SELECT person_id FROM movie_cast EXCEPT SELECT person_id FROM movie_directors`,
        ),
      ).toEqual([]);
      expect(rows(db, 'SELECT movie_id FROM movie_cast EXCEPT SELECT id FROM movies')).toEqual([]);
      expect(rows(db, 'SELECT movie_id FROM movie_directors EXCEPT SELECT id FROM movies')).toEqual([]);
    }
  });

  it('has the credits indexes, and leaves no side file behind', () => {
    for (const { db, dir } of Object.values(built)) {
      const names = rows(db, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").map(
        (r) => (r as { name: string }).name,
      );
      expect(names).toEqual(expect.arrayContaining(['people_key', 'movie_cast_person', 'movie_directors_person']));
      expect(readdirSync(dir)).toEqual(expect.arrayContaining(['catalog.db']));
      expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
      expect(existsSync(join(dir, 'catalog.db'))).toBe(true);
    }
  });
});
