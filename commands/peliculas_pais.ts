import { countOf } from '../src/format.js';
import { countryName } from '../src/text/codes.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ pais: string; cantidad: number }> = {
  id: 'peliculas_pais',
  chatName: 'pais',
  description: 'Cuántas películas se produjeron en un país',
  example: '¿Cuántas películas se produjeron en Francia?',
  args: [
    { name: 'pais', kind: 'pais', description: 'País de producción: nombre (Francia) o código (FR)', required: true },
  ],
  seedRoute: 'peliculas_pais',
  handler(ctx, args) {
    const code = String(args.pais);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      'SELECT count(DISTINCT movie_id) AS n FROM movie_countries WHERE country = ?',
      code,
    ) ?? { n: 0 };
    const text = `Se produjeron ${countOf(n, 'película', 'películas')} en ${countryName(code)}.`;
    return answered(this.id, args, text, { pais: code, cantidad: n });
  },
};
export default command;
