import { countOf } from '../src/format.js';
import { languageName } from '../src/text/codes.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

const command: CommandDef<{ idioma: string; cantidad: number }> = {
  id: 'peliculas_idioma',
  chatName: 'idioma',
  description: 'Cuántas películas tienen un idioma original dado',
  example: '¿Cuántas películas hay en francés?',
  args: [
    { name: 'idioma', kind: 'idioma', description: 'Idioma original: nombre (francés) o código (fr)', required: true },
  ],
  seedRoute: 'peliculas_idioma',
  handler(ctx, args) {
    const code = String(args.idioma);
    const { n } = getRow<{ n: number }>(
      ctx.catalog.db,
      'SELECT count(*) AS n FROM movies WHERE original_language = ?',
      code,
    ) ?? { n: 0 };
    const text = `${countOf(n, 'película tiene', 'películas tienen')} el ${languageName(code)} como idioma original.`;
    return answered(this.id, args, text, { idioma: code, cantidad: n });
  },
};
export default command;
