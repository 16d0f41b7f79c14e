/**
 * Post-build steps, run after every file is loaded and the indexes exist, and
 * before the integrity checks; each is timed in the report as its own stage.
 * Other areas register theirs here (e.g. an FTS index or precomputed
 * neighbours): add an object to `derivedSteps`. A step that throws fails the
 * build, and the previous catalog stays in place.
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
  /** Returns how many rows it wrote (for rows/s in the report), or nothing. */
  run(db: Db, report: EtlReport, context: DerivedContext): number | undefined | Promise<number | undefined>;
}

export const derivedSteps: DerivedStep[] = [
  // Spanish release titles (project list, TMDB cache; `--titulos-es` fetches first): before the search index, which reads them.
  {
    name: 'titulos_es',
    run: (db, report, context) => runSpanishTitlesStep(db, report, context.titulosEs, context.progress),
  },
  // src/recommend: who liked what together (MovieLens ratings), read by the next step's blend.
  { name: 'colikes', run: (db, report, context) => (context.ratings ? buildCoLikes(db, context.ratings, report) : 0) },
  // src/recommend: every title's top recommendations, so serving needs no vectors in memory.
  { name: 'recommendations', run: (db) => storeRecommendations(db) },
  // src/search: the entity search index, so the NLU and the commands open it in well under a second.
  { name: 'search_index', run: (db) => storeSearchIndex(db) },
  // commands/precomputed.ts: what top_peliculas and get_actor_platform would read whole at their first call.
  { name: 'command_tables', run: (db) => storeCommandTables(db) },
];
