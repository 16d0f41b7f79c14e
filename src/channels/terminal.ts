/**
 * The interactive Spanish chat in a terminal (`filmoteca chat`, and `npm start`
 * when stdin is a terminal): node:readline with history, a friendly first
 * message with example questions that answer something on the catalog in use,
 * `salir` to quit. Piped input works too: one
 * question per line, answers in order, ends at end of input.
 */
import { createInterface } from 'node:readline';
import type { Answer } from '../../commands/types.js';
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
}

/** The terminal chat is one conversation: «¿y en marzo?» follows the previous question. */
export const TERMINAL_CONVERSATION = 'terminal';

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
    output.write(`filmoteca> ${ask(text, TERMINAL_CONVERSATION).text}\n\n`);
    prompt();
  }
  output.write('¡Hasta pronto!\n');
  rl.close();
}
