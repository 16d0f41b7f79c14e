import type { Db } from '../src/catalog/catalog.js';
import { countOf, formatDecimal, formatInt, formatList, formatNumber, quoteInput } from '../src/format.js';
import { genreName } from '../src/text/genres.js';
import { allRows, answered, getRow, parseTitleId, platformName, titleWithYear } from './common.js';
import { findOnPlatforms } from './donde_ver.js';
import type { CommandDef } from './types.js';

/** How many cast members a card shows (in billing order). */
const TOP_CAST = 5;
/** Overviews are cut for chat; the full text stays in `data`. */
const OVERVIEW_CHARS = 300;
const POSTER_BASE = 'https://image.tmdb.org/t/p/w500';

export interface Card {
  id: string;
  titulo: string;
  anio: number | null;
  tipo: 'pelicula' | 'serie';
  generos: string[];
  directores: string[];
  reparto: string[];
  /** Minutes, or seasons for a series (see `tipo_duracion`). */
  duracion: number | null;
  tipo_duracion: 'min' | 'season' | null;
  popularidad: number | null;
  votos: number | null;
  promedio: number | null;
  clasificacion: string | null;
  resumen: string | null;
  poster: string | null;
  plataformas: string[];
}

const command: CommandDef<Card> = {
  id: 'pelicula',
  chatName: 'pelicula',
  description: 'Ficha de un título: año, géneros, dirección, reparto, duración, votos y dónde verlo',
  example: 'Háblame de Toy Story',
  args: [{ name: 'titulo', kind: 'titulo', description: 'Título de la película o serie', required: true }],
  handler(ctx, args) {
    const id = String(args.titulo);
    const parsed = parseTitleId(id);
    const card =
      parsed.catalog === 'movies' ? movieCard(ctx.catalog.db, parsed.movieId) : streamingCard(ctx.catalog.db, id);
    return answered(this.id, args, cardText(card), card);
  },
};
export default command;

function movieCard(db: Db, movieId: number): Card {
  const m = getRow<{
    title: string;
    release_year: number;
    runtime: number | null;
    popularity: number | null;
    vote_count: number;
    vote_average: number | null;
    overview: string | null;
    poster_path: string | null;
  }>(
    db,
    'SELECT title, release_year, runtime, popularity, vote_count, vote_average, overview, poster_path FROM movies WHERE id = ?',
    movieId,
  );
  if (!m) throw new Error(`validated id without a row: tmdb:${movieId}`);
  const names = (sql: string, ...params: unknown[]) => allRows<{ name: string }>(db, sql, ...params).map((r) => r.name);
  return {
    id: `tmdb:${movieId}`,
    titulo: m.title,
    anio: m.release_year,
    tipo: 'pelicula',
    generos: names(
      'SELECT g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE mg.movie_id = ? ORDER BY g.name',
      movieId,
    ),
    directores: names(
      'SELECT p.name FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE d.movie_id = ? ORDER BY p.name',
      movieId,
    ),
    reparto: names(
      'SELECT p.name FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.movie_id = ? ORDER BY c.ord LIMIT ?',
      movieId,
      TOP_CAST,
    ),
    duracion: m.runtime ? m.runtime : null, // TMDB's 0 means unknown
    tipo_duracion: m.runtime ? 'min' : null,
    popularidad: m.popularity,
    votos: m.vote_count,
    promedio: m.vote_average,
    clasificacion: null,
    resumen: m.overview || null,
    poster: m.poster_path ? `${POSTER_BASE}${m.poster_path}` : null,
    plataformas: findOnPlatforms(db, m.title, m.release_year).map((p) => p.plataforma),
  };
}

function streamingCard(db: Db, id: string): Card {
  const t = getRow<{
    title: string;
    release_year: number | null;
    type: string;
    rating: string;
    duration_int: number | null;
    duration_type: 'min' | 'season' | null;
    description: string | null;
  }>(
    db,
    'SELECT title, release_year, type, rating, duration_int, duration_type, description FROM titles WHERE id = ?',
    id,
  );
  if (!t) throw new Error(`validated id without a row: ${id}`);
  const names = (table: string, limit: number) =>
    allRows<{ name: string }>(db, `SELECT name FROM ${table} WHERE title_id = ? ORDER BY ord LIMIT ?`, id, limit).map(
      (r) => r.name,
    );
  return {
    id,
    titulo: t.title,
    anio: t.release_year,
    tipo: t.type === 'TV Show' ? 'serie' : 'pelicula',
    generos: names('title_genres', 50),
    directores: names('title_directors', 50),
    reparto: names('title_cast', TOP_CAST),
    duracion: t.duration_int,
    tipo_duracion: t.duration_type,
    popularidad: null,
    votos: null,
    promedio: null,
    clasificacion: t.rating,
    resumen: t.description || null,
    poster: null,
    // Every platform listing the same title (this one included).
    plataformas: findOnPlatforms(db, t.title, t.release_year).map((p) => p.plataforma),
  };
}

function cardText(card: Card): string {
  const lines = [`${card.tipo === 'serie' ? 'Serie' : 'Película'}: ${titleWithYear(card.titulo, card.anio)}`];
  if (card.generos.length) lines.push(`Géneros: ${formatList(card.generos.map(genreName))}`);
  if (card.directores.length) lines.push(`Dirección: ${formatList(card.directores)}`);
  if (card.reparto.length) lines.push(`Reparto: ${formatList(card.reparto)}`);
  const facts: string[] = [];
  if (card.duracion !== null) {
    facts.push(
      `Duración: ${card.tipo_duracion === 'season' ? countOf(card.duracion, 'temporada', 'temporadas') : countOf(card.duracion, 'minuto', 'minutos')}`,
    );
  }
  if (card.clasificacion) facts.push(`Clasificación: ${card.clasificacion}`);
  if (card.popularidad !== null) facts.push(`Popularidad: ${formatDecimal(card.popularidad)}`);
  if (card.votos) facts.push(`Votos: ${formatInt(card.votos)} (promedio ${formatNumber(card.promedio ?? 0)})`);
  if (facts.length) lines.push(facts.join(' · '));
  if (card.resumen) lines.push(quoteInput(card.resumen, OVERVIEW_CHARS));
  lines.push(
    card.plataformas.length
      ? `Dónde verla: ${formatList(card.plataformas.map(platformName))}`
      : 'No está en ninguna de las plataformas que conozco.',
  );
  return lines.join('\n');
}
