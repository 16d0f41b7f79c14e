/**
 * `npm run bench -- telegram`: the Telegram channel's speed (figures only, no assertions).
 *  - update → outgoing call, in process (target p99 ≤ 10 ms): a real grammY bot (botInfo given)
 *    whose API calls are answered by a transformer at once, fed commands with their arguments,
 *    free-text questions and button presses about the catalog's own titles, people and
 *    platforms; the time from bot.handleUpdate to the bot's first outgoing call;
 *  - inline queries (target p99 ≤ 15 ms): prefixes of the catalog's titles (and the empty query),
 *    each answered with up to 10 cards;
 *  - the webhook on loopback (target ≥ 1,500 updates/s on one core): the HTTP API's server with the
 *    webhook route alone in a child process (one JavaScript thread), autocannon posting updates with
 *    distinct update_ids and the right secret.
 * Catalog: the full-scale synthetic one (bench/fullscale.ts), or `--db=<file>`. Options: `--rounds=N`
 * (in-process rounds, default 3), `--seconds=N` (webhook measure, default 10).
 */
import type { ChildProcess } from 'node:child_process';
import type { Update, UserFromGetMe } from 'grammy/types';
import { createCommandContext } from '../commands/index.js';
import type { CommandContext } from '../commands/types.js';
import { openCatalog } from '../src/catalog/catalog.js';
import { createHttpServer } from '../src/channels/http.js';
import { createTelegramBot } from '../src/channels/telegram/bot.js';
import { WEBHOOK_PATH, webhookPlugin } from '../src/channels/telegram/webhook.js';
import { loadConfig } from '../src/config.js';
import { createParser } from '../src/nlu/index.js';
import {
  type AutocannonRequest,
  catalogPath,
  loadAutocannon,
  openBenchCatalog,
  option,
  percentiles,
  spawnServer,
} from './common.js';

const HERE = new URL(import.meta.url).pathname;
const TOKEN = '123456:BENCH-token_not-a-real-one';
const SECRET = 'secreto_del_benchmark';
const BOT: UserFromGetMe = {
  id: 42,
  is_bot: true,
  first_name: 'Filmoteca',
  username: 'FilmotecaBenchBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
} as UserFromGetMe;

const ms = (n: number) => `${n.toFixed(2)} ms`;
/** CPU time of this process since `start` (the machine is shared: wall time includes other processes). */
const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** A bot whose API calls are answered at once (no network); `onCall` sees each outgoing call. */
function benchBot(ctx: CommandContext, onCall: (method: string) => void = () => {}) {
  const config = loadConfig({ TELEGRAM_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE: '0' });
  const bot = createTelegramBot(config, { ctx, parser: createParser(ctx), log: () => {} }, { botInfo: BOT });
  let messageId = 1;
  bot.api.config.use(async (_previous, method) => {
    onCall(method);
    const result = method.startsWith('send')
      ? { message_id: messageId++, date: 0, chat: { id: 1, type: 'private' } }
      : true;
    return { ok: true, result } as never;
  });
  return bot;
}

/** Messages and button presses about the catalog's own entries (`part` 1 = other entries, to warm up on). */
function updatesFrom(ctx: CommandContext, part: 0 | 1): Omit<Update, 'update_id'>[] {
  const db = ctx.catalog.db;
  const column = <T>(sql: string, limit: number) =>
    (db.prepare(`${sql} LIMIT ? OFFSET ?`).all(limit, part * limit) as { v: T }[]).map((r) => r.v);
  const titles = column<string>('SELECT title AS v FROM movies ORDER BY vote_count DESC, id', 60);
  const ids = column<number>('SELECT id AS v FROM movies ORDER BY vote_count DESC, id', 40);
  const people = column<string>(
    'SELECT p.name AS v FROM movie_cast c JOIN people p ON p.id = c.person_id WHERE c.ord < 3 GROUP BY p.id ORDER BY count(*) DESC, p.id',
    40,
  );
  const platforms = ['netflix', 'amazon', 'hulu', 'disney'];
  const months = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto'];
  const texts = [
    ...titles.slice(0, 20).map((t) => `/duracion ${t}`),
    ...titles.slice(20, 30).map((t) => `/votos ${t.toLowerCase()}`),
    ...people.slice(0, 20).map((p) => `/actor ${p}`),
    ...months.map((m) => `/estrenos_mes ${m}`),
    ...platforms.flatMap((p) => [2017, 2019].map((y) => `/duracion_max ${p} ${y}`)),
    ...titles.slice(30, 60).map((t, i) => (i % 2 ? `¿cuánto dura ${t}?` : `recomiéndame algo como ${t}`)),
    ...people.slice(20, 40).map((p) => `¿cómo le fue a ${p}?`),
  ];
  const n = part * 100_000;
  return [
    ...texts.map((text, i) => message(text, n + i)),
    ...ids.map((id, i) => press(`votos|tmdb:${id}`, n + texts.length + i)),
  ];
}

/** A private-chat message (500 chats in rotation: chats are handled in parallel, each in order). */
function message(text: string, n: number): Omit<Update, 'update_id'> {
  const chat = { id: 10_000 + (n % 500), type: 'private', first_name: 'Ana' };
  const command = /^\/\w+/.exec(text);
  return {
    message: {
      message_id: n,
      date: 0,
      chat,
      from: { id: chat.id, is_bot: false, first_name: 'Ana' },
      text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    },
  } as unknown as Omit<Update, 'update_id'>;
}

/** A button press under one of the bot's messages. */
function press(data: string, n: number): Omit<Update, 'update_id'> {
  const chat = { id: 10_000 + (n % 500), type: 'private', first_name: 'Ana' };
  return {
    callback_query: {
      id: String(n),
      from: { id: chat.id, is_bot: false, first_name: 'Ana' },
      chat_instance: 'c',
      data,
      message: { message_id: n, date: 0, chat, text: '¿Quisiste decir…?' },
    },
  } as unknown as Omit<Update, 'update_id'>;
}

/** Updates that need no NLU: /start, /ayuda and button presses (the channel's own cost: HTTP, grammY, rendering). */
function lightUpdates(ctx: CommandContext): Omit<Update, 'update_id'>[] {
  const ids = ctx.catalog.db.prepare('SELECT id FROM movies ORDER BY vote_count DESC, id LIMIT 40').pluck().all();
  return [
    ...Array.from({ length: 20 }, (_, i) => message(i % 2 ? '/start' : '/ayuda', i)),
    ...ids.map((id, i) => press(`votos|tmdb:${id}`, 100 + i)),
  ];
}

async function benchUpdates(ctx: CommandContext, rounds: number): Promise<void> {
  let firstCallAt = 0;
  const bot = benchBot(ctx, () => {
    firstCallAt ||= performance.now();
  });
  let nextId = 1;
  const cpuTimes: number[] = [];
  const feed = async (update: Omit<Update, 'update_id'>) => {
    firstCallAt = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await bot.handleUpdate({ update_id: nextId++, ...update } as Update);
    cpuTimes.push(cpuMs(cpu));
    return (firstCallAt || performance.now()) - started;
  };
  for (const update of updatesFrom(ctx, 1)) await feed(update); // warm-up on other entries
  cpuTimes.length = 0;
  const updates = updatesFrom(ctx, 0);
  const times: number[] = [];
  const firstRound: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const update of updates) {
      const t = await feed(update);
      times.push(t);
      if (r === 0) firstRound.push(t);
    }
  }
  const all = percentiles(times);
  const first = percentiles(firstRound);
  console.log(
    `Actualización → llamada saliente, en proceso (${updates.length} distintas × ${rounds} rondas: comandos con ` +
      `argumentos, texto libre, botones):\n  p50 ${ms(all.p50)}, p99 ${ms(all.p99)}, máx ${ms(all.max)}` +
      `  ·  primera ronda: p99 ${ms(first.p99)}\n  tiempo de CPU por actualización: p50 ${ms(percentiles(cpuTimes).p50)}, ` +
      `p99 ${ms(percentiles(cpuTimes).p99)}` +
      `  ·  ≤ 10 ms: ${all.p99 <= 10 ? 'sí' : 'NO'}`,
  );
}

async function benchInline(ctx: CommandContext, rounds: number): Promise<void> {
  const bot = benchBot(ctx);
  const titles = (
    ctx.catalog.db
      .prepare('SELECT title FROM movies ORDER BY vote_count DESC, id LIMIT 100 OFFSET 200')
      .pluck()
      .all() as string[]
  ).concat(ctx.catalog.db.prepare('SELECT title FROM titles ORDER BY src_order LIMIT 50').pluck().all() as string[]);
  // What a person types while the list updates: 3, 5 and 8 first characters, lower case.
  const queries = ['', ...titles.flatMap((t) => [3, 5, 8].map((k) => t.slice(0, k).toLowerCase()))];
  let nextId = 1;
  const cpuTimes: number[] = [];
  const ask = async (query: string) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await bot.handleUpdate({
      update_id: nextId++,
      inline_query: { id: String(nextId), from: { id: 7, is_bot: false, first_name: 'Ana' }, query, offset: '' },
    } as Update);
    cpuTimes.push(cpuMs(cpu));
    return performance.now() - started;
  };
  // Warm-up: the top list (computed once per catalog; the channel does it at start-up) and prefixes of
  // other titles than the measured ones (the measured cards are built in the first round).
  const others = ctx.catalog.db
    .prepare('SELECT title FROM movies ORDER BY vote_count DESC, id LIMIT 30 OFFSET 500')
    .pluck()
    .all() as string[];
  for (const q of ['', ...others.map((t) => t.slice(0, 4))]) await ask(q);
  const times: number[] = [];
  cpuTimes.length = 0;
  for (let r = 0; r < rounds; r++) for (const q of queries) times.push(await ask(q));
  const { p50, p99, max } = percentiles(times);
  // The first round builds most cards (later rounds find them in the channel's card cache).
  const first = percentiles(times.slice(0, queries.length));
  console.log(
    `Consultas inline (${queries.length} prefijos × ${rounds} rondas, hasta 10 fichas cada una):\n` +
      `  p50 ${ms(p50)}, p99 ${ms(p99)}, máx ${ms(max)}  ·  primera ronda (fichas sin caché): p50 ${ms(first.p50)}, ` +
      `p99 ${ms(first.p99)}\n  CPU por consulta: p50 ${ms(percentiles(cpuTimes).p50)}, ` +
      `p99 ${ms(percentiles(cpuTimes).p99)}` +
      `  ·  ≤ 15 ms: ${p99 <= 15 ? 'sí' : 'NO'}`,
  );
}

// ------------------------------------------------------------------ webhook

/** Child mode: the HTTP API's server with the webhook route of a bot that makes no network calls. */
async function childWebhookServer(path: string): Promise<void> {
  const ctx = createCommandContext(openCatalog(path));
  const bot = benchBot(ctx);
  const app = await createHttpServer(ctx, { plugins: [webhookPlugin(bot, SECRET)] });
  // The server's own CPU time, read by the parent around a measure: updates per CPU second is what
  // one core can serve, whatever else the shared machine runs.
  app.get('/bench/cpu', async () => process.cpuUsage());
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`escucha en ${address}\n`);
}

function startWebhookServer(path: string): Promise<{ child: ChildProcess; url: string }> {
  return spawnServer(['--import', 'tsx', HERE, '--webhook-server', path], {
    stream: 'stdout',
    listening: /escucha en (http:\/\/\S+)/,
  });
}

async function benchWebhook(ctx: CommandContext, path: string, seconds: number): Promise<void> {
  const { child, url } = await startWebhookServer(path);
  try {
    console.log(`Webhook en loopback (servidor solo en un proceso aparte, autocannon 20 conexiones, ${seconds} s):`);
    await measureWebhook(
      url,
      updatesFrom(ctx, 0),
      'preguntas (comandos con argumentos, texto libre, botones)',
      seconds,
    );
    await measureWebhook(url, lightUpdates(ctx), 'solo el canal (/start, /ayuda, botones: sin NLU)', seconds);
  } finally {
    child.kill();
  }
}

/** update_ids keep growing across measures (the bot drops a repeated one unanswered). */
let nextUpdateId = 1;

async function measureWebhook(url: string, updates: Omit<Update, 'update_id'>[], label: string, seconds: number) {
  const autocannon = await loadAutocannon();
  const headers = { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET };
  const body = () => {
    const id = nextUpdateId++;
    return JSON.stringify({ update_id: id, ...updates[id % updates.length] });
  };
  // Each request a new update_id, the updates in rotation.
  const request: AutocannonRequest = {
    method: 'POST',
    path: WEBHOOK_PATH,
    headers,
    setupRequest: (req) => ({ ...req, body: body() }),
  };
  // Warm-up: every update once, one at a time (each kind of name opens its search index on first
  // use: seconds on this catalog), then a short run for the JIT.
  for (const _ of updates) await fetch(`${url}${WEBHOOK_PATH}`, { method: 'POST', headers, body: body() });
  await autocannon({ url, connections: 10, duration: 3, requests: [request] });
  const cpu = async () => (await (await fetch(`${url}/bench/cpu`)).json()) as NodeJS.CpuUsage;
  const before = await cpu();
  const result = await autocannon({ url, connections: 20, duration: seconds, requests: [request] });
  const after = await cpu();
  const cpuSeconds = (after.user - before.user + after.system - before.system) / 1e6;
  const perCpuSecond = result.requests.total / cpuSeconds;
  const verdict =
    result.requests.average >= 1500 ? 'sí' : perCpuSecond >= 1500 ? 'por CPU sí; medido NO (máquina compartida)' : 'NO';
  console.log(
    `  ${label}, ${updates.length} en rueda: ${Math.round(result.requests.average)} actualizaciones/s  ·  ` +
      `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms  ·  errores ${result.errors}, no-2xx ${result.non2xx}\n` +
      `    CPU del servidor ${cpuSeconds.toFixed(1)} s en ${seconds} s → ${Math.round(perCpuSecond)} actualizaciones ` +
      `por segundo de CPU  ·  ≥ 1500/s: ${verdict}`,
  );
}

export async function run(args: string[]): Promise<void> {
  const { catalog } = await openBenchCatalog(args);
  const ctx = createCommandContext(catalog);
  const rounds = option(args, 'rounds', 3);
  await benchUpdates(ctx, rounds);
  await benchInline(ctx, rounds);
  await benchWebhook(ctx, (await catalogPath(args)).path, option(args, 'seconds', 10));
  catalog.close();
}

if (process.argv[2] === '--webhook-server' && process.argv[3]) await childWebhookServer(process.argv[3]);
