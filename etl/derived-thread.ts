/**
 * Body of the derived steps' worker (started by etl/derived-run.ts through ts-worker.mjs):
 * opens the catalog read-only and a new side file with the catalog's schema, runs the
 * steps of those names (etl/derived.ts) one after the other from one into the other, and
 * reports each one's rows and time, then the end, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { schemaSql } from '../src/catalog/catalog.js';
import { openForBuild } from './build-db.js';
import { derivedSteps } from './derived.js';
import type { DerivedMessage } from './derived-run.js';
import { asEtlError, EtlError } from './errors.js';
import type { Progress } from './progress.js';
import { newReport, threadCpuMs } from './report.js';

const { steps, catalog, side, busyMs } = workerData as {
  steps: string[];
  catalog: string;
  side: string;
  busyMs: number;
};
const SILENT: Progress = { start() {}, add() {}, done() {}, note() {}, stop() {} };
const post = (message: DerivedMessage) => parentPort?.postMessage(message);

try {
  const db = new Database(catalog, { readonly: true, fileMustExist: true, timeout: busyMs });
  // A small page cache: each step reads its tables about once (the build thread has the catalog's).
  db.pragma('cache_size = -8192');
  const into = openForBuild(side, 8, true); // made before the catalog (etl/files.ts createSideFiles)
  try {
    into.exec(schemaSql());
    for (const name of steps) {
      const step = derivedSteps.find((s) => s.name === name);
      if (!step) throw new EtlError(`Paso derivado desconocido: ${name}`, `unknown derived step: ${name}`);
      const started = performance.now();
      const cpu = threadCpuMs();
      const rows = await step.run(db, newReport(catalog), { progress: SILENT, ratings: null }, into);
      const cpuMs = cpu === undefined ? undefined : (threadCpuMs() as number) - cpu;
      post({ type: 'step', name, rows: rows ?? 0, ms: performance.now() - started, cpuMs });
    }
    post({ type: 'done' });
  } finally {
    into.close();
    db.close();
  }
} catch (error) {
  const failure = asEtlError(error);
  post({ type: 'error', es: failure.es, en: failure.en, file: failure.file, row: failure.row });
}
