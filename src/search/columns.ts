/**
 * Columns of the search index as KindIndex reads them: whole in memory (an index built
 * here), or paged from the catalog (stored.ts), each page read the first time a lookup
 * reaches it. A question touches a few hundred names of ~300k, so a paged column costs
 * it a few hundred small reads instead of tens of MB: on this kind of virtual machine
 * each fresh MB a process touches costs ~3 ms in page faults alone, and reading whole
 * columns made opening the people index cost ~0.4 s.
 */
import { JoinedStrings } from './strings.js';

/** Strings by position. */
export interface StringColumn {
  readonly length: number;
  at(i: number): string;
  /** Whether string i equals `value` (without slicing it out when the column can). */
  equals(i: number, value: string): boolean;
}

/** Integers by position (an Int32Array is one). */
export interface IntColumn {
  readonly length: number;
  at(i: number): number | undefined;
}

/** Items per page: a page of names is ~4 KB of text, of numbers 1 KB. */
export const PAGE_SHIFT = 8;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;

/** Page `page` of a column: the items [page·PAGE_SIZE, (page + 1)·PAGE_SIZE). */
export function pageOf<T extends { slice(from: number, to: number): T }>(items: T, page: number): T {
  return items.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
}

/**
 * A part's pages, each read and decoded the first time it is asked for, or handed in by a
 * preload that reads the whole part at once (fill).
 */
export class Pages<T> {
  private readonly pages: (T | undefined)[];

  constructor(
    readonly count: number,
    private readonly read: (page: number) => unknown,
    private readonly decode: (raw: unknown, page: number) => T,
  ) {
    this.pages = new Array(count);
  }

  get(page: number): T {
    let value = this.pages[page];
    if (value === undefined) {
      value = this.decode(this.read(page), page);
      this.pages[page] = value;
    }
    return value;
  }

  /** A page read by someone else (a preload); one already read is kept. */
  fill(page: number, raw: unknown): void {
    if (page >= 0 && page < this.count && this.pages[page] === undefined) this.pages[page] = this.decode(raw, page);
  }
}

/** Strings a page at a time: each page is its strings joined by `separator`. */
export class PagedStrings implements StringColumn {
  readonly pages: Pages<JoinedStrings>;

  constructor(
    readonly length: number,
    read: (page: number) => string,
    separator = '\u0000',
  ) {
    const countOf = (page: number) => Math.min(PAGE_SIZE, length - page * PAGE_SIZE);
    this.pages = new Pages(Math.ceil(length / PAGE_SIZE), read, (raw, page) =>
      JoinedStrings.parse(raw as string, separator, countOf(page)),
    );
  }

  at(i: number): string {
    return this.pages.get(i >>> PAGE_SHIFT).at(i & PAGE_MASK);
  }

  equals(i: number, value: string): boolean {
    return this.pages.get(i >>> PAGE_SHIFT).equals(i & PAGE_MASK, value);
  }
}

/** Int32s a page at a time: `decode` makes a page's values from what `read` returns. */
export class PagedInts implements IntColumn {
  readonly pages: Pages<Int32Array>;

  constructor(
    readonly length: number,
    read: (page: number) => unknown,
    decode: (raw: unknown) => Int32Array = (raw) => raw as Int32Array,
  ) {
    this.pages = new Pages(Math.ceil(length / PAGE_SIZE), read, decode);
  }

  at(i: number): number | undefined {
    return this.pages.get(i >>> PAGE_SHIFT)[i & PAGE_MASK];
  }
}

/** 0, 1, 2…: the key → entry column of kinds with one key per entry (people, companies), never stored. */
export class Identity implements IntColumn {
  constructor(readonly length: number) {}

  at(i: number): number | undefined {
    return i < this.length ? i : undefined;
  }
}

/** Every string of a column (for building from it: the ETL, small kinds). */
export function allStrings(column: StringColumn): string[] {
  return Array.from({ length: column.length }, (_, i) => column.at(i));
}
