/**
 * Spanish release titles in the catalog: the project's list loaded by the ETL, and the
 * `--titulos-es` TMDB fetcher against a loopback fake TMDB (no internet here, and tests must
 * not use it anyway): caching, resuming, pacing, 429/404/5xx/401, and the key never written.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtlError } from '../../etl/errors.js';
import { runEtl } from '../../etl/index.js';
import { PROJECT_TITLES_FILE, readProjectTitles } from '../../etl/titulos-es.js';
import { fetchSpanishTitles, readTmdbCache, spanishTitles } from '../../etl/tmdb-titulos.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { searchForm } from '../../src/search/fuzzy.js';
import { createEntitySearch } from '../../src/search/index.js';
import {
  FIXTURE_DIR,
  fixtureCatalogPath,
  SHARED_DATA_DIR,
  sharedCatalogPath,
  sharedDataPresent,
} from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const KEY = 'k3y-s3cr3t-v3';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';

/** What the fake TMDB saw: path, api_key, Authorization. */
const seen: { path: string; apiKey: string | null; auth: string | undefined; at: number }[] = [];
/** Answers per movie id; a function for stateful ones (429 then 200). */
const answers = new Map<
  number,
  (count: number) => { status: number; body?: unknown; headers?: Record<string, string> }
>();
let server: Server;
let base: string;

function toyStory() {
  return {
    id: 862,
    title: 'Toy Story',
    translations: {
      translations: [
        { iso_3166_1: 'ES', iso_639_1: 'es', data: { title: 'Toy Story (Juguetes)' } },
        { iso_3166_1: 'MX', iso_639_1: 'es', data: { title: 'Toy Story' } },
        { iso_3166_1: 'FR', iso_639_1: 'fr', data: { title: 'Toy Story : Les jouets' } },
        { iso_3166_1: 'AR', iso_639_1: 'es', data: { title: '' } },
      ],
    },
    alternative_titles: {
      titles: [
        { iso_3166_1: 'AR', title: 'Toy Story: los juguetes cobran vida', type: '' },
        { iso_3166_1: 'US', title: 'Toy Story 1', type: '' },
      ],
    },
  };
}

beforeAll(async () => {
  answers.set(862, () => ({ status: 200, body: toyStory() }));
  answers.set(238, (n) =>
    n === 1
      ? { status: 429, headers: { 'retry-after': '0' }, body: { status_code: 25 } }
      : {
          status: 200,
          body: {
            id: 238,
            translations: { translations: [{ iso_3166_1: 'ES', iso_639_1: 'es', data: { title: 'El padrino' } }] },
          },
        },
  );
  answers.set(999_999, () => ({ status: 404, body: { status_code: 34 } }));
  answers.set(13, () => ({ status: 500 }));
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({
      path: url.pathname,
      apiKey: url.searchParams.get('api_key'),
      auth: req.headers.authorization,
      at: Date.now(),
    });
    const key = url.searchParams.get('api_key');
    if (key !== KEY && req.headers.authorization !== `Bearer ${TOKEN}`) return void res.writeHead(401).end('{}');
    const id = Number(/^\/3\/movie\/(\d+)$/.exec(url.pathname)?.[1]);
    const answer = answers.get(id);
    const count = seen.filter((s) => s.path === url.pathname).length;
    const reply = answer ? answer(count) : { status: 200, body: { id } };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/3`;
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const tempDir = () => mkdtempSync(join(tmpdir(), 'filmoteca-titulos-'));

describe('the project list in the catalog', () => {
  it('stores the list’s titles of the catalog’s movies (the fixture: El padrino, Mi pobre angelito…)', async () => {
    const db = new Database(await fixtureCatalogPath(), { readonly: true });
    const rows = db.prepare('SELECT movie_id, title FROM movie_titles_es ORDER BY movie_id, title').all() as {
      movie_id: number;
      title: string;
    }[];
    // Independently: the list's titles of the fixture's movies, minus those equal to the movie's own title.
    const list = JSON.parse(readFileSync(PROJECT_TITLES_FILE, 'utf8')) as Record<string, { titulos?: string[] }>;
    const fold = (t: string) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
    const movies = db.prepare('SELECT id, title, original_title FROM movies').all() as {
      id: number;
      title: string;
      original_title: string | null;
    }[];
    const expected = movies.flatMap((m) =>
      (list[String(m.id)]?.titulos ?? [])
        .filter((t) => fold(t) !== fold(m.title) && fold(t) !== fold(m.original_title ?? ''))
        .map((title) => ({ movie_id: m.id, title })),
    );
    expected.sort((a, b) => a.movie_id - b.movie_id || (a.title < b.title ? -1 : 1));
    expect(rows).toEqual(expected);
    expect(rows).toContainEqual({ movie_id: 238, title: 'El padrino' });
    expect(rows).toContainEqual({ movie_id: 771, title: 'Mi pobre angelito' });
    db.close();
  });

  it('title search finds a movie by its Spanish title, on every channel (search is shared)', async () => {
    const search = createEntitySearch(openCatalog(await fixtureCatalogPath()).db);
    expect(search.titles('El padrino', { limit: 1 })[0]).toMatchObject({ id: 'tmdb:238', score: 1 });
    expect(search.titles('mi pobre angelito', { limit: 1 })[0]).toMatchObject({ id: 'tmdb:771', score: 1 });
    expect(search.titles('el padirno', { limit: 1 })[0]?.id).toBe('tmdb:238');
    // The streaming entry of the same film (title and year within ±1) knows it too.
    expect(search.titles('Mi pobre angelito', { catalog: 'streaming', limit: 1 })[0]?.id).toBe('ds8');
  });

  it('skips an entry whose year is not the catalog’s (another film with that id), and says so in the report', async () => {
    const dir = tempDir();
    const file = join(dir, 'titulos.json');
    writeFileSync(
      file,
      JSON.stringify({ '862': { anio: 1990, titulos: ['Juguetes'] }, '238': { anio: 1972, titulos: ['El padrino'] } }),
    );
    const out = join(dir, 'c.db');
    const report = await runEtl({ dataDir: FIXTURE_DIR, out, quiet: true, titulosEs: { projectFile: file } });
    expect(report.files.titulos_es).toMatchObject({ rowsRead: 2, kept: 1 });
    expect(report.files.titulos_es?.warnings.anio?.count).toBe(1);
    const db = new Database(out, { readonly: true });
    expect(db.prepare('SELECT movie_id, title FROM movie_titles_es').all()).toEqual([
      { movie_id: 238, title: 'El padrino' },
    ]);
    db.close();
  });

  it('a broken list fails the build with a clear message, and the previous catalog stays', async () => {
    const dir = tempDir();
    const file = join(dir, 'titulos.json');
    writeFileSync(file, JSON.stringify({ '862': { anio: 'mil', titulos: 'Juguetes' } }));
    await expect(
      runEtl({ dataDir: FIXTURE_DIR, out: join(dir, 'c.db'), quiet: true, titulosEs: { projectFile: file } }),
    ).rejects.toThrow(/Entrada mal formada en la lista de títulos en español: «862»/);
    writeFileSync(file, '{ not json');
    await expect(
      runEtl({ dataDir: FIXTURE_DIR, out: join(dir, 'c.db'), quiet: true, titulosEs: { projectFile: file } }),
    ).rejects.toBeInstanceOf(EtlError);
  });
});

describe('the TMDB fetcher (loopback fake TMDB)', () => {
  it('keeps Spanish translations and Spanish-speaking countries’ alternative titles, each once', () => {
    expect(spanishTitles(toyStory())).toEqual([
      { titulo: 'Toy Story (Juguetes)', pais: 'ES', fuente: 'traduccion' },
      { titulo: 'Toy Story', pais: 'MX', fuente: 'traduccion' },
      { titulo: 'Toy Story: los juguetes cobran vida', pais: 'AR', fuente: 'alternativo' },
    ]);
    expect(spanishTitles(null)).toEqual([]);
    expect(spanishTitles({ translations: 'no' })).toEqual([]);
  });

  it('caches every answer as it comes, waits out 429, records 404, leaves 5xx for the next run, and resumes', async () => {
    const cacheFile = join(tempDir(), 'cache.jsonl');
    seen.length = 0;
    const first = await fetchSpanishTitles({
      apiKey: KEY,
      apiUrl: base,
      cacheFile,
      ids: [862, 238, 999_999, 13],
      maxRetries: 1,
      retryBaseMs: 1,
    });
    expect(first).toEqual({ cached: 0, fetched: 3, notFound: 1, failed: 1, throttled: 1 });
    const cache = readTmdbCache(cacheFile);
    expect(cache.titles.get(238)).toEqual([{ titulo: 'El padrino', pais: 'ES', fuente: 'traduccion' }]);
    expect(cache.titles.get(999_999)).toEqual([]);
    expect(cache.titles.has(13)).toBe(false);
    expect(seen.filter((s) => s.path === '/3/movie/13')).toHaveLength(2); // the request and one retry
    // The key goes to TMDB, and nowhere else.
    expect(seen.every((s) => s.apiKey === KEY)).toBe(true);
    expect(readFileSync(cacheFile, 'utf8')).not.toContain(KEY);

    seen.length = 0;
    answers.set(13, () => ({ status: 200, body: { translations: { translations: [] } } }));
    const second = await fetchSpanishTitles({ apiKey: KEY, apiUrl: base, cacheFile, ids: [862, 238, 999_999, 13] });
    expect(second).toMatchObject({ cached: 3, fetched: 1, failed: 0 });
    expect(seen.map((s) => s.path)).toEqual(['/3/movie/13']);
  });

  it('a cut last line (an interrupted run) is skipped, not fatal', () => {
    const cacheFile = join(tempDir(), 'cache.jsonl');
    writeFileSync(
      cacheFile,
      '{"id":862,"titulos":[{"titulo":"Toy Story (Juguetes)","pais":"ES","fuente":"traduccion"}]}\n{"id":23',
    );
    const cache = readTmdbCache(cacheFile);
    expect([...cache.titles.keys()]).toEqual([862]);
    expect(cache.badLines).toBe(1);
  });

  it('paces requests: at 20 per second, the 6th request starts 250 ms after the 1st', async () => {
    const started = performance.now();
    await fetchSpanishTitles({
      apiKey: KEY,
      apiUrl: base,
      cacheFile: join(tempDir(), 'cache.jsonl'),
      ids: [1, 2, 3, 4, 5, 6],
      requestsPerSecond: 20,
      concurrency: 6,
    });
    // Start times are what the pacer spaces (arrival times bunch up while connections open).
    expect(performance.now() - started).toBeGreaterThanOrEqual(249);
  });

  it('sends a v4 token as a Bearer header, never in the URL', async () => {
    seen.length = 0;
    await fetchSpanishTitles({ apiKey: TOKEN, apiUrl: base, cacheFile: join(tempDir(), 'c.jsonl'), ids: [862] });
    expect(seen).toMatchObject([{ path: '/3/movie/862', apiKey: null, auth: `Bearer ${TOKEN}` }]);
  });

  it('a refused key stops the run with a message that names the setting, not the key', async () => {
    const run = fetchSpanishTitles({
      apiKey: 'wrong-key-123',
      apiUrl: base,
      cacheFile: join(tempDir(), 'c.jsonl'),
      ids: [862, 238],
    });
    await expect(run).rejects.toThrow(/TMDB rechazó la clave \(respuesta 401\): revisa TMDB_API_KEY/);
    await expect(run).rejects.not.toThrow(/wrong-key-123/);
  });

  it('`runEtl` with the fetch stores TMDB’s titles beside the project’s, and search finds them', async () => {
    answers.set(13, () => ({ status: 200, body: { translations: { translations: [] } } }));
    const dir = tempDir();
    const out = join(dir, 'c.db');
    const cacheFile = join(dir, 'cache.jsonl');
    await runEtl({
      dataDir: FIXTURE_DIR,
      out,
      quiet: true,
      titulosEs: { cacheFile, fetch: { apiKey: KEY, apiUrl: base, requestsPerSecond: 1000 } },
    });
    const db = new Database(out, { readonly: true });
    const tmdb = db
      .prepare("SELECT title FROM movie_titles_es WHERE movie_id = 862 AND source = 'tmdb' ORDER BY title")
      .pluck()
      .all();
    // «Toy Story» (MX) is the film's own title: not stored again.
    expect(tmdb).toEqual(['Toy Story (Juguetes)', 'Toy Story: los juguetes cobran vida']);
    db.close();
    const search = createEntitySearch(openCatalog(out).db);
    expect(search.titles('Toy Story: los juguetes cobran vida', { limit: 1 })[0]).toMatchObject({
      id: 'tmdb:862',
      score: 1,
    });
  });

  it('`filmoteca etl --titulos-es` without TMDB_API_KEY says what is missing and exits 1', () => {
    const env = { ...process.env, TMDB_API_KEY: '' };
    const run = spawnSync(
      process.execPath,
      ['bin/filmoteca.js', 'etl', '--titulos-es', '--data', FIXTURE_DIR, '--out', join(tempDir(), 'c.db')],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('--titulos-es necesita TMDB_API_KEY');
  });
});

describe('the project list (data/titulos_es/titulos.json)', () => {
  const list = readProjectTitles();

  it('reads, with at least 1,000 films and a year and a list of titles each', () => {
    expect(list.size).toBeGreaterThanOrEqual(1000);
    for (const [id, entry] of list) {
      expect(Number.isInteger(id) && id > 0).toBe(true);
      for (const title of entry.titulos) expect(title.trim()).toBe(title);
    }
  });

  it('titles are unique after normalization, or marked ambiguous in every entry that shares them', () => {
    const owners = new Map<string, { id: number; marked: boolean }[]>();
    for (const [id, entry] of list) {
      for (const ambiguous of entry.ambiguos ?? []) expect(entry.titulos, `${id}: ${ambiguous}`).toContain(ambiguous);
      for (const title of entry.titulos) {
        const form = searchForm(title);
        const marked = (entry.ambiguos ?? []).includes(title);
        owners.set(form, [...(owners.get(form) ?? []), { id, marked }]);
      }
    }
    // (A title may also be marked for films outside the list: «La momia» is 1932's, 1999's and 2017's.)
    for (const [form, entries] of owners) {
      const ids = new Set(entries.map((e) => e.id));
      if (ids.size > 1)
        expect(
          entries.every((e) => e.marked),
          `«${form}» is shared by ${[...ids]}`,
        ).toBe(true);
    }
  });
});

describe.skipIf(!sharedDataPresent('Spanish titles against ../shared/data'))(
  'the project list against ../shared/data',
  () => {
    const csv = (file: string) =>
      parse(gunzipSync(readFileSync(join(SHARED_DATA_DIR, file))), { columns: true, skip_empty_lines: true }) as Record<
        string,
        string
      >[];
    // Read in beforeAll: vitest runs a skipped suite's body to collect it, and without ../shared
    // these files do not exist.
    const list = readProjectTitles();
    // movies_metadata (partial: its first 2,995 rows): id → year and votes, read here with csv-parse, not the ETL.
    const metadata = new Map<number, { year: number; votes: number }>();
    // Every TMDB id MovieLens knows (links.csv of the full Kaggle set), and the years of ml-latest-small's titles.
    const tmdbIds = new Set<number>();
    const mlYear = new Map<number, number>();
    beforeAll(() => {
      for (const row of csv('tmdb/movies_metadata.csv.gz')) {
        const id = Number(row.id);
        if (!Number.isInteger(id) || id <= 0 || metadata.has(id) || !/^\d{4}/.test(row.release_date ?? '')) continue;
        metadata.set(id, { year: Number(row.release_date?.slice(0, 4)), votes: Number(row.vote_count) || 0 });
      }
      const mlTmdb = new Map(
        csv('ratings/ml-latest-small/links.csv.gz').map((r) => [Number(r.movieId), Number(r.tmdbId)]),
      );
      for (const id of [...csv('ratings/links.csv.gz').map((r) => Number(r.tmdbId)), ...mlTmdb.values()])
        tmdbIds.add(id);
      for (const row of csv('ratings/ml-latest-small/movies.csv.gz')) {
        const year = /\((\d{4})\)\s*$/.exec(row.title ?? '')?.[1];
        const tmdb = mlTmdb.get(Number(row.movieId));
        if (year && tmdb) mlYear.set(tmdb, Number(year));
      }
    });

    it('every key is a film of the shared catalog with the same year, or a TMDB id MovieLens links (its year ±1)', () => {
      for (const [id, entry] of list) {
        const movie = metadata.get(id);
        if (movie) {
          expect(entry.anio, `tmdb:${id}`).toBe(movie.year);
          continue;
        }
        expect(tmdbIds.has(id), `tmdb:${id} is in neither links file`).toBe(true);
        const year = mlYear.get(id);
        // MovieLens dates a film by its release, TMDB sometimes by its premiere: a year apart at most.
        if (year !== undefined)
          expect(Math.abs(year - entry.anio), `tmdb:${id}: ${entry.anio} vs ${year}`).toBeLessThanOrEqual(1);
      }
    });

    it('covers the 1,000 most-voted films of the shared catalog', () => {
      const top = [...metadata].sort((a, b) => b[1].votes - a[1].votes || a[0] - b[0]).slice(0, 1000);
      expect(top.filter(([id]) => !list.has(id)).map(([id]) => id)).toEqual([]);
    });

    it('the films of the issue resolve by their Spanish titles on the shared catalog', async () => {
      const path = await sharedCatalogPath();
      const search = createEntitySearch(openCatalog(path as string).db);
      for (const [title, id] of [
        ['Lo que el viento se llevó', 'tmdb:770'],
        ['El mago de Oz', 'tmdb:630'],
        ['Cantando bajo la lluvia', 'tmdb:872'],
        ['Atrapado sin salida', 'tmdb:510'],
        ['Alguien voló sobre el nido del cuco', 'tmdb:510'],
        ['lo que el viento se llevo', 'tmdb:770'],
      ] as const)
        expect(search.titles(title, { limit: 1 })[0], title).toMatchObject({ id, score: 1 });
    });
  },
);
