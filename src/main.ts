/**
 * `npm start` (= `filmoteca start`): the main job. Makes sure a catalog exists,
 * then starts every configured channel.
 *
 * Catalog, first that works: the existing FILMOTECA_DB; a build from
 * FILMOTECA_DATA_DIR or data/raw/ (when they hold files); a Kaggle download
 * (fails fast without internet or credentials — caught); the project's own demo
 * catalog built from data/demo/ into data/demo.db, said out loud.
 *
 * Channels: the HTTP API always (with POST /api/ask for free text); Discord
 * and Telegram when their settings are present (their HTTP endpoints on the
 * same server); the interactive chat whenever stdin is a terminal.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Channel, ChannelDeps, Log } from './channels/types.js';
import type { Config } from './config.js';

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

/** The chat channels whose settings are present (each factory returns null when its channel is off). */
async function createChannels(config: Config, deps: ChannelDeps): Promise<Channel[]> {
  const { createDiscordChannel } = await import('./channels/discord/index.js');
  const { createTelegramChannel } = await import('./channels/telegram/index.js');
  const channels: Channel[] = [];
  for (const factory of [createDiscordChannel, createTelegramChannel]) {
    const channel = await factory(config, deps);
    if (channel) channels.push(channel);
  }
  return channels;
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

  // A bot token starts its bot; the terminal chat opens whenever stdin is a terminal.
  const chat = process.stdin.isTTY === true;
  const { createChartRenderer, warmUpCharts } = await import('./charts/index.js');
  const renderChart = createChartRenderer(ctx.catalog.db);
  // In the background while the server starts; the terminal chat waits for it so the line does not land mid-chat.
  const chartsReady = warmUpCharts(ctx.catalog.db).then((ms) => log(`Gráficos listos en ${Math.round(ms)} ms.`));
  const channels = await createChannels(config, { ctx, parser, log, renderChart });
  const { createHttpServer } = await import('./channels/http.js');
  // With the chat on screen, request logs would land in the middle of the conversation: warnings only.
  const app = await createHttpServer(ctx, {
    ask: parser.ask,
    plugins: channels.flatMap((c) => (c.http ? [c.http] : [])),
    logLevel: chat ? 'warn' : config.LOG_LEVEL,
  });
  const address = await app.listen({ host: config.HOST, port: config.PORT });
  log(`API HTTP en ${address} (documentación: ${address}/docs; preguntas libres: POST ${address}/api/ask)`);
  for (const channel of channels) {
    await channel.start();
    log(`${channel.name}: en marcha.`);
  }

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.allSettled(channels.map((c) => c.stop()));
      await app.close();
      ctx.catalog.close();
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());

  if (chat) {
    const { startChat } = await import('./channels/terminal.js');
    await chartsReady;
    await startChat(parser.ask, { ctx });
    await stop();
  }
}
