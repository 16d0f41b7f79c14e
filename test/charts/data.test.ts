/**
 * The numbers behind each chart, on the project's fixture (data/demo), checked
 * against a reference computed here from the raw rows in plain JavaScript
 * (dates parsed from `release_date`, counts and medians by hand), never with
 * the query under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import type { ChartData } from '../../src/charts/data.js';
import { CHART_KINDS, getChart } from '../../src/charts/index.js';
import { genreName } from '../../src/text/genres.js';
import { ask, fixtureContext } from '../commands/context.js';

let ctx: CommandContext;

interface Movie {
  id: number;
  title: string;
  release_date: string;
  budget: number;
  revenue: number;
  runtime: number | null;
  original_language: string | null;
}

let movies: Movie[];
let genresOf: Map<number, string[]>;

beforeAll(async () => {
  ctx = await fixtureContext();
  movies = ctx.catalog.db
    .prepare('SELECT id, title, release_date, budget, revenue, runtime, original_language FROM movies')
    .all() as Movie[];
  genresOf = new Map();
  for (const row of ctx.catalog.db
    .prepare('SELECT mg.movie_id AS id, g.name FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id')
    .all() as { id: number; name: string }[]) {
    genresOf.set(row.id, [...(genresOf.get(row.id) ?? []), row.name]);
  }
});

/** The chart answer's data, through the command as every channel calls it. */
function chart(args: Record<string, unknown>): ChartData {
  const answer = ask(ctx, 'grafico', args);
  expect(answer.ok, answer.text).toBe(true);
  return answer.data as ChartData;
}

function countBy<T>(items: readonly T[], key: (item: T) => string | number): Map<string | number, number> {
  const counts = new Map<string | number, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

/** Median by the textbook rule (mean of the two middle values when even). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const year = (m: Movie) => Number(m.release_date.slice(0, 4));

describe('estrenos_anio', () => {
  it('bars sum to the movies with a release year, one bar per year from the first to the last', () => {
    const data = chart({ tipo: 'estrenos_anio' });
    const values = data.series[0]?.valores ?? [];
    expect(values.reduce((a, b) => a + b, 0)).toBe(movies.length);
    expect(movies.length).toBe(47); // data/demo/FIXTURE.md: 52 rows read, 47 kept
    const byYear = countBy(movies, year);
    const first = Math.min(...movies.map(year));
    const last = Math.max(...movies.map(year));
    expect(data.categorias).toEqual(Array.from({ length: last - first + 1 }, (_, i) => String(first + i)));
    data.categorias.forEach((y, i) => {
      expect(values[i], y).toBe(byYear.get(Number(y)) ?? 0);
    });
    const best = [...byYear].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))[0] as [number, number];
    expect(data.texto).toBe(
      `El año con más estrenos fue ${best[0]}, con ${best[1]} películas de ${movies.length} (${first}–${last}).`,
    );
  });

  it('filters by genre and years', () => {
    const data = chart({ tipo: 'estrenos_anio', genero: 'Drama', desde: 1990, hasta: 1999 });
    const expected = movies.filter((m) => genresOf.get(m.id)?.includes('Drama') && year(m) >= 1990 && year(m) <= 1999);
    expect(expected.length).toBeGreaterThan(1);
    expect(data.total).toBe(expected.length);
    expect((data.series[0]?.valores ?? []).reduce((a, b) => a + b, 0)).toBe(expected.length);
    expect(data.filtros).toEqual({ genero: 'Drama', desde: 1990, hasta: 1999 });
    expect(data.subtitulo).toBe(`Drama · 1990–1999 · ${expected.length} películas`);
    expect(data.texto).toContain('de drama estrenadas entre 1990 y 1999');
  });
});

describe('estrenos_mes and estrenos_dia', () => {
  it('count the months of release_date, with Spanish month names', () => {
    const data = chart({ tipo: 'estrenos_mes' });
    expect(data.categorias).toEqual([
      'Enero',
      'Febrero',
      'Marzo',
      'Abril',
      'Mayo',
      'Junio',
      'Julio',
      'Agosto',
      'Septiembre',
      'Octubre',
      'Noviembre',
      'Diciembre',
    ]);
    const byMonth = countBy(movies, (m) => Number(m.release_date.slice(5, 7)));
    expect(data.series[0]?.valores).toEqual(Array.from({ length: 12 }, (_, i) => byMonth.get(i + 1) ?? 0));
    // December: 9 films (the same figure test/http.test.ts takes from cantidad_filmaciones_mes).
    expect(data.series[0]?.valores[11]).toBe(9);
    expect(data.texto).toBe('El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).');
  });

  it('count the weekdays of release_date (Monday first), with Spanish names', () => {
    const data = chart({ tipo: 'estrenos_dia' });
    expect(data.categorias).toEqual(['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo']);
    // getUTCDay: 0 = Sunday … 6 = Saturday → ISO 1 = Monday … 7 = Sunday.
    const byDay = countBy(movies, (m) => new Date(`${m.release_date}T00:00:00Z`).getUTCDay() || 7);
    expect(data.series[0]?.valores).toEqual(Array.from({ length: 7 }, (_, i) => byDay.get(i + 1) ?? 0));
    const friday = byDay.get(5) ?? 0;
    expect(data.texto).toContain(`es el viernes, con ${friday} películas`);
  });
});

describe('generos and ingresos_genero', () => {
  it('count movies per genre in Spanish, most frequent first', () => {
    const data = chart({ tipo: 'generos' });
    const counts = countBy([...genresOf.values()].flat(), (g) => g);
    const expected = [...counts].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1));
    expect(data.categorias).toEqual(expected.map(([g]) => genreName(String(g))));
    expect(data.series[0]?.valores).toEqual(expected.map(([, n]) => n));
    expect(data.categorias).toContain('Ciencia ficción');
    expect(data.texto).toBe(
      `El género más frecuente es drama: está en ${counts.get('Drama')} películas de 47 (42,6\u00a0%; una película puede tener varios géneros).`,
    );
  });

  it('total and median revenue per genre over films with revenue', () => {
    const data = chart({ tipo: 'ingresos_genero' });
    const earned = movies.filter((m) => m.revenue > 0);
    expect(data.total).toBe(earned.length);
    const perGenre = new Map<string, number[]>();
    for (const m of earned)
      for (const g of genresOf.get(m.id) ?? []) perGenre.set(g, [...(perGenre.get(g) ?? []), m.revenue]);
    const [totals, medians] = data.series;
    for (const [genre, revenues] of perGenre) {
      const i = data.categorias.indexOf(genreName(genre));
      expect(i, genre).toBeGreaterThanOrEqual(0);
      expect(totals?.valores[i]).toBe(revenues.reduce((a, b) => a + b, 0));
      expect(medians?.valores[i]).toBeCloseTo(median(revenues), 6);
    }
    expect(totals?.valores).toEqual([...(totals?.valores ?? [])].sort((a, b) => b - a));
  });
});

describe('duracion', () => {
  it('is a histogram of 10-minute bins over films with a runtime; the sentence gives the quartiles', () => {
    const data = chart({ tipo: 'duracion' });
    const runtimes = movies.map((m) => m.runtime ?? 0).filter((r) => r > 0);
    const values = data.series[0]?.valores ?? [];
    expect(values.reduce((a, b) => a + b, 0)).toBe(runtimes.length);
    expect(data.categorias[0]).toBe('0–9');
    expect(data.categorias.at(-1)).toBe('≥ 240');
    for (let bin = 0; bin < values.length - 1; bin++) {
      expect(values[bin]).toBe(runtimes.filter((r) => r >= bin * 10 && r < bin * 10 + 10).length);
    }
    expect(values.at(-1)).toBe(runtimes.filter((r) => r >= 240).length);
    expect(data.estadisticas.mediana).toBe(median(runtimes));
    expect(data.estadisticas.mas_de_3_horas).toBe(runtimes.filter((r) => r > 180).length);
  });
});

describe('idiomas and paises', () => {
  it('top original languages, named in Spanish', () => {
    const data = chart({ tipo: 'idiomas' });
    const counts = countBy(
      movies.filter((m) => m.original_language),
      (m) => m.original_language as string,
    );
    const top = [...counts].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, 10);
    expect(data.series[0]?.valores).toEqual(top.map(([, n]) => n));
    expect(data.categorias[0]).toBe('Inglés');
    expect(data.categorias).toContain('Francés');
    expect(data.texto).toBe(
      `El idioma original más frecuente es el inglés: ${counts.get('en')} películas de 47 (85,1\u00a0%).`,
    );
  });

  it('top production countries, named in Spanish', () => {
    const data = chart({ tipo: 'paises' });
    const rows = ctx.catalog.db.prepare('SELECT movie_id, country FROM movie_countries').all() as {
      movie_id: number;
      country: string;
    }[];
    const counts = countBy(rows, (r) => r.country);
    const top = [...counts].sort((a, b) => b[1] - a[1] || (String(a[0]) < String(b[0]) ? -1 : 1)).slice(0, 10);
    expect(data.series[0]?.valores).toEqual(top.map(([, n]) => n));
    expect(data.categorias[0]).toBe('Estados Unidos');
    expect(data.total).toBe(new Set(rows.map((r) => r.movie_id)).size);
  });
});

describe('presupuesto_ingresos', () => {
  it('plots films with budget and revenue > 0 and states their Pearson correlation', () => {
    const data = chart({ tipo: 'presupuesto_ingresos' });
    const both = movies.filter((m) => m.budget > 0 && m.revenue > 0);
    expect(data.puntos?.length).toBe(both.length);
    expect(both.length).toBeLessThan(movies.length); // the fixture has films with an unknown budget
    // Reference: the computational formula r = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
    const r = (xs: number[], ys: number[]) => {
      const n = xs.length;
      const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);
      const sxy = sum(xs.map((x, i) => x * (ys[i] as number)));
      const num = n * sxy - sum(xs) * sum(ys);
      const den = Math.sqrt(
        (n * sum(xs.map((x) => x * x)) - sum(xs) ** 2) * (n * sum(ys.map((y) => y * y)) - sum(ys) ** 2),
      );
      return num / den;
    };
    const expected = r(
      both.map((m) => m.budget),
      both.map((m) => m.revenue),
    );
    expect(data.estadisticas.correlacion).toBeCloseTo(expected, 9);
    const expectedLog = r(
      both.map((m) => Math.log10(m.budget)),
      both.map((m) => Math.log10(m.revenue)),
    );
    expect(data.estadisticas.correlacion_log).toBeCloseTo(expectedLog, 9);
    expect(data.texto).toContain(`En las ${both.length} películas con presupuesto e ingresos conocidos`);
    expect(data.texto).toContain(`es de ${expected.toFixed(2).replace('.', ',')} (Pearson`);
  });
});

describe('plataformas and ratings', () => {
  interface Title {
    platform: string;
    type: string;
    rating: string;
    release_year: number | null;
  }
  const titles = () =>
    ctx.catalog.db.prepare('SELECT platform, type, rating, release_year FROM titles').all() as Title[];

  it('titles per platform split by movie and series; the 56 titles of the fixture', () => {
    const data = chart({ tipo: 'plataformas' });
    expect(data.categorias).toEqual(['Amazon Prime Video', 'Disney+', 'Hulu', 'Netflix']);
    const all = titles();
    expect(all.length).toBe(56); // FIXTURE.md: 18 + 16 + 12 + 10
    const [movieSeries, showSeries] = data.series;
    ['amazon', 'disney', 'hulu', 'netflix'].forEach((p, i) => {
      expect(movieSeries?.valores[i]).toBe(all.filter((t) => t.platform === p && t.type === 'Movie').length);
      expect(showSeries?.valores[i]).toBe(all.filter((t) => t.platform === p && t.type === 'TV Show').length);
    });
    expect(data.texto).toContain('Netflix es la plataforma con más títulos: 18');
    expect(data.fuente).toBe('Fuente: listados de Netflix, Amazon Prime Video, Disney+ y Hulu (Kaggle)');
  });

  it('filters platforms by year', () => {
    const all = titles();
    const year2019 = all.filter((t) => t.release_year === 2019).length;
    const data = chart({ tipo: 'plataformas', anio: 2019 });
    expect(data.total).toBe(year2019);
  });

  it('titles per audience rating, by platform', () => {
    const all = titles().filter((t) => t.platform === 'netflix');
    const data = chart({ tipo: 'ratings', plataforma: 'Netflix' });
    const counts = countBy(all, (t) => t.rating);
    expect(data.total).toBe(18);
    data.categorias.forEach((rating, i) => {
      expect(data.series[0]?.valores[i], rating).toBe(counts.get(rating));
    });
  });
});

describe('director and actor', () => {
  it('a director: the films and returns of get_director, by release date', () => {
    const data = chart({ tipo: 'director', nombre: 'clint eastwood' });
    const director = ask(ctx, 'get_director', { nombre: 'Clint Eastwood' }).data as {
      peliculas: { titulo: string; retorno: number }[];
    };
    expect(data.categorias).toEqual(['Unforgiven (1992)', 'Million Dollar Baby (2004)', 'Gran Torino (2008)']);
    expect(data.series[0]?.valores).toEqual(director.peliculas.map((p) => p.retorno));
    expect(data.texto).toMatch(
      /^De las 3 películas dirigidas por Clint Eastwood, la de mayor retorno es Unforgiven \(1992\), con 11,37 veces/,
    );
  });

  it('an actor: as many films as get_actor counts (those not directed by them)', () => {
    const data = chart({ tipo: 'actor', nombre: 'Tom Hanks' });
    const actor = ask(ctx, 'get_actor', { nombre: 'Tom Hanks' }).data as { peliculas: number; retorno_total: number };
    expect(data.total).toBe(actor.peliculas);
    expect(data.series[0]?.valores.reduce((a, b) => a + b, 0)).toBeCloseTo(actor.retorno_total, 9);
  });

  it('asks for the name when it is missing, and says when a name is not in the catalog', () => {
    const missing = ask(ctx, 'grafico', { tipo: 'director' });
    expect(missing.ok).toBe(false);
    expect(missing.error?.code).toBe('missing_argument');
    expect(missing.text).toContain('Falta «nombre»');
    const unknown = ask(ctx, 'grafico', { tipo: 'actor', nombre: 'Zzyzx Qwerty' });
    expect(unknown.error?.code).toBe('not_found');
  });
});

describe('arguments', () => {
  it('every chart type answers on the fixture with a sentence and a chart request', () => {
    const names: Record<string, string> = { director: 'Clint Eastwood', actor: 'Tom Hanks' };
    for (const kind of CHART_KINDS) {
      const filters = names[kind.id] ? { nombre: names[kind.id] } : {};
      const answer = ask(ctx, 'grafico', { tipo: kind.id, ...filters });
      expect(answer.ok, kind.id).toBe(true);
      expect(answer.text.length, kind.id).toBeGreaterThan(20);
      expect(answer.chart, kind.id).toEqual({ tipo: kind.id, args: filters });
    }
  });

  it('takes tipo in any spelling and refuses an unknown one with the list', () => {
    expect(ask(ctx, 'grafico', { tipo: 'Estrenos Año' }).chart?.tipo).toBe('estrenos_anio');
    expect(ask(ctx, 'grafico', { tipo: 'géneros' }).chart?.tipo).toBe('generos');
    const bad = ask(ctx, 'grafico', { tipo: 'pastel' });
    expect(bad.error).toMatchObject({ code: 'bad_argument', argument: 'tipo' });
    expect(bad.text).toContain('«pastel» no es un tipo de gráfico. Hay: estrenos_anio,');
  });

  it('refuses contradictory years, and says which filters a chart does not use', () => {
    expect(ask(ctx, 'grafico', { tipo: 'generos', desde: 2000, hasta: 1990 }).text).toBe(
      '«desde» (2000) es posterior a «hasta» (1990).',
    );
    expect(ask(ctx, 'grafico', { tipo: 'generos', anio: 2000, desde: 1990 }).error?.code).toBe('bad_argument');
    const ignored = ask(ctx, 'grafico', { tipo: 'plataformas', genero: 'Drama' });
    expect(ignored.ok).toBe(true);
    expect(ignored.text).toContain('(El gráfico «plataformas» no usa el filtro «genero»: no lo apliqué.)');
    expect(ignored.chart).toEqual({ tipo: 'plataformas', args: {} });
  });

  it('answers without a chart when the filters leave nothing to draw', () => {
    const answer = ask(ctx, 'grafico', { tipo: 'estrenos_anio', anio: 2090 });
    expect(answer.ok).toBe(true);
    expect(answer.text).toBe('No hay películas estrenadas en 2090 en el catálogo.');
    expect(answer.chart).toBeUndefined();
  });

  it('caches the data by chart, arguments and catalog', () => {
    const first = getChart(ctx.catalog.db, 'generos', { desde: 1990 });
    expect(getChart(ctx.catalog.db, 'generos', { desde: 1990 })).toBe(first);
    expect(getChart(ctx.catalog.db, 'generos', { desde: 1991 })).not.toBe(first);
  });
});
