/**
 * The derived steps built concurrently (the steps needing only the files while the
 * credits load, then one worker thread beside the build thread, side files copied in) give
 * the same catalog as one after the other in the build thread: every table, row for row,
 * compared by SQL between the two files (on the fixture, and on a small synthetic set whose
 * derived tables span many rows and pages).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRawSet } from '../../bench/generate.js';
import { type EtlOptions, type EtlReport, runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';

/** Written by the derived steps (etl/derived.ts): each must be non-empty in both builds. */
const DERIVED_TABLES = [
  'movie_titles_es',
  'movie_likers',
  'movie_coliked',
  'recommendations',
  'search_index',
  'movie_rank',
  'genre_rank',
  'platform_top_cast',
];
/** meta rows that differ between any two builds (time, the report with its timings). */
const PER_BUILD_META = ['built_at', 'report'];

interface Pair {
  sequential: { path: string; report: EtlReport };
  threads: { path: string; report: EtlReport };
}

async function buildBoth(data: Omit<EtlOptions, 'out'>, name: string): Promise<Pair> {
  const dir = mkdtempSync(join(tmpdir(), `filmoteca-derived-${name}-`));
  const build = async (mode: 'main' | 'worker') => {
    const path = join(dir, `${mode}.db`);
    // creditsThread 'worker' in both: only where the derived steps run differs.
    const report = await runEtl({ ...data, out: path, quiet: true, creditsThread: 'worker', derivedThreads: mode });
    return { path, report };
  };
  return { sequential: await build('main'), threads: await build('worker') };
}

/** Rows of `table` in one file and not in the other, both ways (a multiset difference: duplicates count). */
function difference(db: Database.Database, table: string, where = ''): { onlySequential: number; onlyThreads: number } {
  const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[])
    .map((c) => `"${c}"`)
    .join(', ');
  const counted = (schema: string) =>
    `SELECT ${columns}, count(*) AS copies FROM ${schema}."${table}" ${where} GROUP BY ${columns}`;
  const only = (a: string, b: string) =>
    db
      .prepare(`SELECT count(*) FROM (${counted(a)} EXCEPT ${counted(b)})`)
      .pluck()
      .get() as number;
  return { onlySequential: only('main', 'threads'), onlyThreads: only('threads', 'main') };
}

function describePair(name: string, make: () => Promise<Pair>, filled: readonly string[] = DERIVED_TABLES) {
  describe(`derived steps with threads vs one after the other: ${name}`, () => {
    let pair: Pair;
    let db: Database.Database;
    beforeAll(async () => {
      pair = await make();
      db = new Database(pair.sequential.path, { readonly: true });
      db.prepare('ATTACH DATABASE ? AS threads').run(pair.threads.path);
    }, 120_000);
    afterAll(() => db?.close());

    it('ran the steps where asked: a worker thread and side files only with threads', () => {
      const names = (report: EtlReport) => report.stages.map((s) => s.name);
      expect(names(pair.threads.report)).toEqual(
        expect.arrayContaining(['derived:merge', 'checks:derived', 'derived:recommendations:movies']),
      );
      expect(names(pair.sequential.report)).not.toContain('derived:merge');
      // Every step ran once in each build.
      const steps = (report: EtlReport) =>
        names(report)
          .filter((n) => n.startsWith('derived:') && n !== 'derived:merge')
          .sort();
      expect(steps(pair.threads.report)).toEqual(steps(pair.sequential.report));
    });

    it(`derived tables have rows: ${filled.join(', ')}`, () => {
      for (const table of filled) {
        for (const schema of ['main', 'threads'])
          expect(
            db.prepare(`SELECT count(*) FROM ${schema}."${table}"`).pluck().get(),
            `${schema}.${table}`,
          ).toBeGreaterThan(0);
      }
    });

    it('every table holds the same rows', () => {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .pluck()
        .all() as string[];
      expect(tables).toEqual(expect.arrayContaining([...DERIVED_TABLES, 'meta', 'movies']));
      for (const table of tables) {
        const where = table === 'meta' ? `WHERE key NOT IN (${PER_BUILD_META.map((k) => `'${k}'`).join(', ')})` : '';
        expect(difference(db, table, where), table).toEqual({ onlySequential: 0, onlyThreads: 0 });
        const count = (schema: string) =>
          db.prepare(`SELECT count(*) FROM ${schema}."${table}" ${where}`).pluck().get() as number;
        expect(count('threads'), table).toBe(count('main'));
      }
    });

    it('the same tables and indexes', () => {
      const schema = (name: string) =>
        db
          .prepare(`SELECT type, name, sql FROM ${name}.sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`)
          .all();
      expect(schema('threads')).toEqual(schema('main'));
    });
  });
}

describePair('data/demo', () => buildBoth({ dataDir: FIXTURE_DIR }, 'fixture'));

describePair(
  'synthetic set at 3 %',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-derived-raw-'));
    await generateRawSet({ out: join(dir, 'raw'), seed: 7, scale: 0.03, streaming: true });
    return buildBoth({ moviesDir: join(dir, 'raw/tmdb'), streamingDir: join(dir, 'raw/streaming') }, 'synthetic');
  },
  // Its made-up movies have no Spanish titles in the project's list.
  DERIVED_TABLES.filter((table) => table !== 'movie_titles_es'),
);
