/**
 * Running the derived steps of etl/derived.ts: in the build thread (timed one after
 * the other), or one per worker thread into side files that are then copied into the
 * catalog. See etl/derived.ts for which step runs where, and etl/README.md for why.
 */
import { Worker } from 'node:worker_threads';
import type { Db } from '../src/catalog/catalog.js';
import type { DerivedContext, DerivedStep } from './derived.js';
import { asEtlError, EtlError } from './errors.js';
import { type EtlReport, timeStage } from './report.js';

export type DerivedMessage =
  | { type: 'step'; name: string; rows: number; ms: number; cpuMs?: number }
  | { type: 'done' }
  | { type: 'error'; es: string; en: string; file?: string; row?: number };

/** Runs `steps` one after the other in this thread, writing to `into`; each is a timed stage. */
export async function runStepsHere(
  db: Db,
  steps: readonly DerivedStep[],
  report: EtlReport,
  context: DerivedContext,
  into: Db = db,
): Promise<void> {
  for (const step of steps) {
    context.progress.note(`Paso derivado ${step.name}… (derived step)`);
    await timeStage(
      report,
      `derived:${step.name}`,
      () => step.run(db, report, context, into),
      (rows) => rows ?? 0,
    );
  }
}

/** The tables `steps` write into their side file. */
export function sideTablesOf(steps: readonly DerivedStep[]): string[] {
  return [...new Set(steps.flatMap((step) => step.sideTables ?? []))];
}

/** A step's time and rows, as measured where it ran. */
export interface StepFigures {
  name: string;
  rows: number;
  ms: number;
  cpuMs?: number;
}

export interface DerivedJob {
  steps: readonly DerivedStep[];
  /** The side file the worker writes (`<temp>-derived`, cleaned up with the temp file by etl/files.ts). */
  side: string;
  /** Settles when the side file is complete: each step's figures, in order. */
  result: Promise<StepFigures[]>;
  /** Ends the worker at once (a signal, another failure); the caller deletes the side file. */
  cancel(): Promise<void>;
}

/**
 * Starts one worker thread running `steps` one after the other, reading the catalog file
 * `catalog` (committed, with no connection holding an exclusive lock) into `side`, an empty
 * file made beforehand (etl/files.ts createSideFiles).
 */
export function startStepsWorker(steps: readonly DerivedStep[], catalog: string, side: string): DerivedJob {
  const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: {
      entry: new URL('./derived-thread.ts', import.meta.url).href,
      steps: steps.map((step) => step.name),
      catalog,
      side,
      busyMs: BUSY_TIMEOUT_MS,
    },
  });
  const figures: StepFigures[] = [];
  const result = new Promise<StepFigures[]>((resolve, reject) => {
    worker.on('message', (message: DerivedMessage) => {
      if (message.type === 'step')
        figures.push({ name: message.name, rows: message.rows, ms: message.ms, cpuMs: message.cpuMs });
      else if (message.type === 'done') resolve(figures);
      else reject(new EtlError(message.es, message.en, message.file, message.row));
    });
    worker.on('error', (error) => reject(asEtlError(error)));
    worker.on('exit', (code) =>
      reject(
        new EtlError(
          `El hilo de los pasos derivados terminó sin acabar (código ${code})`,
          `the derived steps' worker ended early (code ${code})`,
        ),
      ),
    );
  });
  result.catch(() => {}); // awaited later by the caller; not an unhandled rejection meanwhile
  return { steps, side, result, cancel: async () => void (await worker.terminate()) };
}

/** Longer than any one statement of the catalog's other connection (they only wait on each other's writes). */
export const BUSY_TIMEOUT_MS = 120_000;

/**
 * Copies a finished side file's tables into the catalog: SQLite's bulk transfer when the
 * catalog's table is empty (records and index entries copied as they are), plain inserts
 * otherwise; and the `meta` rows the step wrote (a configuration stamp). Runs outside any
 * transaction (ATTACH needs that).
 */
export function mergeSideFile(db: Db, side: string, tables: readonly string[]): void {
  db.prepare('ATTACH DATABASE ? AS side').run(side);
  try {
    db.transaction(() => {
      for (const table of tables) db.exec(`INSERT INTO main."${table}" SELECT * FROM side."${table}"`);
      db.exec('INSERT OR REPLACE INTO main.meta SELECT * FROM side.meta');
    })();
  } finally {
    db.exec('DETACH DATABASE side');
  }
}
