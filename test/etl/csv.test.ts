import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, parseCsvText } from '../../etl/csv.js';

/** Feeds the text in pieces of `size` bytes, to cross every chunk boundary. */
function parseInChunks(text: string, size: number): string[][] {
  const bytes = Buffer.from(text);
  const parser = new CsvParser();
  const rows: string[][] = [];
  for (let i = 0; i < bytes.length; i += size) rows.push(...parser.push(bytes.subarray(i, i + size)));
  rows.push(...parser.end());
  return rows;
}

describe('CsvParser', () => {
  it('reads quoted fields spanning lines, doubled quotes, commas inside quotes', () => {
    const text = 'a,b,c\n1,"two, three","say ""hi""\nnext line"\n4,,6\n';
    expect(parseCsvText(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'two, three', 'say "hi"\nnext line'],
      ['4', '', '6'],
    ]);
  });

  it('handles CRLF, CRLF inside quotes, a BOM, no trailing newline and blank lines', () => {
    const text = '\uFEFFid,x\r\n1,"a\r\nb"\r\n\r\n2,c';
    expect(parseCsvText(text)).toEqual([
      ['id', 'x'],
      ['1', 'a\r\nb'],
      ['2', 'c'],
    ]);
  });

  it('keeps U+2028 inside a field and allows short rows', () => {
    expect(parseCsvText('a,b,c\n"x\u2028y"\n1,2\n')).toEqual([['a', 'b', 'c'], ['x\u2028y'], ['1', '2']]);
  });

  it('reads a trailing empty field and a quote inside an unquoted field', () => {
    expect(parseCsvText('a,b,\n5" screen,x\n')).toEqual([
      ['a', 'b', ''],
      ['5" screen', 'x'],
    ]);
  });

  it('gives the same rows whatever the chunk size (multi-byte characters split across chunks)', () => {
    const text = '\uFEFFid,name\n1,"Penélope Cruz, ""Pe"""\n2,千と千尋の神隠し\r\n3,"a\nb"';
    const whole = parseCsvText(text);
    expect(whole[0]).toEqual(['id', 'name']); // the BOM is dropped
    expect(whole[2]).toEqual(['2', '千と千尋の神隠し']);
    for (const size of [1, 2, 3, 5, 7, 64]) expect(parseInChunks(text, size)).toEqual(whole);
  });

  it('throws CsvSyntaxError with the record number on an unclosed quote or text after a closing quote', () => {
    expect(() => parseCsvText('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      parseCsvText('a,b\n1,2\n3,"x"y\n');
    } catch (error) {
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).record).toBe(3);
    }
  });

  it('agrees with csv-parse on random well-formed CSV, in random chunk sizes', () => {
    // Fields are written with RFC 4180 quoting; csv-parse is the reference reader.
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r\n', '\u2028', '1', '日') });
    const row = fc.array(field, { minLength: 2, maxLength: 4 });
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        (rows, size, crlf) => {
          const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
          const expected = parse(text, { relax_column_count: true }) as string[][];
          expect(parseInChunks(text, size)).toEqual(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});
