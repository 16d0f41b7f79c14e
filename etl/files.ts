/**
 * The files a build leaves beside the catalog, and the rules that keep them
 * honest: the temp catalog `<out>.tmp-<pid>` (and its side files, `<out>.tmp-<pid>-credits`
 * and one per derived step run in a worker), what a killed build left behind, the atomic
 * rename, and the report — `etl-report.json` for the catalog in place, a
 * failed build's report next to it (`etl-report.failed.json`), so a failure
 * never hides which build the catalog came from.
 *
 * Light on purpose (node:fs only): the main thread of an interruptible build
 * (etl/interruptible.ts) loads this and nothing heavy.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Progress } from './progress.js';
import type { EtlReport } from './report.js';

/** The temp catalog a process builds before the rename. */
export function tempPathFor(out: string, pid: number = process.pid): string {
  return `${resolve(out)}.tmp-${pid}`;
}

/** The credits side file (etl/credits.ts) of a temp catalog. */
export function creditsPathFor(temp: string): string {
  return `${temp}-credits`;
}

/** The derived steps' side files (etl/index.ts): the derived worker's, and the build thread's. */
export function derivedSidePathsFor(temp: string): { worker: string; here: string } {
  return { worker: `${temp}-derived-worker`, here: `${temp}-derived` };
}

/**
 * Creates the (empty) side files a build may write, before its catalog. A signal's cleanup
 * (etl/interruptible.ts) removes every file named after the temp catalog while the build's
 * threads still run for a few milliseconds: a thread opening a side file by path then would
 * create it again, after the cleanup. Made now and opened later with `fileMustExist`, a
 * removed one stays removed (the open fails; the process is ending anyway).
 */
export function createSideFiles(temp: string): void {
  for (const path of [creditsPathFor(temp), ...Object.values(derivedSidePathsFor(temp))]) writeFileSync(path, '');
}

/** Removes the side files (the catalog stays). */
export function removeSideFiles(temp: string): void {
  for (const path of [creditsPathFor(temp), ...Object.values(derivedSidePathsFor(temp))]) rmSync(path, { force: true });
}

/**
 * Every file a build of `temp` made: the catalog and whatever is named after it (its side
 * files `<temp>-<name>`, and SQLite's journals of all of them).
 */
function filesOf(temp: string): string[] {
  const dir = dirname(temp);
  const name = basename(temp);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((file) => file === name || file.startsWith(`${name}-`)).map((file) => join(dir, file));
}

export function removeTempFiles(temp: string): void {
  for (const file of filesOf(temp)) rmSync(file, { force: true });
}

/** Whether a process with this id exists (signal 0 only checks; EPERM means it exists but is not ours). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes the temp files that builds of `out` left behind when they were killed
 * (`kill -9`, a crash, the machine going down): those whose process is gone.
 * A live process's files are its own business (another build under way), and so
 * are this process's. Returns the names of the files deleted.
 */
export function removeStaleTempFiles(out: string): string[] {
  const dir = dirname(resolve(out));
  const prefix = `${basename(out)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // no folder yet: nothing left behind
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = /^(\d+)(?:-[\w-]+)?$/.exec(name.slice(prefix.length))?.[1];
    if (pid === undefined || Number(pid) === process.pid || processExists(Number(pid))) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Says which files of killed builds were deleted (they can be large: the operator may wonder where space went). */
export function noteStaleFiles(removed: string[], progress: Progress): void {
  if (removed.length > 0)
    progress.note(
      `Borré archivos temporales de una construcción interrumpida (removed stale temp files): ${removed.join(', ')}`,
    );
}

/** The built temp catalog becomes the catalog, in one rename (atomic on one file system). */
export function commitCatalog(temp: string, out: string): void {
  renameSync(temp, resolve(out));
}

/** Where the report of `out` goes (default: `etl-report.json` beside the catalog). */
export function reportPathFor(out: string, reportPath?: string): string {
  return resolve(reportPath ?? join(dirname(resolve(out)), 'etl-report.json'));
}

/** Where a failed build's report goes: next to the good one (`etl-report.json` → `etl-report.failed.json`). */
export function failedReportPath(reportPath: string): string {
  return reportPath.endsWith('.json') ? `${reportPath.slice(0, -5)}.failed.json` : `${reportPath}.failed`;
}

/** Time and peak memory of the whole run (worker threads included: they share the process). */
export function stampReport(report: EtlReport, started: number): void {
  report.totalMs = Math.round(performance.now() - started);
  report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Writes the report: a successful build's over `reportPath` (and the failure report of an
 * earlier build goes, being about a catalog that never was); a failed build's next to it,
 * leaving the report of the catalog still in place untouched.
 */
export function writeReport(report: EtlReport, reportPath: string): void {
  const failed = failedReportPath(reportPath);
  const target = report.ok ? reportPath : failed;
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.tmp-${process.pid}`, `${JSON.stringify(report, null, 2)}\n`);
    renameSync(`${target}.tmp-${process.pid}`, target); // never a half-written report
    if (report.ok) rmSync(failed, { force: true });
  } catch {
    // The report is a by-product: failing to write it must not hide the build's own outcome.
    rmSync(`${target}.tmp-${process.pid}`, { force: true });
  }
}
