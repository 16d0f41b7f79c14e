/**
 * The `filmoteca` command. Each area registers its own subcommands and loads
 * its heavy modules only inside the action, so `filmoteca --help` stays instant.
 */
import { Command } from 'commander';
import { registerEtl } from '../etl/cli.js';
import { registerDocs, registerRun } from './channels/cli-run.js';
import { registerDiscord } from './channels/discord/cli.js';
import { registerServe } from './channels/http.js';
import { registerTelegram } from './channels/telegram/cli.js';
import { registerEda } from './charts/cli.js';
import { ConfigError } from './config.js';
import { registerNlu } from './nlu/cli.js';
import { registerRecs } from './recommend/cli.js';

// Output piped into a reader that stops early (`filmoteca … | head`): the rest is dropped, quietly.
// Unhandled, the EPIPE would end the process mid-work (an ETL would leave its temp files).
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

const program = new Command()
  .name('filmoteca')
  .description('Filmoteca: preguntas sobre cine en español (Filmoteca: Spanish movie questions)')
  .showHelpAfterError();

// Subcommand registrations, one line per area:
registerEtl(program);
registerRun(program);
registerDocs(program);
registerServe(program);
registerNlu(program);
registerRecs(program);
registerTelegram(program);
registerDiscord(program);
registerEda(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A bad setting is the operator's to fix: one Spanish line per problem, no stack trace.
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\nRevisa las variables de entorno o el archivo .env (ver .env.example).\n`);
  process.exitCode = 1;
}
