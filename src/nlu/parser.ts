/**
 * Free Spanish text → { command, canonical args, confidence, alternatives }.
 * Steps: tokens (numbers in words merged) → cue concepts and catalog-free
 * arguments → cue score per command → entity lookups for the best candidates
 * → the winner, and the near-misses as alternatives.
 */
import { getCommand } from '../../commands/index.js';
import type { ArgKind, ArgSpec, CanonicalArgs, CommandContext } from '../../commands/types.js';
import type { Match } from '../search/types.js';
import { normalizeKey, normalizeWords } from '../text/normalize.js';
import { CHART_COMMAND, chartRole, completeChartKind, keepsUnmatchedName, wantsRememberedPerson } from './charts.js';
import type { Memory } from './conversation.js';
import {
  ACCEPT_SCORE,
  CatalogFacts,
  candidateSpans,
  type EntityArg,
  type EntityFound,
  EntityResolver,
  NAME_ENDINGS,
} from './entities.js';
import { concepts, INTENTS, type IntentSpec, NOISE, NOISE_PHRASES, STOP, vocabulary } from './grammar.js';
import {
  ALTERNATIVE_MARGIN,
  type CueScore,
  confidenceOf,
  cueScores,
  entityScore,
  MAX_ENTITY_BONUS,
  MIN_TOTAL,
  NAMES_THE_QUESTION,
  STRONG_CUE,
} from './intent.js';
import type { Hit, Sentence } from './matcher.js';
import { findSlots, type SlotName, type Slots } from './slots.js';
import { tokenize } from './tokens.js';

/** QUESTIONS.md: over 500 characters is over-long input, answered calmly without parsing. */
export const MAX_TEXT_LENGTH = 500;
/** Entity lookups per sentence: the best few candidates by cue score are enough, and it bounds latency. */
const ENTITY_CANDIDATES = 10;
/** Spans tried for a command the sentence barely points to ("Toy Story" alone)… */
const WEAK_CUE_SPANS = 2;
/** …and when cue words point to another command: then a bare-entity reading is a long shot, worth one search. */
const LONG_SHOT_SPANS = 1;

export interface Reading {
  command: string;
  args: CanonicalArgs;
  confidence: number;
}

export interface ParseResult {
  text: string;
  command: string | null;
  args: CanonicalArgs;
  confidence: number;
  alternatives: Reading[];
  /** Why nothing was chosen (not part of the contract's frame; helps the reply). */
  reason?: 'empty' | 'too_long' | 'not_understood';
  /** The entity behind `args`, for the reply: what was typed and what it matched. */
  entity?: { arg: EntityArg; typed: string; matches: Match[]; resolved: boolean };
  /** Commands that came closest, best first (for "no entendí" replies). */
  closest: string[];
  /**
   * What came from the conversation's memory, not from this text: argument names, and
   * `comando` when the command itself is the previous turn's («¿y en marzo?»).
   */
  context?: string[];
  /** Values the user gave that the chosen command cannot take: the answer says so (never a silently dropped word). */
  unused?: UnusedSlot[];
}

export interface UnusedSlot {
  slot: SlotName;
  value: string | number;
}

/** Which slot feeds each catalog-free argument kind. */
const SLOT_OF_KIND: Partial<Record<ArgKind, SlotName>> = {
  mes: 'mes',
  dia: 'dia',
  anio: 'anio',
  entero: 'n',
  numero: 'puntaje',
  pais: 'pais',
  idioma: 'idioma',
  plataforma: 'plataforma',
  tipo_duracion: 'tipo_duracion',
  tipo: 'tipo',
  rating: 'rating',
  genero: 'genero',
  grafico: 'grafico',
};

/** The slot that feeds an argument: by its kind, but a year range's ends by name (`desde` and `hasta` are years too). */
function slotOf(spec: Pick<ArgSpec, 'name' | 'kind'>): SlotName | undefined {
  if (spec.kind === 'anio' && (spec.name === 'desde' || spec.name === 'hasta')) return spec.name;
  return SLOT_OF_KIND[spec.kind];
}

/** Slots whose words are never part of a name or title (a year is a title's year option). */
const NEVER_IN_NAMES: SlotName[] = [
  'anio',
  'desde',
  'hasta',
  'mes',
  'dia',
  'plataforma',
  'rating',
  'n',
  'puntaje',
  'idioma',
  'grafico',
];

interface Analysis {
  text: string;
  sentence: Sentence;
  concepts: Hit<string>[];
  slots: Slots;
  /** Token indexes used by cue words and politeness phrases. */
  cueTokens: Set<number>;
  features: Set<string>;
}

interface Candidate extends CueScore {
  total: number;
  entity?: EntityFound | null;
  resolved?: boolean;
  /** The entity is the conversation's last one of its kind (the sentence named none). */
  entityFromMemory?: boolean;
}

/** Parses a text; with a conversation's memory, follow-ups are read against it. */
export type FrameParser = (text: unknown, memory?: Memory) => ParseResult;

export function createParser(ctx: CommandContext): FrameParser {
  const ratings = catalogRatings(ctx);
  const facts = new CatalogFacts(ctx.catalog.db);
  return (input, memory) => {
    const text = typeof input === 'string' ? input : '';
    const empty: ParseResult = { text, command: null, args: {}, confidence: 0, alternatives: [], closest: [] };
    if (text.length > MAX_TEXT_LENGTH) return { ...empty, reason: 'too_long' };
    // After a chart, «¿y por mes?» names another chart: its kind words are read then too.
    const analysis = analyse(text, ratings, memory?.frame?.command === CHART_COMMAND);
    if (!analysis) return { ...empty, reason: 'empty' };
    const resolver = new EntityResolver(ctx.search, facts);
    const result = decide(analysis, resolver, facts, empty, memory);
    const followed = memory ? followUp(analysis, resolver, facts, memory, result) : null;
    const chosen = followed ?? result;
    if (chosen.command) {
      // «gráfico de pastel»: the words no reader claimed are the chart asked for, and the command says it has none such.
      const unnamedChart = chosen === result && chosen.command === CHART_COMMAND && chosen.args.tipo === undefined;
      const consumed = unnamedChart ? fillFromLeftovers(CHART_COMMAND, analysis, chosen.args, text, true) : [];
      const unused = unusedSlots(chosen, withoutSlots(analysis, consumed));
      if (unused.length > 0) chosen.unused = unused;
    }
    return chosen;
  };
}

/**
 * The arguments of one named command in a text: `/duracion toy stori`, `/duracion_max netflix 2018`
 * on a chat channel. The same slot and entity reading as a free question, with the command fixed
 * (the user named it, as strongly as a cue can): nothing else is considered, and a value the
 * command cannot take is reported like in a free question.
 */
export type CommandArgsReader = (command: string, text: unknown) => ParseResult;

export function createCommandArgsReader(ctx: CommandContext): CommandArgsReader {
  const ratings = catalogRatings(ctx);
  const facts = new CatalogFacts(ctx.catalog.db);
  return (command, input) => {
    const text = typeof input === 'string' ? input : '';
    const spec = INTENTS[command];
    const result: ParseResult = { text, command, args: {}, confidence: 1, alternatives: [], closest: [] };
    if (!spec) return { ...result, command: null, confidence: 0, reason: 'not_understood' };
    if (text.length > MAX_TEXT_LENGTH) return { ...result, command: null, confidence: 0, reason: 'too_long' };
    const analysis = analyse(text, ratings, command === CHART_COMMAND);
    const slots = analysis?.slots ?? {};
    const named: Candidate = {
      id: command,
      spec,
      cue: STRONG_CUE,
      asked: STRONG_CUE,
      askedByWords: STRONG_CUE,
      fromMemory: [],
      total: STRONG_CUE,
    };
    if (analysis && spec.entity) {
      const resolver = new EntityResolver(ctx.search, facts);
      named.entity = findEntity(analysis, named, resolver, { searchedOnly: false, weakSpans: LONG_SHOT_SPANS }) ?? null;
      named.resolved = entityScore(named.entity, named.asked, spec).resolved;
      if (named.entity && (named.resolved || !spec.entityOptional || keepsUnmatchedName(slots)))
        result.entity = {
          arg: spec.entity,
          typed: named.entity.query,
          matches: named.entity.matches,
          resolved: named.resolved,
        };
    }
    const built = buildArgs(named, slots);
    if (command === CHART_COMMAND) completeChartKind(built, slots, named.resolved === true, facts);
    result.args = built.args;
    if (analysis) {
      // A value no reader claimed fills the missing argument as typed (a required entity keeps its own words).
      const ownWords = spec.entity && !spec.entityOptional;
      const consumed = ownWords ? [] : fillFromLeftovers(command, analysis, result.args, text);
      const unused = unusedSlots(result, withoutSlots(analysis, consumed));
      if (unused.length > 0) result.unused = unused;
    }
    return result;
  };
}

/**
 * A named command's values the slot readers did not claim for it: bare numbers fill its number
 * arguments in order («/puntaje_plataforma netflix 2018 3,5», «/top 3 comedia»), and the other
 * words its one missing required argument, as typed (the registry then reads «francés» as a
 * language, or says it does not know «klingon»: a word is never dropped). Returns the slots
 * whose words were used this way (they are not reported as unused). `freeText`: a free question,
 * where politeness («muéstrame», «porfa») is not a value.
 */
function fillFromLeftovers(
  command: string,
  analysis: Analysis,
  args: CanonicalArgs,
  original: string,
  freeText = false,
): SlotName[] {
  const def = getCommand(command);
  if (!def) return [];
  const taken = new Set<number>(analysis.cueTokens);
  const tokens = analysis.sentence.tokens;
  if (freeText) for (const [i, token] of tokens.entries()) if (NOISE.has(token.word)) taken.add(i);
  const slotOfArg = new Set(def.args.map(slotOf));
  for (const [name, hit] of Object.entries(analysis.slots) as [SlotName, Hit<unknown>][])
    if (slotOfArg.has(name)) for (let i = hit.from; i < hit.to; i++) taken.add(i);
  let free = tokens.map((_, i) => i).filter((i) => !taken.has(i) && !STOP.has(tokens[i]?.word ?? ''));
  const used = new Set<number>();
  for (const spec of def.args) {
    if (args[spec.name] !== undefined || (spec.kind !== 'numero' && spec.kind !== 'entero')) continue;
    const number = free.find((i) => tokens[i]?.num !== undefined);
    if (number === undefined) break;
    args[spec.name] = tokens[number]?.num as number;
    used.add(number);
    free = free.filter((i) => i !== number);
  }
  const missing = def.args.filter((a) => a.required && args[a.name] === undefined);
  const [first, last] = [tokens[free[0] ?? -1], tokens[free.at(-1) ?? -1]];
  if (missing.length === 1 && first && last) {
    // Nothing else claimed a word: the text exactly as typed (it is echoed back); else the free stretch.
    const all = taken.size === 0 && free.length === tokens.filter((t) => !STOP.has(t.word)).length;
    args[(missing[0] as ArgSpec).name] = all ? original.trim() : analysis.text.slice(first.start, last.end);
    for (const i of free) used.add(i);
  }
  return (Object.entries(analysis.slots) as [SlotName, Hit<unknown>][])
    .filter(([, hit]) => Array.from({ length: hit.to - hit.from }, (_, k) => hit.from + k).some((i) => used.has(i)))
    .map(([name]) => name);
}

/** The analysis without some slots (their words filled an argument as typed). */
function withoutSlots(analysis: Analysis, names: readonly SlotName[]): Analysis {
  if (names.length === 0) return analysis;
  const slots = { ...analysis.slots };
  for (const name of names) delete slots[name];
  return { ...analysis, slots };
}

/** The audience ratings present in the catalog, by lower-case form (`tv-ma` → `TV-MA`). */
function catalogRatings(ctx: CommandContext): Map<string, string> {
  const rows = ctx.catalog.db.prepare('SELECT DISTINCT rating FROM titles').all() as { rating: string }[];
  return new Map(rows.map((r) => [normalizeKey(r.rating), r.rating]));
}

/** `chart`: read a chart's kind words even without a chart cue (a follow-up of a chart, or `/grafico …`). */
function analyse(text: string, ratings: ReadonlyMap<string, string>, chart = false): Analysis | null {
  // Control characters become spaces: they carry nothing and must not glue words together.
  const normalized = normalizeKey(text.replace(/\p{Cc}/gu, ' '));
  const tokens = tokenize(normalized);
  if (tokens.length === 0) return null;
  const sentence: Sentence = { tokens, typos: tokens.map((t) => vocabulary.typosOf(t.word)) };
  const conceptHits = concepts.find(sentence);
  const asksForChart = chart || conceptHits.some((c) => c.value === 'CHART');
  const slots = findSlots(sentence, { concepts: conceptHits, ratings, chart: asksForChart });
  const cueTokens = new Set<number>();
  for (const hit of [...conceptHits, ...NOISE_PHRASES.find(sentence)]) {
    // Off-topic words stay free: they may be words of a title («El libro de la selva»).
    if (hit.value === 'OFFTOPIC') continue;
    for (let i = hit.from; i < hit.to; i++) cueTokens.add(i);
  }
  const features = new Set<string>(conceptHits.map((c) => c.value));
  for (const [name, hit] of Object.entries(slots)) {
    features.add(`@${name}`);
    if (name === 'tipo' && hit?.value === 'serie') features.add('@tipo_serie');
  }
  const onlyChatter = tokens.every((t, i) => cueTokens.has(i) || NOISE.has(t.word) || STOP.has(t.word));
  if (onlyChatter) features.add('@nothing_else');
  return { text: normalized, sentence, concepts: conceptHits, slots, cueTokens, features };
}

/**
 * Words that point to no question of their own: a turn made only of these and of values
 * («¿y las series?», «¿y en Amazon?», «¿y del 95?») continues the previous question.
 */
const GENERIC_CONCEPTS = new Set([
  'MOVIE',
  'SERIES',
  'CONTENT',
  'PLATFORM_WORD',
  'YEAR_WORD',
  'GREETING',
  'WITH',
  'COUNTRY_CUE',
  'LANG_CUE',
  'RATING_CUE',
]);
/** Words that open a follow-up: «¿y en marzo?», «entonces las de 2016». */
const FOLLOW_UP_OPENERS = new Set(['y', 'e', 'entonces', 'tambien', 'ahora', 'igual']);

function namesOwnQuestion(analysis: Analysis): boolean {
  return analysis.concepts.some((c) => !GENERIC_CONCEPTS.has(c.value) && c.value !== 'OFFTOPIC');
}

function opensFollowUp(analysis: Analysis): boolean {
  return FOLLOW_UP_OPENERS.has(analysis.sentence.tokens[0]?.word ?? '');
}

function decide(
  analysis: Analysis,
  resolver: EntityResolver,
  facts: CatalogFacts,
  empty: ParseResult,
  memory?: Memory,
): ParseResult {
  const present = new Set(Object.keys(analysis.slots));
  const remembered = memory ? rememberedSlots(memory) : {};
  const scored = cueScores(analysis.features, present, new Set(Object.keys(remembered)));
  const candidates: Candidate[] = scored.map((s) => ({ ...s, total: s.cue }));
  const worthLooking = (c: Candidate) => c.spec.entity && (c.asked > 0 || (c.spec.prior ?? 0) > 0);
  // Best total so far; a candidate whose cue plus the best possible entity cannot come near it is not
  // looked up (each lookup is a catalog search: the main cost of a parse).
  let leader = Math.max(0, ...candidates.filter((c) => !c.spec.entity).map((c) => c.cue));
  // How far below the leader a candidate may still win: by weight, when the leader's entity is inexact
  // (see byTotalThenWeight).
  let tieRoom = 0;
  const weakSpans = candidates.some((c) => c.asked >= 1) ? LONG_SHOT_SPANS : WEAK_CUE_SPANS;
  for (const candidate of candidates.filter(worthLooking).slice(0, ENTITY_CANDIDATES)) {
    if (candidate.cue + MAX_ENTITY_BONUS < Math.max(MIN_TOTAL, leader - ALTERNATIVE_MARGIN)) continue;
    // A command that cannot overtake the leader even with a perfect entity can only be an alternative:
    // it is judged on the searches already made (same kind, same cut), never on a new one. A tie does
    // not overtake: candidates come by cue, best first, and the sort below is stable, so on equal totals
    // the leader (looked up earlier, or a command without entity and a higher cue) stays first.
    const canWin = candidate.cue + MAX_ENTITY_BONUS > leader - tieRoom;
    let found = findEntity(analysis, candidate, resolver, { searchedOnly: !canWin, weakSpans });
    if (found === undefined) continue;
    // No name in the sentence, but its words ask for this question («¿cuánto dura?», «y su popularidad»):
    // the conversation's last entity of that kind.
    const last = candidate.spec.entity ? memory?.entities[candidate.spec.entity] : undefined;
    // An optional entity whose words matched nothing counts as no entity: those words were something else.
    const none =
      found === null ||
      (candidate.spec.entityOptional && !entityScore(found, candidate.asked, candidate.spec).resolved);
    const rememberIt = !candidate.spec.entityOptional || wantsRememberedPerson(analysis.slots, memory);
    if (none && last && rememberIt && candidate.askedByWords >= NAMES_THE_QUESTION) {
      found = rememberedEntity(candidate.spec.entity as EntityArg, last);
      candidate.entityFromMemory = true;
    }
    const { bonus, resolved } = entityScore(found, candidate.asked, candidate.spec);
    candidate.entity = found;
    candidate.resolved = resolved;
    candidate.total = candidate.cue + bonus;
    if (candidate.total > leader) {
      leader = candidate.total;
      tieRoom = inexactEntity(candidate) ? ENTITY_TIE : 0;
    }
  }
  // Commands with an entity that were not looked up cannot be judged, and an entity alone does not ask
  // for a command that nothing in the sentence (no cue, no prior) points to: leave both out.
  const judged = candidates.filter(
    (c) => !c.spec.entity || (c.entity !== undefined && (c.asked > 0 || (c.spec.prior ?? 0) > 0)),
  );
  if (analysis.features.has('OFFTOPIC')) penalizeOffTopic(judged);
  byTotalThenWeight(judged);
  const closest = judged.filter((c) => c.asked > 0).map((c) => c.id);
  const best = judged[0];
  if (!best || best.total < MIN_TOTAL) return { ...empty, reason: 'not_understood', closest };
  const runnerUp = judged[1]?.total;
  const built = buildArgs(best, analysis.slots, { remembered });
  if (best.id === CHART_COMMAND) completeChartKind(built, analysis.slots, best.resolved === true, facts, memory?.frame);
  const result: ParseResult = {
    ...empty,
    command: best.id,
    args: built.args,
    confidence: confidenceOf(best.total, runnerUp),
    closest,
  };
  const context = [...built.fromMemory];
  if (best.entityFromMemory && best.spec.entity) context.unshift(best.spec.entity);
  if (context.length > 0) result.context = context;
  const entityGoesOn = best.resolved || !best.spec.entityOptional || keepsUnmatchedName(analysis.slots);
  if (best.spec.entity && best.entity && !best.entityFromMemory && entityGoesOn) {
    result.entity = {
      arg: best.spec.entity,
      typed: best.entity.query,
      matches: best.entity.matches,
      resolved: best.resolved === true,
    };
  }
  result.alternatives = alternatives(best, judged, analysis.slots);
  return result;
}

/**
 * «recomiéndame un libro», «el mejor restaurante de Madrid»: a cue word, but the thing asked
 * for is not in the catalog. Such a sentence is a command only when it names a catalog entry
 * exactly («algo como El libro de la selva»).
 */
const OFF_TOPIC_PENALTY = 4;
const OFF_TOPIC_ENTITY_SCORE = 0.95;

function penalizeOffTopic(judged: Candidate[]): void {
  for (const c of judged) {
    const exactEntity = c.resolved === true && !c.entityFromMemory && (c.entity?.score ?? 0) >= OFF_TOPIC_ENTITY_SCORE;
    if (!exactEntity) c.total -= OFF_TOPIC_PENALTY;
  }
}

/** Entity scores this close (× ENTITY_WEIGHT in the total) count as equally good matches. */
const ENTITY_TIE = 0.03;

function inexactEntity(c: Candidate): boolean {
  return c.resolved === true && (c.entity?.score ?? 1) < 1;
}

/**
 * Best total first; but two readings whose entities match equally well (neither exactly,
 * totals within ENTITY_TIE) go by the entity's weight, as QUESTIONS.md ranks equal title
 * matches by votes: "¿cuánto ganó Fox?" is the studio with hundreds of films, not the saga
 * "The Fox and the Hound", though "Fox" is a whole word of both names.
 */
function byTotalThenWeight(judged: Candidate[]): void {
  judged.sort((a, b) => b.total - a.total);
  const [first, second] = judged;
  if (!first || !second || !inexactEntity(first) || !inexactEntity(second)) return;
  if (first.total - second.total > ENTITY_TIE) return;
  const weight = (c: Candidate) => c.entity?.matches[0]?.weight ?? 0;
  if (weight(second) > weight(first)) [judged[0], judged[1]] = [second, first];
}

/** Token indexes no name can use: cue words, and values that are never part of a name. */
function usedTokens(analysis: Analysis, slotNames: readonly SlotName[]): Set<number> {
  const used = new Set(analysis.cueTokens);
  for (const name of slotNames) {
    const hit = analysis.slots[name];
    if (hit) for (let i = hit.from; i < hit.to; i++) used.add(i);
  }
  return used;
}

function findEntity(
  analysis: Analysis,
  candidate: Candidate,
  resolver: EntityResolver,
  limits: { searchedOnly: boolean; weakSpans: number },
): EntityFound | null | undefined {
  const { slots, sentence } = analysis;
  const used = usedTokens(analysis, NEVER_IN_NAMES);
  // «películas de España»: a country standing alone is a country before it is a company or a title
  // (Canal+ España); inside a longer name it stays a word of the name («Michael B. Jordan»).
  const country = slots.pais;
  if (country && standsAlone(analysis, country, used)) for (let i = country.from; i < country.to; i++) used.add(i);
  const spans = candidateSpans(analysis.text, sentence.tokens, used);
  if (spans.length === 0) return null;
  const arg = candidate.spec.entity as EntityArg;
  const spec = getCommand(candidate.id)?.args.find((a) => a.name === arg);
  return resolver.resolve(
    {
      arg,
      role: candidate.spec.role ?? chartRole(slots.grafico?.value),
      catalog: spec?.catalog,
      platform: slots.plataforma?.value as string | undefined,
      year: slots.anio?.value as number | undefined,
    },
    // Without a clear cue only the likeliest cuts are worth a search each ("Toy Story" alone).
    candidate.asked >= 1 ? spans : spans.slice(0, limits.weakSpans),
    limits.searchedOnly,
  );
}

/**
 * No free content word right before or after the hit (only cue, value, stop or noise words, or the
 * edges); a word that ends names («Jersey Films») makes it part of a name.
 */
function standsAlone(analysis: Analysis, hit: Hit<unknown>, used: ReadonlySet<number>): boolean {
  const free = (i: number) => {
    const token = analysis.sentence.tokens[i];
    if (token && NAME_ENDINGS.has(token.word)) return true;
    return token !== undefined && !used.has(i) && !STOP.has(token.word) && !NOISE.has(token.word);
  };
  return !free(hit.from - 1) && !free(hit.to);
}

/** The conversation's entity as a perfect match of the asked kind. */
function rememberedEntity(arg: EntityArg, last: NonNullable<Memory['entities'][EntityArg]>): EntityFound {
  const kind =
    arg === 'titulo' ? 'title' : arg === 'nombre' ? 'person' : arg === 'franquicia' ? 'collection' : 'company';
  const match: Match = { kind, id: last.value, name: last.label, score: REMEMBERED_SCORE };
  if (last.year !== undefined) match.year = last.year;
  return { query: last.label, matches: [match], score: REMEMBERED_SCORE };
}

/** A remembered entity counts a little less than one typed exactly (a name in the sentence wins). */
const REMEMBERED_SCORE = 0.9;

/** The previous frame's catalog-free values, by slot (for missing required arguments), plus the last platform. */
function rememberedSlots(memory: Memory): Partial<Record<SlotName, string | number>> {
  const values: Partial<Record<SlotName, string | number>> = {};
  const frame = memory.frame;
  for (const spec of (frame && getCommand(frame.command)?.args) ?? []) {
    const slot = slotOf(spec);
    const value = frame?.args[spec.name];
    if (slot && value !== undefined) values[slot] = value;
  }
  if (memory.plataforma && values.plataforma === undefined) values.plataforma = memory.plataforma;
  return values;
}

interface BuiltArgs {
  args: CanonicalArgs;
  /** Names of the arguments whose value came from the conversation. */
  fromMemory: string[];
}

/**
 * The command's canonical arguments: entity, then catalog-free slots by kind, then (a new
 * question that lacks a required value) the conversation's, then documented defaults.
 */
function buildArgs(
  candidate: Candidate,
  slots: Slots,
  extra: { entityMatch?: Match; remembered?: Partial<Record<SlotName, string | number>> } = {},
): BuiltArgs {
  const args: CanonicalArgs = {};
  const fromMemory: string[] = [];
  const def = getCommand(candidate.id);
  for (const spec of def?.args ?? []) {
    if (spec.name === candidate.spec.entity) {
      const entity = candidate.entity;
      if (!entity) continue;
      // An optional entity's words that matched nothing were not a name (unless the question needs one).
      if (candidate.spec.entityOptional && !candidate.resolved && !keepsUnmatchedName(slots)) continue;
      const match = extra.entityMatch ?? entity.matches[0];
      args[spec.name] = candidate.resolved && match ? match.id : entity.query;
      // A year the user gave that the matched title does not have: the title and year go as text, so the
      // command says there is no such film (commands/args.ts) rather than answering about another one.
      const year = slots.anio?.value;
      const yearIsTitles = spec.kind === 'titulo' && !def?.args.some((a) => a.kind === 'anio');
      if (!extra.entityMatch && yearIsTitles && match?.kind === 'title' && year !== undefined && match.year !== year)
        args[spec.name] = `${match.name} (${year})`;
      continue;
    }
    const slot = slotOf(spec);
    const value = slot ? slots[slot]?.value : undefined;
    const remembered = slot && spec.required ? extra.remembered?.[slot] : undefined;
    if (value !== undefined) args[spec.name] = value;
    else if (remembered !== undefined && candidate.askedByWords >= NAMES_THE_QUESTION) {
      args[spec.name] = remembered;
      fromMemory.push(spec.name);
    }
  }
  applyDefaults(candidate.spec, args, slots);
  return { args, fromMemory };
}

/**
 * Documented defaults (intents.json): `defaults` for what the user did not say, `seriesDefaults`
 * when the question is about series (the series with most seasons), and `omitDefaults` left out
 * so the seeds' frames stay as they were («¿cuántas películas tiene Netflix?» has no `tipo`).
 */
function applyDefaults(spec: IntentSpec, args: CanonicalArgs, said: Slots): void {
  for (const [name, value] of Object.entries(spec.defaults ?? {})) args[name] ??= value;
  // Series: their defaults win over the plain ones, but not over what the user said (the names are slot names).
  if (args.tipo === 'serie')
    for (const [name, value] of Object.entries(spec.seriesDefaults ?? {}))
      if (!said[name as SlotName]) args[name] = value;
  for (const [name, value] of Object.entries(spec.omitDefaults ?? {})) if (args[name] === value) delete args[name];
}

/**
 * Other readings: other commands close to the best, and, for the chosen
 * command, other catalog entries that matched exactly as well (two "Titanic").
 */
function alternatives(best: Candidate, judged: Candidate[], slots: Slots): Reading[] {
  const readings: Reading[] = [];
  for (const other of judged.slice(1)) {
    if (other.total < MIN_TOTAL || other.total < best.total - ALTERNATIVE_MARGIN) break;
    const { args } = buildArgs(other, slots);
    // A reading that lacks a required argument (or whose entity matched nothing) is not a real alternative.
    const complete = (getCommand(other.id)?.args ?? []).every((a) => !a.required || a.name in args);
    if (!complete || (other.spec.entity && !other.resolved)) continue;
    readings.push({ command: other.id, args, confidence: confidenceOf(other.total, best.total) });
  }
  const matches = best.resolved && !best.entityFromMemory ? (best.entity?.matches ?? []) : [];
  const top = matches[0];
  // The year the user gave already chose among same-named titles (or, when none has it, the command says so).
  if (top && slots.anio && top.kind === 'title') return readings;
  for (const match of matches.slice(1)) {
    const sameTitle = top && match.catalog === top.catalog && normalizeKey(match.name) === normalizeKey(top.name);
    if (!top || !sameTitle || match.score < top.score) continue;
    readings.push({
      command: best.id,
      args: buildArgs(best, slots, { entityMatch: match }).args,
      confidence: confidenceOf(best.total, best.total),
    });
  }
  return readings;
}

// ------------------------------------------------------------------ follow-ups

/** Confidence of a follow-up read as the previous question with new values. */
const FOLLOW_UP_CONFIDENCE = 0.8;

/**
 * A turn that only gives new values («¿y marzo?», «¿y Meryl Streep?», «¿y las series?») keeps
 * the previous command and replaces those values; the rest of the previous frame stays. Taken
 * when the turn names no question of its own, or opens with «y…» and asks the same question.
 * Null when the turn is a question of its own (the frame decide() chose then stands).
 */
function followUp(
  analysis: Analysis,
  resolver: EntityResolver,
  facts: CatalogFacts,
  memory: Memory,
  own: ParseResult,
): ParseResult | null {
  const frame = memory.frame;
  if (!frame) return null;
  const ownQuestion = namesOwnQuestion(analysis);
  const sameCommand = own.command === frame.command;
  if (ownQuestion && !(sameCommand && opensFollowUp(analysis))) return null;
  if (!ownQuestion && own.command !== null && !sameCommand && !opensFollowUp(analysis)) return null;
  const next = continueFrame(analysis, resolver, facts, frame);
  if (!next) return null;
  const inherited = Object.keys(next.args).filter((name) => !next.changed.includes(name) && name in frame.args);
  const context = sameCommand ? inherited : ['comando', ...inherited];
  const result: ParseResult = {
    text: own.text,
    command: frame.command,
    args: next.args,
    confidence: FOLLOW_UP_CONFIDENCE,
    alternatives: [],
    closest: own.closest,
  };
  if (context.length > 0) result.context = context;
  if (next.entity) result.entity = next.entity;
  return result;
}

interface ContinuedFrame {
  args: CanonicalArgs;
  /** Arguments the turn gave. */
  changed: string[];
  entity?: ParseResult['entity'];
}

/** The previous frame with the turn's values in place; null when the command can use none of them. */
function continueFrame(
  analysis: Analysis,
  resolver: EntityResolver,
  facts: CatalogFacts,
  frame: NonNullable<Memory['frame']>,
): ContinuedFrame | null {
  const def = getCommand(frame.command);
  const spec = INTENTS[frame.command];
  if (!def || !spec) return null;
  const args: CanonicalArgs = { ...frame.args };
  const changed: string[] = [];
  for (const arg of def.args) {
    const slot = slotOf(arg);
    const value = slot ? analysis.slots[slot]?.value : undefined;
    if (value === undefined || arg.name === spec.entity) continue;
    args[arg.name] = value;
    changed.push(arg.name);
  }
  let entity: ParseResult['entity'];
  if (spec.entity) {
    const found = followUpEntity(analysis, resolver, spec, def.args.find((a) => a.name === spec.entity)?.catalog, args);
    const match = found?.matches[0];
    if (found && match && found.score >= ACCEPT_SCORE) {
      args[spec.entity] = match.id;
      changed.push(spec.entity);
      entity = { arg: spec.entity, typed: found.query, matches: found.matches, resolved: true };
    }
  }
  if (changed.length === 0) return null;
  // «¿y de Tom Hanks?» after Spielberg's chart: the new person's chart, in their role.
  if (frame.command === CHART_COMMAND && changed.includes(spec.entity ?? '')) {
    const built = { args, fromMemory: [] };
    completeChartKind(built, analysis.slots, true, facts);
    if (args.tipo !== frame.args.tipo) changed.push('tipo');
  }
  // A new `tipo` without a unit: the unit follows it (a series' length is in seasons, a movie's in minutes).
  if (changed.includes('tipo') && !analysis.slots.tipo_duracion && 'tipo_duracion' in args) delete args.tipo_duracion;
  applyDefaults(spec, args, analysis.slots);
  return { args, changed, ...(entity ? { entity } : {}) };
}

/** A name in a follow-up turn, read as the previous command's kind («¿y Al Pacino?» after an actor question). */
function followUpEntity(
  analysis: Analysis,
  resolver: EntityResolver,
  spec: IntentSpec,
  catalog: 'movies' | 'streaming' | undefined,
  args: CanonicalArgs,
): EntityFound | null | undefined {
  // Values are values here, never words of a name («¿y de terror?» is a genre, not a film called Terror).
  const used = usedTokens(analysis, Object.keys(analysis.slots) as SlotName[]);
  const spans = candidateSpans(analysis.text, analysis.sentence.tokens, used);
  if (spans.length === 0) return null;
  return resolver.resolve(
    {
      arg: spec.entity as EntityArg,
      // A chart's person is anyone, unless the turn names the chart («¿y el actor Al Pacino?»).
      role: spec.role ?? chartRole(analysis.slots.grafico?.value),
      catalog,
      platform: typeof args.plataforma === 'string' ? args.plataforma : undefined,
      year: typeof args.anio === 'number' ? args.anio : undefined,
    },
    spans,
  );
}

// ------------------------------------------------------------------ never a dropped word

/** Values that need no mention when the command cannot take them: how every such question is meant anyway. */
function goesWithoutSaying(slot: SlotName, value: string | number, spec: IntentSpec | undefined): boolean {
  // A chart's kind words («actor», «idiomas») are the cue words of other questions.
  if (slot === 'grafico') return true;
  if (slot === 'tipo') return value === 'pelicula' && !spec?.allTypes;
  if (slot === 'tipo_duracion') return value === 'min';
  return false;
}

/**
 * The values the user gave that the chosen frame does not use (the reply says so): not in the
 * arguments, not part of the name that was found, and not a title's year or platform (which
 * chose among same-named titles).
 */
function unusedSlots(result: ParseResult, analysis: Analysis): UnusedSlot[] {
  const def = result.command ? getCommand(result.command) : undefined;
  const spec = result.command ? INTENTS[result.command] : undefined;
  if (!def) return [];
  const takes = new Set(def.args.map(slotOf).filter(Boolean));
  const typedName = result.entity ? ` ${normalizeWords(result.entity.typed)} ` : '';
  const unused: UnusedSlot[] = [];
  for (const [name, hit] of Object.entries(analysis.slots) as [SlotName, Hit<string | number>][]) {
    if (takes.has(name) || goesWithoutSaying(name, hit.value, spec)) continue;
    const words = analysis.sentence.tokens
      .slice(hit.from, hit.to)
      .map((t) => t.word)
      .join(' ');
    if (typedName.includes(` ${normalizeWords(words)} `)) continue;
    if (spec?.entity === 'titulo' && (name === 'anio' || name === 'plataforma')) continue;
    unused.push({ slot: name, value: hit.value });
  }
  return unused;
}
