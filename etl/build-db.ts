/**
 * The SQLite connections the ETL writes with: the temp catalog, and the credits
 * side file a worker thread fills at the same time (etl/credits.ts). Both start
 * from the catalog schema with no secondary index: indexes are built once, after
 * the bulk insert, which is faster than updating them row by row.
 */
import Database from 'better-sqlite3';
import { type Db, schemaSql } from '../src/catalog/catalog.js';

/**
 * A fresh file tuned for one bulk write: no journal, no fsync (the file only counts after the
 * rename). `mustExist`: a side file made beforehand (etl/files.ts createSideFiles), never created here.
 */
export function openForBuild(path: string, cacheMb = 128, mustExist = false): Db {
  const db = new Database(path, { fileMustExist: mustExist });
  // better-sqlite3 opens connections in SQLite's defensive mode, which silently refuses
  // journal_mode=OFF; lift it for this one pragma on this private temp file only.
  db.unsafeMode(true);
  const mode = db.pragma('journal_mode = OFF', { simple: true });
  db.unsafeMode(false);
  if (mode !== 'off') db.pragma('journal_mode = MEMORY');
  db.pragma('synchronous = OFF');
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('temp_store = MEMORY');
  db.pragma(`cache_size = -${cacheMb * 1024}`); // the whole catalog: pages never spill mid-build
  return db;
}

/**
 * Creates the catalog's tables with their secondary indexes dropped; returns
 * those indexes' CREATE statements by name, to run after the load.
 */
export function createTablesWithoutIndexes(db: Db): Map<string, string> {
  db.exec(schemaSql());
  const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as {
    name: string;
    sql: string;
  }[];
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  return new Map(indexes.map(({ name, sql }) => [name, sql]));
}
