/**
 * The build of the CLI (`filmoteca etl`) and of `npm start`: `runEtl`'s work in a
 * worker thread, with this thread free to honour SIGINT, SIGTERM and SIGHUP at
 * once, at any stage. (Built in the main thread, a signal waits for the event loop,
 * which a long SQL statement or a derived step does not give back for seconds: the
 * signal used to be lost when the build ended first.)
 *
 * On a signal the temp files are deleted, two lines (Spanish, English) say so, and
 * the process ends by that same signal, so the shell reports 130 for SIGINT and 143
 * for SIGTERM; the previous catalog and its report are untouched. Ending by the
 * signal, rather than `process.exit(130)`, is what makes it immediate: Node's exit
 * waits for every worker thread, and a thread inside a native SQLite call (an index,
 * an integrity check) cannot be stopped before that call returns; the kernel ends
 * the whole process at once.
 *
 * Light on purpose: the heavy ETL modules load in the worker only.
 */
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EtlError } from './errors.js';
import {
  commitCatalog,
  noteStaleFiles,
  removeStaleTempFiles,
  removeTempFiles,
  reportPathFor,
  stampReport,
  tempPathFor,
  writeReport,
} from './files.js';
import type { EtlOptions } from './index.js';
import { createProgress, type Progress, progressMode } from './progress.js';
import { type EtlReport, formatSummary, newReport } from './report.js';

export type ProgressCall = ['start', string, number] | ['add', number] | ['done', string] | ['note', string];

export type BuildMessage =
  | { type: 'progress'; call: ProgressCall }
  | { type: 'built'; report: EtlReport }
  | { type: 'failed'; report: EtlReport; es: string; en: string; file?: string; row?: number };

/** The signals that stop a build, and the exit status a shell shows for each (128 + number). */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const STATUS: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export async function runEtlInterruptible(options: EtlOptions): Promise<EtlReport> {
  const started = performance.now();
  const out = resolve(options.out);
  const temp = tempPathFor(out);
  const progress = createProgress(progressMode(options.quiet, options.output), options.output);
  noteStaleFiles(removeStaleTempFiles(out), progress);

  const worker = new Worker(new URL('./ts-worker.mjs', import.meta.url), {
    workerData: { entry: new URL('./build-thread.ts', import.meta.url).href, options: { ...options, out }, temp },
    // The same peak memory as building in the main thread (measured: about 480 MB at full scale, against
    // 500 MB with the worker's default young generation, which a second thread can no longer afford).
    resourceLimits: { maxYoungGenerationSizeMb: 24 },
  });
  const stopOnSignal = (signal: (typeof SIGNALS)[number]) => {
    for (const s of SIGNALS) process.off(s, stopOnSignal);
    progress.stop();
    removeTempFiles(temp);
    try {
      process.stderr.write(
        `\nInterrumpido (${signal}): se borró ${temp}; el catálogo anterior no cambió.\n` +
          `Interrupted (${signal}): removed ${temp}; the previous catalog is unchanged.\n`,
      );
    } catch {
      // SIGHUP: the terminal may be gone already.
    }
    // With our handler gone the signal's default action applies again: the kernel ends the process.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    else {
      void worker.terminate();
      process.exit(STATUS[signal]);
    }
  };
  for (const signal of SIGNALS) process.on(signal, stopOnSignal);
  // Anything else that ends the process meanwhile (an uncaught error of another part) still takes the temp files along.
  const onExit = () => removeTempFiles(temp);
  process.on('exit', onExit);

  let report: EtlReport;
  try {
    report = await outcome(worker, progress);
  } catch (error) {
    removeTempFiles(temp);
    const failure = error instanceof BuildFailure ? error : undefined;
    const failed = failure?.report ?? newReport(out);
    const etlError =
      failure?.error ?? new EtlError(`Error inesperado: ${String(error)}`, `unexpected error: ${String(error)}`);
    failed.error = etlError.message;
    stampReport(failed, started);
    writeReport(failed, reportPathFor(out, options.reportPath));
    throw etlError;
  } finally {
    for (const signal of SIGNALS) process.off(signal, stopOnSignal);
    process.off('exit', onExit);
  }
  try {
    commitCatalog(temp, out);
  } catch (error) {
    removeTempFiles(temp);
    throw new EtlError(
      `No pude poner el catálogo en su sitio (${out}): ${(error as Error).message}`,
      `could not rename the built catalog over ${out}`,
    );
  }
  report.ok = true;
  stampReport(report, started);
  writeReport(report, reportPathFor(out, options.reportPath));
  progress.note(formatSummary(report));
  return report;
}

class BuildFailure extends Error {
  constructor(
    readonly error: EtlError,
    readonly report?: EtlReport,
  ) {
    super(error.message);
  }
}

/** The worker's report once the temp catalog is built and closed; its progress drawn here meanwhile. */
function outcome(worker: Worker, progress: Progress): Promise<EtlReport> {
  return new Promise<EtlReport>((resolve, reject) => {
    worker.on('message', (message: BuildMessage) => {
      if (message.type === 'progress') replay(progress, message.call);
      else if (message.type === 'built') resolve(message.report);
      else reject(new BuildFailure(new EtlError(message.es, message.en, message.file, message.row), message.report));
    });
    worker.on('error', (error) =>
      reject(
        new BuildFailure(new EtlError(`Error inesperado: ${error.message}`, `unexpected error: ${error.message}`)),
      ),
    );
    worker.on('exit', (code) =>
      reject(
        new BuildFailure(
          new EtlError(
            `El hilo de construcción terminó sin acabar (código ${code})`,
            `the build thread ended early (code ${code})`,
          ),
        ),
      ),
    );
  });
}

function replay(progress: Progress, call: ProgressCall): void {
  if (call[0] === 'start') progress.start(call[1], call[2]);
  else if (call[0] === 'add') progress.add(call[1]);
  else if (call[0] === 'done') progress.done(call[1]);
  else progress.note(call[1]);
}
