/** `filmoteca run`, spawned as a user would run it, on the fixture catalog. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgValues } from '../../src/channels/cli-run.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
let db: string;
beforeAll(async () => {
  db = await fixtureCatalogPath();
});

function filmoteca(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['bin/filmoteca.js', ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    env: { ...process.env, FILMOTECA_DB: db },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('filmoteca run', () => {
  it('prints the answer text and exits 0', () => {
    const { code, stdout } = filmoteca([
      'run',
      'get_max_duration',
      '--anio',
      '2018',
      '--plataforma=Netflix',
      '--tipo_duracion',
      'min',
    ]);
    expect(stdout).toBe('La película más larga de Netflix estrenada en 2018 es Sanju, con 161 minutos.\n');
    expect(code).toBe(0);
  });

  it('--json prints the whole answer; positional values follow the argument order', () => {
    const { code, stdout } = filmoteca(['run', 'estrenos_mes', 'diciembre', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      command: 'cantidad_filmaciones_mes',
      args: { mes: 12 },
      text: '9 películas fueron estrenadas en el mes de diciembre.',
      data: { cantidad: 9 },
      ok: true,
    });
  });

  it('a title not found is an answer (exit 0); bad usage exits 1', () => {
    const notFound = filmoteca(['run', 'score_titulo', '--titulo', 'Película Que No Existe']);
    expect(notFound.code).toBe(0);
    expect(notFound.stdout).toMatch(/^No encontré la película «Película Que No Existe»/);
    const unknown = filmoteca(['run', 'no_existe']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^No conozco la pregunta «no_existe»/);
    const missing = filmoteca(['run', 'score_titulo']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Falta el título de la película\./);
    const bad = filmoteca(['run', 'cantidad_filmaciones_mes', '--mes', '13']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).not.toMatch(/at |Error/);
  });

  it('exits 2 without a catalog and says how to build it', () => {
    const { code, stderr } = filmoteca(['run', 'ayuda', '--db', resolve(ROOT, 'data/no-existe.db')]);
    expect(code).toBe(2);
    expect(stderr).toContain('npm run etl -- --data <carpeta>');
  });

  it('--jsonl answers one JSON per line, bad lines included', () => {
    const input = [
      JSON.stringify({ command: 'get_contents', args: { rating: 'tv-ma' } }),
      'esto no es json',
      '',
      JSON.stringify({ command: 'get_count_platform', args: { plataforma: 'hulu' } }),
    ].join('\n');
    const { code, stdout } = filmoteca(['run', '--jsonl'], input);
    expect(code).toBe(0);
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers).toHaveLength(3);
    expect(answers[0].data).toEqual({ rating: 'TV-MA', cantidad: 7 });
    expect(answers[1].error.code).toBe('bad_argument');
    expect(answers[2].data).toEqual({ plataforma: 'hulu', cantidad: 7 });
  });
});

describe('parseArgValues', () => {
  it('reads --a b, --a=b and positional values', () => {
    expect(
      parseArgValues(['--anio', '2018', '--plataforma=netflix', 'min'], ['anio', 'plataforma', 'tipo_duracion']),
    ).toEqual({
      anio: '2018',
      plataforma: 'netflix',
      tipo_duracion: 'min',
    });
    expect(parseArgValues(['--titulo', '--json'], ['titulo'])).toEqual({ titulo: '', json: '' });
    expect(parseArgValues(['a', 'b', 'c'], ['x'])).toEqual({ x: 'a' });
  });
});
