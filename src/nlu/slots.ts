/**
 * Arguments that need no catalog search: month, weekday, year and year ranges,
 * platform, country, language, genre, audience rating, title type, duration
 * type, a score threshold, a "top N", and (in a chart request) the chart's kind.
 * Each finder returns where it found the value (token range) so the entity
 * finder can leave those words out.
 */
import { countryCode, languageCode } from '../text/codes.js';
import { findChartKind } from './charts.js';
import {
  comparisons,
  days,
  demonyms,
  durationTypes,
  genres,
  MONTH_WORDS,
  months,
  places,
  platforms,
  RATING_CONTEXT,
  ratingPhrases,
  STOP,
  titleTypes,
} from './grammar.js';
import { loadData } from './lexicon.js';
import type { Hit, Sentence } from './matcher.js';
import { findYearRange, fullYear, isYear } from './periods.js';
import type { Token } from './tokens.js';

export type SlotName =
  | 'mes'
  | 'dia'
  | 'anio'
  | 'desde'
  | 'hasta'
  | 'plataforma'
  | 'pais'
  | 'idioma'
  | 'genero'
  | 'rating'
  | 'tipo'
  | 'tipo_duracion'
  | 'puntaje'
  | 'n'
  | 'grafico';

export type Slots = Partial<Record<SlotName, Hit<string | number>>>;

export interface SlotContext {
  /** Concept hits of the sentence (LANG_CUE, RATING_CUE, TOP, COMPARE, SCORE_WORD…). */
  concepts: Hit<string>[];
  /** The audience ratings that exist in the catalog, by normalized form (`tv-ma` → `TV-MA`). */
  ratings: ReadonlyMap<string, string>;
  /** The sentence asks for a chart (or continues one): look for the chart's kind too. */
  chart?: boolean;
}

export function findSlots(sentence: Sentence, context: SlotContext): Slots {
  const slots: Slots = {};
  const set = (name: SlotName, hit: Hit<string | number> | null | undefined) => {
    if (hit && !slots[name]) slots[name] = hit;
  };
  set('mes', months.find(sentence)[0] ?? monthNumber(sentence.tokens));
  set('dia', days.find(sentence)[0]);
  const { range, used: rangeTokens } = findYearRange(sentence.tokens);
  set('desde', range.desde);
  set('hasta', range.hasta);
  const year = firstYear(sentence.tokens, rangeTokens);
  set('anio', year);
  set('plataforma', platforms.find(sentence)[0]);
  set('genero', genres.find(sentence)[0]);
  set('tipo', titleTypes.find(sentence)[0]);
  set('tipo_duracion', durationTypes.find(sentence)[0]);
  set('rating', findRating(sentence, context));
  const place = findCountryOrLanguage(sentence, context.concepts);
  set('pais', place.pais);
  set('idioma', place.idioma);
  set('n', findTopN(sentence.tokens, context.concepts, year?.from));
  set('puntaje', findThreshold(sentence, context.concepts, year?.from));
  if (context.chart) set('grafico', findChartKind(sentence, context.concepts));
  return slots;
}

/** "mes 3", "el mes número 3". */
function monthNumber(tokens: Token[]): Hit<number> | null {
  for (let i = 0; i < tokens.length; i++) {
    if (!MONTH_WORDS.has((tokens[i] as Token).word)) continue;
    for (let j = i + 1; j <= i + 2 && j < tokens.length; j++) {
      const n = (tokens[j] as Token).num;
      if (n !== undefined && Number.isInteger(n) && n >= 1 && n <= 12) return { value: n, from: i, to: j + 1 };
    }
  }
  return null;
}

/** The first year that is not part of a range («de 1990 a 2000»). */
function firstYear(tokens: Token[], inRanges: ReadonlySet<number>): Hit<number> | null {
  for (let i = 0; i < tokens.length; i++) {
    if (inRanges.has(i)) continue;
    const token = tokens[i] as Token;
    const value = isYear(token) ? (token.num as number) : twoDigitYear(tokens, i);
    if (value !== undefined) return { value, from: i, to: i + 1 };
  }
  return null;
}

/** Words after which two digits are a year: «del 95», «año 20», «en el 99». */
const TWO_DIGIT_YEAR_LEADS = new Set(['del', 'ano', 'anio', 'anos', 'year']);
/** «del 95» → 1995, «del 20» → 2020 (00–29 → 20xx, 30–99 → 19xx); only two digits, and only after such a word. */
function twoDigitYear(tokens: Token[], i: number): number | undefined {
  const token = tokens[i] as Token;
  if (token.num === undefined || !/^\d{2}$/.test(token.word)) return undefined;
  const previous = tokens[i - 1]?.word ?? '';
  const before = tokens[i - 2]?.word ?? '';
  const lead = TWO_DIGIT_YEAR_LEADS.has(previous) || (previous === 'el' && (before === 'en' || before === 'de'));
  if (!lead) return undefined;
  return fullYear(token.num);
}

function near(concepts: Hit<string>[], names: string[], index: number, before: number, after = 0): boolean {
  return concepts.some((c) => names.includes(c.value) && c.to >= index - before && c.from <= index + after);
}

// ------------------------------------------------------------------ ratings

/** Ratings that are also ordinary words or bare numbers need a cue nearby ("rating R", "clasificación G"). */
function needsContext(key: string): boolean {
  return !/[-+]/.test(key) || key.length <= 2;
}

function findRating(sentence: Sentence, context: SlotContext): Hit<string> | null {
  const { tokens } = sentence;
  const isWord = (i: number, word: string) => tokens[i]?.word === word || (sentence.typos[i] ?? []).includes(word);
  const cueBefore = (i: number) =>
    near(context.concepts, ['RATING_CUE'], i, 3) ||
    [i - 3, i - 2, i - 1].some((k) => k >= 0 && [...RATING_CONTEXT].some((w) => isWord(k, w)));
  for (let i = 0; i < tokens.length; i++) {
    const word = (tokens[i] as Token).word;
    const pair = i + 1 < tokens.length ? `${word}-${(tokens[i + 1] as Token).word}` : '';
    if (pair && context.ratings.has(pair)) return { value: context.ratings.get(pair) as string, from: i, to: i + 2 };
    const rating = context.ratings.get(word);
    if (rating && (!needsContext(word) || cueBefore(i))) return { value: rating, from: i, to: i + 1 };
    // "mayores de 13" → 13+ when the catalog has it.
    if (isWord(i, 'mayores') && (tokens[i + 1] as Token | undefined)?.word === 'de') {
      const age = (tokens[i + 2] as Token | undefined)?.num;
      const plus = age === undefined ? undefined : context.ratings.get(`${age}+`);
      if (plus) return { value: plus, from: i, to: i + 3 };
    }
  }
  const phrase = ratingPhrases.find(sentence).find((hit) => context.ratings.has(hit.value.toLowerCase()));
  return phrase ?? null;
}

// ------------------------------------------------------------------ countries and languages

const LANGUAGE_LEAD = new Set([
  'en',
  'idioma',
  'lengua',
  'hablada',
  'habladas',
  'hablado',
  'hablados',
  'habla',
  'hablan',
  'doblada',
  'dobladas',
  'original',
]);
const MAX_PLACE_WORDS = 4;
const LANGUAGE_OF = (loadData<Record<string, unknown>>('demonyms.json')._languageOf ?? {}) as Record<string, string>;

function languageLead(tokens: Token[], i: number): boolean {
  const previous = tokens[i - 1]?.word;
  return previous !== undefined && LANGUAGE_LEAD.has(previous);
}

/** Country names (ICU, Spanish or English) and nationality adjectives; language names after "en"/"idioma". */
function findCountryOrLanguage(
  sentence: Sentence,
  concepts: Hit<string>[],
): { pais?: Hit<string>; idioma?: Hit<string> } {
  const { tokens } = sentence;
  const found: { pais?: Hit<string>; idioma?: Hit<string> } = {};
  const langCue = concepts.some((c) => c.value === 'LANG_CUE');
  for (let i = 0; i < tokens.length; i++) {
    for (let size = Math.min(MAX_PLACE_WORDS, tokens.length - i); size >= 1; size--) {
      const words = tokens.slice(i, i + size);
      if (!plausiblePlace(words)) continue;
      const text = words.map((t) => t.word).join(' ');
      const language = languageCode(text);
      if (language && !found.idioma && (languageLead(tokens, i) || langCue)) {
        found.idioma = { value: language, from: i, to: i + size };
        i += size - 1;
        break;
      }
      const country = countryCode(text);
      if (country && !found.pais) {
        found.pais = { value: country, from: i, to: i + size };
        i += size - 1;
        break;
      }
    }
  }
  for (const demonym of demonyms.find(sentence)) {
    if (found.idioma?.from === demonym.from) continue;
    const language = LANGUAGE_OF[demonym.value];
    // "lengua japonesa", "idioma inglés": the adjective names the language.
    if (!found.idioma && language && languageLead(tokens, demonym.from) && tokens[demonym.from - 1]?.word !== 'en') {
      found.idioma = { value: language, from: demonym.from, to: demonym.to };
    } else if (!found.pais) found.pais = demonym;
  }
  // Misspelt names ("Fracnia", "en fracnés"): the typo-tolerant name list, when nothing exact was found.
  for (const hit of places.find(sentence)) {
    const value = { value: hit.value.code, from: hit.from, to: hit.to };
    if (hit.value.kind === 'idioma' && !found.idioma && (languageLead(tokens, hit.from) || langCue))
      found.idioma = value;
    if (hit.value.kind === 'pais' && !found.pais && found.idioma?.from !== hit.from) found.pais = value;
  }
  // "idioma fr": a bare code right after the word for language.
  const codeAfter = tokens.findIndex(
    (t, i) => i > 0 && /^[a-z]{2}$/.test(t.word) && ['idioma', 'lengua'].includes(tokens[i - 1]?.word ?? ''),
  );
  if (!found.idioma && codeAfter > 0) {
    const code = languageCode((tokens[codeAfter] as Token).word);
    if (code) found.idioma = { value: code, from: codeAfter, to: codeAfter + 1 };
  }
  return found;
}

/** Words that could be a place name: letters, not a stop word, and not a lone 2-letter word ("de", "es", "en"). */
function plausiblePlace(words: Token[]): boolean {
  if (words.some((t) => t.num !== undefined || !/^[a-z]+$/.test(t.word))) return false;
  const first = words[0] as Token;
  const last = words[words.length - 1] as Token;
  if (STOP.has(first.word) || STOP.has(last.word)) return false;
  const letters = words.reduce((n, t) => n + t.word.length, 0);
  if (words.length === 1) return first.word.length >= 3 || first.word === 'uk';
  return letters >= 4;
}

// ------------------------------------------------------------------ numbers: top N and score threshold

function plainNumber(token: Token | undefined): number | undefined {
  if (!token || token.num === undefined || isYear(token)) return undefined;
  return token.num;
}

/** "top 10", "las 10 mejores", "diez mejores", "mejores 3" (`yearAt`: a two-digit year, not a count). */
function findTopN(tokens: Token[], concepts: Hit<string>[], yearAt?: number): Hit<number> | null {
  for (const top of concepts.filter((c) => c.value === 'TOP')) {
    for (const i of [top.to, top.from - 1, top.from - 2, top.to + 1]) {
      if (i === yearAt) continue;
      const n = plainNumber(tokens[i]);
      if (n !== undefined && Number.isInteger(n) && n > 0) return { value: n, from: i, to: i + 1 };
    }
  }
  return null;
}

/** "puntaje mayor a 3,5", "más de 4 estrellas", "score 3". */
function findThreshold(sentence: Sentence, concepts: Hit<string>[], yearAt?: number): Hit<number> | null {
  const { tokens } = sentence;
  const anchors = [
    ...comparisons.find(sentence).map((c) => c.to),
    ...concepts.filter((c) => c.value === 'COMPARE' || c.value === 'SCORE_WORD').map((c) => c.to),
  ];
  for (const start of anchors) {
    for (let i = start; i <= start + 2 && i < tokens.length; i++) {
      if (i === yearAt) continue;
      const n = plainNumber(tokens[i]);
      if (n !== undefined && n >= 0 && n <= 100) return { value: n, from: i, to: i + 1 };
    }
  }
  return null;
}
