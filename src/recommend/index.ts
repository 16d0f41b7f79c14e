/**
 * createRecommender(db): the `recomendacion` engine. Each catalog's feature
 * vectors (features.ts) are built lazily on the first request for that catalog
 * and scored at query time through an inverted index (sparse.ts). A quality
 * prior then re-ranks the few dozen most similar titles (never anything less
 * similar), so among near-equals the better-loved film comes first.
 */
import type { Db } from '../catalog/catalog.js';
import {
  type Corpus,
  type Item,
  MOVIE_WEIGHTS,
  type MovieWeights,
  movieCorpus,
  STREAMING_WEIGHTS,
  type StreamingWeights,
  streamingCorpus,
} from './features.js';
import { storedRecommender } from './precompute.js';
import { SparseCosine } from './sparse.js';
import type { Recommendation, Recommender } from './types.js';

export const DEFAULT_K = 5;

export interface Prior {
  /** How many of the most similar titles the prior may re-order. */
  pool: number;
  /** 'rating': the weighted rating WR/10; 'votes': log(1 + votes) / log(1 + most votes). */
  quality: 'rating' | 'votes';
  /** Exponent of the quality factor: score = cosine × quality^strength; 0 = plain cosine. */
  strength: number;
}

/**
 * With a prior, these most-voted titles are candidates for every query besides the
 * titles sharing a rare feature: the prior would rank a less-known title sharing
 * only a genre and a decade below them anyway, and it keeps a query under a millisecond.
 */
export const KNOWN_CANDIDATES = 500;

/** Tuned on ratings_small only (npm run eval:recs). */
export const MOVIE_PRIOR: Prior = { pool: 50, quality: 'votes', strength: 4 };

/**
 * Quality in 0..1 per item: the weighted rating WR = v/(v+m)·R + m/(v+m)·C of the
 * contract's top_peliculas (m = 90th percentile of votes, C = mean vote average),
 * divided by 10. Titles without votes get C.
 */
export function weightedRatings(items: Item[]): Float32Array {
  const voted = items.filter((i) => i.votes > 0);
  const quality = new Float32Array(items.length);
  if (voted.length === 0) return quality.fill(1);
  const mean = voted.reduce((sum, i) => sum + i.voteAverage, 0) / voted.length;
  const votes = voted.map((i) => i.votes).sort((a, b) => a - b);
  const m = votes[Math.floor(0.9 * (votes.length - 1))] as number;
  items.forEach((item, index) => {
    const v = item.votes;
    quality[index] = ((v / (v + m || 1)) * item.voteAverage + (m / (v + m || 1)) * mean) / 10;
  });
  return quality;
}

/** log(1 + votes) / log(1 + most votes), 0..1: how known a title is, on a scale where 10 → 100 votes matters. */
export function voteShares(items: Item[]): Float32Array {
  const most = Math.log1p(items.reduce((max, i) => Math.max(max, i.votes), 0)) || 1;
  return Float32Array.from(items, (i) => Math.log1p(i.votes) / most);
}

/** A Recommender over one corpus: cosine top-k, minus the title and its duplicates, with an optional prior. */
export class CorpusRecommender implements Recommender {
  private readonly index: SparseCosine;
  private readonly positions = new Map<string, number>();
  /** Per item: the same number for every entry with the same normalized title and year (a duplicate). */
  private readonly entryOf: Int32Array;
  /** Per item: quality^strength, the prior's factor (null: no prior). */
  private readonly boost: Float64Array | null;
  /** With a prior, the most-voted titles are always candidates too (see SparseCosine.nearest). */
  private readonly known: Int32Array | undefined;

  /** `exact`: score every title (slower); else candidates come from rare features (sparse.ts). */
  constructor(
    readonly corpus: Corpus,
    private readonly prior: Prior | null = null,
    private readonly exact = false,
  ) {
    this.index = new SparseCosine(corpus.vectors);
    this.entryOf = new Int32Array(corpus.items.length);
    const entries = new Map<string, number>();
    corpus.items.forEach((item, position) => {
      this.positions.set(item.id, position);
      const key = `${item.titleKey}\u0000${item.year}`;
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = entries.size;
        entries.set(key, entry);
      }
      this.entryOf[position] = entry;
    });
    if (!prior || prior.strength <= 0) this.boost = null;
    else {
      const quality = prior.quality === 'votes' ? voteShares(corpus.items) : weightedRatings(corpus.items);
      this.boost = Float64Array.from(quality, (q) => q ** prior.strength);
    }
    if (this.boost) {
      const order = corpus.items.map((item, i) => ({ i, votes: item.votes })).filter((x) => x.votes > 0);
      order.sort((a, b) => b.votes - a.votes || a.i - b.i);
      this.known = Int32Array.from(order.slice(0, KNOWN_CANDIDATES), (x) => x.i);
    }
  }

  has(id: string): boolean {
    return this.positions.has(id);
  }

  recommend(id: string, k = DEFAULT_K): Recommendation[] {
    const position = this.positions.get(id);
    if (position === undefined || !(k > 0)) return [];
    const items = this.corpus.items;
    const entryOf = this.entryOf;
    const self = entryOf[position] as number;
    // Integers, not the items' strings: this runs for hundreds of candidates per query.
    const isCopy = (other: number) => entryOf[other] === self;
    // A few spares: the same title on two platforms is shown once.
    const boost = this.boost;
    const pool = (boost ? Math.max(k, (this.prior as Prior).pool) : k) + 5;
    // Plain object literals: a spread here made every later property access slow.
    let ranked = this.index
      .nearest(position, pool, isCopy, this.known, this.exact)
      .map((n) => ({ item: n.item, cosine: n.cosine, score: n.cosine }));
    if (boost) {
      ranked = ranked.slice(0, (this.prior as Prior).pool);
      for (const r of ranked) r.score = r.cosine * (boost[r.item] as number);
      ranked.sort((a, b) => b.score - a.score || a.item - b.item);
    }
    const seen = new Set<number>();
    const out: Recommendation[] = [];
    for (const { item, cosine } of ranked) {
      const entry = entryOf[item] as number;
      if (seen.has(entry)) continue; // the same title listed twice (e.g. on two platforms) shows once
      seen.add(entry);
      const it = items[item] as Item;
      out.push({ id: it.id, titulo: it.title, anio: it.year, similitud: Math.round(cosine * 1000) / 1000 });
      if (out.length === k) break;
    }
    return out;
  }
}

export interface RecommenderOptions {
  movieWeights?: MovieWeights;
  streamingWeights?: StreamingWeights;
  moviePrior?: Prior | null;
}

/**
 * The recommender for a catalog: the ETL's stored recommendations when they match the
 * current weights (precompute.ts; at most STORED_K = 10 per title), else vectors built
 * in memory on the first request.
 * Options (other weights, another prior) always build in memory.
 */
export function createRecommender(db: Db, options: RecommenderOptions = {}): Recommender {
  // Stored rows serve at most STORED_K per title: a larger k is capped rather than
  // silently loading ~350 MB of vectors for one request.
  const stored = Object.keys(options).length === 0 ? storedRecommender(db) : null;
  return stored ?? computedRecommender(db, options);
}

function computedRecommender(db: Db, options: RecommenderOptions): Recommender {
  let movies: CorpusRecommender | undefined;
  let streaming: CorpusRecommender | undefined;
  const moviePrior = options.moviePrior === undefined ? MOVIE_PRIOR : options.moviePrior;
  return {
    recommend(id: string, k = DEFAULT_K): Recommendation[] {
      if (typeof id !== 'string') return [];
      if (id.startsWith('tmdb:')) {
        movies ??= new CorpusRecommender(movieCorpus(db, options.movieWeights ?? MOVIE_WEIGHTS), moviePrior);
        return movies.recommend(id, k);
      }
      // Streaming titles have no votes here (title_scores is optional): plain cosine.
      streaming ??= new CorpusRecommender(streamingCorpus(db, options.streamingWeights ?? STREAMING_WEIGHTS));
      return streaming.recommend(id, k);
    },
  };
}
