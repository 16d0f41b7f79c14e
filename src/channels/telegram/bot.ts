/**
 * The Telegram bot: grammY wired to the pure pieces (updates.ts → render.ts →
 * send.ts). The same bot serves long polling (polling.ts) and the webhook
 * (webhook.ts). Tests build it with `botInfo` (no getMe) and a recording API
 * transformer, and feed it updates with `bot.handleUpdate`.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { type Api, Bot, type BotError, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Config } from '../../config.js';
import { conversationId, INTERNAL_ERROR_TEXT, RateLimiter, rateLimitedText } from '../common.js';
import type { ChannelDeps } from '../types.js';
import { describeError } from './errors.js';
import { escapeHtml, renderAnswer } from './render.js';
import { sendOutgoing, sendTexts, type Target } from './send.js';
import {
  type Asked,
  answerButton,
  answerRoute,
  INLINE_CACHE_SECONDS,
  inlineResults,
  routeMessage,
  welcome,
} from './updates.js';

/** The updates the bot asks Telegram for (getUpdates and setWebhook): nothing it would ignore. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'inline_query'] as const;

export interface TelegramBotOptions {
  /** The bot's own user (getMe's answer): given, the bot makes no getMe call (tests, benchmarks). */
  botInfo?: UserFromGetMe;
  /** The rate limiter's clock (tests). */
  now?: () => number;
}

export function createTelegramBot(config: Config, deps: ChannelDeps, options: TelegramBotOptions = {}): Bot {
  const token = config.TELEGRAM_TOKEN;
  if (!token) throw new Error('TELEGRAM_TOKEN is not set');
  const bot = new Bot(token, {
    client: { apiRoot: config.TELEGRAM_API_ROOT },
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  });
  // Flood control: a 429 from Telegram is waited out and the call repeated, a few times at most.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));

  const limits = new PoliteLimiter(config.RATE_LIMIT_PER_MINUTE, options.now ?? Date.now);
  const canDrawCharts = deps.renderChart !== undefined;
  const reply = async (api: Api, target: Target, asked: Asked) =>
    sendOutgoing(api, target, renderAnswer(asked.answer, asked.asked, canDrawCharts), deps, token);

  // One bad update never stops the bot: log it (without the token) and say so politely. An error
  // boundary rather than only bot.catch, which grammY does not call in webhook mode (the error would
  // reach Fastify as a 500, and Telegram would send the same update again and again).
  const onError = async ({ ctx, error }: BotError<Context>) => {
    deps.log(`Telegram: error al atender la actualización ${ctx.update.update_id}: ${describeError(error, token)}`);
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: INTERNAL_ERROR_TEXT });
      else if (ctx.chat) await ctx.api.sendMessage(ctx.chat.id, INTERNAL_ERROR_TEXT);
    } catch (failure) {
      deps.log(`Telegram: tampoco pude avisar del error: ${describeError(failure, token)}`);
    }
  };
  bot.catch(onError);
  bot.use(ignoreRepeatedUpdates());
  // One chat's updates are handled in order (answers arrive in the order asked); chats run in parallel.
  bot.use(sequentialize((ctx: Context) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));
  const handlers = bot.errorBoundary(onError);

  handlers.on('message', async (ctx) => {
    const route = routeMessage(ctx.message, ctx.me);
    if (!route) return;
    const isPrivate = ctx.chat.type === 'private';
    const target: Target = isPrivate
      ? { chatId: ctx.chat.id }
      : { chatId: ctx.chat.id, replyTo: ctx.message.message_id };
    const user = ctx.from.id;
    const wait = limits.check(user);
    if (wait !== 0) {
      if (wait > 0) await sendTexts(ctx.api, target, [{ type: 'text', html: escapeHtml(rateLimitedText(wait)) }]);
      return;
    }
    if (route.kind === 'start') {
      const { html, keyboard } = welcome(ctx.me, isPrivate);
      await sendTexts(ctx.api, target, [{ type: 'text', html, keyboard }]);
      return;
    }
    await reply(
      ctx.api,
      target,
      answerRoute(deps.ctx, deps.parser, route, conversationId('telegram', ctx.chat.id, user)),
    );
  });

  handlers.on('callback_query:data', async (ctx) => {
    const message = ctx.callbackQuery.message;
    const wait = limits.check(ctx.from.id);
    if (wait !== 0) {
      await ctx.answerCallbackQuery({ text: rateLimitedText(Math.abs(wait)) });
      return;
    }
    if (!message) {
      // A button under a message sent in inline mode: there is no chat to answer in.
      await ctx.answerCallbackQuery({ text: 'Pregúntame en un chat conmigo para ver la respuesta.' });
      return;
    }
    const chatId = message.chat.id;
    const asked = answerButton(
      deps.ctx,
      deps.parser,
      ctx.callbackQuery.data,
      conversationId('telegram', chatId, ctx.from.id),
    );
    if (!asked) {
      await ctx.answerCallbackQuery({ text: 'Este botón ya no sirve: vuelve a preguntar.' });
      return;
    }
    await ctx.answerCallbackQuery();
    const target: Target = message.chat.type === 'private' ? { chatId } : { chatId, replyTo: message.message_id };
    await reply(ctx.api, target, asked);
  });

  handlers.on('inline_query', async (ctx) => {
    const results = inlineResults(deps.ctx, ctx.inlineQuery.query);
    await ctx.answerInlineQuery(results, {
      cache_time: INLINE_CACHE_SECONDS,
      is_personal: false,
      ...(results.length === 0
        ? { button: { text: 'No encontré ese título: pregúntame en privado', start_parameter: 'buscar' } }
        : {}),
    });
  });

  return bot;
}

/** How many update ids to remember: far more than Telegram ever re-sends. */
const REMEMBERED_UPDATES = 10_000;

/**
 * Telegram re-sends a webhook update when it got no answer in time; the same update_id
 * is then handled once. (Long polling never repeats one: getUpdates moves its offset.)
 */
function ignoreRepeatedUpdates() {
  const seen = new Set<number>();
  // The remembered ids in arrival order, as a ring: the oldest is forgotten when a new one comes.
  const ring: number[] = [];
  let oldest = 0;
  return async (ctx: Context, next: () => Promise<void>) => {
    const id = ctx.update.update_id;
    if (seen.has(id)) return;
    seen.add(id);
    if (ring.length < REMEMBERED_UPDATES) ring.push(id);
    else {
      seen.delete(ring[oldest] as number);
      ring[oldest] = id;
      oldest = (oldest + 1) % REMEMBERED_UPDATES;
    }
    await next();
  };
}

/**
 * The shared per-user rate limit, and its polite reply sent once per wait (a user who keeps
 * typing while limited is not answered with one «espera» per message).
 * `check`: 0 = go ahead; > 0 = limited, tell them to wait that many seconds; < 0 = limited, already told.
 */
class PoliteLimiter {
  private readonly limiter: RateLimiter;
  private readonly toldUntil = new Map<number, number>();

  constructor(
    perMinute: number,
    private readonly now: () => number,
  ) {
    this.limiter = new RateLimiter(perMinute, now);
  }

  check(user: number): number {
    const wait = this.limiter.check(String(user));
    if (wait === 0) return 0;
    const now = this.now();
    if ((this.toldUntil.get(user) ?? 0) > now) return -wait;
    if (this.toldUntil.size > REMEMBERED_UPDATES) {
      for (const [id, until] of this.toldUntil) if (until <= now) this.toldUntil.delete(id);
    }
    this.toldUntil.set(user, now + wait * 1000);
    return wait;
  }
}
