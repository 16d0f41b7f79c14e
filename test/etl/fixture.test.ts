/**
 * The whole ETL on the project's fixture (data/demo). Expected values come from
 * data/demo/FIXTURE.md, worked out from the rows by hand and re-checked by
 * data/demo/check_fixture.py (Python's csv + ast.literal_eval, no project code).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DerivedStep, derivedSteps } from '../../etl/derived.js';
import { type EtlReport, runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';

let dir: string;
let report: EtlReport;
let db: Database.Database;

let probe: { journalMode: unknown; movies: unknown } | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filmoteca-etl-'));
  // A derived step of our own: sees the loaded catalog during the build, and is timed in the report.
  const step: DerivedStep = {
    name: 'probe',
    run(build) {
      probe = {
        journalMode: build.pragma('journal_mode', { simple: true }),
        movies: build.prepare('SELECT count(*) AS n FROM movies').get(),
      };
      return 3;
    },
  };
  derivedSteps.push(step);
  try {
    report = await runEtl({ dataDir: FIXTURE_DIR, out: join(dir, 'catalog.db'), quiet: true });
  } finally {
    derivedSteps.splice(derivedSteps.indexOf(step), 1);
  }
  db = new Database(join(dir, 'catalog.db'), { readonly: true });
});
afterAll(() => db?.close());

const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];

describe('ETL on data/demo: the report', () => {
  it('counts movies_metadata rows read, kept and rejected per reason', () => {
    const f = report.files.movies_metadata;
    expect(f).toMatchObject({ rowsRead: 52, kept: 47 });
    expect(f?.rejected).toEqual({ invalid_id: 1, duplicate_id: 1, missing_release_date: 2, invalid_release_date: 1 });
    // Se7en's production_companies is cut mid-string: one warning, the row is kept.
    expect(f?.warnings).toEqual({
      production_companies: { count: 1, examples: [expect.objectContaining({ row: 29 })] },
    });
  });

  it('counts credits and keywords skipped (id not in the catalog) and repeated', () => {
    // credits: 424 (not in movies) and 900001 (its movie was rejected); 949 repeated.
    expect(report.files.credits).toMatchObject({
      rowsRead: 50,
      kept: 47,
      skippedNotInCatalog: 2,
      rejected: { duplicate_id: 1 },
    });
    // keywords: 424, 900001, 900002 not in the catalog; 862 repeated.
    expect(report.files.keywords).toMatchObject({
      rowsRead: 51,
      kept: 47,
      skippedNotInCatalog: 3,
      rejected: { duplicate_id: 1 },
    });
    expect(report.files.links).toMatchObject({ rowsRead: 48, kept: 48, rejected: {} });
  });

  it('counts every streaming list and the score part', () => {
    expect(report.files.amazon).toMatchObject({ rowsRead: 16, kept: 16 });
    expect(report.files.disney).toMatchObject({ rowsRead: 12, kept: 12 });
    expect(report.files.hulu).toMatchObject({ rowsRead: 10, kept: 10 });
    expect(report.files.netflix).toMatchObject({ rowsRead: 18, kept: 18 });
    expect(report.files['ratings/1']).toMatchObject({ rowsRead: 37, kept: 37 });
    expect(report.unmappedCountries).toEqual({});
  });

  it('runs derived steps on the loaded catalog, built without a journal, and times them', () => {
    expect(probe).toEqual({ journalMode: 'off', movies: { n: 47 } });
    expect(report.stages.find((s) => s.name === 'derived:probe')).toMatchObject({ rows: 3 });
  });

  it('skips the derived steps with derived: false (--no-derived), and still builds and checks', async () => {
    let ran = 0;
    const step: DerivedStep = { name: 'counter', run: () => ++ran };
    derivedSteps.push(step);
    try {
      const quick = await runEtl({ dataDir: FIXTURE_DIR, out: join(dir, 'quick.db'), quiet: true, derived: false });
      expect(ran).toBe(0);
      expect(quick.stages.some((s) => s.name.startsWith('derived:'))).toBe(false);
      expect(quick.stages.map((s) => s.name)).toEqual(expect.arrayContaining(['indexes', 'checks']));
      expect(quick.tables.movies).toBe(47);
    } finally {
      derivedSteps.splice(derivedSteps.indexOf(step), 1);
    }
  });

  it('times every stage and writes the report beside the catalog', () => {
    const names = report.stages.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'movies_metadata',
        'credits',
        'keywords',
        'links',
        'netflix',
        'ratings',
        'indexes',
        'checks',
      ]),
    );
    for (const stage of report.stages) expect(stage.ms).toBeGreaterThanOrEqual(0);
    const written = JSON.parse(readFileSync(join(dir, 'etl-report.json'), 'utf8')) as EtlReport;
    expect(written.ok).toBe(true);
    expect(written.files.movies_metadata?.kept).toBe(47);
    expect(existsSync(join(dir, `catalog.db.tmp-${process.pid}`))).toBe(false);
  });
});

describe('ETL on data/demo: the catalog', () => {
  it('stores Toy Story with derived date fields, return and key', () => {
    expect(one('SELECT * FROM movies WHERE id = 862')).toMatchObject({
      title: 'Toy Story',
      title_key: 'toy story',
      release_date: '1995-10-30',
      release_year: 1995,
      release_month: 10,
      release_weekday: 1,
      budget: 30000000,
      revenue: 373554033,
      runtime: 81,
      popularity: 21.946943,
      vote_count: 5415,
      vote_average: 7.7,
      original_language: 'en',
      imdb_id: 'tt0114709',
    });
    expect(one<{ return: number }>('SELECT return FROM movies WHERE id = 862').return).toBeCloseTo(
      373554033 / 30000000,
      10,
    );
  });

  it('turns a non-numeric or empty budget into 0 and return 0', () => {
    expect(one('SELECT budget, return FROM movies WHERE id = 16535')).toEqual({ budget: 0, return: 0 });
    expect(one('SELECT budget, return FROM movies WHERE id = 9882')).toEqual({ budget: 0, return: 0 });
  });

  it('matches the per-month and per-weekday counts of FIXTURE.md', () => {
    const months = Object.fromEntries(
      all<{ m: number; n: number }>('SELECT release_month AS m, count(*) AS n FROM movies GROUP BY 1').map((r) => [
        r.m,
        r.n,
      ]),
    );
    expect(months).toEqual({ 3: 3, 4: 3, 5: 6, 6: 6, 7: 3, 8: 1, 9: 3, 10: 5, 11: 8, 12: 9 });
    const days = Object.fromEntries(
      all<{ d: number; n: number }>('SELECT release_weekday AS d, count(*) AS n FROM movies GROUP BY 1').map((r) => [
        r.d,
        r.n,
      ]),
    );
    expect(days).toEqual({ 1: 1, 2: 5, 3: 8, 4: 8, 5: 19, 6: 4, 7: 2 });
  });

  it('loads every cast member and director of the kept credits rows', () => {
    // 193 and 48: counted from the fixture with Python's csv + ast.literal_eval (first row per id, kept movies only).
    expect(one('SELECT count(*) AS n FROM movie_cast')).toEqual({ n: 193 });
    expect(one('SELECT count(*) AS n FROM movie_directors')).toEqual({ n: 48 });
  });

  it('keeps the first credits row of a repeated id, cast in billing order', () => {
    const heat = all<{ name: string }>(
      'SELECT p.name FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.movie_id = 949 ORDER BY c.ord',
    ).map((r) => r.name);
    expect(heat).toEqual(['Al Pacino', 'Robert De Niro', 'Val Kilmer', 'Jon Voight', 'Ashley Judd']);
  });

  it('keeps directors (job Director only), \\xa0 names normalized in keys, apostrophes', () => {
    const matrix = all<{ name: string }>(
      'SELECT p.name FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE d.movie_id = 603 ORDER BY p.name',
    ).map((r) => r.name);
    expect(matrix).toEqual(['Lana Wachowski', 'Lilly Wachowski']);
    const rocky = all(
      'SELECT * FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE d.movie_id = 1366 AND p.name = ?',
      'Sylvester Stallone',
    );
    expect(rocky).toEqual([]); // Stallone wrote Rocky (Screenplay) but did not direct it
    expect(one('SELECT name, name_key FROM people WHERE name LIKE ?', 'Yolande%')).toEqual({
      name: 'Yolande\u00a0Moreau',
      name_key: 'yolande moreau',
    });
    expect(one('SELECT name_key FROM people WHERE name = ?', "Catherine O'Hara")).toEqual({
      name_key: "catherine o'hara",
    });
  });

  it('keeps the first keywords row, collections and companies', () => {
    const toyStory = all<{ name: string }>(
      'SELECT k.name FROM movie_keywords mk JOIN keywords k ON k.id = mk.keyword_id WHERE mk.movie_id = 862 ORDER BY k.name',
    ).map((r) => r.name);
    expect(toyStory).toEqual(['friendship', 'jealousy', 'rivalry', 'toy']);
    expect(
      one(
        'SELECT count(*) AS n FROM movies m JOIN collections c ON c.id = m.collection_id WHERE c.name = ?',
        'James Bond Collection',
      ),
    ).toEqual({ n: 5 });
    expect(
      one(
        'SELECT count(*) AS n FROM movie_companies mc JOIN companies c ON c.id = mc.company_id WHERE c.name = ?',
        'Pixar Animation Studios',
      ),
    ).toEqual({ n: 6 });
    expect(one('SELECT count(*) AS n FROM movie_companies WHERE movie_id = 807')).toEqual({ n: 0 }); // Se7en: did not parse
  });

  it('stores production countries and original languages as FIXTURE.md counts them', () => {
    const countries = Object.fromEntries(
      all<{ c: string; n: number }>('SELECT country AS c, count(*) AS n FROM movie_countries GROUP BY 1').map((r) => [
        r.c,
        r.n,
      ]),
    );
    // FIXTURE.md lists these (others, such as AU and CZ, appear once or twice).
    expect(countries).toMatchObject({ US: 38, GB: 5, ES: 3, DE: 3, FR: 2, MX: 2, JP: 1 });
    const languages = Object.fromEntries(
      all<{ l: string; n: number }>('SELECT original_language AS l, count(*) AS n FROM movies GROUP BY 1').map((r) => [
        r.l,
        r.n,
      ]),
    );
    expect(languages).toEqual({ en: 40, es: 3, fr: 2, it: 1, ja: 1 });
  });

  it('keeps a multi-line overview and links with an empty tmdbId', () => {
    expect(one<{ overview: string }>('SELECT overview FROM movies WHERE id = 406').overview).toContain('\n');
    expect(one('SELECT imdb_id, tmdb_id FROM movie_links WHERE movielens_id = 1263')).toEqual({
      imdb_id: 'tt0077416',
      tmdb_id: null,
    });
    expect(one('SELECT imdb_id, tmdb_id FROM movie_links WHERE movielens_id = 1')).toEqual({
      imdb_id: 'tt0114709',
      tmdb_id: 862,
    });
  });
});

describe('ETL on data/demo: the streaming catalog', () => {
  it('counts movies and shows per platform', () => {
    const rows = all<{ platform: string; type: string; n: number }>(
      'SELECT platform, type, count(*) AS n FROM titles GROUP BY 1, 2',
    );
    const counts = Object.fromEntries(rows.map((r) => [`${r.platform}/${r.type}`, r.n]));
    expect(counts).toEqual({
      'amazon/Movie': 13,
      'amazon/TV Show': 3,
      'disney/Movie': 10,
      'disney/TV Show': 2,
      'hulu/Movie': 7,
      'hulu/TV Show': 3,
      'netflix/Movie': 12,
      'netflix/TV Show': 6,
    });
  });

  it('moves durations out of rating, empty rating → G, parses date_added with stray spaces', () => {
    expect(one('SELECT rating, duration_int, duration_type FROM titles WHERE id = ?', 'hs2')).toEqual({
      rating: 'G',
      duration_int: 97,
      duration_type: 'min',
    });
    expect(one('SELECT rating, duration_int, duration_type FROM titles WHERE id = ?', 'hs4')).toEqual({
      rating: 'G',
      duration_int: 2,
      duration_type: 'season',
    });
    expect(one('SELECT rating FROM titles WHERE id = ?', 'as12')).toEqual({ rating: 'G' });
    expect(one('SELECT date_added FROM titles WHERE id = ?', 'ns8')).toEqual({ date_added: '2021-07-01' });
    expect(one('SELECT date_added FROM titles WHERE id = ?', 'as1')).toEqual({ date_added: null });
    expect(one('SELECT duration_int, duration_type FROM titles WHERE id = ?', 'ds9')).toEqual({
      duration_int: 1,
      duration_type: 'season',
    });
  });

  it('matches the get_contents rating counts of FIXTURE.md', () => {
    const ratings = Object.fromEntries(
      all<{ r: string; n: number }>('SELECT rating AS r, count(*) AS n FROM titles GROUP BY 1').map((x) => [x.r, x.n]),
    );
    expect(ratings).toEqual({
      R: 22,
      G: 10,
      'TV-MA': 7,
      PG: 5,
      'PG-13': 5,
      'TV-14': 4,
      '16+': 1,
      '18+': 1,
      'TV-PG': 1,
    });
  });

  it('splits and trims lists, maps countries to ISO codes keeping the source name', () => {
    expect(all('SELECT name, country FROM title_countries WHERE title_id = ? ORDER BY ord', 'as14')).toEqual([
      { name: 'Italy', country: 'IT' },
      { name: 'Spain', country: 'ES' },
      { name: 'West Germany', country: 'DE' },
    ]);
    expect(
      all<{ name: string }>('SELECT name FROM title_cast WHERE title_id = ? ORDER BY ord', 'ns6')
        .map((r) => r.name)
        .slice(0, 3),
    ).toEqual(['Úrsula Corberó', 'Álvaro Morte', 'Itziar Ituño']);
    expect(one('SELECT name_key FROM title_cast WHERE name = ?', 'Úrsula Corberó')).toEqual({
      name_key: 'ursula corbero',
    });
  });

  it('keeps source order across files for ties', () => {
    const ds2 = one<{ src_order: number }>('SELECT src_order FROM titles WHERE id = ?', 'ds2');
    const ds5 = one<{ src_order: number }>('SELECT src_order FROM titles WHERE id = ?', 'ds5');
    expect(ds2.src_order).toBeLessThan(ds5.src_order);
  });

  it('averages the user scores per title', () => {
    expect(
      one<{ mean: number; n: number }>('SELECT mean, n FROM title_scores WHERE title_id = ?', 'ns6').mean,
    ).toBeCloseTo(14 / 3, 10);
    expect(one('SELECT mean FROM title_scores WHERE title_id = ?', 'ns4')).toEqual({ mean: 4 });
    expect(one('SELECT count(*) AS n FROM title_scores')).toEqual({ n: 12 });
  });

  it('stamps meta and passes the integrity check', () => {
    const meta = Object.fromEntries(
      all<{ key: string; value: string }>('SELECT key, value FROM meta').map((r) => [r.key, r.value]),
    );
    expect(meta.schema_version).toBe('1');
    expect(Number.isNaN(Date.parse(meta.built_at ?? ''))).toBe(false);
    // 9 files + tmdb/ratings_small.csv (its links are the movies' links.csv, listed once).
    expect(JSON.parse(meta.sources ?? '[]')).toHaveLength(10);
    expect(JSON.parse(meta.report ?? '{}').files.movies_metadata.kept).toBe(47);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The schema's indexes exist again after the bulk insert.
    expect(
      one<{ n: number }>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'movie_cast_person'")
        .n,
    ).toBe(1);
  });
});
