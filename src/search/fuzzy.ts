/**
 * The typo-tolerant half of search: a compact "search form" of every name, a
 * character-trigram inverted index that picks a few hundred candidates in well
 * under a millisecond, and an edit-distance score that ranks them.
 *
 * Why not Fuse.js over everything: it scans every entry per query (~20 ms at
 * 3,000 titles, linear), and its Bitap score depends on where in the string a
 * match falls, which makes "1 = identical, lower = more edits" hard to promise
 * to callers. Optimal-string-alignment distance is ~20 lines, exact, and cheap on
 * the few hundred candidates the index leaves.
 */
import { normalizeKey, normalizeWords } from '../text/normalize.js';

/** Leading articles users add or drop ("matrix" → The Matrix, "the jumanji"): English, Spanish, French, Italian. */
const LEADING_ARTICLE = /^(?:the|a|an|el|la|los|las|un|una|le|les|l|il) (?=.)/;

/** Words only, no leading article, no spaces: "The E.T." → "et", "Se7en" → "se7en". */
export function searchForm(text: string): string {
  return keyForm(normalizeKey(text));
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Already words only: most keys (the Unicode-aware NON_WORD pass is the costly part of scoring a candidate). */
const PLAIN_KEY = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** normalizeWords of a normalizeKey'd text (no Unicode pass). */
export function keyWords(key: string): string {
  return PLAIN_KEY.test(key) ? key : key.replace(NON_WORD, ' ').trim();
}

/** prefixForm of a normalizeKey'd text. */
export function keyPrefixForm(key: string): string {
  return keyWords(key).replace(LEADING_ARTICLE, '');
}

/** fullForm of a normalizeKey'd text. */
export function keyFullForm(key: string): string {
  return keyWords(key).replace(/ /g, '');
}

/**
 * searchForm of text already through normalizeKey (every `*_key` column): skips the
 * Unicode normalization, the costly part when 300k names are indexed.
 */
export function keyForm(key: string): string {
  return key.replace(NON_WORD, ' ').trim().replace(LEADING_ARTICLE, '').replace(/ /g, '');
}

/** normalizeWords without the leading article, spaces kept: what autocomplete prefixes are compared with. */
export function prefixForm(text: string): string {
  return normalizeWords(text).replace(LEADING_ARTICLE, '');
}

const ROMAN = ['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii', 'ix', 'x', 'xi', 'xii', 'xiii', 'xiv', 'xv'];

/**
 * The part number a name ends with ("Toy Story 2" → 2, "Rocky II" → 2, "The Godfather: Part
 * III" → 3), 1 when it ends with none. `words`: keyWords of a key (lower case, single spaces).
 * Numbers past 99 are not parts ("Blade Runner 2049").
 */
export function sequelNumber(words: string): number {
  const last = words.slice(words.lastIndexOf(' ') + 1);
  if (/^\d{1,2}$/.test(last)) return Number(last);
  const roman = ROMAN.indexOf(last);
  return roman >= 0 && last !== words ? roman + 1 : 1;
}

/** Distinct trigrams of `^form$` (short forms still get at least one). */
export function trigrams(form: string): string[] {
  const padded = `^${form}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}

/** Three reused DP rows: distance runs hundreds of times per query, allocation-free. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
 * With `max`, any distance above it may come back as just `max + 1` (the table stops early).
 */
export function osaDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // A common prefix and suffix cost nothing: trimmed first, a typical typo leaves a tiny table.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  return osaCore(a, start, endA, b, start, endB, max);
}

/** OSA distance of a[aFrom..aTo) and b[bFrom..bTo), offsets instead of slices: no strings allocated. */
function osaCore(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number, max: number): number {
  const n = aTo - aFrom;
  const m = bTo - bFrom;
  if (!n) return m;
  if (!m) return n;
  const width = m + 1;
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [prev2, prev, row] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  let prevLowest = 0;
  for (let i = 1; i <= n; i++) {
    row[0] = i;
    let lowest = i;
    const ca = a.charCodeAt(aFrom + i - 1);
    for (let j = 1; j < width; j++) {
      const cb = b.charCodeAt(bFrom + j - 1);
      const cost = ca === cb ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(bFrom + j - 2) &&
        a.charCodeAt(aFrom + i - 2) === cb &&
        (prev2[j - 2] as number) + 1 < best
      ) {
        best = (prev2[j - 2] as number) + 1;
      }
      row[j] = best;
      if (best < lowest) lowest = best;
    }
    // Every later cell comes from this row or the one before (a swap): both above max, so is the result.
    if (lowest > max && prevLowest > max) return max + 1;
    prevLowest = lowest;
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[m] as number;
}

/**
 * OSA distance from one pattern to many texts, bit-parallel: Myers' algorithm with Hyyrö's
 * transposition term (Hyyrö 2003), one machine word per column instead of a table column.
 * A query compares its form with hundreds of candidates, and on the 300k people names that
 * table was most of a search's time. Patterns over 32 units fall back to osaDistance.
 */
export class OsaPattern {
  private readonly ascii = new Int32Array(128);
  private readonly other = new Map<number, number>();

  constructor(public pattern: string) {
    this.setBits(1);
  }

  /** Sets (1) or clears (0) the pattern's bits in the character masks. */
  private setBits(on: 0 | 1): void {
    const pattern = this.pattern;
    if (pattern.length > 32) return;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      if (c < 128) this.ascii[c] = on ? (this.ascii[c] as number) | (1 << i) : 0;
      else if (on) this.other.set(c, (this.other.get(c) ?? 0) | (1 << i));
    }
    if (!on) this.other.clear();
  }

  /** The same object for another pattern (no allocation). */
  reset(pattern: string): this {
    this.setBits(0);
    this.pattern = pattern;
    this.setBits(1);
    return this;
  }

  distance(text: string, max = Number.POSITIVE_INFINITY): number {
    if (this.pattern.length > 32) {
      // The distance is symmetric: a long query against a short name swaps the two.
      if (text.length <= 32) return swapped.reset(text).distance(this.pattern, max);
      return osaDistance(this.pattern, text, max);
    }
    return this.distanceIn(text, 0, text.length, max);
  }

  /**
   * The distance to text[from..to), read in place (a scan over many names joined in one
   * string slices none out). Patterns of at most 32 units; with `max`, stops (returning more
   * than max) once the rest of the text cannot bring the distance back down to it.
   */
  distanceIn(text: string, from: number, to: number, max = Number.POSITIVE_INFINITY): number {
    const m = this.pattern.length;
    const n = to - from;
    if (m === 0) return n;
    if (Math.abs(m - n) > max) return max + 1;
    const top = 1 << (m - 1);
    let vp = m === 32 ? -1 : (1 << m) - 1;
    let vn = 0;
    let d0 = 0;
    let pmPrev = 0;
    let score = m;
    for (let j = from; j < to; j++) {
      const c = text.charCodeAt(j);
      const pm = c < 128 ? (this.ascii[c] as number) : (this.other.get(c) ?? 0);
      const transposed = ((~d0 & pm) << 1) & pmPrev;
      const x = pm | vn;
      d0 = (((x & vp) + vp) ^ vp) | x | transposed;
      let hp = vn | ~(d0 | vp);
      let hn = vp & d0;
      if (hp & top) score++;
      else if (hn & top) score--;
      // Each character left can lower the distance by one at most.
      if (score - (to - j - 1) > max) return max + 1;
      hp = (hp << 1) | 1;
      hn <<= 1;
      vp = hn | ~(d0 | hp);
      vn = hp & d0;
      pmPrev = pm;
    }
    return score;
  }

  /** formSimilarityAtLeast(pattern, form, need). */
  similarityAtLeast(form: string, need: number): number {
    const longest = Math.max(this.pattern.length, form.length);
    if (longest === 0) return 0;
    const max = need <= 0 ? Number.POSITIVE_INFINITY : Math.floor((1 - need) * longest + 1e-9);
    const distance = this.distance(form, max);
    return distance > max ? 0 : Math.min(0.99, 1 - distance / longest);
  }
}

/** Reused by OsaPattern.distance when a pattern is too long and the text is not. */
const swapped = new OsaPattern('');

/** 0..0.99 similarity of two search forms; 1 is kept for identical normalized text (decided by the caller). */
export function formSimilarity(query: string, form: string): number {
  const longest = Math.max(query.length, form.length);
  if (longest === 0) return 0;
  return Math.min(0.99, 1 - osaDistance(query, form) / longest);
}

/**
 * formSimilarity when it is at least `need`; below that, any value under `need` (often 0):
 * the edit distance then stops as soon as it is too large.
 */
export function formSimilarityAtLeast(query: string, form: string, need: number): number {
  const longest = Math.max(query.length, form.length);
  if (longest === 0 || need <= 0) return formSimilarity(query, form);
  const max = Math.floor((1 - need) * longest + 1e-9);
  const distance = osaDistance(query, form, max);
  return distance > max ? 0 : Math.min(0.99, 1 - distance / longest);
}

/** The name without spaces but with its article: lets a misspelt article ("teh siege") count as one typo. */
export function fullForm(text: string): string {
  return normalizeWords(text).replace(/ /g, '');
}

/**
 * Whole-word prefix: the query's search form equals the first words of the name, spaces
 * ignored ("et" and "e.t." both start "E.T. the Extra-Terrestrial"; "star wars" starts
 * "Star Wars: Episode IV"). A real hint, but always below a typo-free whole name, and
 * worth more the more of the name it covers.
 */
export function prefixSimilarity(queryForm: string, nameWords: string): number {
  if (!queryForm || !nameWords.startsWith(queryForm[0] as string)) return 0;
  let joined = '';
  for (const word of nameWords.split(' ')) {
    if (joined === queryForm) return 0.7 + (0.2 * queryForm.length) / nameWords.replace(/ /g, '').length;
    joined += word;
    if (!queryForm.startsWith(joined)) return 0;
  }
  return 0; // the whole name: formSimilarity already gave it 0.99
}

/** Trigram buckets: a trigram is hashed to one of these; a collision only adds a candidate, never loses one. */
export const TRIGRAM_BUCKETS = 1 << 18;

/** Distinct bucket numbers of the trigrams of `^form$` (the same trigrams as trigrams(), hashed). */
export function trigramBuckets(form: string): number[] {
  const padded = `^${form}$`;
  const buckets: number[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) {
    const h =
      (Math.imul(padded.charCodeAt(i), 0x9e3779b1) ^
        Math.imul(padded.charCodeAt(i + 1), 0x85ebca6b) ^
        Math.imul(padded.charCodeAt(i + 2), 0xc2b2ae35)) >>>
      14;
    if (!buckets.includes(h)) buckets.push(h);
  }
  return buckets;
}

/** The flat arrays of a TrigramIndex built in memory: what the ETL stores in the catalog (search_index). */
export interface TrigramParts {
  starts: Int32Array;
  postings: Int32Array;
  /** Each form's count of distinct trigrams, at most 255 (a query counts at most 255: see gramBytes). */
  gramBytes: Uint8Array;
}

/** A stored TrigramIndex (src/search/stored.ts): each bucket's postings read when a query first needs them. */
export interface StoredTrigrams {
  gramBytes: Uint8Array;
  /** The bucket's postings, ascending. */
  postings(bucket: number): Int32Array;
}

/**
 * Trigram inverted index over a list of search forms: hashed trigrams and one flat
 * postings array (CSR layout), so 300k names cost a few MB, build in a fraction of a
 * second, and can be stored by bucket.
 */
export class TrigramIndex {
  /** The arrays, when built here (what parts returns). */
  private readonly built?: TrigramParts;
  private readonly postingsOf: (bucket: number) => Int32Array;
  /**
   * Each form's trigram count and the per-query counts in one byte each (a query counts at most
   * 255 trigrams): best() reads both at random for thousands of forms, and bytes stay in cache.
   */
  private readonly gramBytes: Uint8Array;
  private readonly shared: Uint8Array;
  /**
   * One bit per form, set while a query has touched it: the scan of a common trigram's
   * postings asks "touched?" for every posting, and these 300k bits stay in the CPU cache
   * where the 300k counts do not (the scan ran ~2× slower on the counts).
   */
  private readonly touchedBits: Int32Array;
  /**
   * Scratch list of the forms a query touched, and best()'s arrays, reused by every query (a
   * query allocates, and the GC collects, none) and grown to the most a query has touched:
   * sized for every form up front, they were ~6 MB for 300k people, most never written.
   */
  private touched: Int32Array;
  private readonly scratch: { index: Int32Array; dice: Float64Array; byBin: Int32Array; binCounts: Int32Array };

  /** How many forms are indexed. */
  readonly size: number;

  /** Built from the forms, or over a stored index (then only the forms' count is needed). */
  constructor(forms: readonly string[] | { size: number; stored: StoredTrigrams }) {
    if ('stored' in forms) {
      this.size = forms.size;
      this.gramBytes = forms.stored.gramBytes;
      this.postingsOf = forms.stored.postings;
    } else {
      const built = TrigramIndex.build(forms);
      this.built = built;
      this.size = forms.length;
      this.gramBytes = built.gramBytes;
      this.postingsOf = (bucket) =>
        built.postings.subarray(built.starts[bucket] as number, built.starts[bucket + 1] as number);
    }
    const size = this.size;
    this.shared = new Uint8Array(size);
    this.touchedBits = new Int32Array((size >>> 5) + 1);
    const start = Math.min(size, SCRATCH_START);
    this.touched = new Int32Array(start);
    this.scratch = {
      index: new Int32Array(start),
      dice: new Float64Array(start),
      byBin: new Int32Array(start),
      binCounts: new Int32Array(DICE_BINS + 2),
    };
  }

  /** The flat arrays (an index built in memory; a stored one has none). */
  get parts(): TrigramParts {
    if (!this.built) throw new Error('TrigramIndex: a stored index has no flat arrays');
    return this.built;
  }

  private static build(forms: readonly string[]): TrigramParts {
    // Two passes over the forms (count, then fill), each form's trigrams computed in each:
    // keeping them between the passes cost ~45 MB for 300k names, the ETL's memory peak.
    const counts = new Int32Array(TRIGRAM_BUCKETS);
    const gramBytes = new Uint8Array(forms.length);
    forms.forEach((form, formIndex) => {
      const buckets = trigramBuckets(form);
      gramBytes[formIndex] = Math.min(buckets.length, 255);
      for (const b of buckets) counts[b] = (counts[b] as number) + 1;
    });
    const starts = new Int32Array(TRIGRAM_BUCKETS + 1);
    for (let b = 0; b < TRIGRAM_BUCKETS; b++) starts[b + 1] = (starts[b] as number) + (counts[b] as number);
    const postings = new Int32Array(starts[TRIGRAM_BUCKETS] as number);
    const fill = starts.slice(0, TRIGRAM_BUCKETS);
    forms.forEach((form, formIndex) => {
      for (const b of trigramBuckets(form)) {
        postings[fill[b] as number] = formIndex;
        fill[b] = (fill[b] as number) + 1;
      }
    });
    return { starts, postings, gramBytes };
  }

  /**
   * Indexes of the forms sharing the most trigrams with `query` (Dice coefficient),
   * best first, at most `max`, among those `accept` lets through.
   *
   * The work is bounded for long posting lists (common trigrams: in 300k synthetic people
   * names one trigram can sit in 20k of them). The commonest are left out; the others are visited rarest first; new forms
   * are only collected from the rarest ones, until GATHER_BUDGET postings were read (and
   * always from the MIN_GATHER rarest): a form missing from all of those lacks that many of
   * the query's trigrams, so it cannot be among the best. The common buckets then only add
   * to the counts of forms already collected — by binary search in the (sorted) posting
   * list when there are few of those, else by a scan that pushes nothing.
   */
  candidates(query: string, max: number, accept?: (formIndex: number) => boolean): number[] {
    const all = trigramBuckets(query).map((bucket) => this.postingsOf(bucket));
    // Very common trigrams ("son", "the") touch a large share of 300k names for little
    // information: skipped while at least three rarer ones remain.
    const common = Math.max(4000, this.size / 20);
    const rare = all.filter((list) => list.length <= common);
    const lists = rare.length >= 3 ? rare : all;
    lists.sort((a, b) => a.length - b.length);
    if (lists.length > 255) lists.length = 255; // counts are bytes; the rarest say the most
    const { touchedBits: bits, shared } = this;
    let touched = this.touched;
    let count = 0;
    let read = 0;
    lists.forEach((postings, i) => {
      const end = postings.length;
      if (i < MIN_GATHER || read + end <= GATHER_BUDGET) {
        read += end;
        if (count + end > touched.length) touched = this.growTouched(count + end);
        for (let p = 0; p < end; p++) {
          const formIndex = postings[p] as number;
          const word = formIndex >>> 5;
          const bit = 1 << (formIndex & 31);
          if (((bits[word] as number) & bit) === 0) {
            bits[word] = (bits[word] as number) | bit;
            touched[count++] = formIndex;
          }
          shared[formIndex] = (shared[formIndex] as number) + 1;
        }
      } else if (count * Math.log2(end + 2) < end) {
        for (let t = 0; t < count; t++) {
          const formIndex = touched[t] as number;
          if (contains(postings, formIndex)) shared[formIndex] = (shared[formIndex] as number) + 1;
        }
      } else {
        for (let p = 0; p < end; p++) {
          const formIndex = postings[p] as number;
          if (((bits[formIndex >>> 5] as number) & (1 << (formIndex & 31))) !== 0)
            shared[formIndex] = (shared[formIndex] as number) + 1;
        }
      }
    });
    return this.best(touched, count, lists.length, max, accept);
  }

  /** The touched list with room for `needed` forms (its contents kept). */
  private growTouched(needed: number): Int32Array {
    const grown = new Int32Array(Math.min(this.size, Math.max(needed, 2 * this.touched.length)));
    grown.set(this.touched);
    this.touched = grown;
    return grown;
  }

  /** The `max` touched forms of highest Dice (shared counts reset on the way), best first. */
  private best(
    touched: Int32Array,
    count: number,
    grams: number,
    max: number,
    accept?: (formIndex: number) => boolean,
  ): number[] {
    // A typo breaks up to three trigrams, so a low floor keeps short, misspelt queries;
    // it only prunes the long tail of forms sharing one common gram. Above it, the
    // cut-off is raised (by a histogram of shared counts) until about 4×max remain.
    let floor = grams >= 6 ? 2 : 1;
    const histogram = new Int32Array(grams + 2);
    for (let t = 0; t < count; t++) {
      const shared = this.shared[touched[t] as number] as number;
      histogram[shared] = (histogram[shared] as number) + 1;
    }
    let kept = 0;
    for (let shared = grams; shared >= floor; shared--) {
      kept += histogram[shared] as number;
      if (kept >= 4 * max) {
        floor = shared;
        break;
      }
    }
    // Dice of every form above the floor, then a counting sort by Dice bin (best bin first):
    // `accept` (an entry filter, the costly part) only runs until `max` forms passed it.
    if (count > this.scratch.index.length) {
      const length = Math.min(this.size, Math.max(count, 2 * this.scratch.index.length));
      this.scratch.index = new Int32Array(length);
      this.scratch.dice = new Float64Array(length);
      this.scratch.byBin = new Int32Array(length);
    }
    const { index, dice, byBin, binCounts } = this.scratch;
    binCounts.fill(0);
    let above = 0;
    for (let t = 0; t < count; t++) {
      const formIndex = touched[t] as number;
      const shared = this.shared[formIndex] as number;
      this.shared[formIndex] = 0;
      this.touchedBits[formIndex >>> 5] = 0; // its neighbours' bits too: they are all reset in this loop
      if (shared < floor) continue;
      const d = (2 * shared) / (grams + (this.gramBytes[formIndex] as number));
      index[above] = formIndex;
      dice[above] = d;
      above++;
      const bin = DICE_BINS - Math.floor(d * DICE_BINS);
      binCounts[bin + 1] = (binCounts[bin + 1] as number) + 1;
    }
    for (let bin = 1; bin < binCounts.length; bin++)
      binCounts[bin] = (binCounts[bin] as number) + (binCounts[bin - 1] as number);
    for (let i = 0; i < above; i++) {
      const bin = DICE_BINS - Math.floor((dice[i] as number) * DICE_BINS);
      byBin[binCounts[bin] as number] = i;
      binCounts[bin] = (binCounts[bin] as number) + 1;
    }
    const order: number[] = [];
    let lastBin = -1;
    for (let k = 0; k < above; k++) {
      const i = byBin[k] as number;
      const bin = Math.floor((dice[i] as number) * DICE_BINS);
      if (order.length >= max && bin !== lastBin) break; // ties in the last bin are all kept
      if (accept && !accept(index[i] as number)) continue;
      order.push(i);
      lastBin = bin;
    }
    order.sort((a, b) => (dice[b] as number) - (dice[a] as number) || (index[a] as number) - (index[b] as number));
    // Long queries are precise: forms with under a third of the best overlap cannot win,
    // and their edit distances (long strings) are most of the cost. Short queries keep
    // every candidate: "et" must still reach "E.T. the Extra-Terrestrial" by prefix.
    const cut = grams >= 12 ? (dice[order[0] as number] ?? 0) / 3 : 0;
    const out: number[] = [];
    for (const i of order.slice(0, max)) if ((dice[i] as number) >= cut) out.push(index[i] as number);
    return out;
  }
}

/** Whether a bucket's postings (ascending: filled in form order) hold `formIndex`. */
function contains(postings: Int32Array, formIndex: number): boolean {
  let lo = 0;
  let hi = postings.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((postings[mid] as number) < formIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo < postings.length && postings[lo] === formIndex;
}

/** The scratch arrays' first length (they grow to what queries touch). */
const SCRATCH_START = 4096;

/** Postings always read to collect candidates: a form outside all of them misses ≥ this many trigrams. */
const MIN_GATHER = 5;
/** Postings read to collect candidates beyond MIN_GATHER buckets (common ones then only update counts). */
const GATHER_BUDGET = 8_000;
const DICE_BINS = 1024;
