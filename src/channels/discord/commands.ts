/**
 * The slash commands, generated from the command registry: one per command,
 * named by its chat name, with the contract's argument names as options, plus
 * `/preguntar` for free Spanish text. Closed sets (months, weekdays,
 * platforms, `tipo`, `tipo_duracion`, genres, chart kinds) are choices with Spanish names;
 * catalog names (titles, people, sagas, companies, countries, languages,
 * ratings) are autocomplete options; years and counts are integers with
 * bounds. test/channels/discord-commands.test.ts checks the list against
 * Discord's rules, so registering it never fails with "Invalid Form Body".
 *
 * No Spanish localizations (`es-ES`, `es-419`): the base names and
 * descriptions are Spanish already, and accented localized names (`película`)
 * would make the command harder to find for people who type without accents.
 */

import { PLATFORM_NAMES } from '../../../commands/common.js';
import { commands } from '../../../commands/index.js';
import type { ArgSpec, CommandDef } from '../../../commands/types.js';
import { CHART_KINDS } from '../../charts/kinds.js';
import { MONTHS, WEEKDAYS } from '../../format.js';
import { genreName, TMDB_GENRES } from '../../text/genres.js';
import { clip } from './limits.js';

/** Free Spanish text through the NLU, the same answer as the terminal chat. */
export const ASK_COMMAND = 'preguntar';
export const ASK_OPTION = 'texto';

/** Discord's option types (discord-api-types' ApplicationCommandOptionType). */
export const OPTION = { string: 3, integer: 4, number: 10 } as const;

export interface SlashChoice {
  name: string;
  value: string | number;
}

export interface SlashOption {
  type: (typeof OPTION)[keyof typeof OPTION];
  name: string;
  description: string;
  required: boolean;
  choices?: SlashChoice[];
  autocomplete?: boolean;
  min_value?: number;
  max_value?: number;
}

export interface SlashCommand {
  /** 1 = a chat input (slash) command. */
  type: 1;
  name: string;
  description: string;
  options: SlashOption[];
}

/**
 * Years: what the argument resolver accepts (commands/args.ts), so Discord
 * never refuses a year the bot would answer; films start in the 1870s.
 */
export const YEAR_MIN = 1870;
export const YEAR_MAX = 2100;

const DESCRIPTION_MAX = 100;

/** Kinds whose values come from the catalog and are offered as you type. */
export const AUTOCOMPLETE_KINDS = new Set<ArgSpec['kind']>([
  'titulo',
  'persona',
  'franquicia',
  'productora',
  'pais',
  'idioma',
  'rating',
]);

/** Every slash command, ready for a bulk PUT. */
export function slashCommands(): SlashCommand[] {
  return [...commands.map(slashCommand), askCommand()];
}

function slashCommand(def: CommandDef): SlashCommand {
  const options = def.args.map(slashOption);
  // Discord wants required options first; the order among each group stays the contract's.
  options.sort((a, b) => Number(b.required) - Number(a.required));
  return { type: 1, name: def.chatName, description: clip(def.description, DESCRIPTION_MAX), options };
}

function askCommand(): SlashCommand {
  return {
    type: 1,
    name: ASK_COMMAND,
    description: 'Pregunta lo que quieras en español, como en el chat: «¿Cuánto dura Toy Story?»',
    options: [
      {
        type: OPTION.string,
        name: ASK_OPTION,
        description: 'Tu pregunta, por ejemplo: «recomiéndame algo como Toy Story»',
        required: true,
      },
    ],
  };
}

function slashOption(spec: ArgSpec): SlashOption {
  const base = { name: spec.name, description: clip(spec.description, DESCRIPTION_MAX), required: spec.required };
  if (AUTOCOMPLETE_KINDS.has(spec.kind)) return { ...base, type: OPTION.string, autocomplete: true };
  switch (spec.kind) {
    case 'mes':
      return { ...base, type: OPTION.integer, choices: MONTHS.map((name, i) => ({ name, value: i + 1 })) };
    case 'dia':
      return { ...base, type: OPTION.integer, choices: WEEKDAYS.map((name, i) => ({ name, value: i + 1 })) };
    case 'anio':
      return { ...base, type: OPTION.integer, min_value: spec.min ?? YEAR_MIN, max_value: spec.max ?? YEAR_MAX };
    case 'entero':
      return withBounds({ ...base, type: OPTION.integer, min_value: spec.min ?? 1 }, spec);
    case 'numero':
      return withBounds({ ...base, type: OPTION.number }, spec);
    case 'plataforma':
      return {
        ...base,
        type: OPTION.string,
        choices: Object.entries(PLATFORM_NAMES).map(([value, name]) => ({ name, value })),
      };
    case 'tipo_duracion':
      return {
        ...base,
        type: OPTION.string,
        choices: [
          { name: 'minutos', value: 'min' },
          { name: 'temporadas', value: 'season' },
        ],
      };
    case 'tipo':
      return {
        ...base,
        type: OPTION.string,
        choices: [
          { name: 'película', value: 'pelicula' },
          { name: 'serie', value: 'serie' },
        ],
      };
    case 'genero':
      return { ...base, type: OPTION.string, choices: genreChoices() };
    case 'grafico':
      // 13 charts (Discord allows 25 choices): their Spanish titles, e.g. «Estrenos por año» → estrenos_anio.
      return {
        ...base,
        type: OPTION.string,
        choices: CHART_KINDS.map((kind) => ({ name: kind.title, value: kind.id })),
      };
    default:
      // A kind added to the registry later still works: typed as text and resolved as usual.
      return { ...base, type: OPTION.string };
  }
}

function withBounds(option: SlashOption, spec: ArgSpec): SlashOption {
  if (spec.min !== undefined) option.min_value = spec.min;
  if (spec.max !== undefined) option.max_value = spec.max;
  return option;
}

/** TMDB's genres, shown by their Spanish names, alphabetically. */
export function genreChoices(): SlashChoice[] {
  return TMDB_GENRES.map((value) => ({ name: genreName(value), value })).sort((a, b) =>
    a.name.localeCompare(b.name, 'es'),
  );
}
