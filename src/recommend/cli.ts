/**
 * `filmoteca eval-recs` (npm run eval:recs): our recommender and the baselines
 * against MovieLens ratings, on the catalog built from ../shared/data.
 * Heavy modules load inside the action, so `filmoteca --help` stays instant.
 */
import type { Command } from 'commander';

export function registerRecs(program: Command): void {
  program
    .command('eval-recs')
    .description('Evalúa las recomendaciones con valoraciones de MovieLens (evaluates recommendations)')
    .option('--data <dir>', 'carpeta de datos compartidos (default: ../shared/data)')
    .option(
      '--db <file>',
      'catálogo ya construido desde esos datos (default: data/eval-shared.db, se construye si falta)',
    )
    .option('--rebuild', 'reconstruye el catálogo de evaluación')
    .action(async (flags: { data?: string; db?: string; rebuild?: boolean }) => {
      const { existsSync } = await import('node:fs');
      const { resolve } = await import('node:path');
      const { loadConfig } = await import('../config.js');
      const { openCatalog } = await import('../catalog/catalog.js');
      const { contenders, evaluate, formatTable, loadRatings, missingFiles, ratingSets } = await import('./eval.js');
      const config = loadConfig();
      const dataDir = resolve(flags.data ?? resolve(config.root, '../shared/data'));
      const sets = ratingSets(dataDir);
      const missing = missingFiles(sets);
      if (missing.length > 0) {
        console.error(`Faltan archivos de valoraciones (missing ratings files): ${missing.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      const dbPath = resolve(flags.db ?? resolve(config.root, 'data/eval-shared.db'));
      if (flags.rebuild || !existsSync(dbPath)) {
        const { runEtl } = await import('../../etl/index.js');
        console.log(`Construyendo el catálogo de evaluación en ${dbPath} …`);
        await runEtl({ dataDir, out: dbPath, quiet: true });
      }
      const catalog = openCatalog(dbPath);
      try {
        const info = catalog.info();
        console.log(`Catálogo: ${info.movies} películas, ${info.titles} títulos de streaming (${dbPath})\n`);
        for (const set of sets) {
          const started = performance.now();
          const rows = evaluate(loadRatings(catalog.db, set), contenders(catalog.db));
          console.log(formatTable(set.name, rows));
          console.log(`(${Math.round(performance.now() - started)} ms)\n`);
        }
      } finally {
        catalog.close();
      }
    });
}
