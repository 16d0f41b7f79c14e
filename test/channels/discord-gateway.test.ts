/**
 * The gateway mode with a real discord.js Client: it logs in to the loopback
 * fake Discord (discord-fake.ts: REST recorder + gateway WebSocket), receives
 * dispatches as from Discord, and must answer with the right REST calls.
 * Driving the client through the wire protocol (rather than discord.js's
 * private `client.actions`) keeps the test independent of its internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { RateLimiter } from '../../src/channels/common.js';
import { type Gateway, startGateway } from '../../src/channels/discord/gateway.js';
import { createDiscordChannel } from '../../src/channels/discord/index.js';
import { createDiscordCore } from '../../src/channels/discord/interactions.js';
import { loadConfig } from '../../src/config.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import {
  APP_ID,
  BOT_TOKEN,
  CHANNEL_ID,
  commandInteraction,
  DM_CHANNEL_ID,
  directMessage,
  type FakeDiscord,
  guildCreate,
  guildMessage,
  type Recorded,
  startFakeDiscord,
} from './discord-fake.js';

const FAKE_PNG = Buffer.from('89504e470d0a1a0a', 'hex');

/** The NLU, except one text whose answer carries a chart. */
function withChart(real: Parser): Parser {
  return {
    parse: real.parse,
    askCommand: real.askCommand,
    ask: (text, conversation) =>
      text === 'gráfico de estrenos'
        ? { ...real.ask('estrenos en diciembre'), chart: { tipo: 'estrenos_por_mes', args: {} } }
        : real.ask(text, conversation),
  };
}

let discord: FakeDiscord;
let gateway: Gateway;
let ctx: CommandContext;
const logged: string[] = [];

beforeAll(async () => {
  ctx = await fixtureContext();
  discord = await startFakeDiscord();
  const core = createDiscordCore({
    ctx,
    parser: withChart(createParser(ctx)),
    log: (line) => logged.push(line),
    limiter: new RateLimiter(0),
    renderChart: async () => FAKE_PNG,
  });
  gateway = startGateway({
    token: BOT_TOKEN,
    apiUrl: discord.apiUrl,
    core,
    log: (line) => logged.push(line),
    pending: new Set(),
  });
  expect(await gateway.ready).toBe(true);
  discord.dispatch('GUILD_CREATE', guildCreate());
});

afterAll(async () => {
  await gateway?.stop();
  await discord?.close();
});

const channelMessages = (channel: string) => (r: Recorded) =>
  r.method === 'POST' && r.path === `/channels/${channel}/messages`;

describe('Discord gateway (discord.js against a loopback Discord)', () => {
  it('identifies with the token and only the minimal, non-privileged intents', () => {
    // Guilds (1 << 0) + GuildMessages (1 << 9) + DirectMessages (1 << 12); no MessageContent (1 << 15).
    expect(discord.identifies).toEqual([{ token: BOT_TOKEN, intents: 1 + 512 + 4096 }]);
    expect(logged).toContain('Discord (gateway): conectado como Filmoteca.');
  });

  it('answers a slash command with the interaction callback', async () => {
    const interaction = commandInteraction('duracion', { titulo: 'Heat' });
    discord.dispatch('INTERACTION_CREATE', interaction);
    const call = await discord.waitFor(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    expect(call.method).toBe('POST');
    // Heat: runtime 170, released 1995 (data/demo/tmdb/movies_metadata.csv).
    expect(call.json).toMatchObject({
      type: 4,
      data: { content: 'La película Heat dura 170 minutos y se estrenó en 1995.', allowed_mentions: { parse: [] } },
    });
  });

  it('answers a mention in a server as a reply, through the NLU', async () => {
    const message = guildMessage('¿cuántas películas se estrenaron en diciembre?');
    discord.dispatch('MESSAGE_CREATE', message);
    const call = await discord.waitFor(
      (r) =>
        channelMessages(CHANNEL_ID)(r) &&
        (r.json as { message_reference?: { message_id: string } }).message_reference?.message_id === message.id,
    );
    // December: 9 of the 47 kept films (test/commands/movies.test.ts, worked out by hand).
    expect(call.json).toMatchObject({ content: '9 películas fueron estrenadas en el mes de diciembre.' });
    expect(call.authorization).toBe(`Bot ${BOT_TOKEN}`);
  });

  it('answers a DM', async () => {
    const message = directMessage('¿cuánto dura Heat?');
    discord.dispatch('MESSAGE_CREATE', message);
    const call = await discord.waitFor(channelMessages(DM_CHANNEL_ID));
    expect(call.json).toMatchObject({
      content: 'La película Heat dura 170 minutos y se estrenó en 1995.',
      message_reference: { message_id: message.id },
    });
  });

  it('ignores messages that do not mention it (@everyone is not a mention), and other bots', async () => {
    const before = discord.requests.filter(channelMessages(CHANNEL_ID)).length;
    discord.dispatch('MESSAGE_CREATE', guildMessage('hablando de otra cosa', { mention: false }));
    discord.dispatch('MESSAGE_CREATE', guildMessage('¿cuánto dura Heat?', { bot: true }));
    discord.dispatch(
      'MESSAGE_CREATE',
      guildMessage('@everyone ¿cuánto dura Heat?', { mention: false, everyone: true }),
    );
    // A mention afterwards: once it is answered, the two messages before it have been seen too.
    const last = guildMessage('¿cuánto dura Heat?');
    discord.dispatch('MESSAGE_CREATE', last);
    await discord.waitFor(
      (r) =>
        (r.json as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === last.id,
    );
    expect(discord.requests.filter(channelMessages(CHANNEL_ID)).length).toBe(before + 1);
  });

  it('defers an answer with a chart, then edits it with the PNG attached', async () => {
    const interaction = commandInteraction('preguntar', { texto: 'gráfico de estrenos' });
    discord.dispatch('INTERACTION_CREATE', interaction);
    const callback = await discord.waitFor(
      (r) => r.path === `/interactions/${interaction.id}/${interaction.token}/callback`,
    );
    expect(callback.json).toEqual({ type: 5 });
    const edit = await discord.waitFor(
      (r) => r.method === 'PATCH' && r.path.endsWith(`/${interaction.token}/messages/@original`),
    );
    expect(edit.path).toBe(`/webhooks/${APP_ID}/${interaction.token}/messages/@original`);
    expect(edit.files.map((f) => [f.name, f.bytes.equals(FAKE_PNG)])).toEqual([['grafico.png', true]]);
    expect(edit.json).toMatchObject({
      content: '9 películas fueron estrenadas en el mes de diciembre.',
      embeds: [{ image: { url: 'attachment://grafico.png' } }],
    });
    // A mention with a chart: one reply, with the file.
    const message = guildMessage('gráfico de estrenos');
    discord.dispatch('MESSAGE_CREATE', message);
    const reply = await discord.waitFor(
      (r) =>
        (r.json as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === message.id,
    );
    expect(reply.files.map((f) => f.name)).toEqual(['grafico.png']);
  });
});

describe('Discord channel with DISCORD_TOKEN (as npm start makes it)', () => {
  const deps = () => ({ ctx, parser: createParser(ctx), log: (line: string) => logged.push(line) });

  it('logs in on start() and disconnects on stop()', async () => {
    const channel = await createDiscordChannel(
      loadConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: discord.apiUrl }),
      deps(),
    );
    expect(channel?.name).toBe('Discord (gateway)');
    expect(channel?.http).toBeUndefined();
    const before = discord.identifies.length;
    const connections = discord.openConnections();
    await channel?.start();
    await until(() => discord.identifies.length === before + 1);
    // Stopped while still connecting: it must stop, not reconnect.
    await channel?.stop();
    await channel?.stop();
    await until(() => discord.openConnections() === connections);
  });

  it('says so when the token is refused, and keeps the process up', async () => {
    const channel = await createDiscordChannel(
      loadConfig({ DISCORD_TOKEN: 'un.token.que.no.vale', DISCORD_API_URL: discord.apiUrl }),
      deps(),
    );
    await channel?.start();
    await until(() =>
      logged.includes('Discord (gateway): no pude conectar: el token no es válido (revisa DISCORD_TOKEN).'),
    );
    expect(logged.join('\n')).not.toContain('un.token.que.no.vale');
    await channel?.stop();
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('la condición no se cumplió a tiempo');
    await new Promise((r) => setTimeout(r, 20));
  }
}
