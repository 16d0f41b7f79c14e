import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { batchInsert } from '../../etl/batch.js';

describe('batchInsert (multi-row INSERTs for the bulk load)', () => {
  const table = () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)');
    return db;
  };
  const count = (db: Database.Database) => (db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n;

  it('writes full batches as they fill, and the rest on flush, with every value in place', () => {
    const db = table();
    const insert = batchInsert(db, 'INSERT INTO t (a, b)', 2, 4);
    for (let i = 1; i <= 10; i++) insert.add(i, i % 3 === 0 ? null : `v${i}`);
    expect(count(db)).toBe(8); // two batches of 4; 2 rows still buffered
    insert.flush();
    expect(count(db)).toBe(10);
    const rows = db.prepare('SELECT a, b FROM t ORDER BY a').all();
    expect(rows).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((a) => ({ a, b: [3, 6, 9].includes(a) ? null : `v${a}` })),
    );
    insert.flush(); // nothing left: no duplicate rows
    expect(count(db)).toBe(10);
  });

  it('keeps INSERT OR IGNORE semantics for repeats inside one batch', () => {
    const db = table();
    const insert = batchInsert(db, 'INSERT OR IGNORE INTO t (a, b)', 2, 3);
    for (const [a, b] of [
      [1, 'x'],
      [1, 'y'],
      [2, 'z'],
      [2, 'w'],
      [3, 'q'],
    ] as const)
      insert.add(a, b);
    insert.flush();
    expect(db.prepare('SELECT a, b FROM t ORDER BY a').all()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'z' },
      { a: 3, b: 'q' },
    ]);
  });

  it('fails like a single INSERT on a constraint violation', () => {
    const db = table();
    const insert = batchInsert(db, 'INSERT INTO t (a, b)', 2, 2);
    insert.add(1, 'x');
    expect(() => insert.add(1, 'y')).toThrow(/UNIQUE/);
  });
});
