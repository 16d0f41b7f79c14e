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

/** normalizeWords of a normalizeKey'd text (no Unicode pass). */
export function keyWords(key: string): string {
  return key.replace(NON_WORD, ' ').trim();
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

/** Distinct trigrams of `^form$` (short forms still get at least one). */
export function trigrams(form: string): string[] {
  const padded = `^${form}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams];
}

/** Three reused DP rows: distance runs hundreds of times per query, allocation-free. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function osaDistance(a: string, b: string): number {
  if (a === b) return 0;
  // A common prefix and suffix cost nothing: trimmed first, a typical typo leaves a tiny table.
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (start > 0 || endA < a.length || endB < b.length) return osaCore(a.slice(start, endA), b.slice(start, endB));
  return osaCore(a, b);
}

function osaCore(a: string, b: string): number {
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const width = b.length + 1;
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  let [prev2, prev, row] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < width; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (prev2[j - 2] as number) + 1);
      }
      row[j] = best;
    }
    [prev2, prev, row] = [prev, row, prev2];
  }
  return prev[b.length] as number;
}

/** 0..0.99 similarity of two search forms; 1 is kept for identical normalized text (decided by the caller). */
export function formSimilarity(query: string, form: string): number {
  const longest = Math.max(query.length, form.length);
  if (longest === 0) return 0;
  return Math.min(0.99, 1 - osaDistance(query, form) / longest);
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
const BUCKETS = 1 << 18;

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

/** The flat arrays of a TrigramIndex: what the ETL stores in the catalog (search_index) and loads back. */
export interface TrigramParts {
  starts: Int32Array;
  postings: Int32Array;
  gramCounts: Uint16Array;
}

/**
 * Trigram inverted index over a list of search forms: hashed trigrams and one flat
 * postings array (CSR layout), so 300k names cost a few MB, build in a fraction of a
 * second, and can be stored as three blobs.
 */
export class TrigramIndex {
  private readonly starts: Int32Array;
  private readonly postings: Int32Array;
  private readonly gramCounts: Uint16Array;
  private readonly shared: Uint16Array;

  constructor(
    readonly forms: readonly string[],
    parts?: TrigramParts,
  ) {
    const built = parts ?? TrigramIndex.build(forms);
    this.starts = built.starts;
    this.postings = built.postings;
    this.gramCounts = built.gramCounts;
    this.shared = new Uint16Array(forms.length);
  }

  get parts(): TrigramParts {
    return { starts: this.starts, postings: this.postings, gramCounts: this.gramCounts };
  }

  private static build(forms: readonly string[]): TrigramParts {
    const counts = new Int32Array(BUCKETS);
    const gramCounts = new Uint16Array(forms.length);
    const perForm: number[][] = forms.map((form, formIndex) => {
      const buckets = trigramBuckets(form);
      gramCounts[formIndex] = Math.min(buckets.length, 65535);
      for (const b of buckets) counts[b] = (counts[b] as number) + 1;
      return buckets;
    });
    const starts = new Int32Array(BUCKETS + 1);
    for (let b = 0; b < BUCKETS; b++) starts[b + 1] = (starts[b] as number) + (counts[b] as number);
    const postings = new Int32Array(starts[BUCKETS] as number);
    const fill = starts.slice(0, BUCKETS);
    perForm.forEach((buckets, formIndex) => {
      for (const b of buckets) {
        postings[fill[b] as number] = formIndex;
        fill[b] = (fill[b] as number) + 1;
      }
    });
    return { starts, postings, gramCounts };
  }

  /**
   * Indexes of the forms sharing the most trigrams with `query` (Dice coefficient),
   * best first, at most `max`, among those `accept` lets through.
   */
  candidates(query: string, max: number, accept?: (formIndex: number) => boolean): number[] {
    const all = trigramBuckets(query);
    // Very common trigrams ("son", "the") touch a large share of 300k names for little
    // information: skipped while at least three rarer ones remain.
    const common = Math.max(4000, this.forms.length / 20);
    const size = (b: number) => (this.starts[b + 1] as number) - (this.starts[b] as number);
    const rare = all.filter((b) => size(b) <= common);
    const buckets = rare.length >= 3 ? rare : all;
    const touched: number[] = [];
    for (const b of buckets) {
      const end = this.starts[b + 1] as number;
      for (let p = this.starts[b] as number; p < end; p++) {
        const formIndex = this.postings[p] as number;
        if (this.shared[formIndex] === 0) touched.push(formIndex);
        this.shared[formIndex] = (this.shared[formIndex] as number) + 1;
      }
    }
    // A typo breaks up to three trigrams, so a low floor keeps short, misspelt queries;
    // it only prunes the long tail of forms sharing one common gram. Above it, the
    // cut-off is raised (by a histogram of shared counts) until about 4×max remain, so
    // only those are sorted.
    let floor = buckets.length >= 6 ? 2 : 1;
    const histogram = new Int32Array(buckets.length + 2);
    for (const formIndex of touched) {
      const shared = this.shared[formIndex] as number;
      histogram[shared] = (histogram[shared] as number) + 1;
    }
    let kept = 0;
    for (let shared = buckets.length; shared >= floor; shared--) {
      kept += histogram[shared] as number;
      if (kept >= 4 * max) {
        floor = shared;
        break;
      }
    }
    const scored: { index: number; dice: number }[] = [];
    for (const formIndex of touched) {
      const shared = this.shared[formIndex] as number;
      this.shared[formIndex] = 0;
      if (shared < floor || (accept && !accept(formIndex))) continue;
      scored.push({ index: formIndex, dice: (2 * shared) / (buckets.length + (this.gramCounts[formIndex] as number)) });
    }
    scored.sort((a, b) => b.dice - a.dice);
    // Long queries are precise: forms with under a third of the best overlap cannot win,
    // and their edit distances (long strings) are most of the cost. Short queries keep
    // every candidate: "et" must still reach "E.T. the Extra-Terrestrial" by prefix.
    const cut = buckets.length >= 12 ? (scored[0]?.dice ?? 0) / 3 : 0;
    return scored
      .slice(0, max)
      .filter((s) => s.dice >= cut)
      .map((s) => s.index);
  }
}
