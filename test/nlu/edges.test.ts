/**
 * Issue 14 through free text (chat, POST /api/ask, Telegram, Discord all go through
 * `ask`): a year given with a title, Spanish genre names, and nothing typed comes back
 * with control or bidi characters. Fixture facts from data/demo/FIXTURE.md.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../commands/index.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

let nlu: Parser;
beforeAll(async () => {
  nlu = createParser(createCommandContext(openCatalog(await fixtureCatalogPath())));
});

describe('a year in a title, in free text', () => {
  it('picks the film of that year (Titanic: 1997 is tmdb:597, 1953 is tmdb:16535)', () => {
    for (const text of ['¿Qué popularidad tiene Titanic de 1953?', 'popularidad de Titanic (1953)']) {
      const answer = nlu.ask(text);
      expect(answer.args, text).toEqual({ titulo: 'tmdb:16535' });
      expect(answer.text).not.toContain('También');
    }
    expect(nlu.ask('¿Cuánto dura Titanic de 1997?').args).toEqual({ titulo: 'tmdb:597' });
  });

  it('says there is no film of that title that year, instead of answering another', () => {
    const answer = nlu.ask('¿Qué popularidad tiene Titanic de 1960?');
    expect(answer.ok).toBe(false);
    expect(answer.error?.code).toBe('not_found');
    expect(answer.text).toBe('No encontré «Titanic» de 1960. ¿Quisiste decir Titanic (1997) o Titanic (1953)?');
    expect(answer.error?.choices?.map((c) => c.value)).toEqual(['tmdb:597', 'tmdb:16535']);
  });

  it('a year that is the question’s own argument is not taken as a title’s year', () => {
    expect(nlu.ask('¿Cuál es la película más larga de Netflix en 2018?').args).toEqual({
      anio: 2018,
      plataforma: 'netflix',
      tipo_duracion: 'min',
    });
  });
});

const UNSAFE = /(?!\n)\p{Cc}|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('free text never echoes control or bidi characters', () => {
  it('whatever is mixed into a question', () => {
    const questions = ['¿cuánto dura Toy Story?', 'hola', 'películas de terror', 'zzzz', '/estrenos_mes'];
    fc.assert(
      fc.property(
        fc.constantFrom(...questions),
        fc.array(fc.constantFrom('\u001b[31m', '\u0007', '\u009b2J', '\u202e', '\u2067', '\u200f', '\u0000'), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.nat(30),
        (question, bits, at) => {
          const cut = Math.min(at, question.length);
          const text = `${question.slice(0, cut)}${bits.join('')}${question.slice(cut)}`;
          expect(nlu.ask(text).text).not.toMatch(UNSAFE);
        },
      ),
      { numRuns: 200 },
    );
  });
});
