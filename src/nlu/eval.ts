/**
 * Accuracy of the parser on a dev set (JSON lines: {"text", "command", "args"}):
 * intent accuracy (the command, or null for off-topic), exact-frame accuracy
 * (command and every argument), and the confusions and misses to fix.
 */
import { readFileSync } from 'node:fs';
import type { CanonicalArgs } from '../../commands/types.js';
import type { ParseResult } from './parser.js';

export interface DevCase {
  text: string;
  command: string | null;
  args: CanonicalArgs;
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

export function evaluate(cases: DevCase[], parse: (text: string) => ParseResult): EvalResult {
  let intentCorrect = 0;
  let frameCorrect = 0;
  const confusions = new Map<string, number>();
  const misses: Miss[] = [];
  for (const devCase of cases) {
    const got = parse(devCase.text);
    const expected = devCase.command ?? null;
    const intentOk = got.command === expected;
    const frameOk = intentOk && (expected === null || sameArgs(devCase.args ?? {}, got.args));
    if (intentOk) intentCorrect++;
    else {
      const pair = `${expected ?? 'null'} → ${got.command ?? 'null'}`;
      confusions.set(pair, (confusions.get(pair) ?? 0) + 1);
    }
    if (frameOk) frameCorrect++;
    else misses.push({ case: devCase, got: { command: got.command, args: got.args } });
  }
  return {
    total: cases.length,
    intentCorrect,
    frameCorrect,
    confusions: [...confusions].sort((a, b) => b[1] - a[1]),
    misses,
  };
}

export function formatEval(result: EvalResult): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, result.total)).toFixed(1)} %`;
  const lines = [
    `Frases: ${result.total}`,
    `Intención correcta (intent accuracy): ${result.intentCorrect}/${result.total} = ${pct(result.intentCorrect)}`,
    `Marco exacto (exact frame accuracy): ${result.frameCorrect}/${result.total} = ${pct(result.frameCorrect)}`,
    '',
    'Confusiones (esperado → obtenido):',
    ...(result.confusions.length ? result.confusions.map(([pair, n]) => `  ${n} × ${pair}`) : ['  ninguna']),
    '',
    'Fallos (misses):',
    ...(result.misses.length
      ? result.misses.map(
          (m) =>
            `  «${m.case.text}»\n    esperado ${m.case.command} ${JSON.stringify(m.case.args ?? {})}\n    obtenido ${m.got.command} ${JSON.stringify(m.got.args)}`,
        )
      : ['  ninguno']),
  ];
  return lines.join('\n');
}
