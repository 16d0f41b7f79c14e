/**
 * The packed feature vectors (sparse.ts VectorBuilder) against a plain reference: one
 * Map per item (a repeated token sums its weights where it first appeared), then
 * ln((N + 1) / (df + 0.5)) per token, dropping tokens with idf ≤ 0: the recommender's
 * vectors as they were built before the packed form, value for value and in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VectorBuilder } from '../../src/recommend/sparse.js';

type Bag = [string, number][];

function reference(items: Bag[], idf: boolean): [string, number][][] {
  const maps = items.map((bag) => {
    const map = new Map<string, number>();
    for (const [token, weight] of bag) map.set(token, (map.get(token) ?? 0) + weight);
    return map;
  });
  if (!idf) return maps.map((m) => [...m]);
  const df = new Map<string, number>();
  for (const m of maps) for (const token of m.keys()) df.set(token, (df.get(token) ?? 0) + 1);
  const idfOf = (token: string) => Math.log((maps.length + 1) / ((df.get(token) as number) + 0.5));
  return maps.map((m) =>
    [...m]
      .filter(([token]) => idfOf(token) > 0)
      .map(([token, value]): [string, number] => [token, value * idfOf(token)]),
  );
}

function unpack(items: Bag[], idf: boolean): [string, number][][] {
  const builder = new VectorBuilder();
  for (const bag of items) {
    for (const [token, weight] of bag) builder.add(token, weight);
    builder.endItem();
  }
  const { starts, features, values, names } = builder.finish(idf);
  return items.map((_, i) => {
    const out: [string, number][] = [];
    for (let p = starts[i] as number; p < (starts[i + 1] as number); p++)
      out.push([names[features[p] as number] as string, values[p] as number]);
    return out;
  });
}

const bags = fc.array(
  fc.array(
    fc.tuple(
      fc.constantFrom('genre:1', 'genre:2', 'kw:7', 'kw:8', 'dir:3', 'decade:1990'),
      fc.constantFrom(0.4, 0.6, 1, 1.5, 3),
    ),
    {
      maxLength: 8,
    },
  ),
  { minLength: 1, maxLength: 12 },
);

describe('VectorBuilder', () => {
  it('sums repeated tokens in place and applies idf like one Map per item (property)', () => {
    fc.assert(
      fc.property(bags, fc.boolean(), (items, idf) => {
        expect(unpack(items, idf)).toEqual(reference(items, idf));
      }),
    );
  });

  it('sums a repeated token where it first appeared, then weighs it by idf, by hand', () => {
    const items: Bag[] = [
      [
        ['b', 1],
        ['a', 2],
        ['b', 1],
      ],
      [['a', 1]],
    ];
    // N = 2; df(b) = 1 → ln(3 / 1.5); df(a) = 2 → ln(3 / 2.5).
    expect(unpack(items, true)).toEqual([
      [
        ['b', 2 * Math.log(3 / 1.5)],
        ['a', 2 * Math.log(3 / 2.5)],
      ],
      [['a', Math.log(3 / 2.5)]],
    ]);
    expect(unpack(items, false)).toEqual([
      [
        ['b', 2],
        ['a', 2],
      ],
      [['a', 1]],
    ]);
  });
});
