/**
 * The cleaning rules of QUESTIONS.md as small pure functions, so each rule is
 * tested on its own (test/etl/clean.test.ts) and the loaders stay plain loops.
 */
import { monthNames } from '../src/text/calendar.js';
import { type PyDict, type PyValue, parsePyLiteral } from './pyliteral.js';

const POSITIVE_INT = /^\d+$/;

/** A positive integer id (`862`, ` 862 `), else null: `0`, `-1`, `1995-10-30`, `12.5`, ''. */
export function positiveId(text: string): number | null {
  const trimmed = text.trim();
  if (!POSITIVE_INT.test(trimmed)) return null;
  const id = Number(trimmed);
  return id > 0 && Number.isSafeInteger(id) ? id : null;
}

export interface ReleaseDate {
  date: string;
  year: number;
  month: number;
  /** ISO weekday: 1 = lunes … 7 = domingo. */
  weekday: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date `YYYY-MM-DD`, or why not: 'missing' (empty) or 'invalid' (1995-02-30, 30/10/1995). */
export function releaseDate(text: string): ReleaseDate | 'missing' | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return 'missing';
  const match = ISO_DATE.exec(trimmed);
  if (!match) return 'invalid';
  return calendarDate(Number(match[1]), Number(match[2]), Number(match[3])) ?? 'invalid';
}

/** The date if year/month/day name a real day (Date.UTC would silently roll 02-30 over to 03-02). */
export function calendarDate(year: number, month: number, day: number): ReleaseDate | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const time = Date.UTC(year, month - 1, day);
  const d = new Date(time);
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear keeps them as written.
  if (year < 100) d.setUTCFullYear(year);
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  const weekday = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { date, year, month, weekday };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number, else null (''/'abc'/'/poster.jpg'/'0x10'/'NaN'). Number('') would be 0, hence the check. */
export function numberOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** budget / revenue: missing or not numeric → 0. */
export function money(text: string): number {
  return numberOrNull(text) ?? 0;
}

/** vote_count: an integer, missing or not numeric → 0 (`5415.0` → 5415). */
export function voteCount(text: string): number {
  const value = numberOrNull(text);
  return value === null ? 0 : Math.round(value);
}

/** return = revenue / budget when budget > 0, else 0. */
export function movieReturn(budget: number, revenue: number): number {
  return budget > 0 ? revenue / budget : 0;
}

/** A nested Python-literal field: the value, `null` when empty, or the parse error message. */
export function nested(text: string): { value: PyValue } | { error: string } | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'NaN' || trimmed === 'nan') return null;
  try {
    return { value: parsePyLiteral(trimmed) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** A parsed Python dict (not a list, not a scalar). */
export function isDict(value: PyValue): value is PyDict {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A nested field as a list of dicts: empty → []; unparsable or not a list → [] and the
 * problem handed to `onProblem` (the report's warning, or the credits worker's list).
 */
export function dictList(text: string, onProblem: (problem: string) => void): PyDict[] {
  const parsed = nested(text);
  if (parsed === null) return [];
  if ('error' in parsed) {
    onProblem(parsed.error);
    return [];
  }
  if (!Array.isArray(parsed.value)) {
    onProblem('not a list');
    return [];
  }
  return parsed.value.filter(isDict);
}

/** A nested item's id: a positive integer, else null. */
export const idOf = (value: PyValue | undefined) =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
/** A nested item's text: strings as they are, None → '', anything else as a string. */
export const textOf = (value: PyValue | undefined) =>
  typeof value === 'string' ? value : value == null ? '' : String(value);
/** A blank cell → NULL. */
export const orNull = (text: string) => (text.trim() === '' ? null : text);

// ------------------------------------------------------------------ streaming

export const PLATFORM_LETTER = { amazon: 'a', disney: 'd', hulu: 'h', netflix: 'n' } as const;

/** `ns1` from netflix + `s1`; null when show_id is empty. */
export function streamingId(platform: keyof typeof PLATFORM_LETTER, showId: string): string | null {
  const trimmed = showId.trim();
  return trimmed === '' ? null : PLATFORM_LETTER[platform] + trimmed;
}

const DURATION = /^(\d+)\s*(min|mins|minutes?|seasons?)$/i;

export interface Duration {
  value: number;
  type: 'min' | 'season';
}

/** `90 min` → {90, min}; `1 Season` / `3 Seasons` → {n, season}; else null. */
export function duration(text: string): Duration | null {
  const match = DURATION.exec(text.trim());
  if (!match) return null;
  const unit = (match[2] ?? '').toLowerCase();
  return { value: Number(match[1]), type: unit.startsWith('season') ? 'season' : 'min' };
}

/**
 * Rules 2 and 3: where `duration` is empty and `rating` holds a duration, move it;
 * then an empty rating becomes `G`.
 */
export function fixRatingAndDuration(rating: string, durationText: string): { rating: string; duration: string } {
  let r = rating.trim();
  let d = durationText.trim();
  if (d === '' && duration(r)) {
    d = r;
    r = '';
  }
  return { rating: r === '' ? 'G' : r, duration: d };
}

const MONTHS = new Map(monthNames('en').map((m, i) => [m, i + 1] as const));
const ADDED = /^([a-z]+)\s+(\d{1,2})\s*,\s*(\d{4})$/i;

/** `September 25, 2021` (stray spaces allowed; `Sep` too) → `2021-09-25`; '' → null; bad → 'invalid'. */
export function dateAdded(text: string): string | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = ADDED.exec(trimmed);
  if (!match) return 'invalid';
  const name = (match[1] ?? '').toLowerCase();
  const month = MONTHS.get(name) ?? [...MONTHS].find(([m]) => name.length >= 3 && m.startsWith(name))?.[1];
  if (!month) return 'invalid';
  return calendarDate(Number(match[3]), month, Number(match[2]))?.date ?? 'invalid';
}

/** A comma-separated list, each item trimmed, empty items dropped. */
export function splitList(text: string): string[] {
  if (text.trim() === '') return [];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A year like `2021`, else null. */
export function yearOrNull(text: string): number | null {
  const value = numberOrNull(text);
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}
