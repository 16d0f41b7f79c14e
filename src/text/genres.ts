/**
 * TMDB's genre names (as in the data, and as the `genero` argument takes them: the
 * contract's canonical form) → the names a Spanish answer shows: TMDB's own Spanish
 * translations. An unknown name (a streaming list's "International Movies") shows as is.
 */
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

/** Every TMDB genre name (the `genero` argument's values), for pickers such as Discord's choices. */
export const TMDB_GENRES: readonly string[] = Object.keys(SPANISH);
