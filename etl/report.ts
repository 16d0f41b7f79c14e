/**
 * The ETL report: per file, rows read / kept / rejected per reason, nested
 * fields that did not parse, skipped credits and keywords; per stage, time and
 * rows per second. Written as JSON beside the catalog and summarised on screen.
 */
import { readFileSync } from 'node:fs';
import { positiveId } from './clean.js';

export type RejectReason =
  | 'invalid_id'
  | 'duplicate_id'
  | 'missing_release_date'
  | 'invalid_release_date'
  | 'invalid_type'
  | 'invalid_score';

export interface WarningCount {
  count: number;
  /** The first few occurrences, to find them in the file. */
  examples: { row: number; problem: string }[];
}

export interface FileReport {
  file: string;
  rowsRead: number;
  kept: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Credits / keywords / scores whose id is not in the catalog. */
  skippedNotInCatalog: number;
  /** Per field: values that did not parse (kept as empty). */
  warnings: Record<string, WarningCount>;
}

export interface StageReport {
  name: string;
  ms: number;
  /** CPU time of the thread that ran it (Linux; absent elsewhere): on a busy machine, steadier than `ms`. */
  cpuMs?: number;
  rows: number;
  rowsPerSecond: number;
}

export interface EtlReport {
  out: string;
  builtAt: string;
  ok: boolean;
  error?: string;
  files: Record<string, FileReport>;
  stages: StageReport[];
  /** Row counts of the main tables of the built catalog. */
  tables: Record<string, number>;
  /** Streaming country names with no ISO code (stored with a NULL code): name → occurrences. */
  unmappedCountries: Record<string, number>;
  totalMs: number;
  peakRssMb: number;
  /** `--titulos-es`: what the TMDB fetch did (etl/tmdb-titulos.ts). */
  titulosEsTmdb?: { cached: number; fetched: number; notFound: number; failed: number; throttled: number };
}

const MAX_EXAMPLES = 5;

export function newReport(out: string): EtlReport {
  return {
    out,
    builtAt: new Date().toISOString(),
    ok: false,
    files: {},
    stages: [],
    tables: {},
    unmappedCountries: {},
    totalMs: 0,
    peakRssMb: 0,
  };
}

export function fileReport(report: EtlReport, key: string, file: string): FileReport {
  const entry: FileReport = { file, rowsRead: 0, kept: 0, rejected: {}, skippedNotInCatalog: 0, warnings: {} };
  report.files[key] = entry;
  return entry;
}

export function reject(file: Pick<FileReport, 'rejected'>, reason: RejectReason): void {
  file.rejected[reason] = (file.rejected[reason] ?? 0) + 1;
}

/**
 * Rule 8's id checks, shared by credits and keywords: the row's positive integer id
 * when first seen; else null, counted as `invalid_id` or `duplicate_id`.
 */
export function firstValidId(text: string, seen: Set<number>, file: Pick<FileReport, 'rejected'>): number | null {
  const id = positiveId(text);
  if (id === null) {
    reject(file, 'invalid_id');
    return null;
  }
  if (seen.has(id)) {
    reject(file, 'duplicate_id');
    return null;
  }
  seen.add(id);
  return id;
}

export function warn(file: FileReport, field: string, row: number, problem: string): void {
  const entry = file.warnings[field] ?? { count: 0, examples: [] };
  file.warnings[field] = entry;
  entry.count++;
  if (entry.examples.length < MAX_EXAMPLES) entry.examples.push({ row, problem: problem.slice(0, 160) });
}

/** Times a stage and records it; `rows` is read after the stage ends. */
export async function timeStage<T>(
  report: EtlReport,
  name: string,
  work: () => Promise<T> | T,
  rows: (result: T) => number,
): Promise<T> {
  const start = performance.now();
  const cpu = threadCpuMs();
  const result = await work();
  const ms = performance.now() - start;
  report.stages.push(
    stageReport(name, ms, rows(result), cpu === undefined ? undefined : (threadCpuMs() as number) - cpu),
  );
  return result;
}

export function stageReport(name: string, ms: number, rows: number, cpuMs?: number): StageReport {
  return {
    name,
    ms: Math.round(ms),
    ...(cpuMs === undefined || Number.isNaN(cpuMs) ? {} : { cpuMs: Math.round(cpuMs) }),
    rows,
    rowsPerSecond: ms > 0 ? Math.round((rows * 1000) / ms) : 0,
  };
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build Node supports). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms, 10 ms steps) of the calling thread, from /proc/thread-self/stat;
 * undefined where that does not exist. process.cpuUsage() counts every thread of the process,
 * which says nothing about one stage when the build runs three threads.
 */
export function threadCpuMs(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/thread-self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (in parentheses, which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const number = new Intl.NumberFormat('es');
const seconds = new Intl.NumberFormat('es', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/** The human summary printed after every run (Spanish, numbers for Spanish readers). */
export function formatSummary(report: EtlReport): string {
  const lines: string[] = [];
  lines.push(`Catálogo: ${report.out}`);
  lines.push('Archivos (filas leídas / guardadas / rechazadas):');
  for (const [key, f] of Object.entries(report.files)) {
    const rejected = Object.entries(f.rejected)
      .map(([reason, n]) => `${reason}=${number.format(n ?? 0)}`)
      .join(', ');
    const skipped = f.skippedNotInCatalog
      ? `, sin película/título en el catálogo=${number.format(f.skippedNotInCatalog)}`
      : '';
    const warnings = Object.entries(f.warnings)
      .map(([field, w]) => `${field}=${number.format(w.count)}`)
      .join(', ');
    lines.push(
      `  ${key}: ${number.format(f.rowsRead)} / ${number.format(f.kept)}` +
        (rejected ? ` / ${rejected}` : ' / 0') +
        skipped +
        (warnings ? `; avisos (no se pudieron leer): ${warnings}` : ''),
    );
  }
  const unmapped = Object.values(report.unmappedCountries).reduce((a, b) => a + b, 0);
  if (unmapped > 0)
    lines.push(
      `Países sin código ISO: ${number.format(unmapped)} (${Object.keys(report.unmappedCountries).slice(0, 8).join(', ')})`,
    );
  lines.push('Etapas (tiempo, filas, filas/s):');
  for (const s of report.stages)
    lines.push(
      `  ${s.name.padEnd(22)} ${seconds.format(s.ms / 1000).padStart(7)} s ${number.format(s.rows).padStart(10)} ${number.format(s.rowsPerSecond).padStart(10)}/s`,
    );
  lines.push(
    `Tablas: ${Object.entries(report.tables)
      .map(([t, n]) => `${t}=${number.format(n)}`)
      .join(', ')}`,
  );
  lines.push(`Total: ${seconds.format(report.totalMs / 1000)} s, memoria máxima ${number.format(report.peakRssMb)} MB`);
  return lines.join('\n');
}
