/**
 * Running the derived steps of etl/derived.ts: in the build thread (timed one after
 * the other), or one per worker thread into side files that are then copied into the
 * catalog. See etl/derived.ts for which step runs where, and etl/README.md for why.
 */
import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db } from '../src/catalog/catalog.js';
import type { DerivedContext, DerivedStep } from './derived.js';
import { asEtlError, EtlError } from './errors.js';
import { type EtlReport, timeStage } from './report.js';

export type DerivedMessage =
  | { type: 'done'; rows: number; ms: number }
  | { type: 'error'; es: string; en: string; file?: string; row?: number };

/** Runs `steps` one after the other in this thread, writing to `db`; each is a timed stage. */
export async function runStepsHere(
  db: Db,
  steps: readonly DerivedStep[],
  report: EtlReport,
  context: DerivedContext,
): Promise<void> {
  for (const step of steps) {
    context.progress.note(`Paso derivado ${step.name}… (derived step)`);
    await timeStage(
      report,
      `derived:${step.name}`,
      () => step.run(db, report, context, db),
      (rows) => rows ?? 0,
    );
  }
}

/** The side file of a step run in a worker: `<temp>-<step name>`, which etl/files.ts cleans up with the temp file. */
export function sidePathFor(temp: string, step: DerivedStep): string {
  return `${temp}-${step.name.replace(/[^A-Za-z0-9_]+/g, '_')}`;
}

export interface DerivedJob {
  step: DerivedStep;
  side: string;
  /** Settles when the side file is complete: the rows written and the worker's own time. */
  result: Promise<{ rows: number; ms: number }>;
  cancel(): Promise<void>;
}

/**
 * Starts `step` in a worker thread reading the catalog file `catalog` (which must be
 * committed, with no connection holding an exclusive lock) into its side file.
 */
export function startStepWorker(step: DerivedStep, catalog: string, temp: string): DerivedJob {
  const side = sidePathFor(temp, step);
  rmSync(side, { force: true });
  const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./derived-thread.ts', import.meta.url).href, step: step.name, catalog, side },
  });
  const result = new Promise<{ rows: number; ms: number }>((resolve, reject) => {
    worker.on('message', (message: DerivedMessage) => {
      if (message.type === 'done') resolve({ rows: message.rows, ms: message.ms });
      else reject(new EtlError(message.es, message.en, message.file, message.row));
    });
    worker.on('error', (error) => reject(asEtlError(error)));
    worker.on('exit', (code) =>
      reject(
        new EtlError(
          `El hilo del paso derivado ${step.name} terminó sin acabar (código ${code})`,
          `the worker of derived step ${step.name} ended early (code ${code})`,
        ),
      ),
    );
  });
  result.catch(() => {}); // awaited later by the caller; not an unhandled rejection meanwhile
  return { step, side, result, cancel: async () => void (await worker.terminate()) };
}

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
