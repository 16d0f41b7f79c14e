import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
const opts = JSON.parse(process.argv[2] ?? '{}');
const t = performance.now();
const p = createReadStream('/tmp/etlwork/big/credits.csv', { highWaterMark: 1 << 20 }).pipe(parse(opts));
let n = 0;
for await (const r of p) n++;
console.log(JSON.stringify(opts), n, ((performance.now() - t) / 1000).toFixed(2), 's');
