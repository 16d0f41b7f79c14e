/**
 * What a chat channel (Discord, Telegram) gets from `npm start` and gives back.
 * A channel turns platform events into commands or free text, calls the
 * registry or the NLU through `deps`, and renders the answer for its platform;
 * it holds no question logic. Transports (gateway, polling, webhook, HTTP
 * interactions) are thin shells around one pure function per platform.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ChartRequest, CommandContext } from '../../commands/types.js';
import type { Config } from '../config.js';
import type { Parser } from '../nlu/index.js';

export type Log = (line: string) => void;

export interface ChannelDeps {
  ctx: CommandContext;
  /** Free text → answer; `conversation` keys the follow-up memory (channel + chat + user). */
  parser: Parser;
  /** One line for operators (stderr by default). Never pass a token or a secret. */
  log: Log;
  /** An answer's chart as PNG (src/charts); absent until charts exist, then channels send the text alone. */
  renderChart?: (chart: ChartRequest) => Promise<Buffer>;
}

export interface Channel {
  /** «Discord (gateway)», «Telegram (webhook)»: for the start-up log. */
  name: string;
  /** Routes on the HTTP API's server (Discord interactions, Telegram webhook), registered before it listens. */
  http?: FastifyPluginAsync;
  /** Called once the HTTP server listens: connect, poll, set the webhook. */
  start(): Promise<void>;
  /** Disconnect and stop polling; safe to call twice. */
  stop(): Promise<void>;
}

/** A channel factory: null when the channel's settings are absent (the channel is off). */
export type ChannelFactory = (config: Config, deps: ChannelDeps) => Promise<Channel | null>;
