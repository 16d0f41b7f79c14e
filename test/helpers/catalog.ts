/**
 * Catalogs for tests, built once per test process with the real ETL:
 * `fixtureCatalogPath()` from the project's own fixture (data/demo), and
 * `sharedCatalogPath()` from ../shared/data (null when that folder is absent,
 * so callers can `describe.skipIf` with a visible reason).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runEtl } from '../../etl/index.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const FIXTURE_DIR = resolve(ROOT, 'data/demo');
export const SHARED_DATA_DIR = resolve(ROOT, '../shared/data');

let fixture: Promise<string> | undefined;
let shared: Promise<string | null> | undefined;
let synthetic: Promise<string> | undefined;

async function build(dataDir: string, name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `filmoteca-${name}-`));
  const out = join(dir, `${name}.db`);
  await runEtl({ dataDir, out, quiet: true });
  return out;
}

/** The data/demo fixture built into a temp SQLite file (once per test process). */
export function fixtureCatalogPath(): Promise<string> {
  fixture ??= build(FIXTURE_DIR, 'fixture');
  return fixture;
}

/** ../shared/data built into a temp SQLite file (once per test process); null when the folder is absent. */
export function sharedCatalogPath(): Promise<string | null> {
  shared ??= existsSync(SHARED_DATA_DIR) ? build(SHARED_DATA_DIR, 'shared') : Promise.resolve(null);
  return shared;
}

/**
 * Whether ../shared/data is there; when it is not (a user's machine), says so on
 * stderr, so the skipped integration tests are visible in the run's output.
 */
export function sharedDataPresent(what: string): boolean {
  if (existsSync(SHARED_DATA_DIR)) return true;
  console.warn(`Omitido (skipped): ${what}: no existe ${SHARED_DATA_DIR} (los datos reales de Kaggle).`);
  return false;
}

/**
 * A small synthetic catalog (bench/generate.ts at 3 % of full scale: ~1,400 movies, ~700
 * streaming titles, ~10k people), built once per test process by the real ETL: large
 * enough that stored structures span several pages, with no data copied from anywhere.
 */
export function syntheticCatalogPath(): Promise<string> {
  synthetic ??= (async () => {
    const { generateRawSet } = await import('../../bench/generate.js');
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-synthetic-'));
    await generateRawSet({ out: join(dir, 'raw'), seed: 5, scale: 0.03, streaming: true });
    const out = join(dir, 'synthetic.db');
    const report = await runEtl({
      moviesDir: join(dir, 'raw/tmdb'),
      streamingDir: join(dir, 'raw/streaming'),
      out,
      quiet: true,
    });
    if (!report.ok) throw new Error(`ETL of the synthetic catalog failed: ${report.error}`);
    return out;
  })();
  return synthetic;
}
