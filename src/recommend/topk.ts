/**
 * A min-heap of the k best (value, item) pairs in two typed arrays: the top-k of
 * sparse.ts (content) and colikes.ts (co-liking) without an object per candidate.
 * Order: higher value first; on equal values the lower item index wins.
 */

/** Min-heap order: lower cosine first; on equal cosine the higher item index is "smaller" (dropped first). */
export function below(values: Float64Array, items: Int32Array, a: number, b: number): boolean {
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

export function heapPush(values: Float64Array, items: Int32Array, at: number, value: number, item: number) {
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

export function heapReplaceTop(values: Float64Array, items: Int32Array, count: number, value: number, item: number) {
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

/**
 * `count` independent top-k heaps in flat arrays (k·count slots), for collecting every
 * item's best partners in one pass (colikes.ts offers each pair to both of its items).
 */
export class TopKHeaps {
  readonly values: Float64Array;
  readonly items: Int32Array;
  readonly sizes: Int32Array;

  constructor(
    count: number,
    readonly k: number,
  ) {
    this.values = new Float64Array(count * k);
    this.items = new Int32Array(count * k);
    this.sizes = new Int32Array(count);
  }

  /** Offers (value, item) to heap `heap`: kept if among its k best (higher value, then lower item). */
  offer(heap: number, value: number, item: number): void {
    const { values, items, k } = this;
    const base = heap * k;
    const size = this.sizes[heap] as number;
    if (size < k) {
      // Sift up from the new last slot.
      let child = size;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        const pv = values[base + parent] as number;
        if (!(value < pv || (value === pv && item > (items[base + parent] as number)))) break;
        values[base + child] = pv;
        items[base + child] = items[base + parent] as number;
        child = parent;
      }
      values[base + child] = value;
      items[base + child] = item;
      this.sizes[heap] = size + 1;
      return;
    }
    const least = values[base] as number;
    if (value < least || (value === least && item > (items[base] as number))) return;
    // Replace the least and sift down.
    let parent = 0;
    for (;;) {
      const left = 2 * parent + 1;
      if (left >= k) break;
      const right = left + 1;
      let smaller = left;
      if (right < k) {
        const lv = values[base + left] as number;
        const rv = values[base + right] as number;
        if (rv < lv || (rv === lv && (items[base + right] as number) > (items[base + left] as number))) smaller = right;
      }
      const sv = values[base + smaller] as number;
      if (!(sv < value || (sv === value && (items[base + smaller] as number) > item))) break;
      values[base + parent] = sv;
      items[base + parent] = items[base + smaller] as number;
      parent = smaller;
    }
    values[base + parent] = value;
    items[base + parent] = item;
  }

  /** Heap `heap`'s entries, best first. */
  sorted(heap: number): { item: number; value: number }[] {
    const base = heap * this.k;
    const out: { item: number; value: number }[] = [];
    for (let s = 0; s < (this.sizes[heap] as number); s++)
      out.push({ item: this.items[base + s] as number, value: this.values[base + s] as number });
    return out.sort((a, b) => b.value - a.value || a.item - b.item);
  }
}
