/**
 * Unit tests of the NLU's pieces: numbers in words, months and weekdays (with
 * typos), the tokenizer, the natural traps, entity spans and re-scoring.
 * Expected values are worked out by hand.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { candidateSpans } from '../../src/nlu/entities.js';
import { days, months, vocabulary } from '../../src/nlu/grammar.js';
import { entityScore } from '../../src/nlu/intent.js';
import { stem, Vocabulary } from '../../src/nlu/lexicon.js';
import type { Sentence } from '../../src/nlu/matcher.js';
import { findYearRange } from '../../src/nlu/periods.js';
import { normalizeText, readNumberWords, tokenize } from '../../src/nlu/tokens.js';

function sentence(text: string): Sentence {
  const tokens = tokenize(normalizeText(text));
  return { tokens, typos: tokens.map((t) => vocabulary.typosOf(t.word)) };
}

const numbersOf = (text: string) =>
  tokenize(normalizeText(text))
    .filter((t) => t.num !== undefined)
    .map((t) => t.num);

describe('numbers in words', () => {
  it.each([
    ['dos mil diez', 2010],
    ['mil novecientos noventa y cinco', 1995],
    ['dos mil', 2000],
    ['diez', 10],
    ['veinticinco', 25],
    ['noventa y nueve', 99],
    ['ciento uno', 101],
    ['dos mil dieciocho', 2018],
    ['un millón', 1_000_000],
  ])('%s → %d', (text, value) => {
    expect(numbersOf(text)).toEqual([value]);
  });

  it('does not read the article "un"/"una" alone as one', () => {
    expect(numbersOf('pelis que salieron un sábado')).toEqual([]);
    expect(numbersOf('una película')).toEqual([]);
  });

  it('does not join "cinco y seis" into one number', () => {
    expect(numbersOf('cinco y seis')).toEqual([5, 6]);
  });

  it('keeps digits, decimals with comma or point, and ratings as tokens', () => {
    const words = tokenize(normalizeText('¿Puntaje > 3,5 o 3.5 en TV-MA, PG-13 y 13+ de 2018?')).map((t) => t.word);
    expect(words).toEqual(['puntaje', '3,5', 'o', '3.5', 'en', 'tv-ma', 'pg-13', 'y', '13+', 'de', '2018']);
    expect(numbersOf('3,5 y 3.5')).toEqual([3.5, 3.5]);
  });

  it('readNumberWords reports how many words it used', () => {
    expect(readNumberWords(['top', 'diez', 'de', 'terror'], 1)).toEqual({ value: 10, used: 1 });
    expect(readNumberWords(['hola'], 0)).toBeNull();
  });
});

describe('months and weekdays', () => {
  const month = (text: string) => months.find(sentence(text))[0]?.value;
  const day = (text: string) => days.find(sentence(text))[0]?.value;

  it.each([
    ['enero', 1],
    ['Setiembre', 9],
    ['SEPTIEMBRE', 9],
    ['febero', 2], // typo: one letter missing
    ['otubre', 10],
    ['agsoto', 8], // swapped letters
    ['diciembr', 12],
  ])('month %s → %d', (text, value) => {
    expect(month(text)).toBe(value);
  });

  it.each([
    ['lunes', 1],
    ['miércoles', 3],
    ['miercoles', 3],
    ['sábados', 6],
    ['juebes', 4],
    ['savado', 6],
    ['domingo', 7],
  ])('weekday %s → %d', (text, value) => {
    expect(day(text)).toBe(value);
  });

  it('does not take a short name for a misspelt month (Mario is not marzo, Julia is not julio)', () => {
    expect(month('Mario')).toBeUndefined();
    expect(month('Julia Roberts')).toBeUndefined();
  });
});

describe('natural traps', () => {
  it('its Spanish tokenizer drops digits, so the NLU uses its own', async () => {
    const { AggressiveTokenizerEs } = await import('natural/lib/natural/tokenizers/index.js');
    expect(new AggressiveTokenizerEs().tokenize('películas de 2010')).not.toContain('2010');
    expect(tokenize(normalizeText('películas de 2010')).map((t) => t.word)).toContain('2010');
  });

  it('its Spanish stopword list holds question words, so the NLU keeps its own lists', async () => {
    // Loaded by file (no type declarations there): natural's index would print dotenv notices.
    const { words } = createRequire(import.meta.url)('natural/lib/natural/util/stopwords_es.js') as { words: string[] };
    expect(words).toContain('cuando');
    // "cuanto" and "cuantas" carry meaning here (count vs amount): they are cue words, not dropped.
    expect(vocabulary.has('cuanto')).toBe(true);
  });

  it('uses the Spanish stemmer (the English one would not join these)', () => {
    expect(stem('películas'.normalize('NFD').replace(/\p{M}/gu, ''))).toBe(stem('pelicula'));
    expect(stem('estrenaron')).toBe(stem('estrenadas'));
  });

  it('typos are matched only against known words with the same first letter', () => {
    const vocab = new Vocabulary();
    vocab.add('febrero');
    vocab.add('recomienda');
    expect(vocab.typosOf('febero')).toEqual(['febrero']);
    expect(vocab.typosOf('gebrero')).toEqual([]);
    expect(vocab.typosOf('feb')).toEqual([]); // too short for a typo
  });
});

describe('entity spans', () => {
  function spansOf(text: string, usedWords: string[]): string[] {
    const normalized = normalizeText(text);
    const tokens = tokenize(normalized);
    const used = new Set(tokens.flatMap((t, i) => (usedWords.includes(t.word) ? [i] : [])));
    return candidateSpans(normalized, tokens, used);
  }

  it('cuts the words around cue words and trims articles and politeness', () => {
    expect(spansOf('por favor, ¿cuánto dura la película Toy Story 2?', ['cuanto', 'dura', 'pelicula'])[0]).toBe(
      'toy story 2',
    );
  });

  it('keeps inner stop words of a title', () => {
    expect(spansOf('¿dónde veo La casa de papel?', ['donde', 'veo'])).toContain('la casa de papel');
  });

  it('also offers the untrimmed run for names that begin with a stop word', () => {
    expect(spansOf('Al Pacino', [])).toContain('al pacino');
  });

  it('offers the stop word before the name even when it is a cue word ("con" asks for a cast)', () => {
    const spans = spansOf('¿cuánto dura Con Air?', ['cuanto', 'dura', 'con']);
    expect(spans[0]).toBe('air');
    expect(spans).toContain('con air');
  });

  it('returns nothing when only politeness is left', () => {
    expect(spansOf('hola, por favor', [])).toEqual([]);
  });
});

describe('entityScore', () => {
  const found = (score: number) => ({ query: 'x', matches: [], score });

  it('a clear cue lets a close title count (a whole-word prefix), not a close name', () => {
    // 0.72: between the strong-cue bar (0.7) and the usual one (0.75).
    expect(entityScore(found(0.72), 4, { entity: 'titulo' }).resolved).toBe(true);
    expect(entityScore(found(0.72), 4, { entity: 'franquicia' }).resolved).toBe(false); // "Harry Potter" ≠ Harry Palmer Collection
    expect(entityScore(found(0.76), 4, { entity: 'franquicia' }).resolved).toBe(true);
  });

  it('a missing or unmatched entity costs points, unless it is optional (a chart names a person only sometimes)', () => {
    expect(entityScore(null, 4, { entity: 'nombre' }).bonus).toBeLessThan(0);
    expect(entityScore(found(0.3), 4, { entity: 'nombre' }).bonus).toBeLessThan(0);
    expect(entityScore(null, 4, { entity: 'nombre', entityOptional: true })).toEqual({ bonus: 0, resolved: false });
    expect(entityScore(found(0.3), 4, { entity: 'nombre', entityOptional: true })).toEqual({
      bonus: 0,
      resolved: false,
    });
    expect(entityScore(found(1), 4, { entity: 'nombre', entityOptional: true }).resolved).toBe(true);
  });
});

describe('year ranges (the desde/hasta filters)', () => {
  const range = (text: string) => {
    const { range: found } = findYearRange(tokenize(normalizeText(text)));
    return { desde: found.desde?.value, hasta: found.hasta?.value };
  };

  it('reads both ends, in either order, with or without articles and two-digit years', () => {
    expect(range('entre 1990 y 2000')).toEqual({ desde: 1990, hasta: 2000 });
    expect(range('entre 2000 y 1990')).toEqual({ desde: 1990, hasta: 2000 });
    expect(range('de 2010 a 2015')).toEqual({ desde: 2010, hasta: 2015 });
    expect(range('del 90 al 2000')).toEqual({ desde: 1990, hasta: 2000 });
    expect(range('entre el 95 y el 05')).toEqual({ desde: 1995, hasta: 2005 });
    expect(range('desde 1980 hasta 1989')).toEqual({ desde: 1980, hasta: 1989 });
    expect(range('estrenos 1990-2000')).toEqual({ desde: 1990, hasta: 2000 });
  });

  it('reads one end, and «antes de» / «después de» as the year before / after', () => {
    expect(range('desde 1990')).toEqual({ desde: 1990, hasta: undefined });
    expect(range('a partir del 95')).toEqual({ desde: 1995, hasta: undefined });
    expect(range('hasta el año 2005')).toEqual({ desde: undefined, hasta: 2005 });
    expect(range('antes de 2000')).toEqual({ desde: undefined, hasta: 1999 });
    expect(range('después del 2010')).toEqual({ desde: 2011, hasta: undefined });
  });

  it('reads decades, but not counts or durations', () => {
    expect(range('en los 90')).toEqual({ desde: 1990, hasta: 1999 });
    expect(range('los años ochenta')).toEqual({ desde: 1980, hasta: 1989 });
    expect(range('la década de los 2000')).toEqual({ desde: 2000, hasta: 2009 });
    expect(range('de los 20 mejores')).toEqual({ desde: undefined, hasta: undefined });
    expect(range('películas de hasta 90 minutos')).toEqual({ desde: undefined, hasta: undefined });
    expect(range('series de España de 2019')).toEqual({ desde: undefined, hasta: undefined });
    expect(range('1917 de 2019')).toEqual({ desde: undefined, hasta: undefined });
  });
});
