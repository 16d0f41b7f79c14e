/** What every benchmark shares: its options, its catalog and its percentiles. */
import { resolve } from 'node:path';

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
