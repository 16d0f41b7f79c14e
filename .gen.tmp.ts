import { readFileSync, writeFileSync, symlinkSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parseCsvText } from './etl/csv.js';
const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const meta = parseCsvText(gunzipSync(readFileSync('/work/shared/data/tmdb/movies_metadata.csv.gz')).toString());
const header = meta.shift()!;
const kw = parseCsvText(gunzipSync(readFileSync('/work/shared/data/tmdb/keywords.csv.gz')).toString()).slice(1);
const ids = [...new Set(kw.map((r) => r[0]!))];
const out = [header.join(',')];
for (let i = 0; i < 45400; i++) { const r = [...meta[i % meta.length]!]; r[5] = ids[i % ids.length]!; out.push(r.map(q).join(',')); }
writeFileSync('/tmp/etlwork/full/tmdb/movies_metadata.csv', out.join('\n') + '\n');
const cr = parseCsvText(gunzipSync(readFileSync('/work/shared/data/tmdb/credits.csv.gz')).toString()).slice(1).filter((r) => r[0]!.length + r[1]!.length < 6500);
const cout = ['cast,crew,id'];
for (let i = 0; i < 45400; i++) { const r = cr[i % cr.length]!; cout.push([q(r[0]!), q(r[1]!), ids[i % ids.length]].join(',')); }
writeFileSync('/tmp/etlwork/full/tmdb/credits.csv', cout.join('\n') + '\n');
