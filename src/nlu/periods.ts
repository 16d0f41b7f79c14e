/**
 * Years in a sentence: a single year (the `anio` slot, slots.ts) and year ranges, the
 * `desde` / `hasta` slots of the chart filters: «entre 1990 y 2000», «de 1990 a 2000», «del 90
 * al 2000», «1990-2000», «desde 1990», «a partir del 95», «hasta 2005», «antes de 2000» (hasta
 * 1999), «después de 2010» (desde 2011), «los 80», «los años 80», «la década de los ochenta»
 * (1980–1989). Both ends are included. A command without these filters says it cannot use
 * them (never a dropped word).
 */
import { YEAR_WORDS } from './grammar.js';
import type { Hit } from './matcher.js';
import type { Token } from './tokens.js';

/** Years a user may mean; anything else is just a number ("top 10", "Apollo 13"). */
const MIN_YEAR = 1874;
const MAX_YEAR = new Date().getUTCFullYear() + 5;

export function isYear(token: Token): boolean {
  return token.num !== undefined && Number.isInteger(token.num) && token.num >= MIN_YEAR && token.num <= MAX_YEAR;
}

/** Two-digit years up to here are this century («del 20» = 2020); from here on, the last («del 95»). */
const TWO_DIGIT_PIVOT = 30;

/** «95» → 1995, «20» → 2020 (00–29 → 20xx, 30–99 → 19xx). */
export function fullYear(twoDigits: number): number {
  return twoDigits < TWO_DIGIT_PIVOT ? 2000 + twoDigits : 1900 + twoDigits;
}

function isTwoDigits(token: Token | undefined): token is Token & { num: number } {
  return token?.num !== undefined && /^\d{2}$/.test(token.word);
}

export interface YearRange {
  desde?: Hit<number>;
  hasta?: Hit<number>;
}

interface YearAt {
  value: number;
  /** Token index after the year. */
  end: number;
}

/**
 * The year at `i`, after an optional «el» and «año» («desde el año 2000»). Two digits are a year only
 * after an article («desde el 95», «del 90 al 2000»): «hasta 90 minutos» is no year.
 */
function yearAt(tokens: Token[], i: number, afterArticle = false): YearAt | undefined {
  let k = i;
  let article = afterArticle;
  if (tokens[k]?.word === 'el') {
    k++;
    article = true;
  }
  if (YEAR_WORDS.has(tokens[k]?.word ?? '')) k++;
  const token = tokens[k];
  if (token && isYear(token)) return { value: token.num as number, end: k + 1 };
  if (article && isTwoDigits(token)) return { value: fullYear(token.num), end: k + 1 };
  return undefined;
}

const hit = (value: number, from: number, to: number): Hit<number> => ({ value, from, to });

/** Words that close a range after its first year: «de 1990 a 2000», «desde 1990 hasta 2000», «entre 1990 y 2000». */
const RANGE_CLOSERS: Record<string, { to: Set<string>; article: boolean }> = {
  entre: { to: new Set(['y', 'e', 'a']), article: false },
  desde: { to: new Set(['hasta', 'a', 'al']), article: false },
  de: { to: new Set(['a', 'al', 'hasta']), article: false },
  del: { to: new Set(['a', 'al', 'hasta']), article: true },
};

/** Words after which a range's year may be read: «al 2000» is «a el 2000». */
const ARTICLE_WORDS = new Set(['al', 'del']);

/** A range at `i`, if one starts there. */
function rangeAt(tokens: Token[], i: number): YearRange | undefined {
  const word = tokens[i]?.word ?? '';
  const next = tokens[i + 1]?.word ?? '';
  const closer = RANGE_CLOSERS[word];
  if (closer) {
    const first = yearAt(tokens, i + 1, closer.article);
    if (!first) return undefined;
    const joiner = tokens[first.end]?.word ?? '';
    const second = closer.to.has(joiner) ? yearAt(tokens, first.end + 1, ARTICLE_WORDS.has(joiner)) : undefined;
    if (second) {
      const [low, high] = first.value <= second.value ? [first.value, second.value] : [second.value, first.value];
      return { desde: hit(low, i, first.end), hasta: hit(high, first.end, second.end) };
    }
    // «desde 1990» alone; «de 1990» alone is a year (slots.ts), not a range.
    return word === 'desde' ? { desde: hit(first.value, i, first.end) } : undefined;
  }
  const ofWord = next === 'de' || next === 'del';
  const toWord = next === 'a' || next === 'al';
  const after = (start: number, article: boolean) => yearAt(tokens, start, article);
  if (word === 'a' && next === 'partir') {
    const lead = tokens[i + 2]?.word;
    const year = lead === 'de' || lead === 'del' ? after(i + 3, lead === 'del') : undefined;
    return year ? { desde: hit(year.value, i, year.end) } : undefined;
  }
  if (word === 'hasta') {
    const year = after(i + 1, false);
    return year ? { hasta: hit(year.value, i, year.end) } : undefined;
  }
  // «antes de 2000» = up to 1999; «después de 2010» = from 2011.
  if ((word === 'antes' && ofWord) || (word === 'anteriores' && toWord)) {
    const year = after(i + 2, next === 'del' || next === 'al');
    return year ? { hasta: hit(year.value - 1, i, year.end) } : undefined;
  }
  if ((word === 'despues' && ofWord) || (word === 'posteriores' && toWord)) {
    const year = after(i + 2, next === 'del' || next === 'al');
    return year ? { desde: hit(year.value + 1, i, year.end) } : undefined;
  }
  // «1990-2000», «1990 2000»: two years in a row, the earlier first.
  const first = tokens[i];
  const second = tokens[i + 1];
  if (first?.digits && second?.digits && isYear(first) && isYear(second) && (first.num ?? 0) < (second.num ?? 0))
    return { desde: hit(first.num as number, i, i + 1), hasta: hit(second.num as number, i + 1, i + 2) };
  return decadeAt(tokens, i);
}

/** Words that make «los 20» a count, not a decade («los 20 mejores»). */
const COUNT_FOLLOWERS = new Set(['mejores', 'peores', 'primeras', 'primeros', 'ultimas', 'ultimos', 'mas', 'titulos']);
/** Words before «los 90» that make it a time («de los 90», «en los 90»). */
const DECADE_LEADS = new Set(['de', 'en', 'desde', 'durante']);

/** «los 80», «los años 80», «los ochenta», «la década de los 80», «los 2000» → that decade, both ends included. */
function decadeAt(tokens: Token[], i: number): YearRange | undefined {
  const word = tokens[i]?.word;
  let k = i;
  let named = false; // «años» or «década» said: a decade for sure
  if (word === 'decada') {
    named = true;
    k++;
    if (tokens[k]?.word === 'de') k++;
    if (tokens[k]?.word === 'los' || tokens[k]?.word === 'del') k++;
  } else if (word === 'los') {
    k++;
    if (YEAR_WORDS.has(tokens[k]?.word ?? '')) {
      named = true;
      k++;
    }
    if (!named && !DECADE_LEADS.has(tokens[i - 1]?.word ?? '')) return undefined;
  } else return undefined;
  const token = tokens[k];
  if (!token || token.num === undefined || COUNT_FOLLOWERS.has(tokens[k + 1]?.word ?? '')) return undefined;
  const n = token.num;
  let start: number | undefined;
  if (Number.isInteger(n) && n >= 20 && n <= 90 && n % 10 === 0 && /^\d{2}$/.test(token.word)) start = 1900 + n;
  else if (isYear(token) && n % 10 === 0 && (named || n >= 2000)) start = n;
  if (start === undefined) return undefined;
  return { desde: hit(start, i, k + 1), hasta: hit(start + 9, i, k + 1) };
}

/** Every year range of the sentence (the first of each end counts), and the tokens they use. */
export function findYearRange(tokens: Token[]): { range: YearRange; used: Set<number> } {
  const range: YearRange = {};
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i++) {
    const found = rangeAt(tokens, i);
    if (!found) continue;
    range.desde ??= found.desde;
    range.hasta ??= found.hasta;
    const end = Math.max(found.desde?.to ?? 0, found.hasta?.to ?? 0);
    for (let k = i; k < end; k++) used.add(k);
    i = end - 1;
  }
  return { range, used };
}
