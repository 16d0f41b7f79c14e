/**
 * Charts (issue 12): the one module that owns them. Commands and channels only
 * ask here: `getChart` for a chart's numbers and sentence (commands/grafico.ts),
 * `renderChart` for its PNG or SVG (HTTP, terminal chat, Discord, Telegram via
 * `createChartRenderer`), `src/charts/eda.ts` for the EDA report.
 *
 * Both are cached by chart + canonical arguments + catalog build (the file and
 * its `built_at`): the catalog is read-only, so an entry never goes stale, and a
 * rebuilt catalog gets new keys. A render in progress is shared by everyone who
 * asks for the same chart meanwhile.
 */
import { perDb } from '../../commands/common.js';
import type { CanonicalArgs, ChartRequest } from '../../commands/types.js';
import type { Db } from '../catalog/catalog.js';
import { LruCache } from './cache.js';
import { type ChartData, type ChartResult, chartData, isEmpty } from './data.js';
import { chartToSvg, svgToPng } from './render.js';

export type { ChartData, ChartResult } from './data.js';
export { CHART_KINDS, type ChartKind, chartKind, chartKindFromText } from './kinds.js';

export type ChartFormat = 'png' | 'svg';

/** A request the catalog cannot draw (bad filters, or nothing to draw): the message is Spanish, for users. */
export class ChartRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartRequestError';
  }
}

const buildOf = perDb((db) => {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'built_at'").get() as { value: string } | undefined;
  return `${db.name}@${row?.value ?? ''}`;
});

function cacheKey(db: Db, tipo: string, args: CanonicalArgs): string {
  const sorted = Object.keys(args)
    .sort()
    .map((k) => [k, args[k]]);
  return `${buildOf(db)}\u0000${tipo}\u0000${JSON.stringify(sorted)}`;
}

const dataCache = new LruCache<string, ChartResult>(500);
/** Rendered charts: a PNG is 10–80 KB, so 200 of them stay well under 20 MB. */
const renderCache = new LruCache<string, Promise<Buffer | string>>(200);

/** A chart's numbers and sentence (cached). `args` are canonical (commands/args.ts). */
export function getChart(db: Db, tipo: string, args: CanonicalArgs = {}): ChartResult {
  const key = cacheKey(db, tipo, args);
  let result = dataCache.get(key);
  if (!result) {
    result = chartData(db, tipo, args);
    dataCache.set(key, result);
  }
  return result;
}

/** The chart as PNG (a Buffer) or SVG (text), cached; a ChartRequestError when it cannot be drawn. */
export function renderChart(db: Db, request: ChartRequest, format: 'png'): Promise<Buffer>;
export function renderChart(db: Db, request: ChartRequest, format: 'svg'): Promise<string>;
export function renderChart(db: Db, request: ChartRequest, format: ChartFormat): Promise<Buffer | string> {
  const key = `${cacheKey(db, request.tipo, request.args)}\u0000${format}`;
  const cached = renderCache.get(key);
  if (cached) return cached;
  const rendering = draw(db, request, format);
  renderCache.set(key, rendering);
  // A failed render is not kept: the next request tries again.
  rendering.catch(() => renderCache.delete(key));
  return rendering;
}

async function draw(db: Db, request: ChartRequest, format: ChartFormat): Promise<Buffer | string> {
  const result = getChart(db, request.tipo, request.args);
  if (!result.ok) throw new ChartRequestError(result.message);
  if (isEmpty(result.chart)) throw new ChartRequestError(result.chart.texto);
  const svg = await chartToSvg(result.chart);
  return format === 'svg' ? svg : svgToPng(svg);
}

/**
 * Loads what a first chart would wait for (echarts, resvg and its font, the
 * movie table): started by `npm start` so the first user's chart is not slow.
 * Resolves to the milliseconds it took; never rejects.
 */
export async function warmUpCharts(db: Db): Promise<number> {
  const started = performance.now();
  try {
    await renderChart(db, { tipo: 'estrenos_mes', args: {} }, 'png');
    getChart(db, 'generos', {});
  } catch {
    // An empty catalog has nothing to draw: the first real request will say so.
  }
  return performance.now() - started;
}

/** `ChannelDeps.renderChart` for a catalog: an answer's chart → PNG. */
export function createChartRenderer(db: Db): (chart: ChartRequest) => Promise<Buffer> {
  return (chart) => renderChart(db, chart, 'png');
}

export function chartHasData(chart: ChartData): boolean {
  return !isEmpty(chart);
}
