/**
 * Co-liking (src/recommend/colikes.ts) against a brute-force reference written
 * here: per item a Set of likers, cosine = |A ∩ B| / √(|A|·|B|), sorted, filtered
 * and cut in plain code, and a few cases worked out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CoLiked, coLikedNeighbours, LikeCollector, type UserLikes } from '../../src/recommend/colikes.js';

function collect(pairs: [number, number][], itemCount: number, cap = Number.POSITIVE_INFINITY): UserLikes {
  const collector = new LikeCollector(itemCount, cap);
  for (const [user, item] of pairs) collector.add(user, item);
  return collector.finish();
}

function neighboursOf(coLiked: CoLiked, item: number) {
  const out: { item: number; cosine: number; common: number }[] = [];
  for (let p = coLiked.starts[item] as number; p < (coLiked.starts[item + 1] as number); p++) {
    out.push({
      item: coLiked.others[p] as number,
      cosine: coLiked.cosines[p] as number,
      common: coLiked.common[p] as number,
    });
  }
  return out;
}

/** The reference: every pair scored, nothing clever. */
function reference(pairs: [number, number][], itemCount: number, neighbours: number, minCommon: number) {
  const likers = Array.from({ length: itemCount }, () => new Set<number>());
  for (const [user, item] of pairs) likers[item]?.add(user);
  return likers.map((mine, i) => {
    const scored: { item: number; cosine: number; common: number }[] = [];
    likers.forEach((theirs, j) => {
      if (j === i) return;
      const common = [...mine].filter((u) => theirs.has(u)).length;
      if (common >= minCommon && common > 0)
        scored.push({ item: j, cosine: common / Math.sqrt(mine.size * theirs.size), common });
    });
    scored.sort((a, b) => b.cosine - a.cosine || a.item - b.item);
    return { likers: mine.size, neighbours: scored.slice(0, neighbours) };
  });
}

describe('coLikedNeighbours', () => {
  it('scores a hand-made case', () => {
    // Users 1..4. Item 0: {1,2,3}; item 1: {1,2}; item 2: {3,4}; item 3: {4}.
    // cos(0,1) = 2/√6 = 0.8165; cos(0,2) = 1/√6 = 0.4082; cos(2,3) = 1/√2; cos(1,2) = 0.
    const pairs: [number, number][] = [
      [1, 0],
      [1, 1],
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 2],
      [4, 2],
      [4, 3],
    ];
    const all = coLikedNeighbours(collect(pairs, 4), { neighbours: 5, minCommon: 1 });
    expect([...all.likers]).toEqual([3, 2, 2, 1]);
    const zero = neighboursOf(all, 0);
    expect(zero.map((n) => n.item)).toEqual([1, 2]);
    expect(zero[0]?.cosine).toBeCloseTo(2 / Math.sqrt(6), 6);
    expect(zero[0]?.common).toBe(2);
    expect(zero[1]?.cosine).toBeCloseTo(1 / Math.sqrt(6), 6);
    expect(neighboursOf(all, 2).map((n) => n.item)).toEqual([3, 0]); // 1/√2 before 1/√6
    // At least two common likers: only 0 ↔ 1 is left.
    const strict = coLikedNeighbours(collect(pairs, 4), { neighbours: 5, minCommon: 2 });
    expect(neighboursOf(strict, 0).map((n) => n.item)).toEqual([1]);
    expect(neighboursOf(strict, 1).map((n) => n.item)).toEqual([0]);
    expect(neighboursOf(strict, 2)).toEqual([]);
  });

  it('equals the brute-force reference, whatever the order of the likes (property)', () => {
    const pair = fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 24 }));
    fc.assert(
      fc.property(
        fc.array(pair, { maxLength: 300 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (pairs, neighbours, minCommon) => {
          const got = coLikedNeighbours(collect(pairs as [number, number][], 25), { neighbours, minCommon });
          const want = reference(pairs as [number, number][], 25, neighbours, minCommon);
          want.forEach((expected, item) => {
            expect(got.likers[item]).toBe(expected.likers);
            const mine = neighboursOf(got, item);
            expect(mine.map((n) => n.item)).toEqual(expected.neighbours.map((n) => n.item));
            expect(mine.map((n) => n.common)).toEqual(expected.neighbours.map((n) => n.common));
            mine.forEach((n, i) => {
              expect(n.cosine).toBeCloseTo(expected.neighbours[i]?.cosine as number, 6);
            });
          });
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('LikeCollector', () => {
  it('keeps each user once per item, whether the file is sorted by user or not', () => {
    const sorted: [number, number][] = [
      [1, 3],
      [1, 1],
      [1, 3], // the same like twice
      [2, 1],
      [3, 0],
    ];
    const scattered: [number, number][] = [
      [2, 1],
      [1, 3],
      [3, 0],
      [1, 1],
      [1, 3],
    ];
    const a = collect(sorted, 4);
    const b = collect(scattered, 4);
    const byUser = (likes: UserLikes) =>
      Array.from({ length: likes.starts.length - 1 }, (_, u) =>
        [...likes.items.slice(likes.starts[u], likes.starts[u + 1])].join(' '),
      ).sort();
    expect(byUser(a)).toEqual(['0', '1', '1 3']);
    expect(byUser(b)).toEqual(byUser(a));
  });

  it('caps a user to the same sample of likes in any order (property)', () => {
    const cap = 5;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 39 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (items, seed) => {
          const pairs = items.map((item) => [7, item] as [number, number]);
          // The same likes shuffled and split into several blocks of the same user among others.
          const shuffled = [...pairs].sort((x, y) => ((x[1] * seed) % 41) - ((y[1] * seed) % 41));
          const mixed: [number, number][] = shuffled.flatMap((p, i) => (i % 3 === 0 ? [p, [8, i % 40]] : [p]));
          const one = collect(pairs, 40, cap);
          const other = collect(mixed, 40, cap);
          const kept = [...one.items.slice(one.starts[0], one.starts[1])];
          expect(kept.length).toBe(Math.min(cap, items.length));
          expect(kept.every((item) => items.includes(item))).toBe(true);
          // Users are numbered in order of first appearance: user 7 comes first in both.
          expect([...other.items.slice(other.starts[0], other.starts[1])]).toEqual(kept);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});
