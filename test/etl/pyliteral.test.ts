import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PyLiteralError, parsePyLiteral } from '../../etl/pyliteral.js';

describe('parsePyLiteral: scalars', () => {
  it.each([
    ['None', null],
    ['True', true],
    ['False', false],
    ['0', 0],
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
    ['- 3', -3],
    ['7.7', 7.7],
    ['-0.5', -0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e-05', 0.00001],
    ['2.5E3', 2500],
    ['  12  ', 12],
  ])('%s', (text, expected) => {
    expect(parsePyLiteral(text)).toBe(expected);
  });
});

describe('parsePyLiteral: strings', () => {
  it.each([
    ["'abc'", 'abc'],
    ['"abc"', 'abc'],
    ["''", ''],
    ['"O\'Brien"', "O'Brien"],
    ['\'say "hi"\'', 'say "hi"'],
    ["'it\\'s'", "it's"],
    ['"a\\"b"', 'a"b'],
    ["'back\\\\slash'", 'back\\slash'],
    ["'a\\nb\\tc\\rd'", 'a\nb\tc\rd'],
    ["'Yolande\\xa0Moreau'", 'Yolande\u00a0Moreau'],
    ["'caf\\xe9'", 'café'],
    ["'\\u00e9t\\u00e9'", 'été'],
    ["'\\U0001F600'", '😀'],
    ["'\\101'", 'A'],
    ["'\\0'", '\0'],
    ["'\\d'", '\\d'], // unknown escapes keep the backslash, as in Python
    ["'line\\\ncontinued'", 'linecontinued'],
    ["'line\\\r\ncontinued'", 'linecontinued'],
    ["'千と千尋の神隠し'", '千と千尋の神隠し'],
    ["'emoji 🎬 ok'", 'emoji 🎬 ok'],
    ["u'unicode'", 'unicode'],
    ["r'raw\\n'", 'raw\\n'],
  ])('%s', (text, expected) => {
    expect(parsePyLiteral(text)).toBe(expected);
  });
});

describe('parsePyLiteral: containers', () => {
  it('parses a TMDB genres list', () => {
    expect(parsePyLiteral("[{'id': 16, 'name': 'Animation'}, {'id': 35, 'name': 'Comedy'}]")).toEqual([
      { id: 16, name: 'Animation' },
      { id: 35, name: 'Comedy' },
    ]);
  });

  it('parses a collection dict with None', () => {
    expect(
      parsePyLiteral("{'id': 230, 'name': 'The Godfather Collection', 'poster_path': None, 'backdrop_path': None}"),
    ).toEqual({ id: 230, name: 'The Godfather Collection', poster_path: null, backdrop_path: null });
  });

  it('parses a cast entry with an apostrophe and a \\xa0 escape', () => {
    const text =
      "[{'cast_id': 1, 'character': \"Kate McCallister\", 'id': 11514, 'name': \"Catherine O'Hara\", 'order': 1}, " +
      "{'cast_id': 2, 'character': 'Madeleine Wallace', 'id': 2, 'name': 'Yolande\\xa0Moreau', 'order': 0}]";
    expect(parsePyLiteral(text)).toEqual([
      { cast_id: 1, character: 'Kate McCallister', id: 11514, name: "Catherine O'Hara", order: 1 },
      { cast_id: 2, character: 'Madeleine Wallace', id: 2, name: 'Yolande\u00a0Moreau', order: 0 },
    ]);
  });

  it('parses nested lists, tuples, sets and trailing commas', () => {
    expect(parsePyLiteral('[[1, [2, (3, 4)]], (), (5,), (6), {7, 8}, [9,], {}]')).toEqual([
      [1, [2, [3, 4]]],
      [],
      [5],
      6,
      [7, 8],
      [9],
      {},
    ]);
  });

  it('stringifies non-string keys and keeps __proto__ as data', () => {
    const value = parsePyLiteral("{1: 'a', None: 'b', True: 'c', '__proto__': 'd'}") as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['1', 'None', 'True', '__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toBe('d');
  });

  it('reuses cached keys without mixing up keys that share a prefix', () => {
    expect(parsePyLiteral("[{'id': 1, 'name': 'a'}, {'idx': 2, 'names': 'b'}, {'id': 3, 'name': 'c'}]")).toEqual([
      { id: 1, name: 'a' },
      { idx: 2, names: 'b' },
      { id: 3, name: 'c' },
    ]);
    // A key with an escaped quote must not be confused with the cached text.
    expect(parsePyLiteral("[{'a\\\\': 1}, {'a\\'': 2}]")).toEqual([{ 'a\\': 1 }, { "a'": 2 }]);
  });

  it('accepts whitespace and newlines between tokens', () => {
    expect(parsePyLiteral("[\n  {'a' :  1 ,\n   'b': [ ] } ,\n]")).toEqual([{ a: 1, b: [] }]);
  });
});

describe('parsePyLiteral: errors', () => {
  it.each([
    ['', 'unexpected end of input'],
    ["[{'id': 16, 'name': 'Anim", 'unterminated string'],
    ["[{'id': 16, 'name': 'Animation'}", 'unterminated list'],
    ["{'id': 16", 'unterminated dict'],
    ["{'id' 16}", "expected ',' or '}'"], // read as a set, like Python's grammar would
    ["{'id': 16, 'name' 'x'}", "expected ':'"],
    ['[1 2]', "expected ',' or closing bracket"],
    ["'a\\x4'", 'bad hex escape'],
    ["'a\\x4", 'truncated escape'],
    ["'\\U00110000'", 'escape out of Unicode range'],
    ["'two\nlines'", 'line break inside a string'],
    ['null', "unknown name 'null'"],
    ['nan', "unknown name 'nan'"],
    ['[1] x', 'unexpected text after the literal'],
    ['12abc', 'bad number'],
    ['1e', 'bad number exponent'],
    ['@', "unexpected character '@'"],
    ['{[1]: 2}', 'unhashable dict key'],
  ])('%j → %s', (text, reason) => {
    let error: unknown;
    try {
      parsePyLiteral(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PyLiteralError);
    expect((error as PyLiteralError).reason).toBe(reason);
    expect((error as PyLiteralError).position).toBeGreaterThanOrEqual(0);
  });

  it('refuses absurd nesting with a PyLiteralError, not a stack overflow', () => {
    expect(() => parsePyLiteral('['.repeat(100_000))).toThrow(/nested too deeply/);
    expect(parsePyLiteral(`${'['.repeat(400)}${']'.repeat(400)}`)).toHaveLength(1);
    // Siblings do not add up: 1000 dicts, tuples, sets and parenthesised values in one list.
    const siblings = `[${Array.from({ length: 1000 }, (_, i) => `{'a': ${i}}, (${i},), {${i}}, (${i}), [], {}, ()`).join(', ')}]`;
    expect(parsePyLiteral(siblings)).toHaveLength(7000);
  });

  it('reports the position of the problem', () => {
    expect(() => parsePyLiteral("[1, 2, 'x")).toThrow(/unterminated string at position 7/);
  });
});

/** A Python repr() written independently of the parser: the oracle for the property test. */
function pyRepr(value: unknown): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    let out = quote;
    for (const ch of value) {
      const code = ch.codePointAt(0) ?? 0;
      if (ch === '\\') out += '\\\\';
      else if (ch === quote) out += `\\${quote}`;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\r') out += '\\r';
      else if (code < 0x20 || (code >= 0x7f && code <= 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else out += ch;
    }
    return out + quote;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
}

describe('parsePyLiteral: property', () => {
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1e9, max: 1e9 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.string({ unit: 'binary' }),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('list'), tie('dict')),
    list: fc.array(tie('node'), { maxLength: 5 }),
    dict: fc.dictionary(
      fc.string({ unit: 'binary' }).filter((k) => k !== '__proto__'),
      tie('node'),
      { maxKeys: 5 },
    ),
  })).node;

  it('parses whatever repr() would write', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(parsePyLiteral(pyRepr(v))).toEqual(v);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but PyLiteralError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        try {
          parsePyLiteral(text);
        } catch (error) {
          expect(error).toBeInstanceOf(PyLiteralError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
