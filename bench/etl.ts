/**
 * `npm run bench -- etl`: the whole ETL on the full-scale synthetic set, in a
 * child process (`node bin/filmoteca.js etl …`) so its peak RSS is its own, not
 * the benchmark runner's. Prints wall time, peak RSS and rows/s per stage next to
 * the targets (≤ 15 s, ≤ 500 MB); then, side by side, the seeds' cleaning in pandas
 * (bench/seeds_etl.py) on the same files, when python3 has pandas; then the
 * Python-literal parser's speed per credits row next to Python's own `ast.literal_eval`.
 * Figures only: nothing is asserted (the machine is shared and noisy).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CsvParser } from '../etl/csv.js';
import { parsePyLiteral } from '../etl/pyliteral.js';
import type { EtlReport } from '../etl/report.js';
import { BENCH_DIR, ensureFullScaleRaw, RAW_DIR, streamingDir } from './fullscale.js';
import { csvField } from './generate.js';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const TARGET_SECONDS = 15;
const TARGET_MB = 500;
/** Credits rows timed in the literal-parser comparison. */
const SAMPLE_ROWS = 2000;

const es = new Intl.NumberFormat('es', { maximumFractionDigits: 1 });
const es2 = new Intl.NumberFormat('es', { maximumFractionDigits: 2, minimumFractionDigits: 2 });

/**
 * Two runs: the ETL's own stages (`--no-derived`: raw files → catalog, indexes, checks),
 * which is what the ≤ 15 s target is about, and the whole build with the derived steps
 * (recommendations, search index: other areas' work with targets of their own), whose
 * peak RSS is the ≤ 500 MB figure. `npm run bench -- etl --no-derived` skips the second.
 */
export async function run(args: string[]): Promise<void> {
  const raw = await ensureFullScaleRaw();
  const bytes = Object.values(raw.files).reduce((sum, f) => sum + f.bytes, 0);
  console.log(
    `Datos: sintéticos (semilla ${raw.seed}), ${es.format(bytes / 1e6)} MB de TMDB; streaming de ${streamingDir()}`,
  );
  const own = runEtlChild(true);
  const whole = args.includes('--no-derived') ? undefined : runEtlChild(false);
  compareWithSeeds(own, whole);
  await compareLiteralParsers();
}

/** Wall and CPU seconds and peak RSS (MB) of a child process, as /usr/bin/time -v saw them. */
interface ProcessFigures {
  wall: number;
  cpu: number;
  rssMb: number;
}

/** `/usr/bin/time -v` (when present) around a command: its exit status, output and figures. */
function timed(
  command: string,
  args: string[],
): { status: number | null; stdout: string; stderr: string; figures: ProcessFigures } {
  const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const started = performance.now();
  const child = timeTool
    ? spawnSync(timeTool, ['-v', command, ...args], { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 })
    : spawnSync(command, args, { encoding: 'utf8', cwd: ROOT, maxBuffer: 1 << 26 });
  const wall = (performance.now() - started) / 1000;
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(child.stderr)?.[1] ?? Number.NaN);
  const cpu = ['User', 'System'].reduce(
    (sum, kind) => sum + Number(new RegExp(`${kind} time \\(seconds\\): ([\\d.]+)`).exec(child.stderr)?.[1] ?? 0),
    0,
  );
  return {
    status: child.status,
    stdout: child.stdout,
    stderr: child.stderr,
    figures: { wall, cpu, rssMb: rssKb / 1024 },
  };
}

/**
 * The seeds' way, side by side: bench/seeds_etl.py (pandas + ast.literal_eval, the same
 * cleaning rules) on the same files, when python3 has pandas; skipped, saying why, otherwise.
 */
function compareWithSeeds(own: ProcessFigures | undefined, whole: ProcessFigures | undefined): void {
  console.log('\nBase de comparación: la limpieza de las semillas con pandas (bench/seeds_etl.py), mismos archivos');
  const probe = spawnSync('python3', ['-c', 'import pandas; print(pandas.__version__)'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error ? 'python3 no está instalado' : 'python3 no tiene pandas (pip install --user pandas)';
    console.log(`  omitido: ${why}`);
    return;
  }
  const out = join(BENCH_DIR, 'seeds-bench.db');
  const run = timed('python3', [
    join(ROOT, 'bench/seeds_etl.py'),
    '--movies',
    join(RAW_DIR, 'tmdb'),
    '--streaming',
    streamingDir(),
    '--out',
    out,
  ]);
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
  row('ETL completo, con los pasos derivados', whole);
  if (own) console.log(`  razón pandas / ETL propio: ${es2.format(run.figures.wall / own.wall)}× en reloj`);
  console.log(
    `  etapas de pandas: ${Object.entries(report.stages)
      .map(([k, v]) => `${k} ${es2.format(v)} s`)
      .join(', ')}`,
  );
}

function runEtlChild(noDerived: boolean): ProcessFigures | undefined {
  const out = join(BENCH_DIR, 'etl-bench.db');
  const reportPath = join(BENCH_DIR, 'etl-bench-report.json');
  rmSync(reportPath, { force: true });
  const etlArgs = [
    join(ROOT, 'bin/filmoteca.js'),
    'etl',
    '--movies',
    join(RAW_DIR, 'tmdb'),
    '--streaming',
    streamingDir(),
    '--out',
    out,
    '--report',
    reportPath,
    '--quiet',
    ...(noDerived ? ['--no-derived'] : []),
  ];
  // /usr/bin/time -v (when present) gives an outside view of the child's peak RSS
  // to set beside the figure the ETL records about itself.
  const child = timed(process.execPath, etlArgs);
  const wallSeconds = child.figures.wall;
  const report = existsSync(reportPath) ? (JSON.parse(readFileSync(reportPath, 'utf8')) as EtlReport) : undefined;
  if (child.status !== 0 || !report?.ok) {
    console.log(`El ETL falló (código ${child.status}): ${report?.error ?? child.stderr.slice(-800)}`);
    return undefined;
  }
  const { cpu: cpuSeconds, rssMb: timeRssMb } = child.figures;

  console.log(
    noDerived
      ? '\nETL propio (archivos → catálogo, índices, comprobación; --no-derived), en un proceso hijo'
      : '\nETL completo, con los pasos derivados (recomendaciones, índice de búsqueda), en un proceso hijo',
  );
  const target = noDerived ? `   objetivo ≤ ${TARGET_SECONDS} s` : '';
  console.log(`  tiempo total (proceso, con arranque) ${es2.format(wallSeconds)} s${target}`);
  console.log(`  tiempo del ETL (informe)             ${es2.format(report.totalMs / 1000)} s`);
  if (cpuSeconds > 0) console.log(`  CPU del proceso (usuario + sistema)  ${es2.format(cpuSeconds)} s (dos hilos)`);
  const memoryTarget = noDerived ? '' : `   objetivo ≤ ${TARGET_MB} MB`;
  console.log(`  pico de memoria (RSS, informe)       ${es.format(report.peakRssMb)} MB${memoryTarget}`);
  if (Number.isFinite(timeRssMb)) console.log(`  pico de memoria (/usr/bin/time -v)   ${es.format(timeRssMb)} MB`);
  console.log('\n  etapa                    filas     tiempo      filas/s   (credits y credits:parse, en su hilo)');
  for (const stage of report.stages) {
    console.log(
      `  ${stage.name.padEnd(20)} ${es.format(stage.rows).padStart(9)} ${`${es2.format(stage.ms / 1000)} s`.padStart(10)} ${es.format(stage.rowsPerSecond).padStart(12)}`,
    );
  }
  rmSync(out, { force: true });
  return child.figures;
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
