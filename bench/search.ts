import { resolve } from 'node:path';
import { allStrings } from '../src/search/columns.js';
import { loadPeople, loadTitles } from '../src/search/entries.js';
import { createEntitySearch, KindIndex } from '../src/search/index.js';
import { TYPO_KINDS, typoSet } from '../src/search/typos.js';
import { normalizeKey, normalizeWords } from '../src/text/normalize.js';
import { seededRandom } from '../src/util/random.js';
import { openBenchCatalog, option, percentiles } from './common.js';

const _ROOT = resolve(new URL('..', import.meta.url).pathname);

const ms = (x: number) => `${x.toFixed(2)} ms`;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const value = fn();
  return [value, performance.now() - started];
}

/**
 * CPU time of one call, in ms: on a shared machine the wall clock also counts the
 * time other processes held the core, so both are printed.
 */
function cpuTime(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

export async function run(args: string[]): Promise<void> {
  const { catalog } = await openBenchCatalog(args);
  const search = createEntitySearch(catalog.db);

  console.log('Abrir cada índice (primera consulta; índice guardado por el ETL si existe):');
  const rssBefore = process.memoryUsage().rss;
  for (const [kind, first] of [
    ['títulos', () => search.titles('toy story')],
    ['personas', () => search.people('tom hanks')],
    ['colecciones', () => search.collections('star wars')],
    ['productoras', () => search.companies('pixar')],
  ] as const) {
    const [, elapsed] = time(first);
    console.log(`  ${kind.padEnd(12)} ${ms(elapsed)}`);
  }
  console.log(
    `  RSS de los cuatro índices: ${mb(process.memoryUsage().rss - rssBefore)} más (puede ser negativo si el GC devolvió memoria)`,
  );
  const [titleEntries, titleBuild] = time(() => KindIndex.fromEntries(loadTitles(catalog.db)));
  const [peopleEntries, peopleBuild] = time(() => KindIndex.fromEntries(loadPeople(catalog.db)));
  console.log(
    `  sin índice guardado (construido en memoria): títulos ${ms(titleBuild)}, personas ${ms(peopleBuild)}\n`,
  );

  const titles = titleEntries.allEntries().map((e) => ({ id: e.id, title: e.name }));
  const cases = typoSet(titles, option(args, 'typos', 2000), option(args, 'seed', 7));
  for (const c of cases.slice(0, 50)) search.titles(c.query); // warm-up
  // A "typo" that spells another catalog title exactly ("days" → "day") cannot be told
  // from a search for that title: counted apart, not in the accuracy.
  const allKeys = new Set(allStrings(titleEntries.keys));
  const times: number[] = [];
  const right = new Map<string, [number, number]>();
  const misses: string[] = [];
  let collisions = 0;
  let sameWords = 0;
  for (const c of cases) {
    const [matches, elapsed] = time(() => search.titles(c.query));
    times.push(elapsed);
    const top = matches[0];
    if (allKeys.has(normalizeKey(c.query)) && normalizeKey(c.query) !== c.key) {
      collisions++;
      continue;
    }
    const ok = !!top && (top.id === c.id || normalizeKey(top.name) === c.key);
    if (!ok && top && normalizeWords(top.name) === normalizeWords(c.key)) sameWords++;
    const [good, all] = right.get(c.kind) ?? [0, 0];
    right.set(c.kind, [good + (ok ? 1 : 0), all + 1]);
    if (!ok && misses.length < 8) misses.push(`"${c.query}" → ${top ? `${top.name} (${top.score})` : 'nada'}`);
  }
  const total = [...right.values()].reduce(([g, a], [g2, a2]) => [g + g2, a + a2], [0, 0]);
  const { p50, p99, max } = percentiles(times);
  const cpu = percentiles(cases.map((c) => cpuTime(() => search.titles(c.query))));
  console.log(`Títulos con una errata (${cases.length} consultas, semilla ${option(args, 'seed', 7)}):`);
  console.log(`  top-1 correcto: ${((100 * total[0]) / total[1]).toFixed(1)} % de ${total[1]}`);
  console.log(
    `  (+ mismas palabras, otra puntuación: ${((100 * (total[0] + sameWords)) / total[1]).toFixed(1)} %;` +
      ` ${collisions} erratas que deletrean otro título del catálogo, aparte)`,
  );
  for (const kind of TYPO_KINDS) {
    const [good, all] = right.get(kind) ?? [0, 0];
    if (all) console.log(`    ${kind.padEnd(13)} ${((100 * good) / all).toFixed(1)} % de ${all}`);
  }
  console.log(`  latencia (reloj): p50 ${ms(p50)}, p99 ${ms(p99)}, máx ${ms(max)}`);
  console.log(`  tiempo de CPU por consulta: p50 ${ms(cpu.p50)}, p99 ${ms(cpu.p99)}, máx ${ms(cpu.max)}`);
  console.log(`  algunos fallos: ${misses.join('; ')}\n`);

  const random = seededRandom(11);
  // People: the same kinds of typos on catalog names (the answer: that name, or one spelled the same).
  const names = peopleEntries.allEntries().map((e) => ({ id: e.name, title: e.name }));
  const personCases = typoSet(names, 1000, option(args, 'seed', 7) + 1);
  let peopleRight = 0;
  const peopleTimes: number[] = [];
  const peopleCpu: number[] = [];
  for (const c of personCases) {
    const [matches, elapsed] = time(() => search.people(c.query));
    peopleTimes.push(elapsed);
    peopleCpu.push(cpuTime(() => search.people(c.query)));
    const top = matches[0];
    if (top && normalizeKey(top.name) === c.key) peopleRight++;
  }
  const people = percentiles(peopleTimes);
  const peopleCpuTimes = percentiles(peopleCpu);
  console.log(`Personas con una errata (${personCases.length} consultas sobre ${names.length} nombres):`);
  console.log(
    `  top-1 correcto: ${((100 * peopleRight) / personCases.length).toFixed(1)} % (erratas que deletrean otro nombre incluidas)`,
  );
  console.log(
    `  latencia (reloj): p50 ${ms(people.p50)}, p99 ${ms(people.p99)}; CPU p50 ${ms(peopleCpuTimes.p50)}, p99 ${ms(peopleCpuTimes.p99)}\n`,
  );

  const suggestTimes: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const title = (titles[Math.floor(random() * titles.length)] as { title: string }).title;
    const prefix = title.slice(0, 1 + Math.floor(random() * 6));
    const kind = i % 4 === 0 ? 'person' : 'title';
    suggestTimes.push(time(() => search.suggest(kind, prefix))[1]);
  }
  const suggest = percentiles(suggestTimes);
  console.log(
    `Autocompletar (1000 prefijos de 1–6 letras, 25 resultados): p50 ${ms(suggest.p50)}, p99 ${ms(suggest.p99)}, máx ${ms(suggest.max)}`,
  );
  catalog.close();
}
