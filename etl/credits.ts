/**
 * Reading credits.csv, the ETL's heaviest file (~190 MB of Python literals at
 * full scale): each row parsed into the little the loader needs, in batches,
 * with the parse timed apart from the inserts (`credits:parse` in the report).
 *
 * Parsing in a worker thread, beside movies_metadata, was tried and measured
 * slower on this shared 2-core machine (full scale: 22-26 s against 17-19 s
 * wall, +3 s CPU, +60-100 MB RSS), so it all runs in this thread.
 */
import { nested } from './clean.js';
import type { PyDict, PyValue } from './pyliteral.js';
import { openTable, type SourceFile } from './sources.js';

/** One credits row, parsed: what the loader needs and nothing more. */
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

/** Parses the file in batches. */
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

export interface CreditsReader {
  batches: AsyncGenerator<CreditsBatch>;
  /** Time spent reading and parsing (the rest of the credits stage is inserting). */
  parseMs(): number;
  stop(): Promise<void>;
}

/** The credits file as parsed batches, timing the parse apart from the inserts. */
export function startCreditsReader(file: SourceFile): CreditsReader {
  let ms = 0;
  const generator = parseCreditsFile(file);
  const batches = (async function* () {
    while (true) {
      const start = performance.now();
      const next = await generator.next();
      ms += performance.now() - start;
      if (next.done) return;
      yield next.value;
    }
  })();
  return {
    batches,
    parseMs: () => ms,
    stop: async () => {
      await generator.return(undefined);
    },
  };
}
