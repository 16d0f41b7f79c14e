/**
 * Offline quality of a recommender against real users' tastes (MovieLens
 * ratings). Pure functions over plain maps, so they can be checked by hand on a
 * tiny ratings set (test/recommend/metrics.test.ts).
 */

import { LIKE_THRESHOLD } from './colikes.js';

/** Ratings at or above this count as "liked" (the recommender's own rule, colikes.ts). */
export { LIKE_THRESHOLD };

export interface Likes {
  /** user → catalog ids the user liked. */
  byUser: Map<number, Set<string>>;
  /** catalog id → users who liked it. */
  byItem: Map<string, Set<number>>;
}

export interface Rating {
  user: number;
  /** Catalog id (`tmdb:862`); ratings of movies not in the catalog are dropped before. */
  item: string;
  rating: number;
}

export function collectLikes(ratings: Iterable<Rating>): Likes {
  const byUser = new Map<number, Set<string>>();
  const byItem = new Map<string, Set<number>>();
  for (const { user, item, rating } of ratings) {
    if (rating < LIKE_THRESHOLD) continue;
    const items = byUser.get(user) ?? new Set<string>();
    byUser.set(user, items.add(item));
    const users = byItem.get(item) ?? new Set<number>();
    byItem.set(item, users.add(user));
  }
  return { byUser, byItem };
}

export type RecommendIds = (id: string) => string[];

/** Caches one recommendation list per title: every metric asks for the same titles many times. */
export function cached(recommend: RecommendIds): RecommendIds {
  const cache = new Map<string, string[]>();
  return (id) => {
    const known = cache.get(id);
    if (known) return known;
    const ids = recommend(id);
    cache.set(id, ids);
    return ids;
  };
}

/**
 * HR@k: over every (user, liked title) pair, the share where at least one of the
 * title's recommendations is also liked by that user.
 */
export function hitRate(recommend: RecommendIds, likes: Likes): { value: number; pairs: number } {
  let pairs = 0;
  let hits = 0;
  for (const items of likes.byUser.values()) {
    for (const item of items) {
      pairs++;
      if (recommend(item).some((other) => other !== item && items.has(other))) hits++;
    }
  }
  return { value: pairs ? hits / pairs : 0, pairs };
}

/** Jaccard similarity of two sets of users. */
export function jaccard(a: Set<number>, b: Set<number>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const user of small) if (large.has(user)) common++;
  const union = a.size + b.size - common;
  return union ? common / union : 0;
}

/**
 * The `size` titles whose likers overlap most (Jaccard) with `item`'s likers,
 * ties → smaller id (string order), never `item` itself.
 */
export function likedTogether(item: string, likes: Likes, size: number): string[] {
  const mine = likes.byItem.get(item);
  if (!mine) return [];
  const scored: { id: string; j: number }[] = [];
  for (const [other, users] of likes.byItem) {
    if (other === item) continue;
    const j = jaccard(mine, users);
    if (j > 0) scored.push({ id: other, j });
  }
  scored.sort((a, b) => b.j - a.j || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, size).map((s) => s.id);
}

export interface TruthOptions {
  /** Only titles liked by at least this many users are asked (20). */
  minLikers: number;
  /** How many co-liked titles form the ground truth (20). */
  truthSize: number;
}

/** Per well-liked title, the `truthSize` titles most liked by the same users: computed once, shared by every contender. */
export function coLikedTruth(
  likes: Likes,
  options: TruthOptions = { minLikers: 20, truthSize: 20 },
): Map<string, Set<string>> {
  const truth = new Map<string, Set<string>>();
  for (const [item, users] of likes.byItem) {
    if (users.size >= options.minLikers) truth.set(item, new Set(likedTogether(item, likes, options.truthSize)));
  }
  return truth;
}

/**
 * Item-item precision@k: for each well-liked title, the share of its k
 * recommendations that are among the titles most liked by the same users.
 */
export function itemPrecision(
  recommend: RecommendIds,
  truth: Map<string, Set<string>>,
  k = 5,
): { value: number; items: number } {
  let sum = 0;
  for (const [item, together] of truth) {
    sum +=
      recommend(item)
        .slice(0, k)
        .filter((id) => together.has(id)).length / k;
  }
  return { value: truth.size ? sum / truth.size : 0, items: truth.size };
}

/** Coverage: the share of `ids` with at least `k` recommendations. */
export function coverage(recommend: RecommendIds, ids: readonly string[], k = 5): number {
  let covered = 0;
  for (const id of ids) if (recommend(id).length >= k) covered++;
  return ids.length ? covered / ids.length : 0;
}
