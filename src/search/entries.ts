/**
 * What search looks through, loaded once per kind from the catalog: one entry
 * per distinct normalized name (people, collections, companies) or per catalog
 * title. Kept as plain arrays so the indexes in index.ts can refer to entries
 * by position.
 */
import type { Db } from '../catalog/catalog.js';
import type { CatalogName } from './types.js';

export interface TitleEntry {
  id: string;
  name: string;
  /** normalizeKey of title and, when different, of original_title. */
  keys: string[];
  year: number | null;
  catalog: CatalogName;
  platform?: string;
  /** vote_count for movies, release year for streaming titles (the contract's tie-breaks). */
  weight: number;
}

/** Film counts per role and catalog, so role/catalog filters and tie-breaks need no SQL at query time. */
export interface PersonCounts {
  movieActor: number;
  movieDirector: number;
  streamingActor: number;
  streamingDirector: number;
}

export interface NameEntry {
  name: string;
  keys: string[];
  weight: number;
  counts?: PersonCounts;
}

export function loadTitles(db: Db): TitleEntry[] {
  const movies = db
    .prepare(
      `SELECT id, title, title_key, original_title_key, release_year, vote_count
       FROM movies ORDER BY id`,
    )
    .all() as {
    id: number;
    title: string;
    title_key: string;
    original_title_key: string | null;
    release_year: number;
    vote_count: number;
  }[];
  const titles = db
    .prepare('SELECT id, platform, title, title_key, release_year FROM titles ORDER BY src_order')
    .all() as { id: string; platform: string; title: string; title_key: string; release_year: number | null }[];
  const spanish = spanishTitleKeys(db);
  const entries: TitleEntry[] = [];
  for (const m of movies) {
    const keys = [m.title_key];
    if (m.original_title_key && m.original_title_key !== m.title_key) keys.push(m.original_title_key);
    for (const key of spanish.movies.get(m.id) ?? []) if (!keys.includes(key)) keys.push(key);
    entries.push({
      id: `tmdb:${m.id}`,
      name: m.title,
      keys,
      year: m.release_year,
      catalog: 'movies',
      weight: m.vote_count,
    });
  }
  for (const t of titles) {
    const keys = [t.title_key];
    for (const key of spanish.streaming.get(t.id) ?? []) if (!keys.includes(key)) keys.push(key);
    entries.push({
      id: t.id,
      name: t.title,
      keys,
      year: t.release_year,
      catalog: 'streaming',
      platform: t.platform,
      weight: t.release_year ?? 0,
    });
  }
  return entries;
}

/**
 * Spanish release titles (movie_titles_es, filled by the ETL) as more keys of a movie, and of
 * a streaming title that is the same film (same title, year within ±1, as donde_ver decides):
 * «El padrino» finds The Godfather on every channel. Empty for catalogs built before the table.
 */
function spanishTitleKeys(db: Db): { movies: Map<number, string[]>; streaming: Map<string, string[]> } {
  const movies = new Map<number, string[]>();
  const streaming = new Map<string, string[]>();
  const push = <K>(map: Map<K, string[]>, id: K, key: string) => {
    const keys = map.get(id);
    if (keys) keys.push(key);
    else map.set(id, [key]);
  };
  try {
    for (const r of db
      .prepare('SELECT movie_id, title_key FROM movie_titles_es ORDER BY movie_id, title_key')
      .all() as {
      movie_id: number;
      title_key: string;
    }[])
      push(movies, r.movie_id, r.title_key);
    const sameFilm = db
      .prepare(
        `SELECT DISTINCT t.id AS id, e.title_key AS key FROM titles t
         JOIN movies m ON m.title_key = t.title_key AND abs(m.release_year - t.release_year) <= 1
         JOIN movie_titles_es e ON e.movie_id = m.id ORDER BY t.id, e.title_key`,
      )
      .all() as { id: string; key: string }[];
    for (const r of sameFilm) push(streaming, r.id, r.key);
  } catch {
    // A catalog from before movie_titles_es: no Spanish titles to add.
  }
  return { movies, streaming };
}

type CountRow = { name: string; key: string; n: number };

export function loadPeople(db: Db): NameEntry[] {
  const byKey = new Map<string, NameEntry & { counts: PersonCounts }>();
  // Rows are streamed (iterate(), not all()): each dies young instead of ~300k being
  // promoted to the old generation, which swelled the ETL's peak RSS.
  const add = (rows: Iterable<CountRow>, role: keyof PersonCounts) => {
    for (const row of rows) {
      let entry = byKey.get(row.key);
      if (!entry) {
        entry = {
          name: row.name,
          keys: [row.key],
          weight: 0,
          counts: { movieActor: 0, movieDirector: 0, streamingActor: 0, streamingDirector: 0 },
        };
        byKey.set(row.key, entry);
      }
      entry.counts[role] += row.n;
      entry.weight += row.n;
    }
  };
  // Counted on the (person_id, movie_id) index first, then one name lookup per person:
  // ~40 % faster than joining every cast row to people (560k rows at full scale).
  const moviePeople = (table: string) =>
    db
      .prepare(
        `SELECT p.name AS name, p.name_key AS key, x.n AS n
         FROM (SELECT person_id, count(*) AS n FROM ${table} GROUP BY person_id) x
         JOIN people p ON p.id = x.person_id ORDER BY p.id`,
      )
      .iterate() as Iterable<CountRow>;
  const streamingPeople = (table: string) =>
    db
      .prepare(`SELECT min(name) AS name, name_key AS key, count(*) AS n FROM ${table} GROUP BY name_key`)
      .iterate() as Iterable<CountRow>;
  add(moviePeople('movie_cast'), 'movieActor');
  add(moviePeople('movie_directors'), 'movieDirector');
  add(streamingPeople('title_cast'), 'streamingActor');
  add(streamingPeople('title_directors'), 'streamingDirector');
  return [...byKey.values()];
}

/** Collections or companies, with their film count as weight; same-named rows merge. */
export function loadNamed(db: Db, kind: 'collection' | 'company'): NameEntry[] {
  const sql =
    kind === 'collection'
      ? `SELECT c.name AS name, c.name_key AS key, count(m.id) AS n
         FROM collections c LEFT JOIN movies m ON m.collection_id = c.id GROUP BY c.id ORDER BY c.id`
      : `SELECT c.name AS name, c.name_key AS key, count(mc.movie_id) AS n
         FROM companies c LEFT JOIN movie_companies mc ON mc.company_id = c.id GROUP BY c.id ORDER BY c.id`;
  const byKey = new Map<string, NameEntry>();
  for (const row of db.prepare(sql).all() as CountRow[]) {
    const entry = byKey.get(row.key);
    if (entry) entry.weight += row.n;
    else
      byKey.set(row.key, {
        name: row.name,
        keys: kind === 'collection' ? sagaKeys(row.key) : [row.key],
        weight: row.n,
      });
  }
  return [...byKey.values()];
}

const COLLECTION_SUFFIX = / collection$/;

/**
 * TMDB names sagas "Rocky Collection"; users say "la saga de Rocky". The name without the
 * suffix is a second key, so "rocky" is an identical name, not a distant one.
 */
export function sagaKeys(key: string): string[] {
  const short = key.replace(COLLECTION_SUFFIX, '');
  return short !== key && short.trim() !== '' ? [key, short] : [key];
}
