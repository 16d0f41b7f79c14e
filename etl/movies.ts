/**
 * The movies catalog: movies_metadata, keywords and links (The Movies Dataset;
 * credits: etl/credits.ts) → the movies tables, following the cleaning rules of QUESTIONS.md.
 * Each loader streams its file and inserts with prepared statements inside the
 * build's open transaction.
 */
import type { Db } from '../src/catalog/catalog.js';
import { normalizeKey } from '../src/text/normalize.js';
import { batchInsert } from './batch.js';
import {
  dictList,
  idOf,
  isDict,
  money,
  movieReturn,
  nested,
  numberOrNull,
  orNull,
  releaseDate,
  textOf,
  voteCount,
} from './clean.js';
import type { Progress } from './progress.js';
import type { PyDict } from './pyliteral.js';
import { type EtlReport, type FileReport, fileReport, firstValidId, reject, warn } from './report.js';
import { openTable, type SourceFile } from './sources.js';

export interface LoadContext {
  db: Db;
  report: EtlReport;
  progress: Progress;
}

const METADATA_COLUMNS = [
  'id',
  'title',
  'original_title',
  'original_language',
  'overview',
  'tagline',
  'imdb_id',
  'poster_path',
  'status',
  'release_date',
  'budget',
  'revenue',
  'popularity',
  'vote_average',
  'vote_count',
  'runtime',
  'belongs_to_collection',
  'genres',
  'production_companies',
  'production_countries',
  'spoken_languages',
] as const;
type MetadataColumn = (typeof METADATA_COLUMNS)[number];

/** Reads the rows of a table with their 1-based row number and a by-name cell getter. */
async function* cells<C extends string>(
  ctx: LoadContext,
  file: SourceFile,
  columns: readonly C[],
  report: FileReport,
): AsyncGenerator<{ row: number; get: (column: C) => string }> {
  const table = await openTable(file, columns, (n) => ctx.progress.add(n));
  const index = new Map(columns.map((c) => [c, table.columns.get(c) ?? -1] as const));
  let cellsOfRow: string[] = [];
  const get = (column: C) => cellsOfRow[index.get(column) ?? -1] ?? '';
  for await (const record of table.rows) {
    report.rowsRead++;
    cellsOfRow = record;
    yield { row: report.rowsRead, get };
  }
}

/** A nested field as a list of dicts: unparsable or wrongly shaped → [] and a warning. */
function nestedList(text: string, field: string, row: number, report: FileReport): PyDict[] {
  return dictList(text, (problem) => warn(report, field, row, problem));
}

function nestedDict(text: string, field: string, row: number, report: FileReport): PyDict | null {
  const parsed = nested(text);
  if (parsed === null) return null;
  if ('error' in parsed) {
    warn(report, field, row, parsed.error);
    return null;
  }
  if (parsed.value === null) return null;
  if (!isDict(parsed.value)) {
    warn(report, field, row, 'not a dict');
    return null;
  }
  return parsed.value;
}

/** movies_metadata → movies, collections, genres, companies, countries, languages. Returns the kept ids. */
export async function loadMetadata(ctx: LoadContext, file: SourceFile): Promise<Set<number>> {
  const { db, report } = ctx;
  const rep = fileReport(report, 'movies_metadata', file.label);
  const insertMovie = batchInsert(
    db,
    `INSERT INTO movies (id, title, title_key, original_title, original_title_key,
    original_language, overview, tagline, imdb_id, poster_path, status, release_date, release_year, release_month,
    release_weekday, budget, revenue, return, popularity, vote_average, vote_count, runtime, collection_id)`,
    23,
  );
  const insertCollection = db.prepare('INSERT INTO collections (id, name, name_key) VALUES (?, ?, ?)');
  const insertGenre = db.prepare('INSERT INTO genres (id, name, name_key) VALUES (?, ?, ?)');
  const insertMovieGenre = batchInsert(db, 'INSERT OR IGNORE INTO movie_genres (movie_id, genre_id)', 2);
  const insertCompany = batchInsert(db, 'INSERT INTO companies (id, name, name_key)', 3);
  const insertMovieCompany = batchInsert(db, 'INSERT OR IGNORE INTO movie_companies (movie_id, company_id)', 2);
  const insertCountry = db.prepare('INSERT INTO countries (code, name) VALUES (?, ?)');
  const insertMovieCountry = batchInsert(db, 'INSERT OR IGNORE INTO movie_countries (movie_id, country)', 2);
  const insertLanguage = db.prepare('INSERT INTO languages (code, name) VALUES (?, ?)');
  const insertMovieLanguage = batchInsert(db, 'INSERT OR IGNORE INTO movie_spoken_languages (movie_id, language)', 2);
  // First spelling wins for every shared entity; sets avoid a failed INSERT per repeat.
  const collections = new Set<number>();
  const genres = new Set<number>();
  const companies = new Set<number>();
  const countries = new Set<string>();
  const languages = new Set<string>();
  const claimed = new Set<number>();
  const kept = new Set<number>();

  for await (const { row, get } of cells<MetadataColumn>(ctx, file, METADATA_COLUMNS, rep)) {
    // The first row with an id claims it, whatever its other cells hold.
    const id = firstValidId(get('id'), claimed, rep);
    if (id === null) continue;
    const date = releaseDate(get('release_date'));
    if (date === 'missing' || date === 'invalid') {
      reject(rep, date === 'missing' ? 'missing_release_date' : 'invalid_release_date');
      continue;
    }

    const collection = nestedDict(get('belongs_to_collection'), 'belongs_to_collection', row, rep);
    const collectionId = collection ? idOf(collection.id) : null;
    if (collection && collectionId !== null && !collections.has(collectionId)) {
      collections.add(collectionId);
      const name = textOf(collection.name);
      insertCollection.run(collectionId, name, normalizeKey(name));
    }

    const budget = money(get('budget'));
    const revenue = money(get('revenue'));
    const originalTitle = get('original_title');
    const title = get('title').trim() === '' ? originalTitle : get('title');
    insertMovie.add(
      id,
      title,
      normalizeKey(title),
      orNull(originalTitle),
      originalTitle.trim() === '' ? null : normalizeKey(originalTitle),
      orNull(get('original_language').trim().toLowerCase()),
      orNull(get('overview')),
      orNull(get('tagline')),
      orNull(get('imdb_id').trim()),
      orNull(get('poster_path').trim()),
      orNull(get('status').trim()),
      date.date,
      date.year,
      date.month,
      date.weekday,
      budget,
      revenue,
      movieReturn(budget, revenue),
      numberOrNull(get('popularity')),
      numberOrNull(get('vote_average')),
      voteCount(get('vote_count')),
      numberOrNull(get('runtime')),
      collectionId,
    );
    kept.add(id);
    rep.kept++;

    for (const genre of nestedList(get('genres'), 'genres', row, rep)) {
      const genreId = idOf(genre.id);
      if (genreId === null) continue;
      if (!genres.has(genreId)) {
        genres.add(genreId);
        const name = textOf(genre.name);
        insertGenre.run(genreId, name, normalizeKey(name));
      }
      insertMovieGenre.add(id, genreId);
    }
    for (const company of nestedList(get('production_companies'), 'production_companies', row, rep)) {
      const companyId = idOf(company.id);
      if (companyId === null) continue;
      if (!companies.has(companyId)) {
        companies.add(companyId);
        const name = textOf(company.name);
        insertCompany.add(companyId, name, normalizeKey(name));
      }
      insertMovieCompany.add(id, companyId);
    }
    for (const country of nestedList(get('production_countries'), 'production_countries', row, rep)) {
      const code = textOf(country.iso_3166_1).trim().toUpperCase();
      if (code === '') continue;
      if (!countries.has(code)) {
        countries.add(code);
        insertCountry.run(code, textOf(country.name));
      }
      insertMovieCountry.add(id, code);
    }
    for (const language of nestedList(get('spoken_languages'), 'spoken_languages', row, rep)) {
      const code = textOf(language.iso_639_1).trim().toLowerCase();
      if (code === '') continue;
      if (!languages.has(code)) {
        languages.add(code);
        insertLanguage.run(code, textOf(language.name));
      }
      insertMovieLanguage.add(id, code);
    }
  }
  for (const insert of [
    insertMovie,
    insertCompany,
    insertMovieGenre,
    insertMovieCompany,
    insertMovieCountry,
    insertMovieLanguage,
  ])
    insert.flush();
  return kept;
}

/** keywords → keywords, movie_keywords. */
export async function loadKeywords(ctx: LoadContext, file: SourceFile, movies: Set<number>): Promise<void> {
  const { db, report } = ctx;
  const rep = fileReport(report, 'keywords', file.label);
  const insertKeyword = batchInsert(db, 'INSERT INTO keywords (id, name)', 2);
  const insertMovieKeyword = batchInsert(db, 'INSERT OR IGNORE INTO movie_keywords (movie_id, keyword_id)', 2);
  const keywords = new Set<number>();
  const seen = new Set<number>();
  for await (const { row, get } of cells(ctx, file, ['id', 'keywords'] as const, rep)) {
    const id = firstValidId(get('id'), seen, rep);
    if (id === null) continue;
    if (!movies.has(id)) {
      rep.skippedNotInCatalog++;
      continue;
    }
    rep.kept++;
    for (const keyword of nestedList(get('keywords'), 'keywords', row, rep)) {
      const keywordId = idOf(keyword.id);
      if (keywordId === null) continue;
      if (!keywords.has(keywordId)) {
        keywords.add(keywordId);
        insertKeyword.add(keywordId, textOf(keyword.name));
      }
      insertMovieKeyword.add(id, keywordId);
    }
  }
  insertKeyword.flush();
  insertMovieKeyword.flush();
}

/** links (movieId, imdbId, tmdbId) → movie_links; all rows, also movies outside the catalog. */
export async function loadLinks(ctx: LoadContext, file: SourceFile): Promise<void> {
  const { db, report } = ctx;
  const rep = fileReport(report, 'links', file.label);
  const insert = batchInsert(db, 'INSERT INTO movie_links (movielens_id, imdb_id, tmdb_id)', 3);
  const seen = new Set<number>();
  for await (const { get } of cells(ctx, file, ['movieId', 'imdbId', 'tmdbId'] as const, rep)) {
    const movielensId = firstValidId(get('movieId'), seen, rep);
    if (movielensId === null) continue;
    // imdbId keeps its leading zeros ('0114709'); with 'tt' it is an IMDb id like movies.imdb_id.
    const imdb = get('imdbId').trim();
    // tmdbId may read as a float ('862.0') in re-saved copies.
    const tmdb = numberOrNull(get('tmdbId'));
    insert.add(
      movielensId,
      imdb === '' ? null : imdb.startsWith('tt') ? imdb : `tt${imdb}`,
      tmdb !== null && Number.isInteger(tmdb) && tmdb > 0 ? tmdb : null,
    );
    rep.kept++;
  }
  insert.flush();
}
