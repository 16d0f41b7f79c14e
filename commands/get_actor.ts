import { countOf, formatDecimal } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { answered, getRow } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  actor: string;
  peliculas: number;
  retorno_total: number;
  retorno_promedio: number;
}

/**
 * Films with the person in the cast, minus those the same person directed.
 * `nombre` is a catalog name; several TMDB people may share it, and they are
 * counted together (the name is the contract's canonical argument).
 */
const SQL = `
  WITH person AS (SELECT id FROM people WHERE name_key = ? AND name = ?),
  acted AS (SELECT DISTINCT movie_id FROM movie_cast WHERE person_id IN (SELECT id FROM person)),
  counted AS (
    SELECT movie_id FROM acted
    WHERE NOT EXISTS (SELECT 1 FROM movie_directors d
                      WHERE d.movie_id = acted.movie_id AND d.person_id IN (SELECT id FROM person)))
  SELECT count(*) AS n, coalesce(sum(m.return), 0) AS total
  FROM counted JOIN movies m ON m.id = counted.movie_id`;

const command: CommandDef<Data> = {
  id: 'get_actor',
  chatName: 'actor',
  description: 'Películas de un actor o actriz (sin las que dirigió) y su retorno total y promedio',
  example: '¿Cuánto retorno consiguió Tom Hanks como actor?',
  args: [{ name: 'nombre', kind: 'persona', description: 'Nombre del actor o actriz', required: true, role: 'actor' }],
  seedRoute: 'get_actor',
  handler(ctx, args) {
    const name = String(args.nombre);
    const { n, total } = getRow<{ n: number; total: number }>(ctx.catalog.db, SQL, normalizeKey(name), name) ?? {
      n: 0,
      total: 0,
    };
    const average = n > 0 ? total / n : 0;
    const text =
      n === 0
        ? `${name} no figura como intérprete en ninguna película que no haya dirigido.`
        : `${name} ha participado de ${countOf(n, 'filmación', 'filmaciones')} y ha conseguido un retorno de ${formatDecimal(total)}, con un promedio de ${formatDecimal(average)} por filmación.`;
    return answered(this.id, args, text, {
      actor: name,
      peliculas: n,
      retorno_total: total,
      retorno_promedio: average,
    });
  },
};
export default command;
