/**
 * `runEtl`: raw Kaggle files → one SQLite catalog, atomically. The catalog is
 * built in `<out>.tmp-<pid>`, checked (integrity, row counts), stamped in
 * `meta`, closed and only then renamed over `<out>`; on any failure the temp
 * files are deleted and the previous catalog (and its report) stays. Temp files
 * of earlier builds that were killed are deleted first (etl/files.ts).
 *
 * `runEtl` builds in the calling thread (tests, library use). The CLI and
 * `npm start` build through etl/interruptible.ts, which runs `buildTemp` in a
 * worker thread so that SIGINT/SIGTERM stop the build at any stage.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Db, SCHEMA_VERSION, schemaSql } from '../src/catalog/catalog.js';
import { createTablesWithoutIndexes, openForBuild } from './build-db.js';
import { CREDIT_INDEXES, type CreditsJob, mergeCredits, startCredits } from './credits.js';
import { type DerivedContext, type DerivedStep, derivedSteps } from './derived.js';
import {
  BUSY_TIMEOUT_MS,
  type DerivedJob,
  mergeSideFile,
  runStepsHere,
  sideTablesOf,
  startStepsWorker,
} from './derived-run.js';
import type { KaggleSettings } from './download.js';
import { asEtlError, EtlError } from './errors.js';
import {
  commitCatalog,
  createSideFiles,
  creditsPathFor,
  derivedSidePathsFor,
  noteStaleFiles,
  removeSideFiles,
  removeStaleTempFiles,
  removeTempFiles,
  reportPathFor,
  stampReport,
  tempPathFor,
  writeReport,
} from './files.js';
import { type LoadContext, loadKeywords, loadLinks, loadMetadata } from './movies.js';
import { createProgress, type Progress, type ProgressOutput, progressMode } from './progress.js';
import { findRatingsSource, type RatingsSource } from './ratings.js';
import { type EtlReport, fileReport, formatSummary, newReport, stageReport, timeStage } from './report.js';
import {
  listCsvFiles,
  MOVIE_SOURCES,
  PLATFORM_SOURCES,
  type Platform,
  pickScoreFiles,
  pickSources,
  REQUIRED_MOVIE_SOURCES,
  type SourceFile,
} from './sources.js';
import { loadPlatform, loadScores, type StreamingState } from './streaming.js';
import type { SpanishTitlesSettings } from './titulos-es.js';

export { EtlError } from './errors.js';
export type { EtlReport } from './report.js';

export interface EtlOptions {
  /** Folder searched (two levels deep) for every file; default for the two below. */
  dataDir?: string;
  moviesDir?: string;
  streamingDir?: string;
  /** The catalog to (re)build. */
  out: string;
  /** Default: `etl-report.json` beside `out` (a failed build writes `etl-report.failed.json` instead). */
  reportPath?: string;
  /** No progress and no summary (tests). */
  quiet?: boolean;
  /** Where progress and the summary go (default stdout; stderr when the build serves another command). */
  output?: ProgressOutput;
  /** Fetch the Kaggle archives first (etl/download.ts) into `rawDir`, and build from there. */
  download?: boolean;
  rawDir?: string;
  /** Where and as whom to download (default: FILMOTECA_KAGGLE_URL, KAGGLE_USERNAME, KAGGLE_KEY). */
  kaggle?: KaggleSettings;
  /**
   * false: skip the `derived:*` steps (development and ETL benchmarks only: the catalog then
   * lacks what other areas precompute). Default true.
   */
  derived?: boolean;
  /** Where credits are loaded: a worker thread for big files ('auto', the default), or always one way (tests). */
  creditsThread?: 'auto' | 'worker' | 'main';
  /**
   * How the derived steps run (etl/derived.ts): 'worker' = beside the credits worker and in
   * worker threads of their own; 'main' = one after the other in the build thread once the
   * credits are in; 'auto' (default) = 'worker' when the credits load in a worker (big files).
   */
  derivedThreads?: 'auto' | 'worker' | 'main';
  /** Spanish titles: the TMDB cache to read, and (`--titulos-es`) whether to fetch from TMDB first (etl/titulos-es.ts). */
  titulosEs?: SpanishTitlesSettings;
}

interface Sources {
  movies: Map<string, SourceFile>;
  platforms: Map<Platform, SourceFile>;
  scores: SourceFile[];
  /** MovieLens ratings for co-liking (optional). */
  ratings: RatingsSource | null;
}

export async function runEtl(options: EtlOptions): Promise<EtlReport> {
  const started = performance.now();
  const out = resolve(options.out);
  const report = newReport(out);
  const progress = createProgress(progressMode(options.quiet, options.output), options.output);
  const temp = tempPathFor(out);
  noteStaleFiles(removeStaleTempFiles(out), progress);
  try {
    await buildTemp(options, temp, report, progress);
    commitCatalog(temp, out);
    report.ok = true;
  } catch (error) {
    removeTempFiles(temp);
    const failure = asEtlError(error);
    report.error = failure.message;
    stampReport(report, started);
    writeReport(report, reportPathFor(out, options.reportPath));
    throw failure;
  }
  stampReport(report, started);
  writeReport(report, reportPathFor(out, options.reportPath));
  progress.note(formatSummary(report));
  return report;
}

/**
 * Everything before the rename: download (when asked), find the sources, build `temp`,
 * derived steps, checks, `meta`; `temp` is closed when this returns. On failure it
 * throws, and the caller deletes the temp files.
 */
export async function buildTemp(
  options: EtlOptions,
  temp: string,
  report: EtlReport,
  progress: Progress,
): Promise<void> {
  const out = resolve(options.out);
  let db: Db | undefined;
  try {
    let dataDir = options.dataDir;
    if (options.download) {
      const { downloadAll } = await import('./download.js');
      const rawDir = resolve(options.rawDir ?? 'data/raw');
      await timeStage(
        report,
        'download',
        () => downloadAll({ rawDir, progress, ...options.kaggle }),
        (n) => n,
      );
      dataDir = options.dataDir ?? rawDir;
    }
    const sources = await findAllSources(options, dataDir);
    mkdirSync(dirname(out), { recursive: true });
    removeTempFiles(temp); // an earlier build of this same process that failed oddly may have left one
    createSideFiles(temp);
    db = openForBuild(temp);
    await build(db, {
      sources,
      report,
      progress,
      temp,
      creditsThread: options.creditsThread ?? 'auto',
      derivedThreads: options.derivedThreads ?? 'auto',
      steps: options.derived === false ? [] : derivedSteps,
      context: { progress, titulosEs: options.titulosEs, ratings: sources.ratings },
    });
    writeMeta(db, sources, report);
  } finally {
    db?.close();
    removeSideFiles(temp);
  }
}

async function findAllSources(options: EtlOptions, dataDir: string | undefined): Promise<Sources> {
  const moviesDir = options.moviesDir ?? dataDir;
  const streamingDir = options.streamingDir ?? dataDir;
  if (!moviesDir || !streamingDir)
    throw new EtlError(
      'Indica la carpeta de datos (--data, o --movies y --streaming)',
      'give the data folder (--data, or --movies and --streaming)',
    );
  const movieFiles = await listCsvFiles(resolve(moviesDir));
  const streamingFiles =
    resolve(streamingDir) === resolve(moviesDir) ? movieFiles : await listCsvFiles(resolve(streamingDir));

  const movies = pickSources(movieFiles, MOVIE_SOURCES.slice(0, 3));
  const metadataDir = movies.get('movies_metadata')?.dir;
  const links = pickSources(movieFiles, ['links'], metadataDir).get('links');
  if (links) movies.set('links', links);
  const platforms = pickSources(streamingFiles, Object.values(PLATFORM_SOURCES));
  const missing = [
    ...REQUIRED_MOVIE_SOURCES.filter((name) => !movies.has(name)).map((name) => `${name}.csv (${resolve(moviesDir)})`),
    ...Object.values(PLATFORM_SOURCES)
      .filter((name) => !platforms.has(name))
      .map((name) => `${name}.csv (${resolve(streamingDir)})`),
  ];
  if (missing.length > 0)
    throw new EtlError(
      `Faltan archivos: ${missing.join(', ')}. Se buscan hasta dos carpetas por debajo, como .csv, .csv.gz o dentro de un .zip`,
      `missing files: ${missing.join(', ')}; searched two folder levels deep, as .csv, .csv.gz or inside a .zip`,
    );
  const byPlatform = new Map<Platform, SourceFile>();
  for (const [platform, name] of Object.entries(PLATFORM_SOURCES) as [Platform, string][]) {
    const file = platforms.get(name);
    if (file) byPlatform.set(platform, file);
  }
  const streamingFolder = byPlatform.get('netflix')?.dir ?? resolve(streamingDir);
  return {
    movies,
    platforms: byPlatform,
    scores: pickScoreFiles(streamingFiles, streamingFolder),
    ratings: findRatingsSource(movieFiles, resolve(moviesDir)),
  };
}

const count = new Intl.NumberFormat('es');
const seconds = new Intl.NumberFormat('es', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

type Stage = (name: string, file: SourceFile, work: () => Promise<unknown>) => Promise<void>;

interface BuildPlan {
  sources: Sources;
  report: EtlReport;
  progress: Progress;
  temp: string;
  creditsThread: 'auto' | 'worker' | 'main';
  derivedThreads: 'auto' | 'worker' | 'main';
  /** The derived steps to run (none with `derived: false`), and what they get. */
  steps: readonly DerivedStep[];
  context: DerivedContext;
}

/**
 * Every file, one timed stage each, in one transaction, then their indexes. Credits
 * load into their side file meanwhile (in a worker thread for big files), with their
 * own indexes, and are merged in once the movies they may keep are known. Then the
 * derived steps and the checks: one after the other, or (threads, etl/derived.ts) the
 * steps needing only the files while the credits load, and the rest beside the derived
 * worker.
 */
async function build(db: Db, plan: BuildPlan): Promise<void> {
  const { sources, report, progress, steps, context } = plan;
  const indexes = createTablesWithoutIndexes(db);
  const creditsFile = sources.movies.get('credits');
  const credits = creditsFile && startCredits(creditsFile, creditsPathFor(plan.temp), plan.creditsThread);
  const threads =
    steps.length > 0 &&
    (plan.derivedThreads === 'worker' || (plan.derivedThreads === 'auto' && credits?.inWorker === true));
  const early = threads ? steps.filter((step) => step.needs === 'files' && !step.worker) : [];
  try {
    db.exec('BEGIN');
    const movieIds = await loadFiles({ db, report, progress }, sources);
    db.exec('COMMIT');
    // The other tables' indexes first: built while the credits thread may still be working.
    progress.note('Creando índices… (building indexes)');
    const own = [...indexes].filter(([name]) => !(CREDIT_INDEXES as readonly string[]).includes(name));
    await timeStage(
      report,
      'indexes',
      () => {
        for (const [, sql] of own) db.exec(sql);
      },
      () => own.length,
    );
    if (early.length > 0) {
      handOverCache(db);
      await runStepsHere(db, early, report, context);
    }
    if (credits && creditsFile) await loadCredits(db, plan, credits, creditsFile, movieIds, indexes);
  } finally {
    await credits?.cancel();
    rmSync(creditsPathFor(plan.temp), { force: true });
  }
  await timeStage(
    report,
    'analyze',
    () => {
      db.pragma('analysis_limit = 1000'); // sampled statistics: enough for the planner, and fast
      db.exec('ANALYZE');
    },
    () => 0,
  );
  const late = steps.filter((step) => !early.includes(step));
  if (late.length > 0) handOverCache(db);
  if (threads) return runBesideWorker(db, plan, late);
  await runStepsHere(db, late, report, context);
  await checkStage(db, plan);
}

/** `checks`: the integrity check and the counts of the catalog as it stands. */
async function checkStage(db: Db, { report, progress }: BuildPlan): Promise<void> {
  progress.note('Comprobando integridad… (integrity check)');
  await timeStage(
    report,
    'checks',
    () => check(db, report),
    () => 0,
  );
}

/**
 * The derived steps' bulk memory is their own (vectors, indexes being built): hand them the
 * memory of the bulk load's page cache (the checks re-read from disk anyway).
 */
function handOverCache(db: Db): void {
  db.pragma('cache_size = -16384');
}

/**
 * The late steps with threads (etl/derived.ts): those writing the catalog first; then the
 * worker's steps in their thread while this one runs the others into a side file of its own
 * and checks the catalog; both side files are copied in last, and what they added checked.
 */
async function runBesideWorker(db: Db, plan: BuildPlan, late: readonly DerivedStep[]): Promise<void> {
  const { report, progress, context, temp } = plan;
  const inWorker = late.filter((step) => step.worker && step.sideTables);
  const beside = late.filter((step) => !inWorker.includes(step) && step.sideTables);
  await runStepsHere(
    db,
    late.filter((step) => !inWorker.includes(step) && !beside.includes(step)),
    report,
    context,
  );
  shareCatalog(db);
  const sides = derivedSidePathsFor(temp);
  let job: DerivedJob | undefined;
  let side: Db | undefined;
  try {
    if (inWorker.length > 0) {
      progress.note(`Pasos derivados en otro hilo: ${inWorker.map((s) => s.name).join(', ')}… (derived steps)`);
      job = startStepsWorker(inWorker, temp, sides.worker);
    }
    if (beside.length > 0) {
      side = openSideFile(sides.here);
      await runStepsHere(db, beside, report, context, side);
      side.close();
      side = undefined;
    }
    // The catalog as it stands, while the worker reads it: what the side files add is checked after the copy.
    await checkStage(db, plan);
    const figures = job ? await job.result : [];
    for (const { name, rows, ms, cpuMs } of figures)
      report.stages.push(stageReport(`derived:${name}`, ms, rows, cpuMs));
    const copies: [string, string[]][] = [
      ...(job ? [[sides.worker, sideTablesOf(inWorker)] as [string, string[]]] : []),
      ...(beside.length > 0 ? [[sides.here, sideTablesOf(beside)] as [string, string[]]] : []),
    ];
    const tables = [...new Set(copies.flatMap(([, t]) => t))];
    progress.note(`Copiando ${tables.join(', ')} al catálogo… (merging side files)`);
    await timeStage(
      report,
      'derived:merge',
      () => {
        for (const [path, t] of copies) mergeSideFile(db, path, t);
      },
      () => copies.length,
    );
    await timeStage(
      report,
      'checks:derived',
      () => checkTables(db, tables),
      () => tables.length,
    );
  } finally {
    side?.close();
    await job?.cancel();
    for (const path of Object.values(sides)) rmSync(path, { force: true }); // the merged copies
  }
}

/** The build thread's side file (made before the catalog: etl/files.ts createSideFiles), with the catalog's schema. */
function openSideFile(path: string): Db {
  const side = openForBuild(path, 8, true);
  side.exec(schemaSql());
  return side;
}

/**
 * Lets other connections (the derived worker) read the catalog from now on: this one gives
 * up the exclusive lock it has held since its first write (released at its next read), and
 * its writes wait for a reader's statement to end instead of failing (none is expected
 * until the worker is done: the steps beside it write their own side file).
 */
function shareCatalog(db: Db): void {
  db.pragma('locking_mode = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.prepare('SELECT count(*) FROM sqlite_master').get();
}

/** Waits for the credits side file (a progress bar meanwhile) and merges it: stages credits, credits:parse, credits:merge. */
async function loadCredits(
  db: Db,
  plan: BuildPlan,
  job: CreditsJob,
  file: SourceFile,
  movieIds: Set<number>,
  indexes: Map<string, string>,
): Promise<void> {
  const { report, progress } = plan;
  progress.start('credits', file.bytes);
  let shown = 0;
  const ticker = setInterval(() => {
    progress.add(job.bytesRead() - shown);
    shown = job.bytesRead();
  }, 200);
  let result: Awaited<CreditsJob['result']>;
  try {
    result = await job.result;
  } finally {
    clearInterval(ticker);
  }
  const rep = fileReport(report, 'credits', file.label);
  await timeStage(
    report,
    'credits:merge',
    () => mergeCredits(db, creditsPathFor(plan.temp), result, movieIds, indexes, rep),
    () => rep.kept,
  );
  // Both measured in the side file's own thread, which ran beside the other files.
  for (const [name, ms] of [
    ['credits', result.totalMs],
    ['credits:parse', result.parseMs],
  ] as const)
    report.stages.push({
      name,
      ms,
      rows: result.rowsRead,
      rowsPerSecond: ms > 0 ? Math.round((result.rowsRead * 1000) / ms) : 0,
    });
  const merged = report.stages.find((s) => s.name === 'credits:merge');
  progress.done(
    `credits: ${count.format(result.rowsRead)} filas en ${seconds.format(result.totalMs / 1000)} s (en paralelo), ` +
      `copiadas al catálogo en ${seconds.format((merged?.ms ?? 0) / 1000)} s`,
  );
}

/** Every file but credits, in dependency order (keywords need the kept movie ids). Returns the kept movie ids. */
async function loadFiles(ctx: LoadContext, sources: Sources): Promise<Set<number>> {
  const { report, progress } = ctx;
  const stage: Stage = async (name, file, work) => {
    progress.start(name, file.bytes);
    await timeStage(report, name, work, () => report.files[name]?.rowsRead ?? 0);
    const s = report.stages.at(-1);
    progress.done(`${name}: ${count.format(s?.rows ?? 0)} filas en ${seconds.format((s?.ms ?? 0) / 1000)} s`);
  };
  const movieFile = (name: string) => sources.movies.get(name);

  let movieIds = new Set<number>();
  const metadata = movieFile('movies_metadata');
  if (metadata)
    await stage('movies_metadata', metadata, async () => {
      movieIds = await loadMetadata(ctx, metadata);
    });
  const keywords = movieFile('keywords');
  if (keywords) await stage('keywords', keywords, () => loadKeywords(ctx, keywords, movieIds));
  const links = movieFile('links');
  if (links) await stage('links', links, () => loadLinks(ctx, links));

  const state: StreamingState = { ids: new Set(), order: 0 };
  for (const [platform, file] of sources.platforms)
    await stage(platform, file, () => loadPlatform(ctx, platform, file, state));
  if (sources.scores.length > 0) {
    progress.start(
      'ratings',
      sources.scores.reduce((sum, f) => sum + f.bytes, 0),
    );
    await timeStage(
      report,
      'ratings',
      () => loadScores(ctx, sources.scores, state.ids),
      (rows) => rows,
    );
    progress.done(`ratings: ${sources.scores.length} archivo(s)`);
  }
  return movieIds;
}

const TABLES = [
  'movies',
  'people',
  'movie_cast',
  'movie_directors',
  'collections',
  'genres',
  'companies',
  'keywords',
  'movie_links',
  'titles',
  'title_cast',
  'title_countries',
  'title_scores',
  'movie_titles_es',
];

/** Integrity and row counts: the catalog must hold exactly what the report says was kept. */
function check(db: Db, report: EtlReport): void {
  assertIntact(db, 'integrity_check');
  for (const table of TABLES)
    report.tables[table] = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const keptMovies = report.files.movies_metadata?.kept ?? 0;
  const keptTitles = Object.keys(PLATFORM_SOURCES).reduce((sum, p) => sum + (report.files[p]?.kept ?? 0), 0);
  if (keptMovies === 0)
    throw new EtlError('movies_metadata no tiene ninguna película válida', 'movies_metadata has no valid movie');
  if (keptTitles === 0)
    throw new EtlError(
      'Las listas de streaming no tienen ningún título válido',
      'the streaming lists hold no valid title',
    );
  if (report.tables.movies !== keptMovies || report.tables.titles !== keptTitles)
    throw new EtlError(
      'El número de filas del catálogo no coincide con el informe',
      `row counts differ: movies ${report.tables.movies} vs ${keptMovies}, titles ${report.tables.titles} vs ${keptTitles}`,
    );
}

function assertIntact(db: Db, pragma: string): void {
  const integrity = db.pragma(pragma, { simple: true });
  if (integrity !== 'ok')
    throw new EtlError('La base de datos construida está dañada', `integrity check failed: ${String(integrity)}`);
}

/**
 * SQLite's integrity check of these tables and their indexes only: what the side files
 * added after the whole catalog was checked (the copy appends their B-trees as they are).
 */
function checkTables(db: Db, tables: readonly string[]): void {
  for (const table of tables) assertIntact(db, `integrity_check("${table}")`);
}

function writeMeta(db: Db, sources: Sources, report: EtlReport): void {
  const files = [...sources.movies.values(), ...sources.platforms.values(), ...sources.scores];
  // The ratings' links may be the movies' links.csv: each file once.
  if (sources.ratings)
    for (const file of [sources.ratings.ratings, ...sources.ratings.links])
      if (!files.some((f) => f.label === file.label)) files.push(file);
  const summary = Object.fromEntries(
    Object.entries(report.files).map(([key, f]) => [key, { read: f.rowsRead, kept: f.kept, rejected: f.rejected }]),
  );
  const insert = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  insert.run('schema_version', SCHEMA_VERSION);
  insert.run('built_at', report.builtAt);
  insert.run('sources', JSON.stringify(files.map((f) => ({ name: f.name, file: f.label, bytes: f.bytes }))));
  insert.run('report', JSON.stringify({ files: summary, tables: report.tables }));
}
