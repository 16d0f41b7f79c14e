/**
 * `npm run bench -- commands`: every command's latency in-process (p50/p99
 * over many calls with varied arguments drawn from the catalog; target p99 ≤ 5 ms)
 * and the HTTP API's requests/s over loopback with autocannon (target
 * ≥ 2,000 req/s; the server runs alone in a child process, so on one core).
 *
 * Catalog: the full-scale synthetic one (bench/fullscale.ts) when it exists,
 * else the one built from ../shared/data (said in the output). Options:
 * `--calls=N` (per command, default 300), `--seconds=N` (autocannon, default 10),
 * `--no-http`.
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { createCommandContext, runCommand } from '../commands/index.js';
import type { CommandContext } from '../commands/types.js';
import { type Db, openCatalog } from '../src/catalog/catalog.js';
import { catalogPath, loadAutocannon, option, percentiles, spawnServer } from './common.js';

/** Varied raw arguments per command, drawn from the catalog itself (as users would type them). */
export function argumentSets(db: Db): Record<string, Record<string, unknown>[]> {
  const column = (sql: string) => (db.prepare(sql).all() as { v: string | number }[]).map((r) => r.v);
  const titles = column('SELECT title AS v FROM movies ORDER BY vote_count DESC LIMIT 200');
  const streamingTitles = column('SELECT title AS v FROM titles ORDER BY src_order LIMIT 200');
  const actors = column(
    'SELECT p.name AS v FROM movie_cast c JOIN people p ON p.id = c.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 100',
  );
  const directors = column(
    'SELECT p.name AS v FROM movie_directors d JOIN people p ON p.id = d.person_id GROUP BY p.id ORDER BY count(*) DESC LIMIT 100',
  );
  const collections = column('SELECT name AS v FROM collections LIMIT 100');
  const companies = column(
    'SELECT c.name AS v FROM movie_companies mc JOIN companies c ON c.id = mc.company_id GROUP BY c.id ORDER BY count(*) DESC LIMIT 100',
  );
  const ratings = column('SELECT DISTINCT rating AS v FROM titles');
  const genres = column('SELECT name AS v FROM genres');
  const years = Array.from({ length: 15 }, (_, i) => 2007 + i);
  const platforms = ['netflix', 'Amazon Prime', 'Disney+', 'hulu'];
  const months = [
    'enero',
    'febrero',
    'marzo',
    '4',
    'Mayo',
    'junio',
    'julio',
    'agosto',
    'setiembre',
    '10',
    'noviembre',
    'diciembre',
  ];
  const days = ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'];
  const countries = ['Francia', 'US', 'Estados Unidos', 'España', 'japan', 'MX', 'Alemania', 'Reino Unido'];
  const languages = ['francés', 'en', 'español', 'japanese', 'it', 'de'];
  const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
  const n = 50;
  const sets = (make: (i: number) => Record<string, unknown>) => Array.from({ length: n }, (_, i) => make(i));
  return {
    cantidad_filmaciones_mes: sets((i) => ({ mes: pick(months, i) })),
    cantidad_filmaciones_dia: sets((i) => ({ dia: pick(days, i) })),
    score_titulo: sets((i) => ({ titulo: pick(titles, i) })),
    votos_titulo: sets((i) => ({ titulo: pick(titles, i * 7) })),
    get_actor: sets((i) => ({ nombre: pick(actors, i) })),
    get_director: sets((i) => ({ nombre: pick(directors, i) })),
    franquicia: sets((i) => ({ franquicia: pick(collections, i) })),
    peliculas_pais: sets((i) => ({ pais: pick(countries, i) })),
    productoras_exitosas: sets((i) => ({ productora: pick(companies, i) })),
    peliculas_idioma: sets((i) => ({ idioma: pick(languages, i) })),
    peliculas_duracion: sets((i) => ({ titulo: pick(titles, i * 3) })),
    recomendacion: sets((i) => ({ titulo: i % 2 ? pick(titles, i) : pick(streamingTitles, i) })),
    get_max_duration: sets((i) => ({
      anio: pick(years, i),
      plataforma: pick(platforms, i),
      tipo_duracion: i % 3 ? 'min' : 'season',
    })),
    get_score_count: sets((i) => ({ plataforma: pick(platforms, i), puntaje: '3,5', anio: pick(years, i) })),
    get_count_platform: sets((i) => ({ plataforma: pick(platforms, i) })),
    get_actor_platform: sets((i) => ({ plataforma: pick(platforms, i), anio: pick(years, i * 5) })),
    prod_per_county: sets((i) => ({
      tipo: i % 2 ? 'pelicula' : 'serie',
      pais: pick(countries, i),
      anio: pick(years, i),
    })),
    get_contents: sets((i) => ({ rating: pick(ratings, i) })),
    pelicula: sets((i) => ({ titulo: i % 3 ? pick(titles, i) : pick(streamingTitles, i) })),
    top_peliculas: sets((i) => ({
      ...(i % 2 ? { genero: pick(genres, i) } : {}),
      ...(i % 3 ? { anio: pick(years, i) } : {}),
    })),
    donde_ver: sets((i) => ({ titulo: pick(titles, i * 5) })),
    ayuda: sets(() => ({})),
  };
}

function benchCommands(ctx: CommandContext, calls: number): void {
  const sets = argumentSets(ctx.catalog.db);
  console.log('comando                      1.ª llamada   p50 ms   p99 ms   máx ms   llamadas   p99 ≤ 5 ms');
  for (const [command, argSets] of Object.entries(sets)) {
    const firstStart = performance.now();
    runCommand(ctx, command, argSets[0]); // builds lazy indexes (search, recommender, ranking)
    const first = performance.now() - firstStart;
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      runCommand(ctx, command, argSets[i % argSets.length]);
      times.push(performance.now() - start);
    }
    const { p50, p99, max } = percentiles(times);
    console.log(
      `${command.padEnd(28)} ${first.toFixed(1).padStart(9)}   ${p50.toFixed(3).padStart(6)}   ${p99.toFixed(3).padStart(6)}   ${max.toFixed(2).padStart(6)}   ${String(calls).padStart(8)}   ${p99 <= 5 ? 'sí' : 'NO'}`,
    );
  }
}

function startServer(db: string, cacheSize: number): Promise<{ child: ChildProcess; url: string }> {
  const args = ['bin/filmoteca.js', 'serve', '--db', db, '--port', '0', '--cache', String(cacheSize)];
  return spawnServer(args, {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stream: 'stdout',
    listening: /escucha en (http:\/\/\S+)/,
  });
}

/** About a hundred distinct question URLs, across the cheap and the searching commands. */
function httpPaths(db: string): string[] {
  const catalog = openCatalog(db);
  const titles = (
    catalog.db.prepare('SELECT title FROM movies ORDER BY vote_count DESC LIMIT 40').all() as { title: string }[]
  ).map((r) => encodeURIComponent(r.title));
  catalog.close();
  const platforms = ['netflix', 'amazon', 'hulu', 'disney'];
  return [
    ...['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio'].map((mes) => `/api/cantidad_filmaciones_mes?mes=${mes}`),
    ...titles.slice(0, 20).map((t) => `/score_titulo/${t}`),
    ...titles.slice(20, 40).map((t) => `/api/peliculas_duracion?titulo=${t}`),
    ...platforms.map((p) => `/api/get_count_platform?plataforma=${p}`),
    ...platforms.flatMap((p) => [2016, 2017, 2018, 2019, 2020].map((y) => `/get_max_duration/${y}/${p}/min`)),
    ...['Francia', 'US', 'España', 'Japón', 'Alemania'].map((p) => `/api/peliculas_pais?pais=${encodeURIComponent(p)}`),
    ...['TV-MA', 'R', 'PG-13', 'G', 'TV-14'].map((r) => `/api/get_contents?rating=${r}`),
    ...platforms.flatMap((p) => [2018, 2019].map((y) => `/get_actor_platform/${p}/${y}`)),
  ];
}

async function benchHttp(db: string, seconds: number): Promise<void> {
  const autocannon = await loadAutocannon();
  const paths = httpPaths(db);
  console.log(`\nHTTP (autocannon, ${seconds} s por medida, 20 conexiones, servidor solo en un proceso aparte):`);
  for (const cacheSize of [0, 1000]) {
    const { child, url } = await startServer(db, cacheSize);
    try {
      // Warm the lazy indexes (and, with the cache on, fill it) before measuring.
      for (const path of paths) await fetch(`${url}${path}`);
      const measure = (requests: string[]) =>
        autocannon({
          url,
          connections: 20,
          duration: seconds,
          requests: requests.map((path) => ({ method: 'GET' as const, path })),
        });
      if (cacheSize === 0) {
        // /health does no command work: what Fastify + loopback allow on this machine right now.
        const baseline = await measure(['/health']);
        console.log(
          `  referencia /health (sin comando): ${Math.round(baseline.requests.average)} req/s  ·  p50 ${baseline.latency.p50} ms, p99 ${baseline.latency.p99} ms`,
        );
      }
      const result = await measure(paths);
      const label =
        cacheSize === 0
          ? `sin caché (--cache 0), ${paths.length} URL distintas en rueda`
          : `con caché (${cacheSize} respuestas, las ${paths.length} URL ya vistas)`;
      console.log(
        `  ${label}: ${Math.round(result.requests.average)} req/s  ·  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms  ·  errores ${result.errors}, no-2xx ${result.non2xx}  ·  ≥ 2000 req/s: ${result.requests.average >= 2000 ? 'sí' : 'NO'}`,
      );
    } finally {
      child.kill();
    }
  }
}

export async function run(args: string[]): Promise<void> {
  const { path, label } = await catalogPath(args);
  const catalog = openCatalog(path);
  const info = catalog.info();
  console.log(`Catálogo: ${label}\n  ${path}: ${info.movies} películas, ${info.titles} títulos de plataformas`);
  // The machine is shared: the load average says how much of the p99 is other processes.
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ');
  console.log(`  carga media de la máquina (1/5/15 min): ${load()}\n`);
  benchCommands(createCommandContext(catalog), option(args, 'calls', 300));
  if (!args.includes('--no-http')) await benchHttp(path, option(args, 'seconds', 10));
  console.log(`  carga media al terminar: ${load()}`);
  catalog.close();
}
