/**
 * Cosine similarity over sparse feature vectors through an inverted index: never
 * the dense N×N matrix. Vectors are L2-normalized once, so the dot product is the
 * cosine. Rows and postings live in flat typed arrays (CSR layout): ~16 bytes per pair.
 *
 * A query has two halves:
 *   1. Candidates: the items found in the postings of the query's features, plus the
 *      caller's `extra` ones. A feature's postings are sorted by value, highest first,
 *      and at most `postingsCap` of them are read per feature, so the work per query is
 *      bounded (no N² blow-up when thousands of titles share every feature).
 *   2. Scores: each candidate's cosine is computed exactly from its own row against the
 *      query's weights (a dense array), so a candidate's score never depends on the cap.
 *
 * The one approximation: an item sharing with the query only features whose postings
 * were cut (df > postingsCap: a genre, a language, a decade, a big studio), and ranked
 * below the cap in every one of them, is not a candidate. Its cosine is then at most
 * Σ weight × (the last value read) over those features — a common feature carries
 * little weight (low idf), and the items left out are the ones it weighs least in.
 * `nearest()` checks that bound: when the k-th score found reaches it, the answer is
 * provably the exact top-k (`exactAnswers` counts those). When no feature was cut,
 * every item sharing a feature is a candidate: the answer is exact too.
 */
export type SparseVector = Map<string, number>;

/** Postings read per feature and query; see the header for what it bounds and what it costs. */
export const POSTINGS_CAP = 1000;

export class SparseCosine {
  /** Per item: its features (ids) and normalized values, CSR. */
  private readonly itemStarts: Int32Array;
  private readonly itemFeatures: Int32Array;
  private readonly itemValues: Float32Array;
  /** Per feature: the items having it, highest value first (ties: lower item first), CSR. */
  private readonly featureStarts: Int32Array;
  private readonly featureItems: Int32Array;
  private readonly featureValues: Float32Array;
  /** The query's weight per feature while a query runs, else 0. */
  private readonly queryWeights: Float64Array;
  /** Candidate marks: `seen[item] === stamp` means already a candidate of this query. */
  private readonly seen: Int32Array;
  private stamp = 0;
  private readonly candidates: Int32Array;
  readonly featureCount: number;
  /** How many nearest() answers were provably the exact top-k (see the header). */
  exactAnswers = 0;
  queries = 0;

  constructor(
    vectors: readonly SparseVector[],
    private readonly postingsCap = POSTINGS_CAP,
  ) {
    const featureIds = new Map<string, number>();
    const featureSizes: number[] = [];
    let pairs = 0;
    for (const vector of vectors) {
      for (const name of vector.keys()) {
        let id = featureIds.get(name);
        if (id === undefined) {
          id = featureIds.size;
          featureIds.set(name, id);
          featureSizes.push(0);
        }
        featureSizes[id] = (featureSizes[id] as number) + 1;
        pairs++;
      }
    }
    const count = featureIds.size;
    this.featureCount = count;
    this.itemStarts = new Int32Array(vectors.length + 1);
    this.itemFeatures = new Int32Array(pairs);
    this.itemValues = new Float32Array(pairs);
    this.featureStarts = new Int32Array(count + 1);
    for (let id = 0; id < count; id++) {
      this.featureStarts[id + 1] = (this.featureStarts[id] as number) + (featureSizes[id] as number);
    }
    this.featureItems = new Int32Array(pairs);
    this.featureValues = new Float32Array(pairs);
    const fill = this.featureStarts.slice(0, count);
    let at = 0;
    vectors.forEach((vector, item) => {
      let norm = 0;
      for (const value of vector.values()) norm += value * value;
      norm = Math.sqrt(norm) || 1;
      for (const [name, value] of vector) {
        const id = featureIds.get(name) as number;
        this.itemFeatures[at] = id;
        this.itemValues[at] = value / norm;
        at++;
        const slot = fill[id] as number;
        this.featureItems[slot] = item;
        this.featureValues[slot] = value / norm;
        fill[id] = slot + 1;
      }
      this.itemStarts[item + 1] = at;
    });
    for (let id = 0; id < count; id++) {
      if ((featureSizes[id] as number) > postingsCap) this.sortPostings(id);
    }
    this.queryWeights = new Float64Array(count);
    this.seen = new Int32Array(vectors.length);
    this.candidates = new Int32Array(vectors.length);
  }

  /** Highest value first, then lower item: the cap keeps the items the feature weighs most in. */
  private sortPostings(feature: number) {
    const from = this.featureStarts[feature] as number;
    const to = this.featureStarts[feature + 1] as number;
    const order = Array.from({ length: to - from }, (_, i) => from + i);
    const items = this.featureItems;
    const values = this.featureValues;
    order.sort((a, b) => (values[b] as number) - (values[a] as number) || (items[a] as number) - (items[b] as number));
    const sortedItems = Int32Array.from(order, (p) => items[p] as number);
    const sortedValues = Float32Array.from(order, (p) => values[p] as number);
    items.set(sortedItems, from);
    values.set(sortedValues, from);
  }

  /**
   * The `k` items most similar to `item` (cosine > 0), best first; ties → lower item index.
   * `skip(other)` removes items (the item itself, its duplicates); `extra` are always
   * candidates; `exact` makes every item a candidate (the baselines use it).
   */
  nearest(
    item: number,
    k: number,
    skip: (other: number) => boolean,
    extra?: Int32Array,
    exact = false,
  ): { item: number; cosine: number }[] {
    const start = this.itemStarts[item] as number;
    const end = this.itemStarts[item + 1] as number;
    const weights = this.queryWeights;
    for (let p = start; p < end; p++) weights[this.itemFeatures[p] as number] = this.itemValues[p] as number;
    const { count, bound } = exact ? { count: this.allItems(), bound: 0 } : this.gather(start, end, extra);
    const best = this.topK(count, k, skip);
    for (let p = start; p < end; p++) weights[this.itemFeatures[p] as number] = 0;
    this.queries++;
    // Exact when nothing was left out, or when what was left out cannot beat the k-th score.
    if (bound === 0 || (best.length === k && (best[k - 1]?.cosine as number) >= bound)) this.exactAnswers++;
    return best;
  }

  /** Every item as a candidate. */
  private allItems(): number {
    const n = this.candidates.length;
    for (let i = 0; i < n; i++) this.candidates[i] = i;
    return n;
  }

  /**
   * Fills `candidates` from the capped postings and `extra`; returns how many, and the
   * bound on the cosine of an item left out (0 when no postings list was cut).
   */
  private gather(start: number, end: number, extra?: Int32Array): { count: number; bound: number } {
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    const seen = this.seen;
    const candidates = this.candidates;
    const featureItems = this.featureItems;
    let count = 0;
    let bound = 0;
    for (let p = start; p < end; p++) {
      const feature = this.itemFeatures[p] as number;
      const from = this.featureStarts[feature] as number;
      const to = this.featureStarts[feature + 1] as number;
      const stop = Math.min(to, from + this.postingsCap);
      for (let q = from; q < stop; q++) {
        const other = featureItems[q] as number;
        if (seen[other] === stamp) continue;
        seen[other] = stamp;
        candidates[count++] = other;
      }
      if (stop < to) bound += (this.itemValues[p] as number) * (this.featureValues[stop - 1] as number);
    }
    if (extra) {
      for (const other of extra) {
        if (seen[other] === stamp) continue;
        seen[other] = stamp;
        candidates[count++] = other;
      }
    }
    return { count, bound };
  }

  /** A candidate's exact cosine with the query: its row against the query's weights. */
  private cosine(other: number): number {
    const weights = this.queryWeights;
    const features = this.itemFeatures;
    const values = this.itemValues;
    let sum = 0;
    const end = this.itemStarts[other + 1] as number;
    for (let p = this.itemStarts[other] as number; p < end; p++) {
      sum += (weights[features[p] as number] as number) * (values[p] as number);
    }
    return sum;
  }

  /**
   * The top k of the first `count` candidates through a min-heap of k places: most
   * candidates cost one comparison, and skip() runs only for those that would enter.
   */
  private topK(count: number, k: number, skip: (other: number) => boolean): { item: number; cosine: number }[] {
    const heapValues = new Float64Array(k);
    const heapItems = new Int32Array(k);
    let size = 0;
    for (let c = 0; c < count; c++) {
      const other = this.candidates[c] as number;
      const cosine = this.cosine(other);
      if (cosine <= 0) continue;
      if (size === k) {
        const top = heapValues[0] as number;
        if (cosine < top || (cosine === top && other > (heapItems[0] as number))) continue;
      }
      if (skip(other)) continue;
      if (size < k) heapPush(heapValues, heapItems, size++, cosine, other);
      else heapReplaceTop(heapValues, heapItems, size, cosine, other);
    }
    const best: { item: number; cosine: number }[] = [];
    for (let i = 0; i < size; i++) best.push({ item: heapItems[i] as number, cosine: heapValues[i] as number });
    best.sort((a, b) => b.cosine - a.cosine || a.item - b.item);
    return best;
  }
}

/** Min-heap order: lower cosine first; on equal cosine the higher item index is "smaller" (dropped first). */
function below(values: Float64Array, items: Int32Array, a: number, b: number): boolean {
  const va = values[a] as number;
  const vb = values[b] as number;
  return va < vb || (va === vb && (items[a] as number) > (items[b] as number));
}

function swap(values: Float64Array, items: Int32Array, a: number, b: number) {
  const v = values[a] as number;
  values[a] = values[b] as number;
  values[b] = v;
  const it = items[a] as number;
  items[a] = items[b] as number;
  items[b] = it;
}

function heapPush(values: Float64Array, items: Int32Array, at: number, value: number, item: number) {
  values[at] = value;
  items[at] = item;
  let child = at;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!below(values, items, child, parent)) break;
    swap(values, items, child, parent);
    child = parent;
  }
}

function heapReplaceTop(values: Float64Array, items: Int32Array, count: number, value: number, item: number) {
  values[0] = value;
  items[0] = item;
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let smallest = parent;
    if (left < count && below(values, items, left, smallest)) smallest = left;
    if (right < count && below(values, items, right, smallest)) smallest = right;
    if (smallest === parent) return;
    swap(values, items, parent, smallest);
    parent = smallest;
  }
}
