import { parse } from 'csv-parse/sync';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { parsePyLiteral } from '/work/main/etl/pyliteral.ts';
const rows = parse(gunzipSync(readFileSync('/work/shared/data/tmdb/credits.csv.gz')), {}) as string[][];
rows.shift();
let bytes = 0; for (const r of rows) bytes += r[0].length + r[1].length;
const t = performance.now();
let n = 0;
for (let k = 0; k < 50; k++) for (const r of rows) { parsePyLiteral(r[0]); parsePyLiteral(r[1]); n++; }
const ms = performance.now() - t;
console.log(n, 'rows', (ms / n).toFixed(4), 'ms/row', (bytes * 50 / 1e6 / (ms / 1000)).toFixed(1), 'MB/s');
const c = parsePyLiteral(rows[0][0]) as any[]; console.log(c[0]);
