import { describe, expect, it } from 'vitest';
import { damage, editTypoSet, typoSet } from '../../src/search/typos.js';
import { seededRandom } from '../../src/util/random.js';

describe('the seeded typo set of bench/search.ts', () => {
  it('each kind of damage does what it says', () => {
    const first = () => 0; // always the first letter / pair / replacement
    expect(damage('Toy Story', 'deletion', first)).toBe('oy story');
    expect(damage('Toy Story', 'doubled', first)).toBe('ttoy story');
    expect(damage('Toy Story', 'swap', first)).toBe('oty story');
    expect(damage('Toy Story', 'substitution', first)).toBe('aoy story');
    expect(damage('The Matrix', 'article', first)).toBe('matrix');
    expect(damage('Matrix', 'article', first)).toBeNull();
    expect(damage('Toy Story', 'lowercase', first)).toBe('toy story');
  });

  it('is deterministic for a seed and skips titles too short to misspell', () => {
    const titles = [
      { id: 'a', title: 'Jurassic Park' },
      { id: 'b', title: 'Up' },
      { id: 'c', title: 'The Siege' },
    ];
    const one = typoSet(titles, 20, 3);
    expect(typoSet(titles, 20, 3)).toEqual(one);
    expect(one).toHaveLength(20);
    expect(one.every((c) => c.id !== 'b')).toBe(true);
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('two-edit cases: deterministic, from long enough titles, two letters changed', () => {
    const titles = [
      { id: 'a', title: 'Jurassic Park' },
      { id: 'b', title: 'Heat' },
      { id: 'c', title: 'The Shawshank Redemption' },
    ];
    const options = { count: 30, seed: 9, edits: 2, minLetters: 8 };
    const cases = editTypoSet(titles, options);
    expect(editTypoSet(titles, options)).toEqual(cases);
    expect(cases).toHaveLength(30);
    expect(cases.every((c) => c.id !== 'b')).toBe(true); // 4 letters: too short
    for (const c of cases) {
      const title = (titles.find((t) => t.id === c.id) as { title: string }).title.toLowerCase();
      // Two edits: the query differs from the title, by at most 2 in length.
      expect(c.query).not.toBe(title);
      expect(Math.abs(c.query.length - title.length)).toBeLessThanOrEqual(2);
    }
  });
});
