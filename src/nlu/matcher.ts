/**
 * Finds vocabulary phrases ("mas larga", "prime video", "ciencia ficcion") in a
 * token list, tolerating stems and typos per lexicon.ts. Overlaps are settled
 * longest-first, so "mas larga" (longest) wins over "larga" (duration).
 */
import { type LexWord, lexWord, stem, type Vocabulary } from './lexicon.js';
import type { Token } from './tokens.js';

export interface Hit<T> {
  value: T;
  /** Token range [from, to). */
  from: number;
  to: number;
}

interface Phrase<T> {
  words: LexWord[];
  value: T;
}

/** A sentence's tokens plus, per token, the vocabulary words it may be a typo of (computed once). */
export interface Sentence {
  tokens: Token[];
  typos: string[][];
}

export function wordMatches(token: Token, typos: readonly string[], w: LexWord): boolean {
  if (token.word === w.word) return true;
  if (token.digits) return false;
  if (!w.exact && token.stem === w.stem) return true;
  // A typo of this word, or (stems allowed) of another form of it: "pelciulas" → "peliculas" ~ "pelicula".
  return typos.some((typo) => typo === w.word || (!w.exact && stem(typo) === w.stem));
}

export class PhraseMatcher<T> {
  private readonly byWord = new Map<string, Phrase<T>[]>();
  private readonly byStem = new Map<string, Phrase<T>[]>();

  constructor(entries: Iterable<[string, T]>, vocabulary: Vocabulary) {
    for (const [text, value] of entries) {
      const words = text.split(' ').filter(Boolean).map(lexWord);
      const first = words[0];
      if (!first) continue;
      for (const w of words) vocabulary.add(w.word);
      push(this.byWord, first.word, { words, value });
      if (!first.exact) push(this.byStem, first.stem, { words, value });
    }
  }

  /** Every non-overlapping phrase in the sentence, longest first, then leftmost. */
  find(sentence: Sentence): Hit<T>[] {
    const all: Hit<T>[] = [];
    sentence.tokens.forEach((token, i) => {
      for (const phrase of this.candidates(token, sentence.typos[i] ?? [])) {
        const to = i + phrase.words.length;
        if (to > sentence.tokens.length) continue;
        const fits = phrase.words.every((w, k) =>
          wordMatches(sentence.tokens[i + k] as Token, sentence.typos[i + k] ?? [], w),
        );
        if (fits) all.push({ value: phrase.value, from: i, to });
      }
    });
    all.sort((a, b) => b.to - b.from - (a.to - a.from) || a.from - b.from);
    const taken = new Set<number>();
    const kept: Hit<T>[] = [];
    for (const hit of all) {
      let free = true;
      for (let k = hit.from; k < hit.to; k++) if (taken.has(k)) free = false;
      if (!free) continue;
      for (let k = hit.from; k < hit.to; k++) taken.add(k);
      kept.push(hit);
    }
    return kept.sort((a, b) => a.from - b.from);
  }

  private candidates(token: Token, typos: readonly string[]): Set<Phrase<T>> {
    const found = new Set<Phrase<T>>();
    const add = (list?: Phrase<T>[]) => {
      for (const p of list ?? []) found.add(p);
    };
    add(this.byWord.get(token.word));
    if (!token.digits) add(this.byStem.get(token.stem));
    for (const typo of typos) {
      add(this.byWord.get(typo));
      add(this.byStem.get(stem(typo)));
    }
    return found;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** [phrase, value] pairs from a data table { value: [phrases] }, skipping '_comment'. */
export function invert(table: Record<string, unknown>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [value, phrases] of Object.entries(table)) {
    if (value.startsWith('_') || !Array.isArray(phrases)) continue;
    for (const phrase of phrases) pairs.push([String(phrase), value]);
  }
  return pairs;
}
