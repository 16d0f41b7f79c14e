/**
 * Progress of the ETL: a cli-progress bar (bytes read) on a terminal, one
 * plain line per finished step otherwise, nothing at all when quiet (tests).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(label: string, totalBytes: number): void;
  add(bytes: number): void;
  /** Ends the current step, printing `line` where a plain log is wanted. */
  done(line: string): void;
  /** A message outside any step. */
  note(line: string): void;
}

export function createProgress(mode: 'tty' | 'plain' | 'quiet'): Progress {
  if (mode === 'quiet') return { start() {}, add() {}, done() {}, note() {} };
  if (mode === 'plain')
    return { start() {}, add() {}, done: (line) => console.log(line), note: (line) => console.log(line) };
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, totalBytes) {
      bar = new cliProgress.SingleBar(
        { format: `${label.padEnd(22)} {bar} {percentage}% | {eta}s`, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, totalBytes), 0);
    },
    add(bytes) {
      bar?.increment(bytes);
    },
    done(line) {
      bar?.stop();
      bar = undefined;
      console.log(line);
    },
    note: (line) => console.log(line),
  };
}

export function progressMode(quiet: boolean | undefined): 'tty' | 'plain' | 'quiet' {
  if (quiet) return 'quiet';
  return process.stdout.isTTY ? 'tty' : 'plain';
}
