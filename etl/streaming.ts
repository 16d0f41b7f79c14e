/**
 * The streaming catalog: the four platform title lists → titles and their
 * cast / directors / countries / genres, and the optional user-score parts →
 * title_scores, following the streaming cleaning rules of QUESTIONS.md.
 */

import { countryCode } from '../src/text/codes.js';
import { normalizeKey } from '../src/text/normalize.js';
import { batchInsert } from './batch.js';
import { dateAdded, duration, fixRatingAndDuration, splitList, streamingId, yearOrNull } from './clean.js';
import { EtlError } from './errors.js';
import type { LoadContext } from './movies.js';
import { fileReport, reject, warn } from './report.js';
import { openTable, type Platform, type SourceFile } from './sources.js';

const TITLE_COLUMNS = [
  'show_id',
  'type',
  'title',
  'director',
  'cast',
  'country',
  'date_added',
  'release_year',
  'rating',
  'duration',
  'listed_in',
  'description',
] as const;

const TYPES = new Set(['Movie', 'TV Show']);

/** Shared across platforms: ids seen, and the running source order (ties → first in source order). */
export interface StreamingState {
  ids: Set<string>;
  order: number;
}

/** One platform's list → titles (+ people, countries, genres). Returns the rows kept. */
export async function loadPlatform(
  ctx: LoadContext,
  platform: Platform,
  file: SourceFile,
  state: StreamingState,
): Promise<number> {
  const { db, report } = ctx;
  const rep = fileReport(report, platform, file.label);
  const insertTitle = db.prepare(`INSERT INTO titles (id, platform, src_order, type, title, title_key, date_added,
    release_year, rating, rating_key, duration_int, duration_type, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCast = batchInsert(db, 'INSERT INTO title_cast (title_id, ord, name, name_key)', 4);
  const insertDirector = batchInsert(db, 'INSERT INTO title_directors (title_id, ord, name, name_key)', 4);
  const insertCountry = batchInsert(db, 'INSERT INTO title_countries (title_id, ord, name, country)', 4);
  const insertGenre = batchInsert(db, 'INSERT INTO title_genres (title_id, ord, name, name_key)', 4);
  const codes = new Map<string, string | null>(); // countryCode() normalizes; cache per distinct name

  const table = await openTable(file, TITLE_COLUMNS, (n) => ctx.progress.add(n));
  const at = Object.fromEntries(TITLE_COLUMNS.map((c) => [c, table.columns.get(c) ?? -1])) as Record<
    (typeof TITLE_COLUMNS)[number],
    number
  >;
  for await (const cells of table.rows) {
    const row = ++rep.rowsRead;
    const get = (column: (typeof TITLE_COLUMNS)[number]) => cells[at[column]] ?? '';
    const id = streamingId(platform, get('show_id'));
    if (id === null) {
      reject(rep, 'invalid_id');
      continue;
    }
    if (state.ids.has(id)) {
      reject(rep, 'duplicate_id');
      continue;
    }
    state.ids.add(id);
    const type = get('type').trim();
    if (!TYPES.has(type)) {
      reject(rep, 'invalid_type');
      continue;
    }

    const fixed = fixRatingAndDuration(get('rating'), get('duration'));
    const length = duration(fixed.duration);
    if (!length && fixed.duration !== '') warn(rep, 'duration', row, `'${fixed.duration}'`);
    const added = dateAdded(get('date_added'));
    if (added === 'invalid') warn(rep, 'date_added', row, `'${get('date_added')}'`);
    const year = yearOrNull(get('release_year'));
    if (year === null && get('release_year').trim() !== '') warn(rep, 'release_year', row, `'${get('release_year')}'`);
    const title = get('title').trim();

    insertTitle.run(
      id,
      platform,
      state.order++,
      type,
      title,
      normalizeKey(title),
      added === 'invalid' ? null : added,
      year,
      fixed.rating,
      normalizeKey(fixed.rating),
      length?.value ?? null,
      length?.type ?? null,
      get('description').trim() || null,
    );
    rep.kept++;

    const insertList = (list: string, insert: typeof insertCast) => {
      splitList(list).forEach((name, ord) => {
        insert.add(id, ord, name, normalizeKey(name));
      });
    };
    insertList(get('cast'), insertCast);
    insertList(get('director'), insertDirector);
    insertList(get('listed_in'), insertGenre);
    splitList(get('country')).forEach((name, ord) => {
      if (!codes.has(name)) codes.set(name, countryCode(name));
      const code = codes.get(name) ?? null;
      if (code === null) report.unmappedCountries[name] = (report.unmappedCountries[name] ?? 0) + 1;
      insertCountry.add(id, ord, name, code);
    });
  }
  for (const insert of [insertCast, insertDirector, insertCountry, insertGenre]) insert.flush();
  return rep.kept;
}

/**
 * The optional user-score parts (`ratings/<n>.csv`: userId, rating|score,
 * timestamp, movieId = a title id like `ns2186`) → title_scores(mean, n).
 */
export async function loadScores(ctx: LoadContext, files: SourceFile[], titles: Set<string>): Promise<number> {
  const totals = new Map<string, { sum: number; n: number }>();
  let rows = 0;
  for (const file of files) {
    const rep = fileReport(ctx.report, `ratings/${file.name}`, file.label);
    const table = await openTable(file, ['movieId'], (n) => ctx.progress.add(n));
    const scoreColumn = table.columns.get('rating') ?? table.columns.get('score');
    if (scoreColumn === undefined) {
      throw new EtlError('Falta la columna rating (o score)', 'missing column rating (or score)', file.label);
    }
    const idColumn = table.columns.get('movieId') ?? -1;
    for await (const cells of table.rows) {
      rep.rowsRead++;
      const titleId = (cells[idColumn] ?? '').trim();
      const score = Number((cells[scoreColumn] ?? '').trim());
      if (titleId === '') {
        reject(rep, 'invalid_id');
        continue;
      }
      if ((cells[scoreColumn] ?? '').trim() === '' || !Number.isFinite(score)) {
        reject(rep, 'invalid_score');
        continue;
      }
      if (!titles.has(titleId)) {
        rep.skippedNotInCatalog++;
        continue;
      }
      const total = totals.get(titleId);
      if (total) {
        total.sum += score;
        total.n++;
      } else totals.set(titleId, { sum: score, n: 1 });
      rep.kept++;
    }
    rows += rep.rowsRead;
  }
  const insert = ctx.db.prepare('INSERT INTO title_scores (title_id, mean, n) VALUES (?, ?, ?)');
  for (const [titleId, { sum, n }] of totals) insert.run(titleId, sum / n, n);
  return rows;
}
