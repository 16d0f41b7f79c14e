/**
 * `npx filmoteca eda`: the seeds' exploratory analysis as one static page
 * (data/eda/index.html): dataset sizes before and after cleaning (the ETL
 * report stored in the catalog), missing values per column, distributions with
 * their outliers, every catalog chart, and the correlations, each with a short
 * Spanish comment computed from the data. Self-contained: inline SVG and CSS,
 * no script, no network.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { allRows, getRow } from '../../commands/common.js';
import type { Db } from '../catalog/catalog.js';
import {
  countOf,
  formatDate,
  formatDecimal,
  formatInt,
  formatList,
  formatMoneyShort,
  formatPercent,
} from '../format.js';
import { type ChartData, chartData, isEmpty } from './data.js';
import { CHART_KINDS, SOURCE_LINE } from './kinds.js';
import { chartToSvg, escapeXml, optionToSvg } from './render.js';
import { baseOption, GRID, GRID_LINE, MUTED, type Option, PALETTE, TEXT } from './spec.js';
import { type BoxStats, boxStats, pearson } from './stats.js';

export interface EdaSection {
  id: string;
  title: string;
  /** Inline SVG charts, each with its short Spanish comment computed from the data (plain text). */
  figures: { svg: string; caption: string }[];
  /** Comments that go with no chart (plain text). */
  notes: string[];
  /** An HTML table, already escaped. */
  table?: string;
}

export interface EdaReport {
  html: string;
  sections: EdaSection[];
  charts: number;
}

/** Every section of the report on the catalog `db`. */
export async function buildEdaReport(db: Db): Promise<EdaReport> {
  const sections = [
    sizesSection(db),
    await missingSection(db),
    await distributionsSection(db),
    await chartsSection(db),
    await correlationsSection(db),
  ];
  const built = getRow<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'built_at'")?.value;
  return {
    html: page(sections, built ?? null),
    sections,
    charts: sections.reduce((n, s) => n + s.figures.length, 0),
  };
}

// ------------------------------------------------------------------ sizes

const FILE_LABELS: Record<string, string> = {
  movies_metadata: 'movies_metadata.csv (películas)',
  credits: 'credits.csv (reparto y equipo)',
  keywords: 'keywords.csv (palabras clave)',
  links: 'links.csv (ids de MovieLens)',
  amazon: 'amazon_prime_titles.csv',
  disney: 'disney_plus_titles.csv',
  hulu: 'hulu_titles.csv',
  netflix: 'netflix_titles.csv',
};

/** Reasons of the ETL report: [one, several]. */
const REJECT_REASONS: Record<string, [string, string]> = {
  invalid_id: ['con id no válido', 'con id no válido'],
  duplicate_id: ['con id repetido', 'con id repetido'],
  missing_release_date: ['sin fecha de estreno', 'sin fecha de estreno'],
  invalid_release_date: ['con fecha imposible', 'con fecha imposible'],
  invalid_type: ['con tipo no válido', 'con tipo no válido'],
  invalid_score: ['con puntuación no válida', 'con puntuación no válida'],
};

/** «3 filas con id repetido». */
function rejected(reason: string, n: number): string {
  const [one, several] = REJECT_REASONS[reason] ?? [reason, reason];
  return countOf(n, `fila ${one}`, `filas ${several}`);
}

interface StoredReport {
  files: Record<string, { read: number; kept: number; rejected: Record<string, number> }>;
  tables: Record<string, number>;
}

function sizesSection(db: Db): EdaSection {
  const raw = getRow<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'report'")?.value;
  let report: StoredReport | null = null;
  try {
    report = raw ? (JSON.parse(raw) as StoredReport) : null;
  } catch {
    report = null;
  }
  const section: EdaSection = {
    id: 'tamanos',
    title: 'Tamaño de los datos antes y después de la limpieza',
    figures: [],
    notes: [],
  };
  if (!report) {
    section.notes.push(
      'El catálogo no guarda el informe del ETL: constrúyelo de nuevo con npm run etl para ver esta parte.',
    );
    return section;
  }
  const rows = Object.entries(report.files).map(([key, file]) => {
    const reasons = Object.entries(file.rejected)
      .filter(([, n]) => n > 0)
      .map(([reason, n]) => rejected(reason, n));
    return [
      FILE_LABELS[key] ?? key,
      formatInt(file.read),
      formatInt(file.kept),
      reasons.length ? formatList(reasons) : '—',
    ];
  });
  section.table = table(['archivo', 'filas leídas', 'conservadas', 'descartadas'], rows, [1, 2]);
  const movies = report.files.movies_metadata;
  if (movies) {
    const dropped = movies.read - movies.kept;
    const reasons = Object.entries(movies.rejected)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => rejected(reason, n));
    section.notes.push(
      `De ${formatInt(movies.read)} filas de películas quedaron ${formatInt(movies.kept)} (${formatPercent(movies.kept / Math.max(1, movies.read))})` +
        (dropped > 0 ? `: se descartaron ${formatList(reasons)}.` : ', sin descartes.'),
    );
  }
  const platforms = ['amazon', 'disney', 'hulu', 'netflix'].map((p) => report?.files[p]?.kept ?? 0);
  const titles = platforms.reduce((a, b) => a + b, 0);
  if (titles > 0) section.notes.push(`Las cuatro plataformas suman ${countOf(titles, 'título', 'títulos')}.`);
  const tables = report.tables;
  if (tables.people) {
    section.notes.push(
      `El catálogo tiene ${countOf(tables.people, 'persona', 'personas')}, ${countOf(tables.movie_cast ?? 0, 'papel', 'papeles')} de reparto y ${countOf(tables.movie_directors ?? 0, 'crédito', 'créditos')} de dirección.`,
    );
  }
  return section;
}

// ------------------------------------------------------------------ missing values

/** Per column: what counts as missing. TMDB writes 0 for an unknown budget or revenue. */
const MOVIE_COLUMNS: Array<[string, string]> = [
  ['presupuesto', 'm.budget <= 0'],
  ['ingresos', 'm.revenue <= 0'],
  ['duración', 'm.runtime IS NULL OR m.runtime <= 0'],
  ['promedio de votos', 'm.vote_average IS NULL OR m.vote_count = 0'],
  ['popularidad', 'm.popularity IS NULL'],
  ['idioma original', "m.original_language IS NULL OR m.original_language = ''"],
  ['resumen', "m.overview IS NULL OR trim(m.overview) = ''"],
  ['eslogan', "m.tagline IS NULL OR trim(m.tagline) = ''"],
  ['id de IMDb', "m.imdb_id IS NULL OR m.imdb_id = ''"],
  ['colección', 'm.collection_id IS NULL'],
  ['géneros', 'NOT EXISTS (SELECT 1 FROM movie_genres x WHERE x.movie_id = m.id)'],
  ['productoras', 'NOT EXISTS (SELECT 1 FROM movie_companies x WHERE x.movie_id = m.id)'],
  ['países', 'NOT EXISTS (SELECT 1 FROM movie_countries x WHERE x.movie_id = m.id)'],
  ['reparto', 'NOT EXISTS (SELECT 1 FROM movie_cast x WHERE x.movie_id = m.id)'],
  ['dirección', 'NOT EXISTS (SELECT 1 FROM movie_directors x WHERE x.movie_id = m.id)'],
];

const TITLE_COLUMNS: Array<[string, string]> = [
  ['dirección', 'NOT EXISTS (SELECT 1 FROM title_directors x WHERE x.title_id = t.id)'],
  ['reparto', 'NOT EXISTS (SELECT 1 FROM title_cast x WHERE x.title_id = t.id)'],
  ['país', 'NOT EXISTS (SELECT 1 FROM title_countries x WHERE x.title_id = t.id)'],
  ['fecha de alta', 't.date_added IS NULL'],
  ['año de estreno', 't.release_year IS NULL'],
  ['duración', 't.duration_int IS NULL'],
  ['descripción', "t.description IS NULL OR trim(t.description) = ''"],
];

function missingCounts(db: Db, table: 'movies m' | 'titles t', columns: Array<[string, string]>) {
  const sums = columns.map(([, condition], i) => `sum(CASE WHEN ${condition} THEN 1 ELSE 0 END) AS c${i}`);
  const row = getRow<Record<string, number | null>>(db, `SELECT count(*) AS n, ${sums.join(', ')} FROM ${table}`) ?? {};
  const total = row.n ?? 0;
  return {
    total,
    columns: columns.map(([label], i) => ({ label, missing: row[`c${i}`] ?? 0 })),
  };
}

async function missingSection(db: Db): Promise<EdaSection> {
  const movies = missingCounts(db, 'movies m', MOVIE_COLUMNS);
  const titles = missingCounts(db, 'titles t', TITLE_COLUMNS);
  const section: EdaSection = { id: 'faltantes', title: 'Valores faltantes por columna', figures: [], notes: [] };
  for (const [what, article, counts, source] of [
    ['películas', 'las', movies, SOURCE_LINE.movies],
    ['títulos de streaming', 'los', titles, SOURCE_LINE.streaming],
  ] as const) {
    if (counts.total === 0) continue;
    const sorted = [...counts.columns].sort((a, b) => b.missing - a.missing);
    const option: Option = {
      ...baseOption(`Valores faltantes: ${what}`, `${formatInt(counts.total)} filas`, source),
      grid: GRID,
      yAxis: {
        type: 'category',
        inverse: true,
        data: sorted.map((c) => c.label),
        axisLabel: { color: TEXT, fontSize: 11, interval: 0 },
      },
      xAxis: {
        type: 'value',
        max: 100,
        name: '% de filas sin el dato',
        nameLocation: 'middle',
        nameGap: 26,
        nameTextStyle: { color: MUTED },
        axisLabel: { formatter: (v: number) => `${formatInt(v)} %`, color: MUTED },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      series: [
        {
          type: 'bar',
          data: sorted.map((c) => (100 * c.missing) / counts.total),
          barMaxWidth: 20,
          label: {
            show: true,
            position: 'right',
            fontSize: 10,
            color: MUTED,
            formatter: (p: { dataIndex: number }) => formatInt(sorted[p.dataIndex]?.missing ?? 0),
          },
        },
      ],
    };
    const svg = await optionToSvg(option, {
      size: { width: 800, height: 120 + 22 * sorted.length },
      title: `Valores faltantes: ${what}`,
    });
    const worst = sorted.filter((c) => c.missing > 0).slice(0, 3);
    const complete = sorted.filter((c) => c.missing === 0).map((c) => c.label);
    section.figures.push({
      svg,
      caption: `En ${article} ${formatInt(counts.total)} ${what}, lo que más falta es ${formatList(
        worst.map((c) => `${c.label} (${formatPercent(c.missing / counts.total)})`),
      )}${complete.length > 0 ? `; están completas: ${formatList(complete)}` : ''}.`,
    });
  }
  section.notes.push(
    'Un presupuesto o unos ingresos de 0 en TMDB significan «desconocido»: aquí cuentan como faltantes, y los gráficos de dinero los dejan fuera.',
  );
  return section;
}

// ------------------------------------------------------------------ distributions

interface Variable {
  label: string;
  column: string;
  /** The condition for a known value. */
  known: string;
  unit: (v: number) => string;
  log: boolean;
}

const VARIABLES: Variable[] = [
  { label: 'Duración', column: 'runtime', known: 'runtime > 0', unit: (v) => `${formatInt(v)} min`, log: false },
  { label: 'Presupuesto', column: 'budget', known: 'budget > 0', unit: formatMoneyShort, log: true },
  { label: 'Ingresos', column: 'revenue', known: 'revenue > 0', unit: formatMoneyShort, log: true },
  {
    label: 'Retorno (ingresos / presupuesto)',
    column: 'return',
    known: 'return > 0',
    unit: (v) => formatDecimal(v),
    log: true,
  },
  { label: 'Votos', column: 'vote_count', known: 'vote_count > 0', unit: formatInt, log: true },
  {
    label: 'Promedio de votos',
    column: 'vote_average',
    known: 'vote_count > 0 AND vote_average IS NOT NULL',
    unit: (v) => formatDecimal(v),
    log: false,
  },
  { label: 'Popularidad', column: 'popularity', known: 'popularity > 0', unit: (v) => formatDecimal(v), log: true },
];

/** At most this many outlier dots per box plot (the rest fall on the same pixels). */
const OUTLIER_BUCKETS = 400;

async function distributionsSection(db: Db): Promise<EdaSection> {
  const section: EdaSection = {
    id: 'distribuciones',
    title: 'Distribuciones y valores atípicos',
    figures: [],
    notes: [],
  };
  for (const variable of VARIABLES) {
    const values = allRows<{ v: number }>(
      db,
      `SELECT ${variable.column} AS v FROM movies WHERE ${variable.known} ORDER BY v`,
    ).map((r) => r.v);
    if (values.length === 0) continue;
    const box = boxStats(values);
    const top = getRow<{ title: string; year: number }>(
      db,
      `SELECT title, release_year AS year FROM movies WHERE ${variable.known} ORDER BY ${variable.column} DESC, id LIMIT 1`,
    );
    section.figures.push({
      svg: await optionToSvg(boxOption(variable, values, box), {
        size: { width: 800, height: 170 },
        title: variable.label,
      }),
      caption: `${variable.label}: mediana ${variable.unit(box.median)}; la mitad de las ${formatInt(box.n)} películas con el dato está entre ${variable.unit(box.q1)} y ${variable.unit(box.q3)}; ${countOf(box.outliers, 'valor atípico', 'valores atípicos')} (más allá de 1,5 veces el rango intercuartílico)${top ? `; el máximo es ${top.title} (${top.year}), con ${variable.unit(box.max)}` : ''}.`,
    });
  }
  return section;
}

function boxOption(variable: Variable, values: number[], box: BoxStats): Option {
  // Outliers, thinned to one per bucket of the axis (log buckets on a log axis): thousands of dots would
  // cost time and show nothing more.
  const position = (v: number) => (variable.log ? Math.log10(v) : v);
  const low = position(values[0] as number);
  const span = position(values[values.length - 1] as number) - low || 1;
  const seen = new Set<number>();
  const outliers: [number, number][] = [];
  for (const v of values) {
    if (v >= box.low && v <= box.high) continue;
    const bucket = Math.round(((position(v) - low) / span) * OUTLIER_BUCKETS);
    if (seen.has(bucket)) continue;
    seen.add(bucket);
    outliers.push([v, 0]);
  }
  const base = baseOption(variable.label, `${formatInt(box.n)} películas con el dato`, SOURCE_LINE.movies);
  return {
    ...base,
    title: { ...(base.title as Option), textStyle: { fontSize: 15, fontWeight: 'normal', color: TEXT } },
    grid: { ...GRID, top: 58, bottom: 30 },
    yAxis: { type: 'category', data: [''], axisTick: { show: false } },
    xAxis: {
      type: variable.log ? 'log' : 'value',
      ...(variable.log ? { min: logFloor(values[0] as number), max: logCeil(box.max) } : { scale: true }),
      axisLabel: { formatter: variable.unit, color: MUTED, fontSize: 11, hideOverlap: true },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: [
      {
        type: 'boxplot',
        data: [[box.low, box.q1, box.median, box.q3, box.high]],
        boxWidth: [18, 36],
        itemStyle: { color: '#d6e6f5', borderColor: PALETTE[0] },
      },
      {
        type: 'scatter',
        data: outliers,
        symbolSize: 4,
        itemStyle: { color: PALETTE[3], opacity: 0.6 },
      },
    ],
  };
}

function logFloor(v: number): number {
  return 10 ** Math.floor(Math.log10(v));
}

function logCeil(v: number): number {
  return 10 ** Math.ceil(Math.log10(v));
}

// ------------------------------------------------------------------ the catalog charts

async function chartsSection(db: Db): Promise<EdaSection> {
  const section: EdaSection = { id: 'graficos', title: 'Los gráficos del catálogo', figures: [], notes: [] };
  for (const kind of CHART_KINDS) {
    if (kind.filters.includes('nombre')) continue; // a person's films: asked for by name, not part of the overview
    const result = chartData(db, kind.id, {});
    if (!result.ok) continue;
    const chart: ChartData = result.chart;
    if (isEmpty(chart)) {
      section.notes.push(chart.texto);
      continue;
    }
    section.figures.push({ svg: await chartToSvg(chart), caption: chart.texto });
  }
  return section;
}

// ------------------------------------------------------------------ correlations

const NUMERIC: Array<{ label: string; column: string; known: string }> = [
  { label: 'Presupuesto', column: 'budget', known: 'budget > 0' },
  { label: 'Ingresos', column: 'revenue', known: 'revenue > 0' },
  { label: 'Duración', column: 'runtime', known: 'runtime > 0' },
  { label: 'Popularidad', column: 'popularity', known: 'popularity > 0' },
  { label: 'Promedio de votos', column: 'vote_average', known: 'vote_count > 0 AND vote_average IS NOT NULL' },
  { label: 'Votos', column: 'vote_count', known: 'vote_count > 0' },
];

/** Pearson's r of every pair, each over the films that have both values. */
export function correlationMatrix(db: Db): { labels: string[]; r: number[][]; n: number[][] } {
  const columns = NUMERIC.map((c) => `CASE WHEN ${c.known} THEN ${c.column} END AS ${c.column}`);
  const rows = db
    .prepare(`SELECT ${columns.join(', ')} FROM movies`)
    .raw()
    .all() as (number | null)[][];
  const size = NUMERIC.length;
  const r = Array.from({ length: size }, () => new Array<number>(size).fill(1));
  const n = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = i; j < size; j++) {
      const xs: number[] = [];
      const ys: number[] = [];
      for (const row of rows) {
        const x = row[i];
        const y = row[j];
        if (x !== null && x !== undefined && y !== null && y !== undefined) {
          xs.push(x);
          ys.push(y);
        }
      }
      const value = i === j ? 1 : pearson(xs, ys);
      (r[i] as number[])[j] = value;
      (r[j] as number[])[i] = value;
      (n[i] as number[])[j] = xs.length;
      (n[j] as number[])[i] = xs.length;
    }
  }
  return { labels: NUMERIC.map((c) => c.label), r, n };
}

async function correlationsSection(db: Db): Promise<EdaSection> {
  const { labels, r } = correlationMatrix(db);
  const cells: [number, number, number][] = [];
  labels.forEach((_, i) => {
    labels.forEach((_, j) => {
      const value = r[i]?.[j] ?? Number.NaN;
      if (!Number.isNaN(value)) cells.push([j, i, value]);
    });
  });
  const option: Option = {
    ...baseOption(
      'Correlaciones entre columnas numéricas',
      'r de Pearson, cada par sobre las películas con ambos datos',
      SOURCE_LINE.movies,
    ),
    grid: { ...GRID, left: 20, right: 110 },
    xAxis: { type: 'category', data: labels, axisLabel: { color: TEXT, fontSize: 11, interval: 0, rotate: 20 } },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { color: TEXT, fontSize: 11, interval: 0 } },
    visualMap: {
      min: -1,
      max: 1,
      calculable: false,
      orient: 'vertical',
      right: 16,
      top: 'middle',
      itemHeight: 180,
      text: ['1', '−1'],
      textStyle: { color: MUTED },
      inRange: { color: ['#b2182b', '#f7f7f7', '#2166ac'] },
    },
    series: [
      {
        type: 'heatmap',
        data: cells,
        label: { show: true, fontSize: 11, formatter: (p: { value: number[] }) => formatDecimal(p.value[2] ?? 0) },
      },
    ],
  };
  const pairs: { a: string; b: string; r: number }[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const value = r[i]?.[j] ?? Number.NaN;
      if (!Number.isNaN(value)) pairs.push({ a: labels[i] as string, b: labels[j] as string, r: value });
    }
  }
  pairs.sort((x, y) => Math.abs(y.r) - Math.abs(x.r));
  const section: EdaSection = { id: 'correlaciones', title: 'Correlaciones', figures: [], notes: [] };
  if (pairs.length === 0) {
    section.notes.push('No hay datos suficientes para calcular correlaciones.');
    return section;
  }
  const strongest = pairs[0] as (typeof pairs)[number];
  const weakest = pairs[pairs.length - 1] as (typeof pairs)[number];
  section.figures.push({
    svg: await optionToSvg(option, { title: 'Correlaciones entre columnas numéricas' }),
    caption: `La relación más fuerte es la de ${strongest.a.toLowerCase()} con ${strongest.b.toLowerCase()} (r = ${formatDecimal(strongest.r)}); la más débil, ${weakest.a.toLowerCase()} con ${weakest.b.toLowerCase()} (r = ${formatDecimal(weakest.r)}).`,
  });
  return section;
}

// ------------------------------------------------------------------ the page

const escapeHtml = escapeXml;

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  const cell = (tag: 'th' | 'td', text: string, i: number) =>
    `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${escapeHtml(text)}</${tag}>`;
  return [
    '<table>',
    `<thead><tr>${head.map((h, i) => cell('th', h, i)).join('')}</tr></thead>`,
    `<tbody>${rows.map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ].join('');
}

const STYLE = `
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:${TEXT};max-width:860px;margin:2em auto;padding:0 1em;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:1px solid ${GRID_LINE};padding-bottom:.2em}
.meta{color:${MUTED}}figure{margin:1.2em 0}figure svg{max-width:100%;height:auto;display:block}
figcaption{color:${TEXT};margin:.3em 0 0 .2em}table{border-collapse:collapse;margin:1em 0;font-size:.92em}
th,td{border-bottom:1px solid ${GRID_LINE};padding:.3em .7em;text-align:left;vertical-align:top}.num{text-align:right}
nav a{margin-right:1em}`;

function page(sections: EdaSection[], builtAt: string | null): string {
  const body = sections.map((section) => {
    const figures = section.figures.map(
      (f) => `<figure>${f.svg}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
    );
    const notes = section.notes.map((note) => `<p>${escapeHtml(note)}</p>`);
    return [
      `<section id="${section.id}">`,
      `<h2>${escapeHtml(section.title)}</h2>`,
      section.table ?? '',
      ...notes,
      ...figures,
      '</section>',
    ].join('\n');
  });
  const built = builtAt ? `Catálogo construido el ${formatDate(builtAt.slice(0, 10))}. ` : '';
  return `<!doctype html>
<html lang="es">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Filmoteca: análisis exploratorio del catálogo</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Análisis exploratorio del catálogo</h1>
<p class="meta">${escapeHtml(`${built}Fuentes: The Movies Dataset (Kaggle/TMDB) y los listados de Netflix, Amazon Prime Video, Disney+ y Hulu (Kaggle). Generado por npx filmoteca eda.`)}</p>
<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}</nav>
${body.join('\n')}
</body>
</html>
`;
}

// ------------------------------------------------------------------ command

/** Writes `html` to `path` through a temporary file, so a reader never sees half a report. */
export function writeAtomically(path: string, html: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, html);
  renameSync(temporary, path);
}
