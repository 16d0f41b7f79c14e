/**
 * Errors as one log line without the bot token. The token is part of every
 * Bot API URL (`/bot<token>/sendMessage`), and the network errors under
 * grammY's HttpError (node-fetch's) quote that URL in their message.
 */
import { GrammyError, HttpError } from 'grammy';

/** Anything shaped like a BotFather token (`123456:ABC…`). */
const TOKEN_SHAPE = /\d{3,}:[\w-]{20,}/g;

export function redact(text: string, token?: string): string {
  const withoutToken = token ? text.split(token).join('***') : text;
  return withoutToken.replace(TOKEN_SHAPE, '***');
}

export function describeError(error: unknown, token?: string): string {
  let text: string;
  if (error instanceof GrammyError) text = `${error.method}: ${error.error_code} ${error.description}`;
  else if (error instanceof HttpError) {
    const cause = error.error instanceof Error ? `: ${error.error.message}` : '';
    text = `${error.message}${cause}`;
  } else if (error instanceof Error) text = error.message;
  else text = String(error);
  // Redacted before it is shortened: a cut could leave half a token that no longer looks like one.
  return redact(text, token).replace(/\s+/g, ' ').slice(0, 500);
}

/** 401 from the Bot API: the token is wrong or was revoked; retrying cannot help. */
export function isWrongToken(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 401;
}
