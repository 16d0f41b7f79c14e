/**
 * NLU subcommands: `parse`, `ask`, `chat`, `eval-nlu`, and `start` (src/main.ts).
 * Heavy modules load inside the actions so `filmoteca --help` stays instant.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../../commands/types.js';
import type { Parser } from './index.js';

const DEFAULT_DEVSET = new URL('../../test/nlu/devset.jsonl', import.meta.url).pathname;

/**
 * The parser on the catalog found as `npm start` finds it (src/catalog/find.ts), with the
 * context it was built on (one catalog handle for everything the command does); null (exit
 * code 2) when there is none.
 */
async function openParser(dbOption: string | undefined): Promise<{ parser: Parser; ctx: CommandContext } | null> {
  const { openCliCatalog } = await import('../catalog/find.js');
  const catalog = await openCliCatalog(dbOption);
  if (!catalog) {
    process.exitCode = 2;
    return null;
  }
  const { createCommandContext } = await import('../../commands/index.js');
  const { createParser } = await import('./index.js');
  const ctx = createCommandContext(catalog);
  return { parser: createParser(ctx), ctx };
}

/**
 * A `parse --jsonl` line: a JSON object {"text", "conversation"} (a turn of that conversation),
 * or the question as plain text. A JSON object without a string `text` is parsed as nothing
 * (an empty question, answered as such), never as the JSON text itself.
 */
export function jsonlInput(line: string): { text: unknown; conversation?: string } {
  if (!line.trimStart().startsWith('{')) return { text: line };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { text: line }; // a question that starts with «{»
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { text: line };
  const { text, conversation } = value as { text?: unknown; conversation?: unknown };
  return typeof conversation === 'string' && conversation !== '' ? { text, conversation } : { text };
}

/** The dev set, then the held-out sets (test/nlu/holdout*.jsonl) in name order. */
async function defaultEvalFiles(): Promise<string[]> {
  const { readdirSync } = await import('node:fs');
  const { dirname, join } = await import('node:path');
  const dir = dirname(DEFAULT_DEVSET);
  const holdouts = readdirSync(dir)
    .filter((f) => /^holdout.*\.jsonl$/.test(f))
    .sort();
  return [DEFAULT_DEVSET, ...holdouts.map((f) => join(dir, f))];
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
    .option(
      '--jsonl',
      'lee de stdin una frase por línea, o {"text": "…", "conversation": "c1"} (las líneas con el mismo id son turnos de una conversación), y escribe un JSON por línea',
    )
    .option('--db <ruta>', 'catálogo SQLite (por defecto el de npm start: FILMOTECA_DB, o el de demostración)')
    .action(async (words: string[], options: { jsonl?: boolean; db?: string }) => {
      const { parser } = (await openParser(options.db)) ?? {};
      if (!parser) return;
      const { publicFrame } = await import('./index.js');
      if (options.jsonl) {
        for await (const line of stdinLines()) {
          const { text, conversation } = jsonlInput(line);
          const frame = publicFrame(parser.parse(text, conversation));
          process.stdout.write(`${JSON.stringify(conversation === undefined ? frame : { conversation, ...frame })}\n`);
        }
        return;
      }
      process.stdout.write(`${JSON.stringify(publicFrame(parser.parse(words.join(' '))), null, 2)}\n`);
    });

  program
    .command('ask')
    .description('Responde una pregunta en español (answers a Spanish question)')
    .argument('[texto...]', 'la pregunta')
    .option('--json', 'la respuesta completa en JSON')
    .option('--db <ruta>', 'catálogo SQLite (por defecto el de npm start: FILMOTECA_DB, o el de demostración)')
    .action(async (words: string[], options: { json?: boolean; db?: string }) => {
      const { parser } = (await openParser(options.db)) ?? {};
      if (!parser) return;
      const answer = parser.ask(words.join(' '));
      process.stdout.write(options.json ? `${JSON.stringify(answer, null, 2)}\n` : `${answer.text}\n`);
    });

  program
    .command('chat')
    .description('Chat interactivo en español en la terminal (interactive Spanish chat)')
    .option('--db <ruta>', 'catálogo SQLite (por defecto el de npm start: FILMOTECA_DB, o el de demostración)')
    .action(async (options: { db?: string }) => {
      const opened = await openParser(options.db);
      if (!opened) return;
      const { startChat } = await import('../channels/terminal.js');
      // «/comando …» lines and charts, on the parser's own catalog handle.
      await startChat(opened.parser.ask, { ctx: opened.ctx, askCommand: opened.parser.askCommand });
    });

  program
    .command('eval-nlu')
    .description('Mide el NLU en el conjunto de desarrollo y en los reservados (NLU accuracy, dev and held-out sets)')
    .option('--file <ruta...>', 'frases JSONL (por defecto test/nlu/devset.jsonl y test/nlu/holdout*.jsonl)')
    .option(
      '--db <ruta>',
      'catálogo (por defecto el de demostración, data/demo, del que salen las entidades del conjunto)',
    )
    .action(async (options: { file?: string[]; db?: string }) => {
      const { loadConfig } = await import('../config.js');
      const { ensureDemoCatalog } = await import('../catalog/find.js');
      const { basename } = await import('node:path');
      const db = options.db ?? (await ensureDemoCatalog(loadConfig()));
      const { parser } = (await openParser(db)) ?? {};
      if (!parser) return;
      const { evaluate, formatEval, loadDevSet } = await import('./eval.js');
      for (const file of options.file ?? (await defaultEvalFiles())) {
        const name = basename(file);
        const role = name.startsWith('holdout') ? 'reservado' : 'desarrollo: se ajustó con él';
        process.stdout.write(`${formatEval(evaluate(loadDevSet(file), parser.parse), `${name} (${role})`)}\n\n`);
      }
    });

  program
    .command('start')
    .description('Arranca Filmoteca: catálogo (o el de demostración), API HTTP y chat (starts everything)')
    .action(async () => {
      const { main } = await import('../main.js');
      await main();
    });
}
