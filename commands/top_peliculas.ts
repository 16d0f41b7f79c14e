import type { Db } from '../src/catalog/catalog.js';
import { formatDecimal, formatInt } from '../src/format.js';
import { genreName } from '../src/text/genres.js';
import { allRows, answered, getRow, perDb, titleWithYear } from './common.js';
import type { CommandDef } from './types.js';

export const DEFAULT_N = 5;
export const MAX_N = 25;

interface Ranked {
  id: number;
  title: string;
  year: number;
  votes: number;
  average: number;
  wr: number;
}

interface Data {
  genero: string | null;
  anio: number | null;
  /** C: the catalog's mean vote average. */
  c: number;
  /** m: the 90th percentile of vote counts over the catalog. */
  m: number;
  peliculas: { id: string; titulo: string; anio: number; wr: number; promedio: number; votos: number }[];
}

/**
 * The p-th percentile by linear interpolation between closest ranks (the
 * method of numpy.percentile and pandas' quantile by default, which the seeds'
 * notebooks use): on ascending values x[0..N-1], h = (N − 1)·p and
 * m = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const h = (sortedAscending.length - 1) * p;
  const lower = Math.floor(h);
  const low = sortedAscending[lower] ?? 0;
  const high = sortedAscending[Math.min(lower + 1, sortedAscending.length - 1)] ?? low;
  return low + (h - lower) * (high - low);
}

/**
 * C, m and every rated movie sorted by WR = v/(v+m)·R + m/(v+m)·C, computed
 * once per catalog handle, with each year's and each genre's movies as lists
 * of rank positions: a query then reads the first n entries of one short list
 * instead of scanning 45,000 movies (which costs tens of milliseconds when a
 * filter matches little). C is the mean over movies that have a vote average;
 * m is over every movie's vote count (0 when missing).
 */
function computeRanking(db: Db) {
  const counts = allRows<{ vote_count: number }>(db, 'SELECT vote_count FROM movies ORDER BY vote_count').map(
    (r) => r.vote_count,
  );
  const m = percentile(counts, 0.9);
  const c = getRow<{ c: number | null }>(db, 'SELECT avg(vote_average) AS c FROM movies')?.c ?? 0;
  const rows = allRows<{ id: number; title: string; year: number; votes: number; average: number }>(
    db,
    'SELECT id, title, release_year AS year, vote_count AS votes, vote_average AS average FROM movies WHERE vote_average IS NOT NULL',
  );
  const ranked: Ranked[] = rows.map((r) => ({ ...r, wr: weightedRating(r.votes, r.average, m, c) }));
  ranked.sort((a, b) => b.wr - a.wr || b.votes - a.votes || a.id - b.id);

  const positionOf = new Map<number, number>();
  const byYear = new Map<number, number[]>();
  ranked.forEach((movie, position) => {
    positionOf.set(movie.id, position);
    pushTo(byYear, movie.year, position);
  });
  const byGenre = new Map<string, number[]>();
  for (const row of allRows<{ name: string; movie_id: number }>(
    db,
    'SELECT g.name, mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id',
  )) {
    const position = positionOf.get(row.movie_id);
    if (position !== undefined) pushTo(byGenre, row.name, position);
  }
  for (const list of byGenre.values()) list.sort((a, b) => a - b);
  const genreSets = new Map([...byGenre].map(([name, list]) => [name, new Set(list)]));
  return { c, m, ranked, byYear, byGenre, genreSets };
}

/** The ranking computed in memory: for a catalog without the stored one (built before it existed). */
const ranking = perDb(computeRanking);

/**
 * The ranking stored in the catalog by the ETL (storeRanking, a derived step), so the first
 * question does not read every movie (~0.6–0.9 s at full scale): C and m from meta
 * 'top_peliculas', the rows from movie_rank and genre_rank. Null for a catalog built before.
 */
const storedConstants = perDb((db: Db): { c: number; m: number } | null => {
  try {
    const row = getRow<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'top_peliculas'");
    return row ? (JSON.parse(row.value) as { c: number; m: number }) : null;
  } catch {
    return null;
  }
});

const RANKED_COLUMNS = `m.id AS id, m.title AS title, m.release_year AS year, m.vote_count AS votes,
  m.vote_average AS average, r.wr AS wr FROM movie_rank r JOIN movies m ON m.id = r.movie_id`;

/** The best `n` movies with the filters, from the stored ranking: each a short indexed read. */
function storedBest(db: Db, genre: string | null, year: number | null, n: number): Ranked[] {
  if (genre === null && year === null) return allRows(db, `SELECT ${RANKED_COLUMNS} ORDER BY r.position LIMIT ?`, n);
  if (genre === null)
    return allRows(db, `SELECT ${RANKED_COLUMNS} WHERE r.year = ? ORDER BY r.position LIMIT ?`, year, n);
  const inGenre = 'SELECT 1 FROM genre_rank g WHERE g.genre = ? AND g.position = r.position';
  if (year === null)
    return allRows(
      db,
      `SELECT ${RANKED_COLUMNS} JOIN genre_rank g ON g.position = r.position WHERE g.genre = ? ORDER BY g.position LIMIT ?`,
      genre,
      n,
    );
  return allRows(
    db,
    `SELECT ${RANKED_COLUMNS} WHERE r.year = ? AND EXISTS (${inGenre}) ORDER BY r.position LIMIT ?`,
    year,
    genre,
    n,
  );
}

/**
 * Stores the ranking for storedBest (the ETL's derived step, commands/precomputed.ts):
 * computed by the same code as the in-memory one, so both answer alike. Returns the rows written.
 */
export function storeRanking(db: Db): number {
  const table = computeRanking(db);
  const rank = db.prepare('INSERT INTO movie_rank (position, movie_id, year, wr) VALUES (?, ?, ?, ?)');
  const byGenre = db.prepare('INSERT INTO genre_rank (genre, position) VALUES (?, ?)');
  table.ranked.forEach((movie, position) => {
    rank.run(position, movie.id, movie.year, movie.wr);
  });
  let rows = table.ranked.length;
  for (const [genre, positions] of table.byGenre) {
    for (const position of positions) byGenre.run(genre, position);
    rows += positions.length;
  }
  db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('top_peliculas', ?)").run(
    JSON.stringify({ c: table.c, m: table.m }),
  );
  return rows;
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Rank positions of the best `n` movies with the filters, best first. */
function bestPositions(
  table: ReturnType<typeof computeRanking>,
  genre: string | null,
  year: number | null,
  n: number,
): number[] {
  if (year === null && genre === null) return table.ranked.slice(0, n).map((_, i) => i);
  if (year === null) return (table.byGenre.get(genre as string) ?? []).slice(0, n);
  const ofYear = table.byYear.get(year) ?? [];
  if (genre === null) return ofYear.slice(0, n);
  const inGenre = table.genreSets.get(genre);
  const best: number[] = [];
  for (const position of ofYear) {
    if (best.length >= n) break;
    if (inGenre?.has(position)) best.push(position);
  }
  return best;
}

/** C, m and the best `n` movies: from the stored ranking when the catalog has one, else computed. */
function topMovies(db: Db, genre: string | null, year: number | null, n: number) {
  const stored = storedConstants(db);
  if (stored) return { ...stored, best: storedBest(db, genre, year, n) };
  const table = ranking(db);
  const best = bestPositions(table, genre, year, n).map((position) => table.ranked[position] as Ranked);
  return { c: table.c, m: table.m, best };
}

export function weightedRating(votes: number, average: number, m: number, c: number): number {
  if (votes + m === 0) return c;
  return (votes / (votes + m)) * average + (m / (votes + m)) * c;
}

const command: CommandDef<Data> = {
  id: 'top_peliculas',
  chatName: 'top',
  description: 'Las mejores películas por valoración ponderada, opcionalmente por género y año',
  example: '¿Cuáles son las 5 mejores películas de animación de 1995?',
  args: [
    {
      name: 'genero',
      kind: 'genero',
      description: 'Género, en español o en inglés: por ejemplo comedia, terror o Animation',
      required: false,
    },
    { name: 'anio', kind: 'anio', description: 'Año de estreno', required: false },
    {
      name: 'n',
      kind: 'entero',
      description: `Cuántas películas mostrar (${DEFAULT_N} si no se indica, como mucho ${MAX_N})`,
      required: false,
      min: 1,
      max: MAX_N,
    },
  ],
  handler(ctx, args) {
    const genre = typeof args.genero === 'string' ? args.genero : null;
    const year = typeof args.anio === 'number' ? args.anio : null;
    const n = typeof args.n === 'number' ? args.n : DEFAULT_N;
    const db = ctx.catalog.db;
    const { c, m, best } = topMovies(db, genre, year, n);
    const scope = [genre ? `de ${genreName(genre).toLowerCase()}` : '', year ? `de ${year}` : '']
      .filter(Boolean)
      .join(' ');
    const heading = best.length === 1 ? 'La mejor película' : `Las ${formatInt(best.length)} mejores películas`;
    const lines = best.map(
      (movie, i) =>
        `${i + 1}. ${titleWithYear(movie.title, movie.year)}: ${formatDecimal(movie.wr)} (${formatInt(movie.votes)} votos)`,
    );
    const text =
      best.length === 0
        ? `No hay películas valoradas${scope ? ` ${scope}` : ''} en el catálogo.`
        : [`${heading}${scope ? ` ${scope}` : ''} por valoración ponderada:`, ...lines].join('\n');
    return answered(this.id, args, text, {
      genero: genre,
      anio: year,
      c,
      m,
      peliculas: best.map((movie) => ({
        id: `tmdb:${movie.id}`,
        titulo: movie.title,
        anio: movie.year,
        wr: movie.wr,
        promedio: movie.average,
        votos: movie.votes,
      })),
    });
  },
};
export default command;
