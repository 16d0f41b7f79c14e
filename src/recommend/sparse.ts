/**
 * Cosine similarity over sparse feature vectors through an inverted index: never
 * the dense N×N matrix. Vectors are L2-normalized once, so the dot product is the
 * cosine. Postings live in flat typed arrays (CSR layout): ~8 bytes per pair.
 *
 * Speed: a few features are shared by a large share of the catalog (a genre, the
 * language, a decade); walking their postings for every query costs ~45k additions
 * each. So candidates come from the rare features only (a keyword, a director, the
 * collection), and the common features' share of each candidate's cosine is then
 * added from a dense per-feature column: the cosine of every candidate is exact.
 * Only a title sharing nothing but common features with the query can be missed,
 * and then only when at least `k` titles share a rare one; when fewer do, every
 * posting is walked (exact top-k).
 */
export type SparseVector = Map<string, number>;

export class SparseCosine {
  /** Per item: its features (ids) and normalized values, CSR. */
  private readonly itemStarts: Int32Array;
  private readonly itemFeatures: Int32Array;
  private readonly itemValues: Float32Array;
  /** Per feature: the items having it and their values, CSR. */
  private readonly featureStarts: Int32Array;
  private readonly featureItems: Int32Array;
  private readonly featureValues: Float32Array;
  private readonly scores: Float32Array;
  /** Dense value columns of the common features (feature id → values by item). */
  private readonly common = new Map<number, Float32Array>();
  readonly featureCount: number;

  constructor(vectors: readonly SparseVector[], commonShare = 0.02) {
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
    this.featureCount = featureIds.size;
    this.itemStarts = new Int32Array(vectors.length + 1);
    this.itemFeatures = new Int32Array(pairs);
    this.itemValues = new Float32Array(pairs);
    this.featureStarts = new Int32Array(featureIds.size + 1);
    featureSizes.forEach((size, id) => {
      this.featureStarts[id + 1] = (this.featureStarts[id] as number) + size;
    });
    this.featureItems = new Int32Array(pairs);
    this.featureValues = new Float32Array(pairs);
    const fill = this.featureStarts.slice(0, featureIds.size);
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
    this.scores = new Float32Array(vectors.length);
    const commonSize = Math.max(200, commonShare * vectors.length);
    featureSizes.forEach((size, id) => {
      if (size < commonSize) return;
      const column = new Float32Array(vectors.length);
      for (let q = this.featureStarts[id] as number; q < (this.featureStarts[id + 1] as number); q++) {
        column[this.featureItems[q] as number] = this.featureValues[q] as number;
      }
      this.common.set(id, column);
    });
  }

  /**
   * The `k` items most similar to `item` (cosine > 0), best first; ties → lower item index.
   * `skip(other)` removes items (the item itself, its duplicates) before ranking; `extra`
   * are always candidates; `exact` makes every item a candidate (the baselines use it).
   */
  nearest(
    item: number,
    k: number,
    skip: (other: number) => boolean,
    extra?: Int32Array,
    exact = false,
  ): { item: number; cosine: number }[] {
    const touched = this.walk(item);
    const scores = this.scores;
    const start = this.itemStarts[item] as number;
    const end = this.itemStarts[item + 1] as number;
    if (!exact && (touched.length > k || extra)) {
      // Candidates: the titles sharing a rare feature, plus `extra` (the caller's
      // likely answers); the common features' share is added to those only.
      const candidates = extra ? union(touched, extra, scores) : touched;
      for (let p = start; p < end; p++) {
        const column = this.common.get(this.itemFeatures[p] as number);
        if (!column) continue;
        const weight = this.itemValues[p] as number;
        for (const other of candidates) scores[other] = (scores[other] as number) + weight * (column[other] as number);
      }
      return this.collect(candidates, k, skip);
    }
    // Exact, or too few candidates: every title is one; the common columns are dense, so a tight loop each.
    for (let p = start; p < end; p++) {
      const column = this.common.get(this.itemFeatures[p] as number);
      if (!column) continue;
      const weight = this.itemValues[p] as number;
      for (let other = 0; other < scores.length; other++) {
        scores[other] = (scores[other] as number) + weight * (column[other] as number);
      }
    }
    return this.collect(
      Array.from({ length: scores.length }, (_, i) => i),
      k,
      skip,
    );
  }

  /** Adds item·other over the postings of the item's rare features and lists the items that got some. */
  private walk(item: number): number[] {
    const touched: number[] = [];
    const end = this.itemStarts[item + 1] as number;
    for (let p = this.itemStarts[item] as number; p < end; p++) {
      const feature = this.itemFeatures[p] as number;
      if (this.common.has(feature)) continue;
      const weight = this.itemValues[p] as number;
      const stop = this.featureStarts[feature + 1] as number;
      for (let q = this.featureStarts[feature] as number; q < stop; q++) {
        const other = this.featureItems[q] as number;
        if (this.scores[other] === 0) touched.push(other);
        this.scores[other] = (this.scores[other] as number) + weight * (this.featureValues[q] as number);
      }
    }
    return touched;
  }

  /**
   * The top k of the candidates, resetting their scores for the next query: a min-heap
   * of k + 8 places (spares for what skip() removes: the title itself, its duplicates),
   * so most candidates cost one comparison.
   */
  private collect(candidates: number[], k: number, skip: (other: number) => boolean) {
    const size = k + 8;
    const heapValues = new Float32Array(size);
    const heapItems = new Int32Array(size);
    let count = 0;
    for (const other of candidates) {
      const cosine = this.scores[other] as number;
      this.scores[other] = 0;
      if (cosine <= 0) continue;
      if (count < size) {
        heapPush(heapValues, heapItems, count++, cosine, other);
      } else if (cosine > (heapValues[0] as number) || (cosine === heapValues[0] && other < (heapItems[0] as number))) {
        heapReplaceTop(heapValues, heapItems, count, cosine, other);
      }
    }
    const best: { item: number; cosine: number }[] = [];
    for (let i = 0; i < count; i++) {
      const item = heapItems[i] as number;
      if (!skip(item)) best.push({ item, cosine: heapValues[i] as number });
    }
    best.sort((a, b) => b.cosine - a.cosine || a.item - b.item);
    return best.slice(0, k);
  }
}

/** Min-heap order: lower cosine first; on equal cosine the higher item index is "smaller" (dropped first). */
function below(values: Float32Array, items: Int32Array, a: number, b: number): boolean {
  const va = values[a] as number;
  const vb = values[b] as number;
  return va < vb || (va === vb && (items[a] as number) > (items[b] as number));
}

function swap(values: Float32Array, items: Int32Array, a: number, b: number) {
  const v = values[a] as number;
  values[a] = values[b] as number;
  values[b] = v;
  const it = items[a] as number;
  items[a] = items[b] as number;
  items[b] = it;
}

function heapPush(values: Float32Array, items: Int32Array, at: number, value: number, item: number) {
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

function heapReplaceTop(values: Float32Array, items: Int32Array, count: number, value: number, item: number) {
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

/** touched ∪ extra, using the scores (non-zero = touched) as the membership test. */
function union(touched: number[], extra: Int32Array, scores: Float32Array): number[] {
  const all = touched.slice();
  for (const other of extra) if (scores[other] === 0) all.push(other);
  return all;
}
