import { describe, expect, it } from 'vitest';
import {
  cached,
  coLikedTruth,
  collectLikes,
  hitRate,
  itemPrecision,
  jaccard,
  likedTogether,
} from '../../src/recommend/metrics.js';

// Three users, four titles; worked out by hand below.
const RATINGS = [
  { user: 1, item: 'A', rating: 5 },
  { user: 1, item: 'B', rating: 4 },
  { user: 1, item: 'C', rating: 3 }, // not liked
  { user: 2, item: 'A', rating: 4.5 },
  { user: 2, item: 'C', rating: 4 },
  { user: 3, item: 'B', rating: 4 },
  { user: 3, item: 'C', rating: 5 },
  { user: 3, item: 'D', rating: 4 },
];
const RECS: Record<string, string[]> = { A: ['B'], B: ['C'], C: ['D'], D: ['A'] };
const recommend = (id: string) => RECS[id] ?? [];

describe('recommendation metrics on a hand-made ratings set', () => {
  const likes = collectLikes(RATINGS);

  it('keeps only ratings ≥ 4 as likes', () => {
    expect([...(likes.byUser.get(1) ?? [])].sort()).toEqual(['A', 'B']);
    expect([...(likes.byItem.get('C') ?? [])].sort()).toEqual([2, 3]);
  });

  it('HR@k: hits over (user, liked title) pairs', () => {
    // (1,A)→B liked: hit; (1,B)→C rated 3: miss; (2,A)→B: miss; (2,C)→D: miss;
    // (3,B)→C: hit; (3,C)→D: hit; (3,D)→A: miss. 3 hits of 7 pairs.
    expect(hitRate(recommend, likes)).toEqual({ value: 3 / 7, pairs: 7 });
  });

  it('Jaccard and the co-liked ground truth', () => {
    expect(jaccard(new Set([1, 2]), new Set([1, 3]))).toBeCloseTo(1 / 3);
    // B's likers {1,3}: A 1/3, C 1/3, D {3}/{1,3} = 1/2 → D first, then A before C (id order on ties).
    expect(likedTogether('B', likes, 3)).toEqual(['D', 'A', 'C']);
  });

  it('item-item precision@k against the co-liked truth', () => {
    // Titles with ≥ 2 likers: A (truth {B}), B (truth {D}), C (truth {D}); D has 1 liker.
    // A→B hit, B→C miss, C→D hit: (1 + 0 + 1) / 3.
    const truth = coLikedTruth(likes, { minLikers: 2, truthSize: 1 });
    expect([...truth.keys()].sort()).toEqual(['A', 'B', 'C']);
    expect(itemPrecision(recommend, truth, 1)).toEqual({ value: 2 / 3, items: 3 });
  });

  it('cached() asks each title once', () => {
    let calls = 0;
    const once = cached((id) => {
      calls++;
      return recommend(id);
    });
    once('A');
    once('A');
    expect(calls).toBe(1);
  });
});
