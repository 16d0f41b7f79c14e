/** `npx filmoteca eda` on the fixture: a self-contained page whose numbers match the fixture's raw rows. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { registerEda } from '../../src/charts/cli.js';
import { buildEdaReport, correlationMatrix, type EdaReport } from '../../src/charts/eda.js';
import { CHART_KINDS, getChart } from '../../src/charts/index.js';
import { fixtureContext } from '../commands/context.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

let ctx: CommandContext;
let report: EdaReport;
beforeAll(async () => {
  ctx = await fixtureContext();
  report = await buildEdaReport(ctx.catalog.db);
});

const section = (id: string) => {
  const found = report.sections.find((s) => s.id === id);
  if (!found) throw new Error(`no section ${id}`);
  return found;
};

describe('the report', () => {
  it('is one self-contained page: inline SVG and CSS, no script, no external resource', () => {
    const html = report.html;
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="es">');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|url\((?!#)|@import/i); // url(#id): a gradient or clip in the same SVG
    // The only addresses are SVG's XML namespaces, which are names, not downloads.
    const addresses = [...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(new Set(addresses)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect((html.match(/<svg /g) ?? []).length).toBe(report.charts);
  });

  it('gives the sizes before and after cleaning from the ETL report (data/demo/FIXTURE.md: 52 → 47)', () => {
    const sizes = section('tamanos');
    expect(sizes.table).toContain(
      '<td>movies_metadata.csv (películas)</td><td class="num">52</td><td class="num">47</td>',
    );
    const [movies] = sizes.notes;
    expect(movies).toMatch(/^De 52 filas de películas quedaron 47 \(90,4\u00a0%\): se descartaron /);
    expect(movies).toContain('2 filas sin fecha de estreno');
    expect(movies).toContain('1 fila con fecha imposible');
    expect(sizes.notes).toContain('Las cuatro plataformas suman 56 títulos.');
  });

  it('counts missing values per column like a plain count over the rows', () => {
    const rows = ctx.catalog.db.prepare('SELECT budget, revenue, collection_id FROM movies').all() as {
      budget: number;
      revenue: number;
      collection_id: number | null;
    }[];
    const noCollection = rows.filter((r) => r.collection_id === null).length;
    expect(noCollection).toBe(26); // FIXTURE.md: belongs_to_collection empty in 26 of the 47 kept rows
    const missing = section('faltantes');
    expect(missing.figures).toHaveLength(2);
    const [movies, titles] = missing.figures;
    expect(movies?.svg).toContain(`>${noCollection}<`);
    expect(movies?.caption).toMatch(/^En las 47 películas, lo que más falta es /);
    expect(titles?.caption).toMatch(/^En los 56 títulos de streaming, /);
  });

  it('describes each distribution with its median and outliers', () => {
    const runtimes = (
      ctx.catalog.db.prepare('SELECT runtime FROM movies WHERE runtime > 0').all() as { runtime: number }[]
    )
      .map((r) => r.runtime)
      .sort((a, b) => a - b);
    const mid = Math.floor(runtimes.length / 2);
    const median =
      runtimes.length % 2 ? runtimes[mid] : ((runtimes[mid - 1] as number) + (runtimes[mid] as number)) / 2;
    const distributions = section('distribuciones');
    expect(distributions.figures).toHaveLength(7);
    expect(distributions.figures[0]?.caption).toMatch(
      new RegExp(`^Duración: mediana ${median} min; la mitad de las ${runtimes.length} películas`),
    );
    for (const figure of distributions.figures) expect(figure.caption).toMatch(/valor(es)? atípicos?/);
  });

  it('has every catalog chart (not the per-person ones) with its computed sentence', () => {
    const charts = section('graficos');
    const overview = CHART_KINDS.filter((k) => !k.filters.includes('nombre'));
    expect(charts.figures).toHaveLength(overview.length);
    overview.forEach((kind, i) => {
      const result = getChart(ctx.catalog.db, kind.id, {});
      expect(result.ok).toBe(true);
      if (result.ok) expect(charts.figures[i]?.caption).toBe(result.chart.texto);
    });
  });

  it('computes correlations pair by pair over films with both values', () => {
    const { labels, r } = correlationMatrix(ctx.catalog.db);
    const both = ctx.catalog.db
      .prepare('SELECT budget, revenue FROM movies WHERE budget > 0 AND revenue > 0')
      .all() as {
      budget: number;
      revenue: number;
    }[];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const xs = both.map((m) => m.budget);
    const ys = both.map((m) => m.revenue);
    const mx = mean(xs);
    const my = mean(ys);
    const cov = xs.reduce((s, x, i) => s + (x - mx) * ((ys[i] as number) - my), 0);
    const sx = Math.sqrt(xs.reduce((s, x) => s + (x - mx) ** 2, 0));
    const sy = Math.sqrt(ys.reduce((s, y) => s + (y - my) ** 2, 0));
    expect(labels.slice(0, 2)).toEqual(['Presupuesto', 'Ingresos']);
    expect(r[0]?.[1]).toBeCloseTo(cov / (sx * sy), 9);
    expect(r[1]?.[0]).toBe(r[0]?.[1]);
    expect(section('correlaciones').figures[0]?.caption).toMatch(/^La relación más fuerte es la de /);
  });
});

describe('npx filmoteca eda', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  async function run(...args: string[]): Promise<string> {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    const program = new Command().exitOverride();
    registerEda(program);
    await program.parseAsync(['node', 'filmoteca', 'eda', ...args]);
    vi.restoreAllMocks();
    return out;
  }

  it('writes the page where asked, whole (no temporary file left)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-eda-'));
    const out = join(dir, 'eda', 'index.html');
    const printed = await run('--db', await fixtureCatalogPath(), '--out', out);
    expect(printed).toMatch(/^Informe escrito en .*index\.html \(21 gráficos, [\d,]+ s\)\.\n$/);
    expect(readFileSync(out, 'utf8')).toContain('Análisis exploratorio del catálogo');
    expect(readdirSync(join(dir, 'eda'))).toEqual(['index.html']);
  });

  it('runs as `filmoteca eda` and the process ends by itself (every echarts instance disposed)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'filmoteca-eda-')), 'index.html');
    const bin = resolve(new URL('../..', import.meta.url).pathname, 'bin/filmoteca.js');
    const run = spawnSync(process.execPath, [bin, 'eda', '--db', await fixtureCatalogPath(), '--out', out], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(run.error).toBeUndefined(); // a timeout (a process kept alive) would be an error here
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Informe escrito en');
    expect(existsSync(out)).toBe(true);
  });

  it('says there is no catalog (exit code 2) instead of failing', async () => {
    const printed = await run('--db', join(tmpdir(), 'no-existe-filmoteca.db'), '--out', join(tmpdir(), 'x.html'));
    expect(printed).toContain('No hay catálogo en');
    expect(process.exitCode).toBe(2);
    expect(existsSync(join(tmpdir(), 'x.html'))).toBe(false);
  });
});
