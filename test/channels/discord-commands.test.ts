/**
 * The generated slash commands against Discord's rules for a bulk registration
 * (../shared/docs/PLATFORMS.md and Discord's "Application Commands" page), so
 * `filmoteca discord registrar` never fails with 400 "Invalid Form Body"; the
 * options' mapping from the registry; and the registrar against the loopback
 * fake Discord (function and real CLI process).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands, runCommand } from '../../commands/index.js';
import type { CommandContext } from '../../commands/types.js';
import { RegistrationError, registerCommands } from '../../src/channels/discord/cli.js';
import { ASK_COMMAND, type SlashCommand, slashCommands } from '../../src/channels/discord/commands.js';
import { fixtureContext } from '../commands/context.js';
import { APP_ID, BOT_TOKEN, type FakeDiscord, startFakeDiscord } from './discord-fake.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const list = slashCommands();

/** Every rule Discord checks on a chat input command, as a list of problems (empty = valid). */
function discordProblems(command: SlashCommand): string[] {
  const problems: string[] = [];
  const name = (value: string, where: string) => {
    if (!/^[-_'\p{L}\p{N}]{1,32}$/u.test(value) || value !== value.toLocaleLowerCase('es'))
      problems.push(`${where}: nombre no válido «${value}»`);
  };
  const description = (value: string, where: string) => {
    if (value.length < 1 || value.length > 100) problems.push(`${where}: descripción de ${value.length} caracteres`);
  };
  name(command.name, command.name);
  description(command.description, command.name);
  if (command.options.length > 25) problems.push(`${command.name}: ${command.options.length} opciones`);
  let total = command.name.length + command.description.length;
  let optionalSeen = false;
  const optionNames = new Set<string>();
  for (const option of command.options) {
    const where = `${command.name}.${option.name}`;
    name(option.name, where);
    description(option.description, where);
    total += option.name.length + option.description.length;
    if (optionNames.has(option.name)) problems.push(`${where}: repetida`);
    optionNames.add(option.name);
    if (!option.required) optionalSeen = true;
    else if (optionalSeen) problems.push(`${where}: obligatoria después de una opcional`);
    if (![3, 4, 10].includes(option.type)) problems.push(`${where}: tipo ${option.type}`);
    if (option.choices && option.autocomplete) problems.push(`${where}: choices y autocomplete a la vez`);
    if (option.min_value !== undefined && option.max_value !== undefined && option.min_value > option.max_value)
      problems.push(`${where}: min > max`);
    const choices = option.choices ?? [];
    if (choices.length > 25) problems.push(`${where}: ${choices.length} choices`);
    for (const choice of choices) {
      total += choice.name.length + String(choice.value).length;
      if (choice.name.length < 1 || choice.name.length > 100) problems.push(`${where}: choice «${choice.name}»`);
      if (option.type === 3 && (typeof choice.value !== 'string' || choice.value.length > 100))
        problems.push(`${where}: valor ${choice.value}`);
      if (option.type === 4 && !Number.isInteger(choice.value)) problems.push(`${where}: valor no entero`);
    }
  }
  // Discord: name, description and value of a command, its options and choices ≤ 4,000 in total.
  if (total > 4000) problems.push(`${command.name}: ${total} caracteres en total`);
  return problems;
}

describe('the generated slash commands', () => {
  it('follow every rule Discord checks', () => {
    expect(list.flatMap(discordProblems)).toEqual([]);
    const names = list.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(list.length).toBeLessThanOrEqual(100);
    expect(list.every((c) => c.type === 1)).toBe(true);
  });

  it('the rule checker itself catches what Discord refuses', () => {
    const valid: SlashCommand = { type: 1, name: 'película', description: 'Ficha', options: [] };
    expect(discordProblems(valid)).toEqual([]);
    const broken: SlashCommand = {
      type: 1,
      name: 'Con Espacios',
      description: '',
      options: [
        { type: 3, name: 'a', description: 'x'.repeat(101), required: false },
        {
          type: 3,
          name: 'b',
          description: 'b',
          required: true,
          autocomplete: true,
          choices: [{ name: 'c', value: 'c' }],
        },
      ],
    };
    expect(discordProblems(broken)).toHaveLength(5);
  });

  it('has one command per registry command, by its chat name, plus /preguntar', () => {
    expect(list.map((c) => c.name)).toEqual([...commands.map((c) => c.chatName), ASK_COMMAND]);
    for (const def of commands) {
      const command = list.find((c) => c.name === def.chatName) as SlashCommand;
      expect(command.description).toBe(def.description);
      expect(command.options.map((o) => o.name).sort()).toEqual(def.args.map((a) => a.name).sort());
    }
    const ask = list.find((c) => c.name === ASK_COMMAND);
    expect(ask?.options).toEqual([expect.objectContaining({ name: 'texto', type: 3, required: true })]);
  });

  const option = (command: string, name: string) =>
    list.find((c) => c.name === command)?.options.find((o) => o.name === name);

  it('offers closed sets as Spanish choices', () => {
    expect(option('estrenos_mes', 'mes')?.choices).toEqual(
      [
        'enero',
        'febrero',
        'marzo',
        'abril',
        'mayo',
        'junio',
        'julio',
        'agosto',
        'septiembre',
        'octubre',
        'noviembre',
        'diciembre',
      ].map((name, i) => ({ name, value: i + 1 })),
    );
    expect(option('estrenos_dia', 'dia')?.choices).toEqual(
      ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'].map((name, i) => ({
        name,
        value: i + 1,
      })),
    );
    expect(
      option('cantidad_plataforma', 'plataforma')
        ?.choices?.map((c) => c.value)
        .sort(),
    ).toEqual(['amazon', 'disney', 'hulu', 'netflix']);
    expect(option('duracion_max', 'tipo_duracion')?.choices).toEqual([
      { name: 'minutos', value: 'min' },
      { name: 'temporadas', value: 'season' },
    ]);
    expect(option('produccion_pais', 'tipo')?.choices).toEqual([
      { name: 'película', value: 'pelicula' },
      { name: 'serie', value: 'serie' },
    ]);
    const genres = option('top', 'genero')?.choices ?? [];
    expect(genres).toContainEqual({ name: 'Animación', value: 'Animation' });
    expect(genres).toContainEqual({ name: 'Ciencia ficción', value: 'Science Fiction' });
  });

  it('/grafico: the 13 charts as choices with Spanish names, people autocompleted, filters as options', () => {
    const tipo = option('grafico', 'tipo');
    expect(tipo).toMatchObject({ type: 3, required: true });
    expect(tipo?.choices?.map((c) => c.value)).toEqual([
      'estrenos_anio',
      'estrenos_mes',
      'estrenos_dia',
      'generos',
      'ingresos_genero',
      'duracion',
      'idiomas',
      'paises',
      'presupuesto_ingresos',
      'plataformas',
      'ratings',
      'director',
      'actor',
    ]);
    expect(tipo?.choices).toContainEqual({ name: 'Estrenos por año', value: 'estrenos_anio' });
    expect(tipo?.choices).toContainEqual({ name: 'Películas de un director', value: 'director' });
    expect(option('grafico', 'nombre')).toMatchObject({ type: 3, autocomplete: true, required: false });
    expect(option('grafico', 'genero')?.choices).toContainEqual({ name: 'Comedia', value: 'Comedy' });
    for (const year of ['desde', 'hasta', 'anio'])
      expect(option('grafico', year)).toMatchObject({ type: 4, min_value: 1870, max_value: 2100, required: false });
    expect(
      option('grafico', 'plataforma')
        ?.choices?.map((c) => c.value)
        .sort(),
    ).toEqual(['amazon', 'disney', 'hulu', 'netflix']);
  });

  it('makes catalog names autocomplete options, and years and counts bounded integers', () => {
    for (const [command, name] of [
      ['pelicula', 'titulo'],
      ['actor', 'nombre'],
      ['director', 'nombre'],
      ['franquicia', 'franquicia'],
      ['productora', 'productora'],
      ['pais', 'pais'],
      ['idioma', 'idioma'],
      ['contenidos_rating', 'rating'],
    ] as const) {
      expect(option(command, name)).toMatchObject({ type: 3, autocomplete: true });
      expect(option(command, name)?.choices).toBeUndefined();
    }
    expect(option('duracion_max', 'anio')).toMatchObject({ type: 4, min_value: 1870, max_value: 2100 });
    expect(option('top', 'n')).toMatchObject({ type: 4, min_value: 1, max_value: 25, required: false });
    expect(option('puntaje_plataforma', 'puntaje')).toMatchObject({ type: 10, required: true });
  });

  describe('on the fixture catalog', () => {
    let ctx: CommandContext;
    beforeAll(async () => {
      ctx = await fixtureContext();
    });

    it('offers every genre of the catalog', () => {
      const inCatalog = (ctx.catalog.db.prepare('SELECT DISTINCT name FROM genres').all() as { name: string }[]).map(
        (r) => r.name,
      );
      expect(inCatalog.length).toBeGreaterThan(5);
      const offered = (option('top', 'genero')?.choices ?? []).map((c) => c.value);
      for (const genre of inCatalog) expect(offered).toContain(genre);
    });

    it('every choice is a value the command accepts', () => {
      // The genre list is TMDB's (registration needs no catalog); the small fixture lacks a few of them.
      const genres = new Set(
        (ctx.catalog.db.prepare('SELECT name FROM genres').all() as { name: string }[]).map((r) => r.name),
      );
      for (const def of commands) {
        for (const spec of def.args) {
          for (const choice of option(def.chatName, spec.name)?.choices ?? []) {
            if (spec.kind === 'genero' && !genres.has(String(choice.value))) continue;
            const answer = runCommand(ctx, def.id, { [spec.name]: choice.value });
            expect(answer.error?.argument === spec.name && answer.error.code === 'bad_argument').toBe(false);
          }
        }
      }
    });
  });
});

describe('filmoteca discord registrar', () => {
  let discord: FakeDiscord;
  beforeAll(async () => {
    discord = await startFakeDiscord();
  });
  afterAll(async () => {
    await discord.close();
  });

  const config = () => ({
    DISCORD_TOKEN: BOT_TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
  });

  it('puts the whole list in one server, or globally', async () => {
    const inGuild = await registerCommands(config(), list, '123456789012');
    expect(inGuild).toBe(`Registré ${list.length} comandos en el servidor 123456789012: ya aparecen al escribir «/».`);
    const put = await discord.waitFor((r) => r.path === `/applications/${APP_ID}/guilds/123456789012/commands`);
    expect(put.method).toBe('PUT');
    expect(put.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(put.json).toEqual(list);
    expect(await registerCommands(config(), list, undefined)).toMatch(/^Registré \d+ comandos globales/);
    expect((await discord.waitFor((r) => r.path === `/applications/${APP_ID}/commands`)).json).toEqual(list);
  });

  it('says what is wrong, in Spanish', async () => {
    await expect(registerCommands({ ...config(), DISCORD_TOKEN: undefined }, list, undefined)).rejects.toThrow(
      /^Para registrar los comandos falta: DISCORD_TOKEN/,
    );
    await expect(registerCommands(config(), list, 'mi-servidor')).rejects.toThrow(
      '«mi-servidor» no es el id numérico de un servidor.',
    );
    const refused = registerCommands({ ...config(), DISCORD_TOKEN: 'otro.token' }, list, undefined);
    await expect(refused).rejects.toBeInstanceOf(RegistrationError);
    await expect(refused).rejects.toThrow(/^Discord rechazó el registro \(401\): .*Revisa DISCORD_TOKEN\.$/);
    await expect(
      registerCommands({ ...config(), DISCORD_API_URL: 'http://127.0.0.1:9/api' }, list, undefined),
    ).rejects.toThrow(/^No pude conectar con Discord en http:\/\/127\.0\.0\.1:9\/api: /);
  });

  it('works as a command, and never prints the token', async () => {
    // Asynchronous child processes: the fake Discord answers from this process meanwhile.
    const ok = await runCli(['discord', 'registrar', '--guild', '555555555555'], {
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toBe(
      `Registré ${list.length} comandos en el servidor 555555555555: ya aparecen al escribir «/».\n`,
    );
    const bad = await runCli(['discord', 'registrar'], {
      DISCORD_TOKEN: 'secreto.que.no.vale',
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: discord.apiUrl,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Discord rechazó el registro \(401\)/);
    expect(bad.stderr + bad.stdout).not.toContain('secreto.que.no.vale');
    expect(bad.stderr).not.toMatch(/\bat \S+:\d+/); // no stack trace
  });
});

async function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, ['bin/filmoteca.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}
