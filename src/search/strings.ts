import type { StringColumn } from './columns.js';

/**
 * A list of strings kept as one joined text plus start offsets: opening the stored
 * index then splits nothing (splitting ~300k names into strings took ~0.15 s per
 * column), and a string is sliced out only when a query looks at it.
 */
export class JoinedStrings implements StringColumn {
  /** starts[i]..starts[i + 1] - 1 is string i (the separator after it excluded). */
  private constructor(
    readonly text: string,
    private readonly starts: Int32Array,
  ) {}

  /** `text` is `count` strings joined by `separator` (which none of them contains). */
  static parse(text: string, separator: string, count: number): JoinedStrings {
    const starts = new Int32Array(count + 1);
    let at = 0;
    for (let i = 0; i < count; i++) {
      starts[i] = at;
      const end = text.indexOf(separator, at);
      at = (end === -1 ? text.length : end) + 1;
    }
    starts[count] = count === 0 ? 0 : text.length + 1;
    return new JoinedStrings(text, starts);
  }

  /** Offsets come from the lengths, so the strings may contain the separator. */
  static from(list: readonly string[], separator = '\u0000'): JoinedStrings {
    const starts = new Int32Array(list.length + 1);
    let at = 0;
    list.forEach((item, i) => {
      starts[i] = at;
      at += item.length + 1;
    });
    starts[list.length] = at;
    return new JoinedStrings(list.join(separator), starts);
  }

  get length(): number {
    return this.starts.length - 1;
  }

  at(i: number): string {
    return this.text.slice(this.starts[i], (this.starts[i + 1] as number) - 1);
  }

  /** Whether string i equals `value`, without slicing it out. */
  equals(i: number, value: string): boolean {
    const from = this.starts[i] as number;
    return (this.starts[i + 1] as number) - 1 - from === value.length && this.text.startsWith(value, from);
  }

  /** FNV-1a over the UTF-16 units of string i (same as hashString of it). */
  hash(i: number): number {
    const to = (this.starts[i + 1] as number) - 1;
    let h = 0x811c9dc5;
    for (let k = this.starts[i] as number; k < to; k++) h = Math.imul(h ^ this.text.charCodeAt(k), 0x01000193);
    return h >>> 0;
  }

  toArray(): string[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }
}

/** FNV-1a over UTF-16 units. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
