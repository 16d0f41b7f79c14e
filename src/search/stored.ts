/**
 * The search index saved in the catalog by the ETL (etl/derived.ts → storeSearchIndex),
 * so opening search on the full catalog reads a header instead of re-deriving ~370k
 * names' forms and trigrams (seconds) at every start.
 *
 * Every column of a kind's index is stored in pages (search_index: kind, part, page →
 * data) of PAGE_SIZE items — strings joined by NUL, or little-endian Int32 arrays — and
 * the trigram postings by ranges of PAGE_SIZE buckets. Opening reads the header and one
 * byte per name (the trigram counts); a query then reads the pages it reaches (columns.ts):
 * a hash slot and a key for an exact name, a few bucket ranges and a few hundred keys for
 * a typo. No per-entry object is made until a result needs one.
 *
 * Why pages in a rowid table: the first format kept a kind in one row of a WITHOUT ROWID
 * table, and SQLite compares an index b-tree's keys by reading each visited cell's whole
 * payload when it overflows its page, so finding `kind = 'title'` read tens of MB several
 * times (0.3–0.45 s per SELECT). Whole columns in rowid rows were then read in ~5 ms per MB,
 * mostly page faults of the fresh memory they fill (~3 ms per MB on this kind of VM): the
 * people index's ~35 MB took ~0.4 s to open.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../catalog/catalog.js';
import { collectGarbage } from '../util/gc.js';
import {
  allStrings,
  Identity,
  type IntColumn,
  PAGE_SIZE,
  PagedInts,
  PagedStrings,
  Pages,
  pageOf,
  type StringColumn,
} from './columns.js';
import { loadNamed, loadPeople, loadTitles, type NameEntry, type PersonCounts, type TitleEntry } from './entries.js';
import { TRIGRAM_BUCKETS, type TrigramParts } from './fuzzy.js';
import { ExactKeys, type IndexSource, KindIndex, lowerBound, NEARBY } from './index.js';
import type { JoinedStrings } from './strings.js';
import type { EntityKind } from './types.js';

/** Bump when entries, forms, trigram hashing or the parts change: older stored indexes are then ignored. */
export const SEARCH_INDEX_VERSION = 'search-8';

const SEP = '\u0000';

/** The `header` part: what the other parts hold. */
interface Header {
  version: string;
  kind: EntityKind;
  /** Entries. */
  count: number;
  /** Keys (names). */
  keys: number;
  /** Slots of the exact-lookup hash table (a power of two). */
  slots: number;
  /** Prefix forms (autocomplete). */
  prefixes: number;
  /** The short names' scan parts are stored (all kinds but people: nearby.ts). */
  nearby: boolean;
  /** Distinct words and their entry lists' total length (collections, companies: whole-word lookup). */
  words?: { count: number; entries: number };
  /** Key i belongs to entry i (one name per entry): no key_entry or entry_keys part. */
  identityKeys: boolean;
  /** Titles: platform names; a title's platform number is its index + 1 (0: a movie). */
  platforms?: string[];
}

/**
 * What filters and ranking read for every candidate, one small array each, read whole when
 * the index opens (paged, they were most of a first query's reads): titles' year (0:
 * unknown), platform number and weight; people's roles (ROLE bits); collections' and
 * companies' weight. People's weights (film counts) are paged: only ranking reads them.
 */
const ROLE = { movieActor: 1, movieDirector: 2, streamingActor: 4, streamingDirector: 8 } as const;

export interface StoreIndexOptions {
  /** Which kinds (default all; the ETL builds people apart, since only they need the credits). */
  kinds?: readonly EntityKind[];
  /** Where the rows go (default `db`; the ETL's worker threads write a side file, copied into the catalog). */
  into?: Db;
}

const LOADERS: Record<EntityKind, (db: Db) => (TitleEntry | NameEntry)[]> = {
  title: loadTitles,
  person: loadPeople,
  collection: (db) => loadNamed(db, 'collection'),
  company: (db) => loadNamed(db, 'company'),
};

/** Builds each kind's index from the catalog `db` and stores it in `into` (replacing those kinds'); returns the names indexed. */
export function storeSearchIndex(
  db: Db,
  { kinds = ['title', 'person', 'collection', 'company'], into = db }: StoreIndexOptions = {},
): number {
  const insert = into.prepare('INSERT OR REPLACE INTO search_index (kind, part, page, data) VALUES (?, ?, ?, ?)');
  const remove = into.prepare('DELETE FROM search_index WHERE kind = ?');
  let names = 0;
  for (const kind of kinds) {
    remove.run(kind);
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

type Put = (part: string, page: number, data: string | Buffer) => void;

/** Stores one kind column by column, each written as soon as it is made; returns its names (keys). */
function storeKind(insert: Statement, kind: EntityKind, load: () => (TitleEntry | NameEntry)[]): number {
  const nearby = kind !== 'person';
  const put: Put = (part, page, data) => insert.run(kind, part, page, data);
  const putInts = (part: string, values: Int32Array) => {
    for (let page = 0; page * PAGE_SIZE < values.length; page++) put(part, page, bytes(pageOf(values, page)));
  };
  const putStrings = (part: string, strings: string[]) => {
    for (let page = 0; page * PAGE_SIZE < strings.length; page++) put(part, page, pageOf(strings, page).join(SEP));
  };
  const { index, count, platforms } = storeEntryColumns(kind, load(), put, putInts, putStrings);
  const keys = index.keys as JoinedStrings;
  const keyEntry = index.keyEntry as Int32Array;
  const identityKeys = keyEntry.every((entryIndex, keyIndex) => entryIndex === keyIndex);
  const slots = ExactKeys.build(keys);
  const keyList = keys.toArray();
  putStrings('keys', keyList);
  if (!identityKeys) {
    putInts('key_entry', keyEntry);
    putInts('entry_keys', firstKeyOfEntries(keyEntry, count));
  }
  putInts('exact', slots);
  const trigrams = index.trigrams.parts;
  put('tri_grams', 0, bytes(trigrams.gramBytes));
  for (let page = 0; page * PAGE_SIZE < TRIGRAM_BUCKETS; page++) put('tri', page, bytes(postingPage(trigrams, page)));
  // The rows and the trigram build's arrays, before the prefix build's ~600k tagged strings.
  if (keys.length > LARGE_KIND) collectGarbage();
  const prefixes = index.prefixList();
  const prefixForms = allStrings(prefixes.forms);
  putStrings('prefix_forms', prefixForms);
  putInts('prefix_keys', prefixes.keyIndex as Int32Array);
  if (nearby) {
    const parts = index.nearbyParts();
    put('near_text', 0, parts.text);
    for (const name of ['starts', 'byLength', 'masks', 'keyStarts', 'keys'] as const)
      put(`near_${name}`, 0, bytes(parts[name]));
  }
  const header: Header = {
    version: SEARCH_INDEX_VERSION,
    kind,
    nearby,
    count,
    keys: keys.length,
    slots: slots.length,
    prefixes: prefixForms.length,
    identityKeys,
  };
  if (platforms) header.platforms = platforms;
  if (kind === 'collection' || kind === 'company') header.words = storeWords(index.wordLists(), putStrings, putInts);
  put('header', 0, JSON.stringify(header)); // last: a header means a complete index
  return keyList.length;
}

/**
 * The columns read from the entry objects (weights, titles' years, platforms and ids,
 * people's roles and counts, display names), and the kind's index over their keys. People's
 * index gets key-only stand-ins (nothing in storeKind reads an entry of that kind): the entry
 * objects, ~74 MB for 292k people at full scale, are then garbage before the trigram and
 * autocomplete builds, the step's (and the ETL's) memory peak.
 */
function storeEntryColumns(
  kind: EntityKind,
  entries: (TitleEntry | NameEntry)[],
  put: Put,
  putInts: (part: string, values: Int32Array) => void,
  putStrings: (part: string, strings: string[]) => void,
): { index: KindIndex<TitleEntry | NameEntry>; count: number; platforms?: string[] } {
  // Weights are counts and years: integers (rounded, should one ever not be: it only breaks ties).
  const weights = Int32Array.from(entries, (e) => Math.round(e.weight));
  if (kind === 'person') putInts('weight', weights);
  else put('weight', 0, bytes(weights));
  let platforms: string[] | undefined;
  if (kind === 'title') {
    const titles = entries as TitleEntry[];
    platforms = [...new Set(titles.flatMap((t) => (t.platform ? [t.platform] : [])))].sort();
    const platformNumber = new Map(platforms.map((p, i) => [p, i + 1]));
    put('year', 0, bytes(Uint16Array.from(titles, (t) => t.year ?? 0)));
    put('platform', 0, bytes(Uint8Array.from(titles, (t) => (t.platform ? (platformNumber.get(t.platform) ?? 0) : 0))));
    putStrings(
      'ids',
      titles.map((e) => e.id),
    );
  }
  const people = entries as NameEntry[];
  if (people[0]?.counts) {
    put('roles', 0, bytes(Uint8Array.from(people, (e) => roleBits(e.counts))));
    putInts(
      'counts',
      Int32Array.from(people.flatMap(({ counts: c }) => (c ? COUNT_FIELDS.map((f) => c[f]) : [0, 0, 0, 0]))),
    );
  }
  putStrings(
    'names',
    entries.map((e) => e.name),
  );
  const indexed = kind === 'person' ? entries.map(({ keys }): NameEntry => ({ name: '', keys, weight: 0 })) : entries;
  return { index: KindIndex.fromEntries(indexed, kind === 'person' ? {} : NEARBY), count: entries.length, platforms };
}

/** The whole-word lists: words sorted (binary search), each one's entries in `word_entries` from `word_starts`. */
function storeWords(
  lists: Map<string, number[]>,
  putStrings: (part: string, strings: string[]) => void,
  putInts: (part: string, values: Int32Array) => void,
): { count: number; entries: number } {
  const words = [...lists.keys()].sort();
  const starts = new Int32Array(words.length + 1);
  words.forEach((word, i) => {
    starts[i + 1] = (starts[i] as number) + (lists.get(word) as number[]).length;
  });
  putStrings('words', words);
  putInts('word_starts', starts);
  putInts('word_entries', Int32Array.from(words.flatMap((word) => lists.get(word) as number[])));
  return { count: words.length, entries: starts[words.length] as number };
}

const COUNT_FIELDS = ['movieActor', 'movieDirector', 'streamingActor', 'streamingDirector'] as const;

function roleBits(counts: PersonCounts | undefined): number {
  return counts ? COUNT_FIELDS.reduce((bits, field) => (counts[field] > 0 ? bits | ROLE[field] : bits), 0) : 0;
}

/** first[i]..first[i + 1] - 1 are entry i's keys (keyEntry is ascending). */
function firstKeyOfEntries(keyEntry: Int32Array, count: number): Int32Array {
  const first = new Int32Array(count + 1);
  let k = 0;
  for (let i = 0; i <= count; i++) {
    while (k < keyEntry.length && (keyEntry[k] as number) < i) k++;
    first[i] = k;
  }
  return first;
}

/** Buckets [page·PAGE_SIZE, (page + 1)·PAGE_SIZE): PAGE_SIZE + 1 starts (from 0), then their postings. */
function postingPage({ starts, postings }: TrigramParts, page: number): Int32Array {
  const first = page * PAGE_SIZE;
  const from = starts[first] as number;
  const to = starts[first + PAGE_SIZE] as number;
  const out = new Int32Array(PAGE_SIZE + 1 + (to - from));
  for (let b = 0; b <= PAGE_SIZE; b++) out[b] = (starts[first + b] as number) - from;
  out.set(postings.subarray(from, to), PAGE_SIZE + 1);
  return out;
}

function bytes(values: Int32Array | Uint16Array | Uint8Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

/** A Buffer's bytes as a typed array: a view when aligned for it (no copy), else a copy. */
function typed<T>(
  buffer: Buffer,
  size: number,
  view: (bytes: ArrayBufferLike, offset: number, length: number) => T,
): T {
  if (buffer.byteOffset % size === 0) return view(buffer.buffer, buffer.byteOffset, buffer.byteLength / size);
  return view(new Uint8Array(buffer).buffer, 0, buffer.byteLength / size);
}

const int32 = (b: Buffer) => typed(b, 4, (bytes, offset, length) => new Int32Array(bytes, offset, length));
const uint16 = (b: Buffer) => typed(b, 2, (bytes, offset, length) => new Uint16Array(bytes, offset, length));
const uint8 = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The stored index of a kind, or null when the catalog has none of this version (then built in memory). */
export function loadStoredIndex<E extends TitleEntry | NameEntry>(db: Db, kind: EntityKind): KindIndex<E> | null {
  let read: (part: string, page?: number) => unknown;
  let header: Header;
  try {
    const select = db.prepare('SELECT data FROM search_index WHERE kind = ? AND part = ? AND page = ?').pluck();
    read = (part, page = 0) => select.get(kind, part, page);
    const text = read('header');
    if (typeof text !== 'string') return null;
    header = JSON.parse(text) as Header;
    if (header.version !== SEARCH_INDEX_VERSION || header.kind !== kind) return null;
  } catch {
    return null; // a catalog from before this table (or this format) existed
  }
  // Every paged part made, for preload() to fill in the background.
  const paged: { part: string; pages: Pages<unknown> }[] = [];
  const ints = (part: string, length: number) => {
    const column = new PagedInts(
      length,
      (page) => read(part, page),
      (raw) => int32(raw as Buffer),
    );
    paged.push({ part, pages: column.pages });
    return column;
  };
  const strings = (part: string, length: number) => {
    const column = new PagedStrings(length, (page) => read(part, page) as string);
    paged.push({ part, pages: column.pages });
    return column;
  };
  const keys = strings('keys', header.keys);
  const keyEntry = header.identityKeys ? new Identity(header.keys) : ints('key_entry', header.keys);
  const firstKeys = header.identityKeys ? keyEntry : ints('entry_keys', header.count + 1);
  const keysOf = (entryIndex: number) => {
    const out: string[] = [];
    const end = firstKeys.at(entryIndex + 1) ?? header.keys;
    for (let k = firstKeys.at(entryIndex) as number; k < end; k++) out.push(keys.at(k));
    return out;
  };
  const source: IndexSource<TitleEntry | NameEntry> = {
    count: header.count,
    keys,
    keyEntry,
    exactSlots: ints('exact', header.slots),
    trigrams: () => {
      const pages = new Pages(
        TRIGRAM_BUCKETS / PAGE_SIZE,
        (page) => read('tri', page),
        (raw) => int32(raw as Buffer),
      );
      paged.push({ part: 'tri', pages });
      return {
        gramBytes: uint8(read('tri_grams') as Buffer),
        postings: (bucket) => {
          const values = pages.get(Math.floor(bucket / PAGE_SIZE));
          const b = bucket % PAGE_SIZE;
          return values.subarray(PAGE_SIZE + 1 + (values[b] as number), PAGE_SIZE + 1 + (values[b + 1] as number));
        },
      };
    },
    prefixes: () => ({
      forms: strings('prefix_forms', header.prefixes),
      keyIndex: ints('prefix_keys', header.prefixes),
    }),
    words: header.words && storedWords(header.words, strings, ints),
    nearby: header.nearby
      ? () => {
          const whole = (name: string) => int32(read(`near_${name}`) as Buffer);
          return {
            text: read('near_text') as string,
            starts: whole('starts'),
            byLength: whole('byLength'),
            masks: whole('masks'),
            keyStarts: whole('keyStarts'),
            keys: whole('keys'),
          };
        }
      : undefined,
    ...entryMaker(header, {
      weight: header.kind === 'person' ? ints('weight', header.count) : int32(read('weight') as Buffer),
      names: strings('names', header.count),
      keysOf,
      title: () => ({
        ids: strings('ids', header.count),
        years: uint16(read('year') as Buffer),
        platforms: uint8(read('platform') as Buffer),
      }),
      person: () => ({ roles: uint8(read('roles') as Buffer), counts: ints('counts', 4 * header.count) }),
    }),
  };
  source.preload = function* () {
    // A few dozen pages per statement and step: the caller runs other work between steps.
    const some = db.prepare(
      'SELECT page, data FROM search_index WHERE kind = ? AND part = ? AND page >= ? AND page < ?',
    );
    for (const { part, pages } of paged) {
      for (let from = 0; from < pages.count; from += PRELOAD_PAGES) {
        for (const row of some.all(kind, part, from, from + PRELOAD_PAGES) as { page: number; data: unknown }[])
          pages.fill(row.page, row.data);
        yield;
      }
    }
  };
  return new KindIndex(source as IndexSource<E>);
}

/** Pages a preload step reads (~1–2 ms). */
const PRELOAD_PAGES = 64;

/** A word's entries, from the stored lists: binary search in the sorted words, then its range. */
function storedWords(
  sizes: { count: number; entries: number },
  strings: (part: string, length: number) => StringColumn,
  ints: (part: string, length: number) => IntColumn,
): () => (word: string) => number[] {
  return () => {
    const words = strings('words', sizes.count);
    const starts = ints('word_starts', sizes.count + 1);
    const entries = ints('word_entries', sizes.entries);
    return (word) => {
      const at = lowerBound(words, word);
      if (at >= words.length || !words.equals(at, word)) return [];
      const list: number[] = [];
      for (let k = starts.at(at) as number; k < (starts.at(at + 1) as number); k++) list.push(entries.at(k) as number);
      return list;
    };
  };
}

interface StoredEntries {
  weight: Int32Array | IntColumn;
  names: StringColumn;
  keysOf: (entryIndex: number) => string[];
  title: () => { ids: StringColumn; years: Uint16Array; platforms: Uint8Array };
  person: () => { roles: Uint8Array; counts: IntColumn };
}

/**
 * make() and view() over the stored columns. view() reads only the small whole arrays
 * (weight, year, platform, roles); make() reads the pages of the entry it makes.
 */
function entryMaker(
  header: Header,
  stored: StoredEntries,
): Pick<IndexSource<TitleEntry | NameEntry>, 'make' | 'view' | 'weight'> {
  const { names, keysOf } = stored;
  const weight = (i: number) => stored.weight.at(i) as number;
  if (header.kind === 'title') {
    const { ids, years, platforms } = stored.title();
    const platformNames = header.platforms ?? [];
    const platformOf = (i: number) => platformNames[(platforms[i] as number) - 1];
    const make = (i: number): TitleEntry => {
      const platform = platformOf(i);
      const entry: TitleEntry = {
        id: ids.at(i),
        name: names.at(i),
        keys: keysOf(i),
        year: (years[i] as number) || null,
        catalog: platform ? 'streaming' : 'movies',
        weight: weight(i),
      };
      if (platform) entry.platform = platform;
      return entry;
    };
    const seen: TitleEntry = { id: '', name: '', keys: [], year: null, catalog: 'movies', weight: 0 };
    const view = (i: number): TitleEntry => {
      const platform = platformOf(i);
      seen.year = (years[i] as number) || null;
      seen.catalog = platform ? 'streaming' : 'movies';
      seen.platform = platform;
      seen.weight = weight(i);
      return seen;
    };
    return { make, view };
  }
  if (header.kind !== 'person') {
    const make = (i: number): NameEntry => ({ name: names.at(i), keys: keysOf(i), weight: weight(i) });
    const seen: NameEntry = { name: '', keys: [], weight: 0 };
    const view = (i: number): NameEntry => {
      seen.weight = weight(i);
      return seen;
    };
    return { make, view };
  }
  const { roles, counts } = stored.person();
  const make = (i: number): NameEntry => {
    const [movieActor, movieDirector, streamingActor, streamingDirector] = [0, 1, 2, 3].map(
      (k) => counts.at(4 * i + k) as number,
    ) as [number, number, number, number];
    return {
      name: names.at(i),
      keys: keysOf(i),
      weight: weight(i),
      counts: { movieActor, movieDirector, streamingActor, streamingDirector },
    };
  };
  // The filters only ask whether each count is above zero: the role bits say it. The weight
  // (paged) is not in the view: ranking asks for it apart (IndexSource.weight).
  const seenCounts: PersonCounts = { movieActor: 0, movieDirector: 0, streamingActor: 0, streamingDirector: 0 };
  const seen: NameEntry = { name: '', keys: [], weight: 0, counts: seenCounts };
  const view = (i: number): NameEntry => {
    const bits = roles[i] as number;
    for (const field of COUNT_FIELDS) seenCounts[field] = bits & ROLE[field] ? 1 : 0;
    return seen;
  };
  return { make, view, weight };
}
