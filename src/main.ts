/**
 * `npm start` (= `filmoteca start`): the main job. Makes sure a catalog exists,
 * then starts every configured channel.
 *
 * Catalog: found as every CLI command finds it (src/catalog/find.ts): the
 * existing FILMOTECA_DB; a build from FILMOTECA_DATA_DIR or data/raw/; a Kaggle
 * download (with credentials); the project's own demo catalog, said out loud.
 *
 * Channels: the HTTP API always (with POST /api/ask for free text); Discord
 * and Telegram when their settings are present (their HTTP endpoints on the
 * same server); the interactive chat whenever stdin is a terminal.
 */
import { ensureCatalog } from './catalog/find.js';
import type { Channel, ChannelDeps, Log } from './channels/types.js';
import type { Config } from './config.js';
import type { EntitySearch } from './search/types.js';

// Finding (or building) the catalog is shared with every CLI command: src/catalog/find.ts.
export { ensureCatalog, ensureDemoCatalog } from './catalog/find.js';

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
 * One question per kind of name now, so the first user waits for nothing: each opens its
 * search index (tens of ms on the full catalog; see preloadInBackground for the rest).
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

/**
 * The search reads its indexes lazily, a page at a time as questions reach them; what no
 * question has read yet is read here, a few ms at a time whenever the event loop is free
 * (requests go first), so after the first seconds no question waits for a page.
 */
function preloadInBackground(search: EntitySearch, log: Log): void {
  const steps = search.preload?.();
  if (!steps) return;
  const started = performance.now();
  const step = () => {
    const until = performance.now() + 4;
    while (performance.now() < until) {
      if (steps.next().done) {
        log(`Índices de búsqueda leídos en ${Math.round(performance.now() - started)} ms (en segundo plano).`);
        return;
      }
    }
    setImmediate(step);
  };
  setImmediate(step);
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
  preloadInBackground(ctx.search, log);

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
  // Each channel says itself when it is connected (or why not): a login or a first poll may take a while.
  for (const channel of channels) {
    log(`${channel.name}: conectando…`);
    await channel.start();
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
    await startChat(parser.ask, { ctx, askCommand: parser.askCommand });
    await stop();
  }
}
