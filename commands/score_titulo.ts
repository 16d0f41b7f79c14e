import { formatDecimal } from '../src/format.js';
import { answered, getRow, parseTitleId } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  titulo: string;
  anio: number;
  popularidad: number | null;
}

const command: CommandDef<Data> = {
  id: 'score_titulo',
  chatName: 'score',
  description: 'Año de estreno y popularidad (score de TMDB) de una película',
  example: '¿Qué popularidad tiene Toy Story?',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película', required: true, catalog: 'movies' }],
  seedRoute: 'score_titulo',
  handler(ctx, args) {
    const { movieId } = parseTitleId(String(args.titulo)) as { movieId: number };
    const movie = getRow<{ title: string; release_year: number; popularity: number | null }>(
      ctx.catalog.db,
      'SELECT title, release_year, popularity FROM movies WHERE id = ?',
      movieId,
    );
    if (!movie) throw new Error(`validated id without a row: ${args.titulo}`);
    const score =
      movie.popularity === null
        ? 'sin popularidad registrada'
        : `con una popularidad de ${formatDecimal(movie.popularity)}`;
    const text = `La película ${movie.title} fue estrenada en el año ${movie.release_year} ${score}.`;
    return answered(this.id, args, text, {
      titulo: movie.title,
      anio: movie.release_year,
      popularidad: movie.popularity,
    });
  },
};
export default command;
