/**
 * Checks every stored recommendation's reason against the catalog with SQL of its own
 * (and the co-liking clause against likers computed by the caller from the CSV).
 */
import { expect } from 'vitest';
import type { Db } from '../../src/catalog/catalog.js';
import type { Recommender } from '../../src/recommend/types.js';
import { languageName } from '../../src/text/codes.js';

export function checkReasons(
  db: Db,
  stored: Recommender,
  ids: string[],
  common: (a: number, b: number) => number,
): Record<string, number> {
  const seen: Record<string, number> = {};
  const shares = (sql: string, a: number | string, b: number | string) => db.prepare(sql).pluck().all(a, b) as string[];
  const movie = (id: string) => Number(id.slice(5));
  for (const id of ids) {
    for (const rec of stored.recommend(id, 10)) {
      seen[rec.reason] = (seen[rec.reason] ?? 0) + 1;
      const isMovie = id.startsWith('tmdb:');
      const [a, b] = isMovie ? [movie(id), movie(rec.id)] : [id, rec.id];
      const where = `${id} → ${rec.id} (${rec.reason}: ${rec.motivo})`;
      switch (rec.reason) {
        case 'colikes':
          expect(common(a as number, b as number), where).toBeGreaterThanOrEqual(2);
          expect(rec.motivo, where).toMatch(/^a quienes les gustó .+ también les gustó$/);
          break;
        case 'saga':
          expect(
            shares(
              'SELECT 1 FROM movies x JOIN movies y ON y.collection_id = x.collection_id WHERE x.id = ? AND y.id = ?',
              a,
              b,
            ),
            where,
          ).toHaveLength(1);
          break;
        case 'director': {
          const names = isMovie
            ? shares(
                'SELECT p.name FROM movie_directors x JOIN movie_directors y USING (person_id) JOIN people p ON p.id = x.person_id WHERE x.movie_id = ? AND y.movie_id = ?',
                a,
                b,
              )
            : shares(
                'SELECT x.name FROM title_directors x JOIN title_directors y USING (name_key) WHERE x.title_id = ? AND y.title_id = ?',
                a,
                b,
              );
          expect(
            names.map((n) => `mismo director (${n})`),
            where,
          ).toContain(rec.motivo);
          break;
        }
        case 'actor': {
          const names = isMovie
            ? shares(
                'SELECT p.name FROM movie_cast x JOIN movie_cast y USING (person_id) JOIN people p ON p.id = x.person_id WHERE x.movie_id = ? AND y.movie_id = ? AND x.ord < 5 AND y.ord < 5',
                a,
                b,
              )
            : shares(
                'SELECT x.name FROM title_cast x JOIN title_cast y USING (name_key) WHERE x.title_id = ? AND y.title_id = ?',
                a,
                b,
              );
          expect(
            names.map((n) => `también con ${n}`),
            where,
          ).toContain(rec.motivo);
          break;
        }
        case 'company': {
          const names = shares(
            'SELECT c.name FROM movie_companies x JOIN movie_companies y USING (company_id) JOIN companies c ON c.id = x.company_id WHERE x.movie_id = ? AND y.movie_id = ?',
            a,
            b,
          );
          expect(
            names.map((n) => `misma productora (${n})`),
            where,
          ).toContain(rec.motivo);
          break;
        }
        case 'decade': {
          const years = isMovie
            ? shares('SELECT release_year FROM movies WHERE id IN (?, ?)', a, b)
            : shares('SELECT release_year FROM titles WHERE id IN (?, ?)', a, b);
          expect(new Set(years.map((y) => Math.floor(Number(y) / 10))).size, where).toBe(1);
          const decade = Math.floor(Number(years[0]) / 10) * 10;
          expect(rec.motivo, where).toBe(`misma década (${decade}–${decade + 9})`);
          break;
        }
        case 'language': {
          const language = shares(
            'SELECT x.original_language FROM movies x JOIN movies y USING (original_language) WHERE x.id = ? AND y.id = ?',
            a,
            b,
          );
          expect(language, where).toHaveLength(1);
          expect(rec.motivo, where).toBe(`mismo idioma original (${languageName(language[0] as string)})`);
          break;
        }
        case 'themes':
          if (isMovie)
            expect(
              [
                ...shares(
                  'SELECT 1 FROM movie_genres x JOIN movie_genres y USING (genre_id) WHERE x.movie_id = ? AND y.movie_id = ?',
                  a,
                  b,
                ),
                ...shares(
                  'SELECT 1 FROM movie_keywords x JOIN movie_keywords y USING (keyword_id) WHERE x.movie_id = ? AND y.movie_id = ?',
                  a,
                  b,
                ),
              ].length,
              where,
            ).toBeGreaterThan(0);
          break;
        default:
          // country and type (streaming): the clause names what both have.
          expect(['country', 'type'], where).toContain(rec.reason);
      }
    }
  }
  return seen;
}
