/**
 * createRecommender(db): the `recomendacion` engine. Each catalog's feature
 * vectors (features.ts) are built lazily on the first request for that catalog
 * and scored at query time through an inverted index (sparse.ts). A quality
 * prior then re-ranks the few dozen most similar titles (never anything less
 * similar), so among near-equals the better-loved film comes first. Movies that
 * people liked are blended with what their fans also liked (colikes.ts, from the
 * ETL's `movie_coliked` table). Serving reads the ETL's stored top-k (precompute.ts).
 */
import type { Db } from '../catalog/catalog.js';
import { type CoLiked, loadCoLiked } from './colikes.js';
import {
  type Corpus,
  featureReason,
  type Item,
  MOVIE_WEIGHTS,
  type MovieWeights,
  movieCorpus,
  STREAMING_WEIGHTS,
  type StreamingWeights,
  streamingCorpus,
} from './features.js';
import { storedRecommender } from './precompute.js';
import { createExplainer, type Explainer, NAMED_KINDS, REASON_KINDS, type ReasonKind } from './reasons.js';
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

/** The co-liking's weight for a movie with `likers` fans: likers / (likers + BLEND.confidenceLikers). */
export const BLEND = {
  /** Fans at which co-liking and content weigh the same (tuned on ratings_small only). */
  confidenceLikers: 15,
};

export function coLikingWeight(likers: number): number {
  return likers > 0 ? likers / (likers + BLEND.confidenceLikers) : 0;
}

/** One ranked title, before it is put into words. */
export interface Ranked {
  item: number;
  /** Content cosine. */
  cosine: number;
  /** Co-liking cosine (0: not co-liked). */
  coLiking: number;
  /** The ranking score. */
  score: number;
  /** The co-liking's and the content's parts of `score`. */
  coLikingPart: number;
  contentPart: number;
}

export interface CorpusOptions {
  prior?: Prior | null;
  /** Score every title (slower); else candidates come from rare features (sparse.ts). */
  exact?: boolean;
  /** Co-liked neighbours per corpus position (colikes.ts): blended in by coLikingWeight. */
  coLiked?: CoLiked | null;
  /** Puts reasons into words; without it, `motivo` is the kind itself (what the ETL stores). */
  explainer?: Explainer;
}

/**
 * A Recommender over one corpus: cosine top-k, minus the title and its duplicates,
 * with an optional prior; and, for a movie that people liked, blended with the
 * titles its fans also liked:
 *
 *   score = α · coLiking / (best coLiking) + (1 − α) · content / (best content),
 *
 * over the content's candidates and the co-liked ones, where content = cosine ×
 * prior and α = coLikingWeight(fans). A movie nobody rated has α = 0 and gets
 * exactly the content ranking. The reason is the larger part: co-liking, or the
 * feature group with the largest share of the content cosine.
 */
export class CorpusRecommender implements Recommender {
  private readonly index: SparseCosine;
  private readonly positions = new Map<string, number>();
  /** Per item: the same number for every entry with the same normalized title and year (a duplicate). */
  private readonly entryOf: Int32Array;
  /** Per item: quality^strength, the prior's factor (null: no prior). */
  private readonly boost: Float64Array | null;
  /** With a prior, the most-voted titles are always candidates too (see SparseCosine.nearest). */
  private readonly known: Int32Array | undefined;
  private readonly prior: Prior | null;
  private readonly exact: boolean;
  private readonly coLiked: CoLiked | null;
  private readonly explainer: Explainer | undefined;
  private readonly shares = new Float64Array(REASON_KINDS.length);

  constructor(
    readonly corpus: Corpus,
    options: CorpusOptions = {},
  ) {
    this.prior = options.prior ?? null;
    this.exact = options.exact ?? false;
    this.coLiked = options.coLiked ?? null;
    this.explainer = options.explainer;
    const groupOf = (feature: string) => REASON_KINDS.indexOf(featureReason(feature));
    const named = new Set([...NAMED_KINDS].map((kind) => REASON_KINDS.indexOf(kind)));
    this.index = new SparseCosine(corpus.vectors, undefined, undefined, groupOf, named);
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
    const prior = this.prior;
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
    const items = this.corpus.items;
    return this.explainedRank(id, k).map(({ item, similitud, reason, detail }) => {
      const it = items[item] as Item;
      return {
        id: it.id,
        titulo: it.title,
        anio: it.year,
        similitud,
        motivo: this.explainer?.explain(id, it.id, reason, detail) ?? reason,
        reason,
      };
    });
  }

  /**
   * The best `k` with their similitud (rounded to 3 decimals) and reason: its kind and, for a
   * kind that names something (reasons.ts NAMED_KINDS), the value of the shared feature that
   * weighed most ('dir:7879' → '7879'). The ETL stores exactly this (precompute.ts).
   */
  explainedRank(
    id: string,
    k = DEFAULT_K,
  ): { item: number; similitud: number; reason: ReasonKind; detail: string | null }[] {
    const position = this.positions.get(id);
    if (position === undefined) return [];
    const alpha = this.weightOf(position);
    return this.rank(id, k).map((r) => {
      const similitud = alpha > 0 ? alpha * r.coLiking + (1 - alpha) * r.cosine : r.cosine;
      return { item: r.item, similitud: Math.round(similitud * 1000) / 1000, ...this.reasonOf(position, r) };
    });
  }

  /** The reason for one ranked title: the larger part, then the content's largest feature group. */
  private reasonOf(position: number, r: Ranked): { reason: ReasonKind; detail: string | null } {
    if (r.coLikingPart > 0 && r.coLikingPart >= r.contentPart) return { reason: 'colikes', detail: null };
    const shares = this.index.contributions(position, r.item, this.shares);
    let best = REASON_KINDS.indexOf('themes');
    for (let g = 0; g < shares.length; g++) if ((shares[g] as number) > (shares[best] as number)) best = g;
    const reason = REASON_KINDS[best] as ReasonKind;
    if (!NAMED_KINDS.has(reason)) return { reason, detail: null };
    const token = this.index.strongestShared(position, r.item, best);
    return { reason, detail: token === null ? null : token.slice(token.indexOf(':') + 1) };
  }

  /** α for a movie: 0 without co-liked neighbours (nothing to blend). */
  private weightOf(position: number): number {
    const coLiked = this.coLiked;
    if (!coLiked || coLiked.starts[position] === coLiked.starts[position + 1]) return 0;
    return coLikingWeight(coLiked.likers[position] as number);
  }

  /** The best `k` titles for `id` (none for an unknown id), best first, one per duplicate entry. */
  rank(id: string, k = DEFAULT_K): Ranked[] {
    const position = this.positions.get(id);
    if (position === undefined || !(k > 0)) return [];
    const entryOf = this.entryOf;
    const self = entryOf[position] as number;
    // Integers, not the items' strings: this runs for hundreds of candidates per query.
    const isCopy = (other: number) => entryOf[other] === self;
    // A few spares: the same title on two platforms is shown once.
    const boost = this.boost;
    const pool = (boost ? Math.max(k, (this.prior as Prior).pool) : k) + 5;
    // Plain object literals: a spread here made every later property access slow.
    let ranked: Ranked[] = this.index.nearest(position, pool, isCopy, this.known, this.exact).map((n) => ({
      item: n.item,
      cosine: n.cosine,
      coLiking: 0,
      score: n.cosine,
      coLikingPart: 0,
      contentPart: n.cosine,
    }));
    if (boost) {
      ranked = ranked.slice(0, (this.prior as Prior).pool);
      for (const r of ranked) r.score = r.contentPart = r.cosine * (boost[r.item] as number);
      ranked.sort((a, b) => b.score - a.score || a.item - b.item);
    }
    const alpha = this.weightOf(position);
    if (alpha > 0) ranked = this.blend(position, ranked, alpha, isCopy);
    const seen = new Set<number>();
    const out: Ranked[] = [];
    for (const r of ranked) {
      const entry = entryOf[r.item] as number;
      if (seen.has(entry)) continue; // the same title listed twice (e.g. on two platforms) shows once
      seen.add(entry);
      out.push(r);
      if (out.length === k) break;
    }
    return out;
  }

  /** Adds the co-liked titles to the content's candidates and re-scores all of them (see the class comment). */
  private blend(position: number, ranked: Ranked[], alpha: number, isCopy: (other: number) => boolean): Ranked[] {
    const { starts, others, cosines } = this.coLiked as CoLiked;
    const byItem = new Map<number, Ranked>();
    for (const r of ranked) byItem.set(r.item, r);
    for (let p = starts[position] as number; p < (starts[position + 1] as number); p++) {
      const other = others[p] as number;
      if (isCopy(other)) continue;
      let r = byItem.get(other);
      if (!r) {
        const cosine = this.index.similarity(position, other);
        const content = this.boost ? cosine * (this.boost[other] as number) : cosine;
        r = { item: other, cosine, coLiking: 0, score: 0, coLikingPart: 0, contentPart: content };
        byItem.set(other, r);
      }
      r.coLiking = cosines[p] as number;
    }
    const all = [...byItem.values()];
    let bestContent = 0;
    let bestCoLiking = 0;
    for (const r of all) {
      bestContent = Math.max(bestContent, r.contentPart);
      bestCoLiking = Math.max(bestCoLiking, r.coLiking);
    }
    for (const r of all) {
      r.contentPart = bestContent > 0 ? ((1 - alpha) * r.contentPart) / bestContent : 0;
      r.coLikingPart = bestCoLiking > 0 ? (alpha * r.coLiking) / bestCoLiking : 0;
      r.score = r.contentPart + r.coLikingPart;
    }
    return all.filter((r) => r.score > 0).sort((a, b) => b.score - a.score || a.item - b.item);
  }
}

export interface RecommenderOptions {
  movieWeights?: MovieWeights;
  streamingWeights?: StreamingWeights;
  moviePrior?: Prior | null;
  /**
   * Co-liked neighbours per movie, by position in movieCorpus order (by id): default the
   * catalog's `movie_coliked` table; null = content only; or any set (the evaluation's).
   */
  coLiked?: CoLiked | null;
}

/**
 * The recommender for a catalog: the ETL's stored recommendations when they match the
 * current settings (precompute.ts; at most STORED_K = 10 per title), else built in
 * memory on the first request. Options (other weights, another prior, other co-likes)
 * always build in memory.
 */
export function createRecommender(db: Db, options: RecommenderOptions = {}): Recommender {
  // Stored rows serve at most STORED_K per title: a larger k is capped rather than
  // silently loading ~350 MB of vectors for one request.
  const stored = Object.keys(options).length === 0 ? storedRecommender(db) : null;
  return stored ?? computedRecommender(db, options);
}

/** The movies' recommender of a catalog, in memory (the ETL's step and the evaluation build it). */
export function movieRecommender(db: Db, options: RecommenderOptions = {}, explainer = createExplainer(db)) {
  const corpus = movieCorpus(db, options.movieWeights ?? MOVIE_WEIGHTS);
  const coLiked = options.coLiked === undefined ? loadCoLiked(db, corpus.items) : options.coLiked;
  const prior = options.moviePrior === undefined ? MOVIE_PRIOR : options.moviePrior;
  return new CorpusRecommender(corpus, { prior, coLiked, explainer });
}

/** The streaming titles' recommender (content only: there are no likes for them). */
export function streamingRecommender(db: Db, options: RecommenderOptions = {}, explainer = createExplainer(db)) {
  // Streaming titles have no votes here (title_scores is optional): plain cosine.
  return new CorpusRecommender(streamingCorpus(db, options.streamingWeights ?? STREAMING_WEIGHTS), { explainer });
}

function computedRecommender(db: Db, options: RecommenderOptions): Recommender {
  let movies: CorpusRecommender | undefined;
  let streaming: CorpusRecommender | undefined;
  const explainer = createExplainer(db);
  return {
    recommend(id: string, k = DEFAULT_K): Recommendation[] {
      if (typeof id !== 'string') return [];
      if (id.startsWith('tmdb:')) {
        movies ??= movieRecommender(db, options, explainer);
        return movies.recommend(id, k);
      }
      streaming ??= streamingRecommender(db, options, explainer);
      return streaming.recommend(id, k);
    },
  };
}
