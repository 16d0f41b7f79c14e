/**
 * The interactive Spanish chat in a terminal (`filmoteca chat`, and `npm start`
 * when stdin is a terminal): node:readline with history, a friendly first
 * message with example questions that answer something on the catalog in use,
 * `salir` to quit. Piped input works too: one
 * question per line, answers in order, ends at end of input.
 *
 * Given the catalog (`ctx`) and the parser's `askCommand`, a line that starts
 * with «/» asks that command, read like in Telegram by the same reader
 * (`/grafico estrenos_anio comedia 1990 2000`, `/duracion toy story`); an answer
 * with a chart gets its PNG written under data/graficos/, path printed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Answer, ChartRequest, CommandContext } from '../../commands/types.js';
import { MONTHS, printable } from '../format.js';
import type { Parser } from '../nlu/index.js';

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
const COUNTS = new Set(['cantidad', 'peliculas', 'apariciones', 'total']);
/** Lists of what was left out, not of what was found (a chart's filters it did not use): empty is the usual. */
const LEFT_OUT = new Set(['ignorados']);

/** Whether an answer found something: answered, with data, and no count of 0 or empty list of findings in it. */
export function answersSomething(answer: Answer): boolean {
  if (!answer.ok || !answer.data || typeof answer.data !== 'object') return false;
  return Object.entries(answer.data).every(
    ([key, value]) =>
      !(Array.isArray(value) && value.length === 0 && !LEFT_OUT.has(key)) && !(value === 0 && COUNTS.has(key)),
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
  /** The catalog the parser was built on: enables charts, and with `askCommand`, «/comando …» lines. */
  ctx?: CommandContext;
  /** The parser's reader of a named command's arguments (the one Telegram uses). */
  askCommand?: Parser['askCommand'];
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
    const { ctx, askCommand } = options;
    const answer =
      text.startsWith('/') && ctx && askCommand
        ? await runSlash(ctx, askCommand, text)
        : ask(text, TERMINAL_CONVERSATION);
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

/**
 * `/grafico director steven spielberg`, `/estrenos_mes enero`: the command (by chat name or id) and
 * its text, read by `parser.askCommand` like every channel's. The CLI's `--flag value` style reads
 * too: the dashes go (`--desde 1990` is «desde 1990»), quotes are just quotes, and a flag naming a
 * catalog name (`--nombre John Lasseter`) leaves the name alone.
 */
async function runSlash(ctx: CommandContext, askCommand: Parser['askCommand'], line: string): Promise<Answer> {
  const { getCommand } = await import('../../commands/index.js');
  const { answerSlashCommand, unknownCommandAnswer } = await import('./common.js');
  const [, name = '', rest = ''] = /^\/(\S*)\s*(.*)$/s.exec(line) ?? [];
  const def = getCommand(name);
  if (!def) return unknownCommandAnswer(name);
  return answerSlashCommand(ctx, { askCommand }, def, slashText(rest, NAME_FLAGS), TERMINAL_CONVERSATION);
}

/** Arguments whose value is a catalog name: their flag word is not part of the question. */
const NAME_FLAGS = new Set(['nombre', 'titulo', 'franquicia', 'productora']);

/** A slash line's text with `--flag` dashes and quotes taken out (`--nombre "John Lasseter"` → «John Lasseter»). */
export function slashText(text: string, nameFlags: ReadonlySet<string> = NAME_FLAGS): string {
  return text
    .replace(/(^|\s)--([\p{L}_]+)(?:=|\s|$)/gu, (_, space: string, flag: string) =>
      nameFlags.has(flag.toLowerCase()) ? `${space}` : `${space}${flag} `,
    )
    .replace(/["“”«»]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
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
