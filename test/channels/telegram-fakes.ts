/**
 * Telegram without the network, for tests and benchmarks: updates as Telegram
 * builds them (with the entities its clients would mark), an API transformer
 * that records the bot's calls in process, and a fake Bot API server on
 * loopback for the wire level (and for trying the real process by hand):
 * `POST /bot<token>/<method>` with JSON or
 * multipart bodies, answered `{ ok: true, result }` like Telegram. It records
 * every call, serves scripted updates to getUpdates (long polling, honouring
 * `offset`), keeps the command menu and the webhook, and refuses a photo whose
 * URL contains «rechazada» the way Telegram refuses an unreachable poster.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Bot } from 'grammy';
import type { BotCommand, Message, MessageEntity, Update, UserFromGetMe } from 'grammy/types';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
}

export const FAKE_BOT: UserFromGetMe = {
  id: 777000111,
  is_bot: true,
  first_name: 'Filmoteca',
  username: 'FilmotecaPruebaBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
} as UserFromGetMe;

/** Longest a getUpdates call is held open here (Telegram holds it up to `timeout` s; tests want quick shutdowns). */
const MAX_HOLD_MS = 300;

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  readonly menus = new Map<string, BotCommand[]>();
  webhookUrl = '';
  private readonly updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private waiters: Array<() => void> = [];
  private server: Server | undefined;

  constructor(
    readonly token: string,
    readonly botInfo: UserFromGetMe = FAKE_BOT,
  ) {}

  /** Starts listening (on a free port by default); returns the apiRoot to give grammY (`http://127.0.0.1:<port>`). */
  async listen(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, body }) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Queues an update for getUpdates; its update_id is assigned in order. */
  push(update: Omit<Update, 'update_id'>): number {
    const id = this.nextUpdateId++;
    this.updates.push({ update_id: id, ...update } as Update);
    for (const wake of this.waiters.splice(0)) wake();
    return id;
  }

  /** The calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `count` calls of `method` were made (rejects after `ms`). */
  async waitForCalls(method: string, count: number, ms = 5000): Promise<RecordedCall[]> {
    const started = Date.now();
    while (this.callsOf(method).length < count) {
      if (Date.now() - started > ms) {
        throw new Error(`waited ${ms} ms for ${count} ${method}; got ${this.callsOf(method).length}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.callsOf(method);
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? '');
    if (!match) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const [, token, method = ''] = match;
    if (token !== this.token) return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    const payload = await readPayload(request);
    this.calls.push({ method, payload });
    try {
      return { status: 200, body: { ok: true, result: await this.answer(method, payload) } };
    } catch (error) {
      const description = error instanceof Error ? error.message : String(error);
      return { status: 400, body: { ok: false, error_code: 400, description } };
    }
  }

  private async answer(method: string, payload: Record<string, unknown>): Promise<unknown> {
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'getUpdates':
        return this.getUpdates(Number(payload.offset ?? 0), Number(payload.timeout ?? 0));
      case 'sendMessage':
        return this.message(payload, { text: payload.text });
      case 'sendPhoto': {
        const photo = payload.photo;
        if (typeof photo === 'string' && photo.includes('rechazada')) {
          throw new Error('Bad Request: wrong type of the web page content');
        }
        return this.message(payload, { photo: [{ file_id: 'f1', file_unique_id: 'u1', width: 1, height: 1 }] });
      }
      case 'getMyCommands':
        return this.menus.get(String(payload.language_code ?? '')) ?? [];
      case 'setMyCommands':
        this.menus.set(String(payload.language_code ?? ''), payload.commands as BotCommand[]);
        return true;
      case 'setWebhook':
        this.webhookUrl = String(payload.url ?? '');
        return true;
      case 'deleteWebhook':
        this.webhookUrl = '';
        return true;
      case 'getWebhookInfo':
        return { url: this.webhookUrl, has_custom_certificate: false, pending_update_count: 0 };
      default:
        return true; // answerCallbackQuery, answerInlineQuery, …
    }
  }

  private async getUpdates(offset: number, timeoutSeconds: number): Promise<Update[]> {
    const pending = () => this.updates.filter((u) => u.update_id >= offset);
    if (pending().length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timeoutSeconds * 1000, MAX_HOLD_MS));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return pending().slice(0, 100);
  }

  private message(payload: Record<string, unknown>, content: Record<string, unknown>) {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: Number(payload.chat_id), type: Number(payload.chat_id) < 0 ? 'group' : 'private' },
      from: this.botInfo,
      ...content,
    };
  }
}

/** A JSON body, or a multipart one (an uploaded file is recorded as `{ file: <name>, bytes }`). */
async function readPayload(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = request.headers['content-type'] ?? '';
  if (body.length === 0) return {};
  const boundary = /boundary=(\S+)/.exec(type)?.[1];
  if (type.startsWith('multipart/form-data') && boundary) return readMultipart(body, boundary);
  return JSON.parse(body.toString('utf8')) as Record<string, unknown>;
}

/**
 * multipart/form-data as grammY writes it. Read by hand because grammY writes `filename=x.png`
 * unquoted, which undici's strict FormData parser refuses (Telegram accepts it).
 */
function readMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // without the CRLFs around it
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const content = part.subarray(split + 4);
    const name = /name="([^"]+)"/.exec(headers)?.[1] ?? '';
    const file = /filename=("?)([^";\r\n]+)\1/.exec(headers)?.[2];
    payload[name] = file ? { file, bytes: Buffer.from(content) } : parseField(content.toString('utf8'));
    start = next;
  }
  return payload;
}

/** grammY sends non-string multipart fields as JSON (numbers, objects). */
function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ------------------------------------------------------------------ updates

export const TOKEN = '123456:TEST-token_for-filmoteca-tests';
export const USER = { id: 5001, is_bot: false, first_name: 'Ana', language_code: 'es' };
export const OTHER_USER = { id: 5002, is_bot: false, first_name: 'Luis', language_code: 'es' };
export const GROUP = { id: -1002003, type: 'supergroup' as const, title: 'Cinéfilos' };

/** The entities a Telegram client marks: a leading /command and every @mention. */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[\w@]+/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/@\w+/g)) {
    if (command && (m.index ?? 0) < command[0].length) continue;
    entities.push({ type: 'mention', offset: m.index ?? 0, length: m[0].length });
  }
  return entities;
}

let nextMessageId = 1;

export interface MessageOptions {
  chat?: 'private' | 'group';
  from?: typeof USER;
  replyTo?: Message;
}

export function messageOf(text: string | undefined, options: MessageOptions = {}): Message {
  const from = options.from ?? USER;
  const chat =
    options.chat === 'group' ? GROUP : { id: from.id, type: 'private' as const, first_name: from.first_name };
  const message = {
    message_id: nextMessageId++,
    date: Math.floor(Date.now() / 1000),
    chat,
    from,
    ...(text === undefined ? { sticker: { file_id: 's', file_unique_id: 's', type: 'regular' } } : { text }),
    ...(text !== undefined && entitiesOf(text).length > 0 ? { entities: entitiesOf(text) } : {}),
    ...(options.replyTo ? { reply_to_message: options.replyTo } : {}),
  };
  return message as unknown as Message;
}

export function textUpdate(text: string | undefined, options: MessageOptions = {}): Omit<Update, 'update_id'> {
  return { message: messageOf(text, options) } as Omit<Update, 'update_id'>;
}

/** A message the bot itself sent earlier in the group (for «replies to the bot»). */
export function botMessage(text: string, chat: 'private' | 'group' = 'group'): Message {
  return { ...messageOf(text, { chat }), from: FAKE_BOT } as unknown as Message;
}

export function callbackUpdate(data: string, options: { chat?: 'private' | 'group'; from?: typeof USER } = {}) {
  return {
    callback_query: {
      id: `cb${nextMessageId++}`,
      from: options.from ?? USER,
      chat_instance: 'ci',
      data,
      message: botMessage('¿Quisiste decir…?', options.chat ?? 'private'),
    },
  } as unknown as Omit<Update, 'update_id'>;
}

export function inlineUpdate(query: string) {
  return {
    inline_query: { id: `iq${nextMessageId++}`, from: USER, query, offset: '' },
  } as unknown as Omit<Update, 'update_id'>;
}

let nextUpdateId = 1;

/** An update with a fresh update_id (in-process tests feed these to bot.handleUpdate). */
export function withId(update: Omit<Update, 'update_id'>): Update {
  return { update_id: nextUpdateId++, ...update } as Update;
}

// ------------------------------------------------------------------ in-process API

/**
 * Records the bot's outgoing calls instead of making them, answering like Telegram would
 * (a sent message for sendMessage/sendPhoto, `true` otherwise); a photo URL with «rechazada» is
 * refused with Telegram's 400, like a poster Telegram cannot fetch.
 */
export function recordCalls(bot: Bot): RecordedCall[] {
  const calls: RecordedCall[] = [];
  let messageId = 1;
  bot.api.config.use(async (_previous, method, payload) => {
    const recorded = { method, payload: payload as Record<string, unknown> };
    calls.push(recorded);
    const photo = recorded.payload.photo;
    if (method === 'sendPhoto' && typeof photo === 'string' && photo.includes('rechazada')) {
      return { ok: false, error_code: 400, description: 'Bad Request: wrong type of the web page content' } as never;
    }
    const result =
      method === 'sendMessage' || method === 'sendPhoto'
        ? { message_id: messageId++, date: 0, chat: { id: recorded.payload.chat_id, type: 'private' }, from: FAKE_BOT }
        : true;
    return { ok: true, result } as never;
  });
  return calls;
}
