/** Text files written as they are made, for the synthetic data generators. */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface FileFigures {
  rows: number;
  bytes: number;
}

/** Appends text to a file in ~1 MB writes. */
export class ChunkWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  bytes = 0;
  rows = 0;
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }
  write(text: string, isRow = true): void {
    this.parts.push(text);
    this.pending += text.length;
    if (isRow) this.rows++;
    if (this.pending >= 1 << 20) this.flush();
  }
  /** Removes a final line break (credits.csv ends without one, like the real file). */
  trimFinal(eol: string): void {
    const last = this.parts.at(-1);
    if (last?.endsWith(eol)) this.parts[this.parts.length - 1] = last.slice(0, -eol.length);
  }
  private flush(): void {
    if (this.parts.length === 0) return;
    const buffer = Buffer.from(this.parts.join(''), 'utf8');
    writeSync(this.fd, buffer);
    this.bytes += buffer.length;
    this.parts = [];
    this.pending = 0;
  }
  close(): FileFigures {
    this.flush();
    closeSync(this.fd);
    return { rows: this.rows, bytes: this.bytes };
  }
}
