/**
 * `POST /telegram/webhook` on the HTTP API's server: Telegram posts each
 * update there with the secret in `X-Telegram-Bot-Api-Secret-Token`.
 * A request without the right secret gets 401 before its body is even
 * validated; a body that is not an update gets 400; an update goes to
 * grammY's `webhookCallback` (which checks the secret again, in constant time).
 * Repeated update_ids are dropped by the bot itself (bot.ts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { type Bot, webhookCallback } from 'grammy';

export const WEBHOOK_PATH = '/telegram/webhook';
const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** A message of 4,096 characters with entities fits many times over; Fastify's default elsewhere is 16 KB. */
const BODY_LIMIT = 1024 * 1024;
/** Telegram waits about 10 s for an answer and then re-sends; answer before that even if a reply is slow. */
const ANSWER_WITHIN_MS = 8_000;

function rightSecret(header: unknown, secret: Buffer): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  return given.length === secret.length && timingSafeEqual(given, secret);
}

export function webhookPlugin(bot: Bot, secret: string): FastifyPluginAsync {
  const expected = Buffer.from(secret);
  const handle = webhookCallback(bot, 'fastify', {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: ANSWER_WITHIN_MS,
  });
  return async (app) => {
    app.post(
      WEBHOOK_PATH,
      {
        bodyLimit: BODY_LIMIT,
        schema: {
          hide: true, // not part of the public API's documentation
          body: {
            type: 'object',
            required: ['update_id'],
            properties: { update_id: { type: 'integer', minimum: 0 } },
          },
        },
        onRequest: async (request, reply) => {
          // Returning the reply ends the request here (Fastify's way to answer early from an async hook).
          if (!rightSecret(request.headers[SECRET_HEADER], expected)) {
            return reply.code(401).send({ ok: false, error: 'secret token is wrong' });
          }
        },
      },
      handle,
    );
  };
}
