// The start of the ETL's worker threads (etl/credits.ts, etl/interruptible.ts). Plain
// JavaScript because a worker does not inherit the main thread's TypeScript loader: it
// registers tsx itself (as bin/filmoteca.js does), then runs the module named in
// `workerData.entry` (a file URL), which reads the rest of `workerData`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
