/**
 * credits.csv, the ETL's heaviest file (~190 MB of Python literals at full
 * scale) → people, movie_cast (billing order), movie_directors (crew job
 * 'Director'), and those tables' indexes.
 *
 * They are built in a side SQLite file, in a worker thread, while the main
 * thread loads every other file into the catalog; the main thread then copies
 * the finished tables in (mergeCredits: SQLite's bulk-transfer path, records and
 * index entries copied as they are) and drops the rows of movies that are not
 * in the catalog. Two earlier designs were measured slower (etl/README.md): a
 * worker that only parsed and sent the rows back (the copy across threads
 * cost about what it saved). Here nothing crosses the threads but a summary.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../src/catalog/catalog.js';
import { normalizeKey } from '../src/text/normalize.js';
import { batchInsert } from './batch.js';
import { createTablesWithoutIndexes, openForBuild } from './build-db.js';
import { dictList, idOf, orNull, textOf } from './clean.js';
import { asEtlError, EtlError } from './errors.js';
import type { PyDict } from './pyliteral.js';
import { type FileReport, firstValidId, type RejectReason, warn } from './report.js';
import { openTable, type SourceFile } from './sources.js';

/** One credits row, parsed: what the loader needs and nothing more. */
export interface CreditsRow {
  row: number;
  id: string;
  /** Flat triples in billing order: person id, name, character. */
  cast: (number | string)[];
  /** Flat pairs: person id, name (crew with job 'Director'). */
  directors: (number | string)[];
  /** Nested fields that did not parse (or were not lists): [field, problem]. */
  warnings?: [string, string][];
}

export interface CreditsBatch {
  rows: CreditsRow[];
  bytes: number;
}

export const CREDITS_COLUMNS = ['cast', 'crew', 'id'] as const;

function byBillingOrder(a: PyDict, b: PyDict): number {
  const x = typeof a.order === 'number' ? a.order : Number.MAX_SAFE_INTEGER;
  const y = typeof b.order === 'number' ? b.order : Number.MAX_SAFE_INTEGER;
  return x - y;
}

/** Rule 8: cast in billing `order` (stable for equal orders), directors = crew with job 'Director'. */
export function parseCreditsRow(row: number, id: string, castText: string, crewText: string): CreditsRow {
  const warnings: [string, string][] = [];
  const cast: (number | string)[] = [];
  for (const member of dictList(castText, (problem) => warnings.push(['cast', problem])).sort(byBillingOrder)) {
    const pid = idOf(member.id);
    if (pid !== null) cast.push(pid, textOf(member.name), textOf(member.character));
  }
  const directors: (number | string)[] = [];
  for (const member of dictList(crewText, (problem) => warnings.push(['crew', problem]))) {
    if (member.job !== 'Director') continue;
    const pid = idOf(member.id);
    if (pid !== null) directors.push(pid, textOf(member.name));
  }
  return warnings.length > 0 ? { row, id, cast, directors, warnings } : { row, id, cast, directors };
}

const BATCH_ROWS = 256;

/** Parses the file in batches. */
export async function* parseCreditsFile(file: SourceFile): AsyncGenerator<CreditsBatch> {
  let bytes = 0;
  const table = await openTable(file, CREDITS_COLUMNS, (n) => {
    bytes += n;
  });
  const at = CREDITS_COLUMNS.map((c) => table.columns.get(c) ?? -1) as [number, number, number];
  let rows: CreditsRow[] = [];
  let row = 0;
  for await (const cells of table.rows) {
    row++;
    rows.push(parseCreditsRow(row, cells[at[2]] ?? '', cells[at[0]] ?? '', cells[at[1]] ?? ''));
    if (rows.length === BATCH_ROWS) {
      yield { rows, bytes };
      rows = [];
      bytes = 0;
    }
  }
  yield { rows, bytes };
}

/** The file as parsed batches, timing the reading and parsing apart from what the caller does with them. */
function timedBatches(file: SourceFile): { batches: AsyncGenerator<CreditsBatch>; parseMs: () => number } {
  let ms = 0;
  const generator = parseCreditsFile(file);
  const batches = (async function* () {
    try {
      while (true) {
        const start = performance.now();
        const next = await generator.next();
        ms += performance.now() - start;
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await generator.return(undefined); // closes the file when the caller stopped early
    }
  })();
  return { batches, parseMs: () => ms };
}

/** What the side file holds, besides its tables: what the report needs. */
export interface CreditsResult {
  rowsRead: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** The movie id of every loaded row (a valid id, first time seen), in file order. */
  ids: number[];
  warnings: { movieId: number; row: number; field: string; problem: string }[];
  parseMs: number;
  /** Reading, parsing, inserting and indexing, in the worker. */
  totalMs: number;
}

/** The credits tables' indexes: built in the side file and copied with the tables. */
export const CREDIT_INDEXES = ['people_key', 'movie_cast_person', 'movie_directors_person'] as const;
const CREDIT_TABLES = ['people', 'movie_cast', 'movie_directors'] as const;

/**
 * Loads every credits row with a valid, first-seen id into a new SQLite file at `path`
 * (whether its movie is in the catalog is decided at the merge). A person's name is the
 * first spelling met in the file.
 */
export async function buildCreditsFile(
  file: SourceFile,
  path: string,
  onBytes: (n: number) => void = () => {},
): Promise<CreditsResult> {
  const started = performance.now();
  // A small page cache: what the worker allocates stays with the process after it ends (etl/README.md).
  const db = openForBuild(path, 16, true); // made before the catalog (etl/files.ts createSideFiles)
  try {
    const indexes = createTablesWithoutIndexes(db);
    db.exec('BEGIN');
    const result = await loadRows(db, file, onBytes);
    db.exec('COMMIT');
    for (const name of CREDIT_INDEXES) db.exec(indexes.get(name) as string);
    result.totalMs = Math.round(performance.now() - started);
    return result;
  } finally {
    db.close();
  }
}

async function loadRows(db: Db, file: SourceFile, onBytes: (n: number) => void): Promise<CreditsResult> {
  const insertPerson = batchInsert(db, 'INSERT INTO people (id, name, name_key)', 3);
  const insertCast = batchInsert(db, 'INSERT INTO movie_cast (movie_id, ord, person_id, character)', 4);
  const insertDirector = batchInsert(db, 'INSERT OR IGNORE INTO movie_directors (movie_id, person_id)', 2);
  const people = new Set<number>();
  const seen = new Set<number>();
  const addPerson = (personId: number, name: string) => {
    if (people.has(personId)) return;
    people.add(personId);
    insertPerson.add(personId, name, normalizeKey(name));
  };
  const tally = { rejected: {} as Partial<Record<RejectReason, number>> };
  const result: CreditsResult = {
    rowsRead: 0,
    rejected: tally.rejected,
    ids: [],
    warnings: [],
    parseMs: 0,
    totalMs: 0,
  };
  const reader = timedBatches(file);
  for await (const batch of reader.batches) {
    onBytes(batch.bytes);
    for (const credits of batch.rows) {
      result.rowsRead++;
      const id = firstValidId(credits.id, seen, tally);
      if (id === null) continue;
      result.ids.push(id);
      for (const [field, problem] of credits.warnings ?? [])
        result.warnings.push({ movieId: id, row: credits.row, field, problem });
      const { cast, directors } = credits;
      for (let i = 0, ord = 0; i < cast.length; i += 3, ord++) {
        const personId = cast[i] as number;
        addPerson(personId, cast[i + 1] as string);
        insertCast.add(id, ord, personId, orNull(cast[i + 2] as string));
      }
      for (let i = 0; i < directors.length; i += 2) {
        const personId = directors[i] as number;
        addPerson(personId, directors[i + 1] as string);
        insertDirector.add(id, personId);
      }
    }
  }
  insertPerson.flush();
  insertCast.flush();
  insertDirector.flush();
  result.parseMs = Math.round(reader.parseMs());
  return result;
}

/** Below this size a thread's start-up (~0.3 s, TypeScript included) costs more than it saves. */
const WORKER_MIN_BYTES = 8 << 20;

export interface CreditsJob {
  /** Whether a worker thread builds the side file (else this thread, between its own reads). */
  inWorker: boolean;
  /** Settles when the side file is complete (rejects with an EtlError). */
  result: Promise<CreditsResult>;
  /** Bytes read so far (the progress bar). */
  bytesRead(): number;
  /** Stops the worker, if any (the caller deletes the side file). */
  cancel(): Promise<void>;
}

/**
 * Starts building the credits side file: in a worker thread for big files, else in
 * this thread (interleaved with the caller's own loading at every read).
 */
export function startCredits(file: SourceFile, path: string, thread: 'auto' | 'worker' | 'main' = 'auto'): CreditsJob {
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes += n;
  };
  const inWorker = thread === 'worker' || (thread === 'auto' && file.bytes >= WORKER_MIN_BYTES);
  if (!inWorker) {
    const result = buildCreditsFile(file, path, onBytes);
    result.catch(() => {}); // awaited later by the caller; not an unhandled rejection meanwhile
    return { inWorker, result, bytesRead: () => bytes, cancel: async () => {} };
  }
  const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./credits-thread.ts', import.meta.url).href, file, path },
    // Parsing makes millions of short-lived objects: a larger young generation collects them less often.
    resourceLimits: { maxYoungGenerationSizeMb: 32 },
  });
  const result = new Promise<CreditsResult>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'bytes') onBytes(message.bytes);
      else if (message.type === 'done') resolve(message.result);
      else reject(new EtlError(message.es, message.en, message.file, message.row));
    });
    worker.on('error', (error) => reject(asEtlError(error, file.label)));
    worker.on('exit', (code) => reject(asEtlError(new Error(`credits worker exited (${code})`), file.label)));
  });
  result.catch(() => {});
  return { inWorker, result, bytesRead: () => bytes, cancel: async () => void (await worker.terminate()) };
}

export type WorkerMessage =
  | { type: 'bytes'; bytes: number }
  | { type: 'done'; result: CreditsResult }
  | { type: 'error'; es: string; en: string; file?: string; row?: number };

/**
 * Copies the side file's tables into the catalog (whose tables are empty, with the
 * credits indexes created: SQLite then transfers records and index entries as they
 * are), drops the rows of movies not in the catalog and the people only they named,
 * and fills the credits report. Runs outside any transaction (ATTACH needs that).
 */
export function mergeCredits(
  db: Db,
  path: string,
  result: CreditsResult,
  movies: Set<number>,
  indexes: Map<string, string>,
  rep: FileReport,
): void {
  const skipped = result.ids.filter((id) => !movies.has(id));
  rep.rowsRead = result.rowsRead;
  rep.rejected = result.rejected;
  rep.kept = result.ids.length - skipped.length;
  rep.skippedNotInCatalog = skipped.length;
  for (const w of result.warnings) if (movies.has(w.movieId)) warn(rep, w.field, w.row, w.problem);

  for (const name of CREDIT_INDEXES) db.exec(indexes.get(name) as string);
  db.prepare('ATTACH DATABASE ? AS credits').run(path);
  try {
    db.transaction(() => {
      for (const table of CREDIT_TABLES) db.exec(`INSERT INTO main.${table} SELECT * FROM credits.${table}`);
      dropMovies(db, skipped);
    })();
  } finally {
    db.exec('DETACH DATABASE credits');
  }
}

/** Deletes the credits of these movies, and the people no other movie credits. */
function dropMovies(db: Db, movieIds: number[]): void {
  if (movieIds.length === 0) return;
  const named = db.prepare(
    'SELECT person_id FROM movie_cast WHERE movie_id = ? UNION SELECT person_id FROM movie_directors WHERE movie_id = ?',
  );
  const deleteCast = db.prepare('DELETE FROM movie_cast WHERE movie_id = ?');
  const deleteDirectors = db.prepare('DELETE FROM movie_directors WHERE movie_id = ?');
  const people = new Set<number>();
  for (const id of movieIds) {
    for (const row of named.all(id, id) as { person_id: number }[]) people.add(row.person_id);
    deleteCast.run(id);
    deleteDirectors.run(id);
  }
  const deleteOrphan = db.prepare(
    `DELETE FROM people WHERE id = @id AND NOT EXISTS (SELECT 1 FROM movie_cast WHERE person_id = @id)
       AND NOT EXISTS (SELECT 1 FROM movie_directors WHERE person_id = @id)`,
  );
  for (const id of people) deleteOrphan.run({ id });
}
