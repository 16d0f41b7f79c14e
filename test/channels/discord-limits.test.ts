/**
 * Every payload the Discord channel can produce stays within Discord's limits
 * (property tests with fast-check): every command with arbitrary option
 * values, free text of any kind, answers far longer than any real one (long
 * texts, huge lists in the cards, many suggestions), and autocomplete for
 * anything typed. The checker (limits.ts) is tested on its own first, so a
 * pass means something.
 */
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { RateLimiter } from '../../src/channels/common.js';
import { AUTOCOMPLETE_KINDS } from '../../src/channels/discord/commands.js';
import { createDiscordCore, type DiscordCore } from '../../src/channels/discord/interactions.js';
import { choiceProblems, clip, fitLines, LIMITS, messageProblems } from '../../src/channels/discord/limits.js';
import { escapeText, renderAnswer, withChart } from '../../src/channels/discord/render.js';
import { createParser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import { autocompleteInteraction, commandInteraction } from './discord-fake.js';

let ctx: CommandContext;
let core: DiscordCore;
/** Operator log lines, and the renderer's guard firing: both must stay empty. */
const problems: string[] = [];
const guardHits: string[] = [];

afterEach(() => {
  expect(problems).toEqual([]);
});

beforeAll(async () => {
  ctx = await fixtureContext();
  core = createDiscordCore({
    ctx,
    parser: createParser(ctx),
    log: (line) => problems.push(line),
    limiter: new RateLimiter(0),
  });
});

/** Text of every sort: ASCII, any Unicode (emoji, surrogate pairs), control characters, markdown, very long. */
const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({
    unit: fc.constantFrom('*', '_', '`', '|', '~', '#', '-', '>', '\n', ' ', '@', 'a', '🎬'),
    maxLength: 400,
  }),
  fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 8000 }),
  fc.constantFrom("'; DROP TABLE movies; --", '@everyone', '<@123>', '\u0000\u0007', 'x'.repeat(10_000)),
);

const anyValue = fc.oneof(anyText, fc.integer(), fc.double({ noNaN: true }), fc.constantFrom(1, 12, 2018, 3.5));

function expectWithinLimits(payload: Parameters<typeof messageProblems>[0], hasFiles = false) {
  expect(messageProblems(payload, hasFiles)).toEqual([]);
}

describe('the limits checker', () => {
  it('accepts a normal message and names every broken limit', () => {
    expect(messageProblems({ content: 'Hola' })).toEqual([]);
    const broken = messageProblems({
      content: 'x'.repeat(2001),
      embeds: [
        {
          title: 't'.repeat(257),
          description: 'd'.repeat(4097),
          fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v'.repeat(1025) })),
          thumbnail: { url: 'no es una url' },
        },
      ],
      components: [
        {
          type: 1,
          components: Array.from({ length: 6 }, () => ({ type: 2, label: 'l'.repeat(81), custom_id: 'c'.repeat(101) })),
        },
      ],
    });
    for (const what of [
      'content',
      'title',
      'description',
      'fields',
      'field 0 value',
      'total',
      'url',
      'buttons',
      'label',
      'custom_id',
      'repetido',
    ]) {
      expect(broken.some((p) => p.includes(what))).toBe(true);
    }
    expect(messageProblems({ content: ' ' })).toEqual(['mensaje vacío']);
    expect(choiceProblems(Array.from({ length: 26 }, () => ({ name: 'a'.repeat(101), value: '' })))).toHaveLength(53);
  });

  it('clip and fitLines stay within the limit, whole when it fits, and never split an emoji', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 3000 }), fc.integer({ min: 30, max: 2500 }), (text, max) => {
        for (const cut of [clip(text, max), fitLines(text, max)]) {
          expect(cut.length).toBeLessThanOrEqual(max);
          if (text.length <= max) expect(cut).toBe(text);
          expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(cut)).toBe(false);
        }
      }),
    );
    expect(fitLines('uno\ndos\ntres\ncuatro', 16)).toBe('uno\n… y 3 más');
  });
});

describe('escaping Discord markdown', () => {
  it('shows marks as typed, and loses no character', () => {
    expect(escapeText('*batteries not included')).toBe('\\*batteries not included');
    expect(escapeText('1. Uno\n## Dos\n> tres\n- cuatro\n-# cinco')).toBe(
      '1\\. Uno\n\\## Dos\n\\> tres\n\\- cuatro\n\\-# cinco',
    );
    expect(escapeText('<@123> [enlace](https://x) `código` ||spoiler|| ~~no~~ __sub__')).toBe(
      '\\<@123> \\[enlace\\](https://x) \\`código\\` \\|\\|spoiler\\|\\| \\~\\~no\\~\\~ \\_\\_sub\\_\\_',
    );
    for (const same of ['TV-MA', 'Toy Story (1995)', 'US$ 1.937.890.605', 'Amélie', '7,7 (5415 votos)']) {
      expect(escapeText(same)).toBe(same);
    }
    // Every backslash it writes escapes the next character: undoing them gives the text back.
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(escapeText(text).replace(/\\([\s\S])/g, '$1')).toBe(text);
      }),
    );
  });
});

describe('every payload the channel produces', () => {
  it('every command, with any option values', () => {
    const anyCommand = fc.constantFrom(...commands);
    fc.assert(
      fc.property(anyCommand, fc.array(anyValue, { minLength: 3, maxLength: 3 }), (def, values) => {
        const options = Object.fromEntries(def.args.map((spec, i) => [spec.name, values[i] as string | number]));
        const reply = core.interaction(commandInteraction(def.chatName, options));
        expect(reply.response.type).toBe(4);
        if (reply.response.type === 4) expectWithinLimits(reply.response.data);
      }),
      { numRuns: 300 },
    );
  });

  it('free text of any kind (/preguntar)', () => {
    fc.assert(
      fc.property(anyText, (texto) => {
        const reply = core.interaction(commandInteraction('preguntar', { texto }));
        if (reply.response.type === 4) expectWithinLimits(reply.response.data);
      }),
      { numRuns: 150 },
    );
  });

  it('answers far longer than real ones: long texts, huge cards, many suggestions', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 400 });
    const film = fc.record({
      titulo: name,
      fecha: fc.constantFrom('1995-10-30', '2001-04-25', 'no es fecha'),
      retorno: fc.double({ noNaN: true, noDefaultInfinity: true }),
      presupuesto: fc.nat(),
      ingresos: fc.nat(),
      ganancia: fc.integer(),
    });
    const data = fc.oneof(
      fc.record({
        command: fc.constant('pelicula'),
        data: fc.record({
          id: fc.constantFrom('tmdb:862', 'ns1', 'tmdb:1'),
          titulo: name,
          anio: fc.option(fc.integer({ min: 1870, max: 2100 })),
          tipo: fc.constantFrom('pelicula', 'serie'),
          generos: fc.array(name, { maxLength: 40 }),
          directores: fc.array(name, { maxLength: 40 }),
          reparto: fc.array(name, { maxLength: 60 }),
          duracion: fc.option(fc.nat()),
          tipo_duracion: fc.constantFrom('min', 'season', null),
          popularidad: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })),
          votos: fc.option(fc.nat()),
          promedio: fc.option(fc.double({ min: 0, max: 10, noNaN: true })),
          clasificacion: fc.option(name),
          resumen: fc.option(fc.string({ unit: 'grapheme', maxLength: 12_000 })),
          poster: fc.option(fc.constantFrom('https://image.tmdb.org/t/p/w500/x.jpg', 'no es url')),
          plataformas: fc.array(fc.constantFrom('netflix', 'amazon', 'hulu', 'disney', 'otra'), { maxLength: 6 }),
        }),
      }),
      fc.record({
        command: fc.constant('get_director'),
        data: fc.record({
          director: name,
          retorno_total: fc.double({ noNaN: true }),
          peliculas: fc.array(film, { maxLength: 300 }),
        }),
      }),
      fc.record({
        command: fc.constant('top_peliculas'),
        data: fc.record({
          c: fc.double({ noNaN: true }),
          m: fc.double({ noNaN: true }),
          peliculas: fc.array(
            fc.record({
              id: fc.constantFrom('tmdb:862', 'ns1'),
              titulo: name,
              anio: fc.integer(),
              wr: fc.double({ noNaN: true }),
              votos: fc.nat(),
            }),
            { maxLength: 300 },
          ),
        }),
      }),
      fc.record({
        command: fc.constant('recomendacion'),
        data: fc.record({
          titulo: name,
          recomendaciones: fc.array(
            fc.record({
              id: fc.constantFrom('tmdb:1', 'as2'),
              titulo: name,
              anio: fc.option(fc.integer()),
              similitud: fc.double(),
            }),
            { maxLength: 300 },
          ),
        }),
      }),
      fc.record({ command: fc.constantFrom(...commands.map((c) => c.id)), data: fc.constant({}) }),
    );
    const choices = fc.array(fc.record({ label: name, value: fc.string({ maxLength: 150 }) }), { maxLength: 12 });
    fc.assert(
      fc.property(
        data,
        fc.string({ unit: 'grapheme', maxLength: 9000 }),
        fc.boolean(),
        choices,
        (card, text, ok, suggested) => {
          const answer: Answer = { command: card.command, args: {}, text, data: card.data, ok };
          if (!ok) {
            const argument = commands.find((c) => c.id === card.command)?.args[0]?.name ?? 'titulo';
            answer.error = {
              code: 'not_found',
              argument,
              choices: suggested,
              suggestions: suggested.map((c) => c.label),
            };
          }
          // The renderer's last guard (plain text instead) must never be needed.
          const payload = renderAnswer(ctx, answer, null, (found) => guardHits.push(found.join('; ')));
          expectWithinLimits(payload);
          expectWithinLimits(withChart(payload, Buffer.from('png')).payload, true);
        },
      ),
      { numRuns: 300 },
    );
    expect(guardHits).toEqual([]);
  });

  it('autocomplete for anything typed', () => {
    const options = commands.flatMap((def) =>
      def.args.filter((a) => AUTOCOMPLETE_KINDS.has(a.kind)).map((a) => [def.chatName, a.name] as const),
    );
    expect(options.length).toBeGreaterThan(10);
    fc.assert(
      fc.property(fc.constantFrom(...options), anyText, ([command, option], typed) => {
        const reply = core.interaction(autocompleteInteraction(command, option, typed));
        expect(reply.response.type).toBe(8);
        if (reply.response.type === 8) {
          expect(reply.response.data.choices.length).toBeLessThanOrEqual(LIMITS.choices);
          expect(choiceProblems(reply.response.data.choices)).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
