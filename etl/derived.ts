/**
 * Post-build steps: other areas' precomputed tables, built after the files are
 * loaded and their indexes exist, before the integrity checks; each is timed in the
 * report as its own stage (`derived:<name>`). Other areas register theirs here (e.g.
 * an FTS index or precomputed neighbours): add an object to `derivedSteps`. A step
 * that throws fails the build, and the previous catalog stays in place.
 *
 * How they run (etl/index.ts, etl/README.md "Derived steps on two cores"). On a small
 * catalog (or `derivedThreads: 'main'`): one after the other in list order, in the build
 * thread, once everything is loaded. On a big one (the credits load in their worker):
 *   1. while the credits worker still loads, the build thread runs the steps with
 *      `needs: 'files'` (they read no people, cast or directors), into the catalog;
 *   2. once the credits are in: the other steps without `sideTables`, into the catalog;
 *      then ONE worker thread (etl/derived-thread.ts) runs the `worker` steps one after
 *      the other, reading the catalog and writing their `sideTables` into a side file,
 *      while the build thread runs the remaining steps into a side file of its own and
 *      then checks the catalog; SQLite copies both side files in at the end.
 * One worker, not one per step: the two cores are then both busy, and the memory of two
 * large steps at once (not three or four) stays the ETL's peak. The rows are the same
 * either way (test/etl/derived.test.ts).
 */
import { storeCommandTables } from '../commands/precomputed.js';
import type { Db } from '../src/catalog/catalog.js';
import { storeRecommendations } from '../src/recommend/precompute.js';
import { storeSearchIndex } from '../src/search/stored.js';
import type { Progress } from './progress.js';
import { buildCoLikes, type RatingsSource } from './ratings.js';
import type { EtlReport } from './report.js';
import { runSpanishTitlesStep, type SpanishTitlesSettings } from './titulos-es.js';

/** What a step may need from the run: its options, and source files it reads besides the catalog. */
export interface DerivedContext {
  progress: Progress;
  titulosEs?: SpanishTitlesSettings;
  /** The MovieLens ratings the build found (etl/ratings.ts), or null. */
  ratings: RatingsSource | null;
}

export interface DerivedStep {
  name: string;
  /**
   * 'files': reads only tables the build thread loads itself (not people, movie_cast,
   * movie_directors), and the output of earlier 'files' steps: may run while the credits
   * are still loading. Default 'credits': runs once the catalog holds everything.
   */
  needs?: 'files' | 'credits';
  /**
   * The only tables it writes, through `into` (plus `meta` rows): it may then read `db`
   * (the catalog) while others read it too, and write a side file with the catalog's schema
   * whose `sideTables` are copied in at the end (SQLite's bulk transfer into an empty table).
   */
  sideTables?: string[];
  /**
   * Runs in the derived worker thread (needs `sideTables`): `report` is then the worker's own
   * (what the step returns is what counts) and `context` has no progress display and no
   * ratings. The worker finds the step by name: it must be in `derivedSteps` when this module loads.
   */
  worker?: boolean;
  /** Returns how many rows it wrote (for rows/s in the report), or nothing. `into` defaults to `db`. */
  run(db: Db, report: EtlReport, context: DerivedContext, into?: Db): number | undefined | Promise<number | undefined>;
}

export const derivedSteps: DerivedStep[] = [
  // Spanish release titles (project list, TMDB cache; `--titulos-es` fetches first): before the search index, which reads them.
  {
    name: 'titulos_es',
    needs: 'files',
    run: (db, report, context) => runSpanishTitlesStep(db, report, context.titulosEs, context.progress),
  },
  // src/recommend: who liked what together (MovieLens ratings), read by the movies' recommendations.
  {
    name: 'colikes',
    needs: 'files',
    run: (db, report, context) => (context.ratings ? buildCoLikes(db, context.ratings, report) : 0),
  },
  // src/recommend: every title's top recommendations, so serving needs no vectors in memory.
  // Streaming titles (no credits: their cast is in the platform lists) and movies apart: with
  // threads, the movies (the longer) in the worker, the streaming titles beside it.
  {
    name: 'recommendations:streaming',
    sideTables: ['recommendations'],
    run: (db, _report, _context, into) => storeRecommendations(db, { corpora: ['streaming'], into }),
  },
  // src/search: the entity search index, so the NLU and the commands open it in well under a second;
  // the people (from the credits) apart.
  {
    name: 'search_index',
    needs: 'files',
    run: (db, _report, _context, into) => storeSearchIndex(db, { kinds: ['title', 'collection', 'company'], into }),
  },
  {
    name: 'recommendations:movies',
    sideTables: ['recommendations'],
    worker: true,
    run: (db, _report, _context, into) => storeRecommendations(db, { corpora: ['movies'], into }),
  },
  {
    name: 'search_index:people',
    sideTables: ['search_index'],
    run: (db, _report, _context, into) => storeSearchIndex(db, { kinds: ['person'], into }),
  },
  // commands/precomputed.ts: what top_peliculas and get_actor_platform would read whole at their first call.
  // Movies, genres and the platform lists only (the streaming cast is in the lists, not the credits).
  { name: 'command_tables', needs: 'files', run: (db) => storeCommandTables(db) },
];
