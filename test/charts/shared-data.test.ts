/**
 * Charts on the catalog built from the real files in ../shared/data, checked
 * against counts this test makes from the raw gzipped CSVs (csv-parse, no
 * project code). Skipped, visibly, when the folder is absent.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/catalog/catalog.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import type { ChartData } from '../../src/charts/data.js';
import { getChart } from '../../src/charts/index.js';
import { SHARED_DATA_DIR, sharedCatalogPath, sharedDataPresent } from '../helpers/catalog.js';

function rows(file: string): Record<string, string>[] {
  return parse(gunzipSync(readFileSync(resolve(SHARED_DATA_DIR, file))), {
    columns: true,
    relax_quotes: true,
  }) as Record<string, string>[];
}

function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.getUTCMonth() === Number(match[2]) - 1 && date.getUTCDate() === Number(match[3]);
}

describe.skipIf(!sharedDataPresent('charts integration test'))(
  'charts on ../shared/data (needs ../shared/data; skipped when absent)',
  () => {
    let db: Db;
    /** The movie rows the catalog keeps: positive id, first row of each id, a real release date. */
    let kept: Record<string, string>[];

    beforeAll(async () => {
      const path = await sharedCatalogPath();
      if (!path) throw new Error('shared catalog not built');
      db = openCatalog(path).db;
      const seen = new Set<string>();
      kept = [];
      for (const row of rows('tmdb/movies_metadata.csv.gz')) {
        const id = row.id ?? '';
        if (!/^\d+$/.test(id) || Number(id) <= 0 || seen.has(id)) continue;
        seen.add(id);
        if (isRealDate(row.release_date ?? '')) kept.push(row);
      }
    });

    const chart = (tipo: string, args = {}): ChartData => {
      const result = getChart(db, tipo, args);
      if (!result.ok) throw new Error(result.message);
      return result.chart;
    };

    it('estrenos_anio: the bars sum to the kept movies, and 1995 has its raw count', () => {
      const data = chart('estrenos_anio');
      expect((data.series[0]?.valores ?? []).reduce((a, b) => a + b, 0)).toBe(kept.length);
      const in1995 = kept.filter((row) => row.release_date?.startsWith('1995-')).length;
      expect(data.series[0]?.valores[data.categorias.indexOf('1995')]).toBe(in1995);
    });

    it('presupuesto_ingresos: only films with both budget and revenue above 0', () => {
      const both = kept.filter((row) => Number(row.budget) > 0 && Number(row.revenue) > 0);
      const budgetOnly = kept.filter((row) => Number(row.budget) > 0 && !(Number(row.revenue) > 0));
      expect(budgetOnly.length).toBeGreaterThan(0); // the case the fixture lacks
      expect(chart('presupuesto_ingresos').puntos?.length).toBe(both.length);
    });

    it('plataformas: movies and series per platform as in the raw lists', () => {
      const data = chart('plataformas');
      const files = ['amazon_prime', 'disney_plus', 'hulu', 'netflix'];
      files.forEach((file, i) => {
        const list = rows(`streaming/${file}_titles.csv.gz`);
        expect(data.series[0]?.valores[i], file).toBe(list.filter((r) => r.type === 'Movie').length);
        expect(data.series[1]?.valores[i], file).toBe(list.filter((r) => r.type === 'TV Show').length);
      });
    });
  },
);
