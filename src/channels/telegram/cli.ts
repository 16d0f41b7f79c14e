/**
 * `filmoteca telegram configurar`: sets the bot's command menu (when it
 * changed) and, with TELEGRAM_WEBHOOK_URL, the webhook; without it, removes
 * any webhook so long polling works. Needs no catalog.
 */
import type { Command } from 'commander';

export function registerTelegram(program: Command): void {
  const telegram = program.command('telegram').description('Bot de Telegram (Telegram bot)');
  telegram
    .command('configurar')
    .description('Pone el menú de comandos y, con TELEGRAM_WEBHOOK_URL, el webhook (sets the menu and webhook)')
    .action(async () => {
      const { loadConfig } = await import('../../config.js');
      const config = loadConfig();
      const token = config.TELEGRAM_TOKEN;
      const log = (line: string) => process.stderr.write(`${line}\n`);
      if (!token) {
        log('Falta TELEGRAM_TOKEN: el token que da @BotFather (ver .env.example).');
        process.exitCode = 1;
        return;
      }
      const { Bot } = await import('grammy');
      const { configureTelegram } = await import('./setup.js');
      const { describeError } = await import('./errors.js');
      try {
        await configureTelegram(new Bot(token, { client: { apiRoot: config.TELEGRAM_API_ROOT } }), config, log);
      } catch (error) {
        log(`No pude configurar el bot de Telegram: ${describeError(error, token)}`);
        process.exitCode = 1;
      }
    });
}
