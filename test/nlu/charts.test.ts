/**
 * Charts in free Spanish (issue 12): answers through the NLU carry the chart
 * request, follow-ups keep the chart, year ranges and chart words never steal
 * other questions, and a value a question cannot use is said. Expected figures
 * come from SQL on the fixture catalog (data/demo), not from the chart code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';

let ctx: CommandContext;
let parser: Parser;
beforeAll(async () => {
  ctx = await fixtureContext();
  parser = createParser(ctx);
});

const count = (sql: string, ...params: unknown[]) =>
  ctx.catalog.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

const COMEDIES_WITH_YEAR = `SELECT count(*) FROM movies m JOIN movie_genres mg ON mg.movie_id = m.id
  JOIN genres g ON g.id = mg.genre_id WHERE g.name = 'Comedy' AND m.release_year IS NOT NULL`;

describe('chart requests in free text', () => {
  it('answers with the chart request and its sentence', () => {
    const answer = parser.ask('gráfico de estrenos por año');
    expect(answer.command).toBe('grafico');
    expect(answer.chart).toEqual({ tipo: 'estrenos_anio', args: {} });
    const total = count('SELECT count(*) FROM movies WHERE release_year IS NOT NULL');
    expect((answer.data as { total: number }).total).toBe(total);
  });

  it('a follow-up keeps the chart and adds the filter («¿y de comedia?», «¿y desde 1990?»)', () => {
    parser.ask('gráfico de estrenos por año', 'c-chart');
    const comedy = parser.ask('¿y de comedia?', 'c-chart');
    expect(comedy.chart).toEqual({ tipo: 'estrenos_anio', args: { genero: 'Comedy' } });
    expect((comedy.data as { total: number }).total).toBe(count(COMEDIES_WITH_YEAR));
    const since = parser.ask('¿y desde 1990?', 'c-chart');
    expect(since.chart).toEqual({ tipo: 'estrenos_anio', args: { genero: 'Comedy', desde: 1990 } });
    expect((since.data as { total: number }).total).toBe(count(`${COMEDIES_WITH_YEAR} AND m.release_year >= 1990`));
  });

  it('«muéstramelo en un gráfico» draws the conversation’s person in the role asked about', () => {
    parser.ask('¿Qué películas dirigió Clint Eastwood?', 'c-person');
    const frame = parser.parse('muéstramelo en un gráfico', 'c-person');
    expect(frame).toMatchObject({ command: 'grafico', args: { tipo: 'director', nombre: 'Clint Eastwood' } });
    // A later chart of something else does not drag the person along.
    expect(parser.parse('gráfico de géneros', 'c-person').args).toEqual({ tipo: 'generos' });
  });

  it('a person alone is read in the role with more films (FIXTURE.md: Spielberg directs, Tom Hanks acts)', () => {
    expect(parser.parse('gráfico de Steven Spielberg').args).toEqual({ tipo: 'director', nombre: 'Steven Spielberg' });
    expect(parser.parse('gráfico de Tom Hanks').args).toEqual({ tipo: 'actor', nombre: 'Tom Hanks' });
  });

  it('never drops a word: an unknown chart and a filter the chart ignores are said', () => {
    expect(parser.ask('gráfico de pastel').text).toMatch(/^«pastel» no es un tipo de gráfico\. Hay: /);
    expect(parser.ask('gráfico de plataformas de comedia').text).toContain(
      '(El gráfico «plataformas» no usa el filtro «genero»: no lo apliqué.)',
    );
    expect(parser.ask('muéstrame un gráfico').error?.code).toBe('missing_argument');
  });
});

describe('year ranges and chart words in other questions', () => {
  it('a range the question cannot use is said', () => {
    const answer = parser.ask('mejores películas de comedia desde 1995');
    expect(answer.command).toBe('top_peliculas');
    expect(answer.text).toContain('(«desde 1995» no aplica a esta pregunta: la respuesta no lo tiene en cuenta.)');
  });

  it('chart words without «gráfico» keep their question, also after a chart', () => {
    parser.ask('gráfico de ratings', 'c-other');
    const actor = parser.parse('¿qué actor aparece más en Netflix en 2019?', 'c-other');
    expect(actor).toMatchObject({ command: 'get_actor_platform', args: { plataforma: 'netflix', anio: 2019 } });
    expect(actor.unused).toBeUndefined();
    expect(parser.parse('¿Cuántas películas hay en francés?').command).toBe('peliculas_idioma');
    expect(parser.parse('¿cuánto dura Toy Story?').command).toBe('peliculas_duracion');
  });
});
