/**
 * --download against a loopback server (there is no internet here, and tests
 * must not use it anyway): archives the test builds itself from data/demo,
 * served with a redirect, basic auth and Range support.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadAll } from '../../etl/download.js';
import { EtlError } from '../../etl/errors.js';
import { runEtl } from '../../etl/index.js';
import { createProgress } from '../../etl/progress.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';
import { makeZip } from './zip.js';

const read = (path: string) => readFileSync(join(FIXTURE_DIR, path));
const ARCHIVES: Record<string, Buffer> = {
  'the-movies-dataset.zip': makeZip({
    'movies_metadata.csv': read('tmdb/movies_metadata.csv'),
    'credits.csv': read('tmdb/credits.csv'),
    'keywords.csv': read('tmdb/keywords.csv'),
    'links.csv': read('tmdb/links.csv'),
    'ratings_small.csv': 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n',
  }),
  'netflix-shows.zip': makeZip({ 'netflix_titles.csv': read('streaming/netflix_titles.csv') }),
  'amazon-prime-movies-and-tv-shows.zip': makeZip({
    'amazon_prime_titles.csv': read('streaming/amazon_prime_titles.csv'),
  }),
  'disneyplus-movies-and-tv-shows.zip': makeZip({ 'disney_plus_titles.csv': read('streaming/disney_plus_titles.csv') }),
  'hulu-movies-and-tv-shows.zip': makeZip({ 'hulu_titles.csv': read('streaming/hulu_titles.csv') }),
};

const requests: { url: string; range?: string; authorization?: string }[] = [];
let server: Server;
let base: string;

function serve(req: IncomingMessage, res: import('node:http').ServerResponse): void {
  requests.push({ url: req.url ?? '', range: req.headers.range, authorization: req.headers.authorization });
  const url = req.url ?? '';
  if (url === '/api/owner/missing') return void res.writeHead(404).end('not found');
  if (url === '/api/owner/login-page')
    return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
  const api = /^\/api\/[^/]+\/([^/]+)$/.exec(url);
  if (api) return void res.writeHead(302, { location: `/files/${api[1]}.zip` }).end();
  const file = /^\/files\/(.+)$/.exec(url);
  const body = file?.[1] ? ARCHIVES[file[1]] : undefined;
  if (!body) return void res.writeHead(404).end();
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) return void res.writeHead(416).end();
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
    return void res.end(body.subarray(start));
  }
  res.writeHead(200, { 'content-length': body.length, 'content-type': 'application/zip' }).end(body);
}

beforeAll(async () => {
  server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const quiet = createProgress('quiet');

describe('etl --download (loopback server)', () => {
  const work = mkdtempSync(join(tmpdir(), 'filmoteca-download-'));
  const rawDir = join(work, 'raw');

  it('downloads the five archives with basic auth through a redirect, then builds from the zips', async () => {
    requests.length = 0;
    const report = await runEtl({
      download: true,
      rawDir,
      out: join(work, 'catalog.db'),
      quiet: true,
      kaggle: { url: base, username: 'ana', key: 's3cret' },
    });
    expect(readdirSync(rawDir).sort()).toEqual(Object.keys(ARCHIVES).sort());
    for (const [name, body] of Object.entries(ARCHIVES))
      expect(readFileSync(join(rawDir, name)).equals(body)).toBe(true);
    const apiCalls = requests.filter((r) => r.url.startsWith('/api/'));
    expect(apiCalls.map((r) => r.url).sort()).toEqual([
      '/api/rounakbanik/the-movies-dataset',
      '/api/shivamb/amazon-prime-movies-and-tv-shows',
      '/api/shivamb/disneyplus-movies-and-tv-shows',
      '/api/shivamb/hulu-movies-and-tv-shows',
      '/api/shivamb/netflix-shows',
    ]);
    const expectedAuth = `Basic ${Buffer.from('ana:s3cret').toString('base64')}`;
    for (const call of apiCalls) expect(call.authorization).toBe(expectedAuth);
    expect(report.files.movies_metadata?.file).toMatch(/the-movies-dataset\.zip:movies_metadata\.csv$/);
    expect(report.tables).toMatchObject({ movies: 47, titles: 56 });
    expect(JSON.stringify(report)).not.toContain('s3cret');
  });

  it('does not fetch an archive that is already complete', async () => {
    requests.length = 0;
    expect(await downloadAll({ rawDir, url: base, progress: quiet })).toBe(0);
    expect(requests).toEqual([]);
  });

  it('resumes a partial download with Range', async () => {
    const name = 'netflix-shows.zip';
    const body = ARCHIVES[name] as Buffer;
    rmSync(join(rawDir, name));
    writeFileSync(join(rawDir, `${name}.part`), body.subarray(0, 100));
    requests.length = 0;
    expect(await downloadAll({ rawDir, url: base, progress: quiet })).toBe(1);
    expect(requests.find((r) => r.url === `/files/${name}`)?.range).toBe('bytes=100-');
    expect(readFileSync(join(rawDir, name)).equals(body)).toBe(true);
    expect(existsSync(join(rawDir, `${name}.part`))).toBe(false);
  });

  it('fails clearly on HTTP errors and on a page that is not a zip, keeping nothing', async () => {
    const dir = join(work, 'bad');
    await expect(downloadAll({ rawDir: dir, url: base, datasets: ['owner/missing'], progress: quiet })).rejects.toThrow(
      /HTTP 404/,
    );
    const error = await downloadAll({ rawDir: dir, url: base, datasets: ['owner/login-page'], progress: quiet }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).es).toMatch(/no es un archivo zip/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails clearly when the server is unreachable', async () => {
    const error = await downloadAll({
      rawDir: join(work, 'none'),
      url: 'http://127.0.0.1:9/api',
      progress: quiet,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EtlError);
    expect((error as EtlError).es).toMatch(/No se pudo descargar/);
  });
});
