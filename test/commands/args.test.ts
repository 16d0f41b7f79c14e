/** Argument resolution by kind (commands/args.ts): every accepted form, canonical pass-through, bad input. */
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGenreSynonyms, resolveArgs } from '../../commands/args.js';
import type { ArgKind, ArgSpec, CommandContext, CommandDef } from '../../commands/types.js';
import { fixtureContext } from './context.js';

let ctx: CommandContext;
beforeAll(async () => {
  ctx = await fixtureContext();
});

function defWith(kind: ArgKind, extra: Partial<ArgSpec> = {}): CommandDef {
  return {
    id: 'prueba',
    chatName: 'prueba',
    description: 'prueba',
    example: 'prueba',
    args: [{ name: 'valor', kind, description: 'Un valor', required: true, ...extra }],
    handler: () => {
      throw new Error('not called');
    },
  };
}

function resolve(kind: ArgKind, value: unknown, extra: Partial<ArgSpec> = {}) {
  const result = resolveArgs(ctx, defWith(kind, extra), { valor: value });
  return result.ok ? result.args.valor : result.answer.error?.code;
}

describe('resolveArgs', () => {
  it('months', () => {
    expect(['enero', 'Enero', 'ENERO', '1', '01', 1, 'january'].map((v) => resolve('mes', v))).toEqual([
      1, 1, 1, 1, 1, 1, 1,
    ]);
    expect(['setiembre', 'septiembre', '9'].map((v) => resolve('mes', v))).toEqual([9, 9, 9]);
    expect(['13', '0', 'enerito', '1.5'].map((v) => resolve('mes', v))).toEqual(Array(4).fill('bad_argument'));
  });

  it('ISO weekdays', () => {
    expect(['lunes', 'miércoles', 'miercoles', 'Sábado', 'domingo', '3'].map((v) => resolve('dia', v))).toEqual([
      1, 3, 3, 6, 7, 3,
    ]);
    expect(resolve('dia', '8')).toBe('bad_argument');
  });

  it('years and integers', () => {
    expect(resolve('anio', '2018')).toBe(2018);
    expect(resolve('anio', 1995)).toBe(1995);
    expect(['abc', '20.18', '99999', '1500'].map((v) => resolve('anio', v))).toEqual(Array(4).fill('bad_argument'));
    expect(resolve('entero', '25', { min: 1, max: 25 })).toBe(25);
    expect(resolve('entero', '26', { min: 1, max: 25 })).toBe('bad_argument');
  });

  it('numbers with either decimal mark', () => {
    expect(resolve('numero', '3,5')).toBe(3.5);
    expect(resolve('numero', '3.5')).toBe(3.5);
    expect(resolve('numero', 4)).toBe(4);
    expect(resolve('numero', '3,5,1')).toBe('bad_argument');
    expect(resolve('numero', 'tres')).toBe('bad_argument');
  });

  it('countries and languages through ICU names', () => {
    expect(['Francia', 'france', 'FR', 'fr'].map((v) => resolve('pais', v))).toEqual(['FR', 'FR', 'FR', 'FR']);
    expect(['EE. UU.', 'Estados Unidos', 'United States of America'].map((v) => resolve('pais', v))).toEqual([
      'US',
      'US',
      'US',
    ]);
    expect(['francés', 'frances', 'French', 'fr', 'FR'].map((v) => resolve('idioma', v))).toEqual([
      'fr',
      'fr',
      'fr',
      'fr',
      'fr',
    ]);
    expect(resolve('pais', 'Narnia')).toBe('bad_argument');
  });

  it('platforms, title types and duration types', () => {
    const platforms = ['Disney+', 'disney plus', 'prime video', 'amazon prime', 'Netflix', 'hulu', 'amazon'];
    expect(platforms.map((v) => resolve('plataforma', v))).toEqual([
      'disney',
      'disney',
      'amazon',
      'amazon',
      'netflix',
      'hulu',
      'amazon',
    ]);
    expect(resolve('plataforma', 'HBO Max')).toBe('bad_argument');
    expect(['película', 'pelicula', 'movie', 'serie', 'tv show', 'TV Show'].map((v) => resolve('tipo', v))).toEqual([
      'pelicula',
      'pelicula',
      'pelicula',
      'serie',
      'serie',
      'serie',
    ]);
    expect(['min', 'minutos', 'season', 'temporadas', 'Seasons'].map((v) => resolve('tipo_duracion', v))).toEqual([
      'min',
      'min',
      'season',
      'season',
      'season',
    ]);
  });

  it('ratings as in the data, case-insensitive', () => {
    expect(['TV-MA', 'tv-ma', 'g', '13+', '16+'].map((v) => resolve('rating', v))).toEqual([
      'TV-MA',
      'TV-MA',
      'G',
      'bad_argument', // no 13+ in the fixture
      '16+',
    ]);
  });

  it('genres by TMDB name, by Spanish name (without the NLU), and through the synonym hook', () => {
    expect(resolve('genero', 'animation')).toBe('Animation');
    expect(resolve('genero', 'Science Fiction')).toBe('Science Fiction');
    expect(resolve('genero', 'animación')).toBe('Animation');
    expect(resolve('genero', 'pelis con muñecos')).toBe('bad_argument');
    registerGenreSynonyms({ 'pelis con muñecos': 'Animation' });
    expect(resolve('genero', 'Pelis con munecos')).toBe('Animation');
  });

  it('titles: canonical ids pass through, text resolves', () => {
    expect(resolve('titulo', 'tmdb:862')).toBe('tmdb:862');
    expect(resolve('titulo', 'ns1')).toBe('ns1');
    expect(resolve('titulo', 'ns999')).toBe('not_found');
    expect(resolve('titulo', 'TOY STORY')).toBe('tmdb:862');
    expect(resolve('titulo', 'Jumanji')).toBe('tmdb:8844'); // movies before streaming (Netflix has it too)
    expect(resolve('titulo', 'Jumanji', { catalog: 'streaming' })).toBe('ns16');
    expect(resolve('titulo', 'Roma')).toBe('ns1'); // only on a platform
    expect(resolve('titulo', 'Psycho (1998)')).toBe('tmdb:11252');
    expect(resolve('titulo', 'psycho 1998')).toBe('tmdb:11252');
    expect(resolve('titulo', 'Psycho')).toBe('tmdb:539'); // 2405 votes against 415
  });

  it('people, collections and companies by exact catalog name', () => {
    expect(resolve('persona', 'tom hanks', { role: 'actor' })).toBe('Tom Hanks');
    expect(resolve('persona', 'pedro almodovar', { role: 'director' })).toBe('Pedro Almodóvar');
    expect(resolve('franquicia', 'Toy Story Collection')).toBe('Toy Story Collection');
    expect(resolve('franquicia', 'toy story')).toBe('Toy Story Collection');
    expect(resolve('productora', 'Pixar Animation Studios')).toBe('Pixar Animation Studios');
    expect(resolve('productora', 'Pixxar')).toBe('not_found');
  });

  it('bad shapes and hostile text', () => {
    for (const kind of ['mes', 'titulo', 'pais', 'persona'] as ArgKind[]) {
      expect(resolve(kind, ['x'])).toBe('bad_argument');
      expect(resolve(kind, { a: 1 })).toBe('bad_argument');
      expect(resolve(kind, true)).toBe('bad_argument');
      expect(resolve(kind, 'a'.repeat(501))).toBe('bad_argument');
      expect(resolve(kind, '🎬🍿')).toBe('bad_argument');
      expect(resolve(kind, 'ab\u0000c')).toBe('bad_argument');
      expect(resolve(kind, '')).toBe('missing_argument');
      expect(resolve(kind, null)).toBe('missing_argument');
    }
  });
});
