/**
 * Spanish formatting for answer texts. Everything goes through Intl (the
 * platform's ICU data), so grouping, decimal commas, month names and "y"/"e"
 * in lists follow Spanish rules without hand-written tables. Note that `es`
 * does not group 4-digit numbers (1234 → "1234", 12345 → "12.345"): that is
 * the Spanish norm, not a bug.
 */
import { monthNames, weekdayNames } from './text/calendar.js';

const integer = new Intl.NumberFormat('es', { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat('es', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const upToTwoDecimals = new Intl.NumberFormat('es', { maximumFractionDigits: 2 });
const longDate = new Intl.DateTimeFormat('es', { dateStyle: 'long', timeZone: 'UTC' });
const conjunction = new Intl.ListFormat('es', { style: 'long', type: 'conjunction' });
const disjunction = new Intl.ListFormat('es', { style: 'long', type: 'disjunction' });

/** 1234567 → "1.234.567" (rounded). */
export function formatInt(value: number): string {
  return integer.format(value);
}

/** A ratio or score with exactly two decimals: 12.4512 → "12,45". */
export function formatDecimal(value: number): string {
  return twoDecimals.format(value);
}

/** A user-typed number shown back as is, without forced decimals: 3.5 → "3,5", 4 → "4". */
export function formatNumber(value: number): string {
  return upToTwoDecimals.format(value);
}

/**
 * Dollars, the currency of TMDB's budget and revenue: "US$ 373.554.033".
 * Intl's `currency` style would put the symbol after the number in `es`
 * ("373.554.033 US$"); the team prefers the prefix, as Latin American outlets write it.
 */
export function formatMoney(value: number): string {
  return `US$ ${integer.format(Math.round(value))}`;
}

/** "1995-10-30" → "30 de octubre de 1995"; the input unchanged when it is not a date. */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? isoDate : longDate.format(date);
}

/** ["A", "B", "C"] → "A, B y C". */
export function formatList(items: readonly string[]): string {
  return conjunction.format(items);
}

/** ["A", "B", "C"] → "A, B o C" (for "¿Quisiste decir …?"). */
export function formatAlternatives(items: readonly string[]): string {
  return disjunction.format(items);
}

/** 1 → "1 película", 2 → "2 películas", 12345 → "12.345 películas". */
export function countOf(count: number, singular: string, plural: string): string {
  return `${formatInt(count)} ${count === 1 ? singular : plural}`;
}

/**
 * A long list for chat: the first `shown` items and how many more
 * ("A, B, C y 12 más"); the full list stays in the answer's `data`.
 */
export function summarizeList(items: readonly string[], shown = 5): string {
  if (items.length <= shown) return formatList(items);
  const rest = items.length - shown;
  return formatList([...items.slice(0, shown), `${formatInt(rest)} más`]);
}

/**
 * Characters that must never be echoed back: control characters (a terminal runs
 * `\u001b[31m` and its kin) and the bidirectional overrides and isolates, which make
 * a text display in another order than it reads (U+202A–202E, U+2066–2069, and the
 * marks U+200E, U+200F, U+061C).
 */
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** A user's text made safe to show: whitespace runs become one space, control and bidi characters go. */
export function printable(text: string): string {
  return text.replace(/\s+/gu, ' ').replace(UNSAFE, '').trim();
}

/** A user's text echoed back in a message: one safe line (see `printable`), at most `max` characters. */
export function quoteInput(text: string, max = 60): string {
  const oneLine = printable(text);
  const chars = Array.from(oneLine); // by code point, so an emoji is never cut in half
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join('')}…`;
}

/** Month names, January first (also read back by commands/args.ts). */
export const MONTHS = monthNames('es');
/** ISO weekday names, Monday first (also read back by commands/args.ts). */
export const WEEKDAYS = weekdayNames('es');

/** 1 → "enero". */
export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}

/** ISO weekday 1 → "lunes" … 7 → "domingo". */
export function weekdayName(isoWeekday: number): string {
  return WEEKDAYS[isoWeekday - 1] ?? String(isoWeekday);
}

const percent = new Intl.NumberFormat('es', { style: 'percent', maximumFractionDigits: 1 });

/** A share as a Spanish percentage: 0.1324 → "13,2 %". */
export function formatPercent(share: number): string {
  return percent.format(share);
}

/**
 * Dollars in few characters, for chart axes: "US$ 500", "US$ 25 mil", "US$ 250 M",
 * "US$ 1,5 mil M" (Spanish "mil millones": a billion is 10^12 in Spanish).
 */
export function formatMoneyShort(value: number): string {
  const abs = Math.abs(value);
  const [scaled, unit] =
    abs >= 1e9
      ? [value / 1e9, ' mil M']
      : abs >= 1e6
        ? [value / 1e6, ' M']
        : abs >= 1e3
          ? [value / 1e3, ' mil']
          : [value, ''];
  return `US$ ${upToOneDecimal.format(scaled)}${unit}`;
}

const upToOneDecimal = new Intl.NumberFormat('es', { maximumFractionDigits: 1 });
