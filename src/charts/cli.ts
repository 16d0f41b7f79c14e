/** `filmoteca eda`: registered here, the report's modules load only when it runs. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Db } from '../catalog/catalog.js';

export function registerEda(program: Command): void {
  program
    .command('eda')
    .description('Escribe el análisis exploratorio del catálogo en HTML (writes the EDA report): data/eda/index.html')
    .option('--db <ruta>', 'catálogo SQLite (por defecto FILMOTECA_DB)')
    .option('--out <archivo>', 'dónde escribir el informe', 'data/eda/index.html')
    .action(async (options: { db?: string; out: string }) => {
      const started = performance.now();
      const { loadConfig } = await import('../config.js');
      const { openCatalog, CatalogMissingError } = await import('../catalog/catalog.js');
      const path = options.db ?? loadConfig().FILMOTECA_DB;
      let db: Db;
      try {
        db = openCatalog(path).db;
      } catch (error) {
        if (!(error instanceof CatalogMissingError)) throw error;
        process.stderr.write(`No hay catálogo en ${path}. Constrúyelo con: npm run etl -- --data <carpeta>\n`);
        process.exitCode = 2;
        return;
      }
      const { buildEdaReport, writeAtomically } = await import('./eda.js');
      const { countOf, formatDecimal } = await import('../format.js');
      const report = await buildEdaReport(db);
      const out = resolve(options.out);
      try {
        writeAtomically(out, report.html);
      } catch (error) {
        process.stderr.write(`No pude escribir ${out}: ${error instanceof Error ? error.message : error}\n`);
        process.exitCode = 1;
        return;
      }
      db.close();
      const seconds = (performance.now() - started) / 1000;
      process.stdout.write(
        `Informe escrito en ${options.out} (${countOf(report.charts, 'gráfico', 'gráficos')}, ${formatDecimal(seconds)} s).\n`,
      );
    });
}
