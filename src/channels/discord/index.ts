/**
 * The Discord channel (issue 9): every registry command as a slash command,
 * `/preguntar` and mentions/DMs through the NLU, autocomplete, cards and
 * «¿Quisiste decir…?» buttons. Two transports around one handler
 * (interactions.ts): the gateway (`DISCORD_TOKEN`, gateway.ts) and HTTP
 * interactions on the API's server (`DISCORD_PUBLIC_KEY`, http.ts); both may
 * run at once. Off (null) when neither is set.
 */
import { REST } from '@discordjs/rest';
import { RateLimiter } from '../common.js';
import type { Channel, ChannelFactory } from '../types.js';
import { warmUpAutocomplete } from './autocomplete.js';
import type { Gateway } from './gateway.js';
import { interactionsRoute } from './http.js';
import { createDiscordCore } from './interactions.js';
import { editOriginal } from './rest.js';

/** How long stop() waits for answers still being sent (a chart being drawn). */
const STOP_GRACE_MS = 5000;

export const createDiscordChannel: ChannelFactory = async (config, deps) => {
  const token = config.DISCORD_TOKEN;
  const publicKey = config.DISCORD_PUBLIC_KEY;
  if (!token && !publicKey) return null;

  const core = createDiscordCore({ ...deps, limiter: new RateLimiter(config.RATE_LIMIT_PER_MINUTE) });
  const started = performance.now();
  warmUpAutocomplete(deps.ctx);
  deps.log(`Discord: autocompletar listo en ${Math.round(performance.now() - started)} ms.`);
  const pending = new Set<Promise<void>>();
  const modes = [token ? 'gateway' : null, publicKey ? `HTTP en POST /discord/interactions` : null].filter(Boolean);

  let http: Channel['http'];
  if (publicKey) {
    // Deferred answers are edits with the interaction's own token: no bot token needed.
    const rest = new REST({ api: config.DISCORD_API_URL });
    http = interactionsRoute({
      publicKey,
      core,
      editOriginal: (applicationId, interactionToken, edit) =>
        editOriginal(rest, applicationId, interactionToken, edit),
      log: deps.log,
      pending,
    });
  }

  let gateway: Gateway | undefined;
  let stopped: Promise<void> | undefined;
  return {
    name: `Discord (${modes.join(' + ')})`,
    http,
    async start() {
      // The login goes on in the background (its outcome is logged): a slow or unreachable
      // Discord must not hold up the API or the terminal chat.
      // discord.js is loaded only for the gateway (the HTTP mode does without it).
      if (!token) return;
      const { startGateway } = await import('./gateway.js');
      gateway = startGateway({ token, apiUrl: config.DISCORD_API_URL, core, log: deps.log, pending });
    },
    stop() {
      stopped ??= (async () => {
        await Promise.race([
          Promise.allSettled([...pending]),
          new Promise((r) => setTimeout(r, STOP_GRACE_MS).unref()),
        ]);
        await gateway?.stop();
      })();
      return stopped;
    },
  };
};
