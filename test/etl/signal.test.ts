/**
 * SIGINT in the middle of a build: the CLI deletes its temp file, prints why
 * in Spanish and English, exits 130, and the previous catalog is untouched.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const quote = (field: string) => (/[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

/** The fixture with movies_metadata and credits blown up to `copies` movies, so a build takes a while. */
function bigFixture(dir: string, copies: number): void {
  cpSync(join(FIXTURE_DIR, 'streaming'), join(dir, 'streaming'), { recursive: true });
  mkdirSync(join(dir, 'tmdb'));
  const metadata = parse(readFileSync(join(FIXTURE_DIR, 'tmdb/movies_metadata.csv')), {
    relax_column_count: true,
  }) as string[][];
  const credits = parse(readFileSync(join(FIXTURE_DIR, 'tmdb/credits.csv'))) as string[][];
  const movie = metadata[1] as string[];
  const credit = credits[1] as string[];
  const idAt = (metadata[0] as string[]).indexOf('id');
  const metaLines = [(metadata[0] as string[]).join(',')];
  const creditLines = [(credits[0] as string[]).join(',')];
  for (let id = 1; id <= copies; id++) {
    metaLines.push(movie.map((cell, i) => quote(i === idAt ? String(id) : cell)).join(','));
    creditLines.push([quote(credit[0] as string), quote(credit[1] as string), String(id)].join(','));
  }
  writeFileSync(join(dir, 'tmdb/movies_metadata.csv'), `${metaLines.join('\n')}\n`);
  writeFileSync(join(dir, 'tmdb/credits.csv'), `${creditLines.join('\n')}\n`);
}

describe('etl CLI and signals', () => {
  it('SIGINT mid-build removes the temp file and keeps the previous catalog', async () => {
    const work = mkdtempSync(join(tmpdir(), 'filmoteca-signal-'));
    const out = join(work, 'catalog.db');
    await runEtl({ dataDir: FIXTURE_DIR, out, quiet: true });
    const before = createHash('sha256').update(readFileSync(out)).digest('hex');
    const data = join(work, 'data');
    bigFixture(data, 40_000);

    const child = spawn(process.execPath, ['bin/filmoteca.js', 'etl', '--data', data, '--out', out], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.resume();
    // Interrupt as soon as the temp catalog exists: the build is then under way.
    const started = Date.now();
    while (!readdirSync(work).some((f) => f.startsWith('catalog.db.tmp-')) && Date.now() - started < 60_000)
      await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));

    expect(code).toBe(130);
    expect(stderr).toMatch(/Interrumpido \(SIGINT\)/);
    expect(stderr).toMatch(/Interrupted \(SIGINT\)/);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(before);
  });

  it('a failing build exits non-zero with the bilingual message', async () => {
    const work = mkdtempSync(join(tmpdir(), 'filmoteca-cli-'));
    const child = spawn(
      process.execPath,
      ['bin/filmoteca.js', 'etl', '--data', join(work, 'nothing'), '--out', join(work, 'x.db')],
      {
        cwd: ROOT,
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toMatch(/Error del ETL: No existe la carpeta/);
    expect(stderr).toMatch(/ETL error: folder .* does not exist/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
