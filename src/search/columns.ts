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

/** Strings read a page at a time: `read(page)` returns the page's strings joined by `separator`. */
export class PagedStrings implements StringColumn {
  private readonly pages: (JoinedStrings | undefined)[];

  constructor(
    readonly length: number,
    private readonly read: (page: number) => string,
    private readonly separator = '\u0000',
  ) {
    this.pages = new Array(Math.ceil(length / PAGE_SIZE));
  }

  at(i: number): string {
    return this.page(i >>> PAGE_SHIFT).at(i & PAGE_MASK);
  }

  equals(i: number, value: string): boolean {
    return this.page(i >>> PAGE_SHIFT).equals(i & PAGE_MASK, value);
  }

  private page(page: number): JoinedStrings {
    let strings = this.pages[page];
    if (!strings) {
      const count = Math.min(PAGE_SIZE, this.length - page * PAGE_SIZE);
      strings = JoinedStrings.parse(this.read(page), this.separator, count);
      this.pages[page] = strings;
    }
    return strings;
  }
}

/** Int32s read a page at a time: `read(page)` returns the page's values. */
export class PagedInts implements IntColumn {
  private readonly pages: (Int32Array | undefined)[];

  constructor(
    readonly length: number,
    private readonly read: (page: number) => Int32Array,
  ) {
    this.pages = new Array(Math.ceil(length / PAGE_SIZE));
  }

  at(i: number): number | undefined {
    const page = i >>> PAGE_SHIFT;
    let values = this.pages[page];
    if (!values) {
      values = this.read(page);
      this.pages[page] = values;
    }
    return values[i & PAGE_MASK];
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
