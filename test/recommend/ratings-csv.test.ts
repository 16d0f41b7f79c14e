/**
 * The byte-level ratings reader (etl/ratings-csv.ts) against a reference built
 * from csv-parse and the generic rules (positiveId for ids, a finite Number for the
 * rating): the same valid rows, in order, and the same rejection counts, on random
 * lines and across chunk boundaries.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { positiveId } from '../../etl/clean.js';
import { readRatings } from '../../etl/ratings-csv.js';
import type { FileReport } from '../../etl/report.js';
import type { SourceFile } from '../../etl/sources.js';

const dir = mkdtempSync(join(tmpdir(), 'filmoteca-ratings-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function source(name: string, content: string | Buffer): SourceFile {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { name: 'ratings', label: path, path, gzip: name.endsWith('.gz'), dir, bytes: 0, depth: 0 };
}

const newReport = (): FileReport => ({
  file: '',
  rowsRead: 0,
  kept: 0,
  rejected: {},
  skippedNotInCatalog: 0,
  warnings: {},
});

async function fast(file: SourceFile) {
  const rep = newReport();
  const rows: [number, number, number][] = [];
  await readRatings(file, rep, (u, m, r) => rows.push([u, m, r]));
  return { rows, read: rep.rowsRead, rejected: rep.rejected };
}

/** The reference: csv-parse records, then the generic text rules. */
function reference(text: string) {
  const records = parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim());
  const [u, m, r] = ['userId', 'movieId', 'rating'].map((name) => header.indexOf(name)) as [number, number, number];
  const rows: [number, number, number][] = [];
  const rejected: Record<string, number> = {};
  for (const record of records.slice(1)) {
    const user = positiveId(record[u] ?? '');
    const movie = positiveId(record[m] ?? '');
    const ratingText = (record[r] ?? '').trim();
    const rating = Number(ratingText);
    if (user === null || movie === null) rejected.invalid_id = (rejected.invalid_id ?? 0) + 1;
    else if (ratingText === '' || !Number.isFinite(rating)) rejected.invalid_score = (rejected.invalid_score ?? 0) + 1;
    else rows.push([user, movie, rating]);
  }
  return { rows, read: records.length - 1, rejected };
}

const cell = fc.oneof(
  fc.integer({ min: 0, max: 200_000 }).map(String),
  fc.constantFrom('4.0', '3.5', '0.5', '5', '4.', '.5', '007', ' 12 ', '1e3', '-4', '', 'NaN', 'x', '😀', '4,5'),
  fc.constantFrom('"12"', '"3.5"', '"a ""b"""', "'; DROP TABLE movies; --"),
  fc.double({ min: 0, max: 5, noNaN: true }).map((x) => x.toString()),
);

describe('readRatings', () => {
  it('reads what csv-parse and the generic rules read (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('userId,movieId,rating,timestamp', 'movieId,rating,userId', '\uFEFFuserId,movieId,rating'),
        fc.array(fc.array(cell, { minLength: 0, maxLength: 5 }), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        async (header, lines, eol) => {
          const text = `${header}${eol}${lines.map((l) => l.join(',')).join(eol)}${lines.length ? eol : ''}`;
          const got = await fast(source(`p${run++}.csv`, text));
          expect(got).toEqual(reference(text));
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it('reads rows split across chunks and gzip members (100k rows)', async () => {
    const lines = ['userId,movieId,rating,timestamp'];
    for (let i = 0; i < 100_000; i++) lines.push(`${1 + (i >> 7)},${(i * 7919) % 100_000},${((i % 10) + 1) / 2},${i}`);
    const text = `${lines.join('\r\n')}\r\n`;
    const want = reference(text);
    expect(await fast(source('big.csv', text))).toEqual(want);
    expect(await fast(source('big.csv.gz', gzipSync(text)))).toEqual(want);
  });

  it('says plainly what is wrong with a file it cannot use', async () => {
    await expect(fast(source('empty.csv', ''))).rejects.toThrow(/El archivo está vacío/);
    await expect(fast(source('cols.csv', 'user,film\n1,2\n'))).rejects.toThrow(
      /Faltan columnas: userId, movieId, rating/,
    );
    await expect(fast(source('bin.csv', Buffer.from([0, 1, 2, 3, 0, 0])))).rejects.toThrow(/No es un archivo CSV/);
    await expect(
      fast(source('cut.csv.gz', gzipSync('userId,movieId,rating\n1,2,3\n').subarray(0, 15))),
    ).rejects.toThrow(/gzip/);
  });
});
