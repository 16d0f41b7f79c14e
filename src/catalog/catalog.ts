/**
 * Read access to the built catalog (data/filmoteca.db by default). The ETL
 * (etl/) writes it; everything else opens it read-only through here.
 */
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export const SCHEMA_VERSION = '1';
export const SCHEMA_SQL_URL = new URL('./schema.sql', import.meta.url);

export type Db = Database.Database;

export interface CatalogInfo {
  movies: number;
  titles: number;
  builtAt: string | null;
  hasScores: boolean;
}

export interface Catalog {
  db: Db;
  path: string;
  info(): CatalogInfo;
  close(): void;
}

export class CatalogMissingError extends Error {
  constructor(readonly path: string) {
    super(`No hay catálogo en ${path} (no catalog at ${path}). Constrúyelo con: npm run etl`);
    this.name = 'CatalogMissingError';
  }
}

export function schemaSql(): string {
  return readFileSync(SCHEMA_SQL_URL, 'utf8');
}

export function openCatalog(path: string): Catalog {
  if (path !== ':memory:' && !existsSync(path)) throw new CatalogMissingError(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  // The shared lock is taken at the first read and kept: otherwise SQLite locks, re-reads the
  // file header and unlocks around every statement (three system calls, ~15 µs on this kind of
  // VM, where a cached point query takes ~1 µs). Readers in other processes still read; the ETL
  // never writes this file in place (it renames a new one over it).
  db.pragma('locking_mode = EXCLUSIVE');
  let cached: CatalogInfo | undefined;
  return {
    db,
    path,
    info() {
      cached ??= readInfo(db);
      return cached;
    },
    close: () => db.close(),
  };
}

function readInfo(db: Db): CatalogInfo {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const builtAt = db.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string } | undefined;
  return {
    movies: count('movies'),
    titles: count('titles'),
    builtAt: builtAt?.value ?? null,
    hasScores: count('title_scores') > 0,
  };
}
