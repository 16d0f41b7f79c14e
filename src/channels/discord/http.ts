/**
 * HTTP interactions: `POST /discord/interactions` on the API's server (the
 * application's "Interactions Endpoint URL"). Every request is verified before
 * anything else: an Ed25519 signature (`X-Signature-Ed25519`) over
 * `X-Signature-Timestamp` + the raw body, with the application's public key,
 * by Node's own crypto; a missing, malformed, stale or wrong signature is a
 * 401 (Discord sends bad ones on purpose to check). Then the shared handler
 * answers; a deferred answer (a chart) is completed afterwards by editing the
 * original message through Discord's REST API.
 *
 * Stateless apart from the per-instance rate limit and conversation memory:
 * several instances can sit behind a load balancer.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Log } from '../types.js';
import type { DiscordCore, MessageEdit, Reply } from './interactions.js';
import { messageOf } from './interactions.js';

export const INTERACTIONS_PATH = '/discord/interactions';

/** Ed25519 public keys in SPKI DER: this fixed prefix, then the 32 key bytes (RFC 8410). */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A request signed longer ago than this (or this far in the future) is refused: no replays. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

/** Interactions carry the message a button sits on, embeds included: far more than the API's 16 KB. */
const BODY_LIMIT = 1024 * 1024;

export function publicKeyFromHex(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Whether Discord signed `timestamp + body`, recently. */
export function verifySignature(
  key: KeyObject,
  signature: unknown,
  timestamp: unknown,
  body: Buffer,
  nowSeconds: number,
): boolean {
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) return false;
  return verify(null, Buffer.concat([Buffer.from(timestamp), body]), key, Buffer.from(signature, 'hex'));
}

export interface InteractionsRouteOptions {
  publicKey: string;
  core: DiscordCore;
  /** Edits the original response of a deferred interaction (REST, with the interaction's token). */
  editOriginal: (applicationId: string, token: string, edit: MessageEdit) => Promise<void>;
  log: Log;
  /** Follow-ups still running, so stop() can wait for them. */
  pending: Set<Promise<void>>;
  now?: () => number;
}

export function interactionsRoute(options: InteractionsRouteOptions): FastifyPluginAsync {
  const key = publicKeyFromHex(options.publicKey);
  const now = options.now ?? Date.now;
  return async (app) => {
    // The signature is over the exact bytes: keep the body as a Buffer in this plugin's scope only.
    app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    app.post(INTERACTIONS_PATH, { bodyLimit: BODY_LIMIT, schema: { hide: true } }, async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signed = verifySignature(
        key,
        request.headers['x-signature-ed25519'],
        request.headers['x-signature-timestamp'],
        body,
        Math.floor(now() / 1000),
      );
      if (!signed) return reply.code(401).send({ error: 'Firma no válida.' });
      let interaction: unknown;
      try {
        interaction = JSON.parse(body.toString('utf8'));
      } catch {
        return reply.code(400).send({ error: 'El cuerpo no es JSON.' });
      }
      const answer = options.core.interaction(interaction);
      if (answer.deferred) afterResponse(interaction as { application_id: string; token: string }, answer, options);
      return reply.code(200).type('application/json; charset=utf-8').send(JSON.stringify(answer.response));
    });
  };
}

/** Once the deferred response is on its way: draw, then edit the original message. */
function afterResponse(
  interaction: { application_id: string; token: string },
  answer: Reply,
  options: InteractionsRouteOptions,
): void {
  const deferred = answer.deferred;
  if (!deferred) return;
  const task = new Promise<void>((resolve) => setImmediate(resolve))
    .then(deferred)
    .then((edit) => options.editOriginal(interaction.application_id, interaction.token, edit))
    .catch((error) => options.log(`Discord: no pude completar una respuesta diferida: ${messageOf(error)}`))
    .finally(() => options.pending.delete(task));
  options.pending.add(task);
}
