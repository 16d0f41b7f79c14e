/**
 * The synthetic full-scale generator, on a small scale: deterministic bytes, the
 * real files' headers and row counts (scaled), the real quirks, and nested fields
 * that Python's own `ast.literal_eval` accepts (an independent check of the format).
 * Row counts are read with csv-parse, not with the generator or the ETL parser.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRawSet } from '../../bench/generate.js';

const SCALE = 0.01;
// Real row counts and headers, from /work/shared/data/SOURCES.md.
const REAL = { movies: 45_466, credits: 45_476, keywords: 46_419, links: 45_843 };
const REAL_STREAMING = { netflix: 8_807, amazon: 9_668, disney: 1_450, hulu: 3_073 };
const MOVIES_HEADER =
  'adult,belongs_to_collection,budget,genres,homepage,id,imdb_id,original_language,original_title,overview,popularity,poster_path,production_companies,production_countries,release_date,revenue,runtime,spoken_languages,status,tagline,title,video,vote_average,vote_count';
const STREAMING_HEADER =
  'show_id,type,title,director,cast,country,date_added,release_year,rating,duration,listed_in,description';
const STREAMING_FILES = {
  netflix: 'netflix_titles.csv',
  amazon: 'amazon_prime_titles.csv',
  disney: 'disney_plus_titles.csv',
  hulu: 'hulu_titles.csv',
};

const scaled = (n: number) => Math.round(n * SCALE);
let dirA = '';
let dirB = '';
let dirOther = '';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

function sha(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function rows(dir: string, file: string): string[][] {
  return parse(readFileSync(join(dir, file)), { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

beforeAll(async () => {
  dirA = mkdtempSync(join(tmpdir(), 'gen-a-'));
  dirB = mkdtempSync(join(tmpdir(), 'gen-b-'));
  dirOther = mkdtempSync(join(tmpdir(), 'gen-c-'));
  await generateRawSet({ out: dirA, seed: 7, scale: SCALE, streaming: true });
  await generateRawSet({ out: dirB, seed: 7, scale: SCALE, streaming: true });
  await generateRawSet({ out: dirOther, seed: 8, scale: SCALE, streaming: true });
});

afterAll(() => {
  for (const dir of [dirA, dirB, dirOther]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bench/generate.ts (small scale)', () => {
  it('writes the same bytes for the same seed, and different bytes for another seed', () => {
    const listed = files(dirA);
    expect(listed).toEqual(files(dirB));
    expect(listed.filter((f) => f.endsWith('.csv'))).toHaveLength(9);
    for (const file of listed) expect(sha(join(dirB, file)), file).toBe(sha(join(dirA, file)));
    expect(sha(join(dirOther, 'tmdb/credits.csv'))).not.toBe(sha(join(dirA, 'tmdb/credits.csv')));
  });

  it('has the real headers and the real row counts, scaled', () => {
    const movies = rows(dirA, 'tmdb/movies_metadata.csv');
    expect(movies[0]?.join(',')).toBe(MOVIES_HEADER);
    expect(movies.length - 1).toBe(scaled(REAL.movies));
    const credits = rows(dirA, 'tmdb/credits.csv');
    expect(credits[0]).toEqual(['cast', 'crew', 'id']);
    expect(credits.length - 1).toBe(scaled(REAL.credits));
    const keywords = rows(dirA, 'tmdb/keywords.csv');
    expect(keywords[0]).toEqual(['id', 'keywords']);
    expect(keywords.length - 1).toBe(scaled(REAL.keywords));
    const links = rows(dirA, 'tmdb/links.csv');
    expect(links[0]).toEqual(['movieId', 'imdbId', 'tmdbId']);
    expect(links.length - 1).toBe(scaled(REAL.links));
    for (const [platform, file] of Object.entries(STREAMING_FILES)) {
      const list = rows(dirA, `streaming/${file}`);
      expect(list[0]?.join(','), file).toBe(STREAMING_HEADER);
      expect(list.length - 1, file).toBe(scaled(REAL_STREAMING[platform as keyof typeof REAL_STREAMING]));
      expect(new Set(list.slice(1).map((r) => r.length))).toEqual(new Set([12]));
    }
  });

  it('has the quirks of the real files', () => {
    const movies = rows(dirA, 'tmdb/movies_metadata.csv').slice(1);
    const widths = movies.map((r) => r.length);
    // The 3 broken records: a 10-field head and a 15-field tail whose `id` position holds a date.
    expect(widths.filter((w) => w === 10)).toHaveLength(3);
    const tails = movies.filter((r) => r.length === 15);
    expect(tails).toHaveLength(3);
    for (const tail of tails) expect(tail[5]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(widths.filter((w) => w !== 10 && w !== 15).every((w) => w === 24)).toBe(true);
    const full = movies.filter((r) => r.length === 24);
    const ids = full.map((r) => r[5]);
    expect(new Set(ids).size).toBeLessThan(ids.length); // exact duplicate rows
    expect(full.some((r) => r[9]?.includes('\n'))).toBe(true); // multi-line overview
    expect(full.some((r) => r[12]?.includes('None') || r[1]?.includes('None'))).toBe(true);

    const creditsText = readFileSync(join(dirA, 'tmdb/credits.csv'), 'utf8');
    expect(creditsText.endsWith('\n')).toBe(false); // like the real credits.csv
    const casts = rows(dirA, 'tmdb/credits.csv').map((r) => r[0] ?? '');
    expect(casts.some((c) => /'name': "[^"']*'[^"]*"/.test(c))).toBe(true); // a double-quoted name with an apostrophe
    expect(creditsText).toContain("'profile_path': None");

    const linksText = readFileSync(join(dirA, 'tmdb/links.csv'), 'utf8');
    const linkLines = linksText.split('\r\n');
    expect(linkLines.at(-1)).toBe(''); // CRLF throughout, final line break
    expect(linkLines.slice(1, -1).every((l) => /^\d+,\d{7},\d*$/.test(l))).toBe(true);
    expect(linkLines.some((l) => l.endsWith(','))).toBe(true); // an empty tmdbId

    const hulu = rows(dirA, 'streaming/hulu_titles.csv').slice(1);
    expect(hulu.some((r) => r[9] === '' && /^\d+ (min|Seasons?)$/.test(r[8] ?? ''))).toBe(true);
  });

  it('writes MovieLens-style ratings over the links file, sorted by user then movie', () => {
    const text = readFileSync(join(dirA, 'tmdb/ratings_small.csv'), 'utf8');
    expect(text.endsWith('\r\n')).toBe(true); // CRLF like the real ratings_small.csv
    const ratings = rows(dirA, 'tmdb/ratings_small.csv');
    expect(ratings[0]).toEqual(['userId', 'movieId', 'rating', 'timestamp']);
    // 100,004 ratings of 671 users at scale 1; at least 20 users (each with ≥ 20) at small scales.
    expect(ratings.length - 1).toBe(Math.max(20 * 20, scaled(100_004)));
    const lensIds = new Set(
      rows(dirA, 'tmdb/links.csv')
        .slice(1)
        .map((r) => r[0]),
    );
    const body = ratings.slice(1).map(([user, movie, rating]) => [Number(user), Number(movie), Number(rating)]);
    expect(body.every(([, movie]) => lensIds.has(String(movie)))).toBe(true);
    expect(
      body.every(([, , r]) => Number.isInteger((r as number) * 2) && (r as number) >= 0.5 && (r as number) <= 5),
    ).toBe(true);
    for (let i = 1; i < body.length; i++) {
      const [u0, m0] = body[i - 1] as number[];
      const [u1, m1] = body[i] as number[];
      expect((u1 as number) > (u0 as number) || (u1 === u0 && (m1 as number) > (m0 as number))).toBe(true);
    }
    const perUser = new Map<number, number>();
    for (const [user] of body) perUser.set(user as number, (perUser.get(user as number) ?? 0) + 1);
    expect(Math.min(...perUser.values())).toBeGreaterThanOrEqual(20);
    const liked = body.filter(([, , r]) => (r as number) >= 4).length / body.length;
    expect(liked).toBeGreaterThan(0.35); // about half are likes, as in the real file (52 %)
    expect(liked).toBeLessThan(0.65);
  });

  it('makes some people far more frequent than others (power law)', () => {
    const text = readFileSync(join(dirA, 'tmdb/credits.csv'), 'utf8');
    const names = new Map<string, number>();
    for (const match of text.matchAll(/'id': (\d+), 'name': /g)) {
      const id = match[1] ?? '';
      names.set(id, (names.get(id) ?? 0) + 1);
    }
    const perPerson = [...names.values()].sort((a, b) => b - a);
    const mean = perPerson.reduce((a, b) => a + b, 0) / perPerson.length;
    expect(perPerson[0]).toBeGreaterThan(10 * mean);
    // ~4 KB of literal per credits row on average, like the real 190 MB file.
    const averageBytes = Buffer.byteLength(text) / scaled(REAL.credits);
    expect(averageBytes).toBeGreaterThan(3000);
    expect(averageBytes).toBeLessThan(5500);
  });
});

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;

describe.skipIf(!hasPython)(
  'nested fields parse with Python ast.literal_eval (needs python3; skipped when absent)',
  () => {
    it('every nested field of movies, credits and keywords parses, with the real key sets', () => {
      const script = `
import ast, csv, json, sys
csv.field_size_limit(1 << 30)
root = sys.argv[1]
CAST = {'cast_id', 'character', 'credit_id', 'gender', 'id', 'name', 'order', 'profile_path'}
CREW = {'credit_id', 'department', 'gender', 'id', 'job', 'name', 'profile_path'}
out = {'parsed': 0, 'failed': [], 'bad_keys': 0, 'directors': 0}
def lit(text):
    try:
        out['parsed'] += 1
        return ast.literal_eval(text)
    except Exception as e:
        out['failed'].append(text[:80])
        return None
with open(root + '/tmdb/movies_metadata.csv', newline='', encoding='utf-8') as f:
    for row in list(csv.reader(f))[1:]:
        if len(row) != 24: continue
        for i in (1, 3, 12, 13, 17):
            if row[i]: lit(row[i])
with open(root + '/tmdb/credits.csv', newline='', encoding='utf-8') as f:
    for cast, crew, _ in list(csv.reader(f))[1:]:
        for p in lit(cast) or []:
            out['bad_keys'] += set(p) != CAST
        for p in lit(crew) or []:
            out['bad_keys'] += set(p) != CREW
            out['directors'] += p['job'] == 'Director'
with open(root + '/tmdb/keywords.csv', newline='', encoding='utf-8') as f:
    for _, kw in list(csv.reader(f))[1:]:
        lit(kw)
print(json.dumps(out))
`;
      const scriptPath = join(dirOther, 'check.py');
      writeFileSync(scriptPath, script);
      const result = spawnSync('python3', [scriptPath, dirA], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const out = JSON.parse(result.stdout) as {
        parsed: number;
        failed: string[];
        bad_keys: number;
        directors: number;
      };
      expect(out.failed).toEqual([]);
      expect(out.bad_keys).toBe(0);
      // 5 nested fields per movie row at most, 2 per credits row, 1 per keywords row: thousands in all.
      expect(out.parsed).toBeGreaterThan(2 * scaled(REAL.credits));
      expect(out.directors).toBeGreaterThan(scaled(REAL.movies) * 0.9);
    });
  },
);
