/**
 * Accuracy of the parser on a dev set (JSON lines: {"text", "command", "args"}, and
 * {"conversation": "c1", …} for the turns of a conversation, in order): intent accuracy
 * (the command, or null for off-topic), exact-frame accuracy (command and every
 * argument), reported apart for single questions, conversations' first turns and
 * follow-up turns; and the confusions and misses to fix.
 */
import { readFileSync } from 'node:fs';
import type { CanonicalArgs } from '../../commands/types.js';
import type { ParseResult } from './parser.js';

export interface DevCase {
  text: string;
  command: string | null;
  args: CanonicalArgs;
  /** Turns with the same id are one conversation, in file order. */
  conversation?: string;
}

export interface Miss {
  case: DevCase;
  got: { command: string | null; args: CanonicalArgs };
}

export interface EvalResult {
  total: number;
  intentCorrect: number;
  frameCorrect: number;
  /** "expected → got" with counts, most frequent first. */
  confusions: [string, number][];
  misses: Miss[];
}

/** Single questions, the first turn of each conversation, and the follow-up turns, scored apart. */
export interface EvalReport {
  single: EvalResult;
  openings: EvalResult;
  followUps: EvalResult;
  /** All of them together. */
  all: EvalResult;
}

export function loadDevSet(path: string): DevCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .map((line) => JSON.parse(line) as DevCase);
}

/** Same keys, same values (numbers compared as numbers). */
export function sameArgs(a: CanonicalArgs, b: CanonicalArgs): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && String(a[k]) === String(b[k]));
}

function emptyResult(): EvalResult {
  return { total: 0, intentCorrect: 0, frameCorrect: 0, confusions: [], misses: [] };
}

/** Each evaluation's conversations get ids of their own: a parser's memory never mixes two runs. */
let runs = 0;

export function evaluate(cases: DevCase[], parse: (text: string, conversation?: string) => ParseResult): EvalReport {
  const run = ++runs;
  const groups = { single: emptyResult(), openings: emptyResult(), followUps: emptyResult(), all: emptyResult() };
  const confusions = new Map<EvalResult, Map<string, number>>();
  const seen = new Set<string>();
  for (const devCase of cases) {
    const id = devCase.conversation;
    const got = id === undefined ? parse(devCase.text) : parse(devCase.text, `eval:${run}:${id}`);
    const group = id === undefined ? groups.single : seen.has(id) ? groups.followUps : groups.openings;
    if (id !== undefined) seen.add(id);
    const expected = devCase.command ?? null;
    const intentOk = got.command === expected;
    const frameOk = intentOk && (expected === null || sameArgs(devCase.args ?? {}, got.args));
    for (const result of [group, groups.all]) {
      result.total++;
      if (intentOk) result.intentCorrect++;
      else {
        const pair = `${expected ?? 'null'} → ${got.command ?? 'null'}`;
        const counts = confusions.get(result) ?? new Map<string, number>();
        counts.set(pair, (counts.get(pair) ?? 0) + 1);
        confusions.set(result, counts);
      }
      if (frameOk) result.frameCorrect++;
      else result.misses.push({ case: devCase, got: { command: got.command, args: got.args } });
    }
  }
  for (const [result, counts] of confusions) result.confusions = [...counts].sort((a, b) => b[1] - a[1]);
  return groups;
}

const pct = (n: number, total: number) => `${((100 * n) / Math.max(1, total)).toFixed(1).replace('.', ',')} %`;

/** The report as a Markdown table (what the README shows) plus the confusions and misses. */
export function formatEval(report: EvalReport, title = 'Conjunto'): string {
  const row = (name: string, r: EvalResult) =>
    `| ${name.padEnd(37)} | ${String(r.total).padStart(6)} | ${pct(r.intentCorrect, r.total).padStart(9)} | ${pct(r.frameCorrect, r.total).padStart(12)} |`;
  const { all } = report;
  const lines = [
    `${title}`,
    '',
    `| ${'frases'.padEnd(37)} | ${'número'.padStart(6)} | ${'intención'.padStart(9)} | ${'marco exacto'.padStart(12)} |`,
    `| ${'-'.repeat(37)} | ${'-'.repeat(5)}: | ${'-'.repeat(8)}: | ${'-'.repeat(11)}: |`,
    row('preguntas sueltas', report.single),
    ...(report.openings.total > 0
      ? [
          row('conversaciones: primer turno', report.openings),
          row('conversaciones: turnos de seguimiento', report.followUps),
        ]
      : []),
    row('todas', all),
    '',
    'Confusiones (esperado → obtenido):',
    ...(all.confusions.length ? all.confusions.map(([pair, n]) => `  ${n} × ${pair}`) : ['  ninguna']),
    '',
    'Fallos (misses):',
    ...(all.misses.length
      ? all.misses.map(
          (m) =>
            `  «${m.case.text}»${m.case.conversation ? ` (conversación ${m.case.conversation})` : ''}\n` +
            `    esperado ${m.case.command} ${JSON.stringify(m.case.args ?? {})}\n    obtenido ${m.got.command} ${JSON.stringify(m.got.args)}`,
        )
      : ['  ninguno']),
  ];
  return lines.join('\n');
}
