/** What every benchmark shares: its options, its catalog and its percentiles. */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { type Catalog, openCatalog } from '../src/catalog/catalog.js';

/** The project's folder (benchmarks' child processes run from it). */
export const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** `--name=N` (the `=` form: bench/index.ts takes every bare word for a benchmark name). */
export function option(args: string[], name: string, fallback: number): number {
  const given = args.find((a) => a.startsWith(`--${name}=`));
  const value = given ? Number(given.slice(name.length + 3)) : Number.NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `--db=<file>`: an already built catalog; else the full-scale synthetic one (built when missing or stale). */
export async function catalogPath(args: string[] = []): Promise<{ path: string; label: string }> {
  const given = args.find((a) => a.startsWith('--db='));
  if (given) return { path: resolve(given.slice(5)), label: given.slice(5) };
  const { ensureFullScaleCatalog } = await import('./fullscale.js');
  return { path: await ensureFullScaleCatalog(), label: 'sintético a escala completa (bench/fullscale.ts)' };
}

/** Nearest-rank p50, p99 and the maximum of a list of times. */
export function percentiles(times: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

/** The benchmark's catalog, opened, with a header line saying what it is and how busy the machine is. */
export async function openBenchCatalog(args: string[]): Promise<{ catalog: Catalog; path: string }> {
  const { path, label } = await catalogPath(args);
  const catalog = openCatalog(path);
  const info = catalog.info();
  console.log(`Catálogo ${label}: ${info.movies} películas, ${info.titles} títulos de streaming`);
  console.log(
    `Carga de la máquina (load average 1 min): ${loadavg()[0]?.toFixed(2)} en ${availableParallelism()} núcleos\n`,
  );
  return { catalog, path };
}

/** What the benchmarks ask of autocannon and read back. */
export interface AutocannonRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: { body?: string }) => { body?: string };
}
export type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  requests: AutocannonRequest[];
}) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  non2xx: number;
}>;

export async function loadAutocannon(): Promise<Autocannon> {
  // autocannon ships no types (and @types/autocannon is not installed): the little we use, typed above.
  return ((await import('autocannon' as string)) as { default: Autocannon }).default;
}

/**
 * Starts a server in a child process (`node <args>` from the project's folder) and resolves with
 * the URL it prints on `stream` (the first capture of `listening`); rejects with its output if it
 * exits first.
 */
export async function spawnServer(
  args: string[],
  { env = process.env, stream, listening }: { env?: NodeJS.ProcessEnv; stream: 'stdout' | 'stderr'; listening: RegExp },
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env,
    stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'inherit'],
  });
  const url = await new Promise<string>((resolveUrl, reject) => {
    let output = '';
    child[stream]?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = listening.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`el servidor terminó (código ${code}):\n${output}`)));
  });
  return { child, url };
}
