/**
 * Which command a sentence asks for: a weighted sum of the cue concepts and
 * arguments found (weights in data/intents.json), then, for commands that
 * need a catalog entity, how well that entity matched. A readable linear
 * score instead of a trained classifier: every decision can be traced to a
 * weight in the data, and a missing cue is fixed by adding a phrase. Measured
 * on the held-out questions (test/nlu/holdout*.jsonl, 173 lines): natural's
 * BayesClassifier with PorterStemmerEs, trained on the dev set, gets 77 % of the
 * intents right, its LogisticRegressionClassifier 83 % (and 98 s to train); this
 * layer gets them all, and needs no training at startup.
 */

import { ACCEPT_SCORE, ACCEPT_SCORE_NO_CUE, ACCEPT_SCORE_STRONG_CUE, type EntityFound } from './entities.js';
import { INTENTS, type IntentSpec } from './grammar.js';

/** Cue weight from which the question is clearly that command ("cuánto dura", "dirigió"). */
export const STRONG_CUE = 3;

/** A command must reach this total to be chosen; below it the answer is "no entendí". */
export const MIN_TOTAL = 2.5;
/** Alternatives: other readings within this distance of the best one. */
export const ALTERNATIVE_MARGIN = 1;
/** Weight of the entity match (score 0..1) in the total. */
const ENTITY_WEIGHT = 3;
/** The most an entity can add (a perfect match). */
export const MAX_ENTITY_BONUS = ENTITY_WEIGHT;
/** Words were there but matched nothing well: still the command (it will say "no encontré…"), less sure. */
const UNMATCHED_ENTITY = -0.5;
/** No words at all for the entity the command needs. */
const MISSING_ENTITY = -3;

export interface CueScore {
  id: string;
  spec: IntentSpec;
  /** Sum of the weights of the features present, plus the prior. */
  cue: number;
  /** Sum of the positive weights only, prior excluded (how much the sentence itself points to it). */
  asked: number;
  /** Of `asked`, what cue words gave (not the arguments found): the sentence names this question. */
  askedByWords: number;
  /** Required catalog-free arguments the sentence lacks and the conversation supplies. */
  fromMemory: string[];
}

/**
 * Cue score per command, for commands whose required catalog-free arguments are present, or
 * (`remembered`) known from the conversation when the sentence's own words ask for the command
 * («¿y cuál es la más larga?» after a question about Netflix in 2020).
 */
export function cueScores(
  features: ReadonlySet<string>,
  present: ReadonlySet<string>,
  remembered: ReadonlySet<string> = new Set(),
): CueScore[] {
  const scores: CueScore[] = [];
  for (const [id, spec] of Object.entries(INTENTS)) {
    const missing = (spec.needs ?? []).filter((slot) => !present.has(slot));
    if (missing.some((slot) => !remembered.has(slot))) continue;
    let cue = spec.prior ?? 0;
    let asked = 0;
    let askedByWords = 0;
    for (const [feature, weight] of Object.entries(spec.features)) {
      if (!features.has(feature)) continue;
      cue += weight;
      if (weight > 0) asked += weight;
      if (weight > 0 && !feature.startsWith('@')) askedByWords += weight;
    }
    if (missing.length > 0 && askedByWords < NAMES_THE_QUESTION) continue;
    scores.push({ id, spec, cue, asked, askedByWords, fromMemory: missing });
  }
  return scores.sort((a, b) => b.cue - a.cue);
}

/** Cue words worth this much name a question of their own (then missing values may come from the conversation). */
export const NAMES_THE_QUESTION = 1;

/**
 * The entity's share of the total, and whether it counts as found. A clear cue lowers the bar
 * for titles only, where it lets a whole-word prefix count ("cuánto dura E.T."): a name that close
 * is another name ("Harry Potter" is not the Harry Palmer Collection). An optional entity
 * (`entityOptional`: a chart names a person only sometimes) costs nothing when absent or unmatched.
 */
export function entityScore(
  found: EntityFound | null,
  asked: number,
  spec: Pick<IntentSpec, 'entity' | 'entityOptional'>,
): { bonus: number; resolved: boolean } {
  const missing = spec.entityOptional ? 0 : MISSING_ENTITY;
  const unmatched = spec.entityOptional ? 0 : UNMATCHED_ENTITY;
  if (!found) return { bonus: missing, resolved: false };
  const strong = asked >= STRONG_CUE && spec.entity === 'titulo';
  const needed = strong ? ACCEPT_SCORE_STRONG_CUE : asked >= 1 ? ACCEPT_SCORE : ACCEPT_SCORE_NO_CUE;
  if (found.score >= needed) return { bonus: ENTITY_WEIGHT * found.score, resolved: true };
  return { bonus: unmatched, resolved: false };
}

/** 0..1: how sure, from the total (6 ≈ a clear cue plus a clean entity or argument). */
export function confidenceOf(total: number, runnerUp: number | undefined): number {
  const base = Math.min(1, Math.max(0, total / 6));
  const margin = runnerUp === undefined ? 1 : Math.min(1, Math.max(0.5, (total - runnerUp) / 2 + 0.5));
  return Math.round(base * margin * 100) / 100;
}
