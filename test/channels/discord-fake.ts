/**
 * A loopback stand-in for Discord, for the Discord channel's tests (and the
 * manual check in the README): one HTTP server that records every REST call
 * (`/api/v10/…`, JSON or multipart) and answers like Discord, and, on the same
 * port, a gateway WebSocket that speaks enough of the protocol for a real
 * discord.js Client to log in (HELLO → IDENTIFY → READY, heartbeats acked) and
 * then receive the dispatches a test sends (INTERACTION_CREATE, GUILD_CREATE,
 * MESSAGE_CREATE). Only the public protocol is used, never discord.js
 * internals, so the test keeps meaning the same across discord.js versions.
 *
 * Also: an Ed25519 key pair and a signer for HTTP interactions.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export const BOT_ID = '900000000000000001';
export const APP_ID = '900000000000000002';
export const BOT_TOKEN = 'prueba.token.falso';

export interface Recorded {
  method: string;
  /** Path after `/api/v10`. */
  path: string;
  authorization: string | undefined;
  /** The JSON body, or a multipart upload's `payload_json`. */
  json: unknown;
  files: Array<{ name: string; type: string; size: number; bytes: Buffer }>;
}

export interface FakeDiscord {
  /** DISCORD_API_URL for the channel (`http://127.0.0.1:<port>/api`). */
  apiUrl: string;
  requests: Recorded[];
  /** The first recorded request (past or future) that satisfies `test`. */
  waitFor(test: (r: Recorded) => boolean, timeoutMs?: number): Promise<Recorded>;
  /** IDENTIFY payloads received on the gateway. */
  identifies: Array<{ token: string; intents: number }>;
  /** Resolves once a client has identified and been sent READY. */
  ready: Promise<void>;
  /** Gateway connections still open. */
  openConnections(): number;
  /** Sends a dispatch (op 0) to every connected gateway client. */
  dispatch(event: string, data: unknown): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const requests: Recorded[] = [];
  const waiters: Array<{ test: (r: Recorded) => boolean; resolve: (r: Recorded) => void }> = [];
  const identifies: FakeDiscord['identifies'] = [];
  const sockets = new Set<WebSocket>();
  let sequence = 0;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const server: Server = createServer((request, response) => {
    void readBody(request).then(async (raw) => {
      const path = (request.url ?? '').replace(/^\/api\/v10/, '').split('?')[0] ?? '';
      const recorded = await record(request, path, raw);
      requests.push(recorded);
      for (const waiter of [...waiters]) {
        if (waiter.test(recorded)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(recorded);
        }
      }
      const [status, body] = answer(recorded, port);
      response.writeHead(status, body === null ? {} : { 'content-type': 'application/json' });
      response.end(body === null ? undefined : JSON.stringify(body));
    });
  });
  const gateway = new WebSocketServer({ server });
  gateway.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 }, s: null, t: null }));
    socket.on('message', (message) => {
      const packet = JSON.parse(String(message)) as { op: number; d: { token: string; intents: number } };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      if (packet.op !== 2) return;
      identifies.push({ token: packet.d.token, intents: packet.d.intents });
      send(socket, 'READY', {
        v: 10,
        user: { id: BOT_ID, username: 'Filmoteca', discriminator: '0', global_name: null, avatar: null, bot: true },
        guilds: [],
        session_id: 'sesion-de-prueba',
        resume_gateway_url: `ws://127.0.0.1:${port}`,
        application: { id: APP_ID, flags: 0 },
        shard: [0, 1],
      });
      markReady();
    });
  });
  const send = (socket: WebSocket, event: string, data: unknown) => {
    sequence++;
    socket.send(JSON.stringify({ op: 0, t: event, s: sequence, d: data }));
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    requests,
    identifies,
    ready,
    waitFor(test, timeoutMs = 10_000) {
      const found = requests.find(test);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('la petición esperada no llegó al Discord falso')), timeoutMs);
        waiters.push({
          test,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        });
      });
    },
    openConnections: () => sockets.size,
    dispatch(event, data) {
      for (const socket of sockets) send(socket, event, data);
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => gateway.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function record(request: IncomingMessage, path: string, raw: Buffer): Promise<Recorded> {
  const type = request.headers['content-type'] ?? '';
  const recorded: Recorded = {
    method: request.method ?? '',
    path,
    authorization: request.headers.authorization,
    json: null,
    files: [],
  };
  if (type.startsWith('application/json')) recorded.json = JSON.parse(raw.toString('utf8'));
  if (type.startsWith('multipart/form-data')) {
    // The platform's own multipart parser (undici's Response.formData).
    const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json') recorded.json = JSON.parse(String(value));
      else if (typeof value !== 'string') {
        const bytes = Buffer.from(await value.arrayBuffer());
        recorded.files.push({ name: value.name, type: value.type, size: bytes.length, bytes });
      }
    }
  }
  return recorded;
}

/** What Discord would answer (enough for discord.js and @discordjs/rest). */
function answer(r: Recorded, port: number): [number, unknown] {
  if (r.method === 'GET' && r.path === '/gateway/bot') {
    if (r.authorization !== `Bot ${BOT_TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];
    return [
      200,
      {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 },
      },
    ];
  }
  if (r.method === 'POST' && /^\/interactions\/[^/]+\/[^/]+\/callback$/.test(r.path)) return [204, null];
  if (/^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/.test(r.path) && r.method === 'PUT') {
    if (r.authorization !== `Bot ${BOT_TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];
    const list = r.json as Array<Record<string, unknown>>;
    return [
      200,
      list.map((command, i) => ({ id: String(1000 + i), application_id: APP_ID, version: '1', ...command })),
    ];
  }
  if (r.method === 'PATCH' || (r.method === 'POST' && /^\/channels\/[^/]+\/messages$/.test(r.path))) {
    return [200, { id: '950000000000000000', channel_id: '1', type: 0, content: '', ...(r.json as object) }];
  }
  return [404, { message: 'Unknown', code: 0 }];
}

// ------------------------------------------------------------------ signing (HTTP interactions)

export interface SigningKeys {
  /** DISCORD_PUBLIC_KEY: the raw 32-byte key in hex, as the Developer Portal shows it. */
  publicKeyHex: string;
  privateKey: KeyObject;
}

export function makeKeys(): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  return { publicKeyHex: Buffer.from(jwk.x, 'base64url').toString('hex'), privateKey };
}

/** Headers and body of a request as Discord signs it: Ed25519 over timestamp + body. */
export function signedRequest(
  keys: SigningKeys,
  body: unknown,
  timestamp = String(Math.floor(Date.now() / 1000)),
): { headers: Record<string, string>; payload: string } {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = sign(null, Buffer.from(timestamp + payload), keys.privateKey).toString('hex');
  return {
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    payload,
  };
}

// ------------------------------------------------------------------ interactions as Discord sends them

let nextId = 1;

const GUILD_ID = '910000000000000001';
export const CHANNEL_ID = '910000000000000002';
export const USER_ID = '910000000000000003';

function base(type: number, user: string) {
  const id = String(920000000000000000n + BigInt(nextId++));
  return {
    id,
    application_id: APP_ID,
    type,
    token: `token-de-interaccion-${id}`,
    version: 1,
    guild_id: GUILD_ID,
    channel_id: CHANNEL_ID,
    channel: { id: CHANNEL_ID, type: 0, guild_id: GUILD_ID, name: 'general' },
    member: {
      user: { id: user, username: 'cinefila', discriminator: '0', global_name: 'Cinéfila', avatar: null },
      roles: [],
      permissions: '0',
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: '0',
    locale: 'es-ES',
    guild_locale: 'es-ES',
    entitlements: [],
    authorizing_integration_owners: { '0': GUILD_ID },
    context: 0,
  };
}

/** A slash command with its options (`{ mes: 12 }`), type of each option guessed from the value. */
export function commandInteraction(name: string, options: Record<string, string | number> = {}, user = USER_ID) {
  return {
    ...base(2, user),
    data: {
      id: '930000000000000001',
      name,
      type: 1,
      options: Object.entries(options).map(([optionName, value]) => ({
        name: optionName,
        type: typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3,
        value,
      })),
    },
  };
}

/** Autocomplete while typing `value` in option `option`. */
export function autocompleteInteraction(name: string, option: string, value: string, others = {}, user = USER_ID) {
  const interaction = commandInteraction(name, others, user);
  interaction.type = 4;
  interaction.data.options.push({ name: option, type: 3, value, focused: true } as never);
  return interaction;
}

/** A button press on a message the bot sent. */
export function buttonInteraction(customId: string, user = USER_ID) {
  return {
    ...base(3, user),
    message: {
      id: '940000000000000001',
      channel_id: CHANNEL_ID,
      type: 20,
      content: 'No encontré…',
      author: { id: BOT_ID, username: 'Filmoteca', discriminator: '0', bot: true, avatar: null },
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: '2024-01-01T00:00:00.000Z',
      edited_timestamp: null,
      flags: 0,
    },
    data: { custom_id: customId, component_type: 2 },
  };
}

/** MESSAGE_CREATE in a server channel (`mention`: the text starts with the bot's mention). */
export function guildMessage(text: string, { mention = true, author = USER_ID, bot = false, everyone = false } = {}) {
  return {
    id: String(960000000000000000n + BigInt(nextId++)),
    channel_id: CHANNEL_ID,
    channel_type: 0,
    guild_id: GUILD_ID,
    author: { id: author, username: 'cinefila', discriminator: '0', global_name: null, avatar: null, bot },
    content: mention ? `<@${BOT_ID}> ${text}` : text,
    mentions: mention
      ? [{ id: BOT_ID, username: 'Filmoteca', discriminator: '0', global_name: null, avatar: null, bot: true }]
      : [],
    mention_roles: [],
    mention_everyone: everyone,
    type: 0,
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    tts: false,
    flags: 0,
    timestamp: '2024-01-01T00:00:00.000Z',
    edited_timestamp: null,
  };
}

export const DM_CHANNEL_ID = '970000000000000001';

/** MESSAGE_CREATE in a DM (Discord includes `channel_type` 1, which tells discord.js it is a DM). */
export function directMessage(text: string, author = USER_ID) {
  const message = guildMessage(text, { mention: false, author });
  const { guild_id: _guild, ...rest } = message;
  return { ...rest, channel_id: DM_CHANNEL_ID, channel_type: 1 };
}

/** GUILD_CREATE for the server the test messages come from, with one text channel. */
export function guildCreate() {
  return {
    id: GUILD_ID,
    name: 'Cineclub',
    icon: null,
    owner_id: USER_ID,
    unavailable: false,
    member_count: 2,
    large: false,
    features: [],
    roles: [
      {
        id: GUILD_ID,
        name: '@everyone',
        permissions: '0',
        position: 0,
        color: 0,
        hoist: false,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    members: [],
    channels: [{ id: CHANNEL_ID, type: 0, name: 'general', position: 0, permission_overwrites: [] }],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_tier: 0,
    preferred_locale: 'es-ES',
  };
}
