import { countOf, formatDate, formatDecimal, formatMoney } from '../src/format.js';
import { normalizeKey } from '../src/text/normalize.js';
import { allRows, answered } from './common.js';
import type { CommandDef } from './types.js';

interface Film {
  titulo: string;
  fecha: string;
  retorno: number;
  presupuesto: number;
  ingresos: number;
  ganancia: number;
}

/** The answer's `data` (QUESTIONS.md); the Discord card reads it too. */
export interface DirectorData {
  director: string;
  retorno_total: number;
  peliculas: Film[];
}

/** How many films the chat text details; the full list is always in `data`. */
const SHOWN = 5;

const SQL = `
  SELECT m.title AS titulo, m.release_date AS fecha, m.return AS retorno, m.budget AS presupuesto,
         m.revenue AS ingresos, m.revenue - m.budget AS ganancia
  FROM movies m
  WHERE m.id IN (SELECT d.movie_id FROM movie_directors d JOIN people p ON p.id = d.person_id
                 WHERE p.name_key = ? AND p.name = ?)
  ORDER BY m.release_date, m.title`;

const command: CommandDef<DirectorData> = {
  id: 'get_director',
  chatName: 'director',
  description: 'Películas de un director: retorno total y, por película, fecha, retorno, costo y ganancia',
  example: '¿Qué películas dirigió John Lasseter y cuánto rindieron?',
  args: [
    {
      name: 'nombre',
      kind: 'persona',
      description: 'Nombre del director o directora',
      required: true,
      role: 'director',
    },
  ],
  seedRoute: 'get_director',
  handler(ctx, args) {
    const name = String(args.nombre);
    const films = allRows<Film>(ctx.catalog.db, SQL, normalizeKey(name), name);
    const total = films.reduce((sum, film) => sum + film.retorno, 0);
    const lines = films
      .slice(0, SHOWN)
      .map(
        (f) =>
          `• ${f.titulo} (${formatDate(f.fecha)}): retorno ${formatDecimal(f.retorno)}, presupuesto ${formatMoney(f.presupuesto)}, ingresos ${formatMoney(f.ingresos)}, ganancia ${formatMoney(f.ganancia)}`,
      );
    if (films.length > SHOWN) lines.push(`… y ${countOf(films.length - SHOWN, 'película más', 'películas más')}.`);
    const header = `${name} dirigió ${countOf(films.length, 'película', 'películas')}, con un retorno total de ${formatDecimal(total)}.`;
    const text =
      films.length === 0 ? `${name} no figura como director de ninguna película.` : [header, ...lines].join('\n');
    return answered(this.id, args, text, { director: name, retorno_total: total, peliculas: films });
  },
};
export default command;

/** For tests and the bench: films are listed in full in `data` whatever their number. */
export const DIRECTOR_FILMS_SHOWN = SHOWN;
