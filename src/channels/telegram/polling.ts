/**
 * Long polling with @grammyjs/runner: getUpdates in a loop, updates handled
 * concurrently across chats and in order within one (the bot's `sequentialize`).
 * The runner's own console logging is off: its errors quote the request URL,
 * which holds the token; they are logged here, redacted, one line each.
 */
import { type RunnerHandle, run } from '@grammyjs/runner';
import type { Bot } from 'grammy';
import type { Log } from '../types.js';
import { ALLOWED_UPDATES } from './bot.js';
import { describeError, isWrongToken } from './errors.js';

/** Seconds Telegram holds a getUpdates call open when there is nothing new. */
const LONG_POLL_SECONDS = 30;
/** A getUpdates failure is logged at most this often (the runner retries with growing pauses). */
const FETCH_ERROR_LOG_MS = 60_000;

export function startPolling(bot: Bot, log: Log, token: string): RunnerHandle {
  let lastLogged = 0;
  bot.api.config.use(async (call, method, payload, signal) => {
    try {
      return await call(method, payload, signal);
    } catch (error) {
      if (method === 'getUpdates' && !signal?.aborted && Date.now() - lastLogged > FETCH_ERROR_LOG_MS) {
        lastLogged = Date.now();
        log(`Telegram: no pude leer las actualizaciones (reintento): ${describeError(error, token)}`);
      }
      throw error;
    }
  });
  const handle = run(bot, {
    runner: { silent: true, fetch: { timeout: LONG_POLL_SECONDS, allowed_updates: [...ALLOWED_UPDATES] } },
  });
  // The runner gives up only on errors retrying cannot fix: a wrong token (401), or another poller (409).
  handle.task()?.catch((error: unknown) => {
    const why = isWrongToken(error)
      ? 'Telegram rechazó TELEGRAM_TOKEN (401): revisa el token con @BotFather'
      : `${describeError(error, token)} (¿otro proceso está leyendo las actualizaciones de este bot?)`;
    log(`Telegram: el long polling se detuvo: ${why}.`);
  });
  return handle;
}
