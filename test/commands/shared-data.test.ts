/**
 * A few questions on the catalog built from the real files in ../shared/data,
 * each checked against an answer this test computes itself from the raw
 * gzipped CSVs (csv-parse, no project code). Skipped, visibly, when the folder
 * is absent.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands, createCommandContext } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { answersSomething } from '../../src/channels/terminal.js';
import { sharedCatalogPath, sharedDataPresent } from '../helpers/catalog.js';
import { releasesIn, welcomeOn } from '../helpers/chat.js';
import { ask } from './context.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const SHARED = resolve(ROOT, '../shared/data');

function rows(file: string): Record<string, string>[] {
  return parse(gunzipSync(readFileSync(resolve(SHARED, file))), { columns: true, relax_quotes: true }) as Record<
    string,
    string
  >[];
}

/** A real calendar date YYYY-MM-DD (rejects 1999-02-30). */
function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

describe.skipIf(!sharedDataPresent('commands integration test'))(
  'commands on ../shared/data (needs ../shared/data; skipped when absent)',
  () => {
    let ctx: CommandContext;
    let movies: Record<string, string>[];
    let netflix: Record<string, string>[];

    beforeAll(async () => {
      const path = await sharedCatalogPath();
      if (!path) throw new Error('shared catalog not built');
      ctx = createCommandContext(openCatalog(path));
      movies = rows('tmdb/movies_metadata.csv.gz');
      netflix = rows('streaming/netflix_titles.csv.gz');
    });

    it('cantidad_filmaciones_mes: movies released in January (valid date, positive id, first row of each id)', () => {
      const seen = new Set<string>();
      let january = 0;
      for (const row of movies) {
        const id = row.id ?? '';
        if (!/^\d+$/.test(id) || Number(id) <= 0 || seen.has(id)) continue;
        seen.add(id);
        if (isRealDate(row.release_date ?? '') && row.release_date?.slice(5, 7) === '01') january++;
      }
      expect(january).toBeGreaterThan(0);
      expect(ask(ctx, 'cantidad_filmaciones_mes', { mes: 'enero' }).data).toEqual({ cantidad: january });
    });

    it("score_titulo: Toy Story's popularity from its raw row", () => {
      const raw = movies.find((row) => row.id === '862');
      const answer = ask(ctx, 'score_titulo', { titulo: 'Toy Story' });
      expect(answer.data).toEqual({ titulo: 'Toy Story', anio: 1995, popularidad: Number(raw?.popularity) });
    });

    it('get_count_platform and get_max_duration on the raw Netflix list', () => {
      const films = netflix.filter((row) => row.type === 'Movie');
      expect(ask(ctx, 'get_count_platform', { plataforma: 'netflix' }).data).toEqual({
        plataforma: 'netflix',
        cantidad: films.length,
      });
      // Longest 2018 movie in minutes; ties → first in file order. The duration may sit in `rating` (3 rows).
      let best: { id: string; minutes: number } | null = null;
      for (const row of films) {
        const duration = row.duration?.trim() || row.rating?.trim() || '';
        const minutes = /^(\d+) min$/.exec(duration);
        if (row.release_year !== '2018' || !minutes) continue;
        if (!best || Number(minutes[1]) > best.minutes) best = { id: `n${row.show_id}`, minutes: Number(minutes[1]) };
      }
      const answer = ask(ctx, 'get_max_duration', { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' });
      expect(answer.data).toMatchObject({ id: best?.id, duracion: best?.minutes, tipo_duracion: 'min' });
    });

    it('get_score_count says plainly that no user scores are loaded', () => {
      const answer = ask(ctx, 'get_score_count', { plataforma: 'netflix', puntaje: 3.5, anio: 2018 });
      expect(answer.error?.code).toBe('no_data');
      expect(answer.text).toMatch(/^El catálogo no tiene puntuaciones de usuarios cargadas/);
    });

    it('a year in a title that no film of that title has is said, not answered with another (issue 14)', () => {
      const years = movies.filter((row) => row.title === 'Titanic').map((row) => row.release_date?.slice(0, 4));
      expect(years).toEqual(['1997']); // the partial file has only the 1997 film
      const answer = ask(ctx, 'score_titulo', { titulo: 'Titanic (1953)' });
      expect(answer.error?.code).toBe('not_found');
      expect(answer.text).toBe('No encontré «Titanic» de 1953. ¿Quisiste decir Titanic (1997)?');
    });

    it('get_actor: a director who never acts gets 0 and the reason (issue 14: Robert Rodriguez)', () => {
      // In the raw credits, Robert Rodriguez is never in a cast list, and is credited as Director of 2 films.
      const credits = rows('tmdb/credits.csv.gz');
      const directed = credits.filter((row) => /'job': 'Director', 'name': 'Robert Rodriguez'/.test(row.crew ?? ''));
      expect(credits.some((row) => (row.cast ?? '').includes("'name': 'Robert Rodriguez'"))).toBe(false);
      const answer = ask(ctx, 'get_actor', { nombre: 'Robert Rodriguez' });
      expect(answer.data).toEqual({ actor: 'Robert Rodriguez', peliculas: 0, retorno_total: 0, retorno_promedio: 0 });
      expect(answer.text).toContain(`(solo en la dirección de ${directed.length} películas)`);
      // Mel Brooks acts only in a film he directed (id 12110, in both lists of that row).
      const brooks = ask(ctx, 'get_actor', { nombre: 'Mel Brooks' });
      expect(brooks.data).toMatchObject({ peliculas: 0 });
      expect(brooks.text).toMatch(/^Mel Brooks solo actúa en películas que también dirigió/);
    });

    it('the terminal chat’s examples all answer something on this catalog (issue 14)', async () => {
      const path = (await sharedCatalogPath()) as string;
      const { examples, ask: askChat } = await welcomeOn(path);
      expect(examples.length).toBeGreaterThanOrEqual(5);
      expect(releasesIn(path, 1)).toBeGreaterThan(0);
      expect(examples[0]).toBe('¿Cuántas películas se estrenaron en enero?');
      for (const example of examples) expect(answersSomething(askChat(example)), example).toBe(true);
      // And every command's own example, but get_score_count's: ../shared/data has no user scores (the answer says so).
      for (const def of commands.filter((d) => d.id !== 'get_score_count'))
        expect(answersSomething(askChat(def.example)), def.example).toBe(true);
    });
  },
);
