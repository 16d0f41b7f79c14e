/**
 * Beyond the seeds (pelicula, top_peliculas, donde_ver, ayuda) and the
 * registry's guarantees, on the fixture catalog. Expected values by hand from
 * data/demo (see movies.test.ts for which rows are kept).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { commands, getCommand, runCommand } from '../../commands/index.js';
import { percentile, weightedRating } from '../../commands/top_peliculas.js';
import type { CommandContext } from '../../commands/types.js';
import { CONTRACT_COMMANDS, EXTENSION_COMMANDS } from '../helpers/contract.js';
import { ask, fixtureContext } from './context.js';

let ctx: CommandContext;
beforeAll(async () => {
  ctx = await fixtureContext();
});

describe('pelicula', () => {
  it('builds a movie card', () => {
    const answer = ask(ctx, 'pelicula', { titulo: 'Toy Story' });
    expect(answer.data).toEqual({
      id: 'tmdb:862',
      titulo: 'Toy Story',
      anio: 1995,
      tipo: 'pelicula',
      generos: ['Animation', 'Comedy', 'Family'],
      directores: ['John Lasseter'],
      reparto: ['Tom Hanks', 'Tim Allen', 'Don Rickles', 'Jim Varney', 'Wallace Shawn'],
      duracion: 81,
      tipo_duracion: 'min',
      popularidad: 21.946943,
      votos: 5415,
      promedio: 7.7,
      clasificacion: null,
      resumen: expect.stringMatching(/^A cowboy doll/),
      poster: 'https://image.tmdb.org/t/p/w500/1h4tfQzxoz5Kq8yTn6AfxfHUJKQ.jpg',
      plataformas: ['disney'],
    });
    const lines = answer.text.split('\n');
    expect(lines[0]).toBe('Película: Toy Story (1995)');
    // The data keeps TMDB's names (the `genero` argument's form); the text shows TMDB's Spanish ones.
    expect(answer.text).toContain('Géneros: Animación, Comedia y Familia');
    expect(answer.text).toContain('Duración: 81 minutos · Popularidad: 21,95 · Votos: 5415 (promedio 7,7)');
    expect(lines.at(-1)).toBe('Dónde verla: Disney+');
  });

  it('builds a streaming card (a title only on a platform)', () => {
    const answer = ask(ctx, 'pelicula', { titulo: 'La casa de papel' });
    expect(answer.data).toMatchObject({
      id: 'ns6',
      tipo: 'serie',
      anio: 2017,
      duracion: 5,
      tipo_duracion: 'season',
      clasificacion: 'TV-MA',
      plataformas: ['netflix'],
    });
    expect(answer.text).toContain('Serie: La casa de papel (2017)');
    expect(answer.text).toContain('Duración: 5 temporadas · Clasificación: TV-MA');
  });
});

describe('donde_ver', () => {
  it('finds platforms with the same title within a year, accents ignored', () => {
    // Amélie: movie 2001, Amazon lists "Amélie" 2002 (±1 year).
    const answer = ask(ctx, 'donde_ver', { titulo: 'amelie' });
    expect(answer.data).toEqual({
      titulo: 'Amélie',
      anio: 2001,
      plataformas: [{ plataforma: 'amazon', id: 'as2', titulo: 'Amélie', anio: 2002 }],
    });
    expect(answer.text).toBe('Amélie (2001) está en Amazon Prime Video.');
  });

  it('does not match a remake more than a year apart', () => {
    // Psycho resolves to 1960 (most votes); Hulu's Psycho is the 1998 remake.
    const answer = ask(ctx, 'donde_ver', { titulo: 'Psycho' });
    expect(answer.data).toMatchObject({ anio: 1960, plataformas: [] });
    expect(answer.text).toMatch(/^No encontré Psycho \(1960\) en ninguna de las plataformas/);
    expect(answer.text).toContain('También: Psycho (1998).');
    expect(ask(ctx, 'donde_ver', { titulo: 'Psycho (1998)' }).data).toMatchObject({
      plataformas: [{ plataforma: 'hulu', id: 'hs6' }],
    });
  });

  it('resolves a title found only on a platform', () => {
    expect(ask(ctx, 'donde_ver', { titulo: 'Roma' }).data).toMatchObject({
      titulo: 'Roma',
      anio: 2018,
      plataformas: [{ plataforma: 'netflix', id: 'ns1' }],
    });
  });
});

describe('top_peliculas', () => {
  // Hand-copied from data/demo/tmdb/movies_metadata.csv, the 47 kept rows in file order.
  const averages = [
    7.7, 6.9, 7.7, 7.3, 7.6, 6.9, 7.0, 6.6, 7.3, 6.9, 8.5, 8.3, 8.0, 8.2, 7.5, 7.9, 7.3, 7.6, 6.2, 7.3, 7.5, 6.6, 7.3,
    7.7, 7.7, 7.7, 8.1, 7.9, 8.1, 8.3, 5.0, 7.5, 6.7, 7.8, 8.0, 8.3, 7.6, 7.5, 7.8, 6.2, 8.3, 8.1, 8.2, 7.3, 7.6, 7.1,
    7.5,
  ];
  const counts = [
    5415, 2413, 1886, 3914, 4710, 1083, 1259, 1194, 4218, 7604, 6024, 3418, 3017, 8147, 3360, 5148, 1637, 4956, 2487,
    3359, 2700, 1010, 3006, 1113, 3463, 2519, 2371, 9079, 5915, 2405, 415, 7770, 31, 3403, 1039, 3968, 6292, 6150, 7048,
    461, 8670, 6778, 5998, 612, 3041, 2981, 520,
  ];
  const C = averages.reduce((a, b) => a + b, 0) / averages.length;
  // 90th percentile, linear interpolation: sorted ascending, h = 46 × 0.9 = 41.4 → x[41] + 0.4 × (x[42] − x[41]).
  const sorted = [...counts].sort((a, b) => a - b);
  const m = (sorted[41] as number) + 0.4 * ((sorted[42] as number) - (sorted[41] as number));
  const wr = (v: number, r: number) => (v / (v + m)) * r + (m / (v + m)) * C;

  it('computes the percentile by linear interpolation', () => {
    expect(m).toBeCloseTo(7048 + 0.4 * (7604 - 7048), 9); // 7270.4
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 12); // numpy.percentile gives 9.1
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([], 0.9)).toBe(0);
    expect(weightedRating(0, 9, 10, 7)).toBe(7);
  });

  it('ranks by weighted rating with the catalog C and m', () => {
    const answer = ask(ctx, 'top_peliculas', {});
    const data = answer.data as { c: number; m: number; peliculas: { titulo: string; wr: number; votos: number }[] };
    expect(data.c).toBeCloseTo(C, 9);
    expect(data.m).toBeCloseTo(m, 9);
    // The Godfather (8.5, 6024), Pulp Fiction (8.3, 8670), Forrest Gump (8.2, 8147),
    // The Empire Strikes Back (8.2, 5998), Star Wars (8.1, 6778).
    expect(data.peliculas.map((p) => p.titulo)).toEqual([
      'The Godfather',
      'Pulp Fiction',
      'Forrest Gump',
      'The Empire Strikes Back',
      'Star Wars',
    ]);
    expect(data.peliculas[0]?.wr).toBeCloseTo(wr(6024, 8.5), 9);
    expect(data.peliculas[4]?.wr).toBeCloseTo(wr(6778, 8.1), 9);
    expect(answer.text.split('\n')[0]).toBe('Las 5 mejores películas por valoración ponderada:');
    expect(answer.text.split('\n')[1]).toBe(
      `1. The Godfather (1972): ${wr(6024, 8.5).toFixed(2).replace('.', ',')} (6024 votos)`,
    );
  });

  it('filters by genre and year, and honours n', () => {
    const animation = ask(ctx, 'top_peliculas', { genero: 'animation', n: '3' });
    // Spirited Away (8.3, 3968), Up (7.8, 7048), Toy Story (7.7, 5415).
    expect((animation.data as { peliculas: { titulo: string }[] }).peliculas.map((p) => p.titulo)).toEqual([
      'Spirited Away',
      'Up',
      'Toy Story',
    ]);
    expect(animation.text.split('\n')[0]).toBe('Las 3 mejores películas de animación por valoración ponderada:');
    expect(wr(3968, 8.3)).toBeGreaterThan(wr(7048, 7.8));
    const of1995 = ask(ctx, 'top_peliculas', { anio: 1995, n: 1 });
    expect((of1995.data as { peliculas: { titulo: string }[] }).peliculas.map((p) => p.titulo)).toEqual(['Se7en']);
    expect(of1995.text.split('\n')[0]).toBe('La mejor película de 1995 por valoración ponderada:');
  });

  it('refuses n above 25 and unknown genres', () => {
    expect(ask(ctx, 'top_peliculas', { n: 26 }).error).toEqual({ code: 'bad_argument', argument: 'n' });
    expect(ask(ctx, 'top_peliculas', { n: 0 }).error?.code).toBe('bad_argument');
    const genre = ask(ctx, 'top_peliculas', { genero: 'Telenovela' });
    expect(genre.error?.code).toBe('bad_argument');
    // The catalog's genres, by their Spanish names (FIXTURE.md: 16 genres, Animation among them).
    expect(genre.text).toContain('Animación');
  });

  it('says so when nothing matches', () => {
    const answer = ask(ctx, 'top_peliculas', { genero: 'Western', anio: 2020 });
    expect(answer.ok).toBe(true);
    expect(answer.text).toBe('No hay películas valoradas de western de 2020 en el catálogo.');
  });
});

describe('ayuda', () => {
  it('lists every command with its example', () => {
    const answer = ask(ctx, 'ayuda');
    const data = answer.data as { comandos: { id: string; ejemplo: string }[] };
    expect(data.comandos.map((c) => c.id)).toEqual(commands.map((c) => c.id));
    for (const def of commands) expect(answer.text).toContain(`/${def.chatName}: ${def.example}`);
    expect(answer.text.length).toBeLessThanOrEqual(2000); // one Discord message
  });
});

describe('the registry', () => {
  it('has one command per contract question, with valid chat names and short descriptions', () => {
    expect(commands.map((c) => c.id)).toEqual([...CONTRACT_COMMANDS, ...EXTENSION_COMMANDS]);
    const chatNames = new Set(commands.map((c) => c.chatName));
    expect(chatNames.size).toBe(commands.length);
    for (const def of commands) {
      expect(def.chatName).toMatch(/^[a-z0-9_]{1,32}$/);
      expect(def.description.length).toBeLessThanOrEqual(100);
      expect(def.example.length).toBeGreaterThan(0);
    }
  });

  it('finds commands by id, chat name and slash form', () => {
    expect(getCommand('estrenos_mes')?.id).toBe('cantidad_filmaciones_mes');
    expect(getCommand('/Score')?.id).toBe('score_titulo');
    expect(getCommand('get_max_duration')?.id).toBe('get_max_duration');
    expect(getCommand('nada')).toBeUndefined();
  });

  it('answers an unknown command in Spanish with close commands', () => {
    const answer = runCommand(ctx, 'estrenos_mez', {});
    expect(answer.error?.code).toBe('unknown_command');
    expect(answer.text).toMatch(/^No conozco la pregunta «estrenos_mez»\. ¿Quisiste decir .*estrenos_mes/);
  });
});

describe('bad input never throws and gets a Spanish answer', () => {
  const hostile: unknown[] = [
    '',
    '   ',
    'x'.repeat(10_000),
    "'; DROP TABLE movies; --",
    '1 OR 1=1',
    '🎬🍿',
    '\u0000\u0007',
    ['enero'],
    { $gt: '' },
    true,
    Number.NaN,
    -5,
    13,
    '13',
    '2,5',
  ];

  for (const def of commands) {
    for (const argument of def.args) {
      it(`${def.id} --${argument.name}`, () => {
        for (const value of hostile) {
          const answer = runCommand(
            ctx,
            def.id,
            { [argument.name]: value },
            {
              onError: (error) => {
                throw error;
              },
            },
          );
          expect(answer.text.length).toBeGreaterThan(0);
          expect(answer.text).not.toMatch(/Error:|at .*\.ts|SQLITE|undefined|NaN|\[object/);
        }
      });
    }
  }

  it('refuses wrong argument shapes', () => {
    expect(runCommand(ctx, 'ayuda', 'mes=enero').error?.code).toBe('bad_argument');
    expect(runCommand(ctx, 'ayuda', [1]).error?.code).toBe('bad_argument');
    expect(runCommand(ctx, 42, {}).error?.code).toBe('unknown_command');
    expect(runCommand(ctx, 'x'.repeat(10_000), {}).text.length).toBeLessThan(200);
  });

  it('names the problem', () => {
    expect(ask(ctx, 'cantidad_filmaciones_mes', {}).error).toEqual({ code: 'missing_argument', argument: 'mes' });
    expect(ask(ctx, 'cantidad_filmaciones_mes', { mes: '' }).text).toMatch(/^Falta el mes de estreno: enero/);
    expect(ask(ctx, 'cantidad_filmaciones_mes', { mes: 'x'.repeat(10_000) }).text).toBe(
      'El mes de estreno tiene demasiados caracteres (10000; como mucho 500).',
    );
    expect(ask(ctx, 'cantidad_filmaciones_mes', { mes: '13' }).text).toBe(
      '«13» no es un mes (enero a diciembre, o 1 a 12).',
    );
    expect(ask(ctx, 'cantidad_filmaciones_mes', { mes: '🎬' }).text).toBe(
      '«🎬» no tiene letras ni números: no sirve como mes de estreno.',
    );
    expect(ask(ctx, 'score_titulo', { titulo: "'; DROP TABLE movies; --" }).error?.code).toBe('not_found');
    expect(ask(ctx, 'get_max_duration', { anio: 'dos mil', plataforma: 'netflix', tipo_duracion: 'min' }).text).toBe(
      '«dos mil» no es un año.',
    );
    expect(ask(ctx, 'get_count_platform', { plataforma: 'HBO' }).text).toBe(
      '«HBO» no es una plataforma que conozca: Amazon Prime Video, Disney+, Hulu o Netflix.',
    );
  });
});
