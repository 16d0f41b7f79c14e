/**
 * `filmoteca discord registrar [--guild <id> | --global] [--json]`: puts the
 * generated slash commands on Discord with one bulk PUT (@discordjs/rest), in
 * one server (instant: for development) or globally. Needs DISCORD_TOKEN and
 * DISCORD_APPLICATION_ID; `--json` prints the list without sending it.
 * Heavy modules load inside the action, so `filmoteca --help` stays instant.
 */
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { SlashCommand } from './commands.js';

interface RegisterOptions {
  guild?: string;
  global?: boolean;
  json?: boolean;
}

export function registerDiscord(program: Command): void {
  const discord = program.command('discord').description('Bot de Discord (Discord bot): comandos de barra');
  discord
    .command('registrar')
    .description('Registra los comandos de barra en Discord (register the slash commands)')
    .option('--guild <id>', 'en este servidor, al momento (por defecto DISCORD_GUILD_ID); si no, globales')
    .option('--global', 'globales aunque DISCORD_GUILD_ID esté configurado')
    .option('--json', 'solo muestra el JSON que se registraría, sin enviarlo')
    .action(async (options: RegisterOptions) => {
      const { loadConfig } = await import('../../config.js');
      const { slashCommands } = await import('./commands.js');
      const commands = slashCommands();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(commands, null, 2)}\n`);
        return;
      }
      const config = loadConfig();
      const guild = options.global ? undefined : (options.guild ?? config.DISCORD_GUILD_ID);
      try {
        process.stdout.write(`${await registerCommands(config, commands, guild)}\n`);
      } catch (error) {
        process.stderr.write(`${error instanceof RegistrationError ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

/** A registration that could not be made, said in Spanish for the operator (never with the token). */
export class RegistrationError extends Error {}

/** Sends the list; resolves to a one-line Spanish report. */
export async function registerCommands(
  config: Pick<Config, 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID' | 'DISCORD_API_URL'>,
  commands: SlashCommand[],
  guild: string | undefined,
): Promise<string> {
  const missing = [
    config.DISCORD_TOKEN ? null : 'DISCORD_TOKEN (Bot → Reset Token en el portal de desarrolladores)',
    config.DISCORD_APPLICATION_ID ? null : 'DISCORD_APPLICATION_ID (General Information → Application ID)',
  ].filter(Boolean);
  if (missing.length > 0) throw new RegistrationError(`Para registrar los comandos falta: ${missing.join(' y ')}.`);
  if (guild !== undefined && !/^\d{5,25}$/.test(guild))
    throw new RegistrationError(`«${guild.slice(0, 40)}» no es el id numérico de un servidor.`);

  const { REST, DiscordAPIError } = await import('@discordjs/rest');
  // Few retries: a person is waiting at the terminal.
  const rest = new REST({ api: config.DISCORD_API_URL, retries: 1, timeout: 10_000 }).setToken(
    config.DISCORD_TOKEN as string,
  );
  const app = config.DISCORD_APPLICATION_ID as string;
  const route = guild ? `/applications/${app}/guilds/${guild}/commands` : `/applications/${app}/commands`;
  try {
    const saved = (await rest.put(route as `/${string}`, { body: commands })) as unknown[];
    return guild
      ? `Registré ${saved.length} comandos en el servidor ${guild}: ya aparecen al escribir «/».`
      : `Registré ${saved.length} comandos globales: pueden tardar unos minutos en aparecer en todos los servidores.`;
  } catch (error) {
    if (error instanceof DiscordAPIError) {
      const hint =
        error.status === 401
          ? ' Revisa DISCORD_TOKEN.'
          : error.status === 403 || error.status === 404
            ? ' Revisa DISCORD_APPLICATION_ID y, con --guild, que el bot esté en ese servidor (scope applications.commands).'
            : '';
      throw new RegistrationError(`Discord rechazó el registro (${error.status}): ${error.message}.${hint}`);
    }
    const cause = error instanceof Error ? error.message : String(error);
    throw new RegistrationError(`No pude conectar con Discord en ${config.DISCORD_API_URL}: ${cause}.`);
  }
}
