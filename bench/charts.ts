/**
 * `npm run bench -- charts`: charts on the full-scale catalog (bench/fullscale.ts;
 * `--db=<file>` for another). Per chart type, the uncached render (data query +
 * echarts SVG + resvg PNG, as a first request pays it) over several filter sets;
 * the cached render (a repeated request); and `filmoteca eda` (the whole report,
 * built in process). Targets: render p99 ≤ 150 ms, cached ≤ 5 ms, eda ≤ 20 s.
 * Prints, never asserts. `--renders=N` per chart type (default 40).
 */
import type { CanonicalArgs } from '../commands/types.js';
import type { Db } from '../src/catalog/catalog.js';
import { chartData } from '../src/charts/data.js';
import { buildEdaReport } from '../src/charts/eda.js';
import { CHART_KINDS, renderChart } from '../src/charts/index.js';
import { chartToSvg, svgToPng } from '../src/charts/render.js';
import { openBenchCatalog, option, percentiles } from './common.js';

/** Filter sets per chart type, drawn from the catalog (most prolific people; common genres and years). */
function argumentSets(db: Db): Record<string, CanonicalArgs[]> {
  const names = (sql: string) => (db.prepare(sql).pluck().all() as string[]).map((nombre) => ({ nombre }));
  const directors = names(
    'SELECT p.name FROM movie_directors d JOIN people p ON p.id = d.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 8',
  );
  const actors = names(
    'SELECT p.name FROM movie_cast c JOIN people p ON p.id = c.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 8',
  );
  const movieFilters: CanonicalArgs[] = [
    {},
    { genero: 'Drama' },
    { genero: 'Comedy', desde: 1990, hasta: 2010 },
    { desde: 2000 },
    { anio: 1999 },
    { genero: 'Horror' },
  ];
  const yearFilters: CanonicalArgs[] = [{}, { desde: 1990, hasta: 2010 }, { desde: 2000 }, { anio: 1999 }];
  const sets: Record<string, CanonicalArgs[]> = {};
  for (const kind of CHART_KINDS) {
    if (kind.id === 'director') sets[kind.id] = directors;
    else if (kind.id === 'actor') sets[kind.id] = actors;
    else if (kind.id === 'plataformas') sets[kind.id] = [{}, { anio: 2019 }, { anio: 2020 }];
    else if (kind.id === 'ratings')
      sets[kind.id] = [{}, { plataforma: 'netflix' }, { anio: 2020, plataforma: 'disney' }];
    else sets[kind.id] = kind.filters.includes('genero') ? movieFilters : yearFilters;
  }
  return sets;
}

/** One uncached render: what the first request for a chart costs. */
async function renderUncached(db: Db, tipo: string, args: CanonicalArgs): Promise<number> {
  const started = performance.now();
  const result = chartData(db, tipo, args);
  if (!result.ok) throw new Error(`${tipo}: ${result.message}`);
  await svgToPng(await chartToSvg(result.chart));
  return performance.now() - started;
}

export async function run(args: string[]): Promise<void> {
  const { catalog } = await openBenchCatalog(args);
  const db = catalog.db;
  const renders = option(args, 'renders', 40);
  const sets = argumentSets(db);

  // Warm-up: load echarts and resvg, JIT the spec code (first-ever render, reported apart).
  const coldStart = performance.now();
  await renderUncached(db, 'estrenos_mes', {});
  console.log(`Primer gráfico del proceso (carga echarts y resvg): ${(performance.now() - coldStart).toFixed(0)} ms\n`);
  for (const kind of CHART_KINDS) await renderUncached(db, kind.id, sets[kind.id]?.[0] ?? {});

  console.log('gráfico                  p50 ms   p99 ms   máx ms   renders   p99 ≤ 150 ms');
  let worst = 0;
  for (const kind of CHART_KINDS) {
    const list = sets[kind.id] ?? [{}];
    const times: number[] = [];
    for (let i = 0; i < renders; i++) times.push(await renderUncached(db, kind.id, list[i % list.length] ?? {}));
    const { p50, p99, max } = percentiles(times);
    worst = Math.max(worst, p99);
    console.log(
      `${kind.id.padEnd(22)} ${p50.toFixed(1).padStart(7)}  ${p99.toFixed(1).padStart(7)}  ${max.toFixed(1).padStart(7)}   ${String(renders).padStart(7)}   ${p99 <= 150 ? 'sí' : 'NO'}`,
    );
  }
  console.log(`peor p99 sin caché: ${worst.toFixed(1)} ms\n`);

  // Cached: the same requests again through renderChart (its cache: chart + args + catalog build).
  const requests = CHART_KINDS.flatMap((kind) => (sets[kind.id] ?? [{}]).map((a) => ({ tipo: kind.id, args: a })));
  for (const request of requests) await renderChart(db, request, 'png');
  const cached: number[] = [];
  for (let i = 0; i < 20; i++) {
    for (const request of requests) {
      const started = performance.now();
      await renderChart(db, { tipo: request.tipo, args: { ...request.args } }, 'png');
      cached.push(performance.now() - started);
    }
  }
  const c = percentiles(cached);
  console.log(
    `con caché (${cached.length} peticiones repetidas): p50 ${c.p50.toFixed(3)} ms, p99 ${c.p99.toFixed(3)} ms, máx ${c.max.toFixed(2)} ms (objetivo p99 ≤ 5 ms: ${c.p99 <= 5 ? 'sí' : 'NO'})\n`,
  );

  const edaStart = performance.now();
  const report = await buildEdaReport(db);
  const edaSeconds = (performance.now() - edaStart) / 1000;
  console.log(
    `eda: ${edaSeconds.toFixed(1)} s, ${report.charts} gráficos, ${(report.html.length / 1024).toFixed(0)} KB de HTML (objetivo ≤ 20 s: ${edaSeconds <= 20 ? 'sí' : 'NO'})`,
  );
  catalog.close();
}
