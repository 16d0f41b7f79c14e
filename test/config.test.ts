/** Settings: validated with one Spanish line per problem, `.env` read under the environment, secrets never shown. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, readDotEnv } from '../src/config.js';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.RATE_LIMIT_PER_MINUTE).toBe(20);
    expect(config.CONVERSATION_TTL_MINUTES).toBe(30);
    expect(config.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
    expect(config.DISCORD_TOKEN).toBeUndefined();
  });

  it('one Spanish line per bad setting, naming it and its value', () => {
    expect(problems({ PORT: 'abc', LOG_LEVEL: 'loud', DISCORD_PUBLIC_KEY: 'xyz' })).toEqual([
      'PORT="abc": tiene que ser un número entero entre 0 y 65535.',
      'LOG_LEVEL="loud": tiene que ser uno de: fatal, error, warn, info, debug, trace, silent.',
      'DISCORD_PUBLIC_KEY="xyz": tiene que ser la clave pública de la aplicación: 64 caracteres hexadecimales.',
    ]);
    expect(problems({ PORT: '70000' })).toHaveLength(1);
    expect(problems({ PORT: '8080' })).toEqual([]);
  });

  it('never shows the value of a secret', () => {
    const [line] = problems({ TELEGRAM_TOKEN: 'not-a-token-but-secret' });
    expect(line).toMatch(/^TELEGRAM_TOKEN: /);
    expect(line).not.toContain('not-a-token-but-secret');
  });

  it('settings that need each other', () => {
    expect(
      problems({
        TELEGRAM_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        TELEGRAM_WEBHOOK_URL: 'https://x.org/telegram/webhook',
      }),
    ).toEqual([
      'TELEGRAM_WEBHOOK_SECRET: hace falta cuando TELEGRAM_WEBHOOK_URL está configurado (Telegram lo devuelve en cada petición).',
    ]);
  });

  it('masks secrets when described', () => {
    const config = loadConfig({ TELEGRAM_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', KAGGLE_KEY: 'k' });
    const shown = JSON.stringify(describeConfig(config));
    expect(shown).not.toContain('ABCDEFGHIJ');
    expect(shown).not.toContain('"k"');
  });
});

describe('.env', () => {
  it('is read quietly, with comments and quotes, and absent is fine', () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-env-'));
    expect(readDotEnv(dir)).toEqual({});
    writeFileSync(join(dir, '.env'), '# comment\nPORT=4000\nHOST="0.0.0.0"\n');
    expect(readDotEnv(dir)).toEqual({ PORT: '4000', HOST: '0.0.0.0' });
    // The environment wins over the file, as loadConfig() merges them.
    expect(loadConfig({ ...readDotEnv(dir), PORT: '5000' }).PORT).toBe(5000);
    expect(loadConfig({ ...readDotEnv(dir) }).HOST).toBe('0.0.0.0');
  });
});

describe('loadConfig() in a real process', () => {
  const root = resolve(import.meta.dirname, '..');
  const script = `import { loadConfig } from ${JSON.stringify(join(root, 'src/config.ts'))};
    const c = loadConfig(); console.log(JSON.stringify({ PORT: c.PORT, HOST: c.HOST }));`;
  const run = (cwd: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), '-e', script], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('reads .env of the current folder, and the environment wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-env-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nHOST=0.0.0.0\n');
    expect(JSON.parse(run(dir, {}).stdout)).toEqual({ PORT: 4000, HOST: '0.0.0.0' });
    expect(JSON.parse(run(dir, { PORT: '5000' }).stdout)).toEqual({ PORT: 5000, HOST: '0.0.0.0' });
  });
});

describe('a bad setting on the command line', () => {
  it('exits 1 with one Spanish line per problem and no stack trace', () => {
    const root = resolve(import.meta.dirname, '..');
    const result = spawnSync(process.execPath, [join(root, 'bin/filmoteca.js'), 'serve'], {
      env: { PATH: process.env.PATH ?? '', PORT: 'abc' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT="abc": tiene que ser un número entero entre 0 y 65535.');
    expect(result.stderr).not.toMatch(/\bat \S+ \(/); // no stack frame
  });
});
