/**
 * MovieLens ratings → co-liking (src/recommend/colikes.ts), the derived step
 * `derived:colikes`. The Movies Dataset ships `ratings_small.csv` (100k ratings)
 * and, in the full download, `ratings.csv` (26 M); `links_small.csv`/`links.csv`
 * map MovieLens `movieId` → TMDB id.
 *
 * Which files: only the top of one ratings folder, the shallowest folder holding
 * `ratings.csv` or `ratings_small.csv` (the full file when both are there), with
 * the `links*.csv` beside it. A folder below it is never read, nor any folder
 * (or zip, or zip folder) named like a held-out set (`ml-…`, `holdout`…): the
 * evaluation's `ratings/ml-latest-small/` stays unseen by the build.
 *
 * buildCoLikes(db, source) is self-contained (the catalog's movies in, the
 * `movie_likers` and `movie_coliked` tables out), so it can move into a worker.
 * The ratings are streamed: memory holds each user's capped likes, never the file.
 */
import { dirname, relative, sep } from 'node:path';
import type { Db } from '../src/catalog/catalog.js';
import { COLIKE_SETTINGS, coLikedNeighbours, LIKE_THRESHOLD, LikeCollector } from '../src/recommend/colikes.js';
import { collectGarbage } from '../src/util/gc.js';
import { batchInsert } from './batch.js';
import { positiveId } from './clean.js';
import { EtlError } from './errors.js';
import { readRatings } from './ratings-csv.js';
import { type EtlReport, type FileReport, fileReport, reject } from './report.js';
import { openTable, type SourceFile } from './sources.js';

export interface RatingsSource {
  /** `ratings.csv` (full) or `ratings_small.csv`. */
  ratings: SourceFile;
  /** The `links_small.csv` / `links.csv` beside it, in that order (may be empty: then `movie_links`). */
  links: SourceFile[];
}

/** Folder (or zip, or folder inside a zip) names never read for ratings: held-out evaluation sets. */
const HELD_OUT = /^(ml-|held[-_ ]?out|hold[-_ ]?out)/i;
const RATINGS_NAMES = ['ratings', 'ratings_small'];
const LINKS_NAMES = ['links_small', 'links'];

/** The folder parts between the searched root and the file (a zip's name and its inner folders included). */
function folderParts(file: SourceFile, root: string): string[] {
  const outer = relative(root, file.entry ? file.path : file.dir).split(sep);
  const inner = file.entry ? dirname(file.entry).split('/') : [];
  return [...outer, ...inner].filter((part) => part !== '' && part !== '.');
}

/** Where a file lives, zip folders included: files with the same key sit side by side. */
const folderKey = (file: SourceFile) => (file.entry ? `${file.path}:${dirname(file.entry)}` : file.dir);

/** plain CSV over gzip over zip, like etl/sources.ts pickSources. */
const formatRank = (file: SourceFile) => (file.entry ? 2 : file.gzip ? 1 : 0);

/** The ratings to build co-liking from (see the header), or null when there are none. */
export function findRatingsSource(files: readonly SourceFile[], root: string): RatingsSource | null {
  const usable = files.filter((f) => !folderParts(f, root).some((part) => HELD_OUT.test(part)));
  const candidates = usable
    .filter((f) => RATINGS_NAMES.includes(f.name))
    .map((f) => ({ file: f, depth: folderParts(f, root).length }))
    .sort((a, b) => a.depth - b.depth || folderKey(a.file).localeCompare(folderKey(b.file)));
  const top = candidates[0];
  if (!top) return null;
  const folder = folderKey(top.file);
  const beside = usable.filter((f) => folderKey(f) === folder).sort((a, b) => formatRank(a) - formatRank(b));
  const ratings = RATINGS_NAMES.map((name) => beside.find((f) => f.name === name)).find((f) => f !== undefined);
  const links = LINKS_NAMES.map((name) => beside.find((f) => f.name === name)).filter((f) => f !== undefined);
  return ratings ? { ratings, links } : null;
}

/** MovieLens movieId → TMDB id, from the links files beside the ratings (first file wins), else `movie_links`. */
async function readLinks(db: Db, source: RatingsSource, report?: EtlReport): Promise<Map<number, number>> {
  const tmdbOf = new Map<number, number>();
  if (source.links.length === 0) {
    const rows = db.prepare('SELECT movielens_id AS lens, tmdb_id AS tmdb FROM movie_links WHERE tmdb_id IS NOT NULL');
    for (const row of rows.iterate() as Iterable<{ lens: number; tmdb: number }>) tmdbOf.set(row.lens, row.tmdb);
    return tmdbOf;
  }
  for (const file of source.links) {
    const rep = report ? fileReport(report, `movielens:${file.name}`, file.label) : newFileReport(file);
    const table = await openTable(file, ['movieId', 'tmdbId']);
    const lensColumn = table.columns.get('movieId') as number;
    const tmdbColumn = table.columns.get('tmdbId') as number;
    for await (const cells of table.rows) {
      rep.rowsRead++;
      const lens = positiveId(cells[lensColumn] ?? '');
      // tmdbId may read as a float ('862.0') in re-saved copies; empty in a few rows.
      const tmdb = Number((cells[tmdbColumn] ?? '').trim());
      if (lens === null || !(Number.isInteger(tmdb) && tmdb > 0)) {
        reject(rep, 'invalid_id');
        continue;
      }
      if (!tmdbOf.has(lens)) tmdbOf.set(lens, tmdb);
      rep.kept++;
    }
  }
  return tmdbOf;
}

function newFileReport(file: SourceFile): FileReport {
  return { file: file.label, rowsRead: 0, kept: 0, rejected: {}, skippedNotInCatalog: 0, warnings: {} };
}

/**
 * Streams the ratings and builds, then stores, every catalog movie's co-liked
 * neighbours. Returns the `movie_coliked` rows written. A ratings file that cannot
 * be read fails the build with an EtlError naming it (the previous catalog stays).
 */
export async function buildCoLikes(db: Db, source: RatingsSource, report?: EtlReport): Promise<number> {
  const rows = await coLikesOf(db, source, report);
  // ~110 MB of typed arrays with the full ratings.csv, unreachable only now that coLikesOf
  // has returned: handed back before the next derived step.
  collectGarbage();
  return rows;
}

async function coLikesOf(db: Db, source: RatingsSource, report?: EtlReport): Promise<number> {
  const movieIds = db.prepare('SELECT id FROM movies ORDER BY id').pluck().all() as number[];
  const positionOfTmdb = new Map(movieIds.map((id, position) => [id, position]));
  const tmdbOf = await readLinks(db, source, report);
  // MovieLens id → catalog position, once per id instead of two lookups per rating.
  const positionOfLens = new Map<number, number>();
  for (const [lens, tmdb] of tmdbOf) {
    const position = positionOfTmdb.get(tmdb);
    if (position !== undefined) positionOfLens.set(lens, position);
  }
  const file = source.ratings;
  const rep = report ? fileReport(report, `movielens:${file.name}`, file.label) : newFileReport(file);
  const collector = new LikeCollector(movieIds.length, COLIKE_SETTINGS.userLikesCap);
  await readRatings(file, rep, (user, lens, rating) => {
    const position = positionOfLens.get(lens);
    if (position === undefined) {
      rep.skippedNotInCatalog++;
      return;
    }
    rep.kept++;
    if (rating >= LIKE_THRESHOLD) collector.add(user, position);
  });
  if (rep.rowsRead > 0 && rep.kept === 0 && rep.skippedNotInCatalog === 0)
    throw new EtlError(
      'El archivo de valoraciones no tiene ninguna fila válida',
      'the ratings file has no valid row',
      file.label,
    );
  return storeCoLiked(db, movieIds, coLikedNeighbours(collector.finish()));
}

/** Replaces `movie_likers` and `movie_coliked` with `coLiked` (positions → movie ids). */
function storeCoLiked(db: Db, movieIds: number[], coLiked: ReturnType<typeof coLikedNeighbours>): number {
  const { likers, starts, others, cosines, common } = coLiked;
  let rows = 0;
  db.transaction(() => {
    db.exec('DELETE FROM movie_likers; DELETE FROM movie_coliked;');
    const insertLikers = batchInsert(db, 'INSERT INTO movie_likers (movie_id, likers)', 2);
    const insertNeighbour = batchInsert(
      db,
      'INSERT INTO movie_coliked (movie_id, rank, other_id, similarity, common)',
      5,
    );
    movieIds.forEach((id, position) => {
      if ((likers[position] as number) > 0) insertLikers.add(id, likers[position]);
      const from = starts[position] as number;
      for (let p = from; p < (starts[position + 1] as number); p++) {
        insertNeighbour.add(id, p - from, movieIds[others[p] as number], cosines[p], common[p]);
        rows++;
      }
    });
    insertLikers.flush();
    insertNeighbour.flush();
  })();
  return rows;
}
