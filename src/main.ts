/**
 * `npm start` (= `filmoteca start`): the main job. Makes sure a catalog exists,
 * then starts every configured channel.
 *
 * Catalog, first that works: the existing FILMOTECA_DB; a build from
 * FILMOTECA_DATA_DIR or data/raw/ (when they hold files); a Kaggle download
 * (fails fast without internet or credentials — caught); the project's own demo
 * catalog built from data/demo/ into data/demo.db, said out loud.
 *
 * Channels: the HTTP API always (with POST /api/ask for free text); the
 * interactive chat when stdin is a terminal and no bot token is set. Discord
 * and Telegram start in startBots() once their issues land.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from './config.js';

type Log = (line: string) => void;

/** Newest modification time under a folder (to rebuild the demo catalog when its CSVs change). */
function newestChange(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = resolve(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function hasFiles(dir: string | undefined): dir is string {
  return dir !== undefined && existsSync(dir) && readdirSync(dir).length > 0;
}

/** The demo catalog (data/demo → data/demo.db), rebuilt when missing or older than its CSVs. */
export async function ensureDemoCatalog(config: Config, quiet = true): Promise<string> {
  const out = resolve(config.root, 'data/demo.db');
  if (existsSync(out) && statSync(out).mtimeMs >= newestChange(config.demoDataDir)) return out;
  const { runEtl } = await import('../etl/index.js');
  await runEtl({
    dataDir: config.demoDataDir,
    out,
    quiet,
    reportPath: `${out}-etl-report.json`, // data/*.db-* is git-ignored
  });
  return out;
}

export async function ensureCatalog(config: Config, log: Log): Promise<{ path: string; demo: boolean }> {
  if (existsSync(config.FILMOTECA_DB)) return { path: config.FILMOTECA_DB, demo: false };
  const { runEtl } = await import('../etl/index.js');
  const source = hasFiles(config.FILMOTECA_DATA_DIR) ? config.FILMOTECA_DATA_DIR : config.FILMOTECA_RAW_DIR;
  if (hasFiles(source)) {
    log(`No hay catálogo en ${config.FILMOTECA_DB}: lo construyo desde ${source}…`);
    try {
      await runEtl({ dataDir: source, out: config.FILMOTECA_DB });
      return { path: config.FILMOTECA_DB, demo: false };
    } catch (error) {
      log(`No se pudo construir desde ${source}: ${messageOf(error)}`);
    }
  }
  log('Intento descargar los datos de Kaggle…');
  try {
    await runEtl({ download: true, rawDir: config.FILMOTECA_RAW_DIR, out: config.FILMOTECA_DB });
    return { path: config.FILMOTECA_DB, demo: false };
  } catch (error) {
    log(`No se pudo descargar: ${messageOf(error)}`);
  }
  log(
    'Usando el catálogo de demostración (data/demo: unas 50 películas y 56 títulos de streaming). ' +
      'Para el catálogo completo: npm run etl -- --data <carpeta con los CSV de Kaggle>',
  );
  return { path: await ensureDemoCatalog(config), demo: true };
}

function messageOf(error: unknown): string {
  if (error && typeof error === 'object' && 'es' in error && typeof error.es === 'string') return error.es;
  return error instanceof Error ? error.message : String(error);
}

/** Where the Discord and Telegram bots will start (later issues): today they only say so. */
function startBots(config: Config, log: Log): boolean {
  let any = false;
  if (config.DISCORD_TOKEN) {
    log('DISCORD_TOKEN está configurado, pero el bot de Discord aún no existe en esta versión.');
    any = true;
  }
  if (config.TELEGRAM_TOKEN) {
    log('TELEGRAM_TOKEN está configurado, pero el bot de Telegram aún no existe en esta versión.');
    any = true;
  }
  return any;
}

/**
 * The catalog search builds its indexes on first use (seconds on the full catalog):
 * one question per kind of name now, so the first user does not wait for them.
 */
function warmUp(parse: (text: string) => unknown, log: Log): void {
  const started = performance.now();
  for (const question of [
    '¿Cuánto dura Toy Story?',
    '¿Cómo le fue a Tom Hanks?',
    'saga de Rocky',
    '¿Cuánto ganó Pixar?',
  ]) {
    parse(question);
  }
  log(`Búsqueda lista en ${Math.round(performance.now() - started)} ms.`);
}

export async function main(): Promise<void> {
  const log: Log = (line) => process.stderr.write(`${line}\n`);
  const { loadConfig } = await import('./config.js');
  const config = loadConfig();
  const { path } = await ensureCatalog(config, log);
  const { openCatalog } = await import('./catalog/catalog.js');
  const { createCommandContext } = await import('../commands/index.js');
  const { createParser } = await import('./nlu/index.js');
  const ctx = createCommandContext(openCatalog(path));
  const parser = createParser(ctx);
  warmUp(parser.parse, log);

  const hasBots = startBots(config, log);
  const chat = !hasBots && process.stdin.isTTY === true;
  const { createHttpServer } = await import('./channels/http.js');
  // With the chat on screen, request logs would land in the middle of the conversation: warnings only.
  const app = await createHttpServer(ctx, { ask: parser.ask, logLevel: chat ? 'warn' : config.LOG_LEVEL });
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  log(`API HTTP en ${address} (documentación: ${address}/docs; preguntas libres: POST ${address}/api/ask)`);

  if (chat) {
    const { startChat } = await import('./channels/terminal.js');
    await startChat(parser.ask);
    await app.close();
    ctx.catalog.close();
  }
}
