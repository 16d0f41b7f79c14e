import type { Db } from '../src/catalog/catalog.js';
import { countOf } from '../src/format.js';
import { allRows, answered, getRow, perDb, platformName } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  actor: string | null;
  apariciones: number;
}

/**
 * People are grouped by normalized name (same person, spelled with or without
 * accents); ties → alphabetical by that name. MIN(name) picks one display spelling.
 * One pass over every (platform, year), stored in the catalog by the ETL (or, for an
 * older catalog, made at first use and kept per handle): grouping a platform-year's cast
 * on each call costs several milliseconds at full scale, one indexed row does not.
 */
const SQL = `
  SELECT t.platform || '|' || t.release_year AS slot, c.name_key, min(c.name) AS name, count(DISTINCT c.title_id) AS n
  FROM title_cast c JOIN titles t ON t.id = c.title_id
  WHERE t.release_year IS NOT NULL
  GROUP BY t.platform, t.release_year, c.name_key`;

function computeTopCast(db: Db): Map<string, { key: string; name: string; n: number }> {
  const best = new Map<string, { key: string; name: string; n: number }>();
  for (const row of allRows<{ slot: string; name_key: string; name: string; n: number }>(db, SQL)) {
    const current = best.get(row.slot);
    if (!current || row.n > current.n || (row.n === current.n && row.name_key < current.key)) {
      best.set(row.slot, { key: row.name_key, name: row.name, n: row.n });
    }
  }
  return best;
}

/** Computed in memory: for a catalog without the stored table (built before it existed). */
const topCastBySlot = perDb(computeTopCast);

/**
 * The table stored by the ETL (storeTopCast, a derived step): one indexed row per platform and
 * year, so the first question does not group every cast row (~0.4–0.6 s at full scale).
 */
const hasStoredTopCast = perDb((db: Db) => {
  try {
    return getRow(db, "SELECT 1 FROM meta WHERE key = 'get_actor_platform'") !== undefined;
  } catch {
    return false;
  }
});

function topCast(db: Db, platform: string, year: number): { name: string; n: number } | undefined {
  if (!hasStoredTopCast(db)) return topCastBySlot(db).get(`${platform}|${year}`);
  return getRow(db, 'SELECT name, n FROM platform_top_cast WHERE platform = ? AND year = ?', platform, year);
}

/** Stores every platform and year's most frequent cast member (commands/precomputed.ts); returns the rows. */
export function storeTopCast(db: Db): number {
  const insert = db.prepare('INSERT INTO platform_top_cast (platform, year, name, n) VALUES (?, ?, ?, ?)');
  const best = computeTopCast(db);
  for (const [slot, { name, n }] of best) {
    const [platform, year] = slot.split('|');
    insert.run(platform, Number(year), name, n);
  }
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('get_actor_platform', '1')").run();
  return best.size;
}

const command: CommandDef<Data> = {
  id: 'get_actor_platform',
  chatName: 'actor_plataforma',
  description: 'El actor o actriz con más títulos en una plataforma en un año de estreno',
  example: '¿Qué actor aparece más en Netflix en 2018?',
  args: [
    {
      name: 'plataforma',
      kind: 'plataforma',
      description: 'Plataforma: Amazon, Disney+, Hulu o Netflix',
      required: true,
    },
    { name: 'anio', kind: 'anio', description: 'Año de estreno de los títulos', required: true },
  ],
  seedRoute: 'get_actor_platform',
  handler(ctx, args) {
    const [platform, year] = [String(args.plataforma), Number(args.anio)];
    const row = topCast(ctx.catalog.db, platform, year);
    if (!row) {
      const text = `No hay reparto registrado en los títulos de ${platformName(platform)} estrenados en ${year}.`;
      return answered(this.id, args, text, { actor: null, apariciones: 0 });
    }
    const text = `En ${platformName(platform)}, quien más aparece en títulos estrenados en ${year} es ${row.name}, con ${countOf(row.n, 'título', 'títulos')}.`;
    return answered(this.id, args, text, { actor: row.name, apariciones: row.n });
  },
};
export default command;
