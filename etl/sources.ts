/**
 * Finding and reading the raw Kaggle files: `name.csv`, `name.csv.gz`, or an
 * entry `name.csv` inside any `.zip` (read with yauzl as a stream, never
 * unpacked to disk). Everything is streamed through a CSV parser, so quoted
 * fields may span lines, CRLF and LF both work, and files of any size fit in
 * memory (etl/csv.ts says why the CSV parser is our own). Every failure becomes an EtlError naming the file (and row).
 */
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { CsvParser, CsvSyntaxError } from './csv.js';
import { EtlError } from './errors.js';

export interface SourceFile {
  /** Base name without extension: `credits`, `netflix_titles`, `1` (a ratings part). */
  name: string;
  /** What messages and the report show: the path, plus `:entry` for a zip entry. */
  label: string;
  /** The file on disk (the archive, for a zip entry). */
  path: string;
  /** Entry name inside the zip. */
  entry?: string;
  gzip: boolean;
  /** Folder holding the file or archive. */
  dir: string;
  /** Bytes read from disk (compressed size for zip entries): the progress total. */
  bytes: number;
  /** Folder depth below the searched folder (0 = in it). */
  depth: number;
}

export const MOVIE_SOURCES = ['movies_metadata', 'credits', 'keywords', 'links'] as const;
export const REQUIRED_MOVIE_SOURCES = ['movies_metadata', 'credits'] as const;
export const PLATFORM_SOURCES = {
  amazon: 'amazon_prime_titles',
  disney: 'disney_plus_titles',
  hulu: 'hulu_titles',
  netflix: 'netflix_titles',
} as const;
export type Platform = keyof typeof PLATFORM_SOURCES;

const MAX_DEPTH = 2;
const CSV_NAME = /^(.+)\.csv(\.gz)?$/i;

/** Every CSV (plain, gzip, or zip entry) up to two folder levels below `root`. */
export async function listCsvFiles(root: string): Promise<SourceFile[]> {
  const found: SourceFile[] = [];
  await walk(root, 0, found);
  return found;
}

async function walk(dir: string, depth: number, found: SourceFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (depth === 0) throw folderError(dir, error);
    return; // an unreadable sub-folder is not ours to worry about
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const target = entry.isSymbolicLink() ? await stat(path).catch(() => null) : entry;
    if (!target) continue; // a dangling link
    if (target.isDirectory()) {
      if (depth < MAX_DEPTH && !entry.name.startsWith('.') && entry.name !== 'node_modules')
        await walk(path, depth + 1, found);
    } else if (target.isFile()) {
      const match = CSV_NAME.exec(entry.name);
      if (match?.[1]) {
        const { size } = await stat(path);
        found.push({ name: match[1], label: path, path, gzip: Boolean(match[2]), dir, bytes: size, depth });
      } else if (entry.name.toLowerCase().endsWith('.zip')) {
        for (const zipEntry of await listZip(path)) {
          const inner = CSV_NAME.exec(basename(zipEntry.fileName));
          if (!inner?.[1]) continue;
          found.push({
            name: inner[1],
            label: `${path}:${zipEntry.fileName}`,
            path,
            entry: zipEntry.fileName,
            gzip: Boolean(inner[2]),
            dir,
            bytes: zipEntry.compressedSize,
            depth,
          });
        }
      }
    }
  }
}

function folderError(dir: string, error: unknown): EtlError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new EtlError(
      `No existe la carpeta ${dir} (indica otra con --data, o descarga los datos con --download)`,
      `folder ${dir} does not exist (give another with --data, or fetch the data with --download)`,
      dir,
    );
  return new EtlError(`No se puede leer la carpeta ${dir}`, `cannot read folder ${dir}: ${String(error)}`, dir);
}

/**
 * The best candidate for each wanted name: the shallowest, then plain CSV over
 * gzip over zip. `near` (a folder) wins ties, so the Movies Dataset `links.csv`
 * beside `movies_metadata` beats MovieLens copies elsewhere.
 */
export function pickSources(files: SourceFile[], names: readonly string[], near?: string): Map<string, SourceFile> {
  const picked = new Map<string, SourceFile>();
  const rank = (f: SourceFile) => (near && f.dir === near ? -10 : 0) + f.depth * 3 + (f.entry ? 2 : f.gzip ? 1 : 0);
  for (const name of names) {
    const candidates = files.filter((f) => f.name === name).sort((a, b) => rank(a) - rank(b));
    if (candidates[0]) picked.set(name, candidates[0]);
  }
  return picked;
}

function listZip(path: string): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(brokenZip(path, error));
      const entries: yauzl.Entry[] = [];
      zip.on('entry', (entry: yauzl.Entry) => {
        entries.push(entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', (e) => reject(brokenZip(path, e)));
      zip.readEntry();
    });
  });
}

function brokenZip(path: string, error: unknown): EtlError {
  const detail = error instanceof Error ? error.message : String(error);
  return new EtlError(`El archivo zip está dañado o incompleto`, `broken or incomplete zip: ${detail}`, path);
}

function openZipEntry(file: SourceFile): Promise<Readable> {
  return new Promise((resolve, reject) => {
    yauzl.open(file.path, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(brokenZip(file.path, error));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== file.entry) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) reject(brokenZip(file.label, streamError));
          else resolve(stream);
        });
      });
      zip.on('end', () => reject(new EtlError('Falta la entrada en el zip', 'entry missing from the zip', file.label)));
      zip.on('error', (e) => reject(brokenZip(file.path, e)));
      zip.readEntry();
    });
  });
}

/** The raw bytes of a source (gzip still compressed), reporting bytes read from disk. */
async function openRaw(file: SourceFile, onBytes?: (n: number) => void): Promise<Readable> {
  const stream = file.entry ? await openZipEntry(file) : createReadStream(file.path, { highWaterMark: 1 << 20 });
  if (onBytes) stream.on('data', (chunk: Buffer) => onBytes(chunk.length));
  return stream;
}

/**
 * Refuses, on the first chunk, what is plainly not a CSV text (binary, HTML,
 * gzip data under a `.csv` name) so the user reads why instead of a parse error.
 */
function csvSniffer(file: SourceFile): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (first) {
        first = false;
        const problem = notCsvReason(chunk);
        if (problem)
          return done(
            new EtlError(`No es un archivo CSV (${problem.es})`, `not a CSV file (${problem.en})`, file.label),
          );
      }
      done(null, chunk);
    },
  });
}

function notCsvReason(chunk: Buffer): { es: string; en: string } | null {
  if (chunk[0] === 0x1f && chunk[1] === 0x8b) return { es: 'son datos gzip', en: 'it is gzip data' };
  if (chunk[0] === 0x50 && chunk[1] === 0x4b) return { es: 'es un zip', en: 'it is a zip archive' };
  const head = chunk.subarray(0, 4096);
  if (head.includes(0)) return { es: 'contiene datos binarios', en: 'it holds binary data' };
  const start = head.toString('utf8', 0, 200).trimStart().toLowerCase();
  if (start.startsWith('<!doctype') || start.startsWith('<html') || start.startsWith('<?xml'))
    return { es: 'es una página HTML/XML', en: 'it is an HTML/XML page' };
  return null;
}

export interface CsvTable {
  /** Column name → index in each row. */
  columns: Map<string, number>;
  /** Data rows (header excluded); short rows are allowed (missing cells read as ''). */
  rows: AsyncIterable<string[]>;
}

/** Opens a source as CSV, checks its header has `required` columns, and streams its rows. */
export async function openTable(
  file: SourceFile,
  required: readonly string[],
  onBytes?: (n: number) => void,
): Promise<CsvTable> {
  const records = recordsOf(file, await openBytes(file, onBytes));
  let header: IteratorResult<string[]>;
  try {
    header = await records.next();
  } catch (error) {
    throw readError(file, error, 0);
  }
  if (header.done || header.value.every((cell) => cell.trim() === '')) {
    await records.return(undefined);
    throw new EtlError('El archivo está vacío', 'the file is empty', file.label);
  }
  const columns = new Map(header.value.map((name, index) => [name.trim(), index] as const));
  const missing = required.filter((name) => !columns.has(name));
  if (missing.length > 0) {
    await records.return(undefined);
    const found = [...columns.keys()].slice(0, 12).join(', ').slice(0, 200);
    throw new EtlError(
      `Faltan columnas: ${missing.join(', ')}`,
      `missing columns: ${missing.join(', ')}; found: ${found}`,
      file.label,
    );
  }
  return { columns, rows: rowsOf(file, records) };
}

const noop = () => {};

/**
 * A source's CSV bytes (gunzipped, checked not to be binary/HTML on the first chunk), for
 * readers that parse them their own way (etl/ratings.ts); errors become EtlErrors via readError.
 */
export async function openBytes(file: SourceFile, onBytes?: (n: number) => void): Promise<Readable> {
  const raw = await openRaw(file, onBytes);
  const sniffer = csvSniffer(file);
  // pipeline() forwards any stage's error (truncated gzip, not CSV) to the last stream,
  // so iterating it throws that error, and destroys every stage when we stop early.
  return file.gzip ? pipeline(raw, createGunzip(), sniffer, noop) : pipeline(raw, sniffer, noop);
}

async function* recordsOf(file: SourceFile, bytes: Readable): AsyncGenerator<string[], void, undefined> {
  const parser = new CsvParser();
  try {
    for await (const chunk of bytes) yield* parser.push(chunk as Buffer);
    yield* parser.end();
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      const row = error.record - 1;
      throw new EtlError('CSV mal formado', `malformed CSV: ${error.message}`, file.label, row > 0 ? row : undefined);
    }
    throw error;
  } finally {
    bytes.destroy();
  }
}

async function* rowsOf(file: SourceFile, records: AsyncGenerator<string[]>): AsyncGenerator<string[]> {
  let row = 0;
  try {
    for await (const record of records) {
      row++;
      yield record;
    }
  } catch (error) {
    throw readError(file, error, row + 1);
  }
}

/** A read failure as an EtlError: truncated gzip, broken CSV quoting, I/O. */
export function readError(file: SourceFile, error: unknown, row: number): EtlError {
  if (error instanceof EtlError) return error;
  const e = error as NodeJS.ErrnoException & { code?: string };
  const message = e?.message ?? String(error);
  if (e?.code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))
    return new EtlError('El archivo gzip está truncado (incompleto)', 'truncated gzip file', file.label);
  if (typeof e?.code === 'string' && e.code.startsWith('Z_'))
    return new EtlError('El archivo gzip está dañado', `corrupt gzip file: ${message}`, file.label);
  return new EtlError(
    `No se pudo leer el archivo: ${message}`,
    `could not read the file: ${message}`,
    file.label,
    row || undefined,
  );
}

/** The streaming user-score parts: `ratings/<n>.csv[.gz]` inside the streaming folder. */
export function pickScoreFiles(files: SourceFile[], streamingDir: string): SourceFile[] {
  const ratingsDir = join(streamingDir, 'ratings');
  return files
    .filter(
      (f) =>
        /^\d+$/.test(f.name) &&
        (f.entry ? dirname(f.entry) === 'ratings' && f.dir === streamingDir : f.dir === ratingsDir),
    )
    .sort((a, b) => Number(a.name) - Number(b.name));
}
