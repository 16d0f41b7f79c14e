import { describe, expect, it } from 'vitest';
import {
  formSimilarity,
  osaDistance,
  prefixSimilarity,
  searchForm,
  TrigramIndex,
  trigrams,
} from '../../src/search/fuzzy.js';

describe('search forms and distances', () => {
  it('searchForm drops case, accents, punctuation, one leading article and spaces', () => {
    expect(searchForm('The Matrix')).toBe('matrix');
    expect(searchForm('E.T. the Extra-Terrestrial')).toBe('ettheextraterrestrial');
    expect(searchForm('El laberinto del fauno')).toBe('laberintodelfauno');
    expect(searchForm('Amélie')).toBe('amelie');
    expect(searchForm('The')).toBe('the'); // an article alone is the name
    expect(searchForm('😀')).toBe('');
  });

  it('osaDistance counts insertions, deletions, substitutions and adjacent swaps', () => {
    expect(osaDistance('jurassic', 'jurasic')).toBe(1); // deletion
    expect(osaDistance('story', 'stroy')).toBe(1); // swap
    expect(osaDistance('siege', 'siega')).toBe(1); // substitution
    expect(osaDistance('abc', 'ca')).toBe(3); // OSA, not full Damerau (which says 2)
    expect(osaDistance('', 'abc')).toBe(3);
  });

  it('formSimilarity never reaches 1 and falls with edits', () => {
    expect(formSimilarity('toystory', 'toystory')).toBe(0.99);
    expect(formSimilarity('toystroy', 'toystory')).toBeCloseTo(1 - 1 / 8);
  });

  it('prefixSimilarity: whole leading words only', () => {
    expect(prefixSimilarity('et', 'e t the extra terrestrial')).toBeGreaterThan(0.7);
    expect(prefixSimilarity('starwars', 'star wars episode iv')).toBeGreaterThan(0.7);
    expect(prefixSimilarity('sta', 'star wars')).toBe(0);
  });

  it('trigram candidates prefer forms that share more trigrams', () => {
    expect(trigrams('ab')).toEqual(['^ab', 'ab$']);
    const index = new TrigramIndex(['jurassicpark', 'park', 'toystory']);
    expect(index.candidates('jurasicpark', 10)[0]).toBe(0);
    expect(index.candidates('zzzz', 10)).toEqual([]);
  });
});
