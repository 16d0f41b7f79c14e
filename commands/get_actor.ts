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

/** Why the count is 0: films in the cast that the person also directed, and films directed. */
const WHY_ZERO = `
  WITH person AS (SELECT id FROM people WHERE name_key = ? AND name = ?)
  SELECT (SELECT count(DISTINCT movie_id) FROM movie_cast WHERE person_id IN (SELECT id FROM person)) AS acted,
         (SELECT count(DISTINCT movie_id) FROM movie_directors WHERE person_id IN (SELECT id FROM person)) AS directed`;

/** The contract counts 0 films for this person: say why, so 0 is not read as "not in the catalog". */
function zeroText(ctx: Parameters<CommandDef['handler']>[0], name: string): string {
  const { acted, directed } = getRow<{ acted: number; directed: number }>(
    ctx.catalog.db,
    WHY_ZERO,
    normalizeKey(name),
    name,
  ) ?? { acted: 0, directed: 0 };
  if (acted > 0)
    return `${name} solo actúa en películas que también dirigió (${countOf(acted, 'película', 'películas')}), y esas no cuentan como actor: 0 filmaciones.`;
  if (directed > 0)
    return `${name} no figura en el reparto de ninguna película del catálogo (solo en la dirección de ${countOf(directed, 'película', 'películas')}): 0 filmaciones como actor.`;
  return `${name} no figura como intérprete en ninguna película que no haya dirigido.`;
}

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
        ? zeroText(ctx, name)
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
