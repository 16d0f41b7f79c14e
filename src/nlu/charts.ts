/**
 * Charts in free Spanish (issue 12): which chart a chart request asks for (the
 * `grafico` slot, from data/charts.json), the role a person's chart searches in,
 * and the chart a person's name alone asks for («gráfico de Steven Spielberg»).
 * The parser stays generic; what only `grafico` needs is here.
 */
import type { CanonicalArgs } from '../../commands/types.js';
import type { Memory } from './conversation.js';
import type { CatalogFacts } from './entities.js';
import { INTENTS, vocabulary } from './grammar.js';
import { loadData } from './lexicon.js';
import { type Hit, invert, PhraseMatcher, type Sentence } from './matcher.js';
import type { Slots } from './slots.js';

export const CHART_COMMAND = 'grafico';

interface ChartWords {
  kinds: Record<string, string[]>;
  fallback: Record<string, string[]>;
  withMoney: Record<string, string>;
}

const words = loadData<ChartWords>('charts.json');
const kindPhrases = new PhraseMatcher(invert(words.kinds), vocabulary);
const fallbackPhrases = new PhraseMatcher(invert(words.fallback), vocabulary);

/**
 * The chart a sentence names: the leftmost kind phrase («duración por género» is the runtime
 * chart), else a fallback one («estrenos» alone); money words turn genres into revenue per genre.
 */
export function findChartKind(sentence: Sentence, concepts: readonly Hit<string>[]): Hit<string> | null {
  const hit = kindPhrases.find(sentence)[0] ?? fallbackPhrases.find(sentence)[0];
  if (!hit) return null;
  const withMoney = words.withMoney[hit.value];
  return withMoney && concepts.some((c) => c.value === 'MONEY') ? { ...hit, value: withMoney } : hit;
}

type Role = 'actor' | 'director';

/** The charts of one person's films, by the role they are about. */
const PERSON_CHARTS: Record<string, Role> = { director: 'director', actor: 'actor' };

/** The role a chart's person is searched in (undefined: any person, or not a person's chart). */
export function chartRole(kind: unknown): Role | undefined {
  return typeof kind === 'string' ? PERSON_CHARTS[kind] : undefined;
}

function needsName(kind: unknown): boolean {
  return chartRole(kind) !== undefined;
}

/**
 * Words that matched no person still go to the command when the chart named needs a person
 * («gráfico del director Pepito Grillo»: the command says it does not know him); otherwise they
 * were not a name («gráfico bonito de géneros»).
 */
export function keepsUnmatchedName(slots: Slots): boolean {
  return needsName(slots.grafico?.value);
}

/**
 * Whether a chart request without a name is about the conversation's last person: when it names
 * no chart («muéstramelo en un gráfico» after «¿qué dirigió Clint Eastwood?») or a person's chart,
 * and it does not just repeat a chart of something else («otro gráfico» after genres).
 */
export function wantsRememberedPerson(slots: Slots, memory: Memory | undefined): boolean {
  const kind = slots.grafico?.value;
  if (kind !== undefined) return needsName(kind);
  const previous = memory?.frame;
  return previous?.command !== CHART_COMMAND || needsName(previous.args.tipo);
}

/**
 * A chart request that named a person (or took one from the conversation) but no chart: the
 * person's chart (`kindForPerson`), whatever chart the conversation had before.
 */
export function completeChartKind(
  built: { args: CanonicalArgs; fromMemory: string[] },
  slots: Slots,
  personFound: boolean,
  facts: CatalogFacts,
  previous?: Memory['frame'],
): void {
  if (slots.grafico || !personFound) return;
  const kind = kindForPerson(built.args, facts, previous);
  if (!kind) return;
  built.args.tipo = kind;
  built.fromMemory = built.fromMemory.filter((name) => name !== 'tipo');
}

/**
 * A chart's `tipo` when the sentence named a person but no chart kind: the role the conversation
 * was about («¿qué dirigió Clint Eastwood?» → «muéstramelo en un gráfico»), else the role with
 * more films in the catalog (films they directed count as directed, as get_actor leaves them out).
 */
export function kindForPerson(
  args: CanonicalArgs,
  facts: CatalogFacts,
  previous?: Memory['frame'],
): string | undefined {
  const name = args.nombre;
  if (typeof name !== 'string') return undefined;
  const said = previous && previous.args.nombre === name ? INTENTS[previous.command]?.role : undefined;
  if (said) return said;
  const { directed, acted } = facts.filmsOf(name);
  if (directed === 0 && acted === 0) return undefined;
  return directed >= acted ? 'director' : 'actor';
}
