/**
 * Body of the build worker of etl/interruptible.ts: runs `buildTemp` (everything
 * before the rename) and sends the progress calls, then the report or the failure.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { asEtlError } from './errors.js';
import { buildTemp, type EtlOptions } from './index.js';
import type { BuildMessage, ProgressCall } from './interruptible.js';
import type { Progress } from './progress.js';
import { newReport } from './report.js';

const { options, temp } = workerData as { options: EtlOptions; temp: string };
const post = (message: BuildMessage) => parentPort?.postMessage(message);

/** Bytes read are summed and sent at most every 100 ms: the bar needs no more, and messages are not free. */
function relayProgress(): Progress {
  let pending = 0;
  let sent = 0;
  const send = (call: ProgressCall) => post({ type: 'progress', call });
  const flush = () => {
    if (pending > 0) send(['add', pending]);
    pending = 0;
    sent = performance.now();
  };
  return {
    start(label, totalBytes) {
      flush();
      send(['start', label, totalBytes]);
    },
    add(bytes) {
      pending += bytes;
      if (performance.now() - sent >= 100) flush();
    },
    done(line) {
      flush();
      send(['done', line]);
    },
    note(line) {
      flush();
      send(['note', line]);
    },
    stop() {},
  };
}

const report = newReport(options.out);
try {
  await buildTemp(options, temp, report, relayProgress());
  post({ type: 'built', report });
} catch (error) {
  const failure = asEtlError(error);
  post({ type: 'failed', report, es: failure.es, en: failure.en, file: failure.file, row: failure.row });
}
