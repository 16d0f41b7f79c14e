/** The Discord channel (issue 9): not built yet. */
import type { ChannelFactory } from '../types.js';

export const createDiscordChannel: ChannelFactory = async (config, { log }) => {
  if (config.DISCORD_TOKEN || config.DISCORD_PUBLIC_KEY)
    log('Discord está configurado, pero el bot de Discord aún no existe en esta versión.');
  return null;
};
