/**
 * Co-liking: which catalog movies the same people liked. Each movie is a vector
 * over users (1 where the user rated it ≥ LIKE_THRESHOLD), and two movies are as
 * similar as the cosine of their vectors: common likers / √(likers₁ · likers₂).
 * That is the count-vectorized cosine of features.ts, over "who liked it" instead
 * of genres and keywords.
 *
 * Sparse throughout, never the N×N matrix: likes are kept per user (CSR) and per
 * movie; one movie's neighbours are counted by walking its likers' other likes
 * into a dense counter that is reset after each movie, and only the best
 * `neighbours` of each movie are kept. Work is Σ over users of (their likes)², so
 * a user's likes are capped (USER_LIKES_CAP, a deterministic sample) to keep the
 * full 26 M-rating file cheap; no user of ratings_small has more than 1,115 likes.
 *
 * The ETL (etl/ratings.ts) streams a ratings file into a LikeCollector and stores
 * coLikedNeighbours() in the catalog (`movie_likers`, `movie_coliked`), which
 * loadCoLiked() reads back; the evaluation builds one from any subset of users.
 */
import type { Db } from '../catalog/catalog.js';
import { TopKHeaps } from './topk.js';

/** Ratings at or above this count as "liked" (MovieLens' 0.5–5 stars; also the evaluation's rule). */
export const LIKE_THRESHOLD = 4;

/** Tuned on ratings_small only, by a two-fold split of its users (npm run eval:recs). */
export const COLIKE_SETTINGS = {
  /** Neighbours kept per movie (the blend's co-liking candidates). */
  neighbours: 30,
  /** Fewer common likers than this is no evidence: one shared fan links anything. */
  minCommon: 2,
  /** A user's likes beyond this are sampled down to it (see the header). */
  userLikesCap: 500,
};

/** Catalog positions: two bytes each while the catalog has under 65,536 movies (45k at full scale). */
export type ItemArray = Uint16Array | Int32Array;

function itemArray(itemCount: number, length: number): ItemArray {
  return itemCount <= 0x10000 ? new Uint16Array(length) : new Int32Array(length);
}

/** Likes per user, CSR: user u liked items[starts[u] .. starts[u+1]), ascending. */
export interface UserLikes {
  itemCount: number;
  starts: Int32Array;
  items: ItemArray;
}

/** Per item: its likers, and its best co-liked items (CSR, best first). */
export interface CoLiked {
  likers: Int32Array;
  starts: Int32Array;
  others: Int32Array;
  cosines: Float32Array;
  common: Int32Array;
}

/** A fixed, order-independent pseudo-random rank of (user, item): which likes a capped user keeps. */
function sampleRank(user: number, item: number): number {
  let h = Math.imul(user ^ 0x5bd1e995, 0x9e3779b1) ^ item;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Growable Int32Array (a rating file's size is unknown until it is read). */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(Math.ceil(this.data.length * 1.5) + 16);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Entries per chunk of kept likes: growing in chunks never copies what is already stored. */
const CHUNK = 1 << 20;

/**
 * Collects likes as (user, item) pairs in any order, holding only each user's
 * capped, de-duplicated likes. Rating files come sorted by user, so a user's block
 * is capped as soon as the next user starts (memory ≈ the likes kept, not read); in
 * a file not sorted by user id, a user may come back later with a second block, and
 * finish() merges every user's blocks. Capping per block
 * and again after the merge keeps exactly the sample of capping once, because a
 * like among the user's `cap` lowest ranks is among the lowest of its own block.
 */
export class LikeCollector {
  private readonly blockUsers = new IntList();
  private readonly blockStarts = new IntList();
  private chunks: ItemArray[] = [];
  private length = 0;
  /** The largest user id flushed: a smaller one later means the file is not sorted by user. */
  private maxUser = Number.NEGATIVE_INFINITY;
  private merged = false;
  private user: number | null = null;
  /** The current user's likes so far (reused: no garbage per row on 26 M rows). */
  private buffer = new Int32Array(1024);
  private buffered = 0;

  constructor(
    readonly itemCount: number,
    readonly cap = COLIKE_SETTINGS.userLikesCap,
  ) {}

  /** `user`: any integer id; `item`: a catalog position in [0, itemCount). */
  add(user: number, item: number): void {
    if (user !== this.user) {
      this.flush();
      this.user = user;
    }
    if (this.buffered === this.buffer.length) {
      const bigger = new Int32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.buffered++] = item;
  }

  private flush(): void {
    if (this.user === null || this.buffered === 0) return;
    const user = this.user;
    // Sorted files (MovieLens') never come back to a user; any other order is merged in finish().
    if (user > this.maxUser) this.maxUser = user;
    else this.merged = true;
    this.blockUsers.push(user);
    this.blockStarts.push(this.length);
    for (const item of capped(user, this.buffer.subarray(0, this.buffered), this.cap)) this.store(item);
    this.buffered = 0;
  }

  private store(item: number): void {
    const offset = this.length % CHUNK;
    if (offset === 0) this.chunks.push(itemArray(this.itemCount, CHUNK));
    (this.chunks[this.chunks.length - 1] as ItemArray)[offset] = item;
    this.length++;
  }

  /** The kept likes in one array (the chunks are released). */
  private joined(): ItemArray {
    const all = itemArray(this.itemCount, this.length);
    this.chunks.forEach((chunk, c) => {
      all.set(chunk.subarray(0, Math.min(CHUNK, this.length - c * CHUNK)), c * CHUNK);
    });
    this.chunks = [];
    return all;
  }

  /** The likes per user (users numbered in order of first appearance). */
  finish(): UserLikes {
    this.flush();
    this.user = null;
    const blocks = this.blockUsers.length;
    this.blockStarts.push(this.length);
    const items = this.joined();
    const starts = this.blockStarts.data;
    if (!this.merged) return { itemCount: this.itemCount, starts: starts.slice(0, blocks + 1), items };
    // Some user came back later in the file: gather each user's blocks, then cap again.
    const users = this.blockUsers.data;
    const byUser = new Map<number, number[]>();
    for (let b = 0; b < blocks; b++) {
      const list = byUser.get(users[b] as number) ?? [];
      byUser.set(users[b] as number, list);
      for (let p = starts[b] as number; p < (starts[b + 1] as number); p++) list.push(items[p] as number);
    }
    const lists = [...byUser].map(([user, list]) => capped(user, Int32Array.from(list), this.cap));
    const out = itemArray(
      this.itemCount,
      lists.reduce((sum, list) => sum + list.length, 0),
    );
    const outStarts = new Int32Array(lists.length + 1);
    lists.forEach((list, u) => {
      out.set(list, outStarts[u] as number);
      outStarts[u + 1] = (outStarts[u] as number) + list.length;
    });
    return { itemCount: this.itemCount, starts: outStarts, items: out };
  }
}

/** The user's distinct items, at most `cap` of them (the lowest sample ranks), ascending; may reorder `items`. */
function capped(user: number, items: Int32Array, cap: number): Int32Array {
  // Sorted and de-duplicated in place (items is scratch): the usual case (≤ cap likes) makes no garbage.
  const sorted = items.sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[distinct++] = sorted[i] as number;
  }
  if (distinct <= cap) return sorted.subarray(0, distinct);
  const kept = Array.from(sorted.subarray(0, distinct), (item) => ({ item, rank: sampleRank(user, item) }))
    .sort((a, b) => a.rank - b.rank || a.item - b.item)
    .slice(0, cap)
    .map((x) => x.item);
  return Int32Array.from(kept).sort();
}

/** Item → users (CSR), the transpose of the likes; users of an item in ascending order. */
function likersOf(likes: UserLikes): { starts: Int32Array; users: Int32Array } {
  const { itemCount, starts: userStarts, items } = likes;
  const starts = new Int32Array(itemCount + 1);
  for (const item of items) starts[item + 1] = (starts[item + 1] as number) + 1;
  for (let i = 0; i < itemCount; i++) starts[i + 1] = (starts[i + 1] as number) + (starts[i] as number);
  const fill = starts.slice(0, itemCount);
  const users = new Int32Array(items.length);
  const userCount = userStarts.length - 1;
  for (let u = 0; u < userCount; u++) {
    for (let p = userStarts[u] as number; p < (userStarts[u + 1] as number); p++) {
      const item = items[p] as number;
      users[fill[item] as number] = u;
      fill[item] = (fill[item] as number) + 1;
    }
  }
  return { starts, users };
}

/**
 * Every item's best co-liked items by cosine (ties: lower item first), keeping those
 * with at least `minCommon` common likers, at most `neighbours` per item.
 *
 * Each pair is counted once: items are visited in increasing order, and for item i
 * only its likers' items after i are counted (a per-user cursor walks each user's
 * ascending list in step with i); the pair's cosine is then offered to both items'
 * heaps. That is half the work of counting from both sides.
 */
export function coLikedNeighbours(
  likes: UserLikes,
  { neighbours = COLIKE_SETTINGS.neighbours, minCommon = COLIKE_SETTINGS.minCommon } = {},
): CoLiked {
  const n = likes.itemCount;
  const { starts: likerStarts, users } = likersOf(likes);
  const likers = new Int32Array(n);
  for (let i = 0; i < n; i++) likers[i] = (likerStarts[i + 1] as number) - (likerStarts[i] as number);
  const { starts: userStarts, items } = likes;
  // cursor[u]: where the item being visited sits in user u's list.
  const cursor = userStarts.slice(0, userStarts.length - 1);
  const counts = new Int32Array(n);
  const touched = new Int32Array(n);
  const heaps = new TopKHeaps(n, neighbours);
  const floor = Math.max(1, minCommon);
  for (let i = 0; i < n; i++) {
    let touchedCount = 0;
    for (let q = likerStarts[i] as number; q < (likerStarts[i + 1] as number); q++) {
      const u = users[q] as number;
      const at = cursor[u] as number; // items[at] === i
      cursor[u] = at + 1;
      const end = userStarts[u + 1] as number;
      for (let p = at + 1; p < end; p++) {
        const j = items[p] as number;
        if (counts[j] === 0) touched[touchedCount++] = j;
        counts[j] = (counts[j] as number) + 1;
      }
    }
    const ni = likers[i] as number;
    for (let t = 0; t < touchedCount; t++) {
      const j = touched[t] as number;
      const c = counts[j] as number;
      counts[j] = 0;
      if (c < floor) continue;
      const cosine = c / Math.sqrt(ni * (likers[j] as number));
      heaps.offer(i, cosine, j);
      heaps.offer(j, cosine, i);
    }
  }
  const total = heaps.sizes.reduce((sum, size) => sum + size, 0);
  const starts = new Int32Array(n + 1);
  const others = new Int32Array(total);
  const cosines = new Float32Array(total);
  const common = new Int32Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (const { item: j, value } of heaps.sorted(i)) {
      others[at] = j;
      cosines[at] = value;
      // The common likers, recovered exactly from the cosine (small integers in a double).
      common[at] = Math.round(value * Math.sqrt((likers[i] as number) * (likers[j] as number)));
      at++;
    }
    starts[i + 1] = at;
  }
  return { likers, starts, others, cosines, common };
}

/**
 * The catalog's stored co-likes (written by the ETL, etl/ratings.ts) by position in
 * `items` (ids `tmdb:<n>`); null when there are none (no ratings file, or a catalog
 * from before these tables).
 */
export function loadCoLiked(db: Db, items: readonly { id: string }[]): CoLiked | null {
  let likerRows: { movie: number; likers: number }[];
  try {
    likerRows = db.prepare('SELECT movie_id AS movie, likers FROM movie_likers').all() as typeof likerRows;
  } catch {
    return null;
  }
  if (likerRows.length === 0) return null;
  const positions = new Map<number, number>();
  items.forEach((item, position) => {
    if (item.id.startsWith('tmdb:')) positions.set(Number(item.id.slice(5)), position);
  });
  const n = items.length;
  const likers = new Int32Array(n);
  for (const row of likerRows) {
    const position = positions.get(row.movie);
    if (position !== undefined) likers[position] = row.likers;
  }
  // Typed arrays filled in one pass (1.35 M rows with the full ratings.csv: no object per row).
  const total = db.prepare('SELECT count(*) FROM movie_coliked').pluck().get() as number;
  const counts = new Int32Array(n);
  const others = new Int32Array(total);
  const cosines = new Float32Array(total);
  const common = new Int32Array(total);
  const owners = new Int32Array(total);
  let kept = 0;
  const rows = db
    .prepare(
      'SELECT movie_id AS movie, other_id AS other, similarity, common FROM movie_coliked ORDER BY movie_id, rank',
    )
    .raw()
    .iterate() as Iterable<[number, number, number, number]>;
  for (const [movie, other, similarity, shared] of rows) {
    const position = positions.get(movie);
    const otherPosition = positions.get(other);
    if (position === undefined || otherPosition === undefined) continue;
    owners[kept] = position;
    others[kept] = otherPosition;
    cosines[kept] = similarity;
    common[kept] = shared;
    counts[position] = (counts[position] as number) + 1;
    kept++;
  }
  const starts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) starts[i + 1] = (starts[i] as number) + (counts[i] as number);
  let grouped = true;
  for (let k = 1; k < kept && grouped; k++) grouped = (owners[k] as number) >= (owners[k - 1] as number);
  if (!grouped) {
    // `items` not in id order (movieCorpus's is): a stable counting sort by position.
    const fill = starts.slice(0, n);
    const order = new Int32Array(kept);
    for (let k = 0; k < kept; k++) {
      const owner = owners[k] as number;
      order[fill[owner] as number] = k;
      fill[owner] = (fill[owner] as number) + 1;
    }
    return {
      likers,
      starts,
      others: Int32Array.from(order, (k) => others[k] as number),
      cosines: Float32Array.from(order, (k) => cosines[k] as number),
      common: Int32Array.from(order, (k) => common[k] as number),
    };
  }
  return {
    likers,
    starts,
    others: others.subarray(0, kept),
    cosines: cosines.subarray(0, kept),
    common: common.subarray(0, kept),
  };
}
