/**
 * `npm run bench -- startup`: how long a fresh process takes to answer, and what the
 * first call of each command and of autocomplete costs after that (targets: ≤ 1 s from
 * process start to the first answer of every kind of name; ≤ 50 ms per first call).
 *
 * Each run is a new child process (bench/startup-child.ts, started as the CLI is, through
 * tsx), so nothing is warm but the operating system's file cache. The child times, from the
 * process's start: Node + tsx; importing catalog, commands and NLU; opening the catalog and
 * creating the parser; the answer to one question per kind of name (title, person, saga,
 * company: each opens its search index); then the first call of every command with
 * arguments drawn from the catalog, and the first autocomplete of each kind (the search's
 * and Discord's). A last row times the whole `filmoteca ask` process (start to exit).
 * Wall and CPU time are both printed: the machine is shared. Options: `--runs=N` (3).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openCatalog } from '../src/catalog/catalog.js';
import { argumentSets } from './commands.js';
import { catalogPath, option } from './common.js';
import type { StartupFigures, StartupPlan, Timing } from './startup-child.js';

const ROOT = resolve(new URL('..', import.meta.url).pathname);
const CHILD = join(ROOT, 'bench/startup-child.ts');

/** One question per kind of name; none is spelled as in the synthetic catalog, so each goes through the fuzzy search. */
export const STARTUP_QUESTIONS = [
  '¿cuánto dura Toy Story?',
  '¿cómo le fue a Tom Hanks?',
  '¿cuánto recaudó la saga de James Bond?',
  '¿cuánto ganó Pixar?',
];

const TARGET_READY_MS = 1000;
const TARGET_FIRST_CALL_MS = 50;

/** The plan every child follows: commands with their second argument set (the first is what other benches warm up with). */
function makePlan(path: string): StartupPlan {
  const catalog = openCatalog(path);
  try {
    const sets = argumentSets(catalog.db);
    return {
      questions: STARTUP_QUESTIONS,
      commands: Object.entries(sets).map(([command, list]) => ({ command, args: list[1] ?? list[0] ?? {} })),
      autocomplete: [
        { kind: 'title', typed: 'the lo' },
        { kind: 'person', typed: 'john' },
        { kind: 'collection', typed: 'the' },
        { kind: 'company', typed: 'warner' },
      ],
      discord: [
        { command: 'duracion', option: 'titulo', typed: 'star' },
        { command: 'director', option: 'nombre', typed: 'dav' },
        { command: 'actor', option: 'nombre', typed: 'mar' },
        { command: 'franquicia', option: 'franquicia', typed: 'ro' },
        { command: 'productora', option: 'productora', typed: 'par' },
        { command: 'pais', option: 'pais', typed: 'fr' },
        { command: 'idioma', option: 'idioma', typed: 'fr' },
        { command: 'contenidos_rating', option: 'rating', typed: 'tv' },
      ],
    };
  } finally {
    catalog.close();
  }
}

function runChild(path: string, planPath: string): StartupFigures | string {
  const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, path, planPath], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  try {
    return JSON.parse(child.stdout) as StartupFigures;
  } catch {
    return `código ${child.status}: ${child.stderr.slice(-600)}`;
  }
}

/** `filmoteca ask` from start to exit, by /usr/bin/time when present (its CPU), else wall only. */
function wholeAsk(path: string, question: string): Timing {
  const cli = [join(ROOT, 'bin/filmoteca.js'), 'ask', question, '--db', path];
  const started = performance.now();
  if (!existsSync('/usr/bin/time')) {
    spawnSync(process.execPath, cli, { cwd: ROOT, encoding: 'utf8' });
    return { wall: performance.now() - started, cpu: Number.NaN };
  }
  const run = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...cli], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const wall = performance.now() - started;
  const [, user, system] = /cpu ([\d.]+) ([\d.]+)/.exec(run.stderr) ?? [];
  return { wall, cpu: (Number(user) + Number(system)) * 1000 };
}

const ms = (n: number) => `${Math.round(n)}`.padStart(6);

/** Median and range of a figure over the runs: "median [min–max]". */
function spread(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  if (sorted.length === 1) return ms(median);
  return `${ms(median)} [${Math.round(sorted[0] ?? 0)}–${Math.round(sorted[sorted.length - 1] ?? 0)}]`;
}

function row(label: string, timings: Timing[], target?: string): void {
  const wall = spread(timings.map((t) => t.wall));
  const cpu = spread(timings.map((t) => t.cpu));
  console.log(`  ${label.padEnd(44)} ${wall.padEnd(20)} ${cpu.padEnd(20)} ${target ?? ''}`);
}

export async function run(args: string[]): Promise<void> {
  const { path, label } = await catalogPath(args);
  const runs = option(args, 'runs', 3);
  console.log(`Catálogo ${label}: ${path}`);
  console.log(`Carga de la máquina (1 min): ${loadavg()[0]?.toFixed(2)} en ${availableParallelism()} núcleos\n`);
  const dir = mkdtempSync(join(tmpdir(), 'filmoteca-startup-'));
  const planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(makePlan(path)));
  const results: StartupFigures[] = [];
  const wholeAsks: Timing[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const result = runChild(path, planPath);
      if (typeof result === 'string') {
        console.log(`El proceso de arranque falló (${result})`);
        return;
      }
      results.push(result);
      wholeAsks.push(wholeAsk(path, STARTUP_QUESTIONS[0] as string));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const first = results[0] as StartupFigures;
  console.log(`${runs} procesos nuevos; mediana [mín–máx] en ms`);
  console.log(`  ${'qué'.padEnd(44)} ${'reloj'.padEnd(20)} ${'CPU'.padEnd(20)} objetivo`);
  row(
    'Node + tsx hasta nuestro primer código',
    results.map((r) => r.boot),
  );
  row(
    'importar catálogo, órdenes y NLU',
    results.map((r) => r.imports),
  );
  row(
    'abrir el catálogo + createParser',
    results.map((r) => r.create),
  );
  first.firstAnswers.forEach((answer, i) => {
    row(
      `1.ª respuesta: «${answer.question}»`,
      results.map((r) => (r.firstAnswers[i] as { timing: Timing }).timing),
    );
  });
  row(
    'desde el inicio del proceso hasta la 4.ª',
    results.map((r) => r.ready),
    `≤ ${TARGET_READY_MS} (CPU: del proceso entero)`,
  );
  row('`filmoteca ask` entero (inicio → salida)', wholeAsks, '(CPU: /usr/bin/time)');

  console.log(`\nPrimera llamada de cada orden tras el arranque (objetivo ≤ ${TARGET_FIRST_CALL_MS} ms)`);
  first.commands.forEach((command, i) => {
    const timings = results.map((r) => (r.commands[i] as { timing: Timing }).timing);
    const worst = Math.max(...timings.map((t) => t.wall));
    const verdict = worst <= TARGET_FIRST_CALL_MS ? 'sí' : 'NO';
    row(`${command.command}${command.ok ? '' : ' (respuesta de error)'}`, timings, verdict);
  });
  console.log('\nPrimer autocompletado de cada clase (búsqueda: suggest)');
  first.autocomplete.forEach((a, i) => {
    const timings = results.map((r) => (r.autocomplete[i] as { timing: Timing }).timing);
    row(`${a.kind} «${a.typed}» (${a.found} resultados)`, timings);
  });
  console.log('Primer autocompletado de Discord por opción (después del anterior)');
  first.discord.forEach((a, i) => {
    const timings = results.map((r) => (r.discord[i] as { timing: Timing }).timing);
    row(`/${a.command} ${a.option} «${a.typed}» (${a.found})`, timings);
  });
  row(
    'el resto de los índices (preload, en segundo plano)',
    results.map((r) => r.preload),
  );
  console.log(`\n  Respuestas del primer proceso: ${first.firstAnswers.map((a) => a.text.split('\n')[0]).join(' | ')}`);
}
