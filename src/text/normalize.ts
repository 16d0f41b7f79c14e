/**
 * The one definition of "the same text" in Filmoteca: lower case, accents and
 * other combining marks removed, punctuation other than letters/digits turned
 * into spaces only where `stripPunctuation` asks, whitespace collapsed.
 * The ETL stores `*_key` columns with `normalizeKey`, and every lookup uses it,
 * so matching is case- and accent-insensitive everywhere while display keeps the
 * source spelling.
 */
const COMBINING_MARKS = /\p{M}+/gu;
const SPACES = /[\s\u00a0\u2028\u2029]+/gu;

/** Printable ASCII: no accents and no space but ' ', so NFD and the mark pass would change nothing. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const DOUBLE_SPACES = / {2,}/g;

export function normalizeKey(text: string): string {
  // Most names and titles take this path: the ETL keys ~300k of them, and the NLU many per sentence.
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase().replace(DOUBLE_SPACES, ' ').trim();
  return text.normalize('NFD').replace(COMBINING_MARKS, '').toLowerCase().replace(SPACES, ' ').trim();
}

const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** normalizeKey, plus every run of punctuation turned into one space ("E.T." → "e t"). */
export function normalizeWords(text: string): string {
  return normalizeKey(text).replace(NON_WORD, ' ').trim();
}
