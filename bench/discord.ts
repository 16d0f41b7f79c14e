/**
 * `npm run bench -- discord`: the Discord channel on the full-scale catalog.
 *
 * 1. In process, what the HTTP endpoint does per request: verify the Ed25519
 *    signature, parse, route, run the command, build the payload (JSON);
 *    p50/p99 over every command with varied arguments (target p99 ≤ 10 ms).
 * 2. Autocomplete the same way, on prefixes of titles, people, sagas and
 *    companies (a third with a typo), countries, languages (target p99 ≤ 15 ms).
 * 3. `POST /discord/interactions` over loopback with autocannon against the
 *    real `filmoteca start` in a child process (one JS thread), with signed
 *    requests (target ≥ 1,500 requests/s on one core): requests per second of
 *    wall time, and per second of CPU the server used (what one core handles
 *    on this shared machine, whoever else runs); a PING-only run for reference.
 *
 * Options: `--calls=N` (in process, per command; default 200), `--seconds=N`
 * (autocannon; default 10), `--no-http`, `--db=<catalog>`.
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { commands, createCommandContext, getCommand } from '../commands/index.js';
import type { CommandContext } from '../commands/types.js';
import { RateLimiter } from '../src/channels/common.js';
import { AUTOCOMPLETE_KINDS } from '../src/channels/discord/commands.js';
import { publicKeyFromHex, verifySignature } from '../src/channels/discord/http.js';
import { createDiscordCore, type DiscordCore } from '../src/channels/discord/interactions.js';
import { createParser } from '../src/nlu/index.js';
import { typoSet } from '../src/search/typos.js';
import { seededRandom } from '../src/util/random.js';
import { argumentSets } from './commands.js';
import { loadAutocannon, openBenchCatalog, option, percentiles, spawnServer } from './common.js';

const APP_ID = '123456789012345678';

interface Keys {
  hex: string;
  privateKey: KeyObject;
}

function makeKeys(): Keys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = publicKey.export({ format: 'jwk' }) as { x: string };
  return { hex: Buffer.from(x, 'base64url').toString('hex'), privateKey };
}

interface Signed {
  body: string;
  signature: string;
  timestamp: string;
}

function signBody(keys: Keys, interaction: unknown): Signed {
  const body = JSON.stringify(interaction);
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { body, timestamp, signature: sign(null, Buffer.from(timestamp + body), keys.privateKey).toString('hex') };
}

let serial = 0;

/** An interaction as Discord sends it from a server (the fields the bot reads, and the usual others). */
function interaction(type: 2 | 4, name: string, options: Array<Record<string, unknown>>, user: string) {
  serial++;
  return {
    id: String(1_000_000_000_000_000n + BigInt(serial)),
    application_id: APP_ID,
    type,
    token: `token-${serial}-${'x'.repeat(150)}`,
    version: 1,
    guild_id: '222222222222222222',
    channel_id: '333333333333333333',
    channel: { id: '333333333333333333', type: 0 },
    member: { user: { id: user, username: 'bench', discriminator: '0' }, roles: [], permissions: '0' },
    locale: 'es-ES',
    data: { id: '444444444444444444', name, type: 1, options },
  };
}

function commandInteractions(ctx: CommandContext): Map<string, unknown[]> {
  const sets = argumentSets(ctx.catalog.db);
  const byCommand = new Map<string, unknown[]>();
  for (const [id, argSets] of Object.entries(sets)) {
    const def = getCommand(id);
    if (!def) continue;
    byCommand.set(
      def.chatName,
      argSets.map((args, i) =>
        interaction(
          2,
          def.chatName,
          Object.entries(args).map(([name, value]) => ({ name, type: typeof value === 'number' ? 4 : 3, value })),
          `usuario-${i}`,
        ),
      ),
    );
  }
  return byCommand;
}

/** Prefixes as people type them: 2–10 characters of real names, a third of them with a typo. */
function autocompleteInteractions(ctx: CommandContext, count: number): unknown[] {
  const db = ctx.catalog.db;
  const column = (sql: string) => (db.prepare(sql).all() as { v: string }[]).map((r) => r.v);
  const sources: Record<string, string[]> = {
    titulo: column('SELECT title AS v FROM movies ORDER BY vote_count DESC LIMIT 2000'),
    nombre: column('SELECT name AS v FROM people ORDER BY id LIMIT 2000'),
    franquicia: column('SELECT name AS v FROM collections LIMIT 1000'),
    productora: column('SELECT name AS v FROM companies LIMIT 1000'),
    pais: ['Fra', 'esta', 'Alem', 'jap', 'M', 'rein', 'ital', 'es'],
    idioma: ['fra', 'ingl', 'esp', 'ja', 'al', 'it'],
  };
  const where: Record<string, string> = {
    titulo: 'pelicula',
    nombre: 'actor',
    franquicia: 'franquicia',
    productora: 'productora',
    pais: 'pais',
    idioma: 'idioma',
  };
  const random = seededRandom(23);
  const typos = new Map<string, string[]>();
  for (const [option, names] of Object.entries(sources)) {
    const cases = typoSet(
      names.map((title, i) => ({ id: String(i), title })),
      300,
      29,
    );
    typos.set(
      option,
      cases.map((c) => c.query),
    );
  }
  const options = Object.keys(sources);
  const list: unknown[] = [];
  for (let i = 0; i < count; i++) {
    const option = options[i % options.length] as string;
    const pool =
      i % 3 === 0 && (typos.get(option)?.length ?? 0) > 0 ? (typos.get(option) as string[]) : sources[option];
    const name = (pool as string[])[Math.floor(random() * (pool as string[]).length)] ?? '';
    const typed = name.slice(0, 2 + Math.floor(random() * 9));
    list.push(
      interaction(4, where[option] as string, [{ name: option, type: 3, value: typed, focused: true }], `u${i % 50}`),
    );
  }
  return list;
}

/** verify + parse + route + command + payload, as the HTTP route does it (without Fastify). */
function handle(core: DiscordCore, key: KeyObject, signed: Signed): string {
  const body = Buffer.from(signed.body);
  if (!verifySignature(key, signed.signature, signed.timestamp, body, Math.floor(Date.now() / 1000))) {
    throw new Error('firma rechazada en el benchmark');
  }
  return JSON.stringify(core.interaction(JSON.parse(body.toString('utf8'))).response);
}

/**
 * Wall time and CPU time of each request. The machine is shared: wall time counts the
 * moments another process held the core; CPU time (this process only) does not.
 */
function timeAll(
  core: DiscordCore,
  key: KeyObject,
  requests: Signed[],
  rounds: number,
): { wall: number[]; cpu: number[] } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const request of requests) {
      const startCpu = process.cpuUsage();
      const start = performance.now();
      handle(core, key, request);
      wall.push(performance.now() - start);
      const used = process.cpuUsage(startCpu);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { wall, cpu };
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function report(label: string, times: { wall: number[]; cpu: number[] }, target: number): void {
  const wall = percentiles(times.wall);
  const cpu = percentiles(times.cpu);
  console.log(
    `${label}: p50 ${ms(wall.p50)}, p99 ${ms(wall.p99)}, máx ${ms(wall.max)}; CPU p50 ${ms(cpu.p50)}, p99 ${ms(cpu.p99)}  ·  p99 ≤ ${target} ms: reloj ${wall.p99 <= target ? 'sí' : 'NO'}, CPU ${cpu.p99 <= target ? 'sí' : 'NO'}`,
  );
}

function benchInProcess(ctx: CommandContext, keys: Keys, calls: number): { commands: Signed[]; typing: Signed[] } {
  const core = createDiscordCore({
    ctx,
    parser: createParser(ctx),
    log: (line) => console.error(line),
    limiter: new RateLimiter(0),
  });
  const key = publicKeyFromHex(keys.hex);
  const byCommand = commandInteractions(ctx);
  const all: Signed[] = [];
  console.log('Interacción en proceso (firma + JSON + comando + mensaje), por comando (reloj; CPU):');
  console.log('comando                 p50 ms   p99 ms   máx ms   CPU p50  CPU p99');
  const everything = { wall: [] as number[], cpu: [] as number[] };
  for (const [name, list] of byCommand) {
    const signed = list.map((i) => signBody(keys, i));
    all.push(...signed);
    handle(core, key, signed[0] as Signed); // lazy indexes
    const times = timeAll(core, key, signed, Math.max(1, Math.round(calls / signed.length)));
    everything.wall.push(...times.wall);
    everything.cpu.push(...times.cpu);
    const { p50, p99, max } = percentiles(times.wall);
    const cpu = percentiles(times.cpu);
    console.log(
      `${`/${name}`.padEnd(22)} ${p50.toFixed(3).padStart(7)}  ${p99.toFixed(3).padStart(7)}  ${max.toFixed(2).padStart(7)}  ${cpu.p50.toFixed(3).padStart(7)}  ${cpu.p99.toFixed(3).padStart(7)}`,
    );
  }
  report(`todas (${everything.wall.length} interacciones)`, everything, 10);
  const verifyTimes: number[] = [];
  for (const s of all.slice(0, 200)) {
    const start = performance.now();
    verifySignature(key, s.signature, s.timestamp, Buffer.from(s.body), Math.floor(Date.now() / 1000));
    verifyTimes.push(performance.now() - start);
  }
  console.log(`  de ello, verificar la firma Ed25519: p50 ${ms(percentiles(verifyTimes).p50)}`);

  const typing = autocompleteInteractions(ctx, 1200).map((i) => signBody(keys, i));
  timeAll(core, key, typing.slice(0, 100), 1); // the prefix lists (npm start builds them before listening)
  report(
    `Autocompletar en proceso (${typing.length} prefijos de 2–10 letras, un tercio con errata; firma incluida)`,
    timeAll(core, key, typing, 1),
    15,
  );
  return { commands: all, typing };
}

function startServer(db: string, keys: Keys): Promise<{ child: ChildProcess; url: string }> {
  const env = {
    ...process.env,
    FILMOTECA_DB: db,
    PORT: '0',
    LOG_LEVEL: 'warn',
    DISCORD_PUBLIC_KEY: keys.hex,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_TOKEN: '',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  return spawnServer(['bin/filmoteca.js', 'start'], { env, stream: 'stderr', listening: /API HTTP en (http:\/\/\S+)/ });
}

/**
 * CPU seconds a process has used (user + system, all its threads), from /proc: on a shared
 * machine, requests per CPU second is what one core of the server handles, whoever else runs.
 */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // After "pid (comm) ": state is field 3, so utime (14) and stime (15) are at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

async function benchHttp(
  db: string,
  keys: Keys,
  signed: { commands: Signed[]; typing: Signed[] },
  seconds: number,
): Promise<void> {
  const autocannon = await loadAutocannon();
  const { child, url } = await startServer(db, keys);
  try {
    const requests = (list: Signed[]) =>
      list.map((s) => ({
        method: 'POST' as const,
        path: '/discord/interactions',
        headers: {
          'content-type': 'application/json',
          'x-signature-ed25519': s.signature,
          'x-signature-timestamp': s.timestamp,
        },
        body: s.body,
      }));
    // Every request once (lazy indexes), then the measured runs.
    for (const r of requests([...signed.commands, ...signed.typing]))
      await fetch(`${url}${r.path}`, { method: 'POST', headers: r.headers, body: r.body });
    const measure = async (label: string, list: Signed[]) => {
      const cpuBefore = cpuSeconds(child.pid as number);
      const result = await autocannon({ url, connections: 20, duration: seconds, requests: requests(list) });
      const perCpuSecond = result.requests.total / (cpuSeconds(child.pid as number) - cpuBefore);
      console.log(
        `  ${label}: ${Math.round(result.requests.average)} req/s (reloj); ${Math.round(perCpuSecond)} por segundo de CPU del servidor  ·  p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms  ·  errores ${result.errors}, no-2xx ${result.non2xx}`,
      );
      return { ...result, perCpuSecond };
    };
    console.log(
      `\nPOST /discord/interactions (autocannon, ${seconds} s, 20 conexiones, \`filmoteca start\` en otro proceso):`,
    );
    await measure('referencia PING (firma + Fastify, sin comando)', [
      signBody(keys, { type: 1, id: '1', application_id: APP_ID, token: 't' }),
    ]);
    const result = await measure(`${signed.commands.length} comandos firmados distintos en rueda`, signed.commands);
    console.log(
      `  ≥ 1500 req/s en un núcleo: reloj ${result.requests.average >= 1500 ? 'sí' : 'NO'}, por segundo de CPU ${result.perCpuSecond >= 1500 ? 'sí' : 'NO'}`,
    );
    await measure(`${signed.typing.length} autocompletados en rueda`, signed.typing);
  } finally {
    child.kill();
  }
}

export async function run(args: string[]): Promise<void> {
  const { catalog, path } = await openBenchCatalog(args);
  const ctx = createCommandContext(catalog);
  const keys = makeKeys();
  console.log(`${commands.length} comandos; autocompletar en ${[...AUTOCOMPLETE_KINDS].join(', ')}\n`);
  const signed = benchInProcess(ctx, keys, option(args, 'calls', 200));
  if (!args.includes('--no-http')) await benchHttp(path, keys, signed, option(args, 'seconds', 10));
  catalog.close();
}
