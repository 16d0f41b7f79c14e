/**
 * Post-build steps: other areas' precomputed tables, built after the files are
 * loaded and their indexes exist, before the integrity checks; each is timed in the
 * report as its own stage (`derived:<name>`). Other areas register theirs here (e.g.
 * an FTS index or precomputed neighbours): add an object to `derivedSteps`. A step
 * that throws fails the build, and the previous catalog stays in place.
 *
 * How they run (etl/index.ts): on a big catalog, with the second core —
 *   - steps with `needs: 'files'` read nothing the credits file gives (people, cast,
 *     directors), so they start as soon as the other files and their indexes are in,
 *     while the credits worker is still loading its side file; the others once the
 *     credits are in;
 *   - a step with `sideTables` runs in a worker thread of its own (etl/derived-thread.ts),
 *     reading the catalog and writing those tables into a side SQLite file, which SQLite
 *     copies in at the end (the bulk-transfer path); the others run in the build thread,
 *     in list order, writing to the catalog (the workers' reads and these writes take
 *     turns through SQLite's locks). The build thread checks the catalog meanwhile.
 * On a small catalog (or `derivedThreads: 'main'`) every step runs in list order in
 * the build thread after the credits: the same rows either way (test/etl/derived.test.ts).
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
   * The tables it writes, when it can run in a worker thread: it then reads `db` (the
   * catalog, read-only) and writes only into `into`, a side file with the catalog's schema
   * whose `sideTables` are copied into the catalog. In a worker, `report` is the worker's own
   * (what the step returns is what counts) and `context` has no progress display and no
   * ratings. The worker finds the step by name: it must be in `derivedSteps` when this
   * module loads.
   */
  sideTables?: string[];
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
  // Streaming titles have no credits (their cast is in the platform lists): they need only the files.
  {
    name: 'recommendations:streaming',
    needs: 'files',
    sideTables: ['recommendations'],
    run: (db, _report, _context, into) => storeRecommendations(db, { corpora: ['streaming'], into }),
  },
  // src/search: the entity search index, so the NLU and the commands open it in well under a second.
  {
    name: 'search_index',
    needs: 'files',
    run: (db, _report, _context, into) => storeSearchIndex(db, { kinds: ['title', 'collection', 'company'], into }),
  },
  {
    name: 'recommendations:movies',
    sideTables: ['recommendations'],
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
