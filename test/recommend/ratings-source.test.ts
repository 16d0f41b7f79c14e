/**
 * Which ratings the ETL reads (etl/ratings.ts): only the top of one ratings folder,
 * never a held-out MovieLens edition such as ../shared/data/ratings/ml-latest-small,
 * and a clear EtlError for a broken ratings file.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/index.js';
import { findRatingsSource } from '../../etl/ratings.js';
import { listCsvFiles, type SourceFile } from '../../etl/sources.js';
import { FIXTURE_DIR, SHARED_DATA_DIR, sharedDataPresent } from '../helpers/catalog.js';

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `filmoteca-${name}-`));
  temps.push(dir);
  return dir;
}

function file(root: string, relativePath: string, entry?: string): SourceFile {
  const path = join(root, relativePath);
  const parts = relativePath.split('/');
  const base = (entry ?? relativePath).split('/').pop() as string;
  return {
    name: base.replace(/\.csv(\.gz)?$/, ''),
    label: entry ? `${path}:${entry}` : path,
    path,
    entry,
    gzip: base.endsWith('.gz'),
    dir: join(root, ...parts.slice(0, -1)),
    bytes: 1,
    depth: parts.length - 1,
  };
}

describe('findRatingsSource', () => {
  const root = '/data';
  it('takes the shallowest ratings folder, the full file over the small one, and the links beside it', () => {
    const files = [
      file(root, 'tmdb/movies_metadata.csv'),
      file(root, 'ratings/ratings_small.csv.gz'),
      file(root, 'ratings/ratings.csv'),
      file(root, 'ratings/links_small.csv.gz'),
      file(root, 'ratings/links.csv.gz'),
      file(root, 'ratings/ml-latest-small/ratings.csv.gz'),
      file(root, 'ratings/ml-latest-small/links.csv.gz'),
      file(root, 'ratings/old/ratings.csv'),
    ];
    const source = findRatingsSource(files, root);
    expect(source?.ratings.label).toBe('/data/ratings/ratings.csv');
    expect(source?.links.map((f) => f.label)).toEqual([
      '/data/ratings/links_small.csv.gz',
      '/data/ratings/links.csv.gz',
    ]);
  });

  it('never reads a held-out folder, zip or zip folder, even when it is the only one', () => {
    expect(findRatingsSource([file(root, 'ratings/ml-latest-small/ratings.csv.gz')], root)).toBeNull();
    expect(findRatingsSource([file(root, 'ml-latest-small/ratings.csv')], root)).toBeNull();
    expect(findRatingsSource([file(root, 'holdout/ratings_small.csv')], root)).toBeNull();
    expect(findRatingsSource([file(root, 'ml-latest-small.zip', 'ratings.csv')], root)).toBeNull();
    expect(findRatingsSource([file(root, 'movielens.zip', 'ml-latest-small/ratings.csv')], root)).toBeNull();
    // The Kaggle archive has the files at its top: read.
    const kaggle = findRatingsSource(
      [
        file(root, 'the-movies-dataset.zip', 'ratings_small.csv'),
        file(root, 'the-movies-dataset.zip', 'links_small.csv'),
      ],
      root,
    );
    expect(kaggle?.ratings.entry).toBe('ratings_small.csv');
    expect(kaggle?.links.map((f) => f.entry)).toEqual(['links_small.csv']);
  });

  it.skipIf(!sharedDataPresent('the ETL reads ratings_small, not ml-latest-small'))(
    'in ../shared/data: ratings/ratings_small.csv.gz and its links, nothing from ml-latest-small',
    async () => {
      const files = await listCsvFiles(SHARED_DATA_DIR);
      expect(files.some((f) => f.dir.includes('ml-latest-small'))).toBe(true); // it is there to be ignored
      const source = findRatingsSource(files, SHARED_DATA_DIR);
      expect(source?.ratings.path).toBe(join(SHARED_DATA_DIR, 'ratings/ratings_small.csv.gz'));
      expect(source?.links.map((f) => f.path)).toEqual([
        join(SHARED_DATA_DIR, 'ratings/links_small.csv.gz'),
        join(SHARED_DATA_DIR, 'ratings/links.csv.gz'),
      ]);
    },
  );
});

/** data/demo plus `extra` files, built by the real ETL into a temp catalog. */
async function buildWith(extra: Record<string, string | Buffer>, withoutDemoRatings = false) {
  const dir = tempDir('ratings');
  cpSync(FIXTURE_DIR, join(dir, 'data'), { recursive: true });
  if (withoutDemoRatings) rmSync(join(dir, 'data/tmdb/ratings_small.csv'));
  for (const [path, content] of Object.entries(extra)) {
    mkdirSync(join(dir, 'data', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'data', path), content);
  }
  const out = join(dir, 'catalog.db');
  const report = await runEtl({ dataDir: join(dir, 'data'), out, quiet: true });
  return { out, report };
}

function likers(out: string): Record<number, number> {
  const db = new Database(out, { readonly: true });
  try {
    const rows = db.prepare('SELECT movie_id, likers FROM movie_likers').all() as {
      movie_id: number;
      likers: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.movie_id, r.likers]));
  } finally {
    db.close();
  }
}

const HEADER = 'userId,movieId,rating,timestamp\r\n';

describe('the ETL and the ratings files', () => {
  it('builds from ratings/ratings_small.csv and never opens ratings/ml-latest-small (a broken file there)', async () => {
    // movieId 1 = Toy Story (862), 2 = Jumanji (8844) in data/demo/tmdb/links.csv.
    const small = `${HEADER}1,1,5.0,1\r\n1,2,4.0,2\r\n2,1,4.5,3\r\n2,2,4.0,4\r\n`;
    const { out, report } = await buildWith(
      {
        'ratings/ratings_small.csv': small,
        // Reading either would fail the build or change the likes below.
        'ratings/ml-latest-small/ratings.csv.gz': Buffer.from('this is not gzip data'),
        'ratings/ml-latest-small/links.csv': 'movieId,imdbId,tmdbId\r\n1,0114709,238\r\n',
      },
      true,
    );
    expect(likers(out)).toEqual({ 862: 2, 8844: 2 });
    const read = Object.values(report.files).map((f) => f.file);
    expect(read.some((label) => label.includes('ml-latest-small'))).toBe(false);
    expect(read).toContain(join(out, '..', 'data/ratings/ratings_small.csv'));
  });

  it('with only a held-out edition, builds without co-liking (content-only recommendations)', async () => {
    const { out } = await buildWith(
      { 'ratings/ml-latest-small/ratings.csv': `${HEADER}1,1,5.0,1\r\n1,2,5.0,1\r\n` },
      true,
    );
    expect(likers(out)).toEqual({});
    const db = new Database(out, { readonly: true });
    const reasons = db
      .prepare("SELECT DISTINCT reason FROM recommendations WHERE title_id LIKE 'tmdb:%'")
      .pluck()
      .all();
    db.close();
    expect(reasons).not.toContain('colikes');
    expect(reasons.length).toBeGreaterThan(0);
  });

  it('skips bad rows with a count, and refuses a broken ratings file with a clear message', async () => {
    const rows = [
      '1,1,5.0,1',
      '1,2,😀,2', // not a number
      "1,2,4.0'; DROP TABLE movies; --,3",
      ',1,4.0,4', // no user
      '2,abc,4.0,5',
      '2,1,4.0,6',
      '2,2,4.5,7',
      `3,${'9'.repeat(400)},4.0,8`,
    ];
    const { out, report } = await buildWith({ 'tmdb/ratings_small.csv': `${HEADER}${rows.join('\r\n')}\r\n` });
    expect(likers(out)).toEqual({ 862: 2, 8844: 1 });
    const rep = report.files['movielens:ratings_small'];
    expect(rep?.rowsRead).toBe(8);
    expect(rep?.rejected).toEqual({ invalid_score: 2, invalid_id: 3 });
    expect(rep?.kept).toBe(3);

    await expect(buildWith({ 'tmdb/ratings_small.csv.gz': gzipSync(HEADER).subarray(0, 12) }, true)).rejects.toThrow(
      /ratings_small\.csv\.gz/,
    );
    await expect(buildWith({ 'tmdb/ratings_small.csv': 'user,film\r\n1,2\r\n' }, true)).rejects.toThrow(
      /Faltan columnas: userId, movieId, rating/,
    );
  });
});
