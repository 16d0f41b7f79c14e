import { describe, expect, it } from 'vitest';
import {
  countOf,
  formatDate,
  formatDecimal,
  formatInt,
  formatList,
  formatMoney,
  formatNumber,
  quoteInput,
  summarizeList,
} from '../../src/format.js';

describe('Spanish formatting', () => {
  it('groups integers with dots, except 4-digit numbers (Spanish norm)', () => {
    expect(formatInt(1234567)).toBe('1.234.567');
    expect(formatInt(12345)).toBe('12.345');
    expect(formatInt(1234)).toBe('1234');
    expect(formatInt(0)).toBe('0');
  });

  it('writes money as US$ with grouped digits', () => {
    expect(formatMoney(373554033)).toBe('US$ 373.554.033');
    expect(formatMoney(645963535.333)).toBe('US$ 645.963.535');
  });

  it('writes ratios with two decimals and a decimal comma', () => {
    // 373554033 / 30000000 = 12.4518011 (Toy Story's return)
    expect(formatDecimal(373554033 / 30000000)).toBe('12,45');
    expect(formatDecimal(7)).toBe('7,00');
    expect(formatNumber(7.7)).toBe('7,7');
    expect(formatNumber(3.5)).toBe('3,5');
  });

  it('writes dates in long Spanish form', () => {
    expect(formatDate('1995-10-30')).toBe('30 de octubre de 1995');
    expect(formatDate('2001-01-01')).toBe('1 de enero de 2001');
    expect(formatDate('no es fecha')).toBe('no es fecha');
  });

  it('joins lists with commas and "y"', () => {
    expect(formatList(['A', 'B', 'C'])).toBe('A, B y C');
    expect(formatList(['A'])).toBe('A');
    expect(summarizeList(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 5)).toBe('a, b, c, d, e y 2 más');
  });

  it('agrees singular and plural', () => {
    expect(countOf(1, 'película', 'películas')).toBe('1 película');
    expect(countOf(2, 'película', 'películas')).toBe('2 películas');
    expect(countOf(0, 'película', 'películas')).toBe('0 películas');
    expect(countOf(12345, 'película', 'películas')).toBe('12.345 películas');
  });

  it('quotes user input on one line, cut by code point', () => {
    expect(quoteInput('a\nb')).toBe('a b');
    const long = '😀'.repeat(100);
    const quoted = quoteInput(long, 10);
    expect(Array.from(quoted)).toHaveLength(10);
    expect(quoted.endsWith('…')).toBe(true);
    expect(quoted).not.toContain('\uFFFD');
  });
});
