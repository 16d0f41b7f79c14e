/**
 * Multi-row INSERTs for the bulk load: rows are buffered and written
 * `rowsPerStatement` at a time by one prepared `INSERT … VALUES (…), (…), …`,
 * so there is one call into SQLite per batch instead of one per row (the
 * per-call cost dominated the credits inserts: ~1M rows at full scale).
 * The last partial batch goes row by row in `flush()`.
 */
import type { Db } from '../src/catalog/catalog.js';

export interface BatchInsert {
  /** Buffers one row (exactly `columns` values, in the statement's column order). */
  add(...values: unknown[]): void;
  /** Writes the buffered rows; call before anything reads the table. */
  flush(): void;
}

/**
 * `head` is the statement up to `VALUES`, e.g. `INSERT INTO people (id, name) `.
 * SQLite allows 32,766 bound values per statement; batches stay far below.
 */
export function batchInsert(db: Db, head: string, columns: number, rowsPerStatement = 64): BatchInsert {
  const row = `(${new Array(columns).fill('?').join(', ')})`;
  const many = db.prepare(`${head} VALUES ${new Array(rowsPerStatement).fill(row).join(', ')}`);
  const single = db.prepare(`${head} VALUES ${row}`);
  const size = columns * rowsPerStatement;
  const buffer: unknown[] = [];
  return {
    add(...values) {
      for (const value of values) buffer.push(value);
      if (buffer.length >= size) {
        many.run(buffer);
        buffer.length = 0;
      }
    },
    flush() {
      for (let i = 0; i < buffer.length; i += columns) single.run(buffer.slice(i, i + columns));
      buffer.length = 0;
    },
  };
}
