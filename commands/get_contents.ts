import { countOf } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ rating: string; cantidad: number }> = {
  id: 'get_contents',
  chatName: 'contenidos_rating',
  description: 'Cuántos títulos (películas y series, todas las plataformas) tienen una clasificación',
  example: '¿Cuántos títulos tienen clasificación TV-MA?',
  args: [
    {
      name: 'rating',
      kind: 'rating',
      description: 'Clasificación por edades, como en los datos: TV-MA, PG-13, G, 13+',
      required: true,
    },
  ],
  seedRoute: 'get_contents',
  handler(ctx, args) {
    const rating = String(args.rating);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      'SELECT count(*) AS n FROM titles WHERE rating_key = ?',
      normalizeKey(rating),
    ) ?? { n: 0 };
    const text = `Entre todas las plataformas hay ${countOf(n, 'título', 'títulos')} con clasificación ${rating}.`;
    return answered(this.id, args, text, { rating, cantidad: n });
  },
};
export default command;
