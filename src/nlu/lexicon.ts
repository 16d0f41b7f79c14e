/**
 * The NLU's vocabulary, loaded once from the data files in ./data, and the one
 * rule for "this typed word is that vocabulary word": the same word, the same
 * Spanish stem (natural's PorterStemmerEs) unless the data marks the word
 * '=exact', or a typo of it (Damerau-Levenshtein distance 1; 2 for long words).
 *
 * natural is imported by file, not through its index: the index loads its
 * storage back-ends, which call dotenv and print to stdout — that would corrupt
 * `filmoteca parse --json` output.
 */
import { readFileSync } from 'node:fs';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import { PorterStemmerEs } from 'natural/lib/natural/stemmers/index.js';
import { typoBudget } from '../search/words.js';

export function loadData<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./data/${name}`, import.meta.url), 'utf8')) as T;
}

const stemCache = new Map<string, string>();
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    // Digits and hyphenated ratings are their own stem; the stemmer is for words.
    stemmed = /^[a-z]+$/.test(word) ? PorterStemmerEs.stem(word) : word;
    if (stemCache.size < 50_000) stemCache.set(word, stemmed);
  }
  return stemmed;
}

/** One word of a vocabulary phrase. */
export interface LexWord {
  word: string;
  stem: string;
  /** '=word' in the data: no stem matching (e.g. `cuanto` must not match `cuantas`). */
  exact: boolean;
}

export function lexWord(raw: string): LexWord {
  const exact = raw.startsWith('=');
  const word = exact ? raw.slice(1) : raw;
  return { word, stem: stem(word), exact };
}

/**
 * Every vocabulary word, by first letter and length, so a typed word is compared
 * only with words that could be its typo (same first letter, length within the
 * budget). Answers are cached: the same words come back in every sentence.
 */
export class Vocabulary {
  private readonly known = new Set<string>();
  private readonly buckets = new Map<string, string[]>();
  private readonly cache = new Map<string, string[]>();

  add(word: string): void {
    if (this.known.has(word)) return;
    this.known.add(word);
    this.cache.clear();
    const key = bucket(word.charAt(0), word.length);
    const list = this.buckets.get(key);
    if (list) list.push(word);
    else this.buckets.set(key, [word]);
  }

  has(word: string): boolean {
    return this.known.has(word);
  }

  /** Vocabulary words this (unknown, letters-only) word is probably a typo of. */
  typosOf(word: string): string[] {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const found = this.search(word);
    if (this.cache.size < 50_000) this.cache.set(word, found);
    return found;
  }

  private search(word: string): string[] {
    const budget = typoBudget(word.length);
    if (budget === 0 || this.known.has(word) || !/^[a-z]+$/.test(word)) return [];
    const found: string[] = [];
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      if (typoBudget(length) === 0) continue;
      for (const candidate of this.buckets.get(bucket(word.charAt(0), length)) ?? []) {
        if (DamerauLevenshteinDistance(word, candidate, { restricted: true }) <= budget) found.push(candidate);
      }
    }
    return found;
  }
}

function bucket(initial: string, length: number): string {
  return `${initial}${length}`;
}
