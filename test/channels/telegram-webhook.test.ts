/**
 * The webhook route on the HTTP API's server, through Fastify's inject: the
 * secret header is checked (right → handled; wrong or missing → 401, nothing
 * done), a body that is not an update → 400, a repeated update_id is handled
 * once, and a failing update still gets a 200 (else Telegram re-sends it forever).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../commands/types.js';
import { createHttpServer } from '../../src/channels/http.js';
import { createTelegramBot } from '../../src/channels/telegram/bot.js';
import { createTelegramChannel } from '../../src/channels/telegram/index.js';
import { WEBHOOK_PATH, webhookPlugin } from '../../src/channels/telegram/webhook.js';
import { loadConfig } from '../../src/config.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import { FAKE_BOT, FakeBotApi, type RecordedCall, recordCalls, TOKEN, textUpdate, withId } from './telegram-fakes.js';

const SECRET = 'secreto-de-prueba_123';
const HEADER = 'x-telegram-bot-api-secret-token';

let ctx: CommandContext;
let parser: Parser;
let app: FastifyInstance;
let calls: RecordedCall[];
const logs: string[] = [];

beforeAll(async () => {
  ctx = await fixtureContext();
  parser = createParser(ctx);
  const config = loadConfig({ TELEGRAM_TOKEN: TOKEN });
  let failNext = false;
  const flaky: Parser = {
    parse: parser.parse,
    askCommand: parser.askCommand,
    ask: (text, conversation) => {
      if (text === 'rompe') failNext = true;
      if (failNext) {
        failNext = false;
        throw new Error('fallo de prueba');
      }
      return parser.ask(text, conversation);
    },
  };
  const bot = createTelegramBot(config, { ctx, parser: flaky, log: (l) => logs.push(l) }, { botInfo: FAKE_BOT });
  calls = recordCalls(bot);
  app = await createHttpServer(ctx, { plugins: [webhookPlugin(bot, SECRET)] });
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

/** `secret` null: no header at all. */
function post(body: unknown, secret: string | null = SECRET) {
  return app.inject({
    method: 'POST',
    url: WEBHOOK_PATH,
    headers: secret === null ? {} : { [HEADER]: secret },
    payload: body as object,
  });
}

describe('POST /telegram/webhook', () => {
  it('with the right secret: 200, and the update is answered', async () => {
    const before = calls.length;
    const response = await post(withId(textUpdate('/duracion toy story')));
    expect(response.statusCode).toBe(200);
    const sent = calls.slice(before);
    expect(sent.map((c) => c.method)).toEqual(['sendMessage']);
    const runtime = ctx.catalog.db.prepare('SELECT runtime FROM movies WHERE id = 862').pluck().get();
    expect(String(sent[0]?.payload.text)).toContain(`${runtime} minutos`);
  });

  it('with a wrong or missing secret: 401, and nothing is done', async () => {
    const before = calls.length;
    for (const secret of ['otro', `${SECRET}x`, SECRET.slice(1), null, '']) {
      const response = await post(withId(textUpdate('/duracion toy story')), secret);
      expect(response.statusCode).toBe(401);
    }
    expect(calls.length).toBe(before);
  });

  it('a wrong secret is refused before the body is read (no 400 leaks what is valid)', async () => {
    expect((await post('esto no es json', 'otro')).statusCode).toBe(401);
  });

  it('a body that is not an update: 400 with a Spanish message', async () => {
    for (const body of [{}, { update_id: 'uno' }, [1, 2], { update_id: -1 }]) {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      expect(response.json().text).toMatch(/No entendí la petición/);
    }
  });

  it('the same update_id twice is handled once', async () => {
    const update = withId(textUpdate('/duracion toy story'));
    const before = calls.length;
    expect((await post(update)).statusCode).toBe(200);
    expect((await post(update)).statusCode).toBe(200);
    expect(calls.slice(before).filter((c) => c.method === 'sendMessage')).toHaveLength(1);
  });

  it('an update whose handling fails still gets 200, a polite reply, and a log line without the token', async () => {
    const before = calls.length;
    const response = await post(withId(textUpdate('rompe')));
    expect(response.statusCode).toBe(200);
    expect(String(calls.slice(before)[0]?.payload.text)).toContain('Algo falló de mi lado');
    expect(logs.join('\n')).toContain('fallo de prueba');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('the channel in webhook mode', () => {
  it('serves the route on the API server and sets the webhook (secret, allowed updates) at start', async () => {
    const fake = new FakeBotApi(TOKEN);
    const apiRoot = await fake.listen();
    const config = loadConfig({
      TELEGRAM_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    const channelLogs: string[] = [];
    const channel = await createTelegramChannel(config, { ctx, parser, log: (l) => channelLogs.push(l) });
    expect(channel?.name).toBe('Telegram (webhook)');
    expect(channel?.http).toBeDefined();
    const server = await createHttpServer(ctx, { plugins: channel?.http ? [channel.http] : [] });
    try {
      await channel?.start();
      const [setWebhook] = fake.callsOf('setWebhook');
      expect(setWebhook?.payload).toMatchObject({
        url: 'https://bot.example.org/telegram/webhook',
        secret_token: SECRET,
        allowed_updates: ['message', 'callback_query', 'inline_query'],
      });
      expect(fake.callsOf('getUpdates')).toEqual([]);
      expect(fake.menus.get('es')?.length).toBeGreaterThan(0);

      const response = await server.inject({
        method: 'POST',
        url: WEBHOOK_PATH,
        headers: { [HEADER]: SECRET },
        payload: withId(textUpdate('¿cuánto dura toy story?')),
      });
      expect(response.statusCode).toBe(200);
      const [sent] = await fake.waitForCalls('sendMessage', 1);
      expect(String(sent?.payload.text)).toContain('minutos');
      expect(channelLogs.join('\n')).not.toContain(TOKEN);
    } finally {
      await channel?.stop();
      await server.close();
      await fake.close();
    }
  });
});
