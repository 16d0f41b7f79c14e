/**
 * `npm run bench -- etl`: the whole ETL on the full-scale synthetic set, in child
 * processes (`node bin/filmoteca.js etl …`) so the memory measured is theirs, not the
 * benchmark runner's. Prints, next to the targets (≤ 15 s, ≤ 400 MB):
 *   - the ETL's own stages once (`--no-derived`);
 *   - the whole build (`npm run etl`: everything `npm start` needs) `--runs=N` times (3) with
 *     the derived steps on two cores (the default), interleaved with as many runs one after
 *     the other in the build thread (`--derived-threads main`, the code before the change):
 *     median wall time, CPU, and peak RSS of the whole process tree as the OS sees it (the
 *     sum over the node process and any child, sampled from /proc every 50 ms), then each
 *     stage's median time and thread CPU (on a shared machine CPU moves less than wall time);
 * then, side by side, the seeds' cleaning in pandas (bench/seeds_etl.py) on the same files,
 * when python3 has pandas; then the Python-literal parser's speed per credits row next to
 * Python's own `ast.literal_eval`. `--no-derived` skips the whole builds. Figures only:
 * nothing is asserted (the machine is shared and noisy), and the load average is printed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { CsvParser } from '../etl/csv.js';
import { parsePyLiteral } from '../etl/pyliteral.js';
import type { EtlReport } from '../etl/report.js';
import { option, ROOT } from './common.js';
import { BENCH_DIR, ensureFullScaleRaw, RAW_DIR, streamingDir } from './fullscale.js';
import { csvField } from './generate.js';

const TARGET_SECONDS = 15;
const TARGET_MB = 400;
/** Credits rows timed in the literal-parser comparison. */
const SAMPLE_ROWS = 2000;
/** How often the process tree's memory is sampled. */
const SAMPLE_MS = 50;

const es = new Intl.NumberFormat('es', { maximumFractionDigits: 1 });
const es2 = new Intl.NumberFormat('es', { maximumFractionDigits: 2, minimumFractionDigits: 2 });
const load = () =>
  loadavg()
    .map((l) => es2.format(l))
    .join(' / ');

export async function run(args: string[]): Promise<void> {
  const raw = await ensureFullScaleRaw();
  const bytes = Object.values(raw.files).reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `Datos: sintéticos (semilla ${raw.seed}), ${es.format(bytes / 1e6)} MB de TMDB; streaming de ${streamingDir()}`,
  );
  const own = await runEtlChild(['--no-derived']);
  if (own) printRun('ETL propio (archivos → catálogo, índices, comprobación; --no-derived), en un proceso hijo', own);
  const whole = args.includes('--no-derived') ? undefined : await compareWholeRuns(option(args, 'runs', 3));
  await compareWithSeeds(own?.figures, whole);
  await compareLiteralParsers();
}

/** Wall and CPU seconds and peak RSS (MB) of a child process tree. */
interface ProcessFigures {
  wall: number;
  cpu: number;
  /** Peak of the sum of the tree's RSS, sampled (/proc). */
  rssMb: number;
  /** /usr/bin/time -v's maximum RSS: the largest single process of the tree. */
  timeRssMb: number;
}

interface EtlRun {
  figures: ProcessFigures;
  report: EtlReport;
}

/**
 * The whole build `runs` times in each mode, alternating (threads, then one after the other)
 * so both see the same machine; medians and the peak memory of each mode.
 */
async function compareWholeRuns(runs: number): Promise<ProcessFigures | undefined> {
  const modes = [
    { flag: 'auto', label: 'pasos derivados en dos núcleos (por defecto)' },
    { flag: 'main', label: 'pasos derivados uno tras otro (--derived-threads main: como antes)' },
  ] as const;
  const results = new Map<string, EtlRun[]>(modes.map((m) => [m.flag, []]));
  console.log(`\nETL completo (npm run etl: todo lo que necesita npm start), ${runs} veces cada modo, alternados`);
  for (let i = 0; i < runs; i++)
    for (const mode of modes) {
      const result = await runEtlChild(['--derived-threads', mode.flag]);
      if (!result) return undefined;
      (results.get(mode.flag) as EtlRun[]).push(result);
      console.log(
        `  ${mode.flag.padEnd(5)} #${i + 1}: ${es2.format(result.figures.wall)} s, CPU ${es2.format(result.figures.cpu)} s, ` +
          `${es.format(result.figures.rssMb)} MB (carga ${load()})`,
      );
    }
  console.log(`\n  ${''.padEnd(70)} ${'reloj'.padStart(9)} ${'CPU'.padStart(9)} ${'pico RSS'.padStart(9)}`);
  for (const mode of modes) {
    const list = results.get(mode.flag) as EtlRun[];
    const wall = list.map((r) => r.figures.wall);
    console.log(
      `  ${mode.label.padEnd(70)} ${`${es2.format(median(wall))} s`.padStart(9)} ${`${es2.format(median(list.map((r) => r.figures.cpu)))} s`.padStart(9)} ${`${es.format(Math.max(...list.map((r) => r.figures.rssMb)))} MB`.padStart(9)}` +
        `   (reloj ${es2.format(Math.min(...wall))}–${es2.format(Math.max(...wall))} s; /usr/bin/time: ${es.format(Math.max(...list.map((r) => r.figures.timeRssMb)))} MB)`,
    );
  }
  console.log(
    `  objetivo: ≤ ${TARGET_SECONDS} s (mediana), ≤ ${TARGET_MB} MB; reloj y CPU: medianas; pico: el mayor de las ejecuciones`,
  );
  printStages(modes.map((m) => [m.flag, results.get(m.flag) as EtlRun[]]));
  const threads = results.get('auto') as EtlRun[];
  return {
    wall: median(threads.map((r) => r.figures.wall)),
    cpu: median(threads.map((r) => r.figures.cpu)),
    rssMb: Math.max(...threads.map((r) => r.figures.rssMb)),
    timeRssMb: Math.max(...threads.map((r) => r.figures.timeRssMb)),
  };
}

/** Each stage's median time and thread CPU per mode, in the first mode's order. */
function printStages(modes: [string, EtlRun[]][]): void {
  const names = [...new Set(modes.flatMap(([, runs]) => runs.flatMap((r) => r.report.stages.map((s) => s.name))))];
  const cell = (runs: EtlRun[], name: string) => {
    const stages = runs.flatMap((r) => r.report.stages.filter((s) => s.name === name));
    if (stages.length === 0) return ''.padStart(19);
    const cpu = stages.flatMap((s) => (s.cpuMs === undefined ? [] : [s.cpuMs]));
    return `${es2.format(median(stages.map((s) => s.ms)) / 1000).padStart(7)} s ${cpu.length ? `${es2.format(median(cpu) / 1000).padStart(6)} s` : ''.padStart(8)}`;
  };
  console.log(`\n  etapa (mediana: reloj, CPU de su hilo)  ${modes.map(([flag]) => flag.padStart(19)).join(' ')}`);
  for (const name of names) console.log(`  ${name.padEnd(38)} ${modes.map(([, runs]) => cell(runs, name)).join(' ')}`);
  console.log('  (credits y credits:parse: en su hilo, a la vez que los otros archivos; sin CPU propia medida)');
}

function printRun(title: string, { figures, report }: EtlRun): void {
  console.log(`\n${title}`);
  console.log(`  tiempo total (proceso, con arranque) ${es2.format(figures.wall)} s   (carga ${load()})`);
  console.log(`  tiempo del ETL (informe)             ${es2.format(report.totalMs / 1000)} s`);
  if (figures.cpu > 0) console.log(`  CPU del proceso (usuario + sistema)  ${es2.format(figures.cpu)} s`);
  console.log(`  pico de memoria (RSS, informe)       ${es.format(report.peakRssMb)} MB`);
  console.log(`  pico de memoria (árbol de procesos)  ${es.format(figures.rssMb)} MB`);
  console.log('\n  etapa                    filas     tiempo      filas/s   (credits y credits:parse, en su hilo)');
  for (const stage of report.stages) {
    console.log(
      `  ${stage.name.padEnd(20)} ${es.format(stage.rows).padStart(9)} ${`${es2.format(stage.ms / 1000)} s`.padStart(10)} ${es.format(stage.rowsPerSecond).padStart(12)}`,
    );
  }
}

/** RSS (kB) of `pid` and every process below it, from /proc (0 when gone). */
function treeRssKb(pid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      rss.set(Number(entry), Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0));
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while being read
    }
  }
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const next = pending.pop() as number;
    total += rss.get(next) ?? 0;
    pending.push(...(children.get(next) ?? []));
  }
  return total;
}

/**
 * `/usr/bin/time -v` (when present) around a command, its process tree's memory sampled
 * meanwhile: its exit status, standard error and figures.
 */
async function timed(
  command: string,
  args: string[],
): Promise<{ status: number | null; stdout: string; stderr: string; figures: ProcessFigures }> {
  const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = performance.now();
  const child = timeTool
    ? spawn(timeTool, ['-v', command, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let peakKb = 0;
  const canSample = existsSync('/proc/self/status');
  const sampler = setInterval(() => {
    if (canSample && child.pid) peakKb = Math.max(peakKb, treeRssKb(child.pid));
  }, SAMPLE_MS);
  const status = await new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  clearInterval(sampler);
  const wall = (performance.now() - started) / 1000;
  const timeRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
  const cpu = ['User', 'System'].reduce(
    (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(stderr)?.[1] ?? 0),
    0,
  );
  // /usr/bin/time's own few MB are in the sampled tree: left in (the tree is what the OS sees).
  return {
    status,
    stdout,
    stderr,
    figures: { wall, cpu, rssMb: canSample ? peakKb / 1024 : timeRssKb / 1024, timeRssMb: timeRssKb / 1024 },
  };
}

/**
 * The seeds' way, side by side: bench/seeds_etl.py (pandas + ast.literal_eval, the same
 * cleaning rules) on the same files, when python3 has pandas; skipped, saying why, otherwise.
 */
/** The full-scale raw files, as both the ETL and the pandas script take them. */
const sourceArgs = () => ['--movies', join(RAW_DIR, 'tmdb'), '--streaming', streamingDir()];

async function compareWithSeeds(own: ProcessFigures | undefined, whole: ProcessFigures | undefined): Promise<void> {
  console.log('\nBase de comparación: la limpieza de las semillas con pandas (bench/seeds_etl.py), mismos archivos');
  const probe = spawnSync('python3', ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error ? 'python3 no está instalado' : 'python3 no tiene pandas (pip install --user pandas)';
    console.log(`  omitido: ${why}`);
    return;
  }
  const out = join(BENCH_DIR, 'seeds-bench.db');
  const run = await timed('python3', [join(ROOT, 'bench/seeds_etl.py'), ...sourceArgs(), '--out', out]);
  rmSync(out, { force: true });
  if (run.status !== 0) {
    console.log(`  el script falló (código ${run.status}): ${run.stderr.slice(-400)}`);
    return;
  }
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { stages: Record<string, number> };
  const row = (label: string, f: ProcessFigures | undefined) =>
    f &&
    console.log(
      `  ${label.padEnd(46)} ${`${es2.format(f.wall)} s`.padStart(9)} ${`${es2.format(f.cpu)} s`.padStart(9)} ${`${es.format(f.rssMb)} MB`.padStart(9)}`,
    );
  console.log(`  ${''.padEnd(46)} ${'reloj'.padStart(9)} ${'CPU'.padStart(9)} ${'pico RSS'.padStart(9)}`);
  row(`pandas ${probe.stdout.trim()} + ast.literal_eval (proceso entero)`, run.figures);
  row('ETL propio (--no-derived, proceso entero)', own);
  row('ETL completo (mediana, con dos núcleos)', whole);
  if (own) console.log(`  razón pandas / ETL propio: ${es2.format(run.figures.wall / own.wall)}× en reloj`);
  console.log(
    `  etapas de pandas: ${Object.entries(report.stages)
      .map(([k, v]) => `${k} ${es2.format(v)} s`)
      .join(', ')}`,
  );
}

/** One `filmoteca etl` into a throwaway catalog; its figures and report (undefined, saying why, when it failed). */
async function runEtlChild(extra: string[]): Promise<EtlRun | undefined> {
  const out = join(BENCH_DIR, 'etl-bench.db');
  const reportPath = join(BENCH_DIR, 'etl-bench-report.json');
  rmSync(reportPath, { force: true });
  const child = await timed(process.execPath, [
    join(ROOT, 'bin/filmoteca.js'),
    'etl',
    ...sourceArgs(),
    '--out',
    out,
    '--report',
    reportPath,
    '--quiet',
    ...extra,
  ]);
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as EtlReport) : undefined;
  rmSync(out, { force: true });
  if (child.status !== 0 || !report?.ok) {
    console.log(`El ETL falló (código ${child.status}): ${report?.error ?? child.stderr.slice(-800)}`);
    return undefined;
  }
  return { figures: child.figures, report };
}

/** The first `count` credits rows (cast, crew) of the synthetic file, read as a stream. */
async function sampleCredits(count: number): Promise<string[][]> {
  const parser = new CsvParser();
  const rows: string[][] = [];
  const stream = createReadStream(join(RAW_DIR, 'tmdb/credits.csv'), { highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    rows.push(...parser.push(chunk as Buffer));
    if (rows.length > count) break;
  }
  stream.destroy();
  return rows.slice(1, count + 1).map((row) => [row[0] ?? '', row[1] ?? '']);
}

async function compareLiteralParsers(): Promise<void> {
  const rows = await sampleCredits(SAMPLE_ROWS);
  const chars = rows.reduce((sum, [cast, crew]) => sum + (cast?.length ?? 0) + (crew?.length ?? 0), 0);
  const parseAll = () => {
    for (const [cast, crew] of rows) {
      parsePyLiteral(cast ?? '[]');
      parsePyLiteral(crew ?? '[]');
    }
  };
  parseAll(); // warm-up: let V8 compile the parser before timing it
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    parseAll();
    times.push(performance.now() - start);
  }
  const jsMicros = (median(times) * 1000) / rows.length;
  console.log(
    `\nParser de literales Python (etl/pyliteral.ts), ${es.format(rows.length)} filas de credits (${es.format(chars / rows.length)} caracteres/fila)`,
  );
  console.log(`  TypeScript                    ${es2.format(jsMicros)} µs/fila  (mediana de 5)`);

  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  if (python.status !== 0) {
    console.log('  Python ast.literal_eval       (python3 no está instalado: sin comparación)');
    return;
  }
  const samplePath = join(BENCH_DIR, 'credits-sample.csv');
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(samplePath, `cast,crew\n${rows.map((r) => r.map((f) => csvField(f)).join(',')).join('\n')}\n`);
  const script = [
    'import ast, csv, sys, time, statistics',
    'csv.field_size_limit(1 << 30)',
    'rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))[1:]',
    'def parse_all():',
    '    for cast, crew in rows:',
    '        ast.literal_eval(cast); ast.literal_eval(crew)',
    'parse_all()',
    'times = []',
    'for _ in range(3):',
    '    t = time.perf_counter(); parse_all(); times.append(time.perf_counter() - t)',
    'print(statistics.median(times) * 1e6 / len(rows))',
  ].join('\n');
  const result = spawnSync('python3', ['-c', script, samplePath], { encoding: 'utf8' });
  rmSync(samplePath, { force: true });
  const pyMicros = Number(result.stdout.trim());
  if (result.status !== 0 || !Number.isFinite(pyMicros)) {
    console.log(`  Python ast.literal_eval       (falló: ${result.stderr.trim().slice(-200)})`);
    return;
  }
  console.log(
    `  Python ast.literal_eval       ${es2.format(pyMicros)} µs/fila  (mediana de 3, ${python.stdout.trim()})`,
  );
  console.log(`  razón Python / TypeScript     ${es2.format(pyMicros / jsMicros)}×`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
