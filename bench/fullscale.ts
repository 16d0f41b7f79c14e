/**
 * The full-scale catalog every benchmark measures against.
 *
 * `ensureFullScaleCatalog()` makes sure that
 *   1. `data/bench/raw/` holds the synthetic TMDB files of bench/generate.ts for the
 *      current generator version and seed (regenerated when the stamp differs), and
 *   2. `data/bench/filmoteca.db` was built by the ETL from exactly those files and the
 *      current ETL/schema code (rebuilt when its stamp differs),
 * and returns the catalog path. Movies come from the synthetic set; streaming titles
 * from the real lists in ../shared/data/streaming when present, else from the
 * synthetic ones. Several benchmark processes may call it at once: a lock folder
 * makes the others wait instead of writing the same files.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './common.js';
import { GENERATOR_VERSION, type GenerateResult, generateRawSet, REAL_STREAMING_DIR, STAMP_FILE } from './generate.js';
import { lensIdsOf, RATINGS_FULL, writeRatings } from './generate-ratings.js';

export const BENCH_DIR = join(ROOT, 'data/bench');
export const RAW_DIR = join(BENCH_DIR, 'raw');
export const CATALOG_PATH = join(BENCH_DIR, 'filmoteca.db');
export const SEED = 42;
const CATALOG_STAMP = `${CATALOG_PATH}.stamp.json`;
/** The full 26 M-row ratings.csv (~750 MB), only made when a benchmark asks (ensureFullRatings). */
export const FULL_RATINGS_DIR = join(BENCH_DIR, 'ratings-full');
const LOCK_DIR = join(BENCH_DIR, '.lock');

/** Where the benchmark's streaming titles come from. */
export function streamingDir(): string {
  return existsSync(REAL_STREAMING_DIR) ? REAL_STREAMING_DIR : join(RAW_DIR, 'streaming');
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The synthetic raw set, generated unless a complete one of this version and seed exists. */
export function ensureFullScaleRaw(): Promise<GenerateResult> {
  return withLock(ensureRaw);
}

async function ensureRaw(): Promise<GenerateResult> {
  const wantStreaming = !existsSync(REAL_STREAMING_DIR);
  const stamp = readJson<GenerateResult>(join(RAW_DIR, STAMP_FILE));
  if (
    stamp?.version === GENERATOR_VERSION &&
    stamp.seed === SEED &&
    stamp.scale === 1 &&
    (stamp.streaming || !wantStreaming)
  ) {
    return stamp;
  }
  rmSync(RAW_DIR, { recursive: true, force: true });
  console.log(`Generando el conjunto sintético completo en ${RAW_DIR} (semilla ${SEED})…`);
  return generateRawSet({ out: RAW_DIR, seed: SEED, scale: 1, streaming: wantStreaming });
}

/** A hash of the code that decides what the catalog contains: ETL, schema, text keys. */
function buildCodeHash(): string {
  const hash = createHash('sha256');
  const folders = ['etl', 'src/catalog', 'src/text', 'src/search', 'src/recommend']; // the last two: ETL derived steps
  for (const folder of folders) {
    const dir = join(ROOT, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      if (!/\.(ts|sql|json)$/.test(name)) continue;
      hash.update(name);
      hash.update(readFileSync(join(dir, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

interface CatalogStamp {
  generator: number;
  seed: number;
  streamingDir: string;
  code: string;
}

/** Waits for (then holds) a lock folder; a lock left by a dead process is taken over. */
async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(BENCH_DIR, { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(join(LOCK_DIR, 'pid'), String(process.pid));
      break;
    } catch {
      const owner = Number(readJson<number>(join(LOCK_DIR, 'pid')));
      if (owner > 0 && !isAlive(owner)) {
        rmSync(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      await new Promise((done) => setTimeout(done, 1000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Path of the full-scale catalog, generated and built first when missing or stale. */
export async function ensureFullScaleCatalog(): Promise<string> {
  return withLock(async () => {
    const raw = await ensureRaw();
    const wanted: CatalogStamp = {
      generator: raw.version,
      seed: raw.seed,
      streamingDir: streamingDir(),
      code: buildCodeHash(),
    };
    const current = readJson<CatalogStamp>(CATALOG_STAMP);
    if (existsSync(CATALOG_PATH) && JSON.stringify(current) === JSON.stringify(wanted)) return CATALOG_PATH;
    console.log(`Construyendo el catálogo de benchmark ${CATALOG_PATH}…`);
    const { runEtl } = await import('../etl/index.js');
    const report = await runEtl({
      moviesDir: join(RAW_DIR, 'tmdb'),
      streamingDir: wanted.streamingDir,
      out: CATALOG_PATH,
      reportPath: join(BENCH_DIR, 'etl-report.json'),
      quiet: true,
    });
    if (!report.ok) throw new Error(`el ETL falló: ${report.error ?? 'sin detalle'}`);
    writeFileSync(CATALOG_STAMP, `${JSON.stringify(wanted, null, 2)}\n`);
    return CATALOG_PATH;
  });
}

/**
 * `FULL_RATINGS_DIR/ratings.csv`: 26,024,289 synthetic ratings over the MovieLens ids of
 * the raw set's links.csv (generate-ratings.ts), generated when missing or made for
 * another raw set (~1–3 min, ~750 MB). Its folder has no links file: the ETL's co-liking
 * step then maps ids through the catalog's `movie_links` (loaded from the same links.csv).
 */
export async function ensureFullRatings(): Promise<string> {
  return withLock(async () => {
    const raw = await ensureRaw();
    const stampPath = join(FULL_RATINGS_DIR, STAMP_FILE);
    const wanted = { generator: raw.version, seed: raw.seed };
    if (JSON.stringify(readJson(stampPath)) === JSON.stringify(wanted)) return FULL_RATINGS_DIR;
    rmSync(FULL_RATINGS_DIR, { recursive: true, force: true });
    console.log(`Generando ${join(FULL_RATINGS_DIR, 'ratings.csv')} (26 M valoraciones sintéticas, ~750 MB)…`);
    const started = performance.now();
    const figures = writeRatings(
      join(FULL_RATINGS_DIR, 'ratings.csv'),
      lensIdsOf(join(RAW_DIR, 'tmdb/links.csv')),
      RATINGS_FULL,
      raw.seed,
    );
    console.log(
      `  ${figures.rows} filas, ${Math.round(figures.bytes / 1e6)} MB en ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    writeFileSync(stampPath, `${JSON.stringify(wanted)}\n`);
    return FULL_RATINGS_DIR;
  });
}
