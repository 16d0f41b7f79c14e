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

  it('/grafico: the chart by its id or its words, filters, a person, or what is wrong (issue 12)', () => {
    expect(read('grafico', 'generos').args).toEqual({ tipo: 'generos' });
    expect(read('grafico', 'estrenos_anio comedia 1990 2000').args).toEqual({
      tipo: 'estrenos_anio',
      genero: 'Comedy',
      desde: 1990,
      hasta: 2000,
    });
    expect(read('grafico', 'director steven spielberg').args).toEqual({ tipo: 'director', nombre: 'Steven Spielberg' });
    // A person alone: their chart (FIXTURE.md: Spielberg directed 4 films and acts in none).
    expect(read('grafico', 'spielberg').args).toEqual({ tipo: 'director', nombre: 'Steven Spielberg' });
    expect(read('grafico', 'ingresos_genero desde 2000').args).toEqual({ tipo: 'ingresos_genero', desde: 2000 });
    expect(read('grafico', 'ratings netflix 2019').args).toEqual({
      tipo: 'ratings',
      plataforma: 'netflix',
      anio: 2019,
    });
    // Words that name no chart are the chart asked for: the registry says there is none such.
    expect(read('grafico', 'pastel').args).toEqual({ tipo: 'pastel' });
    expect(parser.askCommand('grafico', 'pastel').text).toMatch(
      /^«pastel» no es un tipo de gráfico\. Hay: estrenos_anio, /,
    );
    expect(parser.askCommand('grafico', '').error?.code).toBe('missing_argument');
    // A person's chart with a name the catalog lacks: said, not dropped.
    expect(parser.askCommand('grafico', 'director zzyzx qwerty').text).toContain('«zzyzx qwerty»');
  });

  it('/grafico answers with the chart request, and the sentence computed from the fixture', () => {
    // data/demo: December has 9 of the 47 films, the most of any month (FIXTURE.md).
    const answer = parser.askCommand('grafico', 'estrenos_mes');
    expect(answer.chart).toEqual({ tipo: 'estrenos_mes', args: {} });
    expect(answer.text).toBe('El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).');
  });

  it('an explicit command joins the conversation', () => {
    parser.askCommand('peliculas_duracion', 'toy story', 'c-args');
    expect(parser.parse('¿y su popularidad?', 'c-args')).toMatchObject({
      command: 'score_titulo',
      args: { titulo: 'tmdb:862' },
    });
  });
});
