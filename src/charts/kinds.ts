/**
 * The charts Filmoteca draws (issue 12): their ids (the `tipo` argument of
 * `grafico` and of `GET /api/grafico/<tipo>`), Spanish titles, which filters
 * each one uses and where its data comes from. Light on purpose (no echarts):
 * commands/args.ts reads it to validate `tipo`.
 */
import { normalizeWords } from '../text/normalize.js';

/** The filters of the `grafico` command (canonical argument names). */
export type ChartFilter = 'nombre' | 'genero' | 'desde' | 'hasta' | 'anio' | 'plataforma';

export interface ChartKind {
  id: string;
  /** The chart's title. */
  title: string;
  /** One line for /ayuda, the OpenAPI docs and error messages. */
  description: string;
  /** Filters it uses; any other given is reported as not used. */
  filters: readonly ChartFilter[];
  /** Which catalog the data comes from: the source line under the chart follows it. */
  source: 'movies' | 'streaming';
}

const MOVIE_FILTERS = ['genero', 'desde', 'hasta', 'anio'] as const;
const YEAR_FILTERS = ['desde', 'hasta', 'anio'] as const;

export const CHART_KINDS: readonly ChartKind[] = [
  {
    id: 'estrenos_anio',
    title: 'Estrenos por año',
    description: 'películas por año de estreno',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'estrenos_mes',
    title: 'Estrenos por mes',
    description: 'películas por mes de estreno',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'estrenos_dia',
    title: 'Estrenos por día de la semana',
    description: 'películas por día de la semana de estreno',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'generos',
    title: 'Películas por género',
    description: 'películas por género',
    filters: YEAR_FILTERS,
    source: 'movies',
  },
  {
    id: 'ingresos_genero',
    title: 'Ingresos por género',
    description: 'ingresos totales y medianos por género',
    filters: YEAR_FILTERS,
    source: 'movies',
  },
  {
    id: 'duracion',
    title: 'Duración de las películas',
    description: 'histograma de la duración en minutos',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'idiomas',
    title: 'Idiomas originales más frecuentes',
    description: 'los 10 idiomas originales con más películas',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'paises',
    title: 'Países de producción más frecuentes',
    description: 'los 10 países con más películas producidas',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'presupuesto_ingresos',
    title: 'Presupuesto e ingresos',
    description: 'presupuesto frente a ingresos (escala logarítmica) y su correlación',
    filters: MOVIE_FILTERS,
    source: 'movies',
  },
  {
    id: 'plataformas',
    title: 'Títulos por plataforma',
    description: 'películas y series de cada plataforma',
    filters: ['anio'],
    source: 'streaming',
  },
  {
    id: 'ratings',
    title: 'Títulos por clasificación',
    description: 'títulos de las plataformas por clasificación por edades',
    filters: ['anio', 'plataforma'],
    source: 'streaming',
  },
  {
    id: 'director',
    title: 'Películas de un director',
    description: 'las películas de un director con su retorno, por fecha de estreno',
    filters: ['nombre', ...MOVIE_FILTERS],
    source: 'movies',
  },
  {
    id: 'actor',
    title: 'Películas de un actor o actriz',
    description: 'las películas de un actor o actriz con su retorno, por fecha de estreno',
    filters: ['nombre', ...MOVIE_FILTERS],
    source: 'movies',
  },
];

const byId = new Map(CHART_KINDS.map((kind) => [kind.id, kind]));
/** Forms users type for an id: «estrenos anio», «Estrenos-Año» (año → ano), «géneros», «Ratings». */
const byWords = new Map(
  CHART_KINDS.flatMap((kind) => {
    const words = normalizeWords(kind.id);
    return [[words, kind] as const, [words.replace(/\banio\b/, 'ano'), kind] as const];
  }),
);

export function chartKind(id: string): ChartKind | undefined {
  return byId.get(id);
}

/** A typed `tipo` (any case, accents, spaces or dashes for `_`) → its chart, if any. */
export function chartKindFromText(text: string): ChartKind | undefined {
  return byId.get(text) ?? byWords.get(normalizeWords(text));
}

export const SOURCE_LINE: Record<ChartKind['source'], string> = {
  movies: 'Fuente: The Movies Dataset (Kaggle/TMDB)',
  streaming: 'Fuente: listados de Netflix, Amazon Prime Video, Disney+ y Hulu (Kaggle)',
};
