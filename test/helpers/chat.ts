/** The terminal chat's first message, as a user sees it, on a catalog (test/channels/terminal.test.ts). */
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { createCommandContext } from '../../commands/index.js';
import type { Answer } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { type ChatOptions, startChat } from '../../src/channels/terminal.js';
import { createParser } from '../../src/nlu/index.js';

/** Everything the terminal chat prints for these input lines (the input then ends). */
export async function chatTranscript(
  ask: (text: string, conversation?: string) => Answer,
  lines: readonly string[],
  options: Omit<ChatOptions, 'input' | 'output'> = {},
): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk) => {
    printed += String(chunk);
  });
  const done = startChat(ask, { ...options, input, output });
  input.end(lines.map((line) => `${line}\n`).join(''));
  await done;
  return printed;
}

/** The welcome as a user sees it, from a chat that is closed at once. */
export async function welcomeOn(path: string): Promise<{ examples: string[]; ask: (text: string) => Answer }> {
  const parser = createParser(createCommandContext(openCatalog(path)));
  const printed = await chatTranscript(parser.ask, ['salir']);
  const examples = [...printed.matchAll(/^ {2}· (.+)$/gm)].map((m) => m[1] as string);
  return { examples, ask: (text) => parser.ask(text) };
}

/** Releases per month straight from the catalog (no command code involved). */
export function releasesIn(path: string, month: number): number {
  const db = new Database(path, { readonly: true });
  const row = db
    .prepare('SELECT count(*) AS n FROM movies WHERE CAST(substr(release_date, 6, 2) AS INTEGER) = ?')
    .get(month) as { n: number };
  db.close();
  return row.n;
}
