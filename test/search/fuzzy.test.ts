import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formSimilarity,
  keyWords,
  OsaPattern,
  osaDistance,
  prefixSimilarity,
  searchForm,
  TrigramIndex,
  trigrams,
} from '../../src/search/fuzzy.js';
import { normalizeKey } from '../../src/text/normalize.js';

describe('search forms and distances', () => {
  it('searchForm drops case, accents, punctuation, one leading article and spaces', () => {
    expect(searchForm('The Matrix')).toBe('matrix');
    expect(searchForm('E.T. the Extra-Terrestrial')).toBe('ettheextraterrestrial');
    expect(searchForm('El laberinto del fauno')).toBe('laberintodelfauno');
    expect(searchForm('Amélie')).toBe('amelie');
    expect(searchForm('The')).toBe('the'); // an article alone is the name
    expect(searchForm('😀')).toBe('');
  });

  it('keyWords turns punctuation into single spaces, plain keys (the fast path) or not', () => {
    expect(keyWords("catherine o'hara")).toBe('catherine o hara');
    expect(keyWords('e.t. the extra-terrestrial')).toBe('e t the extra terrestrial');
    expect(keyWords('toy story 2')).toBe('toy story 2');
    const text = fc.string({ unit: fc.constantFrom(..."ab z9 .-'éñ".split('')), maxLength: 20 });
    fc.assert(
      fc.property(text, (raw) => {
        const key = normalizeKey(raw);
        return keyWords(key) === key.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
      }),
    );
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

/** Textbook OSA table, written independently of fuzzy.ts: the reference both implementations must agree with. */
function referenceOsa(a: string, b: string): number {
  const width = b.length + 1;
  const d = new Int32Array((a.length + 1) * width);
  const at = (i: number, j: number) => d[i * width + j] as number;
  for (let i = 0; i <= a.length; i++) d[i * width] = i;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * width + j] = best;
    }
  }
  return at(a.length, b.length);
}

describe('OsaPattern (bit-parallel) against the plain OSA distance', () => {
  // A small alphabet makes repeats and adjacent swaps common; 'é' and 'ñ' take the non-ASCII path;
  // lengths up to 40 cross the 32-unit word size (the fallback).
  const text = (maxLength: number) =>
    fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'é', 'ñ', ' '), { maxLength }).map((chars) => chars.join(''));

  it('gives the same distance as osaDistance and the reference table', () => {
    const pattern = new OsaPattern('');
    fc.assert(
      fc.property(text(40), text(40), (a, b) => {
        const expected = referenceOsa(a, b);
        expect(osaDistance(a, b)).toBe(expected);
        expect(pattern.reset(a).distance(b)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('with a bound, is exact up to it and above it past it', () => {
    const pattern = new OsaPattern('');
    fc.assert(
      fc.property(text(36), text(36), fc.integer({ min: 0, max: 6 }), (a, b, max) => {
        const expected = referenceOsa(a, b);
        const bounded = pattern.reset(a).distance(b, max);
        if (expected <= max) expect(bounded).toBe(expected);
        else expect(bounded).toBeGreaterThan(max);
      }),
      { numRuns: 2000 },
    );
  });
});
