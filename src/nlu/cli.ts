/**
 * NLU subcommands: `parse`, `ask`, `chat`, `eval-nlu`, and `start` (src/main.ts).
 * Heavy modules load inside the actions so `filmoteca --help` stays instant.
 */
import type { Command } from 'commander';
import type { Parser } from './index.js';

const DEFAULT_DEVSET = new URL('../../test/nlu/devset.jsonl', import.meta.url).pathname;

/** The parser on the catalog of --db / FILMOTECA_DB; null (exit code 2, message on stderr) when it is missing. */
async function openParser(dbOption: string | undefined): Promise<Parser | null> {
  const { loadConfig } = await import('../config.js');
  const { openCatalog, CatalogMissingError } = await import('../catalog/catalog.js');
  const { createCommandContext } = await import('../../commands/index.js');
  const { createParser } = await import('./index.js');
  const path = dbOption ?? loadConfig().FILMOTECA_DB;
  try {
    return createParser(createCommandContext(openCatalog(path)));
  } catch (error) {
    if (!(error instanceof CatalogMissingError)) throw error;
    process.stderr.write(
      `No hay catálogo en ${path}. Constrúyelo con: npm run etl -- --data <carpeta> (o usa npm start)\n`,
    );
    process.exitCode = 2;
    return null;
  }
}

async function* stdinLines(): AsyncGenerator<string> {
  const { createInterface } = await import('node:readline');
  yield* createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
}

export function registerNlu(program: Command): void {
  program
    .command('parse')
    .description('Interpreta una pregunta en español: comando y argumentos canónicos (parses a Spanish question)')
    .argument('[texto...]', 'la pregunta')
    .option('--json', 'salida JSON (por defecto también)')
    .option('--jsonl', 'lee una frase por línea de stdin y escribe un JSON por línea')
    .option('--db <ruta>', 'catálogo SQLite (por defecto FILMOTECA_DB)')
    .action(async (words: string[], options: { jsonl?: boolean; db?: string }) => {
      const parser = await openParser(options.db);
      if (!parser) return;
      const { publicFrame } = await import('./index.js');
      if (options.jsonl) {
        for await (const line of stdinLines())
          process.stdout.write(`${JSON.stringify(publicFrame(parser.parse(line)))}\n`);
        return;
      }
      process.stdout.write(`${JSON.stringify(publicFrame(parser.parse(words.join(' '))), null, 2)}\n`);
    });

  program
    .command('ask')
    .description('Responde una pregunta en español (answers a Spanish question)')
    .argument('[texto...]', 'la pregunta')
    .option('--json', 'la respuesta completa en JSON')
    .option('--db <ruta>', 'catálogo SQLite (por defecto FILMOTECA_DB)')
    .action(async (words: string[], options: { json?: boolean; db?: string }) => {
      const parser = await openParser(options.db);
      if (!parser) return;
      const answer = parser.ask(words.join(' '));
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.text}\n`);
    });

  program
    .command('chat')
    .description('Chat interactivo en español en la terminal (interactive Spanish chat)')
    .option('--db <ruta>', 'catálogo SQLite (por defecto FILMOTECA_DB)')
    .action(async (options: { db?: string }) => {
      const parser = await openParser(options.db);
      if (!parser) return;
      const { chatContext, startChat } = await import('../channels/terminal.js');
      await startChat(parser.ask, { ctx: await chatContext(options.db) }); // «/comando …» lines and charts
    });

  program
    .command('eval-nlu')
    .description('Mide el NLU en el conjunto de desarrollo (NLU accuracy on the dev set)')
    .option('--file <ruta>', 'frases JSONL', DEFAULT_DEVSET)
    .option(
      '--db <ruta>',
      'catálogo (por defecto el de demostración, data/demo, del que salen las entidades del conjunto)',
    )
    .action(async (options: { file: string; db?: string }) => {
      const { loadConfig } = await import('../config.js');
      const { ensureDemoCatalog } = await import('../main.js');
      const db = options.db ?? (await ensureDemoCatalog(loadConfig()));
      const parser = await openParser(db);
      if (!parser) return;
      const { evaluate, formatEval, loadDevSet } = await import('./eval.js');
      process.stdout.write(`${formatEval(evaluate(loadDevSet(options.file), parser.parse))}\n`);
    });

  program
    .command('start')
    .description('Arranca Filmoteca: catálogo (o el de demostración), API HTTP y chat (starts everything)')
    .action(async () => {
      const { main } = await import('../main.js');
      await main();
    });
}
