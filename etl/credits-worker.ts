/**
 * Worker thread: parses credits.csv (CSV + Python literals) and posts batches
 * to the main thread, waiting when MAX_IN_FLIGHT batches are unread so memory
 * stays bounded. See etl/credits.ts for the protocol.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MAX_IN_FLIGHT, parseCreditsFile, type WorkerMessage } from './credits.js';
import { EtlError } from './errors.js';
import type { SourceFile } from './sources.js';

const port = parentPort;
if (!port) throw new Error('credits-worker must run in a worker thread');

let inFlight = 0;
let resume: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  resume?.();
});

const post = (message: WorkerMessage) => port.postMessage(message);

const start = performance.now();
let waited = 0;
try {
  for await (const batch of parseCreditsFile((workerData as { file: SourceFile }).file)) {
    const pause = performance.now();
    while (inFlight >= MAX_IN_FLIGHT) {
      await new Promise<void>((resolve) => {
        resume = resolve;
      });
      resume = undefined;
    }
    waited += performance.now() - pause;
    inFlight++;
    post({ type: 'batch', batch });
  }
  post({ type: 'done', parseMs: performance.now() - start - waited });
} catch (error) {
  const e = error instanceof EtlError ? error : new EtlError('Error al leer credits', String(error));
  post({ type: 'error', es: e.es, en: e.en, file: e.file, row: e.row });
}
port.close();
