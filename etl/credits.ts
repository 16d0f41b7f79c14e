/**
 * Reading credits.csv, the ETL's heaviest file (~190 MB of Python literals at
 * full scale). Parsing runs in a worker thread (etl/credits-worker.ts) while
 * the main thread loads movies_metadata, which the credits must wait for
 * anyway (only ids of kept movies are loaded); the main thread then only
 * checks ids and inserts. `inWorker: false` does the same work in-thread.
 */
import { Worker } from 'node:worker_threads';
import { nested } from './clean.js';
import { EtlError } from './errors.js';
import type { PyDict, PyValue } from './pyliteral.js';
import { openTable, type SourceFile } from './sources.js';

/** One credits row, parsed: what the loader needs and nothing more (cheap to pass between threads). */
export interface CreditsRow {
  row: number;
  id: string;
  /** Flat triples in billing order: person id, name, character. */
  cast: (number | string)[];
  /** Flat pairs: person id, name (crew with job 'Director'). */
  directors: (number | string)[];
  /** Nested fields that did not parse (or were not lists): [field, problem]. */
  warnings?: [string, string][];
}

export interface CreditsBatch {
  rows: CreditsRow[];
  bytes: number;
}

export const CREDITS_COLUMNS = ['cast', 'crew', 'id'] as const;

const isDict = (v: PyValue): v is PyDict => v !== null && typeof v === 'object' && !Array.isArray(v);
const personId = (v: PyValue | undefined) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);
const text = (v: PyValue | undefined) => (typeof v === 'string' ? v : v == null ? '' : String(v));

function list(value: string, field: string, warnings: [string, string][]): PyDict[] {
  const parsed = nested(value);
  if (parsed === null) return [];
  if ('error' in parsed) {
    warnings.push([field, parsed.error]);
    return [];
  }
  if (!Array.isArray(parsed.value)) {
    warnings.push([field, 'not a list']);
    return [];
  }
  return parsed.value.filter(isDict);
}

function byBillingOrder(a: PyDict, b: PyDict): number {
  const x = typeof a.order === 'number' ? a.order : Number.MAX_SAFE_INTEGER;
  const y = typeof b.order === 'number' ? b.order : Number.MAX_SAFE_INTEGER;
  return x - y;
}

/** Rule 8: cast in billing `order` (stable for equal orders), directors = crew with job 'Director'. */
export function parseCreditsRow(row: number, id: string, castText: string, crewText: string): CreditsRow {
  const warnings: [string, string][] = [];
  const cast: (number | string)[] = [];
  for (const member of list(castText, 'cast', warnings).sort(byBillingOrder)) {
    const pid = personId(member.id);
    if (pid !== null) cast.push(pid, text(member.name), text(member.character));
  }
  const directors: (number | string)[] = [];
  for (const member of list(crewText, 'crew', warnings)) {
    if (member.job !== 'Director') continue;
    const pid = personId(member.id);
    if (pid !== null) directors.push(pid, text(member.name));
  }
  return warnings.length > 0 ? { row, id, cast, directors, warnings } : { row, id, cast, directors };
}

const BATCH_ROWS = 256;

/** Parses the file in this thread, in batches (also the worker's own loop). */
export async function* parseCreditsFile(file: SourceFile): AsyncGenerator<CreditsBatch> {
  let bytes = 0;
  const table = await openTable(file, CREDITS_COLUMNS, (n) => {
    bytes += n;
  });
  const at = CREDITS_COLUMNS.map((c) => table.columns.get(c) ?? -1) as [number, number, number];
  let rows: CreditsRow[] = [];
  let row = 0;
  for await (const cells of table.rows) {
    row++;
    rows.push(parseCreditsRow(row, cells[at[2]] ?? '', cells[at[0]] ?? '', cells[at[1]] ?? ''));
    if (rows.length === BATCH_ROWS) {
      yield { rows, bytes };
      rows = [];
      bytes = 0;
    }
  }
  yield { rows, bytes };
}

// ------------------------------------------------------------------ worker side of the protocol

export type WorkerMessage =
  | { type: 'batch'; batch: CreditsBatch }
  | { type: 'done'; parseMs: number }
  | { type: 'error'; es: string; en: string; file?: string; row?: number };

/** Batches the main thread may have unread before the worker waits (bounds memory). */
export const MAX_IN_FLIGHT = 32;

export interface CreditsReader {
  batches: AsyncGenerator<CreditsBatch>;
  /** Time the parser spent (in the worker: overlapping the main thread's work). */
  parseMs(): number;
  stop(): Promise<void>;
}

/** Starts parsing now (in a worker unless `inWorker` is false); batches are read later. */
export function startCreditsReader(file: SourceFile, inWorker: boolean): CreditsReader {
  if (!inWorker) {
    let ms = 0;
    const batches = (async function* () {
      const generator = parseCreditsFile(file);
      while (true) {
        const start = performance.now();
        const next = await generator.next();
        ms += performance.now() - start;
        if (next.done) return;
        yield next.value;
      }
    })();
    return { batches, parseMs: () => ms, stop: async () => void (await batches.return(undefined)) };
  }
  return workerReader(file);
}

function workerReader(file: SourceFile): CreditsReader {
  // A tiny .mjs entry registers tsx in the worker: workers do not inherit the main thread's loader hooks.
  const worker = new Worker(new URL('./credits-worker.mjs', import.meta.url), { workerData: { file } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  let parseMs = 0;
  worker.on('message', (message: WorkerMessage) => {
    queue.push(message);
    wake?.();
  });
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`credits worker exited with code ${code}`);
    wake?.();
  });
  const batches = (async function* () {
    while (true) {
      const message = queue.shift();
      if (!message) {
        if (failure)
          throw new EtlError('Falló la lectura de credits', `credits reader failed: ${failure.message}`, file.label);
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      if (message.type === 'error') throw new EtlError(message.es, message.en, message.file, message.row);
      if (message.type === 'done') {
        parseMs = message.parseMs;
        return;
      }
      worker.postMessage('ack');
      yield message.batch;
    }
  })();
  return {
    batches,
    parseMs: () => parseMs,
    stop: async () => {
      await worker.terminate();
    },
  };
}
