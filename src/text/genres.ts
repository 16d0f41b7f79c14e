/**
 * TMDB's genre names (as in the data, and as the `genero` argument takes them: the
 * contract's canonical form) → the names a Spanish answer shows: TMDB's own Spanish
 * translations. An unknown name (a streaming list's "International Movies") shows as is.
 * The other way, `genreFromName` reads what users type («comedia», «Ciencia-ficción»,
 * «de miedo») for every channel (commands/args.ts), with or without the NLU loaded.
 */
import { readFileSync } from 'node:fs';
import { closestNamed, type Named } from './closest.js';
import { normalizeWords } from './normalize.js';

const SPANISH: Readonly<Record<string, string>> = {
  Action: 'Acción',
  Adventure: 'Aventura',
  Animation: 'Animación',
  Comedy: 'Comedia',
  Crime: 'Crimen',
  Documentary: 'Documental',
  Drama: 'Drama',
  Family: 'Familia',
  Fantasy: 'Fantasía',
  Foreign: 'Extranjera',
  History: 'Historia',
  Horror: 'Terror',
  Music: 'Música',
  Mystery: 'Misterio',
  Romance: 'Romance',
  'Science Fiction': 'Ciencia ficción',
  'TV Movie': 'Película de TV',
  Thriller: 'Suspense',
  War: 'Bélica',
  Western: 'Western',
};

/** The Spanish display name of a TMDB genre ("Science Fiction" → "Ciencia ficción"). */
export function genreName(tmdbName: string): string {
  return Object.hasOwn(SPANISH, tmdbName) ? (SPANISH[tmdbName] as string) : tmdbName;
}

/**
 * The words people use for each genre, Spanish and English: the NLU's synonym data
 * (src/nlu/data/genres.json, plain data shared with it: one list for free text and for
 * arguments), plus the display names above.
 */
function namesByGenre(): Map<string, string[]> {
  const synonyms = JSON.parse(readFileSync(new URL('../nlu/data/genres.json', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  const names = new Map<string, string[]>();
  for (const [tmdbName, spanish] of Object.entries(SPANISH)) names.set(tmdbName, [tmdbName, spanish]);
  for (const [tmdbName, phrases] of Object.entries(synonyms)) {
    if (tmdbName.startsWith('_') || !Array.isArray(phrases)) continue;
    names.set(tmdbName, [...(names.get(tmdbName) ?? [tmdbName]), ...phrases.map(String)]);
  }
  return names;
}

let byName: Map<string, string> | undefined;
let entries: Named[] | undefined;

/** The TMDB genre a user's word names («Comedia», «terror», «ciencia ficción», «Sci-Fi»), accents and case ignored. */
export function genreFromName(text: string): string | undefined {
  if (!byName) {
    byName = new Map();
    for (const [tmdbName, names] of namesByGenre())
      for (const name of names) byName.set(normalizeWords(name), tmdbName);
  }
  return byName.get(normalizeWords(text));
}

/** The genres closest to an unknown word, among `known` TMDB names (those of the catalog), for suggestions. */
export function closestGenres(text: string, known: readonly string[], limit = 3): Named[] {
  entries ??= [...namesByGenre()].map(([tmdbName, names]) => ({ label: genreName(tmdbName), value: tmdbName, names }));
  return closestNamed(
    text,
    entries.filter((e) => known.includes(e.value)),
    limit,
  );
}

/** Every TMDB genre name (the `genero` argument's values), for pickers such as Discord's choices. */
export const TMDB_GENRES: readonly string[] = Object.keys(SPANISH);
