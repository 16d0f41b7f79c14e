/**
 * Accuracy of the parser on the dev set (test/nlu/devset.jsonl, entities from the
 * data/demo fixture) and on the held-out set. Thresholds from the brief:
 * intent ≥ 97 %, exact frame ≥ 93 %. Misses are printed to help fix them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCommandContext } from '../../commands/index.js';
import { openCatalog } from '../../src/catalog/catalog.js';
import { evaluate, formatEval, loadDevSet } from '../../src/nlu/eval.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

const DEVSET = new URL('./devset.jsonl', import.meta.url).pathname;
const HOLDOUTS = ['./holdout.jsonl', './holdout2.jsonl'].map((f) => new URL(f, import.meta.url).pathname);
let parser: Parser;

beforeAll(async () => {
  parser = createParser(createCommandContext(openCatalog(await fixtureCatalogPath())));
});

describe('dev set', () => {
  it('has at least 400 questions, every command and at least 40 off-topic lines', () => {
    const cases = loadDevSet(DEVSET);
    expect(cases.length).toBeGreaterThanOrEqual(400);
    const commands = new Set(cases.map((c) => c.command));
    for (const id of [
      'cantidad_filmaciones_mes',
      'cantidad_filmaciones_dia',
      'score_titulo',
      'votos_titulo',
      'get_actor',
      'get_director',
      'franquicia',
      'peliculas_pais',
      'productoras_exitosas',
      'peliculas_idioma',
      'peliculas_duracion',
      'recomendacion',
      'get_max_duration',
      'get_score_count',
      'get_count_platform',
      'get_actor_platform',
      'prod_per_county',
      'get_contents',
      'pelicula',
      'top_peliculas',
      'donde_ver',
      'ayuda',
    ]) {
      expect(commands, id).toContain(id);
    }
    expect(cases.filter((c) => c.command === null).length).toBeGreaterThanOrEqual(40);
  });

  it('intent accuracy ≥ 97 % and exact-frame accuracy ≥ 93 %', () => {
    const result = evaluate(loadDevSet(DEVSET), parser.parse);
    if (result.misses.length > 0) console.log(formatEval(result));
    expect(result.intentCorrect / result.total).toBeGreaterThanOrEqual(0.97);
    expect(result.frameCorrect / result.total).toBeGreaterThanOrEqual(0.93);
  });

  it.each(HOLDOUTS)('held-out questions reach the same thresholds (%s)', (file) => {
    const result = evaluate(loadDevSet(file), parser.parse);
    if (result.misses.length > 0) console.log(formatEval(result));
    expect(result.intentCorrect / result.total).toBeGreaterThanOrEqual(0.97);
    expect(result.frameCorrect / result.total).toBeGreaterThanOrEqual(0.93);
  });
});
