import { runEtl } from './etl/index.js';
const workers = process.argv[2] === 'worker';
const t = performance.now();
const r = await runEtl({ dataDir: '/tmp/etlwork/full', out: '/tmp/etlwork/cmp.db', reportPath: '/tmp/etlwork/cmp.json', quiet: true, workers });
const u = process.cpuUsage();
console.log(workers ? 'worker ' : 'inline ', 'wall', ((performance.now() - t) / 1000).toFixed(1), 'cpu', ((u.user + u.system) / 1e6).toFixed(1), 'rss', r.peakRssMb, r.stages.map((s) => `${s.name}=${(s.ms / 1000).toFixed(1)}`).join(' '));
