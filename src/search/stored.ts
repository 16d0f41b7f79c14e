/**
 * The search index saved in the catalog by the ETL (etl/derived.ts → storeSearchIndex),
 * so opening search on the full catalog reads a few blobs instead of re-deriving
 * ~370k names' forms and trigrams (seconds) at every start.
 */
import type { Db } from '../catalog/catalog.js';
import { loadNamed, loadPeople, loadTitles, type NameEntry, type TitleEntry } from './entries.js';
import { KindIndex } from './index.js';
import type { EntityKind } from './types.js';

/** Bump when entries, forms or trigram hashing change: older stored rows are then ignored. */
export const SEARCH_INDEX_VERSION = 'search-4';

/**
 * Entries as columns: strings joined by NUL (a native split is far faster than
 * JSON.parse of 300k objects), numbers as one flat JSON array.
 */
const SEP = '\u0000';

function encode(kind: EntityKind, entries: (TitleEntry | NameEntry)[]): string {
  if (kind === 'title') {
    const titles = entries as TitleEntry[];
    return JSON.stringify({
      count: titles.length,
      id: titles.map((e) => e.id).join(SEP),
      name: titles.map((e) => e.name).join(SEP),
      key: titles.map((e) => e.keys.join('\u0001')).join(SEP),
      platform: titles.map((e) => e.platform ?? '').join(SEP),
      numbers: titles.flatMap((e) => [e.year ?? -1, e.weight]),
    });
  }
  const names = entries as NameEntry[];
  const counts = names[0]?.counts !== undefined;
  return JSON.stringify({
    count: names.length,
    name: names.map((e) => e.name).join(SEP),
    key: names.map((e) => e.keys[0]).join(SEP),
    counts,
    numbers: names.flatMap((e) => {
      const c = e.counts;
      return c ? [c.movieActor, c.movieDirector, c.streamingActor, c.streamingDirector] : [e.weight];
    }),
  });
}

function decode(kind: EntityKind, text: string): (TitleEntry | NameEntry)[] {
  const columns = JSON.parse(text) as Record<string, string> & { count: number; numbers: number[]; counts?: boolean };
  // split('') gives [''], one entry: the count tells an empty list from one empty name.
  const name = columns.count === 0 ? [] : (columns.name as string).split(SEP);
  const key = (columns.key as string).split(SEP);
  const n = columns.numbers;
  if (kind === 'title') {
    const id = (columns.id as string).split(SEP);
    const platform = (columns.platform as string).split(SEP);
    return name.map((title, i) => {
      const year = n[2 * i] as number;
      const entry: TitleEntry = {
        id: id[i] as string,
        name: title,
        keys: (key[i] as string).split('\u0001'),
        year: year === -1 ? null : year,
        catalog: platform[i] ? 'streaming' : 'movies',
        weight: n[2 * i + 1] as number,
      };
      if (platform[i]) entry.platform = platform[i];
      return entry;
    });
  }
  if (!columns.counts) return name.map((text, i) => ({ name: text, keys: [key[i] as string], weight: n[i] as number }));
  return name.map((text, i) => {
    const [movieActor, movieDirector, streamingActor, streamingDirector] = n.slice(4 * i, 4 * i + 4) as number[];
    const counts = {
      movieActor: movieActor as number,
      movieDirector: movieDirector as number,
      streamingActor: streamingActor as number,
      streamingDirector: streamingDirector as number,
    };
    const weight = counts.movieActor + counts.movieDirector + counts.streamingActor + counts.streamingDirector;
    return { name: text, keys: [key[i] as string], weight, counts };
  });
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

/** Builds every kind's index from the catalog and stores it; returns the names indexed. */
export function storeSearchIndex(db: Db): number {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO search_index
       (kind, version, entries, forms, starts, postings, gram_counts, prefix_forms, prefix_keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const kinds: [EntityKind, () => (TitleEntry | NameEntry)[]][] = [
    ['title', () => loadTitles(db)],
    ['person', () => loadPeople(db)],
    ['collection', () => loadNamed(db, 'collection')],
    ['company', () => loadNamed(db, 'company')],
  ];
  let names = 0;
  for (const [kind, load] of kinds) {
    const index = new KindIndex(load());
    const { starts, postings, gramCounts } = index.trigrams.parts;
    insert.run(
      kind,
      SEARCH_INDEX_VERSION,
      encode(kind, index.entries),
      JSON.stringify(index.trigrams.forms),
      blob(starts),
      blob(postings),
      blob(gramCounts),
      index.prefixList().forms.join(SEP),
      blob(index.prefixList().keyIndex),
    );
    names += index.keys.length;
  }
  return names;
}

type Row = {
  entries: string;
  forms: string;
  starts: Buffer;
  postings: Buffer;
  gram_counts: Buffer;
  prefix_forms: string;
  prefix_keys: Buffer;
};

export function loadStoredIndex<E extends TitleEntry | NameEntry>(db: Db, kind: EntityKind): KindIndex<E> | null {
  let row: Row | undefined;
  try {
    row = db.prepare('SELECT * FROM search_index WHERE kind = ? AND version = ?').get(kind, SEARCH_INDEX_VERSION) as
      | Row
      | undefined;
  } catch {
    return null; // a catalog from before this table existed
  }
  if (!row) return null;
  const entries = decode(kind, row.entries) as E[];
  const forms = JSON.parse(row.forms) as string[];
  return new KindIndex(entries, {
    forms,
    parts: { starts: int32(row.starts), postings: int32(row.postings), gramCounts: uint16(row.gram_counts) },
    prefixes: { forms: splitList(row.prefix_forms, row.prefix_keys.byteLength / 4), keyIndex: int32(row.prefix_keys) },
  }) as KindIndex<E>;
}
