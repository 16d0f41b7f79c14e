/**
 * The shape of a command: one file per command of ../shared/docs/QUESTIONS.md
 * (see commands/index.ts for the registry). Channels (CLI, HTTP, Discord,
 * Telegram, chat) only turn user input into raw arguments, call
 * `runCommand(ctx, id, rawArgs)` and show `answer.text`; they hold no question logic.
 */
import type { Catalog } from '../src/catalog/catalog.js';
import type { Recommender } from '../src/recommend/types.js';
import type { EntitySearch } from '../src/search/types.js';

/** What an argument's raw value is resolved against (shared resolvers in commands/args.ts). */
export type ArgKind =
  | 'mes' // 1..12 from `enero`, `Enero`, `1`, `setiembre`
  | 'dia' // ISO weekday 1..7 from `lunes`, `miércoles`, `miercoles`, `3`
  | 'anio' // integer year
  | 'entero' // a positive integer (e.g. `n` of top_peliculas)
  | 'numero' // a number (`puntaje`), `3,5` or `3.5`
  | 'titulo' // catalog id: tmdb:862 | ns1 | as123 | ds1 | hs1
  | 'persona' // exact catalog name of a person
  | 'franquicia' // exact collection name
  | 'productora' // exact company name
  | 'pais' // ISO 3166-1 alpha-2
  | 'idioma' // ISO 639-1
  | 'plataforma' // amazon | disney | hulu | netflix
  | 'tipo_duracion' // min | season
  | 'tipo' // pelicula | serie
  | 'rating' // audience rating as in the data
  | 'genero' // TMDB genre name as in the data
  | 'grafico'; // a chart id of src/charts/kinds.ts: estrenos_anio, generos, …

export interface ArgSpec {
  /** Canonical argument name from the contract: `mes`, `titulo`, `nombre`, … */
  name: string;
  kind: ArgKind;
  /** Spanish, one line: shown in /ayuda, Discord option descriptions, OpenAPI. */
  description: string;
  required: boolean;
  /** Titles: which catalog the id must come from (omitted: movies first, then streaming). */
  catalog?: 'movies' | 'streaming';
  /** People: which role to search first. */
  role?: 'actor' | 'director';
  min?: number;
  max?: number;
}

export type CanonicalArgs = Record<string, string | number>;

export type AnswerError =
  | 'bad_argument' // a value that cannot be read (mes=13, anio=abc)
  | 'missing_argument'
  | 'not_found' // a title, name, … not in the catalog
  | 'no_data' // the catalog lacks what the question needs (no user scores loaded)
  | 'unknown_command'
  | 'internal_error'; // a bug, not the user's input: the text says so politely, the log has the details

export interface Answer<D = unknown> {
  command: string | null;
  args: CanonicalArgs;
  /** The Spanish sentence shown in chat. */
  text: string;
  /** Machine-readable answer exactly as the contract says; null when not answered. */
  data: D | null;
  ok: boolean;
  error?: {
    code: AnswerError;
    argument?: string;
    /** What to show after «¿Quisiste decir …?» (labels), best first. */
    suggestions?: string[];
    /**
     * The same suggestions with the canonical value each stands for (for `argument`): channels
     * turn them into buttons that re-run the command with that value (`tmdb:862`, a catalog name).
     */
    choices?: Choice[];
  };
  /**
   * A picture that goes with the text (the `grafico` command): channels that can show images
   * render it with src/charts (`ChannelDeps.renderChart`) and send it with the text.
   */
  chart?: ChartRequest;
}

/** Which chart to draw: the chart type and its canonical arguments (filters). */
export interface ChartRequest {
  tipo: string;
  args: CanonicalArgs;
}

/** A value the user can pick: `label` is what a person reads («Toy Story (1995)»), `value` the canonical argument. */
export interface Choice {
  label: string;
  value: string;
}

export interface CommandContext {
  catalog: Catalog;
  search: EntitySearch;
  recommender: Recommender;
}

export interface CommandDef<D = unknown> {
  /** The contract's name: `cantidad_filmaciones_mes`. */
  id: string;
  /** Chat name, Discord- and Telegram-safe: /^[a-z0-9_]{1,32}$/. */
  chatName: string;
  /** Spanish, ≤ 100 characters (Discord's limit). */
  description: string;
  /** One example question in Spanish, for /ayuda and the chat's first message. */
  example: string;
  args: ArgSpec[];
  /**
   * The seeds' FastAPI route name (today equal to `id`), set only on the seeds' 18 commands: the HTTP
   * API also serves them as `/<seedRoute>/<arg1>/<arg2>…` in `args` order, like the seeds did.
   */
  seedRoute?: string;
  /** Runs on canonical, already-validated arguments. Returns the answer; never throws for user input. */
  handler(ctx: CommandContext, args: CanonicalArgs): Answer<D>;
}
