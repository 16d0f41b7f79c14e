/**
 * The data behind each chart: one query per chart kind (bound parameters only,
 * statements prepared once per handle), the numbers the chart draws, and the
 * one Spanish sentence that states its main fact, computed from those numbers.
 * No echarts here: commands/grafico.ts answers from this module alone.
 */
import { allRows, PLATFORM_NAMES, titleWithYear } from '../../commands/common.js';
import type { CanonicalArgs } from '../../commands/types.js';
import type { Db } from '../catalog/catalog.js';
import {
  countOf,
  formatDecimal,
  formatInt,
  formatMoney,
  formatPercent,
  MONTHS,
  monthName,
  WEEKDAYS,
  weekdayName,
} from '../format.js';
import { countryName, languageName } from '../text/codes.js';
import { genreName } from '../text/genres.js';
import { normalizeKey } from '../text/normalize.js';
import { CHART_KINDS, type ChartFilter, type ChartKind, chartKind, SOURCE_LINE } from './kinds.js';
import { boxStats, pearson, percentile } from './stats.js';
import { countLists, hasAny, type MovieTable, movieTable, ranked, selectMovies } from './table.js';

/** How the chart draws its numbers (src/charts/spec.ts). */
export type ChartShape =
  | 'barras' // vertical bars, one per category
  | 'barras_horizontales' // horizontal bars, largest on top
  | 'paneles' // two horizontal-bar panels side by side sharing the categories
  | 'dispersion'; // points on log-log axes

export interface ChartSeries {
  nombre: string;
  valores: number[];
}

/** A chart's numbers, as the `grafico` command returns them in `data` and the renderer draws them. */
export interface ChartData {
  tipo: string;
  titulo: string;
  /** Filters and population, under the title: «Drama · 1990–1999 · 1.234 películas». */
  subtitulo: string;
  fuente: string;
  /** The one sentence with the chart's main fact. */
  texto: string;
  /** The filters applied, canonical. */
  filtros: CanonicalArgs;
  /** Filters given that this chart does not use (said in the answer). */
  ignorados: string[];
  /** The population the chart counts (movies, titles, or films of the person). */
  total: number;
  forma: ChartShape;
  ejes: { categorias: string; valores: string };
  /** Money on the value axis (US$). */
  dinero: boolean;
  categorias: string[];
  series: ChartSeries[];
  /** Scatter only: [x, y] pairs. */
  puntos?: [number, number][];
  /** Figures the sentence states (median, correlation…), by name. */
  estadisticas: Record<string, number | string | null>;
}

export type ChartResult =
  | { ok: true; chart: ChartData }
  | { ok: false; code: 'bad_argument' | 'missing_argument'; argument: string; message: string };

/** The chart of `tipo` with canonical filters `args` (already resolved by commands/args.ts). */
export function chartData(db: Db, tipo: string, args: CanonicalArgs): ChartResult {
  const kind = chartKind(tipo);
  if (!kind) {
    return {
      ok: false,
      code: 'bad_argument',
      argument: 'tipo',
      message: `«${tipo}» no es un tipo de gráfico. Hay: ${CHART_KINDS.map((k) => k.id).join(', ')}.`,
    };
  }
  const filters = readFilters(kind, args);
  if ('message' in filters) return { ok: false, ...filters };
  const chart = BUILDERS[kind.id as keyof typeof BUILDERS](db, filters);
  const given = Object.keys(args).filter((name) => name !== 'tipo');
  const ignored = given.filter((name) => !kind.filters.includes(name as ChartFilter));
  return {
    ok: true,
    chart: {
      tipo: kind.id,
      titulo: chart.titulo ?? kind.title,
      subtitulo: subtitle(filters, chart.poblacion),
      fuente: SOURCE_LINE[kind.source],
      texto: chart.texto,
      filtros: filters.applied,
      ignorados: ignored,
      total: chart.total,
      forma: chart.forma,
      ejes: chart.ejes,
      dinero: chart.dinero ?? false,
      categorias: chart.categorias ?? [],
      series: chart.series ?? [],
      ...(chart.puntos ? { puntos: chart.puntos } : {}),
      estadisticas: chart.estadisticas ?? {},
    },
  };
}

/** Whether a chart has anything to draw. */
export function isEmpty(chart: ChartData): boolean {
  return chart.total === 0 || (chart.puntos ? chart.puntos.length === 0 : chart.series.every(isAllZero));
}

function isAllZero(series: ChartSeries): boolean {
  return series.valores.every((v) => v === 0);
}

// ------------------------------------------------------------------ filters

interface Filters {
  applied: CanonicalArgs;
  genero?: string;
  desde?: number;
  hasta?: number;
  plataforma?: string;
  nombre?: string;
}

function readFilters(
  kind: ChartKind,
  args: CanonicalArgs,
): Filters | { code: 'bad_argument' | 'missing_argument'; argument: string; message: string } {
  const uses = (name: ChartFilter) => kind.filters.includes(name) && args[name] !== undefined;
  const applied: CanonicalArgs = {};
  const filters: Filters = { applied };
  if (uses('anio') && (uses('desde') || uses('hasta'))) {
    return {
      code: 'bad_argument',
      argument: 'anio',
      message: 'Indica «anio» (un año) o «desde»/«hasta» (un intervalo), no los dos.',
    };
  }
  if (uses('anio')) {
    filters.desde = filters.hasta = Number(args.anio);
    applied.anio = Number(args.anio);
  }
  if (uses('desde')) filters.desde = applied.desde = Number(args.desde);
  if (uses('hasta')) filters.hasta = applied.hasta = Number(args.hasta);
  if (filters.desde !== undefined && filters.hasta !== undefined && filters.desde > filters.hasta) {
    return {
      code: 'bad_argument',
      argument: 'desde',
      message: `«desde» (${filters.desde}) es posterior a «hasta» (${filters.hasta}).`,
    };
  }
  if (uses('genero')) filters.genero = applied.genero = String(args.genero);
  if (uses('plataforma')) filters.plataforma = applied.plataforma = String(args.plataforma);
  if (kind.filters.includes('nombre')) {
    if (args.nombre === undefined) {
      const who = kind.id === 'director' ? 'del director o directora' : 'del actor o actriz';
      return {
        code: 'missing_argument',
        argument: 'nombre',
        message: `Falta «nombre»: el nombre ${who} del gráfico. Ejemplo: grafico ${kind.id} ${kind.id === 'director' ? 'John Lasseter' : 'Tom Hanks'}.`,
      };
    }
    filters.nombre = applied.nombre = String(args.nombre);
  }
  return filters;
}

/** A WHERE clause over `movies m` for the movie filters (fixed text; values bound by name). */
function movieWhere(f: Filters, extra: string[] = []): { sql: string; params: Record<string, string | number> } {
  const conditions = [...extra];
  const params: Record<string, string | number> = {};
  if (f.desde !== undefined) {
    conditions.push('m.release_year >= @desde');
    params.desde = f.desde;
  }
  if (f.hasta !== undefined) {
    conditions.push('m.release_year <= @hasta');
    params.hasta = f.hasta;
  }
  if (f.genero !== undefined) {
    conditions.push(
      'm.id IN (SELECT mg.movie_id FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id WHERE g.name = @genero)',
    );
    params.genero = f.genero;
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

function subtitle(f: Filters, population: string): string {
  const parts: string[] = [];
  if (f.nombre) parts.push(f.nombre);
  if (f.genero) parts.push(genreName(f.genero));
  if (f.plataforma) parts.push(PLATFORM_NAMES[f.plataforma] ?? f.plataforma);
  if (f.desde !== undefined && f.desde === f.hasta) parts.push(String(f.desde));
  else if (f.desde !== undefined && f.hasta !== undefined) parts.push(`${f.desde}–${f.hasta}`);
  else if (f.desde !== undefined) parts.push(`desde ${f.desde}`);
  else if (f.hasta !== undefined) parts.push(`hasta ${f.hasta}`);
  parts.push(population);
  return parts.join(' · ');
}

/** «de drama estrenadas entre 1990 y 1999»: the filters inside a sentence. */
function scope(f: Filters, singular = false): string {
  const parts: string[] = [];
  const released = singular ? 'estrenada' : 'estrenadas';
  if (f.genero) parts.push(`de ${genreName(f.genero).toLowerCase()}`);
  if (f.desde !== undefined && f.desde === f.hasta) parts.push(`${released} en ${f.desde}`);
  else if (f.desde !== undefined && f.hasta !== undefined) parts.push(`${released} entre ${f.desde} y ${f.hasta}`);
  else if (f.desde !== undefined) parts.push(`${released} desde ${f.desde}`);
  else if (f.hasta !== undefined) parts.push(`${released} hasta ${f.hasta}`);
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

/**
 * A sentence about the filtered movies: «Entre las películas de drama estrenadas
 * en 1995, el mes con más estrenos es …»; without filters, the sentence alone.
 */
function withScope(f: Filters, sentence: string): string {
  const where = scope(f);
  return where ? `Entre las películas${where}, ${sentence}` : capitalize(sentence);
}

function noMovies(f: Filters): string {
  return `No hay películas${scope(f)} en el catálogo.`;
}

// ------------------------------------------------------------------ builders

interface Built {
  titulo?: string;
  texto: string;
  total: number;
  poblacion: string;
  forma: ChartShape;
  ejes: { categorias: string; valores: string };
  dinero?: boolean;
  categorias?: string[];
  series?: ChartSeries[];
  puntos?: [number, number][];
  estadisticas?: Record<string, number | string | null>;
}

type Builder = (db: Db, f: Filters) => Built;

const MOVIES = (n: number) => countOf(n, 'película', 'películas');
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Index of the largest value (the first one on ties). */
function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? Number.NEGATIVE_INFINITY)) best = i;
  });
  return best;
}

/** The movies that pass the filters: the table (src/charts/table.ts) and the chosen positions. */
function chosen(db: Db, f: Filters): { t: MovieTable; rows: Int32Array } {
  const t = movieTable(db);
  return { t, rows: selectMovies(t, f) };
}

function countsBy(db: Db, column: 'year' | 'month' | 'weekday', f: Filters): Map<number, number> {
  const { t, rows } = chosen(db, f);
  const values = t[column];
  const counts = new Map<number, number>();
  for (const row of rows) {
    const value = values[row] as number;
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return counts;
}

const releasesPerYear: Builder = (db, f) => {
  const counts = countsBy(db, 'year', f);
  const years = [...counts.keys()];
  const first = Math.min(...years);
  const last = Math.max(...years);
  // Every year between the first and the last, so a year without releases shows as a gap.
  const categories = years.length === 0 ? [] : Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const values = categories.map((year) => counts.get(year) ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  const top = argmax(values);
  const texto =
    total === 0
      ? noMovies(f)
      : withScope(
          f,
          `el año con más estrenos fue ${categories[top]}, con ${MOVIES(values[top] ?? 0)} de ${formatInt(total)} (${first === last ? first : `${first}–${last}`}).`,
        );
  return {
    texto,
    total,
    poblacion: MOVIES(total),
    forma: 'barras',
    ejes: { categorias: 'Año de estreno', valores: 'Películas' },
    categorias: categories.map(String),
    series: [{ nombre: 'Películas', valores: values }],
    estadisticas: { anio_max: categories[top] ?? null, maximo: values[top] ?? 0 },
  };
};

function perCalendarUnit(column: 'month' | 'weekday', names: readonly string[], unit: 'mes' | 'día'): Builder {
  return (db, f) => {
    const counts = countsBy(db, column, f);
    const values = names.map((_, i) => counts.get(i + 1) ?? 0);
    const total = values.reduce((a, b) => a + b, 0);
    const top = argmax(values);
    const name = unit === 'mes' ? monthName(top + 1) : weekdayName(top + 1);
    const texto =
      total === 0
        ? noMovies(f)
        : unit === 'mes'
          ? withScope(
              f,
              `el mes con más estrenos es ${name}, con ${MOVIES(values[top] ?? 0)} (${formatPercent((values[top] ?? 0) / total)} de ${formatInt(total)}).`,
            )
          : withScope(
              f,
              `el día con más estrenos es el ${name}, con ${MOVIES(values[top] ?? 0)} (${formatPercent((values[top] ?? 0) / total)} de ${formatInt(total)}).`,
            );
    return {
      texto,
      total,
      poblacion: MOVIES(total),
      forma: 'barras',
      ejes: { categorias: unit === 'mes' ? 'Mes de estreno' : 'Día de la semana del estreno', valores: 'Películas' },
      categorias: names.map(capitalize),
      series: [{ nombre: 'Películas', valores: values }],
      estadisticas: { [unit === 'mes' ? 'mes_max' : 'dia_max']: name, maximo: values[top] ?? 0 },
    };
  };
}

const moviesPerGenre: Builder = (db, f) => {
  const { t, rows: chosenRows } = chosen(db, f);
  const rows = ranked(countLists(t.genres, chosenRows)).map(([k, n]) => ({ k, n }));
  const total = chosenRows.length;
  const [top] = rows;
  const texto = !top
    ? noMovies(f)
    : withScope(
        f,
        `el género más frecuente es ${genreName(top.k).toLowerCase()}: está en ${MOVIES(top.n)} de ${formatInt(total)} (${formatPercent(top.n / total)}; una película puede tener varios géneros).`,
      );
  return {
    texto,
    total: rows.length === 0 ? 0 : total,
    poblacion: MOVIES(total),
    forma: 'barras_horizontales',
    ejes: { categorias: 'Género', valores: 'Películas' },
    categorias: rows.map((r) => genreName(r.k)),
    series: [{ nombre: 'Películas', valores: rows.map((r) => r.n) }],
    estadisticas: { genero_max: top?.k ?? null },
  };
};

const revenuePerGenre: Builder = (db, f) => {
  const { t, rows } = chosen(db, f);
  const byGenre = new Map<string, number[]>();
  let films = 0;
  for (const row of rows) {
    const revenue = t.revenue[row] as number;
    if (revenue <= 0) continue;
    films++;
    for (let k = t.genres.start[row] as number; k < (t.genres.start[row + 1] as number); k++) {
      const name = t.genres.names[t.genres.index[k] as number] as string;
      const list = byGenre.get(name);
      if (list) list.push(revenue);
      else byGenre.set(name, [revenue]);
    }
  }
  const genres = [...byGenre]
    .map(([name, values]) => {
      values.sort((a, b) => a - b);
      return { name, total: values.reduce((a, b) => a + b, 0), median: percentile(values, 0.5) };
    })
    .sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : 1));
  const byTotal = genres[0];
  const byMedian = genres[argmax(genres.map((g) => g.median))];
  const texto =
    !byTotal || !byMedian
      ? `No hay películas${scope(f)} con ingresos conocidos en el catálogo.`
      : withScope(
          f,
          `${genreName(byTotal.name).toLowerCase()} es el género que más recaudó: ${formatMoney(byTotal.total)} en total; la mediana más alta es la de ${genreName(byMedian.name).toLowerCase()}, ${formatMoney(byMedian.median)} por película (${MOVIES(films)} con ingresos conocidos).`,
        );
  return {
    texto,
    total: films,
    poblacion: `${MOVIES(films)} con ingresos`,
    forma: 'paneles',
    ejes: { categorias: 'Género', valores: 'Ingresos' },
    dinero: true,
    categorias: genres.map((g) => genreName(g.name)),
    series: [
      { nombre: 'Total', valores: genres.map((g) => g.total) },
      { nombre: 'Mediana por película', valores: genres.map((g) => g.median) },
    ],
    estadisticas: { genero_total_max: byTotal?.name ?? null, genero_mediana_max: byMedian?.name ?? null },
  };
};

/** Runtime bins of 10 minutes; the last one holds everything from LONGEST_BIN on. */
const BIN_MINUTES = 10;
const LONGEST_BIN = 240;

const runtimes: Builder = (db, f) => {
  const { t, rows } = chosen(db, f);
  const values: number[] = [];
  for (const row of rows) if ((t.runtime[row] as number) > 0) values.push(t.runtime[row] as number);
  values.sort((a, b) => a - b);
  const bins = LONGEST_BIN / BIN_MINUTES + 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const bin = Math.min(Math.floor(v / BIN_MINUTES), bins - 1);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  const labels = counts.map((_, i) =>
    i === bins - 1 ? `≥ ${LONGEST_BIN}` : `${i * BIN_MINUTES}–${i * BIN_MINUTES + BIN_MINUTES - 1}`,
  );
  const box = boxStats(values);
  const long = values.filter((v) => v > 180).length;
  const texto =
    values.length === 0
      ? `No hay películas${scope(f)} con duración conocida en el catálogo.`
      : `La mitad de las ${MOVIES(values.length)}${scope(f)} con duración conocida dura entre ${formatInt(box.q1)} y ${formatInt(box.q3)} minutos (mediana: ${formatInt(box.median)}); ${long === 0 ? 'ninguna dura' : countOf(long, 'dura', 'duran')} más de 3 horas.`;
  return {
    texto,
    total: values.length,
    poblacion: `${MOVIES(values.length)} con duración`,
    forma: 'barras',
    ejes: { categorias: 'Duración (minutos)', valores: 'Películas' },
    categorias: labels,
    series: [{ nombre: 'Películas', valores: counts }],
    estadisticas: { mediana: box.median, q1: box.q1, q3: box.q3, mas_de_3_horas: long, maximo: box.max },
  };
};

const TOP = 10;

const languages: Builder = (db, f) => {
  const { t, rows: chosenRows } = chosen(db, f);
  const counts = new Map<string, number>();
  let total = 0;
  for (const row of chosenRows) {
    const language = t.language[row] as number;
    if (language < 0) continue;
    total++;
    const code = t.languages[language] as string;
    counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  const rows = ranked(counts)
    .slice(0, TOP)
    .map(([k, n]) => ({ k, n }));
  const [top] = rows;
  const texto = !top
    ? noMovies(f)
    : withScope(
        f,
        `el idioma original más frecuente es el ${languageName(top.k)}: ${MOVIES(top.n)} de ${formatInt(total)} (${formatPercent(top.n / total)}).`,
      );
  return {
    texto,
    total,
    poblacion: `${MOVIES(total)} con idioma`,
    forma: 'barras_horizontales',
    ejes: { categorias: 'Idioma original', valores: 'Películas' },
    categorias: rows.map((r) => capitalize(languageName(r.k))),
    series: [{ nombre: 'Películas', valores: rows.map((r) => r.n) }],
    estadisticas: { idioma_max: top?.k ?? null, resto: total - rows.reduce((s, r) => s + r.n, 0) },
  };
};

const countries: Builder = (db, f) => {
  const { t, rows: chosenRows } = chosen(db, f);
  const rows = ranked(countLists(t.countries, chosenRows))
    .slice(0, TOP)
    .map(([k, n]) => ({ k, n }));
  const total = chosenRows.filter((row) => hasAny(t.countries, row)).length;
  const [top] = rows;
  const texto = !top
    ? noMovies(f)
    : withScope(
        f,
        `${countryName(top.k)} es el país con más producciones: ${MOVIES(top.n)} de ${formatInt(total)} con país conocido (${formatPercent(top.n / total)}; una película puede tener varios países).`,
      );
  return {
    texto,
    total,
    poblacion: `${MOVIES(total)} con país`,
    forma: 'barras_horizontales',
    ejes: { categorias: 'País de producción', valores: 'Películas' },
    categorias: rows.map((r) => countryName(r.k)),
    series: [{ nombre: 'Películas', valores: rows.map((r) => r.n) }],
    estadisticas: { pais_max: top?.k ?? null },
  };
};

const budgetVsRevenue: Builder = (db, f) => {
  const { t, rows } = chosen(db, f);
  const points: [number, number][] = [];
  for (const row of rows) {
    const budget = t.budget[row] as number;
    const revenue = t.revenue[row] as number;
    if (budget > 0 && revenue > 0) points.push([budget, revenue]);
  }
  const r = pearson(
    points.map((p) => p[0]),
    points.map((p) => p[1]),
  );
  const rLog = pearson(
    points.map((p) => Math.log10(p[0])),
    points.map((p) => Math.log10(p[1])),
  );
  const texto =
    points.length < 2
      ? `No hay suficientes películas${scope(f)} con presupuesto e ingresos conocidos para medir su relación.`
      : `En las ${MOVIES(points.length)}${scope(f)} con presupuesto e ingresos conocidos, la correlación entre ambos es de ${formatDecimal(r)} (Pearson; ${formatDecimal(rLog)} entre sus logaritmos): ${strength(r)}.`;
  return {
    texto,
    total: points.length,
    poblacion: `${MOVIES(points.length)} con presupuesto e ingresos`,
    forma: 'dispersion',
    ejes: { categorias: 'Presupuesto (escala logarítmica)', valores: 'Ingresos (escala logarítmica)' },
    dinero: true,
    puntos: points,
    estadisticas: {
      correlacion: Number.isNaN(r) ? null : r,
      correlacion_log: Number.isNaN(rLog) ? null : rLog,
    },
  };
};

/** Words for |r| (the usual rule of thumb). */
function strength(r: number): string {
  const a = Math.abs(r);
  const sign = r < 0 ? ' negativa' : '';
  if (a >= 0.7) return `una relación${sign} fuerte`;
  if (a >= 0.4) return `una relación${sign} moderada`;
  if (a >= 0.2) return `una relación${sign} débil`;
  return 'casi ninguna relación';
}

const PLATFORM_ORDER = Object.keys(PLATFORM_NAMES);

const platforms: Builder = (db, f) => {
  const rows = allRows<{ platform: string; type: string; n: number }>(
    db,
    `SELECT platform, type, count(*) AS n FROM titles WHERE (@anio IS NULL OR release_year = @anio)
     GROUP BY platform, type`,
    { anio: f.desde ?? null },
  );
  const count = (platform: string, type: string) =>
    rows.find((r) => r.platform === platform && r.type === type)?.n ?? 0;
  const movies = PLATFORM_ORDER.map((p) => count(p, 'Movie'));
  const shows = PLATFORM_ORDER.map((p) => count(p, 'TV Show'));
  const totals = PLATFORM_ORDER.map((_, i) => (movies[i] ?? 0) + (shows[i] ?? 0));
  const total = totals.reduce((a, b) => a + b, 0);
  const top = argmax(totals);
  const when = f.desde !== undefined ? ` estrenados en ${f.desde}` : '';
  const texto =
    total === 0
      ? `No hay títulos${when} en las plataformas.`
      : `${PLATFORM_NAMES[PLATFORM_ORDER[top] as string]} es la plataforma con más títulos${when}: ${formatInt(totals[top] ?? 0)} (${countOf(movies[top] ?? 0, 'película', 'películas')} y ${countOf(shows[top] ?? 0, 'serie', 'series')}) de ${formatInt(total)}.`;
  return {
    texto,
    total,
    poblacion: countOf(total, 'título', 'títulos'),
    forma: 'barras',
    ejes: { categorias: 'Plataforma', valores: 'Títulos' },
    categorias: PLATFORM_ORDER.map((p) => PLATFORM_NAMES[p] as string),
    series: [
      { nombre: 'Películas', valores: movies },
      { nombre: 'Series', valores: shows },
    ],
    estadisticas: { plataforma_max: PLATFORM_ORDER[top] ?? null },
  };
};

/** Ratings shown one by one; the rest are summed into «Otras». */
const MAX_RATINGS = 15;

const ratings: Builder = (db, f) => {
  const rows = allRows<{ k: string; n: number }>(
    db,
    `SELECT rating AS k, count(*) AS n FROM titles
     WHERE (@anio IS NULL OR release_year = @anio) AND (@plataforma IS NULL OR platform = @plataforma)
     GROUP BY rating ORDER BY n DESC, k`,
    { anio: f.desde ?? null, plataforma: f.plataforma ?? null },
  );
  const total = rows.reduce((s, r) => s + r.n, 0);
  const shown = rows.length > MAX_RATINGS ? rows.slice(0, MAX_RATINGS - 1) : rows;
  const rest = total - shown.reduce((s, r) => s + r.n, 0);
  const categories = shown.map((r) => r.k);
  const values = shown.map((r) => r.n);
  if (rest > 0) {
    categories.push('Otras');
    values.push(rest);
  }
  const [top] = rows;
  const where = [
    f.plataforma ? ` de ${PLATFORM_NAMES[f.plataforma]}` : '',
    f.desde !== undefined ? ` estrenados en ${f.desde}` : '',
  ].join('');
  const texto = !top
    ? `No hay títulos${where} en las plataformas.`
    : `La clasificación más frecuente entre los ${formatInt(total)} títulos${where} es ${top.k}, con ${countOf(top.n, 'título', 'títulos')} (${formatPercent(top.n / total)}).`;
  return {
    texto,
    total,
    poblacion: countOf(total, 'título', 'títulos'),
    forma: 'barras_horizontales',
    ejes: { categorias: 'Clasificación', valores: 'Títulos' },
    categorias: categories,
    series: [{ nombre: 'Títulos', valores: values }],
    estadisticas: { rating_max: top?.k ?? null },
  };
};

interface PersonFilm {
  titulo: string;
  fecha: string;
  anio: number;
  retorno: number;
  presupuesto: number;
}

/**
 * The films of a person as get_director / get_actor count them: directed, or in
 * the cast without having directed them (several TMDB people may share the name).
 */
function personFilms(db: Db, f: Filters, role: 'director' | 'actor'): PersonFilm[] {
  const person = 'SELECT id FROM people WHERE name_key = @key AND name = @name';
  const films =
    role === 'director'
      ? `SELECT movie_id FROM movie_directors WHERE person_id IN (${person})`
      : `SELECT movie_id FROM movie_cast WHERE person_id IN (${person})
         EXCEPT SELECT movie_id FROM movie_directors WHERE person_id IN (${person})`;
  const where = movieWhere(f, [`m.id IN (${films})`]);
  return allRows<PersonFilm>(
    db,
    `SELECT m.title AS titulo, m.release_date AS fecha, m.release_year AS anio, m.return AS retorno,
            m.budget AS presupuesto
     FROM movies m ${where.sql} ORDER BY m.release_date, m.title`,
    { ...where.params, key: normalizeKey(f.nombre ?? ''), name: f.nombre ?? '' },
  );
}

function personChart(role: 'director' | 'actor'): Builder {
  return (db, f) => {
    const films = personFilms(db, f, role);
    const name = f.nombre ?? '';
    const best = films[argmax(films.map((film) => film.retorno))];
    const unknown = films.filter((film) => film.presupuesto <= 0).length;
    const noBudget =
      unknown === 0
        ? ''
        : ` ${countOf(unknown, 'película no tiene', 'películas no tienen')} presupuesto conocido (retorno 0).`;
    const what = role === 'director' ? 'dirigidas por' : 'con';
    const texto =
      films.length === 0
        ? `${name} no figura ${role === 'director' ? 'como director' : 'como intérprete'} en ninguna película${scope(f, true)} del catálogo.`
        : films.length === 1 && best
          ? `La única película${scope(f, true)} ${role === 'director' ? 'dirigida por' : 'con'} ${name} es ${titleWithYear(best.titulo, best.anio)}, ${best.retorno > 0 ? `con un retorno de ${formatDecimal(best.retorno)} veces su presupuesto` : 'sin presupuesto conocido (retorno 0)'}.`
          : best && best.retorno > 0
            ? `De las ${MOVIES(films.length)}${scope(f)} ${what} ${name}, la de mayor retorno es ${titleWithYear(best.titulo, best.anio)}, con ${formatDecimal(best.retorno)} veces su presupuesto.${noBudget}`
            : `Ninguna de las ${MOVIES(films.length)}${scope(f)} ${what} ${name} tiene presupuesto e ingresos conocidos: su retorno es 0.`;
    return {
      titulo: role === 'director' ? `Películas dirigidas por ${name}` : `Películas de ${name}`,
      texto,
      total: films.length,
      poblacion: MOVIES(films.length),
      forma: 'barras',
      ejes: { categorias: 'Película (por fecha de estreno)', valores: 'Retorno (ingresos / presupuesto)' },
      categorias: films.map((film) => titleWithYear(film.titulo, film.anio)),
      series: [{ nombre: 'Retorno', valores: films.map((film) => film.retorno) }],
      estadisticas: {
        mejor: best ? best.titulo : null,
        retorno_max: best?.retorno ?? 0,
        sin_presupuesto: unknown,
        retorno_total: films.reduce((s, film) => s + film.retorno, 0),
      },
    };
  };
}

const BUILDERS = {
  estrenos_anio: releasesPerYear,
  estrenos_mes: perCalendarUnit('month', MONTHS, 'mes'),
  estrenos_dia: perCalendarUnit('weekday', WEEKDAYS, 'día'),
  generos: moviesPerGenre,
  ingresos_genero: revenuePerGenre,
  duracion: runtimes,
  idiomas: languages,
  paises: countries,
  presupuesto_ingresos: budgetVsRevenue,
  plataformas: platforms,
  ratings,
  director: personChart('director'),
  actor: personChart('actor'),
} satisfies Record<string, Builder>;
