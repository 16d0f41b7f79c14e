/**
 * Why a title is recommended, in one short Spanish clause. The recommender picks
 * the kind from the signal that contributed most to the pair's score: co-liking
 * (colikes.ts) or the group of shared features with the largest share of the
 * content cosine (features.ts: FEATURE_REASONS). This file turns a kind into
 * words, looking up the name behind it (the shared director, actor, studio…)
 * with one indexed query, so the ETL stores only the kind.
 */
import type { Db } from '../catalog/catalog.js';
import { formatList } from '../format.js';

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

export interface Explained {
  kind: ReasonKind;
  /** The clause, e.g. «mismo director (John Lasseter)». */
  motivo: string;
}

/** Turns reason kinds into clauses for one catalog (prepared statements, made once). */
export interface Explainer {
  explain(queryId: string, recId: string, kind: ReasonKind): string;
}

interface Lookups {
  movieTitle: (id: number) => string | undefined;
  titleTitle: (id: string) => string | undefined;
  movieDirector: (a: number, b: number) => string | undefined;
  movieActor: (a: number, b: number) => string | undefined;
  movieCompany: (a: number, b: number) => string | undefined;
  titleDirector: (a: string, b: string) => string | undefined;
  titleActor: (a: string, b: string) => string | undefined;
  titleCountry: (a: string, b: string) => string | undefined;
  titleType: (id: string) => string | undefined;
}

function lookups(db: Db): Lookups {
  const one = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (...params: (string | number)[]) => statement.get(...params) as string | undefined;
  };
  return {
    movieTitle: one('SELECT title FROM movies WHERE id = ?'),
    titleTitle: one('SELECT title FROM titles WHERE id = ?'),
    movieDirector: one(
      `SELECT p.name FROM movie_directors a JOIN movie_directors b ON b.person_id = a.person_id
       JOIN people p ON p.id = a.person_id WHERE a.movie_id = ? AND b.movie_id = ? ORDER BY p.id LIMIT 1`,
    ),
    // The first-billed of the query's top cast (features.ts: castDepth) that the other title shares.
    movieActor: one(
      `SELECT p.name FROM movie_cast a JOIN movie_cast b ON b.person_id = a.person_id
       JOIN people p ON p.id = a.person_id WHERE a.movie_id = ? AND b.movie_id = ? ORDER BY a.ord LIMIT 1`,
    ),
    movieCompany: one(
      `SELECT c.name FROM movie_companies a JOIN movie_companies b ON b.company_id = a.company_id
       JOIN companies c ON c.id = a.company_id WHERE a.movie_id = ? AND b.movie_id = ? ORDER BY c.id LIMIT 1`,
    ),
    titleDirector: one(
      `SELECT a.name FROM title_directors a JOIN title_directors b ON b.name_key = a.name_key
       WHERE a.title_id = ? AND b.title_id = ? ORDER BY a.ord LIMIT 1`,
    ),
    titleActor: one(
      `SELECT a.name FROM title_cast a JOIN title_cast b ON b.name_key = a.name_key
       WHERE a.title_id = ? AND b.title_id = ? ORDER BY a.ord LIMIT 1`,
    ),
    titleCountry: one(
      `SELECT a.name FROM title_countries a JOIN title_countries b ON coalesce(b.country, b.name) = coalesce(a.country, a.name)
       WHERE a.title_id = ? AND b.title_id = ? ORDER BY a.ord LIMIT 1`,
    ),
    titleType: one('SELECT type FROM titles WHERE id = ?'),
  };
}

const movieNumber = (id: string): number | null => (/^tmdb:\d+$/.test(id) ? Number(id.slice(5)) : null);

/** The clause for a kind, with the name behind it when the pair shares one. */
export function createExplainer(db: Db): Explainer {
  let found: Lookups | undefined;
  return {
    explain(queryId, recId, kind) {
      found ??= lookups(db);
      const q = movieNumber(queryId);
      const r = movieNumber(recId);
      const named = (clause: string, name: string | undefined) => (name ? `${clause} (${name})` : clause);
      switch (kind) {
        case 'colikes': {
          const title = q !== null ? found.movieTitle(q) : found.titleTitle(queryId);
          return `a quienes les gustó ${title ?? 'esta película'} también les gustó`;
        }
        case 'saga':
          return 'misma saga';
        case 'director':
          return named(
            'mismo director',
            q !== null && r !== null ? found.movieDirector(q, r) : found.titleDirector(queryId, recId),
          );
        case 'actor': {
          const name = q !== null && r !== null ? found.movieActor(q, r) : found.titleActor(queryId, recId);
          return name ? `también con ${name}` : 'mismo reparto';
        }
        case 'company':
          return named('misma productora', q !== null && r !== null ? found.movieCompany(q, r) : undefined);
        case 'themes':
          return 'géneros y temas en común';
        case 'language':
          return 'mismo idioma original';
        case 'decade':
          return 'misma época';
        case 'country':
          return named('mismo país', found.titleCountry(queryId, recId));
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
