/**
 * Body of a derived step's worker (started by etl/derived-run.ts through ts-worker.mjs):
 * opens the catalog read-only and a new side file with the catalog's schema, runs the
 * step of that name (etl/derived.ts) from one into the other, and reports its rows and
 * time, or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { schemaSql } from '../src/catalog/catalog.js';
import { openForBuild } from './build-db.js';
import { derivedSteps } from './derived.js';
import type { DerivedMessage } from './derived-run.js';
import { asEtlError, EtlError } from './errors.js';
import type { Progress } from './progress.js';
import { newReport } from './report.js';

const { step: name, catalog, side } = workerData as { step: string; catalog: string; side: string };
const SILENT: Progress = { start() {}, add() {}, done() {}, note() {}, stop() {} };
const post = (message: DerivedMessage) => parentPort?.postMessage(message);

try {
  const step = derivedSteps.find((s) => s.name === name);
  if (!step) throw new EtlError(`Paso derivado desconocido: ${name}`, `unknown derived step: ${name}`);
  const started = performance.now();
  const db = new Database(catalog, { readonly: true, fileMustExist: true });
  // A small page cache: each step reads its tables about once (the build thread's is the catalog's).
  db.pragma('cache_size = -8192');
  const into = openForBuild(side, 8);
  try {
    into.exec(schemaSql());
    const rows = await step.run(db, newReport(catalog), { progress: SILENT, ratings: null }, into);
    post({ type: 'done', rows: rows ?? 0, ms: Math.round(performance.now() - started) });
  } finally {
    into.close();
    db.close();
  }
} catch (error) {
  const failure = asEtlError(error);
  post({ type: 'error', es: failure.es, en: failure.en, file: failure.file, row: failure.row });
}
