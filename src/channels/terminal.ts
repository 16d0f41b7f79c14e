/**
 * The interactive Spanish chat in a terminal (`filmoteca chat`, and `npm start`
 * when stdin is a terminal): node:readline with history, a friendly first
 * message with example questions, `salir` to quit. Piped input works too: one
 * question per line, answers in order, ends at end of input.
 */
import { createInterface } from 'node:readline';
import type { Answer } from '../../commands/types.js';
import { printable } from '../format.js';

const EXAMPLES = [
  '¿Cuántas películas se estrenaron en enero?',
  '¿Cómo le fue a Tom Hanks?',
  '¿Cuánto recaudó la saga de James Bond?',
  'Recomiéndame algo como Toy Story',
  '¿Cuál es la película más larga de Netflix en 2018?',
  '¿Dónde puedo ver Titanic?',
];

const QUIT = new Set(['salir', 'adios', 'adiós', 'chau', 'exit', 'quit']);

export function welcome(): string {
  return [
    '¡Hola! Soy Filmoteca: pregúntame sobre películas y plataformas de streaming.',
    'Por ejemplo:',
    ...EXAMPLES.map((e) => `  · ${e}`),
    'Escribe «ayuda» para ver todo lo que sé, o «salir» para terminar.',
  ].join('\n');
}

export interface ChatOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Runs until `salir` or end of input. */
export async function startChat(ask: (text: string) => Answer, options: ChatOptions = {}): Promise<void> {
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
  output.write(`${welcome()}\n`);
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
    output.write(`filmoteca> ${ask(text).text}\n\n`);
    prompt();
  }
  output.write('¡Hasta pronto!\n');
  rl.close();
}
