import type { Db } from '../src/catalog/catalog.js';
import { formatList } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { allRows, answered, PLATFORM_NAMES, platformName, titleInfo, titleWithYear } from './common.js';
import type { CommandDef } from './types.js';

export interface Availability {
  plataforma: string;
  id: string;
  titulo: string;
  anio: number | null;
}

interface Data {
  titulo: string;
  anio: number | null;
  plataformas: Availability[];
}

/** Same normalized title, release year within ±1 (catalogs disagree by a year around New Year and festivals). */
const SQL = `
  SELECT platform AS plataforma, id, title AS titulo, release_year AS anio FROM titles
  WHERE title_key = ? AND release_year BETWEEN ? AND ?
  ORDER BY platform, src_order`;

/** Where a title streams: one entry per platform (its first matching title there). */
export function findOnPlatforms(db: Db, title: string, year: number | null): Availability[] {
  if (year === null) return [];
  const rows = allRows<Availability>(db, SQL, normalizeKey(title), year - 1, year + 1);
  const perPlatform = new Map<string, Availability>();
  for (const row of rows) if (!perPlatform.has(row.plataforma)) perPlatform.set(row.plataforma, row);
  return [...perPlatform.values()];
}

const command: CommandDef<Data> = {
  id: 'donde_ver',
  chatName: 'donde_ver',
  description: 'En qué plataformas (Amazon, Disney+, Hulu, Netflix) está un título',
  example: '¿Dónde puedo ver Toy Story?',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película o serie', required: true }],
  handler(ctx, args) {
    const title = titleInfo(ctx.catalog.db, String(args.titulo));
    const platforms = findOnPlatforms(ctx.catalog.db, title.titulo, title.anio);
    const label = titleWithYear(title.titulo, title.anio);
    const text =
      platforms.length === 0
        ? `No encontré ${label} en ninguna de las plataformas que conozco (${formatList(Object.values(PLATFORM_NAMES))}).`
        : `${label} está en ${formatList(platforms.map((p) => platformName(p.plataforma)))}.`;
    return answered(this.id, args, text, { titulo: title.titulo, anio: title.anio, plataformas: platforms });
  },
};
export default command;
