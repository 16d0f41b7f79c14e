/**
 * What `npm start` and `filmoteca telegram configurar` both do with Telegram:
 * learn the bot's name (getMe), set the command menu when it changed, and set
 * the webhook (TELEGRAM_WEBHOOK_URL, with its secret and the allowed updates)
 * or remove one, since long polling cannot run while a webhook is set.
 */
import type { Bot } from 'grammy';
import type { Config } from '../../config.js';
import type { Log } from '../types.js';
import { ALLOWED_UPDATES } from './bot.js';
import { syncMenu } from './menu.js';

export async function configureTelegram(bot: Bot, config: Config, log: Log): Promise<void> {
  // getMe once, rather than bot.init(), which retries a network failure forever: the caller decides.
  if (!bot.isInited()) bot.botInfo = await bot.api.getMe();
  const changed = await syncMenu(bot.api);
  log(
    changed.length > 0
      ? `Telegram: menú de comandos de @${bot.botInfo.username} actualizado.`
      : `Telegram: el menú de comandos de @${bot.botInfo.username} ya estaba al día.`,
  );
  const url = config.TELEGRAM_WEBHOOK_URL;
  if (url && config.TELEGRAM_WEBHOOK_SECRET) {
    await bot.api.setWebhook(url, {
      secret_token: config.TELEGRAM_WEBHOOK_SECRET,
      allowed_updates: [...ALLOWED_UPDATES],
    });
    log(`Telegram: webhook en ${url}.`);
    return;
  }
  const info = await bot.api.getWebhookInfo();
  if (info.url === '') return;
  await bot.api.deleteWebhook();
  log(`Telegram: quité el webhook (${info.url}): el bot usa long polling.`);
}
