/**
 * `npm run bench -- nlu`: the NLU's speed (figures only, no assertions).
 *  - (start-up, in a fresh process: bench/startup.ts);
 *  - per-sentence latency, entity resolution included (target p99 ≤ 10 ms): the dev set's
 *    questions plus questions built from the catalog's own titles, people, collections
 *    and companies (so lookups hit real entries of the big catalog), after a warm-up on
 *    questions about other entries; the first round's figure has every sentence seen once;
 *  - with context (target p99 ≤ 10 ms): conversations, every turn parsed with its
 *    conversation id, so follow-ups read the memory (the dev set's conversations, and
 *    conversations about the catalog's own titles, people and platforms).
 * Catalog: the full-scale synthetic one (bench/fullscale.ts), or `--db=<file>` (an already built
 * catalog). Option: `--rounds=N` (default 3). CPU time is printed beside wall time: the machine is shared.
 */
import { resolve } from 'node:path';
import { createCommandContext } from '../commands/index.js';
import { openCatalog } from '../src/catalog/catalog.js';
import { loadDevSet } from '../src/nlu/eval.js';
import { createParser } from '../src/nlu/index.js';
import { catalogPath, option, ROOT } from './common.js';
import { STARTUP_QUESTIONS } from './startup.js';

function percentile(sorted: number[], p: number): number {
  // Nearest-rank percentile: the smallest value with at least p % of the values at or below it.
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * Questions about the catalog's own titles, people, collections and companies. `part` 0 is
 * measured; part 1 asks about other entries (the next ones in the same order), to warm up on.
 */
function questionsFrom(path: string, part: 0 | 1): string[] {
  const db = openCatalog(path).db;
  const column = (sql: string, limit: number) =>
    (db.prepare(`${sql} LIMIT ? OFFSET ?`).all(limit, part * limit) as { v: string }[]).map((r) => r.v);
  const titles = column('SELECT title AS v FROM movies ORDER BY vote_count DESC, id', 150);
  const streaming = column('SELECT title AS v FROM titles ORDER BY src_order', 100);
  const people = column(
    'SELECT p.name AS v FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.ord < 3 GROUP BY p.id ORDER BY count(*) DESC, p.id',
    100,
  );
  const collections = column('SELECT name AS v FROM collections ORDER BY id', 60);
  const companies = column('SELECT name AS v FROM companies ORDER BY id', 60);
  const typo = (s: string) => (s.length > 6 ? s.slice(0, 3) + s.slice(4) : s); // one letter dropped
  return [
    ...titles.map((t, i) => (i % 2 ? `¿cuánto dura ${t}?` : `recomiéndame algo como ${typo(t)}`)),
    ...streaming.map((t) => `¿dónde puedo ver ${t}?`),
    ...people.map((p, i) => (i % 2 ? `¿cómo le fue a ${p}?` : `películas con ${typo(p)}`)),
    ...collections.map((c) => `¿cuánto recaudó la saga ${c.replace(/ Collection$/, '')}?`),
    ...companies.map((c) => `¿cuánto ganó la productora ${c}?`),
  ];
}

/** The dev set's conversations, each as its turns in order. */
function devConversations(cases: { text: string; conversation?: string }[]): string[][] {
  const byId = new Map<string, string[]>();
  for (const c of cases) if (c.conversation) byId.set(c.conversation, [...(byId.get(c.conversation) ?? []), c.text]);
  return [...byId.values()];
}

/**
 * Conversations about the catalog's own entries: a title then follow-ups that take it from the
 * memory or replace it; a person, then another; a platform, then its series and a year.
 */
function conversationsFrom(path: string): string[][] {
  const db = openCatalog(path).db;
  const column = (sql: string, limit: number) =>
    (db.prepare(`${sql} LIMIT ? OFFSET ?`).all(limit, 2 * limit) as { v: string }[]).map((r) => r.v);
  const titles = column('SELECT title AS v FROM movies ORDER BY vote_count DESC, id', 80);
  const people = column(
    'SELECT p.name AS v FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.ord < 3 GROUP BY p.id ORDER BY count(*) DESC, p.id',
    60,
  );
  const platforms = ['Netflix', 'Amazon', 'Disney+', 'Hulu'];
  const conversations: string[][] = [];
  titles.forEach((title, i) => {
    const other = titles[(i + 1) % titles.length] as string;
    conversations.push([`¿cuánto dura ${title}?`, 'y su popularidad?', '¿cuánta gente la votó?', `¿y ${other}?`]);
  });
  people.forEach((person, i) => {
    const other = people[(i + 1) % people.length] as string;
    conversations.push([`¿cómo le fue a ${person}?`, `¿y ${other}?`, '¿y como director?']);
  });
  platforms.forEach((platform, i) => {
    conversations.push([
      `¿cuántas películas tiene ${platform}?`,
      '¿y las series?',
      `¿y del ${2015 + i}?`,
      '¿cuál es la más larga?',
    ]);
  });
  return conversations;
}

export async function run(args: string[]): Promise<void> {
  const { path, label } = await catalogPath(args);
  console.log(`Catálogo: ${path} (${label})`);

  console.log('(El arranque, en un proceso nuevo: npm run bench -- startup)');

  const ctx = createCommandContext(openCatalog(path));
  // Time spent inside ctx.search (the search helper's part), to tell it apart from the NLU's own work.
  let searchTime = 0;
  const search = ctx.search as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const name of ['titles', 'people', 'collections', 'companies'] as const) {
    const original = search[name]?.bind(ctx.search);
    if (!original) continue;
    search[name] = (...a: unknown[]) => {
      const t = performance.now();
      const result = original(...a);
      searchTime += performance.now() - t;
      return result;
    };
  }
  const nlu = createParser(ctx);
  const devCases = loadDevSet(resolve(ROOT, 'test/nlu/devset.jsonl'));
  const devset = devCases.filter((c) => c.conversation === undefined).map((c) => c.text);
  const sentences = [...devset, ...questionsFrom(path, 0)];
  // Warm-up, as a server is after its first minutes: the start-up questions (each entity kind's index
  // opens on first use; the start-up figure above includes that), then questions about other catalog
  // entries than the measured ones (the JIT compiles the search's paths), so every measured sentence
  // of the first round is still seen for the first time.
  const warmUp = questionsFrom(path, 1);
  for (const s of [...STARTUP_QUESTIONS, ...warmUp]) nlu.parse(s);
  // And what a server reads in its idle moments after start-up (src/main.ts): the rest of the search indexes.
  for (const _ of ctx.search.preload?.() ?? []);
  const rounds = option(args, 'rounds', 3);
  const times: number[] = [];
  const firstRound: number[] = [];
  const own: number[] = [];
  // CPU time per call too: on a shared machine the wall clock also counts the time other processes had the core.
  const cpuTimes: number[] = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const sentence of sentences) {
      searchTime = 0;
      const c = process.cpuUsage();
      const t = performance.now();
      nlu.parse(sentence);
      const total = performance.now() - t;
      cpuTimes.push(cpuMs(process.cpuUsage(c)));
      times.push(total);
      if (r === 0) firstRound.push(total);
      own.push(total - searchTime);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;
  times.sort((a, b) => a - b);
  own.sort((a, b) => a - b);
  console.log(
    `  tiempo total de las ${times.length} llamadas: reloj ${ms(wall)}, CPU ${ms((cpu.user + cpu.system) / 1000)} ` +
      `(media CPU ${ms((cpu.user + cpu.system) / 1000 / times.length)} por frase)`,
  );
  console.log(
    `parse() por frase, resolución de entidades incluida: ${times.length} llamadas (${sentences.length} frases × ${rounds}); ` +
      `p50 ${ms(percentile(times, 50))}, p90 ${ms(percentile(times, 90))}, p99 ${ms(percentile(times, 99))}, ` +
      `máx ${ms(times[times.length - 1] ?? 0)} (objetivo p99 ≤ 10 ms)`,
  );
  cpuTimes.sort((a, b) => a - b);
  console.log(
    `  en tiempo de CPU por llamada: p50 ${ms(percentile(cpuTimes, 50))}, p90 ${ms(percentile(cpuTimes, 90))}, ` +
      `p99 ${ms(percentile(cpuTimes, 99))}`,
  );
  firstRound.sort((a, b) => a - b);
  console.log(
    `  solo la primera ronda (cada frase vista por primera vez): p50 ${ms(percentile(firstRound, 50))}, ` +
      `p90 ${ms(percentile(firstRound, 90))}, p99 ${ms(percentile(firstRound, 99))}`,
  );
  console.log(
    `  de eso, sin el tiempo dentro de ctx.search (solo el NLU): p50 ${ms(percentile(own, 50))}, ` +
      `p90 ${ms(percentile(own, 90))}, p99 ${ms(percentile(own, 99))}`,
  );

  // With context: every turn of a conversation parsed with its id, so follow-ups read the memory.
  const conversations = [...devConversations(devCases), ...conversationsFrom(path)];
  const turns = conversations.reduce((n, c) => n + c.length, 0);
  const withContext: number[] = [];
  const followUps: number[] = [];
  const contextCpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    conversations.forEach((conversation, i) => {
      conversation.forEach((turn, k) => {
        const c = process.cpuUsage();
        const t = performance.now();
        nlu.parse(turn, `bench:${r}:${i}`);
        const took = performance.now() - t;
        contextCpu.push(cpuMs(process.cpuUsage(c)));
        withContext.push(took);
        if (k > 0) followUps.push(took);
      });
    });
  }
  withContext.sort((a, b) => a - b);
  followUps.sort((a, b) => a - b);
  contextCpu.sort((a, b) => a - b);
  console.log(
    `parse() con contexto (conversaciones, cada turno con su id): ${withContext.length} llamadas ` +
      `(${conversations.length} conversaciones, ${turns} turnos × ${rounds}); p50 ${ms(percentile(withContext, 50))}, ` +
      `p90 ${ms(percentile(withContext, 90))}, p99 ${ms(percentile(withContext, 99))}, ` +
      `máx ${ms(withContext[withContext.length - 1] ?? 0)} (objetivo p99 ≤ 10 ms)`,
  );
  console.log(
    `  solo los turnos de seguimiento (leen la memoria): p50 ${ms(percentile(followUps, 50))}, ` +
      `p90 ${ms(percentile(followUps, 90))}, p99 ${ms(percentile(followUps, 99))}`,
  );
  console.log(
    `  en tiempo de CPU por llamada: p50 ${ms(percentile(contextCpu, 50))}, p90 ${ms(percentile(contextCpu, 90))}, ` +
      `p99 ${ms(percentile(contextCpu, 99))}`,
  );

  // The NLU alone, with a search that finds nothing instantly: no search work, and none of its garbage to collect.
  const none = () => [];
  const alone = createParser({
    ...ctx,
    search: { titles: none, people: none, collections: none, companies: none, suggest: none },
  });
  for (const sentence of sentences) alone.parse(sentence);
  const bare: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const sentence of sentences) {
      const t = performance.now();
      alone.parse(sentence);
      bare.push(performance.now() - t);
    }
  }
  bare.sort((a, b) => a - b);
  console.log(
    `  el NLU solo, con una búsqueda vacía: p50 ${ms(percentile(bare, 50))}, p90 ${ms(percentile(bare, 90))}, ` +
      `p99 ${ms(percentile(bare, 99))}`,
  );
}
