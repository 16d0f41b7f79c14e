/**
 * parse() and ask() on the fixture catalog: canonical frames, entity resolution
 * against the catalog, ambiguity, and calm answers to bad input. Expected values
 * come from data/demo/FIXTURE.md (worked out by hand there).
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { commands, createCommandContext } from '../../commands/index.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

let nlu: Parser;

beforeAll(async () => {
  nlu = createParser(createCommandContext(openCatalog(await fixtureCatalogPath())));
});

describe('parse', () => {
  it('returns the contract frame with canonical arguments', () => {
    const frame = nlu.parse('¿cuál es la película más larga de Netflix en 2018?');
    expect(frame).toMatchObject({
      text: '¿cuál es la película más larga de Netflix en 2018?',
      command: 'get_max_duration',
      args: { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' },
    });
    expect(frame.confidence).toBeGreaterThan(0.5);
    expect(frame.confidence).toBeLessThanOrEqual(1);
  });

  it('resolves titles, people, collections and companies against the catalog', () => {
    expect(nlu.parse('recomiéndame algo como toy stori').args).toEqual({ titulo: 'tmdb:862' });
    expect(nlu.parse('¿cómo le fue a Al Pacinno?').args).toEqual({ nombre: 'Al Pacino' });
    expect(nlu.parse('cuanto recaudó la saga de Rocky').args).toEqual({ franquicia: 'Rocky Collection' });
    expect(nlu.parse('¿cuánto ganó Pixar?').args).toEqual({ productora: 'Pixar Animation Studios' });
  });

  it('knows Spanish release titles (data/titulos_es, in the catalog): El Padrino is The Godfather (238)', () => {
    expect(nlu.parse('¿cuánto dura El Padrino?').args).toEqual({ titulo: 'tmdb:238' });
    expect(nlu.parse('saga de Solo en casa').args).toEqual({ franquicia: 'Home Alone Collection' });
    expect(nlu.ask('¿cuánto dura El Padrino?').text).toContain('Entendí «The Godfather (1972)»');
  });

  it('a title in both catalogs is the movie, unless the question names a platform', () => {
    expect(nlu.parse('cuánto dura Toy Story').args).toEqual({ titulo: 'tmdb:862' });
    expect(nlu.parse('¿está Toy Story en Disney?').args).toEqual({ titulo: 'ds2' });
  });

  it('two titles with the same name: the most voted, the other as an alternative; a year decides', () => {
    const titanic = nlu.parse('cuánto dura Titanic');
    expect(titanic.args).toEqual({ titulo: 'tmdb:597' }); // 7770 votes vs 31
    expect(titanic.alternatives).toContainEqual(
      expect.objectContaining({ command: 'peliculas_duracion', args: { titulo: 'tmdb:16535' } }),
    );
    const old = nlu.parse('cuánto dura Titanic de 1953');
    expect(old.args).toEqual({ titulo: 'tmdb:16535' });
    expect(old.alternatives).toEqual([]);
  });

  it('a person who acts and directs: get_actor first, get_director as the alternative', () => {
    const frame = nlu.parse('películas de Clint Eastwood');
    expect(frame.command).toBe('get_actor');
    expect(frame.alternatives.map((a) => a.command)).toContain('get_director');
  });

  it.each([
    '¿qué tiempo hace?',
    'cuéntame un chiste',
    "'; DROP TABLE movies; --",
    '<script>alert(1)</script>',
    '🎬🍿',
    '',
    'x'.repeat(10_000),
    'a\u0000b\u0007c',
  ])('never guesses a command for off-topic or bad input: %j', (text) => {
    const frame = nlu.parse(text);
    expect(frame.command).toBeNull();
    expect(frame.args).toEqual({});
  });

  it('never throws, and answers null or a known command, for any text (fast-check)', () => {
    const known = new Set(commands.map((c) => c.id));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80, unit: 'grapheme' })), (text) => {
        const frame = nlu.parse(text);
        return frame.command === null || known.has(frame.command);
      }),
      { numRuns: 300 },
    );
  });

  it('takes wrong types calmly', () => {
    expect(nlu.parse(42).command).toBeNull();
    expect(nlu.parse(null).command).toBeNull();
    expect(nlu.parse({ texto: 'hola' }).command).toBeNull();
  });
});

describe('ask', () => {
  it('answers with the command output (Toy Story runtime 81, FIXTURE.md)', () => {
    const answer = nlu.ask('¿cuánto dura Toy Story?');
    expect(answer.ok).toBe(true);
    expect(answer.command).toBe('peliculas_duracion');
    expect(answer.data).toMatchObject({ duracion: 81, anio: 1995 });
  });

  it('says which name it understood when it corrected one', () => {
    const answer = nlu.ask('¿cómo le fue a Al Pacinno?');
    expect(answer.text).toContain('Entendí «Al Pacino»');
    expect(answer.data).toMatchObject({ actor: 'Al Pacino', peliculas: 4 });
  });

  it('names the other titles with the same name', () => {
    expect(nlu.ask('cuánto dura Titanic').text).toContain('También: Titanic (1953)');
  });

  it('says what else the question could mean', () => {
    expect(nlu.ask('películas de Clint Eastwood').text).toMatch(/también puedo responder/);
  });

  it('a title not in the catalog: the command says it did not find it', () => {
    const answer = nlu.ask('¿cuánto dura asdfghjk?');
    expect(answer.command).toBe('peliculas_duracion');
    expect(answer.ok).toBe(false);
    expect(answer.text).toMatch(/No encontré/);
  });

  it('not understood: a Spanish reply with two or three things it can answer', () => {
    const answer = nlu.ask('¿qué tiempo hace?');
    expect(answer.command).toBeNull();
    expect(answer.ok).toBe(false);
    expect(answer.text).toMatch(/^No entendí tu pregunta\. Puedo responder, por ejemplo: «.+»/);
    expect(answer.error?.suggestions?.length).toBeGreaterThanOrEqual(2);
    expect(answer.error?.suggestions?.length).toBeLessThanOrEqual(3);
  });

  it('over-long input gets a calm answer, not an error', () => {
    const answer = nlu.ask('¿cuánto dura Toy Story? '.repeat(500));
    expect(answer.command).toBeNull();
    expect(answer.text).toMatch(/muy largo/);
  });

  it('an injection string never reaches a command', () => {
    const answer = nlu.ask("Robert'); DROP TABLE Students;--");
    expect(answer.command).toBeNull();
    expect(answer.text).not.toMatch(/SQL|Error|at /);
  });
});
