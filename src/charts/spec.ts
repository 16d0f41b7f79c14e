/**
 * ChartData → an echarts option, with one look for every chart: one palette
 * (Okabe–Ito, readable by colour-blind people), 800×450 by default, title and
 * filters top left, Spanish axis names and numbers (src/format.ts), and the
 * source line bottom left.
 */
import { formatInt, formatMoneyShort, formatNumber } from '../format.js';
import type { ChartData } from './data.js';

export const WIDTH = 800;
export const HEIGHT = 450;
export const FONT_FAMILY = 'DejaVu Sans';
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export const TEXT = '#1a1a1a';
export const MUTED = '#595959';
export const GRID_LINE = '#e3e3e3';

/** echarts' option type is large and loose; the parts we build are plain objects. */
export type Option = Record<string, unknown>;

/** The look every chart shares: white background, palette, font, title and subtitle, source line. */
export function baseOption(title: string, subtitle: string, source: string): Option {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: PALETTE,
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT },
    title: {
      text: title,
      subtext: subtitle,
      left: 20,
      top: 12,
      textStyle: { fontSize: 19, fontWeight: 'normal', color: TEXT },
      subtextStyle: { fontSize: 12, color: MUTED },
    },
    graphic: [
      {
        type: 'text',
        left: 20,
        bottom: 10,
        style: { text: source, fill: MUTED, fontSize: 11, fontFamily: FONT_FAMILY },
      },
    ],
  };
}

export function chartOption(chart: ChartData): Option {
  const base = baseOption(chart.titulo, chart.subtitulo, chart.fuente);
  if (chart.series.length > 1 && chart.forma !== 'paneles') {
    base.legend = { top: 16, right: 20, textStyle: { fontSize: 12, color: TEXT } };
  }
  switch (chart.forma) {
    case 'barras':
      return { ...base, ...verticalBars(chart) };
    case 'barras_horizontales':
      return { ...base, ...horizontalBars(chart) };
    case 'paneles':
      return { ...base, ...panels(chart) };
    case 'dispersion':
      return { ...base, ...scatterAxes(chart) };
  }
}

function valueFormatter(chart: ChartData): (value: number) => string {
  if (chart.dinero) return formatMoneyShort;
  return chart.tipo === 'director' || chart.tipo === 'actor' ? formatNumber : formatInt;
}

export const GRID = {
  left: 20,
  right: 28,
  top: 78,
  bottom: 34,
  outerBoundsMode: 'same',
  outerBoundsContain: 'all',
};

function valueAxis(chart: ChartData, extra: Option = {}): Option {
  return {
    type: 'value',
    name: chart.ejes.valores,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    axisLabel: { formatter: valueFormatter(chart), color: MUTED, fontSize: 11 },
    splitLine: { lineStyle: { color: GRID_LINE } },
    ...extra,
  };
}

function categoryAxis(chart: ChartData, extra: Option = {}): Option {
  return {
    type: 'category',
    data: chart.categorias,
    name: chart.ejes.categorias,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    axisLabel: { color: TEXT, fontSize: 11 },
    axisTick: { alignWithLabel: true },
    ...extra,
  };
}

/** Value labels on the bars when they fit (few bars). */
function barLabels(chart: ChartData, position: 'top' | 'right'): Option {
  const bars = chart.categorias.length * chart.series.length;
  return {
    show: bars <= 16,
    position,
    formatter: (p: { value: number }) => valueFormatter(chart)(p.value),
    fontSize: 10,
    color: MUTED,
  };
}

function verticalBars(chart: ChartData): Option {
  const person = chart.tipo === 'director' || chart.tipo === 'actor';
  const many = chart.categorias.length > 12;
  return {
    grid: GRID,
    xAxis: categoryAxis(chart, {
      nameLocation: 'middle',
      // Rotated labels (30°, up to 110 px) stand about 70 px tall: the axis name goes below them.
      nameGap: person ? 82 : chart.categorias.length > 7 ? 46 : 28,
      axisLabel: {
        color: TEXT,
        fontSize: 11,
        ...(person || (many && chart.tipo !== 'estrenos_anio' && chart.tipo !== 'duracion')
          ? { rotate: 30, width: 110, overflow: 'truncate' }
          : {}),
        ...(chart.tipo === 'duracion' ? { rotate: 45 } : {}),
      },
    }),
    yAxis: valueAxis(chart, { nameLocation: 'end' }),
    series: chart.series.map((s) => ({
      type: 'bar',
      name: s.nombre,
      data: s.valores,
      barMaxWidth: 48,
      barCategoryGap: chart.tipo === 'duracion' || chart.tipo === 'estrenos_anio' ? '8%' : '25%',
      label: barLabels(chart, 'top'),
    })),
  };
}

function horizontalBars(chart: ChartData): Option {
  return {
    grid: GRID,
    yAxis: categoryAxis(chart, {
      inverse: true,
      nameLocation: 'start',
      nameGap: 12,
      axisLabel: { color: TEXT, fontSize: 11, interval: 0 },
    }),
    xAxis: valueAxis(chart, { nameLocation: 'middle', nameGap: 26 }),
    series: chart.series.map((s) => ({
      type: 'bar',
      name: s.nombre,
      data: s.valores,
      barMaxWidth: 28,
      label: barLabels(chart, 'right'),
    })),
  };
}

/** Two horizontal-bar panels (ingresos_genero: total and median) sharing the categories. */
function panels(chart: ChartData): Option {
  const grids = [
    { ...GRID, right: '50%' },
    { ...GRID, left: '52%' },
  ];
  return {
    grid: grids,
    yAxis: grids.map((_, i) =>
      categoryAxis(chart, {
        gridIndex: i,
        inverse: true,
        name: '', // the title names the categories; a name on one panel only would shift its bars
        axisLabel: { show: i === 0, color: TEXT, fontSize: 11, interval: 0 },
      }),
    ),
    xAxis: chart.series.map((s, i) =>
      valueAxis(chart, {
        gridIndex: i,
        name: s.nombre,
        nameLocation: 'middle',
        nameGap: 26,
        splitNumber: 3,
        axisLabel: { formatter: valueFormatter(chart), color: MUTED, fontSize: 11, hideOverlap: true },
      }),
    ),
    series: chart.series.map((s, i) => ({
      type: 'bar',
      name: s.nombre,
      data: s.valores,
      xAxisIndex: i,
      yAxisIndex: i,
      barMaxWidth: 18,
      itemStyle: { color: PALETTE[i] },
    })),
  };
}

/** Powers of ten around the values, so log axes start and end on a labelled tick. */
export function logBounds(values: readonly number[]): { min: number; max: number } {
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  for (const v of values) {
    if (v > 0 && v < low) low = v;
    if (v > high) high = v;
  }
  if (high === 0) return { min: 1, max: 10 };
  const min = 10 ** Math.floor(Math.log10(low));
  const max = 10 ** Math.ceil(Math.log10(high));
  return { min, max: max === min ? min * 10 : max };
}

/**
 * The axes of the budget/revenue scatter and its break-even diagonal. The points
 * themselves are drawn by render.ts as one SVG path (see scatterOverlay there):
 * thousands of echarts symbols cost ~0.1 ms each to lay out and to rasterize.
 */
function scatterAxes(chart: ChartData): Option {
  const points = chart.puntos ?? [];
  const x = logBounds(points.map((p) => p[0]));
  const y = logBounds(points.map((p) => p[1]));
  const axis = (name: string, bounds: { min: number; max: number }, extra: Option) => ({
    type: 'log',
    name,
    min: bounds.min,
    max: bounds.max,
    // One tick per power of ten (echarts would thin them out on a short axis).
    interval: 1,
    nameTextStyle: { color: MUTED, fontSize: 12 },
    axisLabel: { formatter: formatMoneyShort, color: MUTED, fontSize: 11 },
    splitLine: { lineStyle: { color: GRID_LINE } },
    ...extra,
  });
  const low = Math.max(x.min, y.min);
  const high = Math.min(x.max, y.max);
  return {
    grid: GRID,
    legend: { top: 16, right: 20, textStyle: { fontSize: 12, color: TEXT } },
    xAxis: axis(chart.ejes.categorias, x, { nameLocation: 'middle', nameGap: 26 }),
    yAxis: axis(chart.ejes.valores, y, { nameLocation: 'end' }),
    series: [
      {
        type: 'line',
        name: 'Ingresos = presupuesto',
        data:
          low < high
            ? [
                [low, low],
                [high, high],
              ]
            : [],
        symbol: 'none',
        lineStyle: { color: MUTED, type: 'dashed', width: 1 },
        itemStyle: { color: MUTED },
      },
    ],
  };
}
