/**
 * The command menu Telegram shows next to the text box: the registry's
 * commands, set with `setMyCommands` for every language (the fallback) and
 * for `language_code: 'es'`, and only when it differs from what Telegram has
 * (each start-up would otherwise rewrite it).
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { commands } from '../../../commands/index.js';

/** Telegram's rule for a command name (PLATFORMS.md) and its description limit. */
const COMMAND_NAME = /^[a-z0-9_]{1,32}$/;
const DESCRIPTION_LIMIT = 256;

/** The registry's commands as Telegram's menu: chat name and Spanish description. */
export function menuCommands(): BotCommand[] {
  return commands
    .filter((def) => COMMAND_NAME.test(def.chatName))
    .map((def) => ({ command: def.chatName, description: def.description.slice(0, DESCRIPTION_LIMIT) }));
}

/** The menu's languages: '' is the list shown when no language-specific one applies. */
const LANGUAGES = ['', 'es'] as const;

/** Sets the menu where it differs; returns the languages that were changed ('' = the default list). */
export async function syncMenu(api: Api): Promise<string[]> {
  const wanted = menuCommands();
  const changed: string[] = [];
  for (const language of LANGUAGES) {
    const scope = language ? { language_code: language } : {};
    const current = await api.getMyCommands(scope);
    if (sameMenu(current, wanted)) continue;
    await api.setMyCommands(wanted, scope);
    changed.push(language);
  }
  return changed;
}

function sameMenu(a: readonly BotCommand[], b: readonly BotCommand[]): boolean {
  return a.length === b.length && a.every((c, i) => c.command === b[i]?.command && c.description === b[i]?.description);
}
