/**
 * Every short name within two edits of a query, found by scanning: the trigram index
 * cannot find them, since two edits in a six-letter name can leave no trigram in common
 * ("sceramm" / "scream" share only "^sc", with thousands of other names). A query's scan
 * reads only the distinct forms of its length ± 2, skips those whose letters differ too
 * much (a 32-bit letter mask: an edit changes at most two bits), and runs the bit-parallel
 * edit distance on the rest, inside one joined string (no string made per name).
 */
import type { OsaPattern } from './fuzzy.js';

/** Forms longer than this have enough trigrams left after two edits; shorter than MIN_LENGTH are not scanned. */
export const SHORT_MAX = 16;
const MIN_LENGTH = 3;

/** The columns of a NearbyForms (what the ETL stores). */
export interface NearbyParts {
  /** The distinct short forms, by length, joined without separators. */
  text: string;
  /** Form i is text[starts[i], starts[i + 1]). */
  starts: Int32Array;
  /** The forms of length ℓ are [byLength[ℓ], byLength[ℓ + 1]). */
  byLength: Int32Array;
  /** Each form's letter mask (bit code & 31). */
  masks: Int32Array;
  /** Form i's keys are keys[keyStarts[i], keyStarts[i + 1]). */
  keyStarts: Int32Array;
  keys: Int32Array;
}

function maskOf(text: string, from = 0, to = text.length): number {
  let mask = 0;
  for (let i = from; i < to; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export class NearbyForms {
  constructor(private readonly parts: NearbyParts) {}

  /**
   * The parts for the keys' forms: `forms` lists [form, key] pairs, a key's search form and,
   * for a name with a leading article, its full form too ("thebridge" for The Bridge), so a
   * misspelt article ("tje brigde") is found as well.
   */
  static build(forms: Iterable<[string, number]>): NearbyParts {
    const keysOf = new Map<string, number[]>();
    for (const [form, key] of forms) {
      if (form.length < MIN_LENGTH || form.length > SHORT_MAX) continue;
      const keys = keysOf.get(form);
      if (!keys) keysOf.set(form, [key]);
      else if (keys[keys.length - 1] !== key) keys.push(key);
    }
    const distinct = [...keysOf.keys()].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    const starts = new Int32Array(distinct.length + 1);
    const byLength = new Int32Array(SHORT_MAX + 2);
    const masks = new Int32Array(distinct.length);
    const keyStarts = new Int32Array(distinct.length + 1);
    const keys: number[] = [];
    distinct.forEach((form, i) => {
      starts[i + 1] = (starts[i] as number) + form.length;
      masks[i] = maskOf(form);
      keys.push(...(keysOf.get(form) as number[]));
      keyStarts[i + 1] = keys.length;
    });
    for (let length = 0, i = 0; length <= SHORT_MAX + 1; length++) {
      while (i < distinct.length && (distinct[i] as string).length < length) i++;
      byLength[length] = i;
    }
    return { text: distinct.join(''), starts, byLength, masks, keyStarts, keys: Int32Array.from(keys) };
  }

  /** Keys whose form is within `maxEdits` edits of the pattern's (a query form of at most SHORT_MAX + maxEdits units). */
  within(pattern: OsaPattern, maxEdits: number, found: (key: number) => void): void {
    const query = pattern.pattern;
    const { text, starts, byLength, masks, keyStarts, keys } = this.parts;
    const queryMask = maskOf(query);
    const from = Math.max(MIN_LENGTH, query.length - maxEdits);
    const to = Math.min(SHORT_MAX, query.length + maxEdits);
    for (let i = byLength[from] ?? 0; from <= to && i < (byLength[to + 1] as number); i++) {
      if (bitCount(queryMask ^ (masks[i] as number)) > 2 * maxEdits) continue;
      if (pattern.distanceIn(text, starts[i] as number, starts[i + 1] as number, maxEdits) > maxEdits) continue;
      for (let k = keyStarts[i] as number; k < (keyStarts[i + 1] as number); k++) found(keys[k] as number);
    }
  }
}
