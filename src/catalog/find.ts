/**
 * Which catalog a command uses — the same for `npm start` and every CLI command
 * (`run`, `ask`, `parse`, `chat`, `serve`), first that works:
 *
 * 1. `--db <file>` when given: that file and no other (a missing or broken one is an error);
 * 2. FILMOTECA_DB, when it is a readable catalog;
 * 3. a build from FILMOTECA_DATA_DIR or data/raw/, when they hold files;
 * 4. a Kaggle download and build, when KAGGLE_USERNAME and KAGGLE_KEY are set;
 * 5. the project's own demo catalog (data/demo → data/demo.db), said out loud.
 *
 * Messages go to stderr (the `log` given), never to stdout, whose text may be an answer
 * or JSON. Builds are interruptible (etl/interruptible.ts) and show progress on stderr.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Log } from '../channels/types.js';
import type { Config } from '../config.js';
import { type Catalog, openCatalog, SCHEMA_VERSION } from './catalog.js';

export interface FoundCatalog {
  path: string;
  /** The demo catalog of data/demo (about 50 films), used because nothing better was there. */
  demo: boolean;
}

/** A catalog that cannot be used, with the Spanish sentence that says why and what to do. */
export class CatalogProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogProblem';
  }
}

/** Newest modification time under a folder (to rebuild the demo catalog when its CSVs change). */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = resolve(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function hasFiles(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(dir) && readdirSync(dir).length > 0;
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'es' in error && typeof error.es === 'string') return error.es;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why the file at `path` is not a usable catalog (missing, not SQLite, another schema), or
 * null when it is one. Reads one row: cheap enough for every command.
 */
export function catalogProblem(path: string): string | null {
  if (!existsSync(path)) return `No hay catálogo en ${path}.`;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
    if (row?.value !== SCHEMA_VERSION)
      return `El catálogo ${path} es de otra versión (esquema ${row?.value ?? 'desconocido'}, hace falta ${SCHEMA_VERSION}).`;
    return null;
  } catch {
    return `El archivo ${path} no es un catálogo de Filmoteca (no se puede leer como base de datos SQLite).`;
  } finally {
    db?.close();
  }
}

/** The demo catalog (data/demo → data/demo.db), rebuilt when missing or older than its CSVs. */
export async function ensureDemoCatalog(config: Config, quiet = true): Promise<string> {
  const out = resolve(config.root, 'data/demo.db');
  // The Spanish titles list goes into the catalog too (etl/titulos-es.ts): a newer list rebuilds it.
  const titles = resolve(config.root, 'data/titulos_es');
  const newest = Math.max(newestChange(config.demoDataDir), existsSync(titles) ? newestChange(titles) : 0);
  if (existsSync(out) && statSync(out).mtimeMs >= newest && !catalogProblem(out)) return out;
  const { runEtlInterruptible } = await import('../../etl/interruptible.js');
  await runEtlInterruptible({
    dataDir: config.demoDataDir,
    out,
    quiet,
    output: 'stderr',
    reportPath: `${out}-etl-report.json`, // data/*.db-* is git-ignored
  });
  return out;
}

/** Steps 2–5 above (npm start, and every CLI command without --db). */
export async function ensureCatalog(config: Config, log: Log): Promise<FoundCatalog> {
  const problem = catalogProblem(config.FILMOTECA_DB);
  if (!problem) return { path: config.FILMOTECA_DB, demo: false };
  const { runEtlInterruptible } = await import('../../etl/interruptible.js');
  const source = hasFiles(config.FILMOTECA_DATA_DIR) ? config.FILMOTECA_DATA_DIR : config.FILMOTECA_RAW_DIR;
  if (hasFiles(source)) {
    log(`${problem} Lo construyo desde ${source}…`);
    try {
      await runEtlInterruptible({ dataDir: source, out: config.FILMOTECA_DB, output: 'stderr' });
      return { path: config.FILMOTECA_DB, demo: false };
    } catch (error) {
      log(`No se pudo construir desde ${source}: ${messageOf(error)}`);
    }
  }
  // Kaggle serves its datasets only to an account: without one, trying would only add a failure.
  if (config.KAGGLE_USERNAME && config.KAGGLE_KEY) {
    log('Intento descargar los datos de Kaggle…');
    try {
      await runEtlInterruptible({
        download: true,
        rawDir: config.FILMOTECA_RAW_DIR,
        out: config.FILMOTECA_DB,
        output: 'stderr',
      });
      return { path: config.FILMOTECA_DB, demo: false };
    } catch (error) {
      log(`No se pudo descargar: ${messageOf(error)}`);
    }
  }
  const path = await ensureDemoCatalog(config);
  log(
    `${problem} Usando el catálogo de demostración (${path}: unas 50 películas y 56 títulos de streaming). ` +
      'Para el catálogo completo: npm run etl -- --data <carpeta con los CSV de Kaggle>',
  );
  return { path, demo: true };
}

/** Steps 1–5: the catalog of `--db` when given, else as `npm start` finds it. */
export async function findCatalog(config: Config, db: string | undefined, log: Log): Promise<FoundCatalog> {
  if (db === undefined) return ensureCatalog(config, log);
  const path = resolve(db);
  const problem = catalogProblem(path);
  if (problem)
    throw new CatalogProblem(
      `${problem} Constrúyelo con: npm run etl -- --data <carpeta> --out ${path} (o quita --db para usar ` +
        'FILMOTECA_DB o, si no lo hay, el catálogo de demostración).',
    );
  return { path, demo: false };
}

/**
 * For CLI commands: the catalog found and opened, or null after saying why on stderr
 * (the caller exits with code 2). Bad settings (ConfigError) are left to src/cli.ts.
 */
export async function openCliCatalog(db: string | undefined): Promise<Catalog | null> {
  const { loadConfig } = await import('../config.js');
  const log: Log = (line) => process.stderr.write(`${line}\n`);
  try {
    const found = await findCatalog(loadConfig(), db, log);
    return openCatalog(found.path);
  } catch (error) {
    if (error instanceof CatalogProblem) log(error.message);
    else if (error instanceof Error && error.name !== 'ConfigError')
      log(`No hay catálogo que usar: ${messageOf(error)}`);
    else throw error;
    return null;
  }
}
