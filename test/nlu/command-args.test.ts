/** A named command's arguments read from text (`/duracion_max netflix 2018` on a chat channel). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { createCommandArgsReader } from '../../src/nlu/parser.js';
import { fixtureContext } from '../commands/context.js';

let ctx: CommandContext;
let read: ReturnType<typeof createCommandArgsReader>;
let parser: Parser;
beforeAll(async () => {
  ctx = await fixtureContext();
  read = createCommandArgsReader(ctx);
  parser = createParser(ctx);
});

describe('createCommandArgsReader', () => {
  it('reads values with the command fixed, in any order', () => {
    expect(read('get_max_duration', '2018 netflix').args).toEqual({
      anio: 2018,
      plataforma: 'netflix',
      tipo_duracion: 'min',
    });
    expect(read('cantidad_filmaciones_mes', 'enero').args).toEqual({ mes: 1 });
    expect(read('peliculas_duracion', 'toy stroy').args).toEqual({ titulo: 'tmdb:862' });
  });

  it('bare numbers fill number arguments; other free words the one missing argument', () => {
    expect(read('get_score_count', 'netflix 2018 3,5').args).toEqual({
      plataforma: 'netflix',
      anio: 2018,
      puntaje: 3.5,
    });
    expect(read('top_peliculas', '3 comedia').args).toEqual({ genero: 'Comedy', n: 3 });
    // «francés» alone reads as a nationality; for /idioma it is the language, and not reported as unused.
    const idioma = read('peliculas_idioma', 'francés');
    expect(idioma.args).toEqual({ idioma: 'francés' });
    expect(idioma.unused).toBeUndefined();
    expect(read('peliculas_idioma', '<i>klingon</i>').args).toEqual({ idioma: '<i>klingon</i>' });
  });

  it('through askCommand, the registry answers or says what is wrong', () => {
    expect(parser.askCommand('peliculas_idioma', 'francés').args).toEqual({ idioma: 'fr' });
    expect(parser.askCommand('peliculas_idioma', 'klingon').text).toContain('No conozco el idioma «klingon»');
    expect(parser.askCommand('peliculas_duracion', '').text).toContain('Falta el título de la película.');
    expect(read('no_such_command', 'x').command).toBeNull();
  });

  it('an explicit command joins the conversation', () => {
    parser.askCommand('peliculas_duracion', 'toy story', 'c-args');
    expect(parser.parse('¿y su popularidad?', 'c-args')).toMatchObject({
      command: 'score_titulo',
      args: { titulo: 'tmdb:862' },
    });
  });
});
