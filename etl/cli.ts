/**
 * `filmoteca etl`: builds the catalog from the raw Kaggle files.
 * The ETL modules load inside the action, so `filmoteca --help` stays instant.
 */
import { type Command, Option } from 'commander';

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
    .addOption(
      new Option(
        '--derived-threads <modo>',
        'dónde corren los pasos derivados: auto (dos núcleos en catálogos grandes), worker, o main (uno tras otro: menos memoria)',
      )
        .choices(['auto', 'worker', 'main'])
        .default('auto'),
    )
    .option(
      '--titulos-es',
      'pide a TMDB los títulos en español de cada película (TMDB_API_KEY; con caché, se puede reanudar)',
    )
    .option(
      '--titulos-es-cache <archivo>',
      'caché de --titulos-es (default: tmdb-titulos-es.jsonl en FILMOTECA_RAW_DIR)',
    )
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
        derivedThreads?: 'auto' | 'worker' | 'main';
        titulosEs?: boolean;
        titulosEsCache?: string;
      }) => {
        const { loadConfig } = await import('../src/config.js');
        const { runEtlInterruptible } = await import('./interruptible.js');
        const { EtlError } = await import('./errors.js');
        const { join } = await import('node:path');
        const config = loadConfig();
        if (flags.titulosEs && !config.TMDB_API_KEY) {
          console.error(
            'Error del ETL: --titulos-es necesita TMDB_API_KEY (la clave de la API de TMDB, en .env o en el entorno).',
          );
          console.error('ETL error: --titulos-es needs TMDB_API_KEY.');
          process.exitCode = 1;
          return;
        }
        const titulosEs = {
          cacheFile: flags.titulosEsCache ?? join(config.FILMOTECA_RAW_DIR, 'tmdb-titulos-es.jsonl'),
          ...(flags.titulosEs && config.TMDB_API_KEY
            ? { fetch: { apiKey: config.TMDB_API_KEY, apiUrl: config.TMDB_API_URL } }
            : {}),
        };
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
            derivedThreads: flags.derivedThreads,
            rawDir: config.FILMOTECA_RAW_DIR,
            titulosEs,
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
