import { countOf, formatMoney } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  franquicia: string;
  peliculas: number;
  ingresos_total: number;
  ingresos_promedio: number;
}

const SQL = `
  SELECT count(*) AS n, coalesce(sum(revenue), 0) AS total FROM movies
  WHERE collection_id IN (SELECT id FROM collections WHERE name_key = ? AND name = ?)`;

const command: CommandDef<Data> = {
  id: 'franquicia',
  chatName: 'franquicia',
  description: 'Películas de una franquicia (colección) con sus ingresos totales y promedio',
  example: '¿Cuánto recaudó la franquicia Toy Story?',
  args: [
    { name: 'franquicia', kind: 'franquicia', description: 'Nombre de la franquicia o colección', required: true },
  ],
  seedRoute: 'franquicia',
  handler(ctx, args) {
    const name = String(args.franquicia);
    const { n, total } = getRow<{ n: number; total: number }>(ctx.catalog.db, SQL, normalizeKey(name), name) ?? {
      n: 0,
      total: 0,
    };
    const average = n > 0 ? total / n : 0;
    const text = `La franquicia ${name} posee ${countOf(n, 'película', 'películas')}, con unos ingresos totales de ${formatMoney(total)} y un promedio de ${formatMoney(average)} por película.`;
    return answered(this.id, args, text, {
      franquicia: name,
      peliculas: n,
      ingresos_total: total,
      ingresos_promedio: average,
    });
  },
};
export default command;
