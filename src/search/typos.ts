/**
 * A deterministic typo set built from catalog titles (bench/search.ts): each
 * query is a real title with one kind of damage users do: a deleted, swapped,
 * substituted or doubled letter, a dropped leading article, or just lower case.
 */
import { normalizeKey } from '../text/normalize.js';
import { seededRandom } from '../util/random.js';

export type TypoKind = 'deletion' | 'swap' | 'substitution' | 'doubled' | 'article' | 'lowercase';
export const TYPO_KINDS: TypoKind[] = ['deletion', 'swap', 'substitution', 'doubled', 'article', 'lowercase'];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ARTICLE = /^(the|a|an|el|la|los|las|le|les) /i;

/** Positions of letters, so damage never lands on a space or a digit. */
function letterPositions(text: string): number[] {
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (/\p{L}/u.test(text[i] as string)) positions.push(i);
  return positions;
}

/** One damaged version of `title`, or null when that kind does not apply (no article to drop). */
export function damage(title: string, kind: TypoKind, random: () => number): string | null {
  const text = title.toLowerCase();
  const letters = letterPositions(text);
  const pick = () => letters[Math.floor(random() * letters.length)] as number;
  switch (kind) {
    case 'lowercase':
      return text;
    case 'article':
      return ARTICLE.test(text) ? text.replace(ARTICLE, '') : null;
    case 'deletion': {
      const at = pick();
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 'doubled': {
      const at = pick();
      return text.slice(0, at + 1) + text.slice(at);
    }
    case 'substitution': {
      const at = pick();
      const other = LETTERS.replace(text[at] as string, '');
      return text.slice(0, at) + other[Math.floor(random() * other.length)] + text.slice(at + 1);
    }
    case 'swap': {
      const pairs = letters.filter((i) => letters.includes(i + 1) && text[i] !== text[i + 1]);
      if (pairs.length === 0) return null;
      const at = pairs[Math.floor(random() * pairs.length)] as number;
      return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
    }
  }
}

export interface TypoCase {
  query: string;
  kind: TypoKind;
  /** The source title's id and normalized title: the right answer, or any title spelled the same. */
  id: string;
  key: string;
}

/**
 * `count` cases from titles with at least `minLetters` letters (one letter lost from
 * a 3-letter title is a different word, not a typo). Same seed → same set.
 */
export function typoSet(
  titles: { id: string; title: string }[],
  count: number,
  seed: number,
  minLetters = 5,
): TypoCase[] {
  const random = seededRandom(seed);
  const usable = titles.filter((t) => letterPositions(t.title).length >= minLetters);
  const cases: TypoCase[] = [];
  while (cases.length < count && usable.length > 0) {
    const source = usable[Math.floor(random() * usable.length)] as { id: string; title: string };
    const kind = TYPO_KINDS[Math.floor(random() * TYPO_KINDS.length)] as TypoKind;
    const query = damage(source.title, kind, random);
    if (query === null) continue;
    cases.push({ query, kind, id: source.id, key: normalizeKey(source.title) });
  }
  return cases;
}

/** The kinds that are one edit each (the others change case or drop a word). */
export const EDIT_KINDS: TypoKind[] = ['deletion', 'swap', 'substitution', 'doubled'];

/**
 * `count` cases of exactly `edits` edits each (EDIT_KINDS, drawn per edit, applied one
 * after another), from titles with at least `minLetters` letters. Same seed → same set.
 * An edit can undo an earlier one (a swap back): such a case, no longer `edits` edits
 * away from its title by its letters, is drawn again.
 */
export function editTypoSet(
  titles: { id: string; title: string }[],
  options: { count: number; seed: number; edits: number; minLetters: number },
): TypoCase[] {
  const random = seededRandom(options.seed);
  const usable = titles.filter((t) => letterPositions(t.title).length >= options.minLetters);
  const cases: TypoCase[] = [];
  for (let tries = 0; cases.length < options.count && usable.length > 0 && tries < options.count * 20; tries++) {
    const source = usable[Math.floor(random() * usable.length)] as { id: string; title: string };
    let query: string | null = source.title;
    const kinds: TypoKind[] = [];
    for (let e = 0; e < options.edits && query !== null; e++) {
      const kind = EDIT_KINDS[Math.floor(random() * EDIT_KINDS.length)] as TypoKind;
      kinds.push(kind);
      query = damage(query, kind, random);
    }
    if (query === null || query === source.title.toLowerCase()) continue;
    cases.push({ query, kind: kinds[0] as TypoKind, id: source.id, key: normalizeKey(source.title) });
  }
  return cases;
}
