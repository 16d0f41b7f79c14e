/**
 * The one handler both transports share: an interaction as Discord sends it
 * (JSON, the same over the gateway and over HTTP) → the response payload; and
 * a message that mentions the bot or a DM → the reply. Pure apart from the
 * rate limit's memory and the NLU's conversation memory: no network here.
 *
 * - PING → PONG (HTTP mode only; Discord checks the endpoint with it).
 * - A slash command → the registry's command with the options as arguments
 *   (`/preguntar texto:` → the NLU), answered at once (type 4); an answer with
 *   a chart is deferred (type 5) and `deferred()` makes the edit with the PNG.
 * - Autocomplete → up to 25 choices (type 8).
 * - A «¿Quisiste decir…?» button → that question (type 4).
 * Anything unexpected is answered politely (only to the user who asked) and
 * logged for operators; nothing here throws.
 */
import { z } from 'zod';
import { runCommand } from '../../../commands/index.js';
import type { Answer, ChartRequest } from '../../../commands/types.js';
import {
  conversationId,
  decodeReplay,
  INTERNAL_ERROR_TEXT,
  type RateLimiter,
  type Replay,
  rateLimitedText,
} from '../common.js';
import type { ChannelDeps } from '../types.js';
import { autocompleteChoices } from './autocomplete.js';
import { ASK_COMMAND, ASK_OPTION, type SlashChoice } from './commands.js';
import { fitLines, LIMITS } from './limits.js';
import { type AttachedFile, type MessagePayload, plainMessage, renderAnswer, withChart } from './render.js';

/** Discord's interaction types (discord-api-types' InteractionType). */
export const INTERACTION = { ping: 1, command: 2, component: 3, autocomplete: 4, modal: 5 } as const;

/** Discord's response types (discord-api-types' InteractionResponseType). */
export type InteractionResponse =
  | { type: 1 }
  | { type: 4; data: MessagePayload }
  | { type: 5 }
  | { type: 8; data: { choices: SlashChoice[] } };

/** A message edit or a message with files (the chart). */
export interface MessageEdit {
  payload: MessagePayload;
  files: AttachedFile[];
}

export interface Reply {
  response: InteractionResponse;
  /** For a deferred response (type 5): the edit of the original message, made afterwards. */
  deferred?: () => Promise<MessageEdit>;
}

/** A message for the bot: a mention in a server, or a DM. */
export interface IncomingMessage {
  text: string;
  user: string;
  channel: string;
}

export interface DiscordCore {
  interaction(raw: unknown): Reply;
  /** The reply to a mention or a DM (with its chart drawn, when it has one). */
  message(input: IncomingMessage): Promise<MessageEdit>;
}

export interface CoreDeps extends ChannelDeps {
  limiter: RateLimiter;
}

const optionSchema = z.object({
  name: z.string(),
  type: z.number(),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});

/** The part of an interaction the bot reads (Discord sends much more; the rest is ignored). */
const interactionSchema = z.object({
  id: z.string(),
  application_id: z.string(),
  type: z.number().int(),
  token: z.string(),
  data: z
    .object({
      name: z.string().optional(),
      options: z.array(optionSchema).optional(),
      custom_id: z.string().optional(),
    })
    .optional(),
  channel_id: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  member: z.object({ user: z.object({ id: z.string() }) }).optional(),
  user: z.object({ id: z.string() }).optional(),
});

type Interaction = z.infer<typeof interactionSchema>;

export function createDiscordCore(deps: CoreDeps): DiscordCore {
  const { ctx, parser, log, limiter } = deps;

  const notice = (text: string): Reply => ({ response: { type: 4, data: plainMessage(text, true) } });

  const onProblem = (command: string | null) => (problems: string[]) =>
    log(
      `Discord: el mensaje de ${command ?? 'una respuesta'} no cumplía los límites (${problems.join('; ')}); envío solo el texto.`,
    );

  /** The message for an answer, deferred when it carries a chart that can be drawn. */
  function answerReply(answer: Answer, asked: Replay | null): Reply {
    const payload = renderAnswer(ctx, answer, asked, onProblem(answer.command));
    const { chart } = answer;
    const draw = deps.renderChart;
    if (chart && draw) return { response: { type: 5 }, deferred: () => chartEdit(payload, chart, draw) };
    return { response: { type: 4, data: payload } };
  }

  async function chartEdit(
    payload: MessagePayload,
    chart: ChartRequest,
    draw: NonNullable<ChannelDeps['renderChart']>,
  ): Promise<MessageEdit> {
    try {
      return withChart(payload, await draw(chart));
    } catch (error) {
      log(`Discord: no pude dibujar el gráfico «${chart.tipo}»: ${messageOf(error)}`);
      const content = fitLines(
        `(No pude dibujar el gráfico; te dejo la respuesta en texto.)\n${payload.content}`,
        LIMITS.content,
      );
      return { payload: { ...payload, content }, files: [] };
    }
  }

  const run = (command: string, args: Record<string, unknown>) =>
    runCommand(ctx, command, args, {
      onError: (error, id) => log(`Discord: error interno en ${id}: ${messageOf(error)}`),
    });

  function command(interaction: Interaction, user: string): Reply {
    const name = interaction.data?.name ?? '';
    const options = interaction.data?.options ?? [];
    const wait = limiter.check(user);
    if (wait > 0) return notice(rateLimitedText(wait));
    if (name === ASK_COMMAND) {
      const text = options.find((o) => o.name === ASK_OPTION)?.value;
      const chat = interaction.channel_id ?? interaction.channel?.id ?? 'dm';
      return answerReply(parser.ask(typeof text === 'string' ? text : '', conversationId('discord', chat, user)), null);
    }
    const args = Object.fromEntries(options.map((o) => [o.name, o.value]));
    const answer = run(name, args);
    return answerReply(answer, answer.command ? { command: answer.command, args: stringArgs(args) } : null);
  }

  function button(interaction: Interaction, user: string): Reply {
    const replay = decodeReplay(interaction.data?.custom_id ?? '');
    if (!replay) return notice('Ese botón ya no sirve: vuelve a hacer la pregunta.');
    const wait = limiter.check(user);
    if (wait > 0) return notice(rateLimitedText(wait));
    return answerReply(run(replay.command, replay.args), replay);
  }

  function autocomplete(interaction: Interaction): Reply {
    const options = interaction.data?.options ?? [];
    const focused = options.find((o) => o.focused);
    const chosen = Object.fromEntries(options.filter((o) => !o.focused).map((o) => [o.name, o.value]));
    const choices = focused ? autocompleteChoices(ctx, interaction.data?.name ?? '', focused, chosen) : [];
    return { response: { type: 8, data: { choices } } };
  }

  return {
    interaction(raw) {
      if (isPing(raw)) return { response: { type: 1 } };
      const parsed = interactionSchema.safeParse(raw);
      if (!parsed.success) return notice('No entendí esta petición de Discord.');
      const interaction = parsed.data;
      const user = interaction.member?.user.id ?? interaction.user?.id ?? 'desconocido';
      try {
        switch (interaction.type) {
          case INTERACTION.command:
            return command(interaction, user);
          case INTERACTION.component:
            return button(interaction, user);
          case INTERACTION.autocomplete:
            return autocomplete(interaction);
          default:
            return notice('Esa acción no la conozco: usa los comandos de barra o mencióname con tu pregunta.');
        }
      } catch (error) {
        log(`Discord: error al responder /${interaction.data?.name ?? interaction.type}: ${messageOf(error)}`);
        if (interaction.type === INTERACTION.autocomplete) return { response: { type: 8, data: { choices: [] } } };
        return notice(INTERNAL_ERROR_TEXT);
      }
    },

    async message({ text, user, channel }) {
      try {
        const wait = limiter.check(user);
        if (wait > 0) return { payload: plainMessage(rateLimitedText(wait)), files: [] };
        const reply = answerReply(parser.ask(text, conversationId('discord', channel, user)), null);
        if (reply.deferred) return await reply.deferred();
        return {
          payload: reply.response.type === 4 ? reply.response.data : plainMessage(INTERNAL_ERROR_TEXT),
          files: [],
        };
      } catch (error) {
        log(`Discord: error al responder un mensaje: ${messageOf(error)}`);
        return { payload: plainMessage(INTERNAL_ERROR_TEXT), files: [] };
      }
    },
  };
}

function isPing(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { type?: unknown }).type === INTERACTION.ping;
}

/** The options as the replay of a button keeps them (text; numbers as their digits). */
function stringArgs(args: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(args)) {
    if (typeof value === 'string' || typeof value === 'number') out[name] = value;
  }
  return out;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
