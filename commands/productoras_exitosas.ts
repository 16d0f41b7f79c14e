import { countOf, formatMoney } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  productora: string;
  peliculas: number;
  ingresos_total: number;
}

const SQL = `
  SELECT count(*) AS n, coalesce(sum(revenue), 0) AS total FROM movies
  WHERE id IN (SELECT mc.movie_id FROM movie_companies mc JOIN companies c ON c.id = mc.company_id
               WHERE c.name_key = ? AND c.name = ?)`;

const command: CommandDef<Data> = {
  id: 'productoras_exitosas',
  chatName: 'productora',
  description: 'Cuántas películas hizo una productora y cuánto recaudaron en total',
  example: '¿Cuánto recaudó Pixar Animation Studios?',
  args: [{ name: 'productora', kind: 'productora', description: 'Nombre de la productora', required: true }],
  seedRoute: 'productoras_exitosas',
  handler(ctx, args) {
    const name = String(args.productora);
    const { n, total } = getRow<{ n: number; total: number }>(ctx.catalog.db, SQL, normalizeKey(name), name) ?? {
      n: 0,
      total: 0,
    };
    const text = `La productora ${name} ha realizado ${countOf(n, 'película', 'películas')}, con unos ingresos totales de ${formatMoney(total)}.`;
    return answered(this.id, args, text, { productora: name, peliculas: n, ingresos_total: total });
  },
};
export default command;
