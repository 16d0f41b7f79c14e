/**
 * Tables the ETL stores for commands whose first call would otherwise read a large part of
 * the catalog (hundreds of ms at full scale): a derived step (etl/derived.ts). Each command
 * still computes its table in memory for a catalog built before these existed.
 */
import type { Db } from '../src/catalog/catalog.js';
import { storeTopCast } from './get_actor_platform.js';
import { storeRanking } from './top_peliculas.js';

/** Fills movie_rank, genre_rank and platform_top_cast; returns the rows written. */
export function storeCommandTables(db: Db): number {
  return db.transaction(() => storeRanking(db) + storeTopCast(db))();
}
