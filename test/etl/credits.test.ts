import { describe, expect, it } from 'vitest';
import { parseCreditsRow } from '../../etl/credits.js';

describe('parseCreditsRow (rule 8)', () => {
  it('orders the cast by billing order (stable) and keeps only Directors from the crew', () => {
    const cast =
      "[{'id': 3, 'name': 'C', 'character': 'c', 'order': 2}, {'id': 1, 'name': 'A', 'character': None, 'order': 0}," +
      " {'id': 4, 'name': 'D', 'character': 'd', 'order': 2}, {'id': 2, 'name': \"B'b\", 'character': 'b', 'order': 1}]";
    const crew =
      "[{'id': 9, 'job': 'Screenplay', 'name': 'W'}, {'id': 8, 'job': 'Director', 'name': 'Dir'}," +
      " {'id': 7, 'job': 'director', 'name': 'NotExact'}]";
    expect(parseCreditsRow(5, '862', cast, crew)).toEqual({
      row: 5,
      id: '862',
      cast: [1, 'A', '', 2, "B'b", 'b', 3, 'C', 'c', 4, 'D', 'd'],
      directors: [8, 'Dir'],
    });
  });

  it('turns fields that do not parse into empty lists with a warning each', () => {
    const parsed = parseCreditsRow(7, '1', "[{'id': 1, 'name': 'Cut", '{}');
    expect(parsed.cast).toEqual([]);
    expect(parsed.directors).toEqual([]);
    expect(parsed.warnings).toEqual([
      ['cast', expect.stringContaining('unterminated string')],
      ['crew', 'not a list'],
    ]);
  });
});
