/**
 * What the commands and the NLU ask of search (src/search/): resolve a typed
 * name to catalog entries, best first. Implemented by createEntitySearch(db)
 * in src/search/index.ts.
 */
export type CatalogName = 'movies' | 'streaming';

export type EntityKind = 'title' | 'person' | 'collection' | 'company';

export interface Match {
  kind: EntityKind;
  /** Canonical argument value: `tmdb:862` / `ns1` for titles; the exact catalog name for the others. */
  id: string;
  /** Display name as in the source ("Toy Story", "Tom Hanks"). */
  name: string;
  /** 0..1, 1 = the normalized text is identical to the query. */
  score: number;
  /** Titles only. */
  year?: number | null;
  catalog?: CatalogName;
  platform?: string;
  /** Tie-break weight: vote_count for movies, release year for streaming titles, film count for the others. */
  weight?: number;
  /** Titles found by a Spanish release title (movie_titles_es): that title, so the answer can say what it understood. */
  alias?: string;
}

/** Options every kind takes. */
export interface SearchOptions {
  limit?: number;
  /**
   * When some entries' names are identical to the query, return only those, without the
   * typo-tolerant search: for callers that only want the best match (the NLU tries many
   * cuts of a sentence, and an identical name ends its search).
   */
  stopAtExact?: boolean;
  /** Only entries whose name is identical to the query (no typo-tolerant search at all). */
  exactOnly?: boolean;
  /** Leave out matches scoring below this (default 0.3): fewer candidates get an exact edit distance. */
  minScore?: number;
}

export interface TitleQuery extends SearchOptions {
  catalog?: CatalogName;
  /** Streaming platform filter (amazon | disney | hulu | netflix). */
  platform?: string;
  /** Preferred release year (a year typed by the user); matches with it rank first among equals. */
  year?: number;
}

export interface NameQuery extends SearchOptions {
  /** People only: restrict to actors or directors, in one catalog or both. */
  role?: 'actor' | 'director';
  catalog?: CatalogName;
}

export interface SuggestOptions {
  limit?: number;
  catalog?: CatalogName;
  /** People only, as in NameQuery. */
  role?: 'actor' | 'director';
}

export interface EntitySearch {
  titles(query: string, options?: TitleQuery): Match[];
  people(query: string, options?: NameQuery): Match[];
  collections(query: string, options?: SearchOptions): Match[];
  companies(query: string, options?: SearchOptions): Match[];
  /** Autocomplete: prefix-friendly, up to `limit` (25) results. */
  suggest(kind: EntityKind, prefix: string, options?: SuggestOptions): Match[];
  /**
   * Everything the indexes may read, loaded a step at a time (a few ms each; indexes open
   * lazily, so start-up reads little): for a server to run in its idle moments.
   */
  preload?(): Generator<void>;
}
