/**
 * The ETL on the real (partial) Kaggle files in ../shared/data. Expected counts
 * come from SOURCES.md and from independent counts made here with csv-parse
 * (not the ETL's own CSV reader) and plain Date arithmetic.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EtlReport, runEtl } from '../../etl/index.js';
import { SHARED_DATA_DIR, sharedDataPresent } from '../helpers/catalog.js';

const readGz = (path: string) =>
  parse(gunzipSync(readFileSync(join(SHARED_DATA_DIR, path))), { columns: true }) as Record<string, string>[];

/** Independent count of movies_metadata: first row per valid id, then a real date. */
function countMetadata(rows: Record<string, string>[]) {
  const seen = new Set<string>();
  const keptIds = new Set<string>();
  const counts = { kept: 0, invalid_id: 0, duplicate_id: 0, missing_release_date: 0, invalid_release_date: 0 };
  for (const row of rows) {
    const id = row.id ?? '';
    if (!/^\d+$/.test(id) || Number(id) === 0) counts.invalid_id++;
    else if (seen.has(id)) counts.duplicate_id++;
    else {
      seen.add(id);
      const date = row.release_date ?? '';
      if (date === '') counts.missing_release_date++;
      else if (
        Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
        new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
      )
        counts.invalid_release_date++;
      else {
        counts.kept++;
        keptIds.add(id);
      }
    }
  }
  return { counts, keptIds };
}

describe.skipIf(!sharedDataPresent('ETL integration test'))(
  'ETL on ../shared/data (needs ../shared/data; skipped when absent)',
  () => {
    let report: EtlReport;
    let db: Database.Database;

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'filmoteca-shared-'));
      report = await runEtl({ dataDir: SHARED_DATA_DIR, out: join(dir, 'catalog.db'), quiet: true });
      db = new Database(join(dir, 'catalog.db'), { readonly: true });
    });
    afterAll(() => db?.close());
    const one = (sql: string, ...params: unknown[]) => db.prepare(sql).get(...params);

    it('finds the Movies Dataset links.csv beside movies_metadata, not the MovieLens copies', () => {
      expect(report.files.links?.file).toMatch(/tmdb\/links\.csv\.gz$/);
    });

    it('movies_metadata: 2,995 rows (SOURCES.md), kept/rejected as an independent count says', () => {
      const expected = countMetadata(readGz('tmdb/movies_metadata.csv.gz')).counts;
      expect(report.files.movies_metadata?.rowsRead).toBe(2995);
      expect(expected.duplicate_id).toBe(1); // rows 677 and 1466, id 105045 (SOURCES.md)
      const { kept, ...rejected } = expected;
      expect(report.files.movies_metadata?.kept).toBe(kept);
      const nonZero = Object.fromEntries(Object.entries(rejected).filter(([, n]) => n > 0));
      expect(report.files.movies_metadata?.rejected).toEqual(nonZero);
      expect(report.files.movies_metadata?.warnings).toEqual({});
    });

    it('credits: 99 rows that all parse; keywords: 46,419 rows with 45,432 distinct ids', () => {
      expect(report.files.credits).toMatchObject({ rowsRead: 99, kept: 99, warnings: {} });
      expect(report.files.keywords?.rowsRead).toBe(46419);
      expect(report.files.keywords?.rejected).toEqual({ duplicate_id: 46419 - 45432 });
      const { keptIds } = countMetadata(readGz('tmdb/movies_metadata.csv.gz'));
      const keywordIds = new Set(readGz('tmdb/keywords.csv.gz').map((r) => r.id));
      const inCatalog = [...keywordIds].filter((id) => id !== undefined && keptIds.has(id)).length;
      expect(report.files.keywords?.skippedNotInCatalog).toBe(45432 - inCatalog);
    });

    it('links: 45,843 rows, 219 without tmdbId, last row 176279', () => {
      expect(report.files.links).toMatchObject({ rowsRead: 45843, kept: 45843 });
      expect(one('SELECT count(*) AS n FROM movie_links WHERE tmdb_id IS NULL')).toEqual({ n: 219 });
      expect(one('SELECT * FROM movie_links WHERE movielens_id = 176279')).toEqual({
        movielens_id: 176279,
        imdb_id: 'tt6980792',
        tmdb_id: 461257,
      });
    });

    it('spot checks of SOURCES.md: Toy Story', () => {
      expect(
        one('SELECT title, release_date, budget, revenue, vote_average, vote_count FROM movies WHERE id = 862'),
      ).toEqual({
        title: 'Toy Story',
        release_date: '1995-10-30',
        budget: 30000000,
        revenue: 373554033,
        vote_average: 7.7,
        vote_count: 5415,
      });
      const cast = db
        .prepare(
          'SELECT p.name FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.movie_id = 862 ORDER BY c.ord LIMIT 3',
        )
        .all() as { name: string }[];
      expect(cast.map((r) => r.name)).toEqual(['Tom Hanks', 'Tim Allen', 'Don Rickles']);
      expect(
        one('SELECT p.name FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE d.movie_id = 862'),
      ).toEqual({
        name: 'John Lasseter',
      });
      const keywords = db
        .prepare('SELECT k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = 862')
        .all() as { name: string }[];
      expect(keywords.map((r) => r.name).sort()).toEqual(
        [
          'jealousy',
          'toy',
          'boy',
          'friendship',
          'friends',
          'rivalry',
          'boy next door',
          'new toy',
          'toy comes to life',
        ].sort(),
      );
    });

    it('streaming: rows and Movie / TV Show per platform as in SOURCES.md', () => {
      const expected = {
        netflix: [8807, 6131, 2676],
        amazon: [9668, 7814, 1854],
        disney: [1450, 1052, 398],
        hulu: [3073, 1484, 1589],
      };
      for (const [platform, [rows, movies, shows]] of Object.entries(expected)) {
        expect(report.files[platform]).toMatchObject({ rowsRead: rows, kept: rows });
        expect(one("SELECT count(*) AS n FROM titles WHERE platform = ? AND type = 'Movie'", platform)).toEqual({
          n: movies,
        });
        expect(one("SELECT count(*) AS n FROM titles WHERE platform = ? AND type = 'TV Show'", platform)).toEqual({
          n: shows,
        });
      }
    });

    it('streaming quirks: durations in rating moved, empty durations, U+2028 in a cast', () => {
      // Netflix s5542: '74 min' in rating, duration empty.
      expect(one("SELECT rating, duration_int, duration_type FROM titles WHERE id = 'ns5542'")).toEqual({
        rating: 'G',
        duration_int: 74,
        duration_type: 'min',
      });
      // Hulu: 479 empty durations, 292 of them recovered from rating.
      expect(one("SELECT count(*) AS n FROM titles WHERE platform = 'hulu' AND duration_int IS NULL")).toEqual({
        n: 479 - 292,
      });
      // Amazon: 337 empty ratings → G, on top of the rows rated G in the source (counted here independently).
      const amazon = readGz('streaming/amazon_prime_titles.csv.gz');
      expect(amazon.filter((r) => r.rating === '').length).toBe(337);
      const amazonG = amazon.filter((r) => r.rating === '' || r.rating === 'G').length;
      expect(one("SELECT count(*) AS n FROM titles WHERE platform = 'amazon' AND rating = 'G'")).toEqual({
        n: amazonG,
      });
      expect(one("SELECT count(*) AS n FROM titles WHERE platform = 'amazon' AND date_added IS NOT NULL")).toEqual({
        n: 9668 - 9513,
      });
      // Amazon s28's cast is `Christina Ricci \u2028, David Hoflin`: the row survives, and trimming
      // the item drops the separator (String#trim treats U+2028 as white space).
      const s28 = db.prepare("SELECT name FROM title_cast WHERE title_id = 'as28' ORDER BY ord").all() as {
        name: string;
      }[];
      expect(s28.map((r) => r.name)).toEqual(['Christina Ricci', 'David Hoflin']);
      expect(report.files.netflix?.warnings).toEqual({});
    });

    it('no user-score parts in ../shared/data: title_scores is empty', () => {
      expect(report.files['ratings/1']).toBeUndefined();
      expect(one('SELECT count(*) AS n FROM title_scores')).toEqual({ n: 0 });
    });
  },
);
