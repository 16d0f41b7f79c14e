/**
 * Every setting, read once from the environment and from `.env` in the current
 * folder (see .env.example); a variable set in the environment wins over the
 * file. Secrets (bot tokens, keys) live only here and are never logged: use
 * `describeConfig` to print the configuration.
 *
 * A bad value is a `ConfigError` with one Spanish line per problem, which the
 * CLI prints before exiting with code 1 (never a stack trace).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

/** Unset and empty are the same: `KEY=` in .env means "not set". */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

function optionalMatching(pattern: RegExp, what: string) {
  return optionalText.refine((v) => v === undefined || pattern.test(v), { message: what });
}

function integer(min: number, max: number, fallback: number) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return fallback;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `tiene que ser un número entero entre ${min} y ${max}` });
        return z.NEVER;
      }
      return n;
    });
}

function url(fallback: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const value = v === undefined || v === '' ? fallback : v.replace(/\/+$/, '');
      if (!/^https?:\/\/[^\s/]+/.test(value)) {
        ctx.addIssue({ code: 'custom', message: 'tiene que ser una dirección http:// o https://' });
        return z.NEVER;
      }
      return value;
    });
}

function path(fallback: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : resolve(v)));
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z
  .object({
    FILMOTECA_DB: path(resolve(ROOT, 'data/filmoteca.db')),
    FILMOTECA_DATA_DIR: optionalText.transform((v) => (v === undefined ? v : resolve(v))),
    FILMOTECA_RAW_DIR: path(resolve(ROOT, 'data/raw')),
    FILMOTECA_KAGGLE_URL: url('https://www.kaggle.com/api/v1/datasets/download'),
    KAGGLE_USERNAME: optionalText,
    KAGGLE_KEY: optionalText,
    HOST: z
      .string()
      .trim()
      .optional()
      .transform((v) => v || '127.0.0.1'),
    PORT: integer(0, 65535, 3000),
    LOG_LEVEL: z
      .string()
      .trim()
      .toLowerCase()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === '') return 'info' as const;
        if ((LOG_LEVELS as readonly string[]).includes(v)) return v as (typeof LOG_LEVELS)[number];
        ctx.addIssue({ code: 'custom', message: `tiene que ser uno de: ${LOG_LEVELS.join(', ')}` });
        return z.NEVER;
      }),

    // Chat channels (Discord, Telegram): shared behaviour.
    RATE_LIMIT_PER_MINUTE: integer(0, 10_000, 20),
    CONVERSATION_TTL_MINUTES: integer(1, 24 * 60, 30),
    CONVERSATION_MAX: integer(1, 10_000_000, 10_000),

    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalMatching(/^\d{5,25}$/, 'tiene que ser el id numérico de la aplicación'),
    DISCORD_PUBLIC_KEY: optionalMatching(
      /^[0-9a-fA-F]{64}$/,
      'tiene que ser la clave pública de la aplicación: 64 caracteres hexadecimales',
    ),
    DISCORD_GUILD_ID: optionalMatching(/^\d{5,25}$/, 'tiene que ser el id numérico de un servidor'),
    DISCORD_API_URL: url('https://discord.com/api'),

    TELEGRAM_TOKEN: optionalMatching(/^\d+:[\w-]{20,}$/, 'no tiene la forma de un token de BotFather (123456:ABC…)'),
    TELEGRAM_WEBHOOK_URL: optionalMatching(/^https:\/\/\S+$/, 'tiene que ser una dirección https://'),
    TELEGRAM_WEBHOOK_SECRET: optionalMatching(
      /^[\w-]{1,256}$/,
      'tiene que tener de 1 a 256 caracteres A-Z, a-z, 0-9, _ o -',
    ),
    TELEGRAM_API_ROOT: url('https://api.telegram.org'),

    TMDB_API_KEY: optionalText,
    TMDB_API_URL: url('https://api.themoviedb.org/3'),
  })
  .superRefine((c, ctx) => {
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['TELEGRAM_WEBHOOK_SECRET'],
        message: 'hace falta cuando TELEGRAM_WEBHOOK_URL está configurado (Telegram lo devuelve en cada petición)',
      });
    if (c.TELEGRAM_WEBHOOK_URL && !c.TELEGRAM_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['TELEGRAM_TOKEN'], message: 'hace falta para usar TELEGRAM_WEBHOOK_URL' });
    if (c.DISCORD_PUBLIC_KEY && !c.DISCORD_APPLICATION_ID)
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_APPLICATION_ID'],
        message: 'hace falta con DISCORD_PUBLIC_KEY (las respuestas diferidas se editan con él)',
      });
  });

export type Config = z.infer<typeof schema> & { root: string; demoDataDir: string };

/** Invalid settings: one Spanish line per problem, for the person who set them. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuración no válida:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const SECRETS = new Set(['KAGGLE_KEY', 'DISCORD_TOKEN', 'TELEGRAM_TOKEN', 'TELEGRAM_WEBHOOK_SECRET', 'TMDB_API_KEY']);

/**
 * The settings of `.env` in `dir` (none when there is no such file). Node's own
 * parser (util.parseEnv), so no dependency: comments, quotes and `export` work as in dotenv.
 */
export function readDotEnv(dir: string = process.cwd()): Record<string, string> {
  const file = resolve(dir, '.env');
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    throw new ConfigError([`No pude leer ${file}: revisa que sea un archivo de texto con líneas CLAVE=valor.`]);
  }
}

/**
 * The configuration. With no argument: the environment over `.env`. Tests pass
 * their own `env` (then no file is read).
 */
export function loadConfig(env?: NodeJS.ProcessEnv): Config {
  const source = env ?? { ...readDotEnv(), ...process.env };
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        const value = source[key];
        const shown = value === undefined || SECRETS.has(key) ? '' : `=${JSON.stringify(value).slice(0, 60)}`;
        return `${key}${shown}: ${issue.message}.`;
      }),
    );
  }
  return { ...parsed.data, root: ROOT, demoDataDir: resolve(ROOT, 'data/demo') };
}

/** The configuration with secrets masked, safe to print or log. */
export function describeConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, SECRETS.has(key) && value ? '***' : value]),
  );
}
