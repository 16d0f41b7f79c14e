import { openTable, type SourceFile } from './etl/sources.js';
import { parsePyLiteral } from './etl/pyliteral.js';
const f: SourceFile = { name: 'credits', label: '/tmp/etlwork/big/credits.csv', path: '/tmp/etlwork/big/credits.csv', gzip: false, dir: '/tmp/etlwork/big', bytes: 0, depth: 0 };
let t = performance.now();
const tbl = await openTable(f, ['cast', 'crew', 'id']);
let n = 0, pt = 0;
const parse = process.argv.includes('parse');
for await (const r of tbl.rows) { n++; if (parse) { const x = process.argv.includes("copy") ? [Buffer.from(r[0]!).toString(), Buffer.from(r[1]!).toString()] : r; const a = performance.now(); parsePyLiteral(x[0]!); parsePyLiteral(x[1]!); pt += performance.now() - a; } }
console.log(n, 'rows', ((performance.now() - t) / 1000).toFixed(2), 's', 'parse', (pt/1000).toFixed(2), 'rss', (process.memoryUsage().rss / 1e6).toFixed(0));
