/**
 * Whole-word matching: "Spielberg" → Steven Spielberg, "Pixar" → Pixar Animation
 * Studios, "Bond" → James Bond Collection. A word typed alone is far from a long
 * name by edit distance, yet every typed word being a whole word of the name is a
 * strong hint. Applied by the search itself (index.ts), so the commands, the API
 * and the NLU all resolve the same way.
 */
import { normalizeWords } from '../text/normalize.js';
import type { IntColumn, StringColumn } from './columns.js';
import { keyWords, osaDistance } from './fuzzy.js';
import type { Match } from './types.js';

/** Score of a name that contains every typed word whole; a little more the more of the name they cover. */
export const WHOLE_WORDS = 0.86;

/** Typos tolerated for a word of this length: none below 6 letters (too many real words are 1 edit apart). */
export function typoBudget(length: number): number {
  if (length < 6) return 0;
  return length >= 10 ? 2 : 1;
}

/**
 * The matches re-scored: a name holding every typed word (in order, one typo allowed
 * per long word: "Spilberg") scores at least WHOLE_WORDS + 0.02 × coverage − 0.05 per
 * typo; then best first, scores within 0.01 counting as equal and ranked by weight
 * (film count: "Fox" → the studio with the most films).
 */
export function withWholeWords(query: string, matches: Match[]): Match[] {
  const typed = normalizeWords(query).split(' ').filter(Boolean);
  const rescored = new Map<string, Match>();
  let lifted = false;
  for (const match of matches) {
    let score = match.score;
    const name = normalizeWords(match.name).split(' ');
    const typos = typed.length > 0 ? wordsInside(typed, name) : null;
    if (typos !== null) {
      const coverage = typed.join(' ').length / name.join(' ').length;
      const whole = WHOLE_WORDS + 0.02 * coverage - 0.05 * typos;
      lifted ||= whole > score;
      score = Math.max(score, whole);
    }
    const previous = rescored.get(match.id);
    if (!previous || score > previous.score)
      rescored.set(match.id, { ...match, score: Math.round(score * 1000) / 1000 });
  }
  // Nothing lifted: the search's own order (exact scores) stands; the weight tie-break is for whole words.
  if (!lifted) return matches;
  return [...rescored.values()].sort(
    (a, b) =>
      Math.round(b.score * 100) - Math.round(a.score * 100) || (b.weight ?? 0) - (a.weight ?? 0) || b.score - a.score,
  );
}

/** Typos used when `typed` appears as consecutive whole words of `name`; null when it does not. */
function wordsInside(typed: string[], name: string[]): number | null {
  for (let start = 0; start + typed.length <= name.length; start++) {
    let typos = 0;
    const fits = typed.every((word, k) => {
      const target = name[start + k] as string;
      if (word === target) return true;
      if (typoBudget(target.length) === 0) return false;
      // Restricted Damerau-Levenshtein is OSA: the bounded one stops past one edit.
      const close = osaDistance(word, target, 1) <= 1;
      if (close) typos++;
      return close;
    });
    if (fits) return typos;
  }
  return null;
}

/** Typed text of more words than this is a name, not a word of one ("Pixar", "Fox Searchlight"). */
const MAX_LOOKUP_WORDS = 2;
/** Entries returned per lookup, most weight first. */
const LOOKUP_LIMIT = 5;

/**
 * Word → entries whose name has it, heaviest first: finds "Fox" in "Twentieth Century
 * Fox Film Corporation", which the edit-distance search drops (too many edits). For
 * companies and collections (~25k names), not people. Built from the kind's keys
 * ({@link wordLists}, ~0.1 s for 22k companies), or read from the index the ETL stored.
 */
export class WordIndex {
  /** `listOf(word)`: the entries whose name has that word, heaviest first (empty when none). */
  constructor(private readonly listOf: (word: string) => ArrayLike<number>) {}

  /** Entries whose name has every typed word (1 or 2 words of 3+ letters in all), heaviest first. */
  lookup(query: string): number[] {
    const words = normalizeWords(query).split(' ').filter(Boolean);
    if (words.length === 0 || words.length > MAX_LOOKUP_WORDS || words.join('').length < 3) return [];
    const [first, ...rest] = words.map((w) => Array.from(this.listOf(w)));
    return (first ?? []).filter((e) => rest.every((list) => list.includes(e))).slice(0, LOOKUP_LIMIT);
  }
}

/** Each word of the keys → the entries whose name has it, heaviest first (ties: entry order). */
export function wordLists(
  keys: StringColumn,
  keyEntry: IntColumn,
  weight: (entryIndex: number) => number,
): Map<string, number[]> {
  const byWord = new Map<string, number[]>();
  for (let keyIndex = 0; keyIndex < keys.length; keyIndex++) {
    const entryIndex = keyEntry.at(keyIndex) as number;
    // Keys are normalizeKey'd already: only punctuation is left to split on.
    for (const word of new Set(keyWords(keys.at(keyIndex)).split(' '))) {
      if (!word) continue;
      const list = byWord.get(word);
      if (!list) byWord.set(word, [entryIndex]);
      else if (list[list.length - 1] !== entryIndex) list.push(entryIndex);
    }
  }
  let entries = 0;
  for (let keyIndex = 0; keyIndex < keyEntry.length; keyIndex++)
    entries = Math.max(entries, (keyEntry.at(keyIndex) as number) + 1);
  const weights = new Float64Array(entries);
  for (let entryIndex = 0; entryIndex < entries; entryIndex++) weights[entryIndex] = weight(entryIndex);
  for (const list of byWord.values())
    if (list.length > 1) list.sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  return byWord;
}
