/**
 * Body of the credits worker (started by etl/credits.ts through ts-worker.mjs):
 * builds the side file and reports bytes read, then the result or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildCreditsFile, type WorkerMessage } from './credits.js';
import { asEtlError } from './errors.js';
import type { SourceFile } from './sources.js';

const { file, path } = workerData as { file: SourceFile; path: string };
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  const result = await buildCreditsFile(file, path, (bytes) => post({ type: 'bytes', bytes }));
  post({ type: 'done', result });
} catch (error) {
  const failure = asEtlError(error, file.label);
  post({ type: 'error', es: failure.es, en: failure.en, file: failure.file, row: failure.row });
}
