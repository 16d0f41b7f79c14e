/**
 * The interactive Spanish chat in a terminal (`filmoteca chat`, and `npm start`
 * when stdin is a terminal): node:readline with history, a friendly first
 * message with example questions that answer something on the catalog in use,
 * `salir` to quit. Piped input works too: one
 * question per line, answers in order, ends at end of input.
 *
 * Given the catalog (`ctx`), a line that starts with «/» runs that command
 * directly, like in Telegram (`/grafico estrenos_anio --genero Drama`), and an
 * answer with a chart gets its PNG written under data/graficos/, path printed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Answer, ChartRequest, CommandContext } from '../../commands/types.js';
import { MONTHS, printable } from '../format.js';

/**
 * Example questions for the first message, one per group: the first of each group that
 * answers something on the catalog in use (asked for real, so the demo catalog, which has
 * no film released in January, never shows a question that answers 0).
 */
const EXAMPLE_GROUPS: readonly string[][] = [
  MONTHS.map((month) => `¿Cuántas películas se estrenaron en ${month}?`),
  ['Tom Hanks', 'Al Pacino', 'Robert De Niro', 'Morgan Freeman'].map((name) => `¿Cómo le fue a ${name}?`),
  ['James Bond', 'Star Wars', 'Toy Story'].map((saga) => `¿Cuánto recaudó la saga de ${saga}?`),
  ['Toy Story', 'The Matrix', 'Titanic'].map((title) => `Recomiéndame algo como ${title}`),
  ['2018', '2019', '2020', '2017', '2021'].map((year) => `¿Cuál es la película más larga de Netflix en ${year}?`),
  ['Titanic', 'Toy Story', 'Jumanji', 'Forrest Gump'].map((title) => `¿Dónde puedo ver ${title}?`),
];

/** Data fields that count what was found: 0 of them is an answer, but not an example worth showing. */
const COUNTS = new Set(['cantidad', 'peliculas', 'apariciones']);

/** Whether an answer found something: answered, with data, and no count of 0 or empty list in it. */
export function answersSomething(answer: Answer): boolean {
  if (!answer.ok || !answer.data || typeof answer.data !== 'object') return false;
  return Object.entries(answer.data).every(
    ([key, value]) => !(Array.isArray(value) && value.length === 0) && !(value === 0 && COUNTS.has(key)),
  );
}

/** The examples to show: per group, the first question that answers something through `ask`. */
export function pickExamples(ask: (text: string) => Answer): string[] {
  return EXAMPLE_GROUPS.flatMap((group) => group.find((question) => answersSomething(ask(question))) ?? []);
}

const QUIT = new Set(['salir', 'adios', 'adiós', 'chau', 'exit', 'quit']);

export function welcome(examples: readonly string[]): string {
  return [
    '¡Hola! Soy Filmoteca: pregúntame sobre películas y plataformas de streaming.',
    ...(examples.length > 0 ? ['Por ejemplo:', ...examples.map((e) => `  · ${e}`)] : []),
    'Escribe «ayuda» para ver todo lo que sé, o «salir» para terminar.',
  ].join('\n');
}

export interface ChatOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** The first message's examples; by default `pickExamples(ask)`. */
  examples?: readonly string[];
  /** The catalog: enables «/comando …» lines and charts. */
  ctx?: CommandContext;
  /** Where chart PNGs go (default: data/graficos/ of the project). */
  chartDir?: string;
}

/** The terminal chat is one conversation: «¿y en marzo?» follows the previous question. */
export const TERMINAL_CONVERSATION = 'terminal';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const DEFAULT_CHART_DIR = join(ROOT, 'data/graficos');

/** Runs until `salir` or end of input. */
export async function startChat(
  ask: (text: string, conversation?: string) => Answer,
  options: ChatOptions = {},
): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = 'isTTY' in input && input.isTTY === true;
  const rl = createInterface({
    input,
    output,
    terminal: interactive,
    historySize: 200,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  output.write(`${welcome(options.examples ?? pickExamples(ask))}\n`);
  const prompt = () => {
    if (interactive) rl.prompt();
  };
  rl.setPrompt('tú> ');
  rl.on('SIGINT', () => rl.close()); // Ctrl+C ends the chat like «salir»
  prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (QUIT.has(text.toLowerCase())) break;
    if (text === '') {
      prompt();
      continue;
    }
    if (!interactive) output.write(`tú> ${printable(text)}\n`); // piped text may hold escape sequences
    const answer =
      text.startsWith('/') && options.ctx ? await runSlash(options.ctx, text) : ask(text, TERMINAL_CONVERSATION);
    output.write(`filmoteca> ${answer.text}\n`);
    if (answer.chart && options.ctx) {
      output.write(`${await saveChart(options.ctx, answer.chart, options.chartDir ?? DEFAULT_CHART_DIR)}\n`);
    }
    output.write('\n');
    prompt();
  }
  output.write('¡Hasta pronto!\n');
  rl.close();
}

/** `/grafico director "John Lasseter"`, `/estrenos_mes enero`, `/grafico generos --desde 1990`. */
async function runSlash(ctx: CommandContext, line: string): Promise<Answer> {
  const { getCommand, runCommand } = await import('../../commands/index.js');
  const { parseArgValues } = await import('./cli-run.js');
  const [name = '', ...values] = slashWords(line.slice(1));
  const def = getCommand(name);
  const args = def
    ? parseArgValues(
        values,
        def.args.map((a) => a.name),
      )
    : {};
  return runCommand(ctx, name, args);
}

/**
 * Words of a slash line: quotes keep spaces («"John Lasseter"»), and the words
 * after a `--flag` up to the next flag are its value (`--nombre John Lasseter`).
 */
export function slashWords(text: string): string[] {
  const words = [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const merged: string[] = [];
  let inFlag = false;
  for (const word of words) {
    if (word.startsWith('--')) {
      merged.push(word);
      inFlag = !word.includes('=');
    } else if (inFlag && merged.length > 0 && !merged[merged.length - 1]?.startsWith('--')) {
      merged[merged.length - 1] = `${merged[merged.length - 1]} ${word}`;
    } else merged.push(word);
  }
  return merged;
}

/**
 * The chart as a PNG under `dir` (named by chart and filters, so asking again
 * rewrites the same file; written to a temporary name first, so a reader never
 * sees half a file) → the line telling where it is.
 */
async function saveChart(ctx: CommandContext, chart: ChartRequest, dir: string): Promise<string> {
  try {
    const { renderChart } = await import('../charts/index.js');
    const png = await renderChart(ctx.catalog.db, chart, 'png');
    const hash = createHash('sha1').update(JSON.stringify(chart.args)).digest('hex').slice(0, 8);
    const path = join(dir, `${chart.tipo}-${hash}.png`);
    mkdirSync(dir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, png);
    renameSync(temporary, path);
    const shown = relative(process.cwd(), path);
    return `(Gráfico: ${shown && !shown.startsWith('..') && !isAbsolute(shown) ? shown : path})`;
  } catch (error) {
    const { ChartRequestError } = await import('../charts/index.js');
    if (error instanceof ChartRequestError) return `(No hay gráfico: ${error.message})`;
    process.stderr.write(
      `[filmoteca] error al dibujar el gráfico: ${error instanceof Error ? error.message : error}\n`,
    );
    return '(No pude dibujar el gráfico por un fallo interno.)';
  }
}

/**
 * The catalog for `filmoteca chat` (src/nlu/cli.ts), opened beside the parser's:
 * a second read-only handle costs a few megabytes and keeps the NLU's code as it is.
 */
export async function chatContext(dbOption: string | undefined): Promise<CommandContext> {
  const { loadConfig } = await import('../config.js');
  const { openCatalog } = await import('../catalog/catalog.js');
  const { createCommandContext } = await import('../../commands/index.js');
  return createCommandContext(openCatalog(dbOption ?? loadConfig().FILMOTECA_DB));
}
