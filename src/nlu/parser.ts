/**
 * Free Spanish text → { command, canonical args, confidence, alternatives }.
 * Steps: tokens (numbers in words merged) → cue concepts and catalog-free
 * arguments → cue score per command → entity lookups for the best candidates
 * → the winner, and the near-misses as alternatives.
 */
import { getCommand } from '../../commands/index.js';
import type { ArgKind, CanonicalArgs, CommandContext } from '../../commands/types.js';
import type { Match } from '../search/types.js';
import { normalizeKey } from '../text/normalize.js';
import { CatalogFacts, candidateSpans, type EntityArg, type EntityFound, EntityResolver } from './entities.js';
import { concepts, NOISE, NOISE_PHRASES, STOP, vocabulary } from './grammar.js';
import {
  ALTERNATIVE_MARGIN,
  type CueScore,
  confidenceOf,
  cueScores,
  entityScore,
  MAX_ENTITY_BONUS,
  MIN_TOTAL,
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
};
/** Slots whose words are never part of a name or title (a year is a title's year option). */
const NEVER_IN_NAMES: SlotName[] = ['anio', 'mes', 'dia', 'plataforma', 'rating', 'n', 'puntaje', 'idioma'];

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
}

export function createParser(ctx: CommandContext): (text: unknown) => ParseResult {
  const ratings = catalogRatings(ctx);
  const facts = new CatalogFacts(ctx.catalog.db);
  return (input) => {
    const text = typeof input === 'string' ? input : '';
    const empty: ParseResult = { text, command: null, args: {}, confidence: 0, alternatives: [], closest: [] };
    if (text.length > MAX_TEXT_LENGTH) return { ...empty, reason: 'too_long' };
    const analysis = analyse(text, ratings);
    if (!analysis) return { ...empty, reason: 'empty' };
    return decide(analysis, new EntityResolver(ctx.search, facts), empty);
  };
}

/** The audience ratings present in the catalog, by lower-case form (`tv-ma` → `TV-MA`). */
function catalogRatings(ctx: CommandContext): Map<string, string> {
  const rows = ctx.catalog.db.prepare('SELECT DISTINCT rating FROM titles').all() as { rating: string }[];
  return new Map(rows.map((r) => [normalizeKey(r.rating), r.rating]));
}

function analyse(text: string, ratings: ReadonlyMap<string, string>): Analysis | null {
  // Control characters become spaces: they carry nothing and must not glue words together.
  const normalized = normalizeKey(text.replace(/\p{Cc}/gu, ' '));
  const tokens = tokenize(normalized);
  if (tokens.length === 0) return null;
  const sentence: Sentence = { tokens, typos: tokens.map((t) => vocabulary.typosOf(t.word)) };
  const conceptHits = concepts.find(sentence);
  const slots = findSlots(sentence, { concepts: conceptHits, ratings });
  const cueTokens = new Set<number>();
  for (const hit of [...conceptHits, ...NOISE_PHRASES.find(sentence)]) {
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

function decide(analysis: Analysis, resolver: EntityResolver, empty: ParseResult): ParseResult {
  const present = new Set(Object.keys(analysis.slots));
  const scored = cueScores(analysis.features, present);
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
    const found = findEntity(analysis, candidate, resolver, { searchedOnly: !canWin, weakSpans });
    if (found === undefined) continue;
    const { bonus, resolved } = entityScore(found, candidate.asked, candidate.spec.entity);
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
  byTotalThenWeight(judged);
  const closest = judged.filter((c) => c.asked > 0).map((c) => c.id);
  const best = judged[0];
  if (!best || best.total < MIN_TOTAL) return { ...empty, reason: 'not_understood', closest };
  const runnerUp = judged[1]?.total;
  const result: ParseResult = {
    ...empty,
    command: best.id,
    args: buildArgs(best, analysis.slots),
    confidence: confidenceOf(best.total, runnerUp),
    closest,
  };
  if (best.spec.entity && best.entity) {
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

function findEntity(
  analysis: Analysis,
  candidate: Candidate,
  resolver: EntityResolver,
  limits: { searchedOnly: boolean; weakSpans: number },
): EntityFound | null | undefined {
  const { slots, sentence } = analysis;
  const used = new Set(analysis.cueTokens);
  for (const name of NEVER_IN_NAMES) {
    const hit = slots[name];
    if (hit) for (let i = hit.from; i < hit.to; i++) used.add(i);
  }
  const spans = candidateSpans(analysis.text, sentence.tokens, used);
  if (spans.length === 0) return null;
  const arg = candidate.spec.entity as EntityArg;
  const spec = getCommand(candidate.id)?.args.find((a) => a.name === arg);
  return resolver.resolve(
    {
      arg,
      role: candidate.spec.role,
      catalog: spec?.catalog,
      platform: slots.plataforma?.value as string | undefined,
      year: slots.anio?.value as number | undefined,
    },
    // Without a clear cue only the likeliest cuts are worth a search each ("Toy Story" alone).
    candidate.asked >= 1 ? spans : spans.slice(0, limits.weakSpans),
    limits.searchedOnly,
  );
}

/** The command's canonical arguments: entity, then catalog-free slots by kind, then documented defaults. */
function buildArgs(candidate: Candidate, slots: Slots, entityMatch?: Match): CanonicalArgs {
  const args: CanonicalArgs = {};
  const def = getCommand(candidate.id);
  for (const spec of def?.args ?? []) {
    if (spec.name === candidate.spec.entity) {
      const entity = candidate.entity;
      if (!entity) continue;
      const match = entityMatch ?? entity.matches[0];
      args[spec.name] = candidate.resolved && match ? match.id : entity.query;
      // A year the user gave that the matched title does not have: the title and year go as text, so the
      // command says there is no such film (commands/args.ts) rather than answering about another one.
      const year = slots.anio?.value;
      const yearIsTitles = spec.kind === 'titulo' && !def?.args.some((a) => a.kind === 'anio');
      if (!entityMatch && yearIsTitles && match?.kind === 'title' && year !== undefined && match.year !== year)
        args[spec.name] = `${match.name} (${year})`;
      continue;
    }
    const slot = SLOT_OF_KIND[spec.kind];
    const value = slot ? slots[slot]?.value : undefined;
    const fallback = candidate.spec.defaults?.[spec.name];
    if (value !== undefined) args[spec.name] = value;
    else if (fallback !== undefined) args[spec.name] = fallback;
  }
  return args;
}

/**
 * Other readings: other commands close to the best, and, for the chosen
 * command, other catalog entries that matched exactly as well (two "Titanic").
 */
function alternatives(best: Candidate, judged: Candidate[], slots: Slots): Reading[] {
  const readings: Reading[] = [];
  for (const other of judged.slice(1)) {
    if (other.total < MIN_TOTAL || other.total < best.total - ALTERNATIVE_MARGIN) break;
    const args = buildArgs(other, slots);
    // A reading that lacks a required argument (or whose entity matched nothing) is not a real alternative.
    const complete = (getCommand(other.id)?.args ?? []).every((a) => !a.required || a.name in args);
    if (!complete || (other.spec.entity && !other.resolved)) continue;
    readings.push({ command: other.id, args, confidence: confidenceOf(other.total, best.total) });
  }
  const matches = best.resolved ? (best.entity?.matches ?? []) : [];
  const top = matches[0];
  // The year the user gave already chose among same-named titles (or, when none has it, the command says so).
  if (top && slots.anio && top.kind === 'title') return readings;
  for (const match of matches.slice(1)) {
    const sameTitle = top && match.catalog === top.catalog && normalizeKey(match.name) === normalizeKey(top.name);
    if (!top || !sameTitle || match.score < top.score) continue;
    readings.push({
      command: best.id,
      args: buildArgs(best, slots, match),
      confidence: confidenceOf(best.total, best.total),
    });
  }
  return readings;
}
