/**
 * Reads a MovieLens ratings file (`userId,movieId,rating,timestamp`) row by row
 * without making strings. The full `ratings.csv` has 26 M rows: through the
 * generic reader (csv.ts records → strings → numbers, one async step per row) that
 * was ~10–20 µs a row, minutes for the file. Here each chunk is scanned for line
 * breaks and commas, and the three numbers are read from the bytes.
 *
 * Same results as the generic reader: a field that is not plain digits (with an
 * optional `.digits` for the rating) is decoded as text and checked by the same
 * rules (positiveId, a finite Number); a line holding a `"` is parsed by the CSV
 * parser; a blank line is skipped; missing cells read as empty.
 */
import { positiveId } from './clean.js';
import { parseCsvText } from './csv.js';
import { EtlError } from './errors.js';
import { type FileReport, reject } from './report.js';
import { openBytes, readError, type SourceFile } from './sources.js';

const LF = 10;
const CR = 13;
const COMMA = 44;
const QUOTE = 34;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const NOT_PLAIN = -1;

const REQUIRED = ['userId', 'movieId', 'rating'] as const;

/** A valid row: the user, the MovieLens movie id and the rating. */
export type OnRating = (user: number, movie: number, rating: number) => void;

/** Plain digits → their value (NOT_PLAIN otherwise, and for 0 or unsafe integers, like positiveId). */
function plainId(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return NOT_PLAIN;
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return NOT_PLAIN;
    value = value * 10 + (c - ZERO);
  }
  return value > 0 ? value : NOT_PLAIN;
}

/** `d+` or `d+.d+` → its value; NaN for anything else (then read as text). */
function plainDecimal(bytes: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 15) return Number.NaN; // 15 digits: every integer below stays exact
  let whole = 0;
  let i = from;
  for (; i < to && bytes[i] !== DOT; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return Number.NaN;
    whole = whole * 10 + (c - ZERO);
  }
  if (i === from) return Number.NaN;
  if (i === to) return whole;
  if (i + 1 === to) return Number.NaN; // "4." → read as text
  let digits = whole;
  let scale = 1;
  for (i++; i < to; i++) {
    const c = bytes[i] as number;
    if (c < ZERO || c > NINE) return Number.NaN;
    digits = digits * 10 + (c - ZERO);
    scale *= 10;
  }
  // An exact integer over an exact power of ten, rounded once: the double Number() gives for the text.
  return digits / scale;
}

/** The text rules of the generic reader, for a field the fast path did not take. */
function idOfText(text: string | undefined): number {
  return positiveId(text ?? '') ?? NOT_PLAIN;
}

function ratingOfText(text: string | undefined): number {
  const trimmed = (text ?? '').trim();
  const value = Number(trimmed);
  return trimmed === '' ? Number.NaN : value;
}

class RatingLines {
  /** Column indexes of userId, movieId and rating (−1 until the header is read). */
  private userColumn = -1;
  private movieColumn = -1;
  private ratingColumn = -1;
  private readonly starts = new Int32Array(64);
  private readonly ends = new Int32Array(64);

  constructor(
    private readonly file: SourceFile,
    private readonly rep: FileReport,
    private readonly onRating: OnRating,
  ) {}

  get headerRead(): boolean {
    return this.userColumn >= 0;
  }

  line(bytes: Buffer, from: number, to: number): void {
    if (to > from && bytes[to - 1] === CR) to--;
    if (to === from) return; // a blank line
    if (!this.headerRead) {
      this.header(bytes.toString('utf8', from, to));
      return;
    }
    this.rep.rowsRead++;
    // Field boundaries (up to 64 fields; the rest of a longer line is one last field).
    const { starts, ends } = this;
    let count = 0;
    let start = from;
    for (let i = from; i < to; i++) {
      const c = bytes[i];
      if (c === QUOTE) {
        this.quoted(bytes, from, to);
        return;
      }
      if (c === COMMA && count < 63) {
        starts[count] = start;
        ends[count++] = i;
        start = i + 1;
      }
    }
    starts[count] = start;
    ends[count++] = to;
    const { userColumn, movieColumn, ratingColumn } = this;
    let user =
      userColumn < count ? plainId(bytes, starts[userColumn] as number, ends[userColumn] as number) : NOT_PLAIN;
    if (user === NOT_PLAIN) user = idOfText(this.text(bytes, userColumn, count));
    let movie =
      movieColumn < count ? plainId(bytes, starts[movieColumn] as number, ends[movieColumn] as number) : NOT_PLAIN;
    if (movie === NOT_PLAIN) movie = idOfText(this.text(bytes, movieColumn, count));
    let rating =
      ratingColumn < count
        ? plainDecimal(bytes, starts[ratingColumn] as number, ends[ratingColumn] as number)
        : Number.NaN;
    if (Number.isNaN(rating)) rating = ratingOfText(this.text(bytes, ratingColumn, count));
    this.row(user, movie, rating);
  }

  /** A field of the current line as text (undefined when the line is shorter). */
  private text(bytes: Buffer, column: number, count: number): string | undefined {
    return column < count ? bytes.toString('utf8', this.starts[column], this.ends[column]) : undefined;
  }

  private row(user: number, movie: number, rating: number): void {
    if (user === NOT_PLAIN || movie === NOT_PLAIN) reject(this.rep, 'invalid_id');
    else if (!Number.isFinite(rating)) reject(this.rep, 'invalid_score');
    else this.onRating(user, movie, rating);
  }

  /** A line with quotes: the CSV parser's fields, then the text rules. */
  private quoted(bytes: Buffer, from: number, to: number): void {
    let cells: string[];
    try {
      cells = parseCsvText(bytes.toString('utf8', from, to))[0] ?? [];
    } catch {
      reject(this.rep, 'invalid_id'); // quoting broken within the line: not a usable row
      return;
    }
    this.row(
      idOfText(cells[this.userColumn]),
      idOfText(cells[this.movieColumn]),
      ratingOfText(cells[this.ratingColumn]),
    );
  }

  private header(text: string): void {
    const names = (parseCsvText(text.replace(/^\uFEFF/, ''))[0] ?? []).map((name) => name.trim());
    const missing = REQUIRED.filter((name) => !names.includes(name));
    if (missing.length > 0)
      throw new EtlError(
        `Faltan columnas: ${missing.join(', ')}`,
        `missing columns: ${missing.join(', ')}; found: ${names.slice(0, 12).join(', ').slice(0, 200)}`,
        this.file.label,
      );
    [this.userColumn, this.movieColumn, this.ratingColumn] = REQUIRED.map((name) => names.indexOf(name)) as [
      number,
      number,
      number,
    ];
  }
}

/**
 * Streams `file`, counting rows and rejections in `rep`, and calls `onRating` for
 * every valid row. Throws an EtlError naming the file for an unreadable one.
 */
export async function readRatings(
  file: SourceFile,
  rep: FileReport,
  onRating: OnRating,
  onBytes?: (n: number) => void,
): Promise<void> {
  const lines = new RatingLines(file, rep, onRating);
  const bytes = await openBytes(file, onBytes);
  let carry = Buffer.alloc(0);
  try {
    for await (const chunk of bytes) {
      const buffer = carry.length > 0 ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let lf = buffer.indexOf(LF, start); lf >= 0; lf = buffer.indexOf(LF, start)) {
        lines.line(buffer, start, lf);
        start = lf + 1;
      }
      // The unfinished line, copied so the chunk can be freed.
      carry = Buffer.from(buffer.subarray(start));
      if (carry.length > 1 << 20)
        throw new EtlError(
          'Una línea de más de 1 MB: no es un archivo de valoraciones',
          'a line over 1 MB',
          file.label,
        );
    }
    if (carry.length > 0) lines.line(carry, 0, carry.length);
  } catch (error) {
    throw readError(file, error, rep.rowsRead + 1);
  } finally {
    bytes.destroy();
  }
  if (!lines.headerRead) throw new EtlError('El archivo está vacío', 'the file is empty', file.label);
}
