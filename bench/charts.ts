/**
 * `npm run bench -- charts`: charts on the full-scale catalog (bench/fullscale.ts;
 * `--db=<file>` for another). Per chart type, the uncached render (data query +
 * echarts SVG + resvg PNG, as a first request pays it) over several filter sets;
 * the cached render (a repeated request); and `filmoteca eda` (the whole report,
 * built in process). Targets: render p99 ≤ 150 ms, cached ≤ 5 ms, eda ≤ 20 s.
 * Prints, never asserts. `--renders=N` per chart type (default 40).
 *
 * Besides wall-clock time it prints the CPU time of each render (process.cpuUsage:
 * this thread and resvg's worker thread): on a shared, busy machine the wall clock
 * mostly measures the other processes, while CPU time is about what the render takes
 * on an idle core.
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

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** One uncached render (what the first request for a chart costs): wall-clock and CPU milliseconds. */
async function renderUncached(db: Db, tipo: string, args: CanonicalArgs): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = cpuMs();
  const result = chartData(db, tipo, args);
  if (!result.ok) throw new Error(`${tipo}: ${result.message}`);
  await svgToPng(await chartToSvg(result.chart));
  return { wall: performance.now() - started, cpu: cpuMs() - cpu };
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

  console.log(
    'sin caché (consulta + SVG + PNG), ms:  reloj p50   p99   máx  │  CPU p50   p99   │ p99 ≤ 150 ms (reloj / CPU)',
  );
  let worst = 0;
  let worstCpu = 0;
  for (const kind of CHART_KINDS) {
    const list = sets[kind.id] ?? [{}];
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < renders; i++) {
      const t = await renderUncached(db, kind.id, list[i % list.length] ?? {});
      wall.push(t.wall);
      cpu.push(t.cpu);
    }
    const w = percentiles(wall);
    const c = percentiles(cpu);
    worst = Math.max(worst, w.p99);
    worstCpu = Math.max(worstCpu, c.p99);
    const f = (x: number) => x.toFixed(0).padStart(5);
    console.log(
      `${kind.id.padEnd(38)} ${f(w.p50)} ${f(w.p99)} ${f(w.max)}  │  ${f(c.p50)} ${f(c.p99)}   │ ${w.p99 <= 150 ? 'sí' : 'NO'} / ${c.p99 <= 150 ? 'sí' : 'NO'}`,
    );
  }
  console.log(
    `peor p99 sin caché: ${worst.toFixed(0)} ms de reloj, ${worstCpu.toFixed(0)} ms de CPU (${renders} renders por tipo)\n`,
  );

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
  const edaCpu = cpuMs();
  const report = await buildEdaReport(db);
  const edaSeconds = (performance.now() - edaStart) / 1000;
  console.log(
    `eda: ${edaSeconds.toFixed(1)} s (CPU ${((cpuMs() - edaCpu) / 1000).toFixed(1)} s), ${report.charts} gráficos, ${(report.html.length / 1024).toFixed(0)} KB de HTML (objetivo ≤ 20 s: ${edaSeconds <= 20 ? 'sí' : 'NO'})`,
  );
  catalog.close();
}
