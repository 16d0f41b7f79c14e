/**
 * Signals and killed builds, on real `filmoteca etl` processes:
 * - SIGINT / SIGTERM at several stages (loading, credits worker and indexes, derived
 *   steps in the build thread and in the derived worker): the build stops in that stage (the next stage never starts), the
 *   shell sees 130 / 143, the temp files are gone, and the previous catalog and its
 *   report are byte for byte the same;
 * - `kill -9` leaves the temp files (nothing can run), and the next build deletes
 *   them, while a temp file whose process is alive stays.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { runEtl } from '../../etl/index.js';
import { FIXTURE_DIR } from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const quote = (field: string) => (/[",\n\r]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.includes('.tmp-'));

/** The fixture with movies_metadata and credits blown up to `copies` movies, so each stage takes a while. */
function bigFixture(dir: string, copies: number): void {
  cpSync(join(FIXTURE_DIR, 'streaming'), join(dir, 'streaming'), { recursive: true });
  mkdirSync(join(dir, 'tmdb'), { recursive: true });
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

/** Resolves when `stream` has printed a line matching `pattern` (the whole output so far otherwise, at close). */
function waitFor(child: ChildProcess, output: { text: string }, pattern: RegExp): Promise<boolean> {
  return new Promise((done) => {
    const check = () => {
      if (pattern.test(output.text)) {
        child.stdout?.off('data', check);
        done(true);
      }
    };
    child.stdout?.on('data', check);
    child.on('close', () => done(pattern.test(output.text)));
    check();
  });
}

interface Interrupted {
  exit: number;
  stdout: string;
  stderr: string;
  /** Milliseconds from the signal to the end of the process. */
  ms: number;
}

/**
 * `filmoteca etl` started from a shell, as a user would (`… & kill -INT $!`): the shell prints the
 * ETL's pid, then its exit status as the shell sees it. The signal goes to the ETL process only.
 */
async function interruptAt(
  data: string,
  out: string,
  stage: RegExp | 'building',
  signal: NodeJS.Signals,
): Promise<Interrupted> {
  const script = `node bin/filmoteca.js etl --data '${data}' --out '${out}' & echo "pid=$!"; wait $!; echo "exit=$?"`;
  const shell = spawn('sh', ['-c', script], { cwd: ROOT });
  const output = { text: '' };
  let stderr = '';
  shell.stdout.on('data', (chunk: Buffer) => {
    output.text += chunk.toString();
  });
  shell.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const closed = new Promise<void>((r) => shell.on('close', () => r()));
  await waitFor(shell, output, /pid=\d+/);
  const pid = Number(/pid=(\d+)/.exec(output.text)?.[1]);
  if (stage === 'building') {
    // The temp catalog exists: the worker is loading the first file.
    const temp = `${out}.tmp-${pid}`;
    while (!existsSync(temp) && shell.exitCode === null) await new Promise((r) => setTimeout(r, 10));
  } else expect(await waitFor(shell, output, stage)).toBe(true);
  const sent = performance.now();
  process.kill(pid, signal);
  await waitFor(shell, output, /exit=\d+/);
  const ms = Math.round(performance.now() - sent);
  await closed;
  return { exit: Number(/exit=(\d+)/.exec(output.text)?.[1]), stdout: output.text, stderr, ms };
}

describe('etl CLI and signals', () => {
  let work: string;
  let data: string;
  let out: string;
  let catalogHash: string;
  let report: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'filmoteca-signal-'));
    out = join(work, 'catalog.db');
    await runEtl({ dataDir: FIXTURE_DIR, out, quiet: true });
    catalogHash = sha(out);
    report = readFileSync(join(work, 'etl-report.json'), 'utf8');
    data = join(work, 'data');
    // 30,000 movies: each stage below lasts about a second or more here, the signal a fraction of that.
    bigFixture(data, 30_000);
  });

  // Each stage as the plain progress log announces it, and the line that would follow it.
  const stages: [string, RegExp | 'building', RegExp, NodeJS.Signals][] = [
    ['loading movies_metadata', 'building', /movies_metadata: /, 'SIGINT'],
    ['indexes, credits worker still parsing', /Creando índices/, /credits: /, 'SIGTERM'],
    // With threads (the credits load in their worker here): the steps needing only the files run
    // while the credits load, then the derived worker beside this thread's steps and checks.
    ['derived step beside the credits worker', /Paso derivado search_index…/, /Pasos derivados en otro hilo/, 'SIGINT'],
    ['derived worker starting', /Pasos derivados en otro hilo: recommendations/, /Copiando/, 'SIGTERM'],
    ['derived step beside the derived worker', /Paso derivado search_index:people/, /Copiando/, 'SIGINT'],
    ['derived worker (recommendations), checks beside it', /Comprobando integridad/, /Copiando/, 'SIGTERM'],
  ];

  it.each(stages)(
    '%s: stops there, exit 130/143, no temp file, old catalog and report',
    async (_name, at, next, signal) => {
      const stopped = await interruptAt(data, out, at, signal);
      console.info(`${_name}: ${signal} → exit ${stopped.exit} in ${stopped.ms} ms`);
      expect(stopped.exit).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(stopped.stdout).not.toMatch(next);
      expect(stopped.stderr).toMatch(new RegExp(`Interrumpido \\(${signal}\\): se borró .*catalog\\.db\\.tmp-\\d+`));
      expect(stopped.stderr).toMatch(new RegExp(`Interrupted \\(${signal}\\)`));
      expect(stopped.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(leftovers(work)).toEqual([]);
      expect(sha(out)).toBe(catalogHash);
      expect(readFileSync(join(work, 'etl-report.json'), 'utf8')).toBe(report);
    },
  );

  it('kill -9 leaves temp files; the next build removes them, but not those of a live process', async () => {
    const child = spawn(process.execPath, ['bin/filmoteca.js', 'etl', '--data', data, '--out', out], { cwd: ROOT });
    child.stdout.resume();
    child.stderr.resume();
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => {
      output.text += chunk.toString();
    });
    await waitFor(child, output, /movies_metadata: /); // both the catalog and the credits side file exist by now
    const killed = new Promise((r) => child.on('close', r));
    child.kill('SIGKILL');
    await killed;
    const left = leftovers(work);
    // The catalog and its side files (made before it, empty until their step: etl/files.ts).
    expect([...left].sort()).toEqual(
      ['', '-credits', '-derived', '-derived-worker'].map((suffix) => `catalog.db.tmp-${child.pid}${suffix}`),
    );

    // A build under way in another process (here: a sleeping one) keeps its temp file.
    const alive = spawn('sleep', ['60']);
    const theirs = `catalog.db.tmp-${alive.pid}`;
    writeFileSync(join(work, theirs), 'another build');
    try {
      const next = spawn(process.execPath, ['bin/filmoteca.js', 'etl', '--data', FIXTURE_DIR, '--out', out], {
        cwd: ROOT,
      });
      let stdout = '';
      next.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      next.stderr.resume();
      expect(await new Promise((r) => next.on('close', r))).toBe(0);
      expect(stdout).toContain(`Borré archivos temporales de una construcción interrumpida`);
      expect(stdout).toContain(left.join(', '));
      expect(leftovers(work)).toEqual([theirs]);
      expect(JSON.parse(readFileSync(join(work, 'etl-report.json'), 'utf8')).ok).toBe(true);
    } finally {
      alive.kill();
    }
    expect(existsSync(out)).toBe(true);
  });

  it('a failing build exits non-zero with the bilingual message', async () => {
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
