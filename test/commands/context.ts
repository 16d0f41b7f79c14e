/** The fixture catalog (data/demo, built once per test process) wrapped in a command context. */
import { createCommandContext, runCommand } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

let ctx: CommandContext | undefined;

export async function fixtureContext(): Promise<CommandContext> {
  ctx ??= createCommandContext(openCatalog(await fixtureCatalogPath()));
  return ctx;
}

/** Run a command on the fixture; unexpected errors fail the test instead of being logged. */
export function ask(context: CommandContext, command: string, args: Record<string, unknown> = {}): Answer {
  return runCommand(context, command, args, {
    onError: (error) => {
      throw error;
    },
  });
}
