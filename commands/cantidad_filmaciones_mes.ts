import { countOf, monthName } from '../src/format.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ cantidad: number }> = {
  id: 'cantidad_filmaciones_mes',
  chatName: 'estrenos_mes',
  description: 'Cuántas películas se estrenaron en un mes del año (sumando todos los años)',
  example: '¿Cuántas películas se estrenaron en diciembre?',
  args: [{ name: 'mes', kind: 'mes', description: 'Mes de estreno: enero a diciembre o 1 a 12', required: true }],
  seedRoute: 'cantidad_filmaciones_mes',
  handler(ctx, args) {
    const month = Number(args.mes);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      'SELECT count(*) AS n FROM movies WHERE release_month = ?',
      month,
    ) ?? {
      n: 0,
    };
    const text = `${countOf(n, 'película fue estrenada', 'películas fueron estrenadas')} en el mes de ${monthName(month)}.`;
    return answered(this.id, args, text, { cantidad: n });
  },
};
export default command;
