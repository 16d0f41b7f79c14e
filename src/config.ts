/**
 * Every setting, read once from the environment (see .env.example). Secrets
 * (bot tokens, Kaggle key) live only here and are never logged: use
 * `describeConfig` to print the configuration.
 */
import { resolve } from 'node:path';
import { z } from 'zod';

const ROOT = resolve(new URL('..', import.meta.url).pathname);

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  FILMOTECA_DB: z.string().default(resolve(ROOT, 'data/filmoteca.db')),
  FILMOTECA_DATA_DIR: optionalText,
  FILMOTECA_RAW_DIR: z.string().default(resolve(ROOT, 'data/raw')),
  FILMOTECA_KAGGLE_URL: z.string().url().default('https://www.kaggle.com/api/v1/datasets/download'),
  KAGGLE_USERNAME: optionalText,
  KAGGLE_KEY: optionalText,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  TELEGRAM_TOKEN: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof schema> & { root: string; demoDataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Configuración no válida (invalid configuration): ${problems}`);
  }
  return { ...parsed.data, root: ROOT, demoDataDir: resolve(ROOT, 'data/demo') };
}

const SECRETS = new Set(['KAGGLE_KEY', 'DISCORD_TOKEN', 'TELEGRAM_TOKEN']);

/** The configuration with secrets masked, safe to print or log. */
export function describeConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, SECRETS.has(key) && value ? '***' : value]),
  );
}
