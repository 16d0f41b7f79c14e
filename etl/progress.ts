/**
 * Progress of the ETL: a cli-progress bar (bytes read) on a terminal, one
 * plain line per finished step otherwise, nothing at all when quiet (tests).
 * Lines go to stdout, or to stderr when the build is a side job of another
 * command whose stdout is its answer (src/catalog/find.ts).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, totalBytes: number): void;
  add(bytes: number): void;
  /** Ends the current step, printing `line` where a plain log is wanted. */
  done(line: string): void;
  /** A message outside any step. */
  note(line: string): void;
  /** Takes the bar off the screen (and gives the cursor back) without a line: the build was interrupted. */
  stop(): void;
}

export type ProgressMode = 'tty' | 'plain' | 'quiet';
export type ProgressOutput = 'stdout' | 'stderr';

export function createProgress(mode: ProgressMode, output: ProgressOutput = 'stdout'): Progress {
  const stream = output === 'stderr' ? process.stderr : process.stdout;
  const print = (line: string) => void stream.write(`${line}\n`);
  if (mode === 'quiet') return { start() {}, add() {}, done() {}, note() {}, stop() {} };
  if (mode === 'plain') return { start() {}, add() {}, done: print, note: print, stop() {} };
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    start(label, totalBytes) {
      bar = new cliProgress.SingleBar(
        { format: `${label.padEnd(22)} {bar} {percentage}% | {eta}s`, hideCursor: true, clearOnComplete: true, stream },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, totalBytes), 0);
    },
    add(bytes) {
      bar?.increment(bytes);
    },
    done(line) {
      stop();
      print(line);
    },
    note: print,
    stop,
  };
}

export function progressMode(quiet: boolean | undefined, output: ProgressOutput = 'stdout'): ProgressMode {
  if (quiet) return 'quiet';
  return (output === 'stderr' ? process.stderr : process.stdout).isTTY ? 'tty' : 'plain';
}
