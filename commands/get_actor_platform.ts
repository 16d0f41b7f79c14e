import { countOf } from '../src/format.js';
import { allRows, answered, perDb, platformName } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  actor: string | null;
  apariciones: number;
}

/**
 * People are grouped by normalized name (same person, spelled with or without
 * accents); ties → alphabetical by that name. MIN(name) picks one display spelling.
 * One pass over every (platform, year) at first use, kept per catalog handle:
 * grouping a platform-year's cast on each call costs several milliseconds at
 * full scale, a map lookup does not (the catalog is read-only, so it never goes stale).
 */
const SQL = `
  SELECT t.platform || '|' || t.release_year AS slot, c.name_key, min(c.name) AS name, count(DISTINCT c.title_id) AS n
  FROM title_cast c JOIN titles t ON t.id = c.title_id
  WHERE t.release_year IS NOT NULL
  GROUP BY t.platform, t.release_year, c.name_key`;

const topCastBySlot = perDb((db) => {
  const best = new Map<string, { key: string; name: string; n: number }>();
  for (const row of allRows<{ slot: string; name_key: string; name: string; n: number }>(db, SQL)) {
    const current = best.get(row.slot);
    if (!current || row.n > current.n || (row.n === current.n && row.name_key < current.key)) {
      best.set(row.slot, { key: row.name_key, name: row.name, n: row.n });
    }
  }
  return best;
});

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
    const row = topCastBySlot(ctx.catalog.db).get(`${platform}|${year}`);
    if (!row) {
      const text = `No hay reparto registrado en los títulos de ${platformName(platform)} estrenados en ${year}.`;
      return answered(this.id, args, text, { actor: null, apariciones: 0 });
    }
    const text = `En ${platformName(platform)}, quien más aparece en títulos estrenados en ${year} es ${row.name}, con ${countOf(row.n, 'título', 'títulos')}.`;
    return answered(this.id, args, text, { actor: row.name, apariciones: row.n });
  },
};
export default command;
