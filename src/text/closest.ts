/**
 * The closest few of a small fixed vocabulary (countries, languages, genres) to what a
 * user typed, for «¿Quisiste decir …?». Edit distance over each entry's names (the search's
 * own OSA distance); small lists, so a plain scan. Catalog names (titles, people) go
 * through src/search instead.
 */
import { osaDistance } from '../search/fuzzy.js';
import { normalizeWords } from './normalize.js';

export interface Named {
  /** What the user reads: «Francia (FR)». */
  label: string;
  /** The canonical value behind it: `FR`. */
  value: string;
  /** Every name it goes by, any spelling (normalized here). */
  names: readonly string[];
}

/**
 * Entries within a typo budget of `text` (a third of its length, at least 1), closest first;
 * equal distances prefer a name that starts like the text (codes: users get the first letter
 * right more often), then the label's order.
 */
export function closestNamed(text: string, entries: readonly Named[], limit = 3): Named[] {
  const typed = normalizeWords(text);
  if (typed === '') return [];
  const budget = Math.max(1, Math.floor(typed.length / 3));
  const scored: { entry: Named; distance: number; sameStart: boolean }[] = [];
  for (const entry of entries) {
    let distance = budget + 1;
    let sameStart = false;
    for (const name of entry.names) {
      const form = normalizeWords(name);
      const d = osaDistance(typed, form, budget);
      if (d < distance || (d === distance && form[0] === typed[0])) {
        distance = Math.min(d, distance);
        sameStart = form[0] === typed[0];
      }
    }
    if (distance <= budget) scored.push({ entry, distance, sameStart });
  }
  scored.sort(
    (a, b) =>
      a.distance - b.distance ||
      Number(b.sameStart) - Number(a.sameStart) ||
      a.entry.label.localeCompare(b.entry.label, 'es'),
  );
  return scored.slice(0, limit).map((s) => s.entry);
}
