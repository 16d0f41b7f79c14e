/**
 * Gateway mode (`DISCORD_TOKEN`): a discord.js Client with the minimal intents
 * (servers, their messages, DMs; no privileged intent: Discord delivers the
 * text of messages that mention the bot and of DMs without MessageContent).
 *
 * Interactions are taken as the raw JSON the gateway delivers (discord.js
 * forwards every dispatch on `client.ws` by its event name) and answered with
 * the same pure handler as the HTTP mode, over REST: the two modes differ only
 * in transport. Messages go through discord.js's Message (mentions, DMs) and
 * are answered as replies. No handler error ever reaches the client.
 */
import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, type Message, Partials } from 'discord.js';
import type { Log } from '../types.js';
import type { DiscordCore } from './interactions.js';
import { messageOf } from './interactions.js';
import { answerInteraction, editOriginal, replyToMessage } from './rest.js';

/** How long stop() lets a login in progress finish (@discordjs/ws gives READY 15 s). */
const LOGIN_SETTLE_MS = 20_000;

export interface GatewayOptions {
  token: string;
  /** Discord's REST API base (DISCORD_API_URL; tests point it at a loopback fake). */
  apiUrl: string;
  core: DiscordCore;
  log: Log;
  /** Follow-ups still running, so stop() can wait for them. */
  pending: Set<Promise<void>>;
}

export interface Gateway {
  client: Client;
  /** Settles when the bot is connected and ready (or the login failed, which is logged). */
  ready: Promise<boolean>;
  stop(): Promise<void>;
}

export function startGateway(options: GatewayOptions): Gateway {
  const { core, log, pending } = options;
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel], // DM channels are not cached: without this, DMs never arrive
    rest: { api: options.apiUrl },
    allowedMentions: { parse: [] },
  });

  const track = (task: Promise<void>) => {
    const tracked = task.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: unknown) => {
    track(
      answer(client, core, data).catch((error) =>
        log(`Discord: no pude responder una interacción: ${messageOf(error)}`),
      ),
    );
  });

  client.on(Events.MessageCreate, (message) => {
    const text = questionIn(client, message);
    if (text === null) return;
    track(
      core
        .message({ text, user: message.author.id, channel: message.channelId })
        .then((reply) => replyToMessage(client.rest, message.channelId, message.id, reply))
        .catch((error) => log(`Discord: no pude responder un mensaje: ${messageOf(error)}`)),
    );
  });

  // Without a listener an 'error' event would throw and take the process down.
  client.on(Events.Error, (error) => log(`Discord (gateway): ${messageOf(error)}`));
  client.on(Events.ShardError, (error) => log(`Discord (gateway): conexión: ${messageOf(error)}`));

  const ready = new Promise<boolean>((resolve) => {
    client.once(Events.ClientReady, (c) => {
      log(`Discord (gateway): conectado como ${c.user.tag}.`);
      resolve(true);
    });
    client.login(options.token).catch((error: unknown) => {
      log(`Discord (gateway): no pude conectar: ${loginProblem(error)}`);
      resolve(false);
    });
  });

  let stopped: Promise<void> | undefined;
  return {
    client,
    ready,
    stop: () => {
      stopped ??= (async () => {
        // Destroyed while its shard waits for READY, @discordjs/ws reconnects instead of stopping
        // (and destroy() never settles): let the login settle first, for a bounded time.
        await Promise.race([ready, new Promise((r) => setTimeout(r, LOGIN_SETTLE_MS).unref())]);
        await client.destroy();
      })();
      return stopped;
    },
  };
}

/** Answers one interaction: the response over REST, then the edit of a deferred one. */
async function answer(client: Client, core: DiscordCore, data: unknown): Promise<void> {
  const reply = core.interaction(data);
  const { id, token, application_id } = data as { id: string; token: string; application_id: string };
  await answerInteraction(client.rest, id, token, reply.response);
  if (reply.deferred) await editOriginal(client.rest, application_id, token, await reply.deferred());
}

/**
 * The question in a message, or null when the bot should not answer: other
 * bots (and itself) never; in a server only when mentioned (not via @everyone
 * or a role); every DM. The mention itself is taken out of the text.
 */
export function questionIn(client: Client, message: Message): string | null {
  const me = client.user;
  if (!me || message.author.bot) return null;
  if (message.inGuild() && !message.mentions.has(me, { ignoreEveryone: true, ignoreRoles: true })) return null;
  return message.content.replace(new RegExp(`<@!?${me.id}>`, 'g'), ' ').trim();
}

function loginProblem(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'TokenInvalid') return 'el token no es válido (revisa DISCORD_TOKEN).';
  if (code === 'DisallowedIntents') return 'Discord no permite los intents pedidos a esta aplicación.';
  return messageOf(error);
}
