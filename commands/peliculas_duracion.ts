import { countOf } from '../src/format.js';
import { answered, getRow, parseTitleId } from './common.js';
import type { CommandDef } from './types.js';

interface Data {
  titulo: string;
  duracion: number | null;
  anio: number;
}

const command: CommandDef<Data> = {
  id: 'peliculas_duracion',
  chatName: 'duracion',
  description: 'Duración en minutos y año de estreno de una película',
  example: '¿Cuánto dura Toy Story?',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película', required: true, catalog: 'movies' }],
  seedRoute: 'peliculas_duracion',
  handler(ctx, args) {
    const { movieId } = parseTitleId(String(args.titulo)) as { movieId: number };
    const movie = getRow<{ title: string; release_year: number; runtime: number | null }>(
      ctx.catalog.db,
      'SELECT title, release_year, runtime FROM movies WHERE id = ?',
      movieId,
    );
    if (!movie) throw new Error(`validated id without a row: ${args.titulo}`);
    // TMDB writes 0 for an unknown runtime: treat it as unknown, not as a zero-minute film.
    const runtime = movie.runtime ? movie.runtime : null;
    const text =
      runtime === null
        ? `La película ${movie.title} se estrenó en ${movie.release_year}; su duración no consta en el catálogo.`
        : `La película ${movie.title} dura ${countOf(runtime, 'minuto', 'minutos')} y se estrenó en ${movie.release_year}.`;
    return answered(this.id, args, text, { titulo: movie.title, duracion: runtime, anio: movie.release_year });
  },
};
export default command;
