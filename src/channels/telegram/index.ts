/** The Telegram channel (issue 10): not built yet. */
import type { ChannelFactory } from '../types.js';

export const createTelegramChannel: ChannelFactory = async (config, { log }) => {
  if (config.TELEGRAM_TOKEN)
    log('TELEGRAM_TOKEN está configurado, pero el bot de Telegram aún no existe en esta versión.');
  return null;
};
