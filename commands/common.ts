/**
 * What every command file shares: answer builders (so every answer has the
 * same shape) and a per-database cache of prepared statements (preparing is
 * the slow part of a small query; the catalog is read-only, so a statement
 * prepared once stays valid for the life of the handle).
 */
import type Database from 'better-sqlite3';
import type { Db } from '../src/catalog/catalog.js';
import type { Answer, AnswerError, CanonicalArgs, Choice } from './types.js';

export function answered<D>(command: string, args: CanonicalArgs, text: string, data: D): Answer<D> {
  return { command, args, text, data, ok: true };
}

export function failed<D = never>(
  command: string | null,
  args: CanonicalArgs,
  code: AnswerError,
  text: string,
  extra: { argument?: string; suggestions?: string[]; choices?: Choice[] } = {},
): Answer<D> {
  const error: Answer['error'] = { code };
  if (extra.argument !== undefined) error.argument = extra.argument;
  if (extra.suggestions !== undefined) error.suggestions = extra.suggestions;
  if (extra.choices !== undefined) error.choices = extra.choices;
  return { command, args, text, data: null, ok: false, error };
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement for `sql` on `db`, prepared once per handle. Always bind values as parameters. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/** One row of a query, typed by the caller. */
export function getRow<T>(db: Db, sql: string, ...params: unknown[]): T | undefined {
  return stmt(db, sql).get(...params) as T | undefined;
}

export function allRows<T>(db: Db, sql: string, ...params: unknown[]): T[] {
  return stmt(db, sql).all(...params) as T[];
}

/** A value memoized per database handle (distinct ratings, top_peliculas' C and m, …). */
export function perDb<T>(compute: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let value = cache.get(db);
    if (value === undefined) {
      value = compute(db);
      cache.set(db, value);
    }
    return value;
  };
}

/** Canonical title id → which catalog it belongs to. */
export function parseTitleId(
  id: string,
): { catalog: 'movies'; movieId: number } | { catalog: 'streaming'; id: string } {
  const movie = /^tmdb:(\d+)$/.exec(id);
  if (movie) return { catalog: 'movies', movieId: Number(movie[1]) };
  return { catalog: 'streaming', id };
}

export const PLATFORM_NAMES: Record<string, string> = {
  amazon: 'Amazon Prime Video',
  disney: 'Disney+',
  hulu: 'Hulu',
  netflix: 'Netflix',
};

export function platformName(platform: string): string {
  return PLATFORM_NAMES[platform] ?? platform;
}

/** "Titanic (1997)"; just the title when the year is unknown. */
export function titleWithYear(title: string, year: number | null | undefined): string {
  return year ? `${title} (${year})` : title;
}

export interface TitleInfo {
  id: string;
  catalog: 'movies' | 'streaming';
  titulo: string;
  anio: number | null;
  platform?: string;
}

/** Display title and year of a canonical title id (already validated by commands/args.ts). */
export function titleInfo(db: Db, id: string): TitleInfo {
  const parsed = parseTitleId(id);
  if (parsed.catalog === 'movies') {
    const row = getRow<{ title: string; release_year: number }>(
      db,
      'SELECT title, release_year FROM movies WHERE id = ?',
      parsed.movieId,
    );
    return { id, catalog: 'movies', titulo: row?.title ?? id, anio: row?.release_year ?? null };
  }
  const row = getRow<{ title: string; release_year: number | null; platform: string }>(
    db,
    'SELECT title, release_year, platform FROM titles WHERE id = ?',
    id,
  );
  const info: TitleInfo = { id, catalog: 'streaming', titulo: row?.title ?? id, anio: row?.release_year ?? null };
  if (row) info.platform = row.platform;
  return info;
}

/** Canonical `tipo` → the `titles.type` value of the data. */
export const TITLE_TYPE: Record<string, string> = { pelicula: 'Movie', serie: 'TV Show' };
