/**
 * Whole-word matching (src/search/words.ts), unit by unit, then through the search on
 * the fixture catalog: the commands and the API resolve "Pixar" and "Rocky" the same
 * way the NLU does.
 */
import { describe, expect, it } from 'vitest';
import { createCommandContext, runCommand } from '../../commands/index.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { sequelNumber } from '../../src/search/fuzzy.js';
import { createEntitySearch } from '../../src/search/index.js';
import type { Match } from '../../src/search/types.js';
import { withWholeWords } from '../../src/search/words.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

describe('whole-word re-scoring', () => {
  const match = (name: string, score: number, weight = 1): Match => ({ kind: 'person', id: name, name, score, weight });

  it('a surname alone scores high for the full name', () => {
    const [best] = withWholeWords('Spielberg', [match('Steven Spielberg', 0.6)]);
    // 0.86 + 0.02 × len("spielberg") / len("steven spielberg") = 0.86 + 0.02 × 9/16
    expect(best?.score).toBeCloseTo(0.86 + (0.02 * 9) / 16, 3);
  });

  it('allows one typo per long word, at a small cost', () => {
    const [best] = withWholeWords('spilberg', [match('Steven Spielberg', 0.5)]);
    // one typo costs 0.05: 0.86 + 0.02 × 8/16 − 0.05
    expect(best?.score).toBeCloseTo(0.86 + (0.02 * 8) / 16 - 0.05, 3);
  });

  it('does not boost words that are not in the name', () => {
    const [best] = withWholeWords('pacino', [match('Steven Spielberg', 0.4)]);
    expect(best?.score).toBe(0.4);
  });

  it('ranks equal scores by weight', () => {
    const ranked = withWholeWords('fox', [match('Fox Searchlight', 0.2, 3), match('Fox Kids', 0.2, 9)]);
    expect(ranked[0]?.name).toBe('Fox Kids');
  });
});

describe('search finds companies and sagas by their words', async () => {
  const catalog = openCatalog(await fixtureCatalogPath());
  const search = createEntitySearch(catalog.db);
  const ctx = createCommandContext(catalog);

  it('"pixar" is Pixar Animation Studios, a word of its name', () => {
    const [best] = search.companies('pixar', { limit: 5 });
    expect(best?.name).toBe('Pixar Animation Studios');
    expect(best?.score).toBeGreaterThanOrEqual(0.86);
  });

  it('"rocky" is Rocky Collection exactly, and a typo of it is close', () => {
    expect(search.collections('rocky', { limit: 3 })[0]).toMatchObject({ name: 'Rocky Collection', score: 1 });
    expect(search.collections('roky', { limit: 3 })[0]?.name).toBe('Rocky Collection');
  });

  it('the command resolves them too, and says what it understood', () => {
    const pixar = runCommand(ctx, 'productoras_exitosas', { productora: 'pixar' });
    expect(pixar.ok).toBe(true);
    expect(pixar.text).toMatch(/^Entendí «Pixar Animation Studios»\./);
    const rocky = runCommand(ctx, 'franquicia', { franquicia: 'rocky' });
    expect(rocky.ok).toBe(true);
    expect(rocky.text).toMatch(/Rocky Collection/);
  });

  it('a word of several names is said to fit several, the ones with most films first', () => {
    // In the fixture, "Pictures" ends 7 company names; by films: Universal 6, Paramount 5, then
    // Walt Disney and Columbia with 2 each (tied on score and films: either may come third).
    const answer = runCommand(ctx, 'productoras_exitosas', { productora: 'pictures' });
    expect(answer.ok).toBe(false);
    expect(answer.text).toMatch(
      /^«pictures» coincide con varias productoras\. ¿Quisiste decir Universal Pictures, Paramount Pictures o (Columbia|Walt Disney) Pictures\?$/,
    );
  });
});

describe('part numbers: a sequel is another film, not a typo', async () => {
  const search = createEntitySearch(openCatalog(await fixtureCatalogPath()).db);

  it('reads the part a name ends with, arabic or roman, 1 when none', () => {
    expect(sequelNumber('toy story 2')).toBe(2);
    expect(sequelNumber('the godfather part iii')).toBe(3);
    expect(sequelNumber('toy story')).toBe(1);
    expect(sequelNumber('blade runner 2049')).toBe(1); // a year-like number is part of the title
    expect(sequelNumber('x')).toBe(1); // a lone letter is a title, not a numeral
  });

  it('"rocky 2" is Rocky II; "toy story 4" is none of the fixture\'s Toy Story films (1 to 3)', () => {
    expect(search.titles('rocky 2', { limit: 1 })[0]?.name).toBe('Rocky II');
    expect(search.titles('toy story 3', { limit: 1 })[0]).toMatchObject({ name: 'Toy Story 3', score: 1 });
    const toyStory4 = search.titles('toy story 4', { limit: 3 });
    expect(toyStory4.map((m) => m.name)).toEqual(expect.arrayContaining(['Toy Story 3']));
    for (const match of toyStory4) expect(match.score).toBeLessThanOrEqual(0.65);
  });
});
