import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeKey, normalizeWords } from '../../src/text/normalize.js';

/** The definition, step by step, with no fast path: what normalizeKey must always equal. */
const byDefinition = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u2028\u2029]+/gu, ' ')
    .trim();

describe('normalizeKey', () => {
  it('lower-cases, strips accents and collapses spaces', () => {
    expect(normalizeKey('  Léon:  The   Professional ')).toBe('leon: the professional');
    expect(normalizeKey('Yolande\u00a0Moreau')).toBe('yolande moreau');
    expect(normalizeKey('BJÖRK\tGUÐMUNDSDÓTTIR')).toBe('bjork guðmundsdottir');
    expect(normalizeKey("Catherine  O'Hara")).toBe("catherine o'hara");
    expect(normalizeWords('E.T. the Extra-Terrestrial')).toBe('e t the extra terrestrial');
  });

  it('equals the definition on any text, ASCII (the fast path) or not', () => {
    const ascii = fc.string({ unit: fc.constantFrom(..." \t\nAaBbZz09.,'-".split('')), maxLength: 30 });
    const any = fc.string({ unit: 'grapheme', maxLength: 30 });
    fc.assert(fc.property(fc.oneof(ascii, any), (text) => normalizeKey(text) === byDefinition(text)));
  });
});
