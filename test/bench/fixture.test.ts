/**
 * The raw fixture `data/demo` keeps the real files' formats, and the facts table in
 * data/demo/FIXTURE.md (which other tests rely on) still matches the rows: the
 * facts are recomputed by data/demo/check_fixture.py (python3 standard library,
 * no project code) and compared with the values written by hand below.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';

const DEMO = resolve(import.meta.dirname, '../../data/demo');
const read = (file: string) => readFileSync(join(DEMO, file), 'utf8');
const rows = (file: string) => parse(read(file), { relax_column_count: true }) as string[][];

describe('data/demo keeps the formats of the real files', () => {
  it('movies_metadata: 24 columns, plus the split record of 10 + 15 fields', () => {
    const widths = rows('tmdb/movies_metadata.csv').map((r) => r.length);
    expect(widths.length - 1).toBe(52);
    expect(widths.filter((w) => w !== 24)).toEqual([10, 15]);
  });

  it('credits has no final line break; links uses CRLF and 7-digit imdb ids', () => {
    expect(read('tmdb/credits.csv').endsWith(']",949')).toBe(true);
    const links = read('tmdb/links.csv').split('\r\n');
    expect(links[1]).toBe('1,0114709,862');
    expect(links.at(-1)).toBe('');
    expect(links.slice(1, -1).every((l) => /^\d+,\d{7},\d*$/.test(l))).toBe(true);
  });

  it('the streaming lists have 12 columns and the agreed row counts', () => {
    const counts: Record<string, number> = {
      'netflix_titles.csv': 18,
      'amazon_prime_titles.csv': 16,
      'disney_plus_titles.csv': 12,
      'hulu_titles.csv': 10,
    };
    for (const [file, count] of Object.entries(counts)) {
      const list = rows(`streaming/${file}`);
      expect(list.length - 1, file).toBe(count);
      expect(new Set(list.map((r) => r.length)), file).toEqual(new Set([12]));
    }
    expect(read('streaming/ratings/1.csv').split('\n')[0]).toBe('userId,rating,timestamp,movieId');
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!hasPython)('FIXTURE.md facts match the rows (needs python3; skipped when absent)', () => {
  it('check_fixture.py prints the facts of the table', () => {
    const result = spawnSync('python3', [join(DEMO, 'check_fixture.py')], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const out = result.stdout;
    expect(out).toContain(
      "movies rows read 52 kept 47 rejected {'duplicate_id': 1, 'invalid_release_date': 1, 'missing_release_date': 2, 'invalid_id': 1}",
    );
    expect(out).toContain(
      'per month [(3, 3), (4, 3), (5, 6), (6, 6), (7, 3), (8, 1), (9, 3), (10, 5), (11, 8), (12, 9)]',
    );
    expect(out).toContain('per ISO weekday [(1, 1), (2, 5), (3, 8), (4, 8), (5, 19), (6, 4), (7, 2)]');
    expect(out).toContain('vote_count >= 2000: 34');
    expect(out).toMatch(/get_actor Tom Hanks \(7, 54\.127858876610\d*, 7\.73255126808\d*/);
    expect(out).toMatch(
      /get_actor Sylvester Stallone \(2, 122\.194220742857\d*, 61\.0971103714\d*, \['Creed', 'Rocky'\]\)/,
    );
    expect(out).toContain(
      "get_actor Clint Eastwood (1, 20.916666666666668, 20.916666666666668, ['The Good, the Bad and the Ugly'])",
    );
    expect(out).toContain('franquicia James Bond Collection 5 2244268042.0 448853608.4');
    expect(out).toContain("get_max_duration (2018, 'netflix', 'min') ('ns2', 'Sanju', 161)");
    expect(out).toContain("get_max_duration (1995, 'disney', 'min') ('ds2', 'Toy Story', 81)");
    expect(out).toContain("get_actor_platform ('netflix', 2019) ('Aaron Paul', 2)");
    expect(out).toContain('get_count_platform netflix 12');
    expect(out).toContain('get_score_count netflix 4.0 2018 1');
  });
});
