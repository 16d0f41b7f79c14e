/**
 * A parser for Python literals as `repr()` writes them: the nested fields of
 * The Movies Dataset (`[{'id': 16, 'name': 'Animation'}]`, `None`, `'\xa0'`).
 *
 * Hand-written and single-pass (index-based, char codes, no regex, no eval)
 * because it is the ETL's hot path: the full credits file is ~190 MB of
 * literals. JSON.parse after quote-swapping would be wrong (apostrophes inside
 * double-quoted strings, `\x` escapes), and no npm package parses Python
 * literals at this speed.
 *
 * Mapping: dict → plain object (keys stringified), list/tuple/set → array,
 * str → string, int/float → number, None → null, True/False → boolean.
 */

export type PyValue = null | boolean | number | string | PyValue[] | PyDict;
export interface PyDict {
  [key: string]: PyValue;
}

export class PyLiteralError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'PyLiteralError';
  }
}

// Module-level cursor: the parser is synchronous and never re-entered, and plain
// variables are measurably faster in V8 than fields of a parser object.
let src = '';
let pos = 0;
// Positions of the next backslash and line break at or after some earlier point
// (-1: not looked up yet). Strings end before them in the common case, so a string
// is found with native indexOf calls instead of a per-character loop.
let nextBackslash = -1;
let nextLineBreak = -1;

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const BACKSLASH = 92;
const QUOTE = 39; // '
const DQUOTE = 34; // "

/** Parses one complete Python literal; throws PyLiteralError (with position) on anything else. */
export function parsePyLiteral(text: string): PyValue {
  src = text;
  pos = 0;
  nextBackslash = -1;
  nextLineBreak = -1;
  depth = 0;
  try {
    skipSpace();
    const value = parseValue();
    skipSpace();
    if (pos < src.length) fail('unexpected text after the literal');
    return value;
  } finally {
    src = '';
  }
}

function fail(reason: string, at = pos): never {
  throw new PyLiteralError(reason, at);
}

function skipSpace(): void {
  while (pos < src.length) {
    const c = src.charCodeAt(pos);
    if (c === SPACE || c === TAB || c === LF || c === CR) pos++;
    else if (c === BACKSLASH && isLineContinuation(pos)) pos += src.charCodeAt(pos + 1) === CR ? 3 : 2;
    else return;
  }
}

function isLineContinuation(at: number): boolean {
  const next = src.charCodeAt(at + 1);
  return next === LF || next === CR;
}

function parseValue(): PyValue {
  if (pos >= src.length) fail('unexpected end of input');
  const c = src.charCodeAt(pos);
  switch (c) {
    case 91: // [
      return parseSequence(93);
    case 40: // (
      return parseTuple();
    case 123: // {
      return parseBraces();
    case QUOTE:
    case DQUOTE:
      return parseString(false);
    default:
      if ((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46) return parseNumber();
      return parseWord();
  }
}

/** Containers deeper than this are refused (as Python's own recursion limit would), not a stack overflow. */
const MAX_DEPTH = 500;
let depth = 0;

/** Entering a container; errors need no matching exit: parsePyLiteral resets the depth. */
function enter(): void {
  if (++depth > MAX_DEPTH) fail('nested too deeply');
}

/** `[a, b, ]` (also the body of tuples); `pos` is at the opening bracket. */
function parseSequence(close: number): PyValue[] {
  enter();
  pos++;
  const items: PyValue[] = [];
  skipSpace();
  while (true) {
    if (pos >= src.length) fail('unterminated list');
    if (src.charCodeAt(pos) === close) {
      pos++;
      depth--;
      return items;
    }
    items.push(parseValue());
    skipSpace();
    const c = src.charCodeAt(pos);
    if (c === 44) {
      pos++;
      skipSpace();
    } else if (c !== close) fail(pos >= src.length ? 'unterminated list' : "expected ',' or closing bracket");
  }
}

/** `()`, `(x,)`, `(x, y)` → array; `(x)` is just x. */
function parseTuple(): PyValue {
  const start = pos;
  enter();
  pos++;
  skipSpace();
  if (src.charCodeAt(pos) === 41) {
    pos++;
    depth--;
    return [];
  }
  const first = parseValue();
  skipSpace();
  const c = src.charCodeAt(pos);
  if (c === 41) {
    pos++;
    depth--;
    return first;
  }
  if (c !== 44) fail(pos >= src.length ? 'unterminated tuple' : "expected ',' or ')'");
  pos = start;
  depth--; // re-read as a sequence, which enters again
  return parseSequence(41);
}

/** `{k: v, …}` → object; `{a, b}` (a set) → array. */
function parseBraces(): PyValue {
  enter();
  pos++;
  skipSpace();
  const dict: PyDict = {};
  if (src.charCodeAt(pos) === 125) {
    pos++;
    depth--;
    return dict;
  }
  const firstKey = parseKey(0);
  skipSpace();
  if (src.charCodeAt(pos) !== 58) return finishSet(firstKey);
  let key: PyValue = firstKey;
  let slot = 0;
  while (true) {
    pos++; // the ':'
    skipSpace();
    if (typeof key === 'string' && key !== '__proto__') dict[key] = parseValue();
    else setKey(dict, key, parseValue());
    skipSpace();
    let c = src.charCodeAt(pos);
    if (c === 44) {
      pos++;
      skipSpace();
      c = src.charCodeAt(pos);
    } else if (c !== 125) fail(pos >= src.length ? 'unterminated dict' : "expected ',' or '}'");
    if (c === 125) {
      pos++;
      depth--;
      return dict;
    }
    if (pos >= src.length) fail('unterminated dict');
    key = parseKey(++slot);
    skipSpace();
    if (src.charCodeAt(pos) !== 58) fail(pos >= src.length ? 'unterminated dict' : "expected ':'");
  }
}

// Dict keys repeat ('id', 'name', … in every dict of a list): the string last
// read at the same slot is reused when the text matches, which skips slicing and
// re-hashing it (the biggest single cost of building the objects). Keys holding
// a backslash are never cached, so source text and key always compare equal.
const keyCache: string[] = [];
const KEY_SLOTS = 32;

function parseKey(slot: number): PyValue {
  const quote = src.charCodeAt(pos);
  if (quote !== QUOTE && quote !== DQUOTE) return parseValue();
  const cached = keyCache[slot];
  if (cached !== undefined && src.startsWith(cached, pos + 1) && src.charCodeAt(pos + 1 + cached.length) === quote) {
    pos += cached.length + 2;
    return cached;
  }
  const key = parseString(false);
  if (slot < KEY_SLOTS && key.indexOf('\\') < 0) keyCache[slot] = key;
  return key;
}

function setKey(dict: PyDict, key: PyValue, value: PyValue): void {
  if (key !== null && typeof key === 'object') fail('unhashable dict key');
  const name = key === null ? 'None' : typeof key === 'boolean' ? (key ? 'True' : 'False') : String(key);
  // A '__proto__' key must become an own property, not the object's prototype.
  if (name === '__proto__') Object.defineProperty(dict, name, { value, enumerable: true, writable: true });
  else dict[name] = value;
}

function finishSet(first: PyValue): PyValue[] {
  const items = [first];
  while (true) {
    const c = src.charCodeAt(pos);
    if (c === 125) {
      pos++;
      depth--;
      return items;
    }
    if (c !== 44) fail(pos >= src.length ? 'unterminated set' : "expected ',' or '}'");
    pos++;
    skipSpace();
    if (src.charCodeAt(pos) === 125) continue;
    items.push(parseValue());
    skipSpace();
  }
}

/** A quoted string; `pos` is at the opening quote. Fast path: no escapes → one slice. */
function parseString(raw: boolean): string {
  const quote = src.charCodeAt(pos);
  const start = ++pos;
  const close = src.indexOf(quote === QUOTE ? "'" : '"', start);
  if (close >= 0) {
    if (nextBackslash < start) nextBackslash = indexOrEnd('\\', start);
    if (nextLineBreak < start) nextLineBreak = Math.min(indexOrEnd('\n', start), indexOrEnd('\r', start));
    if (close < nextBackslash && close < nextLineBreak) {
      pos = close + 1;
      return src.slice(start, close);
    }
  }
  const end = src.length;
  while (pos < end) {
    const c = src.charCodeAt(pos);
    if (c === quote) return src.slice(start, pos++);
    if (c === BACKSLASH) return parseEscapedString(start, quote, raw);
    if (c === LF || c === CR) fail('line break inside a string');
    pos++;
  }
  return fail('unterminated string', start - 1);
}

function indexOrEnd(text: string, from: number): number {
  const at = src.indexOf(text, from);
  return at < 0 ? src.length : at;
}

function parseEscapedString(start: number, quote: number, raw: boolean): string {
  let out = '';
  let chunk = start;
  const end = src.length;
  while (pos < end) {
    const c = src.charCodeAt(pos);
    if (c === quote) {
      out += src.slice(chunk, pos++);
      return out;
    }
    if (c === LF || c === CR) fail('line break inside a string');
    if (c !== BACKSLASH) {
      pos++;
      continue;
    }
    out += src.slice(chunk, pos);
    if (pos + 1 >= end) break;
    if (raw) {
      // r'…': the backslash stays, and only stops the next character from ending the string.
      out += src.slice(pos, pos + 2);
      pos += 2;
    } else out += readEscape();
    chunk = pos;
  }
  return fail('unterminated string', start - 1);
}

/** One escape sequence; `pos` is at the backslash, and ends after the sequence. */
function readEscape(): string {
  const at = pos;
  const c = src.charCodeAt(pos + 1);
  pos += 2;
  switch (c) {
    case BACKSLASH:
      return '\\';
    case QUOTE:
      return "'";
    case DQUOTE:
      return '"';
    case 110: // n
      return '\n';
    case 116: // t
      return '\t';
    case 114: // r
      return '\r';
    case 97: // a
      return '\x07';
    case 98: // b
      return '\b';
    case 102: // f
      return '\f';
    case 118: // v
      return '\v';
    case LF: // line continuation
      return '';
    case CR:
      if (src.charCodeAt(pos) === LF) pos++;
      return '';
    case 120: // xNN
      return String.fromCodePoint(readHex(2, at));
    case 117: // uNNNN
      return String.fromCodePoint(readHex(4, at));
    case 85: {
      // UNNNNNNNN
      const code = readHex(8, at);
      if (code > 0x10ffff) fail('escape out of Unicode range', at);
      return String.fromCodePoint(code);
    }
    default:
      if (c >= 48 && c <= 55) return String.fromCodePoint(readOctal());
      // Python keeps unknown escapes as written (backslash included).
      return src.slice(at, pos);
  }
}

function readHex(digits: number, at: number): number {
  let value = 0;
  for (let i = 0; i < digits; i++) {
    const d = hexDigit(src.charCodeAt(pos + i));
    if (d < 0) fail(pos + i >= src.length ? 'truncated escape' : 'bad hex escape', at);
    value = value * 16 + d;
  }
  pos += digits;
  return value;
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** `\o`, `\oo`, `\ooo`: `pos` is just after the first digit. */
function readOctal(): number {
  let value = src.charCodeAt(pos - 1) - 48;
  for (let i = 0; i < 2; i++) {
    const c = src.charCodeAt(pos);
    if (c < 48 || c > 55) break;
    value = value * 8 + (c - 48);
    pos++;
  }
  return value;
}

/** int or float, optionally signed: `-3`, `7.7`, `1e-05`, `.5`, `5.`. */
function parseNumber(): number {
  const start = pos;
  let c = src.charCodeAt(pos);
  if (c === 45 || c === 43) {
    pos++;
    skipSpace(); // Python accepts `- 3`
    c = src.charCodeAt(pos);
  }
  const digitsStart = pos;
  let digits = 0;
  // Integers (ids, orders, genders: most numbers in credits) are added up as read: no slice, no Number().
  let integer = 0;
  while (isDigit(c)) {
    integer = integer * 10 + (c - 48);
    c = src.charCodeAt(++pos);
    digits++;
  }
  if (digits > 0 && digits <= 15 && c !== 46 && c !== 101 && c !== 69 && !isWordChar(c))
    return src.charCodeAt(start) === 45 ? -integer : integer;
  if (src.charCodeAt(pos) === 46) {
    pos++;
    while (isDigit(src.charCodeAt(pos))) {
      pos++;
      digits++;
    }
  }
  if (digits === 0) fail('bad number', start);
  c = src.charCodeAt(pos);
  if (c === 101 || c === 69) {
    pos++;
    c = src.charCodeAt(pos);
    if (c === 45 || c === 43) pos++;
    if (!isDigit(src.charCodeAt(pos))) fail('bad number exponent', start);
    while (isDigit(src.charCodeAt(pos))) pos++;
  }
  if (isWordChar(src.charCodeAt(pos))) fail('bad number', start);
  const value = Number(src.slice(digitsStart, pos));
  return src.charCodeAt(start) === 45 ? -value : value;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

/** None, True, False, or a prefixed string (u'…', r'…'). */
function parseWord(): PyValue {
  const start = pos;
  while (isWordChar(src.charCodeAt(pos))) pos++;
  const word = src.slice(start, pos);
  const next = src.charCodeAt(pos);
  if (next === QUOTE || next === DQUOTE) {
    const prefix = word.toLowerCase();
    if (prefix === 'u') return parseString(false);
    if (prefix === 'r' || prefix === 'ur') return parseString(true);
  }
  if (word === 'None') return null;
  if (word === 'True') return true;
  if (word === 'False') return false;
  if (word === '') fail(`unexpected character '${src[start]}'`, start);
  return fail(`unknown name '${word.slice(0, 20)}'`, start);
}
