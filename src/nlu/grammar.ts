/**
 * Every phrase list of ./data turned into matchers, built once per process.
 * All of them feed one Vocabulary, so a typo is recognised against every word
 * the bot knows (and never "corrected" into a word it does not).
 */
import { knownCountries, knownLanguages } from '../text/codes.js';
import { normalizeWords } from '../text/normalize.js';
import { loadData, Vocabulary } from './lexicon.js';
import { invert, PhraseMatcher } from './matcher.js';

interface Calendar {
  months: Record<string, number>;
  days: Record<string, number>;
  monthWord: string[];
  dayWord: string[];
}
interface SlotWords {
  tipo: Record<string, string[]>;
  tipo_duracion: Record<string, string[]>;
  rating: Record<string, string[]>;
  ratingContext: string[];
  comparison: string[];
  topWord: string[];
  yearWord: string[];
}
interface Noise {
  noise: string[];
  stop: string[];
  introducers: string[];
}
export interface IntentSpec {
  needs?: string[];
  entity?: 'titulo' | 'nombre' | 'franquicia' | 'productora';
  role?: 'actor' | 'director';
  defaults?: Record<string, string | number>;
  /** Defaults when the question is about series (`tipo` = `serie`): a series' length is in seasons. */
  seriesDefaults?: Record<string, string | number>;
  /** Optional arguments left out when they hold the command's own default (the seeds' frames stay as they were). */
  omitDefaults?: Record<string, string | number>;
  /** The command counts titles of every type: a `tipo` the user gave does not apply. */
  allTypes?: boolean;
  /** The entity may be absent (src/nlu/charts.ts): no words for it cost nothing. */
  entityOptional?: boolean;
  prior?: number;
  features: Record<string, number>;
}

export const vocabulary = new Vocabulary();

const calendar = loadData<Calendar>('calendar.json');
const slotWords = loadData<SlotWords>('slots.json');
const noise = loadData<Noise>('noise.json');

export const concepts = new PhraseMatcher(invert(loadData('concepts.json')), vocabulary);
/**
 * Names listed with every form they take are matched exactly (typos still allowed):
 * by stem, "julia" would be "julio", "marta" "martes" and "gracias" "graciosas" (a comedy).
 */
function exact<T>(pairs: [string, T][]): [string, T][] {
  return pairs.map(([phrase, value]) => [
    phrase
      .split(' ')
      .map((w) => `=${w}`)
      .join(' '),
    value,
  ]);
}

export const months = new PhraseMatcher(exact(Object.entries(calendar.months)), vocabulary);
export const days = new PhraseMatcher(exact(Object.entries(calendar.days)), vocabulary);
export const platforms = new PhraseMatcher(exact(invert(loadData('platforms.json'))), vocabulary);
export const genres = new PhraseMatcher(exact(invert(loadData('genres.json'))), vocabulary);
export const demonyms = new PhraseMatcher(exact(invert(loadData('demonyms.json'))), vocabulary);
export const titleTypes = new PhraseMatcher(exact(invert(slotWords.tipo)), vocabulary);
export const durationTypes = new PhraseMatcher(exact(invert(slotWords.tipo_duracion)), vocabulary);
export const ratingPhrases = new PhraseMatcher(exact(invert(slotWords.rating)), vocabulary);
export const comparisons = new PhraseMatcher(
  slotWords.comparison.map((p) => [p, true] as [string, boolean]),
  vocabulary,
);

/**
 * Country and language names (ICU's, in Spanish and English, as codes.ts has them) as phrases, so a
 * misspelt one is still recognised ("Fracnia", "Estdaos Unidos"); exact spellings go through countryCode().
 */
function placeNames(): [string, { kind: 'pais' | 'idioma'; code: string }][] {
  const pairs: [string, { kind: 'pais' | 'idioma'; code: string }][] = [];
  const add = (kind: 'pais' | 'idioma', table: ReadonlyMap<string, { es: string; en: string }>) => {
    for (const [code, names] of table) {
      for (const name of new Set([names.es, names.en])) {
        const words = normalizeWords(name);
        if (words.replace(/ /g, '').length >= 4) pairs.push([words, { kind, code }]);
      }
    }
  };
  add('pais', knownCountries());
  add('idioma', knownLanguages());
  return exact(pairs);
}
export const places = new PhraseMatcher(placeNames(), vocabulary);

export const MONTH_WORDS = new Set(calendar.monthWord);
export const RATING_CONTEXT = new Set(slotWords.ratingContext);
export const YEAR_WORDS = new Set(slotWords.yearWord);
export const NOISE = new Set(noise.noise.filter((w) => !w.includes(' ')));
export const NOISE_PHRASES = new PhraseMatcher(
  noise.noise.filter((w) => w.includes(' ')).map((p) => [`=${p.split(' ').join(' =')}`, true] as [string, boolean]),
  vocabulary,
);
export const STOP = new Set(noise.stop);
/** Stop words that introduce a name and start none but titles (see noise.json). */
export const INTRODUCERS = new Set(noise.introducers);
for (const w of [...NOISE, ...STOP, ...MONTH_WORDS, ...RATING_CONTEXT, ...YEAR_WORDS]) vocabulary.add(w);

export const INTENTS = Object.fromEntries(
  Object.entries(loadData<Record<string, IntentSpec>>('intents.json')).filter(([id]) => !id.startsWith('_')),
) as Record<string, IntentSpec>;
