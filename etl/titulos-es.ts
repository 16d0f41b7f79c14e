/**
 * The ETL step that stores Spanish release titles in `movie_titles_es`, for the movies the
 * catalog has: first the project's own list (data/titulos_es/titulos.json, keyed by TMDB id
 * with the year), then, when present, the cache written by the TMDB fetcher
 * (`filmoteca etl --titulos-es`, etl/tmdb-titulos.ts). Runs before the search index is
 * stored, which reads the table (src/search/entries.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from '../src/catalog/catalog.js';
import { normalizeKey } from '../src/text/normalize.js';
import { EtlError } from './errors.js';
import type { Progress } from './progress.js';
import { type EtlReport, fileReport, warn } from './report.js';
import { fetchSpanishTitles, readTmdbCache } from './tmdb-titulos.js';

/** The project's list. */
export const PROJECT_TITLES_FILE = new URL('../data/titulos_es/titulos.json', import.meta.url).pathname;

/** A catalog year this far from the list's is another film with the same id, not a date quirk. */
const YEAR_TOLERANCE = 1;

const entrySchema = z.object({
  anio: z.number().int().min(1870).max(2100),
  titulos: z.array(z.string().trim().min(1).max(300)),
  ambiguos: z.array(z.string()).optional(),
});
export type TitleEntry = z.infer<typeof entrySchema>;

/**
 * The project's list, checked: TMDB ids → year and Spanish titles. Keys starting with '_' are
 * comments. A file that does not match the format is an EtlError naming the entry.
 */
export function readProjectTitles(file = PROJECT_TITLES_FILE): Map<number, TitleEntry> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EtlError(
      `No pude leer la lista de títulos en español: ${detail}`,
      `could not read the Spanish titles list: ${detail}`,
      file,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new EtlError(
      'La lista de títulos en español no es un objeto JSON',
      'the Spanish titles list is not a JSON object',
      file,
    );
  const entries = new Map<number, TitleEntry>();
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('_')) continue;
    const parsed = entrySchema.safeParse(value);
    if (!/^[1-9]\d{0,9}$/.test(key) || !parsed.success)
      throw new EtlError(
        `Entrada mal formada en la lista de títulos en español: «${key.slice(0, 40)}» (se espera "<id de TMDB>": {"anio": 1999, "titulos": [...]})`,
        `malformed entry in the Spanish titles list: ${key.slice(0, 40)}`,
        file,
      );
    entries.set(Number(key), parsed.data);
  }
  return entries;
}

export interface SpanishTitlesOptions {
  /** The project's list (default data/titulos_es/titulos.json). */
  projectFile?: string;
  /** The TMDB fetcher's cache (JSON lines); read when it exists. */
  tmdbCache?: string;
}

/** Fills movie_titles_es; returns the rows written. The report gets a `titulos_es` entry (rows read, kept, skipped). */
export function storeSpanishTitles(db: Db, report: EtlReport, options: SpanishTitlesOptions = {}): number {
  const projectFile = options.projectFile ?? PROJECT_TITLES_FILE;
  const rep = fileReport(report, 'titulos_es', projectFile);
  const movies = new Map<number, { year: number; keys: string[] }>();
  const rows = db.prepare('SELECT id, release_year, title_key, original_title_key FROM movies').iterate() as Iterable<{
    id: number;
    release_year: number;
    title_key: string;
    original_title_key: string | null;
  }>;
  for (const r of rows) movies.set(r.id, { year: r.release_year, keys: [r.title_key, r.original_title_key ?? ''] });
  const insert = db.prepare(
    'INSERT OR IGNORE INTO movie_titles_es (movie_id, title, title_key, source) VALUES (?, ?, ?, ?)',
  );
  let written = 0;
  const add = (movieId: number, title: string, source: 'proyecto' | 'tmdb') => {
    const key = normalizeKey(title);
    // The catalog's own title or original title: already a name of the movie.
    if (key === '' || movies.get(movieId)?.keys.includes(key)) return;
    written += insert.run(movieId, title, key, source).changes;
  };
  db.transaction(() => {
    for (const [id, entry] of readProjectTitles(projectFile)) {
      rep.rowsRead++;
      const movie = movies.get(id);
      if (!movie) {
        rep.skippedNotInCatalog++;
        continue;
      }
      if (Math.abs(movie.year - entry.anio) > YEAR_TOLERANCE) {
        warn(rep, 'anio', id, `la lista dice ${entry.anio}, el catálogo ${movie.year}`);
        continue;
      }
      rep.kept++;
      for (const title of entry.titulos) add(id, title, 'proyecto');
    }
    if (options.tmdbCache && existsSync(options.tmdbCache)) {
      const cache = readTmdbCache(options.tmdbCache);
      for (const [id, titles] of cache.titles) {
        if (!movies.has(id)) continue;
        for (const t of titles) add(id, t.titulo, 'tmdb');
      }
      if (cache.badLines > 0) warn(rep, 'cache_tmdb', 0, `${cache.badLines} líneas ilegibles (${options.tmdbCache})`);
    }
  })();
  return written;
}

/** What `filmoteca etl` passes for Spanish titles (EtlOptions.titulosEs). */
export interface SpanishTitlesSettings {
  /** The TMDB fetcher's cache (read when it exists, written by `fetch`). */
  cacheFile?: string;
  /** `--titulos-es`: ask TMDB first for every catalog movie not yet in the cache. */
  fetch?: { apiKey: string; apiUrl: string; requestsPerSecond?: number };
  /** The project's list (tests). */
  projectFile?: string;
}

/** The derived step: fetch from TMDB when asked (progress as it goes), then store the titles. */
export async function runSpanishTitlesStep(
  db: Db,
  report: EtlReport,
  settings: SpanishTitlesSettings | undefined,
  progress: Progress,
): Promise<number> {
  const cacheFile = settings?.cacheFile;
  if (settings?.fetch && cacheFile) {
    const ids = (db.prepare('SELECT id FROM movies ORDER BY vote_count DESC').pluck().all() as number[]) ?? [];
    progress.start('titulos_es (TMDB)', ids.length);
    let shown = 0;
    const fetched = await fetchSpanishTitles({
      ...settings.fetch,
      cacheFile,
      ids,
      onProgress: (done) => {
        progress.add(done - shown);
        shown = done;
      },
    });
    progress.done(
      `titulos_es (TMDB): ${fetched.fetched} películas pedidas ahora, ${fetched.cached} ya en caché, ` +
        `${fetched.notFound} sin ficha en TMDB, ${fetched.failed} fallidas (se reintentan en la próxima ejecución)`,
    );
    report.titulosEsTmdb = fetched;
  }
  return storeSpanishTitles(db, report, {
    ...(settings?.projectFile ? { projectFile: settings.projectFile } : {}),
    ...(cacheFile ? { tmdbCache: cacheFile } : {}),
  });
}
