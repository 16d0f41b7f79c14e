/**
 * Why a title is recommended, in one short Spanish clause. The recommender picks
 * the kind from the signal that contributed most to the pair's score: co-liking
 * (colikes.ts) or the group of shared features with the largest share of the
 * content cosine (features.ts: FEATURE_REASONS), and for a named kind the shared
 * feature that weighed most (the director, actor, studio or country). The ETL
 * stores the kind and that feature's value; this file turns them into words with
 * at most one point query (a name by its id).
 */
import type { Db } from '../catalog/catalog.js';
import { formatList } from '../format.js';
import { countryName, languageName } from '../text/codes.js';

export const REASON_KINDS = [
  'colikes',
  'saga',
  'director',
  'actor',
  'company',
  'themes',
  'language',
  'decade',
  'country',
  'type',
  'popular',
] as const;
export type ReasonKind = (typeof REASON_KINDS)[number];

export function isReasonKind(value: unknown): value is ReasonKind {
  return typeof value === 'string' && (REASON_KINDS as readonly string[]).includes(value);
}

/** Kinds whose clause names the shared thing (its feature token's value is stored as the detail). */
export const NAMED_KINDS: ReadonlySet<ReasonKind> = new Set([
  'director',
  'actor',
  'company',
  'country',
  'language',
  'decade',
]);

/** Turns reason kinds into clauses for one catalog (prepared statements, made once). */
export interface Explainer {
  /** `detail`: the shared feature's value (a person or company id, a name key, a country code), or null. */
  explain(queryId: string, recId: string, kind: ReasonKind, detail: string | null): string;
}

interface Lookups {
  movieTitle: (id: number) => string | undefined;
  titleTitle: (id: string) => string | undefined;
  person: (id: number) => string | undefined;
  company: (id: number) => string | undefined;
  titleDirector: (title: string, key: string) => string | undefined;
  titleActor: (title: string, key: string) => string | undefined;
  titleType: (id: string) => string | undefined;
}

function lookups(db: Db): Lookups {
  // One indexed row each: a reason costs at most one point query when served.
  const one = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (...params: (string | number)[]) => statement.get(...params) as string | undefined;
  };
  return {
    movieTitle: one('SELECT title FROM movies WHERE id = ?'),
    titleTitle: one('SELECT title FROM titles WHERE id = ?'),
    person: one('SELECT name FROM people WHERE id = ?'),
    company: one('SELECT name FROM companies WHERE id = ?'),
    // Spelled as the query title's own listing has it (the key has no accents: Bárbara = Barbara).
    titleDirector: one('SELECT name FROM title_directors WHERE title_id = ? AND name_key = ? LIMIT 1'),
    titleActor: one('SELECT name FROM title_cast WHERE title_id = ? AND name_key = ? LIMIT 1'),
    titleType: one('SELECT type FROM titles WHERE id = ?'),
  };
}

const isMovie = (id: string) => id.startsWith('tmdb:');

/** The clause for a kind, with the name behind it when there is one. */
export function createExplainer(db: Db): Explainer {
  let found: Lookups | undefined;
  // The query's title, once per query (every co-liking clause of an answer names it).
  let lastQuery = '';
  let lastTitle: string | undefined;
  const titleOf = (id: string, at: Lookups) => {
    if (id !== lastQuery) {
      lastQuery = id;
      lastTitle = isMovie(id) ? at.movieTitle(Number(id.slice(5))) : at.titleTitle(id);
    }
    return lastTitle;
  };
  return {
    explain(queryId, recId, kind, detail) {
      found ??= lookups(db);
      const movies = isMovie(queryId);
      const named = (clause: string, name: string | undefined) => (name ? `${clause} (${name})` : clause);
      const id = detail !== null && /^\d+$/.test(detail) ? Number(detail) : null;
      // Movies' people are ids in the people table; streaming titles' are name keys of their own listing.
      const personName = (inListing: (titleId: string, key: string) => string | undefined) => {
        if (movies) return id === null ? undefined : found?.person(id);
        return detail ? inListing(queryId, detail) : undefined;
      };
      switch (kind) {
        case 'colikes':
          return `a quienes les gustó ${titleOf(queryId, found) ?? 'esta película'} también les gustó`;
        case 'saga':
          return 'misma saga';
        case 'director':
          return named('mismo director', personName(found.titleDirector));
        case 'actor': {
          const name = personName(found.titleActor);
          return name ? `también con ${name}` : 'mismo reparto';
        }
        case 'company':
          return named('misma productora', id === null ? undefined : found.company(id));
        case 'themes':
          return 'géneros y temas en común';
        case 'language':
          return named('mismo idioma original', detail ? languageName(detail) : undefined);
        case 'decade':
          return named('misma década', id === null ? undefined : `${id}–${id + 9}`);
        case 'country':
          // The token is the ISO code when the source name maps to one, else that name.
          return named('mismo país', detail ? (/^[A-Z]{2}$/.test(detail) ? countryName(detail) : detail) : undefined);
        case 'type':
          return found.titleType(recId) === 'TV Show' ? 'también es una serie' : 'también es una película';
        case 'popular':
          return 'de las más votadas';
      }
    },
  };
}

/** How a group of recommendations sharing one clause reads inside the answer's sentence. */
function groupPhrase(kind: ReasonKind, motivo: string, count: number): string {
  const plural = count > 1;
  switch (kind) {
    case 'colikes': {
      // «a quienes les gustó X también les gustó» → «que también les gustaron a quienes les gustó X»
      const who = motivo.replace(/ también les gustó$/, '');
      return `que también les ${plural ? 'gustaron' : 'gustó'} ${who}`;
    }
    case 'saga':
    case 'company':
    case 'decade':
      return `de la ${motivo}`;
    case 'director':
    case 'country':
      return `del ${motivo}`;
    case 'language':
      return `en el ${motivo}`;
    case 'themes':
      return `por ${motivo}`;
    case 'type':
      if (!plural) return `que ${motivo}`;
      return motivo.endsWith('serie') ? 'que también son series' : 'que también son películas';
    case 'actor':
    case 'popular':
      return motivo;
  }
}

/**
 * The list of an answer with its reasons, grouped by clause in order of first
 * appearance (best first within a group): «A (2001) y B (1998), que también les
 * gustaron a quienes les gustó X; C (1999), de la misma saga; y D (1940), por géneros
 * y temas en común». One clause for all: «A, B y C, de la misma saga».
 */
export function listWithReasons(items: { label: string; kind: ReasonKind; motivo: string }[]): string {
  const groups: { kind: ReasonKind; motivo: string; labels: string[] }[] = [];
  for (const item of items) {
    const group = groups.find((g) => g.kind === item.kind && g.motivo === item.motivo);
    if (group) group.labels.push(item.label);
    else groups.push({ kind: item.kind, motivo: item.motivo, labels: [item.label] });
  }
  const parts = groups.map((g) => `${formatList(g.labels)}, ${groupPhrase(g.kind, g.motivo, g.labels.length)}`);
  if (parts.length === 1) return parts[0] as string;
  return `${parts.slice(0, -1).join('; ')}; y ${parts.at(-1)}`;
}
