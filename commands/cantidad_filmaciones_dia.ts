import { countOf, weekdayName } from '../src/format.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ cantidad: number }> = {
  id: 'cantidad_filmaciones_dia',
  chatName: 'estrenos_dia',
  description: 'Cuántas películas se estrenaron en un día de la semana (lunes a domingo)',
  example: '¿Cuántas películas se estrenaron un lunes?',
  args: [
    {
      name: 'dia',
      kind: 'dia',
      description: 'Día de la semana: lunes a domingo o 1 (lunes) a 7 (domingo)',
      required: true,
    },
  ],
  seedRoute: 'cantidad_filmaciones_dia',
  handler(ctx, args) {
    const day = Number(args.dia);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      'SELECT count(*) AS n FROM movies WHERE release_weekday = ?',
      day,
    ) ?? { n: 0 };
    const text = `${countOf(n, 'película fue estrenada', 'películas fueron estrenadas')} en día ${weekdayName(day)}.`;
    return answered(this.id, args, text, { cantidad: n });
  },
};
export default command;
