/**
 * The wire level: the channel as `npm start` builds it (createTelegramChannel),
 * long polling through @grammyjs/runner against a fake Bot API server on
 * loopback (TELEGRAM_API_ROOT): getMe, the menu, getUpdates returning scripted
 * updates, and the answers recorded as they arrive over HTTP. Also
 * `filmoteca telegram configurar` run as a user runs it.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { createTelegramChannel } from '../../src/channels/telegram/index.js';
import type { Channel } from '../../src/channels/types.js';
import { createChartRenderer } from '../../src/charts/index.js';
import { loadConfig } from '../../src/config.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import { decodePng } from '../helpers/png.js';
import { FakeBotApi, GROUP, TOKEN, textUpdate, USER } from './telegram-fakes.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);

let ctx: CommandContext;
let parser: Parser;
const cleanup: Array<() => Promise<void>> = [];

beforeAll(async () => {
  ctx = await fixtureContext();
  parser = createParser(ctx);
});

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function fakeApi(token = TOKEN): Promise<{ fake: FakeBotApi; apiRoot: string }> {
  const fake = new FakeBotApi(token);
  const apiRoot = await fake.listen();
  cleanup.push(() => fake.close());
  return { fake, apiRoot };
}

async function pollingChannel(
  apiRoot: string,
  deps: { parser?: Parser; renderChart?: (c: unknown) => Promise<Buffer> } = {},
): Promise<{ channel: Channel; logs: string[] }> {
  const logs: string[] = [];
  const config = loadConfig({ TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot });
  const channel = await createTelegramChannel(config, {
    ctx,
    parser: deps.parser ?? parser,
    log: (l) => logs.push(l),
    ...(deps.renderChart ? { renderChart: deps.renderChart } : {}),
  });
  if (!channel) throw new Error('no channel with a token set');
  cleanup.push(() => channel.stop());
  return { channel, logs };
}

describe('long polling against a fake Bot API server', () => {
  it('starts, sets the menu, and answers scripted updates over HTTP', async () => {
    const { fake, apiRoot } = await fakeApi();
    const { channel, logs } = await pollingChannel(apiRoot);
    expect(channel.name).toBe('Telegram (long polling)');
    expect(channel.http).toBeUndefined();
    await channel.start();

    expect(fake.callsOf('getMe')).toHaveLength(1);
    const menu = commands.map((d) => d.chatName);
    expect(fake.menus.get('')?.map((c) => c.command)).toEqual(menu);
    expect(fake.menus.get('es')?.map((c) => c.command)).toEqual(menu);

    fake.push(textUpdate('/duracion toy story'));
    fake.push(textUpdate('¿cuánto dura toy story?', { chat: 'group' })); // no mention: ignored
    fake.push(textUpdate('@FilmotecaPruebaBot /estrenos_mes marzo', { chat: 'group' }));
    fake.push(textUpdate('@FilmotecaPruebaBot ¿cuántas películas se estrenaron en marzo?', { chat: 'group' }));
    const sent = await fake.waitForCalls('sendMessage', 3);

    const db = ctx.catalog.db;
    const runtime = db.prepare('SELECT runtime FROM movies WHERE id = 862').pluck().get();
    const march = db.prepare('SELECT count(*) FROM movies WHERE release_month = 3').pluck().get();
    expect(sent[0]?.payload).toMatchObject({ chat_id: USER.id, parse_mode: 'HTML' });
    expect(String(sent[0]?.payload.text)).toContain(`${runtime} minutos`);
    for (const call of sent.slice(1)) {
      expect(call.payload.chat_id).toBe(GROUP.id);
      expect(String(call.payload.text)).toContain(`${march} películas`);
    }
    const [poll] = fake.callsOf('getUpdates');
    expect(poll?.payload).toMatchObject({
      timeout: 30,
      allowed_updates: ['message', 'callback_query', 'inline_query'],
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.callsOf('sendMessage')).toHaveLength(3); // the unaddressed group message got nothing
    expect(logs.join('\n')).not.toContain(TOKEN);
  });

  it('sets the menu only when it changed, and removes a webhook left from webhook mode', async () => {
    const { fake, apiRoot } = await fakeApi();
    fake.webhookUrl = 'https://viejo.example.org/telegram/webhook';
    const first = await pollingChannel(apiRoot);
    await first.channel.start();
    await first.channel.stop();
    expect(fake.callsOf('setMyCommands')).toHaveLength(2);
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
    expect(first.logs.join('\n')).toContain('quité el webhook');

    const second = await pollingChannel(apiRoot);
    await second.channel.start();
    expect(fake.callsOf('setMyCommands')).toHaveLength(2); // unchanged: not set again
    expect(fake.callsOf('deleteWebhook')).toHaveLength(1);
  });

  it('uploads a chart as a PNG (multipart) with the answer as caption', async () => {
    const { fake, apiRoot } = await fakeApi();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const charting: Parser = {
      parse: parser.parse,
      askCommand: parser.askCommand,
      ask: () => ({
        command: null,
        args: {},
        text: 'Estrenos por año & más',
        data: null,
        ok: true,
        chart: { tipo: 'x', args: {} },
      }),
    };
    const { channel } = await pollingChannel(apiRoot, { parser: charting, renderChart: async () => png });
    await channel.start();
    fake.push(textUpdate('un gráfico'));
    const [photo] = await fake.waitForCalls('sendPhoto', 1);
    expect(photo?.payload.caption).toBe('Estrenos por año &amp; más');
    const attached = String(photo?.payload.photo).replace('attach://', '');
    const file = photo?.payload[attached] as { bytes: Buffer } | undefined;
    expect(file?.bytes.equals(png)).toBe(true);
  });

  it('/grafico and a chart question in free text send the real PNG (multipart), the sentence as caption', async () => {
    const { fake, apiRoot } = await fakeApi();
    const draw = createChartRenderer(ctx.catalog.db);
    const { channel } = await pollingChannel(apiRoot, { renderChart: draw as (c: unknown) => Promise<Buffer> });
    await channel.start();
    fake.push(textUpdate('/grafico estrenos_mes'));
    fake.push(textUpdate('¿me haces un gráfico de los estrenos por mes?'));
    const photos = await fake.waitForCalls('sendPhoto', 2);
    const december = ctx.catalog.db.prepare('SELECT count(*) FROM movies WHERE release_month = 12').pluck().get();
    const dated = ctx.catalog.db.prepare('SELECT count(*) FROM movies WHERE release_month IS NOT NULL').pluck().get();
    expect([december, dated]).toEqual([9, 47]); // FIXTURE.md: December is the month with most releases
    for (const photo of photos) {
      expect(photo.payload).toMatchObject({ chat_id: USER.id, parse_mode: 'HTML' });
      expect(photo.payload.caption).toBe('El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).');
      const attached = String(photo.payload.photo).replace('attach://', '');
      const file = photo.payload[attached] as { bytes: Buffer } | undefined;
      const png = decodePng(file?.bytes as Buffer);
      expect([png.width, png.height]).toEqual([800, 450]);
    }
    expect(fake.callsOf('sendMessage')).toEqual([]);
  });

  it('a wrong token is said plainly, without the token, and does not throw', async () => {
    const { fake, apiRoot } = await fakeApi('999:otro-token-que-no-es-el-bueno');
    const { channel, logs } = await pollingChannel(apiRoot);
    await expect(channel.start()).resolves.toBeUndefined();
    expect(logs.join('\n')).toContain('rechazó TELEGRAM_TOKEN (401)');
    expect(logs.join('\n')).not.toContain(TOKEN);
    expect(fake.callsOf('getUpdates')).toEqual([]);
  });

  it('Telegram unreachable at start-up: logged, retried later, nothing thrown', async () => {
    const { fake, apiRoot } = await fakeApi();
    await fake.close(); // nobody listens there any more
    const { channel, logs } = await pollingChannel(apiRoot);
    await expect(channel.start()).resolves.toBeUndefined();
    expect(logs.join('\n')).toMatch(/no pude conectar .*reintento en 5 s/);
    expect(logs.join('\n')).not.toContain(TOKEN);
    await channel.stop(); // cancels the retry
  });
});

describe('filmoteca telegram configurar', () => {
  /** Runs the command in a child process (asynchronously: the fake server answers from this one). */
  function configurar(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done) => {
      execFile(
        process.execPath,
        ['bin/filmoteca.js', 'telegram', 'configurar'],
        { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, timeout: 60_000 },
        (error, _stdout, stderr) =>
          done({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
      );
    });
  }

  it('sets the menu (default and es) and, with TELEGRAM_WEBHOOK_URL, the webhook', async () => {
    const { fake, apiRoot } = await fakeApi();
    const polling = await configurar({ TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot });
    expect(polling.code).toBe(0);
    expect(polling.stderr).toContain('@FilmotecaPruebaBot');
    expect(fake.menus.get('es')).toHaveLength(commands.length);
    expect(fake.menus.get('')).toHaveLength(commands.length);
    expect(fake.callsOf('setWebhook')).toEqual([]);

    const webhook = await configurar({
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 'abc_123',
    });
    expect(webhook.code).toBe(0);
    expect(webhook.stderr).toContain('ya estaba al día');
    expect(fake.callsOf('setWebhook')[0]?.payload).toMatchObject({
      url: 'https://bot.example.org/telegram/webhook',
      secret_token: 'abc_123',
    });
    expect(webhook.stderr).not.toContain(TOKEN);
    expect(webhook.stderr).not.toContain('abc_123');
  }, 120_000);

  it('without a token, or with Telegram refusing it: one Spanish line, exit code 1', async () => {
    const missing = await configurar({});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Falta TELEGRAM_TOKEN');
    const { apiRoot } = await fakeApi('999:otro-token-que-no-es-el-bueno');
    const refused = await configurar({ TELEGRAM_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('401');
    expect(refused.stderr).not.toContain(TOKEN);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);
});
