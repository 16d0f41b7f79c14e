/**
 * Month and weekday names from the platform's ICU data, like codes.ts does for
 * countries and languages: no hand-written tables to drift apart.
 */
type Locale = 'es' | 'en';

/** Lower-case month names, January first: monthNames('es')[0] === 'enero'. */
export function monthNames(locale: Locale): string[] {
  const format = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, i) => format.format(Date.UTC(2001, i, 1)).toLowerCase());
}

/** Lower-case ISO weekday names, Monday first: weekdayNames('es')[2] === 'miércoles'. */
export function weekdayNames(locale: Locale): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  // 2001-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => format.format(Date.UTC(2001, 0, 1 + i)).toLowerCase());
}
