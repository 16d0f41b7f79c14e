/**
 * docs/comandos.md, generated from the command registry (`npx filmoteca docs`, in
 * src/channels/cli-run.ts), so a
 * clone without ../shared still has the contract: per command its name, chat name,
 * arguments (kind, required, description, an example value) and the keys of its
 * answer's `data`. test/docs/comandos.test.ts fails when the file is stale.
 *
 * The examples are real: each command's own example question is parsed by the NLU on
 * the demo catalog (data/demo) and run; the arguments it yields are the examples, and
 * the answer's `data` gives the keys. So the page cannot show an argument or a key the
 * code does not have.
 */

import { titleInfo, titleWithYear } from '../commands/common.js';
import { commands, runCommand } from '../commands/index.js';
import type { ArgKind, CanonicalArgs, CommandContext, CommandDef } from '../commands/types.js';
import { CHART_KINDS } from './charts/kinds.js';

export const DOC_PATH = new URL('../docs/comandos.md', import.meta.url);

/** What each kind of argument takes, and the canonical value it becomes (commands/args.ts). */
const KINDS: Record<ArgKind, string> = {
  mes: 'un mes: `enero` … `diciembre` (también `setiembre`, o en inglés) o `1` … `12` → `1` … `12`',
  dia: 'un día de la semana: `lunes` … `domingo` (o en inglés) o `1` (lunes) … `7` (domingo) → `1` … `7`',
  anio: 'un año, como `2018`',
  entero: 'un número entero, como `5`',
  numero: 'un número, con coma o punto decimal: `3,5` o `3.5` → `3.5`',
  titulo:
    'un título como se escribe (sin importar mayúsculas ni tildes; erratas corregidas cuando no hay duda), con el año para elegir entre iguales (`Titanic (1953)`), o un id del catálogo (`tmdb:862`, `ns1`) → el id',
  persona:
    'el nombre de una persona del catálogo (erratas corregidas cuando no hay duda) → el nombre como en el catálogo',
  franquicia: 'una saga o colección (`Toy Story` vale por `Toy Story Collection`) → el nombre como en el catálogo',
  productora: 'una productora (`pixar`) → el nombre como en el catálogo (`Pixar Animation Studios`)',
  pais: 'un país: nombre en español o en inglés (`Francia`, `France`) o código ISO 3166-1 (`FR`) → el código',
  idioma: 'un idioma: nombre en español o en inglés (`francés`) o código ISO 639-1 (`fr`) → el código',
  plataforma: '`netflix`, `amazon` (Amazon Prime Video), `disney` (Disney+) o `hulu`',
  tipo_duracion: '`min` (minutos) o `season` (temporadas)',
  tipo: '`pelicula` o `serie`',
  rating: 'una clasificación por edades como en los datos: `TV-MA`, `PG-13`, `13+`…',
  genero: 'un género en español o en inglés (`comedia`, `terror`, `Animation`) → el nombre de TMDB (`Comedy`)',
  grafico: `un tipo de gráfico: ${CHART_KINDS.map((k) => `\`${k.id}\``).join(', ')}`,
};

/** `{titulo, recomendaciones: [{id, titulo}]}`: the keys of a value, as QUESTIONS.md writes them. */
export function shapeOf(value: unknown): string {
  if (Array.isArray(value)) return `[${shapeOf(value[0]) || '…'}]`;
  if (value === null || typeof value !== 'object') return '';
  const keys = Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
    const shape = shapeOf(inner);
    return shape ? `${key}: ${shape}` : key;
  });
  return `{${keys.join(', ')}}`;
}

/** A canonical value as a user would type it: titles by name and year, the rest as they are. */
function shown(ctx: CommandContext, kind: ArgKind, value: string | number): string {
  if (kind !== 'titulo' || typeof value !== 'string') return String(value);
  const info = titleInfo(ctx.catalog.db, value);
  return titleWithYear(info.titulo, info.anio);
}

interface Example {
  args: CanonicalArgs;
  data: unknown;
}

/** The command's example question, parsed and answered on `ctx` (null when the NLU reads it as another command). */
function exampleOf(
  ctx: CommandContext,
  parse: (text: string) => { command: string | null; args: CanonicalArgs },
  def: CommandDef,
): Example | null {
  const frame = parse(def.example);
  if (frame.command !== def.id) return null;
  const answer = runCommand(ctx, def.id, frame.args);
  return { args: answer.ok ? answer.args : frame.args, data: answer.data };
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** A Markdown table with its columns padded to one width, as the project's formatter (Biome) writes it. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const width = (text: string) => Array.from(text).length;
  const widths = header.map((h, i) => Math.max(width(h), 3, ...rows.map((row) => width(row[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] as number) - width(c))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function section(ctx: CommandContext, def: CommandDef, example: Example | null): string {
  const lines = [`## \`${def.id}\``, '', `${def.description}.`, ''];
  lines.push(`- En el chat: \`/${def.chatName}\`, o en español libre, por ejemplo «${def.example}»`);
  const typed = def.args
    .filter((a) => example?.args[a.name] !== undefined)
    .map((a) => [a.name, shown(ctx, a.kind, example?.args[a.name] as string | number)] as const);
  const flags = typed.map(([name, value]) => `--${name} ${/[\s()']/.test(value) ? `"${value}"` : value}`);
  lines.push(`- Terminal: \`npx filmoteca run ${[def.id, ...flags].join(' ')}\``);
  const query = typed.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  lines.push(`- HTTP: \`GET /api/${def.id}${query ? `?${query}` : ''}\``);
  if (def.seedRoute && typed.length === def.args.length)
    lines.push(`  (o \`GET /${[def.seedRoute, ...typed.map(([, value]) => encodeURIComponent(value))].join('/')}\`)`);
  lines.push('');
  if (def.args.length > 0) {
    const rows = def.args.map((a) => {
      const value = example?.args[a.name];
      const shownValue = value === undefined ? '—' : `\`${cell(shown(ctx, a.kind, value))}\``;
      return [`\`${a.name}\``, `\`${a.kind}\``, a.required ? 'sí' : 'no', cell(a.description), shownValue];
    });
    lines.push(...table(['argumento', 'tipo', 'obligatorio', 'qué es', 'ejemplo'], rows));
  } else lines.push('Sin argumentos.');
  const shape = example ? shapeOf(example.data) : '';
  lines.push('', `Respuesta, claves de \`data\`: ${shape ? `\`${shape}\`` : '—'}`, '');
  return lines.join('\n');
}

/** The whole page. `parse` is the NLU's (src/nlu), on the demo catalog for the published page. */
export function commandsMarkdown(
  ctx: CommandContext,
  parse: (text: string) => { command: string | null; args: CanonicalArgs },
): string {
  const kinds = [...new Set(commands.flatMap((def) => def.args.map((a) => a.kind)))];
  return [
    '# Las preguntas de Filmoteca',
    '',
    '<!-- Generado por `npx filmoteca docs` desde el registro de órdenes (commands/). No lo edites a mano:',
    '     test/docs/comandos.test.ts falla cuando no coincide con el código. -->',
    '',
    `${commands.length} órdenes. Cada una se pregunta igual por todos los canales: en la terminal`,
    '(`npx filmoteca run <orden> --<argumento> <valor>`), por HTTP (`GET /api/<orden>?<argumento>=<valor>`),',
    'en el chat (`/<nombre en el chat>`) o en español libre (`npx filmoteca ask "…"`, `POST /api/ask`).',
    'Todas responden con el mismo objeto: `{command, args, text, data, ok, error?}`; `text` es la frase en',
    'español y `data`, los datos (sus claves, abajo). Los ejemplos son respuestas reales sobre el catálogo de',
    'demostración (`data/demo`).',
    '',
    '## Tipos de argumento',
    '',
    ...table(
      ['tipo', 'acepta'],
      kinds.map((kind) => [`\`${kind}\``, cell(KINDS[kind])]),
    ),
    '',
    ...commands.map((def) => section(ctx, def, exampleOf(ctx, parse, def))),
  ].join('\n');
}
