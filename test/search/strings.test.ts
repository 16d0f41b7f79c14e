import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashString, JoinedStrings } from '../../src/search/strings.js';

describe('JoinedStrings', () => {
  // No NUL inside: parse() splits on it (the stored index never holds one).
  const list = fc.array(
    fc.string({ maxLength: 8 }).map((s) => s.replaceAll('\u0000', '')),
    { maxLength: 12 },
  );

  it('parse and from give back every string, in order, empty ones included', () => {
    fc.assert(
      fc.property(list, (strings) => {
        const parsed = JoinedStrings.parse(strings.join('\u0000'), '\u0000', strings.length);
        const built = JoinedStrings.from(strings);
        expect(parsed.length).toBe(strings.length);
        expect(parsed.toArray()).toEqual(strings);
        expect(built.toArray()).toEqual(strings);
        strings.forEach((s, i) => {
          expect(parsed.equals(i, s)).toBe(true);
          expect(parsed.equals(i, `${s}x`)).toBe(false);
          expect(parsed.hash(i)).toBe(hashString(s));
        });
      }),
    );
  });

  it('from() keeps a string that contains the separator whole', () => {
    const strings = JoinedStrings.from(['a\u0000b', '', 'c']);
    expect(strings.toArray()).toEqual(['a\u0000b', '', 'c']);
  });

  it('hashString is 32-bit FNV-1a (known vectors)', () => {
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
  });
});
