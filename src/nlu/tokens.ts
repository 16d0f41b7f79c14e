/**
 * Text → tokens. Our own small tokenizer rather than natural's
 * AggressiveTokenizerEs: that one drops digits ("2010", "3,5", "13+") and
 * splits ratings ("TV-MA", "PG-13"), which are arguments here.
 *
 * Tokens keep their offsets in the normalized text, so an entity span
 * ("toy story 2") is cut from the sentence as typed, not rebuilt from words.
 */
import { normalizeKey } from '../text/normalize.js';
import { loadData, stem } from './lexicon.js';

export interface Token {
  /** Normalized word: lower case, no accents. */
  word: string;
  stem: string;
  /** Offsets in the normalized text. */
  start: number;
  end: number;
  /** Its numeric value when the token is a number (digits, `3,5`, or number words merged into one token). */
  num?: number;
  /** True when `num` came from digits as typed (so `2` in "Toy Story 2" stays part of a title). */
  digits?: boolean;
}

// A decimal number, a word with inner hyphens (tv-ma, pg-13, spider-man) and an optional trailing '+' (13+, disney+).
const TOKEN = /\d+(?:[.,]\d+)?\+?|[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*\+?/gu;

export function tokenize(normalized: string): Token[] {
  const tokens: Token[] = [];
  for (const found of normalized.matchAll(TOKEN)) {
    const word = found[0];
    const start = found.index ?? 0;
    const token: Token = { word, stem: stem(word), start, end: start + word.length };
    if (/^\d+(?:[.,]\d+)?$/.test(word)) {
      token.num = Number(word.replace(',', '.'));
      token.digits = true;
    }
    tokens.push(token);
  }
  return mergeNumberWords(tokens);
}

export function normalizeText(text: string): string {
  return normalizeKey(text);
}

// ------------------------------------------------------------------ number words

interface NumberWords {
  units: Record<string, number>;
  tens: Record<string, number>;
  hundreds: Record<string, number>;
  multipliers: Record<string, number>;
  articles: string[];
}

const NUMBERS = loadData<NumberWords>('numbers.json');
const ARTICLES = new Set(NUMBERS.articles);

function smallValue(word: string): number | undefined {
  return NUMBERS.units[word] ?? NUMBERS.tens[word] ?? NUMBERS.hundreds[word];
}

/**
 * Reads the longest number written in words starting at `tokens[i]`:
 * "dos mil diez" → 2010, "mil novecientos noventa y cinco" → 1995, "diez" → 10.
 * Returns the value and how many tokens it used, or null.
 */
export function readNumberWords(words: string[], i: number): { value: number; used: number } | null {
  let total = 0; // completed thousands/millions
  let group = 0; // the current group below 1000
  let used = 0;
  let lastWasTens = false;
  for (let j = i; j < words.length; j++) {
    const word = words[j] as string;
    const small = smallValue(word);
    const multiplier = NUMBERS.multipliers[word];
    if (small !== undefined) {
      group += small;
      lastWasTens = word in NUMBERS.tens;
      used = j - i + 1;
    } else if (multiplier !== undefined) {
      group = (group || 1) * multiplier;
      if (multiplier >= 1000) {
        total += group;
        group = 0;
      }
      lastWasTens = false;
      used = j - i + 1;
    } else if (
      word === 'y' &&
      lastWasTens &&
      j + 1 < words.length &&
      (NUMBERS.units[words[j + 1] as string] ?? 10) < 10
    ) {
      lastWasTens = false; // "noventa y cinco": the 'y' joins tens and units
    } else {
      break;
    }
  }
  if (used === 0) return null;
  // "un", "una", "uno" alone are articles ("un sábado"), not the number one.
  if (used === 1 && ARTICLES.has(words[i] as string)) return null;
  return { value: total + group, used };
}

function mergeNumberWords(tokens: Token[]): Token[] {
  const words = tokens.map((t) => t.word);
  const merged: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const number = readNumberWords(words, i);
    if (!number) {
      merged.push(tokens[i] as Token);
      i++;
      continue;
    }
    const first = tokens[i] as Token;
    const last = tokens[i + number.used - 1] as Token;
    const word = String(number.value);
    merged.push({ word, stem: word, start: first.start, end: last.end, num: number.value });
    i += number.used;
  }
  return merged;
}
