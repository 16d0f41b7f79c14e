/**
 * The NLU's command line (spawned like a user would) and the start-up logic of
 * `npm start` (src/main.ts): catalog fallbacks and the terminal chat.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../commands/types.js';
import { loadConfig } from '../../src/config.js';
import { ensureCatalog } from '../../src/main.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';
import { chatTranscript } from '../helpers/chat.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let db: string;

beforeAll(async () => {
  db = await fixtureCatalogPath();
});

function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, ['bin/filmoteca.js', ...args], { cwd: ROOT, input, encoding: 'utf8' });
}

describe('filmoteca parse / ask', () => {
  it('parse --json prints the frame, and only JSON on stdout', () => {
    const run = cli(['parse', '--db', db, '--json', '¿cuántas pelis salieron en setiembre?']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      text: '¿cuántas pelis salieron en setiembre?',
      command: 'cantidad_filmaciones_mes',
      args: { mes: 9 },
      confidence: expect.any(Number),
      alternatives: [],
    });
  });

  it('parse --jsonl: one JSON line per input line', () => {
    const run = cli(['parse', '--db', db, '--jsonl'], 'hola\n¿cuánto dura Toy Story?\n¿qué tiempo hace?\n');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { command: string | null });
    expect(lines.map((l) => l.command)).toEqual(['ayuda', 'peliculas_duracion', null]);
  });

  it('parse --jsonl: {"text", "conversation"} lines with the same id are turns of one conversation, in order', () => {
    const input = [
      JSON.stringify({ text: '¿cuántas películas se estrenaron en enero?', conversation: 'c1' }),
      JSON.stringify({ text: '¿Cuánto dura Toy Story?', conversation: 'c2' }),
      JSON.stringify({ text: '¿y en marzo?', conversation: 'c1' }),
      'y su popularidad?', // plain text: a question on its own
      JSON.stringify({ text: 'y su popularidad?', conversation: 'c2' }),
      JSON.stringify({ texto: 'sin text' }),
    ].join('\n');
    const lines = cli(['parse', '--db', db, '--jsonl'], `${input}\n`)
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { conversation?: string; command: string | null; args: object; context?: string[] });
    expect(lines.map((l) => [l.conversation, l.command, l.args, l.context])).toEqual([
      ['c1', 'cantidad_filmaciones_mes', { mes: 1 }, undefined],
      ['c2', 'peliculas_duracion', { titulo: 'tmdb:862' }, undefined],
      ['c1', 'cantidad_filmaciones_mes', { mes: 3 }, undefined],
      [undefined, null, {}, undefined],
      ['c2', 'score_titulo', { titulo: 'tmdb:862' }, ['titulo']],
      [undefined, null, {}, undefined],
    ]);
  });

  it('ask prints the Spanish answer (Toy Story: 81 minutes, 1995, FIXTURE.md)', () => {
    const run = cli(['ask', '--db', db, '¿cuánto dura Toy Story?']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/81 minutos/);
    expect(run.stdout).toMatch(/1995/);
  });

  it('ask --json prints the whole answer', () => {
    const answer = JSON.parse(cli(['ask', '--db', db, '--json', 'saga de Rocky']).stdout) as Answer;
    expect(answer).toMatchObject({ command: 'franquicia', args: { franquicia: 'Rocky Collection' }, ok: true });
  });

  it('without a catalog: exit code 2 and the command that builds one', () => {
    const run = cli(['ask', '--db', join(tmpdir(), 'no-such-catalog.db'), 'hola']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/npm run etl/);
  });
});

describe('terminal chat', () => {
  it('greets with examples, answers each line, and stops at «salir»', async () => {
    const asked: string[] = [];
    const ask = (text: string): Answer => {
      asked.push(text);
      return { command: null, args: {}, text: `eco: ${text}`, data: null, ok: true };
    };
    const printed = await chatTranscript(ask, ['hola', '', 'salir', 'esto ya no'], {
      examples: ['¿Cuánto dura Toy Story?'],
    });
    expect(printed).toMatch(/^¡Hola! Soy Filmoteca/);
    expect(printed).toContain('«salir»');
    expect(asked).toEqual(['hola']);
    expect(printed).toContain('filmoteca> eco: hola');
    expect(printed).toContain('¡Hasta pronto!');
  });
});

describe('terminal chat: one conversation', () => {
  it('a follow-up turn reads against the previous one («¿y en marzo?»)', async () => {
    const { createParser } = await import('../../src/nlu/index.js');
    const { createCommandContext } = await import('../../commands/index.js');
    const { openCatalog } = await import('../../src/catalog/catalog.js');
    const parser = createParser(createCommandContext(openCatalog(db)));
    const printed = await chatTranscript(parser.ask, ['¿cuántas películas se estrenaron en enero?', '¿y en marzo?']);
    // FIXTURE.md: January 0, March 3.
    expect(printed).toContain('filmoteca> 0 películas fueron estrenadas en el mes de enero.');
    expect(printed).toContain('filmoteca> 3 películas fueron estrenadas en el mes de marzo.');
  });
});

describe('npm start: making sure a catalog exists', () => {
  const quiet = () => {};

  it('uses the existing FILMOTECA_DB', async () => {
    const config = loadConfig({ FILMOTECA_DB: db });
    expect(await ensureCatalog(config, quiet)).toEqual({ path: db, demo: false });
  });

  it('with no catalog, no raw files and no download, builds the demo catalog and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-start-'));
    mkdirSync(join(dir, 'data'));
    const config = {
      ...loadConfig({
        FILMOTECA_DB: join(dir, 'missing.db'),
        FILMOTECA_RAW_DIR: join(dir, 'raw'),
        FILMOTECA_KAGGLE_URL: 'http://127.0.0.1:9/none',
      }),
      root: dir,
      demoDataDir: resolve(ROOT, 'data/demo'),
    };
    const said: string[] = [];
    const result = await ensureCatalog(config, (line) => said.push(line));
    expect(result).toEqual({ path: join(dir, 'data/demo.db'), demo: true });
    expect(existsSync(result.path)).toBe(true);
    expect(said.join('\n')).toMatch(/Usando el catálogo de demostración/);
  });
});
