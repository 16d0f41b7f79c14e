/**
 * `npm run bench [-- <name> …]`: every benchmark, or the named ones, in one
 * process so their figures can be compared in one run. Each prints its own
 * table; none asserts a time (the machines are shared and noisy).
 */
const BENCHES: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  // name: () => import('./file.js'),
  etl: () => import('./etl.js'),
  commands: () => import('./commands.js'),
  search: () => import('./search.js'),
  recs: () => import('./recs.js'),
  nlu: () => import('./nlu.js'),
  telegram: () => import('./telegram.js'),
  discord: () => import('./discord.js'),
  charts: () => import('./charts.js'),
  startup: () => import('./startup.js'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(BENCHES);
for (const name of names) {
  const load = BENCHES[name];
  if (!load) {
    console.error(`Benchmark desconocido (unknown benchmark): ${name}. Hay: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  await (await load()).run(process.argv.slice(2));
}
