/**
 * One cold start, measured from inside a fresh process (bench/startup.ts spawns it):
 *
 *   node --import tsx bench/startup-child.ts <catalog> <plan.json>
 *
 * `performance.now()` counts from the process's start (Node's time origin), so the
 * first figure is what Node and tsx take before any of our code runs. Then, in order:
 * import the catalog, commands and NLU; open the catalog and create the parser; the
 * first answer (`parser.ask`) of each kind of name (title, person, saga, company);
 * the first call of every command with the plan's arguments; the first autocomplete of
 * each kind. Prints one JSON object ({@link StartupFigures}) on stdout.
 *
 * Only Node built-ins are imported statically: everything of ours is timed.
 */
import { readFileSync } from 'node:fs';

/** A wall-clock and a CPU figure, in ms. */
export interface Timing {
  wall: number;
  cpu: number;
}

export interface StartupFigures {
  /** Process start → this file's first line (Node, tsx, its loader thread). */
  boot: Timing;
  imports: Timing;
  /** openCatalog + createCommandContext + createParser. */
  create: Timing;
  /** Each start-up question's first answer, in order. */
  firstAnswers: { question: string; text: string; timing: Timing }[];
  /** Process start → the last start-up answer (CPU: the whole process's, both threads). */
  ready: Timing;
  commands: { command: string; ok: boolean; timing: Timing }[];
  autocomplete: { kind: string; typed: string; found: number; timing: Timing }[];
  /** Discord's autocomplete (what a user typing in a slash command sees), after the search's own. */
  discord: { command: string; option: string; typed: string; found: number; timing: Timing }[];
  /** The search's preload() drained (what a server reads in the background after start-up). */
  preload: Timing;
}

/** What the parent decides: the questions, each command's arguments, the autocomplete prefixes. */
export interface StartupPlan {
  questions: string[];
  commands: { command: string; args: Record<string, unknown> }[];
  autocomplete: { kind: 'title' | 'person' | 'collection' | 'company'; typed: string }[];
  discord: { command: string; option: string; typed: string }[];
}

const boot: Timing = { wall: performance.now(), cpu: cpuMs(process.cpuUsage()) };

/** process.cpuUsage() with no argument counts from the process's start. */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function timed<T>(work: () => T): [T, Timing] {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = work();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return [value, { wall, cpu: cpuMs(used) }];
}

async function timedAsync<T>(work: () => Promise<T>): Promise<[T, Timing]> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return [value, { wall, cpu: cpuMs(used) }];
}

async function main(): Promise<void> {
  const [path, planPath] = process.argv.slice(2);
  if (!path || !planPath) throw new Error('uso: startup-child.ts <catálogo> <plan.json>');
  const plan = JSON.parse(readFileSync(planPath, 'utf8')) as StartupPlan;
  const [modules, imports] = await timedAsync(async () => {
    const { openCatalog } = await import('../src/catalog/catalog.js');
    const { createCommandContext, runCommand } = await import('../commands/index.js');
    const { createParser } = await import('../src/nlu/index.js');
    return { openCatalog, createCommandContext, runCommand, createParser };
  });
  const [{ ctx, parser }, create] = timed(() => {
    const ctx = modules.createCommandContext(modules.openCatalog(path));
    return { ctx, parser: modules.createParser(ctx) };
  });
  const firstAnswers = plan.questions.map((question) => {
    const [answer, timing] = timed(() => parser.ask(question));
    return { question, text: answer.text, timing };
  });
  const ready: Timing = { wall: performance.now(), cpu: cpuMs(process.cpuUsage()) };
  const commands = plan.commands.map(({ command, args }) => {
    const [answer, timing] = timed(() => modules.runCommand(ctx, command, args));
    return { command, ok: answer.ok, timing };
  });
  const autocomplete = plan.autocomplete.map(({ kind, typed }) => {
    const [found, timing] = timed(() => ctx.search.suggest(kind, typed));
    return { kind, typed, found: found.length, timing };
  });
  const { autocompleteChoices } = await import('../src/channels/discord/autocomplete.js');
  const discord = plan.discord.map(({ command, option, typed }) => {
    const [found, timing] = timed(() => autocompleteChoices(ctx, command, { name: option, value: typed }));
    return { command, option, typed, found: found.length, timing };
  });
  const [, preload] = timed(() => {
    for (const _ of ctx.search.preload?.() ?? []);
  });
  const figures: StartupFigures = {
    boot,
    imports,
    create,
    firstAnswers,
    ready,
    commands,
    autocomplete,
    discord,
    preload,
  };
  process.stdout.write(JSON.stringify(figures));
  ctx.catalog.close();
}

await main();
