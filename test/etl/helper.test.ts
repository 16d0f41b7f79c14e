import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fixtureCatalogPath } from '../helpers/catalog.js';

describe('test/helpers/catalog', () => {
  it('builds the fixture once and returns the same path', async () => {
    const [a, b] = await Promise.all([fixtureCatalogPath(), fixtureCatalogPath()]);
    expect(a).toBe(b);
    const db = new Database(a, { readonly: true });
    // 47 kept movies and 56 titles: FIXTURE.md, worked out from the rows by hand.
    expect(db.prepare('SELECT count(*) AS n FROM movies').get()).toEqual({ n: 47 });
    expect(db.prepare('SELECT count(*) AS n FROM titles').get()).toEqual({ n: 56 });
    db.close();
  });
});
