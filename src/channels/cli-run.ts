/**
 * `filmoteca run <command> --<arg> <value> …`: ask one question from the
 * terminal and print the Spanish answer (`--json`: the whole answer object).
 * `filmoteca run --jsonl` reads one `{"command","args"}` per stdin line and
 * writes one answer JSON per line, for scripts.
 *
 * Exit codes: 0 answered (a "no encontré …" is an answer too), 1 bad usage
 * (unknown command, missing or invalid argument), 2 no catalog.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../../commands/types.js';

export const EXIT_ANSWERED = 0;
export const EXIT_USAGE = 1;
export const EXIT_NO_CATALOG = 2;

interface RunOptions {
  json?: boolean;
  jsonl?: boolean;
  db?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('Hace una pregunta y muestra la respuesta (ask one question): run <comando> --<arg> <valor> …')
    .argument('[comando]', 'comando, p. ej. cantidad_filmaciones_mes (ver: run ayuda)')
    .argument('[valores...]', '--<arg> <valor>, --<arg>=<valor>, o valores en el orden de los argumentos')
    .option('--json', 'imprime la respuesta completa en JSON')
    .option('--jsonl', 'lee {"command","args"} por línea de stdin y escribe una respuesta JSON por línea')
    .option('--db <ruta>', 'catálogo SQLite (por defecto el de npm start: FILMOTECA_DB, o el de demostración)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(async (name: string | undefined, values: string[], options: RunOptions) => {
      process.exitCode = await runCli(name, values, options);
    });
}

async function runCli(name: string | undefined, values: string[], options: RunOptions): Promise<number> {
  const ctx = await openContext(options.db);
  if (!ctx) return EXIT_NO_CATALOG;
  const { runCommand, getCommand } = await import('../../commands/index.js');
  if (options.jsonl) return runJsonLines(ctx);
  if (!name) {
    process.stderr.write(
      'Falta el comando. Ejemplo: filmoteca run cantidad_filmaciones_mes --mes enero (lista: filmoteca run ayuda)\n',
    );
    return EXIT_USAGE;
  }
  const def = getCommand(name);
  const rawArgs = def
    ? parseArgValues(
        values,
        def.args.map((a) => a.name),
      )
    : {};
  const answer = runCommand(ctx, name, rawArgs);
  const usageError = isUsageError(answer.error?.code);
  if (options.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  else (usageError ? process.stderr : process.stdout).write(`${answer.text}\n`);
  return usageError ? EXIT_USAGE : EXIT_ANSWERED;
}

function isUsageError(code: string | undefined): boolean {
  return (
    code === 'unknown_command' || code === 'bad_argument' || code === 'missing_argument' || code === 'internal_error'
  );
}

/**
 * `--mes enero`, `--mes=enero`, or bare values in the command's argument
 * order (`run get_max_duration 2018 netflix min`). Hand-parsed because the
 * flags depend on the command, which commander only knows after parsing.
 */
export function parseArgValues(values: readonly string[], order: readonly string[]): Record<string, string> {
  const args: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const token = values[i] as string;
    const flag = /^--([^=]+)(?:=(.*))?$/s.exec(token);
    if (!flag) {
      positional.push(token);
      continue;
    }
    const key = flag[1] as string;
    if (flag[2] !== undefined) args[key] = flag[2];
    else {
      const next = values[i + 1];
      const hasValue = next !== undefined && !next.startsWith('--');
      args[key] = hasValue ? next : '';
      if (hasValue) i++;
    }
  }
  // Bare values fill, in order, the arguments no flag gave.
  const unset = order.filter((name) => args[name] === undefined);
  positional.forEach((value, i) => {
    const name = unset[i];
    if (name !== undefined) args[name] = value;
  });
  return args;
}

/** The catalog found as `npm start` finds it (src/catalog/find.ts); null after saying why on stderr. */
async function openContext(dbOption: string | undefined): Promise<CommandContext | null> {
  const { openCliCatalog } = await import('../catalog/find.js');
  const catalog = await openCliCatalog(dbOption);
  if (!catalog) return null;
  const { createCommandContext } = await import('../../commands/index.js');
  return createCommandContext(catalog);
}

async function runJsonLines(ctx: CommandContext): Promise<number> {
  const { createInterface } = await import('node:readline');
  const { runCommand } = await import('../../commands/index.js');
  const { failed } = await import('../../commands/common.js');
  const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let request: { command?: unknown; args?: unknown } | null = null;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) request = parsed;
    } catch {
      // answered below as a bad line
    }
    const answer = request
      ? runCommand(ctx, request.command, request.args)
      : failed(null, {}, 'bad_argument', 'Esta línea no es un objeto JSON {"command": …, "args": {…}}.');
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
  return EXIT_ANSWERED;
}

/** `filmoteca docs`: writes docs/comandos.md from the registry (`--check`: exit 1 when it is not up to date). */
export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('Escribe docs/comandos.md desde el registro de órdenes (writes the command reference)')
    .option('--check', 'no escribe nada: sale con 1 si docs/comandos.md no está al día')
    .action(async (options: { check?: boolean }) => {
      const { existsSync, readFileSync, writeFileSync } = await import('node:fs');
      const { loadConfig } = await import('../config.js');
      const { ensureDemoCatalog } = await import('../catalog/find.js');
      const { openCatalog } = await import('../catalog/catalog.js');
      const { createCommandContext } = await import('../../commands/index.js');
      const { createParser } = await import('../nlu/index.js');
      const { commandsMarkdown, DOC_PATH } = await import('../commands-doc.js');
      // The demo catalog: the page's examples are answers anyone can reproduce from a fresh clone.
      const ctx = createCommandContext(openCatalog(await ensureDemoCatalog(loadConfig())));
      const page = commandsMarkdown(ctx, createParser(ctx).parse);
      const upToDate = existsSync(DOC_PATH) && readFileSync(DOC_PATH, 'utf8') === page;
      if (options.check) {
        process.stdout.write(
          upToDate ? 'docs/comandos.md está al día.\n' : 'docs/comandos.md no está al día: npx filmoteca docs\n',
        );
        process.exitCode = upToDate ? 0 : 1;
        return;
      }
      writeFileSync(DOC_PATH, page);
      process.stdout.write(`Escrito docs/comandos.md.\n`);
    });
}
