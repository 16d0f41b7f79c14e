/**
 * The Telegram channel (issue 10): on when TELEGRAM_TOKEN is set. Long polling
 * by default; with TELEGRAM_WEBHOOK_URL, the webhook route on the HTTP API's
 * server and `setWebhook` at start-up. Either way the command menu is set when
 * it changed (setup.ts). Telegram being unreachable at start-up does not stop
 * the rest of Filmoteca: the connection is retried in the background.
 */
import type { RunnerHandle } from '@grammyjs/runner';
import type { Channel, ChannelFactory } from '../types.js';
import { createTelegramBot } from './bot.js';
import { describeError, isWrongToken } from './errors.js';
import { startPolling } from './polling.js';
import { configureTelegram } from './setup.js';
import { inlineResults } from './updates.js';
import { webhookPlugin } from './webhook.js';

/** Pauses between connection attempts at start-up: 5 s, doubling up to 5 minutes. */
const FIRST_RETRY_MS = 5_000;
const LAST_RETRY_MS = 300_000;

export const createTelegramChannel: ChannelFactory = async (config, deps) => {
  const token = config.TELEGRAM_TOKEN;
  if (!token) return null;
  const bot = createTelegramBot(config, deps);
  const webhook = config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET ? config.TELEGRAM_WEBHOOK_SECRET : null;
  let polling: RunnerHandle | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    await configureTelegram(bot, config, deps.log);
    // The top list of an empty inline query is ranked once per catalog (seconds on the full one):
    // now, rather than while the first user waits.
    inlineResults(deps.ctx, '');
    if (webhook || stopped) return;
    polling = startPolling(bot, deps.log, token);
  };

  const attempt = async (pause: number): Promise<void> => {
    try {
      await connect();
    } catch (error) {
      if (isWrongToken(error)) {
        deps.log(
          'Telegram: Telegram rechazó TELEGRAM_TOKEN (401): revisa el token con @BotFather. El bot queda apagado.',
        );
        return;
      }
      deps.log(`Telegram: no pude conectar (${describeError(error, token)}); reintento en ${pause / 1000} s.`);
      if (!stopped) retry = setTimeout(() => void attempt(Math.min(pause * 2, LAST_RETRY_MS)), pause);
    }
  };

  const channel: Channel = {
    name: webhook ? 'Telegram (webhook)' : 'Telegram (long polling)',
    start: () => attempt(FIRST_RETRY_MS),
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      const running = polling;
      polling = undefined;
      if (running?.isRunning()) await running.stop();
    },
  };
  if (webhook) channel.http = webhookPlugin(bot, webhook);
  return channel;
};
