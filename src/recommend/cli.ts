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
      const { contenders, evaluate, evaluateTwoFold, formatTable, loadRatings, missingFiles, ratingSets } =
        await import('./eval.js');
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
        const [tuning, heldOut] = sets as [(typeof sets)[number], (typeof sets)[number]];
        let started = performance.now();
        const tuningRows = evaluateTwoFold(catalog.db, loadRatings(catalog.db, tuning));
        console.log(
          formatTable(`${tuning.name}, dos mitades de usuarios (co-gustos de una, medido en la otra)`, tuningRows),
        );
        console.log(`(${Math.round(performance.now() - started)} ms)\n`);
        started = performance.now();
        const heldOutRows = evaluate(catalog.db, loadRatings(catalog.db, heldOut), contenders(catalog.db));
        console.log(formatTable(`${heldOut.name}, catálogo tal como lo sirve el bot`, heldOutRows));
        console.log(`(${Math.round(performance.now() - started)} ms)\n`);
      } finally {
        catalog.close();
      }
    });
}
