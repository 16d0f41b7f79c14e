/**
 * `filmoteca etl --titulos-es`: Spanish titles of every catalog movie from TMDB's API
 * (TMDB_API_KEY, TMDB_API_URL): one request per movie, `/movie/{id}` with its translations
 * and alternative titles appended; kept are the translations into Spanish (es-ES, es-MX, …)
 * and the alternative titles of Spanish-speaking countries.
 *
 * Cached and resumable: each answer is one JSON line appended to the cache file as soon as it
 * arrives, so an interrupted run loses at most the requests in flight, and the next run asks
 * only for the ids not in the cache. Within TMDB's limits: TMDB asks for no more than about
 * 40 requests per second and answers 429 with Retry-After beyond it; this asks for 30 per
 * second at most, from a few connections, and waits what Retry-After says.
 * The key is never written anywhere: not in messages, not in the cache.
 *
 * Hand-written rather than a TMDB client package: one endpoint, and the caching, pacing and
 * retry rules are the point here; fetch is built into Node.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EtlError } from './errors.js';

/** Countries whose alternative titles are Spanish release titles (ISO 3166-1). */
const SPANISH_SPEAKING = new Set([
  'ES', 'MX', 'AR', 'CO', 'CL', 'PE', 'VE', 'UY', 'EC', 'BO', 'PY', 'CR', 'CU', 'DO', 'GT', 'HN', 'NI', 'PA', 'SV', 'PR', 'GQ',
]); // biome-ignore format: a list of codes reads best on one line

export interface CachedTitle {
  titulo: string;
  /** ISO 3166-1 country of the translation or alternative title ('' when TMDB gives none). */
  pais: string;
  fuente: 'traduccion' | 'alternativo';
}

/** One cache line: a movie's Spanish titles (none when TMDB has none, or no such movie: `estado` 404). */
interface CacheLine {
  id: number;
  titulos: CachedTitle[];
  estado?: number;
}

export interface TmdbFetchOptions {
  apiKey: string;
  /** Base URL of the API, e.g. https://api.themoviedb.org/3 (a loopback fake in tests). */
  apiUrl: string;
  cacheFile: string;
  /** The movies wanted; those already in the cache are skipped. */
  ids: Iterable<number>;
  /** Default 30 (TMDB's ceiling is about 40). */
  requestsPerSecond?: number;
  /** Requests in flight at once (default 6; TMDB allows 20 connections per IP). */
  concurrency?: number;
  /** Retries of a failed request (network error, 5xx, timeout) before leaving it for the next run. */
  maxRetries?: number;
  /** First retry wait in ms, doubled each time (default 1000). */
  retryBaseMs?: number;
  /** Per-request timeout in ms (default 15000). */
  timeoutMs?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface TmdbFetchResult {
  /** Ids already in the cache before this run. */
  cached: number;
  /** Answers stored by this run (including "no such movie"). */
  fetched: number;
  notFound: number;
  /** Left out after every retry failed; the next run asks again. */
  failed: number;
  /** 429 answers waited out. */
  throttled: number;
}

/** The cache's contents: each id's latest line. Unreadable lines (a line cut by an interruption) are counted, not fatal. */
export function readTmdbCache(file: string): { titles: Map<number, CachedTitle[]>; badLines: number } {
  const titles = new Map<number, CachedTitle[]>();
  let badLines = 0;
  if (!existsSync(file)) return { titles, badLines };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = JSON.parse(line) as CacheLine;
      if (!Number.isInteger(parsed.id) || !Array.isArray(parsed.titulos)) throw new Error('shape');
      titles.set(
        parsed.id,
        parsed.titulos.filter((t) => typeof t?.titulo === 'string' && t.titulo.trim() !== ''),
      );
    } catch {
      badLines++;
    }
  }
  return { titles, badLines };
}

export async function fetchSpanishTitles(options: TmdbFetchOptions): Promise<TmdbFetchResult> {
  const known = readTmdbCache(options.cacheFile).titles;
  const wanted = [...new Set(options.ids)].filter((id) => !known.has(id));
  const result: TmdbFetchResult = { cached: known.size, fetched: 0, notFound: 0, failed: 0, throttled: 0 };
  mkdirSync(dirname(options.cacheFile), { recursive: true });
  const pace = new Pacer(options.requestsPerSecond ?? 30);
  let next = 0;
  let done = 0;
  let fatal: unknown;
  const worker = async () => {
    while (fatal === undefined && next < wanted.length) {
      const id = wanted[next++] as number;
      try {
        const line = await fetchOne(id, options, pace, result);
        if (line) {
          appendFileSync(options.cacheFile, `${JSON.stringify(line)}\n`);
          result.fetched++;
          if (line.estado === 404) result.notFound++;
        } else result.failed++;
      } catch (error) {
        fatal ??= error;
      }
      options.onProgress?.(++done, wanted.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 6, 20));
  await Promise.all(Array.from({ length: workers }, worker));
  if (fatal !== undefined) throw fatal;
  return result;
}

/** Spaces request starts at least 1/rate seconds apart, across every worker. */
class Pacer {
  private nextStart = 0;
  private readonly gapMs: number;

  constructor(perSecond: number) {
    this.gapMs = 1000 / Math.max(0.1, perSecond);
  }

  async wait(): Promise<void> {
    const now = Date.now();
    const start = Math.max(now, this.nextStart);
    this.nextStart = start + this.gapMs;
    if (start > now) await sleep(start - now);
  }

  /** After a 429: nobody starts before `ms` from now. */
  holdFor(ms: number): void {
    this.nextStart = Math.max(this.nextStart, Date.now() + ms);
  }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** TMDB says how long to wait; when it does not, 2 s; never more than a minute. */
function retryAfterMs(header: string | null): number {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(60_000, seconds * 1000) : 2000;
}

/** Most 429s in a row for one movie before it is left for the next run. */
const MAX_THROTTLED = 10;

async function fetchOne(
  id: number,
  options: TmdbFetchOptions,
  pace: Pacer,
  result: TmdbFetchResult,
): Promise<CacheLine | null> {
  const maxRetries = options.maxRetries ?? 5;
  let failures = 0;
  let throttled = 0;
  for (;;) {
    await pace.wait();
    let response: Response;
    try {
      response = await fetch(requestUrl(options, id), {
        headers: requestHeaders(options.apiKey),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      // Network error or timeout (the error's text may hold the URL, and with it a v3 key: not shown).
      if (++failures > maxRetries) return null;
      await sleep((options.retryBaseMs ?? 1000) * 2 ** (failures - 1));
      continue;
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new EtlError(
        `TMDB rechazó la clave (respuesta ${response.status}): revisa TMDB_API_KEY`,
        `TMDB refused the key (HTTP ${response.status}): check TMDB_API_KEY`,
      );
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return { id, titulos: [], estado: 404 };
    }
    if (response.status === 429) {
      await response.body?.cancel();
      result.throttled++;
      if (++throttled > MAX_THROTTLED) return null;
      pace.holdFor(retryAfterMs(response.headers.get('retry-after')));
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      if (++failures > maxRetries) return null;
      await sleep((options.retryBaseMs ?? 1000) * 2 ** (failures - 1));
      continue;
    }
    try {
      return { id, titulos: spanishTitles(await response.json()) };
    } catch {
      if (++failures > maxRetries) return null;
    }
  }
}

function requestUrl(options: TmdbFetchOptions, id: number): string {
  const url = new URL(`${options.apiUrl.replace(/\/+$/, '')}/movie/${id}`);
  url.searchParams.set('append_to_response', 'translations,alternative_titles');
  if (!isBearerToken(options.apiKey)) url.searchParams.set('api_key', options.apiKey);
  return url.toString();
}

/** TMDB's v4 read access token (a JWT) goes in a header; a v3 key goes in the query. */
function isBearerToken(key: string): boolean {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(key);
}

function requestHeaders(key: string): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (isBearerToken(key)) headers.authorization = `Bearer ${key}`;
  return headers;
}

interface MovieAnswer {
  translations?: { translations?: { iso_639_1?: string; iso_3166_1?: string; data?: { title?: string } }[] };
  alternative_titles?: { titles?: { iso_3166_1?: string; title?: string }[] };
}

/** Spanish translations and Spanish-speaking countries' alternative titles, each distinct title once. */
export function spanishTitles(answer: unknown): CachedTitle[] {
  const movie = (answer ?? {}) as MovieAnswer;
  const found: CachedTitle[] = [];
  const seen = new Set<string>();
  const add = (title: unknown, country: unknown, fuente: CachedTitle['fuente']) => {
    if (typeof title !== 'string' || title.trim() === '' || title.length > 300) return;
    const key = title.trim().toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ titulo: title.trim(), pais: typeof country === 'string' ? country : '', fuente });
  };
  for (const t of movie.translations?.translations ?? []) {
    if (t?.iso_639_1 === 'es') add(t.data?.title, t.iso_3166_1, 'traduccion');
  }
  for (const t of movie.alternative_titles?.titles ?? []) {
    if (typeof t?.iso_3166_1 === 'string' && SPANISH_SPEAKING.has(t.iso_3166_1))
      add(t.title, t.iso_3166_1, 'alternativo');
  }
  return found;
}
