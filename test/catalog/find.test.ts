/**
 * Every CLI command finds the catalog as `npm start` does (src/catalog/find.ts):
 * with no catalog, no data and no Kaggle account, `run`, `ask`, `parse`, `chat` and
 * `serve` all answer from the demo catalog and say so on stderr; `--db` means that
 * file only; a broken catalog file is a clear message, never a stack trace.
 * Expected answers come from data/demo (FIXTURE.md: Toy Story runs 81 minutes,
 * 9 films came out in December, 47 movies).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { catalogProblem, ensureCatalog, findCatalog } from '../../src/catalog/find.js';
import { loadConfig } from '../../src/config.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const work = mkdtempSync(join(tmpdir(), 'filmoteca-find-'));
const emptyRaw = join(work, 'raw');
mkdirSync(emptyRaw);
const broken = join(work, 'broken.db');
writeFileSync(broken, 'esto no es una base de datos\n');

/** A user's environment with no catalog, no raw files and no Kaggle account. */
function bareEnv(db = join(work, 'missing.db')): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, FILMOTECA_DB: db, FILMOTECA_RAW_DIR: emptyRaw };
  for (const key of ['FILMOTECA_DATA_DIR', 'KAGGLE_USERNAME', 'KAGGLE_KEY']) delete env[key];
  return env;
}

function filmoteca(args: string[], env: NodeJS.ProcessEnv, input?: string) {
  const run = spawnSync(process.execPath, ['bin/filmoteca.js', ...args], { cwd: ROOT, env, input, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const DEMO_NOTICE = /No hay catálogo en .*missing\.db\. Usando el catálogo de demostración \(.*data\/demo\.db/;

describe('CLI commands without a catalog use the demo, like npm start, and say so', () => {
  beforeAll(() => {
    // Built once here, so the commands below do not all build it at the same time.
    filmoteca(['run', 'ayuda'], bareEnv());
  });

  it('run', () => {
    const run = filmoteca(['run', 'estrenos_mes', 'diciembre', '--json'], bareEnv());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ data: { cantidad: 9 }, ok: true }); // stdout: JSON only
    expect(run.stderr).toMatch(DEMO_NOTICE);
  });

  it('ask and parse', () => {
    const ask = filmoteca(['ask', '¿cuánto dura Toy Story?'], bareEnv());
    expect(ask.code).toBe(0);
    expect(ask.stdout).toBe('La película Toy Story dura 81 minutos y se estrenó en 1995.\n');
    expect(ask.stderr).toMatch(DEMO_NOTICE);
    const parse = filmoteca(['parse', '¿cuánto dura Toy Story?'], bareEnv());
    expect(parse.code).toBe(0);
    expect(JSON.parse(parse.stdout)).toMatchObject({ command: 'peliculas_duracion', args: { titulo: 'tmdb:862' } });
    expect(parse.stderr).toMatch(DEMO_NOTICE);
  });

  it('chat', () => {
    const chat = filmoteca(['chat'], bareEnv(), '¿cuánto dura Toy Story?\nsalir\n');
    expect(chat.code).toBe(0);
    expect(chat.stdout).toContain('filmoteca> La película Toy Story dura 81 minutos');
    expect(chat.stderr).toMatch(DEMO_NOTICE);
  });

  it('serve', async () => {
    const server = spawn(process.execPath, ['bin/filmoteca.js', 'serve', '--port', '0'], {
      cwd: ROOT,
      env: { ...bareEnv(), LOG_LEVEL: 'silent' },
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    try {
      const address = await new Promise<string>((found, failed) => {
        let stdout = '';
        server.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const url = /escucha en (http:\/\/\S+)/.exec(stdout)?.[1];
          if (url) found(url);
        });
        server.on('close', () => failed(new Error(`serve ended: ${stderr}`)));
      });
      const health = (await (await fetch(`${address}/health`)).json()) as { peliculas: number };
      expect(health.peliculas).toBe(47);
      expect(stderr).toMatch(DEMO_NOTICE);
    } finally {
      server.kill();
    }
  });

  it('--db names one file: missing or broken is exit 2 with what to do, no stack trace', () => {
    for (const [db, why, args] of [
      [join(work, 'nowhere.db'), /No hay catálogo en .*nowhere\.db/, ['run', 'ayuda']],
      [join(work, 'nowhere.db'), /No hay catálogo en .*nowhere\.db/, ['parse', 'hola']],
      [broken, /no es un catálogo de Filmoteca/, ['ask', 'hola']],
      [broken, /no es un catálogo de Filmoteca/, ['run', 'ayuda']],
    ] as const) {
      {
        const run = filmoteca([...args, '--db', db], bareEnv());
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(why);
        expect(run.stderr).toMatch(/npm run etl -- --data/);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    }
  });

  it('a broken FILMOTECA_DB falls back to the demo, saying why', () => {
    const run = filmoteca(['ask', '¿cuánto dura Toy Story?'], bareEnv(broken));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/81 minutos/);
    expect(run.stderr).toMatch(/broken\.db no es un catálogo de Filmoteca.*Usando el catálogo de demostración/);
  });
});

describe('findCatalog / ensureCatalog', () => {
  it('a readable catalog is used as is; --db wins over FILMOTECA_DB', async () => {
    const db = await fixtureCatalogPath();
    const said: string[] = [];
    const config = loadConfig({ FILMOTECA_DB: db });
    expect(await ensureCatalog(config, (l) => said.push(l))).toEqual({ path: db, demo: false });
    expect(await findCatalog(loadConfig({ FILMOTECA_DB: broken }), db, (l) => said.push(l))).toEqual({
      path: db,
      demo: false,
    });
    expect(said).toEqual([]);
    expect(catalogProblem(db)).toBeNull();
    expect(catalogProblem(broken)).toMatch(/no es un catálogo/);
  });

  it('builds FILMOTECA_DB from FILMOTECA_DATA_DIR when there is no catalog', async () => {
    const out = join(work, 'built.db');
    const said: string[] = [];
    const config = loadConfig({ FILMOTECA_DB: out, FILMOTECA_DATA_DIR: join(ROOT, 'data/demo') });
    expect(await ensureCatalog(config, (l) => said.push(l))).toEqual({ path: out, demo: false });
    expect(said.join('\n')).toMatch(/No hay catálogo en .*built\.db\. Lo construyo desde .*data\/demo/);
    expect(catalogProblem(out)).toBeNull();
  });
});
