/**
 * The command registry: every question of ../shared/docs/QUESTIONS.md, one
 * file each. Adding a command = writing its file and adding it to COMMANDS.
 * Channels call `runCommand(ctx, idOrChatName, rawArgs)`; it resolves the raw
 * arguments (commands/args.ts), runs the handler and guarantees an answer:
 * nothing a user types ever surfaces as an exception or a stack trace.
 */
import Fuse from 'fuse.js';
import type { Catalog } from '../src/catalog/catalog.js';
import { formatAlternatives, quoteInput } from '../src/format.js';
import { createRecommender } from '../src/recommend/index.js';
import { createEntitySearch } from '../src/search/index.js';
import { type RawArgs, resolveArgs } from './args.js';
import ayuda from './ayuda.js';
import cantidadFilmacionesDia from './cantidad_filmaciones_dia.js';
import cantidadFilmacionesMes from './cantidad_filmaciones_mes.js';
import { failed } from './common.js';
import dondeVer from './donde_ver.js';
import franquicia from './franquicia.js';
import getActor from './get_actor.js';
import getActorPlatform from './get_actor_platform.js';
import getContents from './get_contents.js';
import getCountPlatform from './get_count_platform.js';
import getDirector from './get_director.js';
import getMaxDuration from './get_max_duration.js';
import getScoreCount from './get_score_count.js';
import grafico from './grafico.js';
import pelicula from './pelicula.js';
import peliculasDuracion from './peliculas_duracion.js';
import peliculasIdioma from './peliculas_idioma.js';
import peliculasPais from './peliculas_pais.js';
import prodPerCounty from './prod_per_county.js';
import productorasExitosas from './productoras_exitosas.js';
import recomendacion from './recomendacion.js';
import scoreTitulo from './score_titulo.js';
import topPeliculas from './top_peliculas.js';
import type { Answer, CanonicalArgs, CommandContext, CommandDef } from './types.js';
import votosTitulo from './votos_titulo.js';

/** In the contract's order: the seeds' movie questions, the streaming ones, then the rest. */
export const commands: readonly CommandDef[] = [
  cantidadFilmacionesMes,
  cantidadFilmacionesDia,
  scoreTitulo,
  votosTitulo,
  getActor,
  getDirector,
  franquicia,
  peliculasPais,
  productorasExitosas,
  peliculasIdioma,
  peliculasDuracion,
  recomendacion,
  getMaxDuration,
  getScoreCount,
  getCountPlatform,
  getActorPlatform,
  prodPerCounty,
  getContents,
  pelicula,
  topPeliculas,
  dondeVer,
  ayuda,
  grafico, // issue 12, beyond the contract
] as CommandDef[];

const byName = new Map<string, CommandDef>();
for (const def of commands) {
  for (const name of [def.id, def.chatName, def.seedRoute]) if (name) byName.set(name, def);
}

/** A command by contract id, chat name or seed route (`/estrenos_mes`, `Score` work too). */
export function getCommand(name: string): CommandDef | undefined {
  return byName.get(name.trim().replace(/^\//, '').toLowerCase());
}

export function createCommandContext(catalog: Catalog): CommandContext {
  return { catalog, search: createEntitySearch(catalog.db), recommender: createRecommender(catalog.db) };
}

export interface RunOptions {
  /** Where an unexpected error is reported for operators (default: one line on stderr). The user only sees a Spanish sentence. */
  onError?: (error: unknown, command: string) => void;
}

function logError(error: unknown, command: string): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[filmoteca] error interno en ${command}: ${message}\n`);
}

/** Resolve the raw arguments, run the command, and always return an answer. */
export function runCommand(
  ctx: CommandContext,
  name: unknown,
  rawArgs: unknown = {},
  options: RunOptions = {},
): Answer {
  const def = typeof name === 'string' && name.length <= 100 ? getCommand(name) : undefined;
  if (!def) return unknownCommand(name);
  if (rawArgs !== null && rawArgs !== undefined && (typeof rawArgs !== 'object' || Array.isArray(rawArgs))) {
    return failed(
      def.id,
      {},
      'bad_argument',
      'Los argumentos tienen que ser pares nombre = valor (por ejemplo mes = enero).',
    );
  }
  let args: CanonicalArgs = {};
  try {
    const resolution = resolveArgs(ctx, def, (rawArgs ?? {}) as RawArgs);
    if (!resolution.ok) return resolution.answer;
    args = resolution.args;
    const answer = def.handler(ctx, args);
    if (resolution.corrections.length > 0) answer.text = `${resolution.corrections.join(' ')} ${answer.text}`;
    if (resolution.notes.length > 0) answer.text = `${answer.text}\n${resolution.notes.join('\n')}`;
    return answer;
  } catch (error) {
    (options.onError ?? logError)(error, def.id);
    return failed(
      def.id,
      args,
      'internal_error',
      'No pude responder esta pregunta por un fallo interno. Prueba de nuevo en un momento.',
    );
  }
}

let fuse: Fuse<CommandDef> | undefined;

/** The two or three closest commands, by name and description (fuse.js: fuzzy matching we need not hand-write). */
export function closestCommands(text: string, limit = 3): CommandDef[] {
  fuse ??= new Fuse([...commands], {
    keys: [
      { name: 'id', weight: 2 },
      { name: 'chatName', weight: 2 },
      { name: 'description', weight: 1 },
    ],
    threshold: 0.5,
    ignoreLocation: true,
  });
  return fuse.search(text.slice(0, 100), { limit }).map((result) => result.item);
}

function unknownCommand(name: unknown): Answer {
  const text = typeof name === 'string' ? quoteInput(name, 40) : '';
  const close = text ? closestCommands(text) : [];
  const hint =
    close.length > 0
      ? ` ¿Quisiste decir ${formatAlternatives(close.map((c) => c.chatName))}?`
      : ' Escribe «ayuda» para ver lo que puedo responder.';
  const answer = failed(null, {}, 'unknown_command', `No conozco la pregunta «${text}».${hint}`);
  if (close.length > 0 && answer.error) answer.error.suggestions = close.map((c) => c.chatName);
  return answer;
}
