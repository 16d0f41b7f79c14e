/**
 * Synthetic MovieLens ratings in the format of the Movies Dataset's `ratings_small.csv`
 * and `ratings.csv` (`userId,movieId,rating,timestamp`, CRLF, sorted by user then
 * movie), over the MovieLens ids of a generated `links.csv`, for the co-liking step's
 * benchmarks (etl/ratings.ts). The small set is part of every full-scale raw set
 * (generate.ts); the full 26 M-row file (~680 MB) only when a benchmark asks for it
 * (fullscale.ts ensureFullRatings), written in 1 MB chunks as it is made.
 *
 * Shape that matters for the figures: how many ratings each user has (a heavy tail:
 * the co-liking work is Σ users' likes²), how skewed movie popularity is (how many
 * movies have likers, and how many neighbours), and about half the ratings ≥ 4 (likes).
 * Users lean to two of 24 "tastes", so co-liking has real structure to find.
 */
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/util/random.js';
import { ChunkWriter, type FileFigures } from './chunk-writer.js';

export interface RatingsShape {
  users: number;
  ratings: number;
  minPerUser: number;
  maxPerUser: number;
  /** Spread of ratings per user (log-normal σ: mean/median = e^(σ²/2)). */
  sigma: number;
}

/** ratings_small.csv: 671 users, 100,004 ratings, each user ≥ 20, the busiest 2,391; mean/median ≈ 2. */
export const RATINGS_SMALL: RatingsShape = {
  users: 671,
  ratings: 100_004,
  minPerUser: 20,
  maxPerUser: 2_391,
  sigma: 1.2,
};
/** ratings.csv: 270,896 users, 26,024,289 ratings, the busiest ~18k; mean 96, median ~30. */
export const RATINGS_FULL: RatingsShape = {
  users: 270_896,
  ratings: 26_024_289,
  minPerUser: 1,
  maxPerUser: 18_276,
  sigma: 1.5,
};

const TASTES = 24;

/** A shape for a smaller synthetic set (tests use scale ~0.01). */
export function scaledShape(shape: RatingsShape, scale: number): RatingsShape {
  if (scale === 1) return shape;
  const users = Math.max(20, Math.round(shape.users * scale));
  const ratings = Math.max(users * shape.minPerUser, Math.round(shape.ratings * scale));
  // Room for the heavy tail however small the scale (the totals must be reachable).
  const maxPerUser = Math.max(Math.round(shape.maxPerUser * scale), Math.ceil((4 * ratings) / users));
  return { ...shape, users, ratings, maxPerUser };
}

/** The MovieLens ids of a links.csv (`movieId,imdbId,tmdbId`). */
export function lensIdsOf(linksPath: string): number[] {
  const ids: number[] = [];
  for (const line of readFileSync(linksPath, 'latin1').split('\n').slice(1)) {
    const id = Number.parseInt(line, 10);
    if (id > 0) ids.push(id);
  }
  return ids;
}

/**
 * Popularity rank in [0, n): P(rank) ∝ (rank + ZIPF_OFFSET)^−ZIPF_POWER (drawn by binary
 * search in the cumulative weights). In 100k rows: the most rated movie has 248 ratings,
 * 988 movies have ≥ 20, 16k have any (ratings_small: 341, 1,303 and 9,066: its users
 * could only rate the 9k movies of that MovieLens edition); 51 % of ratings are ≥ 4 (52 %).
 */
const ZIPF_POWER = 1.5;
const ZIPF_OFFSET = 100;

function zipf(n: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let rank = 0; rank < n; rank++) {
    total += (rank + ZIPF_OFFSET) ** -ZIPF_POWER;
    cumulative[rank] = total;
  }
  return () => {
    const x = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cumulative[mid] as number) < x) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

/** Ratings per user: log-normal, clamped, scaled so they add up to exactly `shape.ratings`. */
function ratingsPerUser(shape: RatingsShape, random: () => number): Int32Array {
  const weights = Float64Array.from({ length: shape.users }, () => {
    // Box–Muller: a standard normal from two uniforms.
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.exp(shape.sigma * z);
  });
  const counts = new Int32Array(shape.users);
  const fill = (scale: number) => {
    let total = 0;
    weights.forEach((w, u) => {
      counts[u] = Math.min(shape.maxPerUser, Math.max(shape.minPerUser, Math.round(shape.minPerUser + w * scale)));
      total += counts[u] as number;
    });
    return total;
  };
  let low = 0;
  let high = shape.ratings;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (fill(mid) < shape.ratings) low = mid;
    else high = mid;
  }
  let total = fill(low);
  for (let u = 0; total !== shape.ratings; u = (u + 1) % shape.users) {
    const step = total < shape.ratings ? 1 : -1;
    const next = (counts[u] as number) + step;
    if (next >= shape.minPerUser && next <= shape.maxPerUser) {
      counts[u] = next;
      total += step;
    }
  }
  return counts;
}

/** Writes `path` with `shape.ratings` ratings of the movies `lensIds`; same seed → same bytes. */
export function writeRatings(path: string, lensIds: number[], shape: RatingsShape, seed: number): FileFigures {
  const random = seededRandom(seed ^ 0x7a71);
  const m = lensIds.length;
  // Popularity rank → movie (a shuffle, so popular movies are spread over the ids).
  const byRank = Int32Array.from(lensIds.keys());
  for (let i = m - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [byRank[i], byRank[j]] = [byRank[j] as number, byRank[i] as number];
  }
  const tasteMembers: number[][] = Array.from({ length: TASTES }, () => []);
  const tasteOf = new Int32Array(m);
  byRank.forEach((movie, rank) => {
    tasteOf[movie] = rank % TASTES;
    tasteMembers[rank % TASTES]?.push(movie);
  });
  const quality = Float64Array.from({ length: m }, () => random() * 1.5 - 0.75);
  const skewed = zipf(m, random);
  const perUser = ratingsPerUser(shape, random);
  const out = new ChunkWriter(path);
  out.write('userId,movieId,rating,timestamp\r\n', false);
  for (let user = 1; user <= shape.users; user++) {
    const wanted = Math.min(perUser[user - 1] as number, m);
    const tastes = [Math.floor(random() * TASTES), Math.floor(random() * TASTES)];
    const bias = random() - 0.5;
    const chosen = new Set<number>();
    for (let attempt = 0; chosen.size < wanted && attempt < wanted * 20; attempt++) {
      const members = random() < 0.5 ? tasteMembers[tastes[attempt & 1] as number] : null;
      // A taste's movies in the same popularity order: its k-th is roughly the (k·TASTES)-th overall.
      const rank = skewed();
      chosen.add(
        members
          ? (members[Math.min(members.length - 1, Math.floor(rank / TASTES))] as number)
          : (byRank[rank] as number),
      );
    }
    for (let rank = Math.floor(random() * m); chosen.size < wanted; rank = (rank + 1) % m) {
      chosen.add(byRank[rank] as number); // a very busy user: the rest in popularity order
    }
    const start = 1_000_000_000 + Math.floor(random() * 400_000_000);
    const rows = [...chosen].sort((a, b) => (lensIds[a] as number) - (lensIds[b] as number));
    for (const movie of rows) {
      const liked = tastes.includes(tasteOf[movie] as number) ? 1 : 0;
      const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()) * 0.8;
      const stars = Math.min(
        5,
        Math.max(0.5, Math.round((3.4 + liked + (quality[movie] as number) + bias + noise) * 2) / 2),
      );
      out.write(`${user},${lensIds[movie]},${stars.toFixed(1)},${start + Math.floor(random() * 50_000_000)}\r\n`);
    }
  }
  return out.close();
}
