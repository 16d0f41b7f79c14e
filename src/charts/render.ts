/**
 * ChartData → SVG (echarts' server-side SVG renderer) → PNG (resvg). echarts is
 * loaded on first use with only the parts we draw, so commands and `--help`
 * never pay for it. Every echarts instance is disposed (an undisposed one keeps
 * the process alive). resvg draws no text at all without a font, silently: the
 * DejaVu files of `dejavu-fonts-ttf` are loaded explicitly (as files: ~4× faster
 * than buffers) and their absence is an error, not a blank chart.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChartData } from './data.js';
import { chartOption, FONT_FAMILY, HEIGHT, type Option, PALETTE, WIDTH } from './spec.js';

type ECharts = typeof import('echarts/core');
type Instance = ReturnType<ECharts['init']>;

let echartsLoaded: Promise<ECharts> | undefined;

function loadECharts(): Promise<ECharts> {
  echartsLoaded ??= (async () => {
    const echarts = await import('echarts/core');
    const charts = await import('echarts/charts');
    const components = await import('echarts/components');
    const { SVGRenderer } = await import('echarts/renderers');
    echarts.use([
      charts.BarChart,
      charts.LineChart,
      charts.BoxplotChart,
      charts.ScatterChart,
      charts.HeatmapChart,
      components.GridComponent,
      components.TitleComponent,
      components.LegendComponent,
      components.GraphicComponent,
      components.VisualMapComponent,
      SVGRenderer,
    ]);
    return echarts;
  })();
  return echartsLoaded;
}

export interface Size {
  width: number;
  height: number;
}

export const DEFAULT_SIZE: Size = { width: WIDTH, height: HEIGHT };

export interface SvgOptions {
  size?: Size;
  /** The chart's name for screen readers (an SVG <title>; resvg ignores it). */
  title?: string;
  /** Extra SVG drawn over the chart, made with the live instance (for convertToPixel). */
  overlay?: (chart: Instance) => string;
}

/** Any echarts option → SVG text; the instance is always disposed. */
export async function optionToSvg(option: Option, options: SvgOptions = {}): Promise<string> {
  const echarts = await loadECharts();
  const size = options.size ?? DEFAULT_SIZE;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption(option);
    let svg = chart.renderToSVGString();
    if (options.title) svg = svg.replace(/^(<svg[^>]*>)/, `$1<title>${escapeXml(options.title)}</title>`);
    const extra = options.overlay ? options.overlay(chart) : '';
    return extra ? svg.replace(/<\/svg>\s*$/, `${extra}</svg>`) : svg;
  } finally {
    chart.dispose();
  }
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function chartToSvg(chart: ChartData, size: Size = DEFAULT_SIZE): Promise<string> {
  return optionToSvg(chartOption(chart), {
    size,
    title: `${chart.titulo}. ${chart.texto}`,
    ...(chart.forma === 'dispersion' ? { overlay: (ec: Instance) => scatterOverlay(ec, chart.puntos ?? []) } : {}),
  });
}

/**
 * The scatter's points as three SVG paths of 3-px squares, one per density class
 * (1, 2–4, ≥ 5 films in the same 2-px cell). Drawn by hand because echarts
 * spends ~0.1 ms per symbol and resvg as much again: 6,000 films took ~450 ms,
 * this takes a few. Positions come from echarts itself: two corners through
 * convertToPixel, the rest interpolated on the log axes (one call per point cost ~20 ms).
 */
function scatterOverlay(chart: Instance, points: readonly [number, number][]): string {
  const option = chart.getOption() as {
    xAxis?: { min?: number; max?: number }[];
    yAxis?: { min?: number; max?: number }[];
  };
  const x = option.xAxis?.[0];
  const y = option.yAxis?.[0];
  if (!x?.min || !x.max || !y?.min || !y.max) return '';
  const low = chart.convertToPixel({ gridIndex: 0 }, [x.min, y.min]) as number[] | undefined;
  const high = chart.convertToPixel({ gridIndex: 0 }, [x.max, y.max]) as number[] | undefined;
  if (!low || !high) return '';
  const scale = (value: number, min: number, max: number, from: number, to: number) =>
    from + ((Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))) * (to - from);
  const cells = new Map<string, number>();
  for (const [px, py] of points) {
    const cx = scale(px, x.min, x.max, low[0] as number, high[0] as number);
    const cy = scale(py, y.min, y.max, low[1] as number, high[1] as number);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
    const key = `${Math.round(cx / 2) * 2 - 1} ${Math.round(cy / 2) * 2 - 1}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  const classes = [
    { test: (n: number) => n === 1, opacity: 0.35 },
    { test: (n: number) => n >= 2 && n < 5, opacity: 0.65 },
    { test: (n: number) => n >= 5, opacity: 1 },
  ];
  return classes
    .map(({ test, opacity }) => {
      let d = '';
      for (const [key, n] of cells) if (test(n)) d += `M${key}h3v3h-3z`;
      return d ? `<path d="${d}" fill="${PALETTE[0]}" fill-opacity="${opacity}"/>` : '';
    })
    .join('');
}

// ------------------------------------------------------------------ PNG

const require = createRequire(import.meta.url);

function fontFiles(): string[] {
  // One face: a second (bold) file costs ~7 ms of CPU per PNG, 10 % of a chart; titles are set large instead.
  const files = ['DejaVuSans.ttf'].map((name) => {
    try {
      return require.resolve(`dejavu-fonts-ttf/ttf/${name}`);
    } catch {
      return '';
    }
  });
  const missing = files.filter((file) => !file || !existsSync(file));
  if (missing.length > 0) {
    // Without a font resvg would draw a chart with no text at all, silently.
    throw new Error('Falta la fuente DejaVu Sans (paquete dejavu-fonts-ttf): sin ella los gráficos no tendrían texto.');
  }
  return files;
}

let fonts: string[] | undefined;

/** SVG → PNG off the event loop (resvg's renderAsync runs in libuv's thread pool). */
export async function svgToPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await import('@resvg/resvg-js');
  fonts ??= fontFiles();
  const image = await renderAsync(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: fonts,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    background: '#ffffff',
  });
  return image.asPng();
}

/**
 * echarts names what an SVG defines after its instance and a process-wide
 * counter (`zr3-cls-17`): renumbered here in order of first appearance
 * (`zr-cls-0`), the same chart is the same SVG text.
 */
export function normalizeSvgIds(svg: string): string {
  const renamed = new Map<string, string>();
  const perKind = new Map<string, number>();
  return svg
    .replace(/\bzr\d+-([a-zA-Z]+)-(\d+)\b/g, (id: string, kind: string) => {
      let name = renamed.get(id);
      if (!name) {
        const n = perKind.get(kind) ?? 0;
        perKind.set(kind, n + 1);
        name = `zr-${kind}-${n}`;
        renamed.set(id, name);
      }
      return name;
    })
    .replace(/\bzr\d+-/g, 'zr-');
}
