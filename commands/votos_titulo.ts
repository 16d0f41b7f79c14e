import { formatInt, formatNumber } from '../src/format.js';
import { answered, getRow, parseTitleId } from './common.js';
import type { CommandDef } from './types.js';

/** The seeds' threshold: below it, the vote average is not reliable enough to show. */
export const MIN_VOTES = 2000;

interface Data {
  titulo: string;
  anio: number;
  votos: number;
  promedio: number | null;
  cumple: boolean;
}

const command: CommandDef<Data> = {
  id: 'votos_titulo',
  chatName: 'votos',
  description: 'Cantidad de votos y promedio de una película (solo si tiene al menos 2000 votos)',
  example: '¿Cuántos votos tiene Toy Story?',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película', required: true, catalog: 'movies' }],
  seedRoute: 'votos_titulo',
  handler(ctx, args) {
    const { movieId } = parseTitleId(String(args.titulo)) as { movieId: number };
    const movie = getRow<{ title: string; release_year: number; vote_count: number; vote_average: number | null }>(
      ctx.catalog.db,
      'SELECT title, release_year, vote_count, vote_average FROM movies WHERE id = ?',
      movieId,
    );
    if (!movie) throw new Error(`validated id without a row: ${args.titulo}`);
    const cumple = movie.vote_count >= MIN_VOTES;
    const text = cumple
      ? `La película ${movie.title} fue estrenada en el año ${movie.release_year}. La misma cuenta con un total de ${formatInt(movie.vote_count)} valoraciones, con un promedio de ${formatNumber(movie.vote_average ?? 0)}.`
      : `La película ${movie.title} no llega a las ${formatInt(MIN_VOTES)} valoraciones, así que no muestro sus votos.`;
    return answered(this.id, args, text, {
      titulo: movie.title,
      anio: movie.release_year,
      votos: movie.vote_count,
      promedio: movie.vote_average,
      cumple,
    });
  },
};
export default command;
