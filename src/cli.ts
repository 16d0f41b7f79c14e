/**
 * The `filmoteca` command. Each area registers its own subcommands and loads
 * its heavy modules only inside the action, so `filmoteca --help` stays instant.
 */
import { Command } from 'commander';

const program = new Command()
  .name('filmoteca')
  .description('Filmoteca: preguntas sobre cine en español (Filmoteca: Spanish movie questions)')
  .showHelpAfterError();

// Subcommand registrations, one line per area:

await program.parseAsync(process.argv);
