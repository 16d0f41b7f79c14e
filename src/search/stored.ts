/**
 * The search index saved in the catalog by the ETL (etl/derived.ts → storeSearchIndex),
 * so opening search on the full catalog reads a few blobs instead of re-deriving
 * ~370k names' forms and trigrams (seconds) at every start.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../catalog/catalog.js';
import { collectGarbage } from '../util/gc.js';
import { loadNamed, loadPeople, loadTitles, type NameEntry, type PersonCounts, type TitleEntry } from './entries.js';
import { type EntryColumns, KindIndex } from './index.js';
import { JoinedStrings } from './strings.js';
import type { EntityKind } from './types.js';

/** Bump when entries, forms or trigram hashing change: older stored rows are then ignored. */
export const SEARCH_INDEX_VERSION = 'search-7';

/**
 * Entries as columns, written and read without per-entry objects or JSON escaping (the
 * person kind has ~300k entries: JSON.stringify of their flat arrays alone took ~0.7 s):
 * a one-line JSON header, then each column back to back, its length in the header.
 * Strings are joined by NUL (a native split is far faster than JSON.parse of 300k
 * objects); numbers are an Int32Array (Float64Array if one is not an int32) in base64.
 */
const SEP = '\u0000';
/** Between a title's keys (title, original title). */
const KEY_SEP = '\u0001';

interface Header {
  count: number;
  /** People: four film counts per entry instead of one weight. */
  counts?: boolean;
  float?: boolean;
  /** Column names and lengths (UTF-16 units), in order. */
  columns: [string, number][];
}

function encodeColumns(
  count: number,
  strings: Record<string, string>,
  numbers: number[] | Float64Array,
  counts?: boolean,
): string {
  const packed = packNumbers(numbers);
  const columns = { ...strings, numbers: packed.text };
  const header: Header = { count, columns: Object.entries(columns).map(([name, text]) => [name, text.length]) };
  if (counts) header.counts = true;
  if (packed.float) header.float = true;
  return [`${JSON.stringify(header)}\n`, ...Object.values(columns)].join(''); // one copy of ~25 MB, not two
}

function packNumbers(numbers: ArrayLike<number>): { text: string; float: boolean } {
  let ints = true;
  for (let i = 0; i < numbers.length && ints; i++) ints = (numbers[i] as number) === ((numbers[i] as number) | 0);
  const typed = ints ? Int32Array.from(numbers) : Float64Array.from(numbers);
  return { text: Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64'), float: !ints };
}

function decodeColumns(text: string): { header: Header; column: (name: string) => string; numbers: ArrayLike<number> } {
  const newline = text.indexOf('\n');
  const header = JSON.parse(text.slice(0, newline)) as Header;
  const at = new Map<string, [number, number]>();
  let offset = newline + 1;
  for (const [name, length] of header.columns) {
    at.set(name, [offset, offset + length]);
    offset += length;
  }
  const column = (name: string) => {
    const [from, to] = at.get(name) ?? [0, 0];
    return text.slice(from, to);
  };
  const bytes = Buffer.from(column('numbers'), 'base64');
  const numbers = header.float ? new Float64Array(bytes.byteLength / 8) : new Int32Array(bytes.byteLength / 4);
  new Uint8Array(numbers.buffer).set(bytes); // a copy: the Buffer may not be aligned for a typed view
  return { header, column, numbers };
}

function encode(kind: EntityKind, entries: (TitleEntry | NameEntry)[]): string {
  const count = entries.length;
  if (kind === 'title') {
    const titles = entries as TitleEntry[];
    const numbers = new Float64Array(2 * count);
    titles.forEach((e, i) => {
      numbers[2 * i] = e.year ?? -1;
      numbers[2 * i + 1] = e.weight;
    });
    const strings = {
      id: titles.map((e) => e.id).join(SEP),
      name: titles.map((e) => e.name).join(SEP),
      key: titles.map((e) => e.keys.join(KEY_SEP)).join(SEP),
      platform: titles.map((e) => e.platform ?? '').join(SEP),
    };
    return encodeColumns(count, strings, numbers);
  }
  const names = entries as NameEntry[];
  const counts = names[0]?.counts !== undefined;
  const numbers = new Float64Array(counts ? 4 * count : count);
  names.forEach((e, i) => {
    const c = e.counts;
    if (!counts) numbers[i] = e.weight;
    else if (c) numbers.set([c.movieActor, c.movieDirector, c.streamingActor, c.streamingDirector], 4 * i);
  });
  const strings = { name: names.map((e) => e.name).join(SEP), key: names.map((e) => e.keys.join(KEY_SEP)).join(SEP) };
  return encodeColumns(count, strings, numbers, counts);
}

/**
 * The stored entries as columns for KindIndex: names and keys split once, numbers kept
 * typed; each entry object is made only when a query needs it (see EntryColumns).
 */
function decode(kind: EntityKind, text: string): EntryColumns<TitleEntry | NameEntry> {
  const { header, column, numbers: n } = decodeColumns(text);
  const count = header.count;
  // Columns only entry objects need (not the search itself) are split on the first entry made.
  const later = (name: string) => {
    let strings: JoinedStrings | undefined;
    return () => {
      strings ??= JoinedStrings.parse(column(name), SEP, count);
      return strings;
    };
  };
  const name = later('name');
  if (kind === 'title') {
    const key = splitList(column('key'), count);
    const id = later('id');
    const platform = later('platform');
    const { keys, keyEntry } = titleKeys(key);
    const make = (i: number): TitleEntry => {
      const year = n[2 * i] as number;
      const onPlatform = platform().at(i);
      const entry: TitleEntry = {
        id: id().at(i),
        name: name().at(i),
        keys: (key[i] as string).split(KEY_SEP),
        year: year === -1 ? null : year,
        catalog: onPlatform ? 'streaming' : 'movies',
        weight: n[2 * i + 1] as number,
      };
      if (onPlatform) entry.platform = onPlatform;
      return entry;
    };
    const seen: TitleEntry = { id: '', name: '', keys: [], year: null, catalog: 'movies', weight: 0 };
    const view = (i: number): TitleEntry => {
      const year = n[2 * i] as number;
      const onPlatform = platform().at(i);
      seen.year = year === -1 ? null : year;
      seen.catalog = onPlatform ? 'streaming' : 'movies';
      seen.platform = onPlatform || undefined;
      seen.weight = n[2 * i + 1] as number;
      return seen;
    };
    return { count, keys, keyEntry, make, view };
  }
  const { keys, keyEntry, keysOf } = nameKeys(column('key'), count);
  if (!header.counts) {
    const make = (i: number): NameEntry => ({ name: name().at(i), keys: keysOf(i), weight: n[i] as number });
    const seen: NameEntry = { name: '', keys: [], weight: 0 };
    const view = (i: number): NameEntry => {
      seen.weight = n[i] as number;
      return seen;
    };
    return { count, keys, keyEntry, make, view };
  }
  const countsAt = (i: number, counts: PersonCounts): PersonCounts => {
    counts.movieActor = n[4 * i] as number;
    counts.movieDirector = n[4 * i + 1] as number;
    counts.streamingActor = n[4 * i + 2] as number;
    counts.streamingDirector = n[4 * i + 3] as number;
    return counts;
  };
  const total = (c: PersonCounts) => c.movieActor + c.movieDirector + c.streamingActor + c.streamingDirector;
  const make = (i: number): NameEntry => {
    const counts = countsAt(i, { movieActor: 0, movieDirector: 0, streamingActor: 0, streamingDirector: 0 });
    return { name: name().at(i), keys: keysOf(i), weight: total(counts), counts };
  };
  const seenCounts: PersonCounts = { movieActor: 0, movieDirector: 0, streamingActor: 0, streamingDirector: 0 };
  const seen: NameEntry = { name: '', keys: [], weight: 0, counts: seenCounts };
  const view = (i: number): NameEntry => {
    seen.weight = total(countsAt(i, seenCounts));
    return seen;
  };
  return { count, keys, keyEntry, make, view };
}

/** Entries' keys (title and original title, or a name and its short form, joined by KEY_SEP) flattened, with the entry each comes from. */
function titleKeys(joined: string[]): { keys: JoinedStrings; keyEntry: Int32Array } {
  const keys: string[] = [];
  const owners: number[] = [];
  joined.forEach((both, i) => {
    for (const key of both.split(KEY_SEP)) {
      keys.push(key);
      owners.push(i);
    }
  });
  return { keys: JoinedStrings.from(keys), keyEntry: Int32Array.from(owners) };
}

/**
 * Names' keys: one per name (people, companies: key i is entry i, read without splitting
 * into 300k strings), or several for some (a collection's name without "Collection").
 */
function nameKeys(
  column: string,
  count: number,
): { keys: JoinedStrings; keyEntry: Int32Array; keysOf: (entryIndex: number) => string[] } {
  if (column.includes(KEY_SEP)) {
    const joined = splitList(column, count);
    return { ...titleKeys(joined), keysOf: (i) => (joined[i] as string).split(KEY_SEP) };
  }
  const keys = JoinedStrings.parse(column, SEP, count);
  const keyEntry = new Int32Array(count);
  for (let i = 0; i < count; i++) keyEntry[i] = i;
  return { keys, keyEntry, keysOf: (i) => [keys.at(i)] };
}

function splitList(text: string, count: number): string[] {
  return count === 0 ? [] : text.split(SEP);
}

function blob(typed: Int32Array | Uint16Array): Buffer {
  return Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
}

/** Copies: a Buffer from SQLite may not be aligned for a typed-array view. */
function int32(buffer: Buffer): Int32Array {
  const out = new Int32Array(buffer.byteLength / 4);
  new Uint8Array(out.buffer).set(buffer);
  return out;
}

function uint16(buffer: Buffer): Uint16Array {
  const out = new Uint16Array(buffer.byteLength / 2);
  new Uint8Array(out.buffer).set(buffer);
  return out;
}

export interface StoreIndexOptions {
  /** Which kinds (default all; the ETL stores people apart, since only they need the credits). */
  kinds?: readonly EntityKind[];
  /** Where the rows go (default `db`; the ETL's worker writes a side file, merged into the catalog). */
  into?: Db;
}

const LOADERS: Record<EntityKind, (db: Db) => (TitleEntry | NameEntry)[]> = {
  title: loadTitles,
  person: loadPeople,
  collection: (db) => loadNamed(db, 'collection'),
  company: (db) => loadNamed(db, 'company'),
};

/** Builds each kind's index from the catalog `db` and stores it in `into`; returns the names indexed. */
export function storeSearchIndex(
  db: Db,
  { kinds = ['title', 'person', 'collection', 'company'], into = db }: StoreIndexOptions = {},
): number {
  const insert = into.prepare(
    `INSERT OR REPLACE INTO search_index
       (kind, version, entries, forms, starts, postings, gram_counts, prefix_forms, prefix_keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let names = 0;
  for (const kind of kinds) {
    const count = storeKind(insert, kind, () => LOADERS[kind](db));
    names += count;
    // A large kind leaves ~200 MB of dead rows, strings and arrays in the old generation,
    // which V8 collects only once it has grown further: collected here, before the next
    // kind (and the ETL's next step) stacks its allocations on top (the ETL's peak RSS).
    if (count > LARGE_KIND) collectGarbage();
  }
  return names;
}

/** Kinds with more names than this get a garbage collection once stored (see above). */
const LARGE_KIND = 50_000;

function storeKind(insert: Statement, kind: EntityKind, load: () => (TitleEntry | NameEntry)[]): number {
  const row = encodeKind(kind, load);
  // The index itself (entries, maps, ~150 MB for people) is dead now: collected before SQLite copies the row.
  if (row.names > LARGE_KIND) collectGarbage();
  insert.run(
    kind,
    SEARCH_INDEX_VERSION,
    row.entries,
    row.forms,
    blob(row.starts),
    blob(row.postings),
    blob(row.gramCounts),
    row.prefixForms,
    blob(row.prefixKeys),
  );
  return row.names;
}

/** A kind's stored columns; the KindIndex built for them is garbage once this returns. */
function encodeKind(kind: EntityKind, load: () => (TitleEntry | NameEntry)[]) {
  const index = new KindIndex(load());
  const names = index.keys.length;
  if (names > LARGE_KIND) collectGarbage(); // the rows and the trigram build's arrays, before the prefixes
  const prefixes = index.prefixList();
  if (names > LARGE_KIND) collectGarbage(); // the prefix build's ~600k tagged strings, before the encoding
  return {
    names,
    entries: encode(kind, index.allEntries()),
    forms: index.forms.text, // NUL-joined; letters and digits only: never a NUL
    ...index.trigrams.parts,
    prefixForms: prefixes.forms.join(SEP),
    prefixKeys: prefixes.keyIndex,
  };
}

type Row = {
  entries: string;
  forms: string;
  starts: Buffer;
  postings: Buffer;
  gram_counts: Buffer;
};

type PrefixRow = { prefix_forms: string; prefix_keys: Buffer };

export function loadStoredIndex<E extends TitleEntry | NameEntry>(db: Db, kind: EntityKind): KindIndex<E> | null {
  let row: Row | undefined;
  try {
    // The prefix list (autocomplete) is read on the first suggest() only.
    row = db
      .prepare(`SELECT entries, forms, starts, postings, gram_counts FROM search_index WHERE kind = ? AND version = ?`)
      .get(kind, SEARCH_INDEX_VERSION) as Row | undefined;
  } catch {
    return null; // a catalog from before this table existed
  }
  if (!row) return null;
  const columns = decode(kind, row.entries) as EntryColumns<E>;
  const prefixes = () => {
    const stored = db
      .prepare('SELECT prefix_forms, prefix_keys FROM search_index WHERE kind = ? AND version = ?')
      .get(kind, SEARCH_INDEX_VERSION) as PrefixRow;
    return {
      forms: splitList(stored.prefix_forms, stored.prefix_keys.byteLength / 4),
      keyIndex: int32(stored.prefix_keys),
    };
  };
  return new KindIndex(columns, {
    forms: JoinedStrings.parse(row.forms, SEP, columns.keys.length),
    parts: { starts: int32(row.starts), postings: int32(row.postings), gramCounts: uint16(row.gram_counts) },
    prefixes,
  }) as KindIndex<E>;
}
