/**
 * The pictures: every chart's PNG decodes (test/helpers/png.ts, not resvg), is
 * 800×450, is not blank and has text pixels where the title and the source line
 * are (a missing font draws no text at all, and the test shows this check
 * catches it); the SVG is the same from one render to the next once echarts'
 * instance ids are normalized, and matches the stored snapshot.
 */
import { createRequire } from 'node:module';
import { renderAsync } from '@resvg/resvg-js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { CHART_KINDS, ChartRequestError, getChart, renderChart } from '../../src/charts/index.js';
import { chartToSvg, normalizeSvgIds, svgToPng } from '../../src/charts/render.js';
import { fixtureContext } from '../commands/context.js';
import { darkPixels, decodePng, inkShare } from '../helpers/png.js';

let ctx: CommandContext;
beforeAll(async () => {
  ctx = await fixtureContext();
});

const NAMES: Record<string, string> = { director: 'Clint Eastwood', actor: 'Tom Hanks' };
/** Where spec.ts puts the title (top left) and the source line (bottom left). */
const TITLE_AREA = { x: 16, y: 10, width: 320, height: 28 };
const SOURCE_AREA = { x: 16, y: 428, width: 300, height: 20 };

describe('PNG', () => {
  it.each(CHART_KINDS.map((k) => k.id))('%s: 800×450, not blank, text in the title and source areas', async (tipo) => {
    const name = NAMES[tipo];
    const args: Record<string, string> = name ? { nombre: name } : {};
    const png = await renderChart(ctx.catalog.db, { tipo, args }, 'png');
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([800, 450]);
    const ink = inkShare(image);
    expect(ink).toBeGreaterThan(0.02);
    expect(ink).toBeLessThan(0.6);
    expect(darkPixels(image, TITLE_AREA)).toBeGreaterThan(150);
    expect(darkPixels(image, SOURCE_AREA, 160)).toBeGreaterThan(50);
  });

  it('the text check fails when resvg has no font (what a missing font file would do)', async () => {
    const svg = await chartToSvg(okChart('estrenos_mes'));
    const withFont = decodePng(await svgToPng(svg));
    const noFont = await renderAsync(svg, { font: { loadSystemFonts: false }, background: '#ffffff' });
    const withoutFont = decodePng(noFont.asPng());
    expect(darkPixels(withFont, TITLE_AREA)).toBeGreaterThan(150);
    expect(darkPixels(withoutFont, TITLE_AREA)).toBe(0);
  });

  it('loads the DejaVu font from the dejavu-fonts-ttf package', () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')).toMatch(/DejaVuSans\.ttf$/);
  });

  it('caches by chart, arguments and catalog: the same request is the same buffer', async () => {
    const request = { tipo: 'generos', args: { desde: 1980 } };
    const first = await renderChart(ctx.catalog.db, request, 'png');
    expect(await renderChart(ctx.catalog.db, { tipo: 'generos', args: { desde: 1980 } }, 'png')).toBe(first);
    expect(await renderChart(ctx.catalog.db, { tipo: 'generos', args: { desde: 1981 } }, 'png')).not.toBe(first);
  });

  it('refuses what it cannot draw with a Spanish ChartRequestError', async () => {
    await expect(renderChart(ctx.catalog.db, { tipo: 'pastel', args: {} }, 'png')).rejects.toThrow(ChartRequestError);
    await expect(renderChart(ctx.catalog.db, { tipo: 'estrenos_anio', args: { anio: 2090 } }, 'png')).rejects.toThrow(
      'No hay películas estrenadas en 2090 en el catálogo.',
    );
  });
});

function okChart(tipo: string) {
  const result = getChart(ctx.catalog.db, tipo, {});
  if (!result.ok) throw new Error(result.message);
  return result.chart;
}

describe('SVG', () => {
  it('is the same chart after normalizing the ids echarts numbers per instance', async () => {
    const a = await chartToSvg(okChart('estrenos_mes'));
    const b = await chartToSvg(okChart('estrenos_mes'));
    expect(a).not.toBe(b); // two echarts instances, two id prefixes
    expect(normalizeSvgIds(a)).toBe(normalizeSvgIds(b));
    await expect(normalizeSvgIds(a)).toMatchFileSnapshot('./__snapshots__/estrenos_mes.svg.snap');
  });

  it('has Spanish titles, axis names, month names, numbers and the source line', async () => {
    const svg = await chartToSvg(okChart('estrenos_mes'));
    for (const text of [
      'Estrenos por mes',
      'Mes de estreno',
      'Películas',
      'Enero',
      'Septiembre',
      'Fuente: The Movies Dataset (Kaggle/TMDB)',
    ]) {
      expect(svg).toContain(`>${text}<`);
    }
    const money = await chartToSvg(okChart('presupuesto_ingresos'));
    expect(money).toContain('>US$ 1 M<');
    expect(money).toContain('>US$ 100 M<');
  });

  it('draws every budget/revenue point (one 3-px square per 2-px cell)', async () => {
    const chart = okChart('presupuesto_ingresos');
    const svg = await chartToSvg(chart);
    const squares = (svg.match(/h3v3h-3z/g) ?? []).length;
    expect(squares).toBeGreaterThan(0);
    expect(squares).toBeLessThanOrEqual(chart.puntos?.length ?? 0);
  });
});
