/**
 * The scan of short names (src/search/nearby.ts) finds exactly the forms within the edits
 * asked for, checked against the plain OSA distance of every form (fuzzy.ts's osaDistance,
 * itself checked against a textbook table in fuzzy.test.ts), and the search uses it: a
 * two-edit typo of a short title that shares no trigram with it is found.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaSql } from '../../src/catalog/catalog.js';
import { OsaPattern, osaDistance } from '../../src/search/fuzzy.js';
import { createEntitySearch } from '../../src/search/index.js';
import { NearbyForms, SHORT_MAX } from '../../src/search/nearby.js';

describe('NearbyForms', () => {
  const word = (max: number) =>
    fc
      .array(fc.constantFrom('a', 'b', 'c', 'e', 'r', 's', 'é', '7'), { minLength: 1, maxLength: max })
      .map((c) => c.join(''));

  it('finds every form within the edits, and only those (property)', () => {
    fc.assert(
      fc.property(
        fc.array(word(18), { maxLength: 60 }),
        word(18),
        fc.integer({ min: 1, max: 2 }),
        (forms, query, edits) => {
          const nearby = new NearbyForms(NearbyForms.build(forms.map((form, key): [string, number] => [form, key])));
          const found: number[] = [];
          nearby.within(new OsaPattern(query), edits, (key) => found.push(key));
          const expected = forms
            .map((form, key) => ({ form, key }))
            .filter(({ form }) => form.length >= 3 && form.length <= SHORT_MAX && osaDistance(query, form) <= edits)
            .map(({ key }) => key);
          expect(found.sort((a, b) => a - b)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives every key of a form shared by several', () => {
    const nearby = new NearbyForms(
      NearbyForms.build([
        ['scream', 0],
        ['scream', 4],
        ['screams', 2],
        ['dream', 3],
      ]),
    );
    const found: number[] = [];
    nearby.within(new OsaPattern('sceramm'), 2, (key) => found.push(key));
    expect(found.sort()).toEqual([0, 2, 4]); // "screams": swap + substitution; "dream": 4 edits
  });
});

describe('the search finds a short title two edits away that shares no trigram with the query', () => {
  const db = new Database(':memory:');
  db.exec(schemaSql());
  const insert = db.prepare(
    `INSERT INTO movies (id, title, title_key, release_date, release_year, release_month, release_weekday, vote_count)
     VALUES (?, ?, ?, '2000-01-01', 2000, 1, 6, ?)`,
  );
  // Scream and many titles sharing its first letters, so trigram candidates crowd it out.
  insert.run(1, 'Scream', 'scream', 100);
  const fillers = ['scar', 'scat', 'scene', 'scope', 'score', 'scout', 'scrap', 'screw', 'scrub', 'scuba'];
  fillers.forEach((w, i) => {
    for (let k = 0; k < 40; k++) insert.run(100 + i * 40 + k, `${w} ${k}`, `${w} ${k}`, 1);
  });
  const search = createEntitySearch(db);

  it('"sceramm" (a swap and a doubled letter) → Scream', () => {
    expect(search.titles('sceramm')[0]?.id).toBe('tmdb:1');
  });
});
