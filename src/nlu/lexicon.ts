/**
 * The NLU's vocabulary, loaded once from the data files in ./data, and the one
 * rule for "this typed word is that vocabulary word": the same word, the same
 * Spanish stem (natural's PorterStemmerEs) unless the data marks the word
 * '=exact', or a typo of it (Damerau-Levenshtein distance 1; 2 for long words).
 *
 * natural is imported by file, not through its index: the index loads its
 * storage back-ends, which call dotenv and print to stdout — that would corrupt
 * `filmoteca parse --json` output. The stemmer is imported by its own file too:
 * the stemmers' index loads every language's (~110 ms of every start-up).
 */
import { readFileSync } from 'node:fs';
import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/index.js';
import PorterStemmerEs from 'natural/lib/natural/stemmers/porter_stemmer_es.js';
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
  /** Vocabulary words by how they sound (spanishSound): «botos» is «votos», «ola» is «hola». */
  private readonly sounds = new Map<string, string[]>();

  add(word: string): void {
    if (this.known.has(word)) return;
    this.known.add(word);
    this.cache.clear();
    const key = bucket(word.charAt(0), word.length);
    const list = this.buckets.get(key);
    if (list) list.push(word);
    else this.buckets.set(key, [word]);
    if (/^[a-z]+$/.test(word)) {
      const sound = spanishSound(word);
      const same = this.sounds.get(sound);
      if (same) same.push(word);
      else this.sounds.set(sound, [word]);
    }
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
    if (this.known.has(word) || !/^[a-z]+$/.test(word)) return [];
    // Spelling by ear (b/v, s/z/c, ll/y, a silent h) is not a typo of the keyboard: any length.
    const found: string[] = word.length >= MIN_SOUND_LENGTH ? [...(this.sounds.get(spanishSound(word)) ?? [])] : [];
    const budget = typoBudget(word.length);
    if (budget === 0) return found;
    for (let length = word.length - budget; length <= word.length + budget; length++) {
      if (typoBudget(length) === 0) continue;
      for (const candidate of this.buckets.get(bucket(word.charAt(0), length)) ?? []) {
        if (found.includes(candidate)) continue;
        if (DamerauLevenshteinDistance(word, candidate, { restricted: true }) <= budget) found.push(candidate);
      }
    }
    return found;
  }
}

/** Shorter words are matched by sound only when identical in spelling («de», «en»). */
const MIN_SOUND_LENGTH = 3;

/**
 * How a (normalized) Spanish word sounds, for spelling mistakes by ear: b = v, z = s = c before
 * e/i, c = k = qu, ll = y, h silent (ch kept), double letters single. A few lines of our own:
 * natural's phonetic algorithms (Metaphone, SoundEx) are for English.
 */
export function spanishSound(word: string): string {
  return word
    .replace(/ch/g, '#')
    .replace(/h/g, '')
    .replace(/ll/g, 'y')
    .replace(/v/g, 'b')
    .replace(/z/g, 's')
    .replace(/c([ei])/g, 's$1')
    .replace(/qu([ei])/g, 'k$1')
    .replace(/c/g, 'k')
    .replace(/(.)\1/g, '$1');
}

function bucket(initial: string, length: number): string {
  return `${initial}${length}`;
}
