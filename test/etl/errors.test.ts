/**
 * Bad input: every failure names the file, leaves the previous catalog exactly
 * as it was, and leaves no temp file behind. Each case copies data/demo into a
 * temp folder and breaks one thing.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '../../etl/errors.js';
import { runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';
import { makeZip } from './zip.js';

let work: string;
let goodCatalog: string;
let goodHash: string;

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'filmoteca-etl-errors-'));
  goodCatalog = join(work, 'good.db');
  await runEtl({ dataDir: FIXTURE_DIR, out: goodCatalog, quiet: true });
  goodHash = sha(goodCatalog);
});

/** A fresh copy of the fixture, broken by `breakIt`. */
function brokenCopy(name: string, breakIt: (dir: string) => void): string {
  const dir = join(work, name);
  cpSync(FIXTURE_DIR, dir, { recursive: true });
  breakIt(dir);
  return dir;
}

/**
 * Runs the ETL over the good catalog and returns the error; checks the catalog and the report of
 * the build it came from are untouched, and the failure is reported next to them.
 */
async function failure(dataDir: string, creditsThread?: 'worker'): Promise<EtlError> {
  const out = join(work, 'target.db');
  cpSync(goodCatalog, out);
  const goodReport = readFileSync(join(work, 'etl-report.json'), 'utf8');
  let caught: unknown;
  try {
    await runEtl({ dataDir, out, quiet: true, creditsThread });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EtlError);
  expect(sha(out)).toBe(goodHash);
  expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
  expect(readFileSync(join(work, 'etl-report.json'), 'utf8')).toBe(goodReport);
  expect(JSON.parse(goodReport).ok).toBe(true);
  const failed = JSON.parse(readFileSync(join(work, 'etl-report.failed.json'), 'utf8'));
  expect(failed.ok).toBe(false);
  expect(failed.error).toBe((caught as EtlError).message);
  return caught as EtlError;
}

describe('ETL errors leave the previous catalog untouched', () => {
  it('missing required file', async () => {
    const dir = brokenCopy('missing-file', (d) => rmSync(join(d, 'tmdb/credits.csv')));
    const error = await failure(dir);
    expect(error.es).toMatch(/Faltan archivos: credits\.csv/);
    expect(error.en).toMatch(/missing files: credits\.csv/);
  });

  it('missing required column', async () => {
    const dir = brokenCopy('missing-column', (d) => {
      const path = join(d, 'streaming/netflix_titles.csv');
      writeFileSync(path, readFileSync(path, 'utf8').replace('show_id,', 'id,'));
    });
    const error = await failure(dir);
    expect(error.es).toMatch(/Faltan columnas: show_id/);
    expect(error.file).toMatch(/netflix_titles\.csv$/);
  });

  it('a file that is an HTML page, and one that is binary', async () => {
    const html = brokenCopy('html', (d) =>
      writeFileSync(join(d, 'tmdb/keywords.csv'), '<!DOCTYPE html><html><body>Please log in</body></html>'),
    );
    const htmlError = await failure(html);
    expect(htmlError.es).toMatch(/No es un archivo CSV/);
    expect(htmlError.file).toMatch(/keywords\.csv$/);
    const binary = brokenCopy('binary', (d) =>
      writeFileSync(join(d, 'tmdb/links.csv'), Buffer.from([1, 2, 0, 255, 0, 7])),
    );
    expect((await failure(binary)).en).toMatch(/binary/);
  });

  it('an empty file', async () => {
    const dir = brokenCopy('empty', (d) => writeFileSync(join(d, 'streaming/hulu_titles.csv'), ''));
    const error = await failure(dir);
    expect(error.es).toMatch(/vacío/);
    expect(error.file).toMatch(/hulu_titles\.csv$/);
  });

  it('a truncated gzip', async () => {
    const dir = brokenCopy('truncated-gzip', (d) => {
      const csv = readFileSync(join(d, 'tmdb/credits.csv'));
      const gz = gzipSync(csv);
      rmSync(join(d, 'tmdb/credits.csv'));
      writeFileSync(join(d, 'tmdb/credits.csv.gz'), gz.subarray(0, Math.floor(gz.length / 2)));
    });
    const error = await failure(dir);
    expect(error.es).toMatch(/gzip está truncado/);
    expect(error.file).toMatch(/credits\.csv\.gz$/);
    // The same failure inside the credits worker thread comes back just as clear.
    const fromWorker = await failure(dir, 'worker');
    expect(fromWorker.es).toMatch(/gzip está truncado/);
    expect(fromWorker.file).toMatch(/credits\.csv\.gz$/);
  });

  it('a broken zip', async () => {
    const dir = brokenCopy('broken-zip', (d) =>
      writeFileSync(join(d, 'the-movies-dataset.zip'), 'PK\u0003\u0004 not really a zip'),
    );
    const error = await failure(dir);
    expect(error.es).toMatch(/zip está dañado/);
  });

  it('an unclosed quote names the row', async () => {
    const dir = brokenCopy('bad-quote', (d) => {
      const path = join(d, 'tmdb/links.csv');
      writeFileSync(path, `${readFileSync(path, 'utf8')}99999,"0000001,1\r\n`);
    });
    const error = await failure(dir);
    expect(error.es).toBe('CSV mal formado');
    expect(error.row).toBe(49);
  });
});

describe('ETL input formats', () => {
  it('reads .csv.gz and entries of Kaggle zips (without unpacking) with the same result', async () => {
    const dir = brokenCopy('zipped', (d) => {
      const tmdb = join(d, 'tmdb');
      const files = Object.fromEntries(readdirSync(tmdb).map((f) => [f, readFileSync(join(tmdb, f))]));
      writeFileSync(join(d, 'the-movies-dataset.zip'), makeZip(files));
      rmSync(tmdb, { recursive: true });
      for (const f of readdirSync(join(d, 'streaming')).filter((n) => n.endsWith('.csv'))) {
        const path = join(d, 'streaming', f);
        writeFileSync(`${path}.gz`, gzipSync(readFileSync(path)));
        rmSync(path);
      }
      // CRLF everywhere must not change anything either.
      const netflix = join(d, 'streaming/netflix_titles.csv.gz');
      renameSync(netflix, `${netflix}.orig`);
      const crlf = gzipSync(
        Buffer.from(readFileSync(join(FIXTURE_DIR, 'streaming/netflix_titles.csv'), 'utf8').replace(/\n/g, '\r\n')),
      );
      writeFileSync(netflix, crlf);
      rmSync(`${netflix}.orig`);
    });
    const report = await runEtl({ dataDir: dir, out: join(work, 'zipped.db'), quiet: true });
    // A good build's report replaces the one beside the catalogs, and the stale failure report goes.
    expect(JSON.parse(readFileSync(join(work, 'etl-report.json'), 'utf8')).builtAt).toBe(report.builtAt);
    expect(existsSync(join(work, 'etl-report.failed.json'))).toBe(false);
    expect(report.files.movies_metadata?.file).toMatch(/the-movies-dataset\.zip:movies_metadata\.csv$/);
    expect(report.files.movies_metadata).toMatchObject({ rowsRead: 52, kept: 47 });
    expect(report.files.credits).toMatchObject({ rowsRead: 50, kept: 47 });
    expect(report.files.netflix).toMatchObject({ rowsRead: 18, kept: 18 });
    expect(report.tables.movies).toBe(47);
    expect(report.tables.titles).toBe(56);
  });

  it('reads --movies and --streaming folders separately, and scores with a `score` column, gzipped', async () => {
    const dir = brokenCopy('scores', (d) => {
      const part = join(d, 'streaming/ratings/1.csv');
      const text = readFileSync(part, 'utf8').replace('userId,rating,', 'userId,score,');
      writeFileSync(`${part}.gz`, gzipSync(text));
      rmSync(part);
    });
    const out = join(work, 'scores.db');
    const report = await runEtl({
      moviesDir: join(dir, 'tmdb'),
      streamingDir: join(dir, 'streaming'),
      out,
      quiet: true,
    });
    expect(report.files['ratings/1']).toMatchObject({ rowsRead: 37, kept: 37 });
    expect(report.tables).toMatchObject({ movies: 47, titles: 56, title_scores: 12 });
  });
});
