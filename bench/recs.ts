/**
 * `npm run bench -- recs`: the recommender on the full-scale catalog (bench/fullscale.ts;
 * `--db=<file>` for another): serving p50/p99 from the ETL's stored recommendations and
 * from vectors built in memory, the build time (ETL stage, and in memory), and serving
 * RSS measured in a child process. Targets: p99 ≤ 20 ms, serving RSS ≤ 150 MB,
 * precompute ≤ 30 s. Prints, never asserts. `--calls=N` (default 2000).
 *
 * The co-liking step (etl/ratings.ts buildCoLikes) alone, in a child process so its time
 * and peak RSS are its own: with the raw set's synthetic ratings_small.csv (what the ETL
 * ran), and with `--full-ratings` also on a synthetic 26 M-row ratings.csv (generated
 * once, ~750 MB: fullscale.ts ensureFullRatings). Both run inside a transaction that is
 * rolled back, so the benchmark catalog stays as the ETL built it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { findRatingsSource } from '../etl/ratings.js';
import { listCsvFiles } from '../etl/sources.js';
import { openCatalog } from '../src/catalog/catalog.js';
import { createRecommender, MOVIE_PRIOR } from '../src/recommend/index.js';
import { storedRecommender } from '../src/recommend/precompute.js';
import type { Recommender } from '../src/recommend/types.js';
import { seededRandom } from '../src/util/random.js';
import { openBenchCatalog, option, percentiles } from './common.js';
import { BENCH_DIR, RAW_DIR, streamingDir } from './fullscale.js';

const ms = (x: number) => `${x.toFixed(2)} ms`;

function latencies(recommender: Recommender, ids: string[]): { p50: number; p99: number; max: number } {
  const times = ids.map((id) => {
    const started = performance.now();
    recommender.recommend(id, 5);
    return performance.now() - started;
  });
  return percentiles(times);
}

/** Child mode: RSS before and after serving 200 recommendations, stored or in memory. */
async function childRss(mode: string, path: string): Promise<void> {
  const catalog = openCatalog(path);
  const ids = catalog.db.prepare("SELECT 'tmdb:' || id FROM movies LIMIT 100").pluck().all() as string[];
  ids.push(...(catalog.db.prepare('SELECT id FROM titles LIMIT 100').pluck().all() as string[]));
  global.gc?.();
  const before = process.memoryUsage().rss;
  const recommender =
    mode === 'stored' ? createRecommender(catalog.db) : createRecommender(catalog.db, { moviePrior: MOVIE_PRIOR });
  for (const id of ids) recommender.recommend(id, 5);
  const after = process.memoryUsage().rss;
  console.log(JSON.stringify({ before, after }));
}

function measureRss(mode: string, path: string): string {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, RECS_RSS_CHILD: mode, RECS_DB: path },
    encoding: 'utf8',
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const { before, after } = JSON.parse(line) as { before: number; after: number };
    return `+${Math.round((after - before) / 1e6)} MB (proceso: ${Math.round(after / 1e6)} MB)`;
  } catch {
    return `no medido (${child.stderr.trim().split('\n').slice(-1)[0] ?? 'sin salida'})`;
  }
}

/** Child mode: buildCoLikes from the ratings in `dir` on the catalog `path`, rolled back; prints its figures. */
async function childCoLikes(dir: string, path: string): Promise<void> {
  const { buildCoLikes } = await import('../etl/ratings.js');
  const source = findRatingsSource(await listCsvFiles(dir), dir);
  if (!source) throw new Error(`no hay valoraciones en ${dir}`);
  const db = new Database(path);
  global.gc?.();
  const before = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const started = performance.now();
  db.exec('BEGIN');
  try {
    const rows = await buildCoLikes(db, source);
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const likers = db.prepare('SELECT count(*) AS n, sum(likers) AS s FROM movie_likers').get() as {
      n: number;
      s: number;
    };
    const peak = process.resourceUsage().maxRSS * 1024;
    console.log(
      JSON.stringify({
        ms,
        cpuMs: (used.user + used.system) / 1000,
        rows,
        before,
        peak,
        likers,
        file: source.ratings.label,
      }),
    );
  } finally {
    db.exec('ROLLBACK');
    db.close();
  }
}

function measureCoLikes(dir: string, path: string): string {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    env: { ...process.env, RECS_COLIKES_CHILD: dir, RECS_DB: path },
    encoding: 'utf8',
  });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  try {
    const f = JSON.parse(line) as {
      ms: number;
      cpuMs: number;
      rows: number;
      before: number;
      peak: number;
      likers: { n: number; s: number };
      file: string;
    };
    return (
      `${f.file}: ${(f.ms / 1000).toFixed(1)} s (CPU ${(f.cpuMs / 1000).toFixed(1)} s), ` +
      `RSS máx ${Math.round(f.peak / 1e6)} MB (antes ${Math.round(f.before / 1e6)} MB: +${Math.round((f.peak - f.before) / 1e6)} MB); ` +
      `${f.likers.n} películas con fans (${f.likers.s} «me gusta» tras el tope por usuario), ${f.rows} vecinos guardados`
    );
  } catch {
    return `no medido (${child.stderr.trim().split('\n').slice(-3).join(' | ') || 'sin salida'})`;
  }
}

/**
 * The whole ETL (bin/filmoteca.js etl) on the raw TMDB files plus the full ratings.csv, in a
 * child process: a folder of links to them, where ratings.csv wins over ratings_small.csv.
 */
function wholeEtlWith(ratingsDir: string): string {
  const folder = join(BENCH_DIR, 'etl-full-ratings');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const name of readdirSync(join(RAW_DIR, 'tmdb'))) symlinkSync(join(RAW_DIR, 'tmdb', name), join(folder, name));
  symlinkSync(join(ratingsDir, 'ratings.csv'), join(folder, 'ratings.csv'));
  const out = join(BENCH_DIR, 'etl-full-ratings.db');
  const reportPath = join(BENCH_DIR, 'etl-full-ratings-report.json');
  rmSync(reportPath, { force: true });
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const etl = [join(root, 'bin/filmoteca.js'), 'etl', '--movies', folder, '--streaming', streamingDir()];
  const child = spawnSync(process.execPath, [...etl, '--out', out, '--report', reportPath, '--quiet'], {
    encoding: 'utf8',
    cwd: root,
  });
  try {
    if (child.status !== 0 || !existsSync(reportPath)) return `falló: ${child.stderr.trim().slice(-400)}`;
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      totalMs: number;
      peakRssMb: number;
      stages: { name: string; ms: number }[];
    };
    const stage = (name: string) => ((report.stages.find((s) => s.name === name)?.ms ?? 0) / 1000).toFixed(1);
    return (
      `${(report.totalMs / 1000).toFixed(1)} s, memoria máxima ${report.peakRssMb} MB; ` +
      `derived:colikes ${stage('derived:colikes')} s, derived:recommendations ${stage('derived:recommendations')} s`
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
    rmSync(out, { force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  const { catalog, path } = await openBenchCatalog(args);

  const report = join(dirname(path), 'etl-report.json');
  if (existsSync(report)) {
    const stages = (
      JSON.parse(readFileSync(report, 'utf8')) as { stages?: { name: string; ms: number; rows: number }[] }
    ).stages;
    for (const stage of stages ?? []) {
      if (stage.name.startsWith('derived:'))
        console.log(`ETL ${stage.name}: ${(stage.ms / 1000).toFixed(1)} s, ${stage.rows} filas`);
    }
  }

  const random = seededRandom(5);
  const movieIds = catalog.db.prepare("SELECT 'tmdb:' || id FROM movies").pluck().all() as string[];
  const titleIds = catalog.db.prepare('SELECT id FROM titles').pluck().all() as string[];
  const sample = (ids: string[], n: number) =>
    Array.from({ length: n }, () => ids[Math.floor(random() * ids.length)] as string);
  const calls = option(args, 'calls', 2000);

  const stored = storedRecommender(catalog.db);
  if (stored) {
    const movies = latencies(stored, sample(movieIds, calls));
    const titles = latencies(stored, sample(titleIds, calls));
    console.log(`\nGuardadas por el ETL (lo que sirve el bot), ${calls} llamadas por catálogo:`);
    console.log(`  películas: p50 ${ms(movies.p50)}, p99 ${ms(movies.p99)}, máx ${ms(movies.max)}`);
    console.log(`  streaming: p50 ${ms(titles.p50)}, p99 ${ms(titles.p99)}, máx ${ms(titles.max)}`);
    console.log(`  RSS al servir (proceso hijo): ${measureRss('stored', path)}`);
  } else {
    console.log('\nEl catálogo no tiene recomendaciones guardadas para la configuración actual.');
  }

  const computed = createRecommender(catalog.db, { moviePrior: MOVIE_PRIOR });
  let started = performance.now();
  computed.recommend(movieIds[0] as string);
  const movieBuild = performance.now() - started;
  started = performance.now();
  computed.recommend(titleIds[0] as string);
  const titleBuild = performance.now() - started;
  const n = Math.min(calls, 500);
  const cpu = process.cpuUsage();
  started = performance.now();
  const movies = latencies(computed, sample(movieIds, n));
  const titles = latencies(computed, sample(titleIds, n));
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(`\nEn memoria (sin tabla guardada; también lo que hace el paso del ETL), ${n} llamadas por catálogo:`);
  console.log(
    `  construir vectores: películas ${(movieBuild / 1000).toFixed(1)} s, streaming ${(titleBuild / 1000).toFixed(1)} s`,
  );
  console.log(`  películas: p50 ${ms(movies.p50)}, p99 ${ms(movies.p99)}, máx ${ms(movies.max)}`);
  console.log(`  streaming: p50 ${ms(titles.p50)}, p99 ${ms(titles.p99)}, máx ${ms(titles.max)}`);
  console.log(
    `  CPU por recomendación: ${((used.user + used.system) / 1000 / (2 * n)).toFixed(2)} ms (reloj ${(wall / (2 * n)).toFixed(2)} ms)`,
  );
  console.log(`  RSS en memoria (proceso hijo): ${measureRss('memory', path)}`);
  catalog.close();

  console.log('\nPaso de co-gustos (derived:colikes) aislado, proceso hijo, deshecho al terminar:');
  console.log(`  ratings_small sintético: ${measureCoLikes(join(RAW_DIR, 'tmdb'), path)}`);
  if (args.includes('--full-ratings')) {
    const { ensureFullRatings } = await import('./fullscale.js');
    const fullDir = await ensureFullRatings();
    console.log(`  ratings.csv completo sintético: ${measureCoLikes(fullDir, path)}`);
    console.log(`\nETL completo con ese ratings.csv (proceso hijo): ${wholeEtlWith(fullDir)}`);
  } else {
    console.log('  (con --full-ratings, también el ratings.csv completo sintético de 26 M filas)');
  }
}

if (process.env.RECS_RSS_CHILD && process.env.RECS_DB) await childRss(process.env.RECS_RSS_CHILD, process.env.RECS_DB);
if (process.env.RECS_COLIKES_CHILD && process.env.RECS_DB)
  await childCoLikes(process.env.RECS_COLIKES_CHILD, process.env.RECS_DB);
