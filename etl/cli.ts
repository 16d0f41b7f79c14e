/**
 * `filmoteca etl`: builds the catalog from the raw Kaggle files.
 * The ETL modules load inside the action, so `filmoteca --help` stays instant.
 */
import type { Command } from 'commander';

export function registerEtl(program: Command): void {
  program
    .command('etl')
    .description('Construye el catálogo SQLite desde los archivos de Kaggle (builds the catalog from the Kaggle files)')
    .option('--data <dir>', 'carpeta con los archivos (default: FILMOTECA_DATA_DIR, luego data/raw)')
    .option('--movies <dir>', 'carpeta de The Movies Dataset (default: --data)')
    .option('--streaming <dir>', 'carpeta de las listas de streaming (default: --data)')
    .option('--out <db>', 'catálogo a escribir (default: FILMOTECA_DB)')
    .option('--report <file>', 'informe JSON (default: etl-report.json junto al catálogo)')
    .option('--download', 'descarga antes los archivos de Kaggle a FILMOTECA_RAW_DIR')
    .option('--quiet', 'sin progreso ni resumen')
    .option('--no-derived', 'omite los pasos derivados (solo desarrollo/benchmarks del ETL: catálogo incompleto)')
    .action(
      async (flags: {
        data?: string;
        movies?: string;
        streaming?: string;
        out?: string;
        report?: string;
        download?: boolean;
        quiet?: boolean;
        derived?: boolean;
      }) => {
        const { loadConfig } = await import('../src/config.js');
        const { runEtlInterruptible } = await import('./interruptible.js');
        const { EtlError } = await import('./errors.js');
        const config = loadConfig();
        try {
          await runEtlInterruptible({
            dataDir: flags.data ?? config.FILMOTECA_DATA_DIR ?? config.FILMOTECA_RAW_DIR,
            moviesDir: flags.movies,
            streamingDir: flags.streaming,
            out: flags.out ?? config.FILMOTECA_DB,
            reportPath: flags.report,
            quiet: flags.quiet,
            download: flags.download,
            derived: flags.derived,
            rawDir: config.FILMOTECA_RAW_DIR,
          });
        } catch (error) {
          const failure = error instanceof EtlError ? error : undefined;
          console.error(failure ? `Error del ETL: ${failure.es}` : `Error del ETL: ${String(error)}`);
          if (failure) console.error(`ETL error: ${failure.en}`);
          if (failure?.file)
            console.error(`Archivo (file): ${failure.file}${failure.row ? `, fila (row) ${failure.row}` : ''}`);
          process.exitCode = 1;
        }
      },
    );
}
