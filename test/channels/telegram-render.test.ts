/**
 * Rendering an answer for Telegram: Telegram's limits hold for any text, by
 * construction (property tests with fast-check), and HTML escaping is exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../commands/types.js';
import { decodeReplay } from '../../src/channels/common.js';
import {
  CAPTION_LIMIT,
  escapeHtml,
  MESSAGE_LIMIT,
  renderAnswer,
  suggestionKeyboard,
  textMessages,
  toHtml,
} from '../../src/channels/telegram/render.js';

/** What Telegram shows (and counts) of an HTML message: tags removed, entities decoded. */
function visible(html: string): string {
  return html
    .replace(/<\/?b>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

const codePoints = (text: string) => Array.from(text).length;
const withoutSpace = (text: string) => text.replace(/\s/g, '');

/** Text like answers and user input: lines of words, markup-looking bits, emoji, long runs. */
const answerText = fc
  .array(
    fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.constantFrom('<b>', '</i>', '&amp;', '&', '<', '>', '🎬', 'Toy Story', '\n', ' '),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.nat({ max: 6000 }).map((n) => 'x'.repeat(n)),
    ),
    { maxLength: 200 },
  )
  .map((pieces) => pieces.join(''));

function answerOf(text: string, data: unknown = null): Answer {
  return { command: null, args: {}, text, data, ok: true };
}

describe('escaping', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeHtml('a & b < c > d "e" \'f\'')).toBe('a &amp; b &lt; c &gt; d "e" \'f\'');
  });

  it('bolds the longest title first, and escapes inside and around it', () => {
    expect(toHtml('Toy Story 2 y Toy Story & <co>', ['Toy Story', 'Toy Story 2'])).toBe(
      '<b>Toy Story 2</b> y <b>Toy Story</b> &amp; &lt;co&gt;',
    );
    expect(toHtml('Tom & Jerry (1992)', ['Tom & Jerry'])).toBe('<b>Tom &amp; Jerry</b> (1992)');
    expect(toHtml('a (b) [c]', ['(b)', '[c]'])).toBe('a <b>(b)</b> <b>[c]</b>');
  });

  it('never changes what is shown', () => {
    fc.assert(
      fc.property(answerText, fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), (text, titles) => {
        expect(visible(toHtml(text, titles))).toBe(text);
      }),
    );
  });
});

describe('limits by construction', () => {
  it('messages ≤ 4,096 characters, nothing lost but the line breaks or spaces cut at', () => {
    fc.assert(
      fc.property(answerText, (text) => {
        const parts = textMessages(text, ['Toy Story']).map((m) => visible(m.html));
        for (const part of parts) expect(codePoints(part)).toBeLessThanOrEqual(MESSAGE_LIMIT);
        expect(withoutSpace(parts.join(''))).toBe(withoutSpace(text));
      }),
      { numRuns: 200 },
    );
  });

  it('a card with a poster: caption ≤ 1,024, the rest in messages ≤ 4,096, nothing lost', () => {
    fc.assert(
      fc.property(answerText, (text) => {
        const { first, rest } = renderAnswer(answerOf(text, { titulo: 'X', poster: 'https://p.example/x.jpg' }), null);
        expect(first.type).toBe('photo');
        if (first.type !== 'photo') return;
        expect(codePoints(visible(first.caption))).toBeLessThanOrEqual(CAPTION_LIMIT);
        for (const m of rest) expect(codePoints(visible(m.html))).toBeLessThanOrEqual(MESSAGE_LIMIT);
        const shown = [first.caption, ...rest.map((m) => m.html)].map(visible).join('');
        expect(withoutSpace(shown)).toBe(withoutSpace(text));
        // If the photo is refused, the fallback says all of it too.
        expect(withoutSpace(first.fallback.map((m) => visible(m.html)).join(''))).toBe(withoutSpace(text));
      }),
      { numRuns: 200 },
    );
  });

  it('a poster that is not an https URL is not sent as a photo', () => {
    for (const poster of ['http://p.example/x.jpg', 'javascript:alert(1)', '', null, 42]) {
      expect(renderAnswer(answerOf('Ficha', { poster }), null).first.type).toBe('text');
    }
  });

  it('«¿Quisiste decir…?» buttons: callback data ≤ 64 bytes that decodes to the same choice', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            label: fc.string({ minLength: 1, maxLength: 80 }),
            value: fc.string({ minLength: 1, maxLength: 70 }),
          }),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (choices) => {
          const answer: Answer = {
            command: 'get_actor',
            args: {},
            text: '¿Quisiste decir…?',
            data: null,
            ok: false,
            error: { code: 'not_found', argument: 'nombre', choices },
          };
          const keyboard = suggestionKeyboard(answer, null) ?? [];
          expect(keyboard.length).toBeLessThanOrEqual(5);
          for (const [button] of keyboard) {
            const data = button && 'callback_data' in button ? button.callback_data : '';
            expect(Buffer.byteLength(data, 'utf8')).toBeLessThanOrEqual(64);
            const replay = decodeReplay(data);
            expect(replay?.command).toBe('get_actor');
            expect(choices.map((c) => c.value)).toContain(replay?.args.nombre);
          }
        },
      ),
    );
  });

  it('buttons go under the last message of a long answer', () => {
    const answer: Answer = {
      command: 'get_actor',
      args: {},
      text: Array.from({ length: 600 }, (_, i) => `línea ${i}`).join('\n'),
      data: null,
      ok: false,
      error: { code: 'not_found', argument: 'nombre', choices: [{ label: 'Tom Hanks', value: 'Tom Hanks' }] },
    };
    const { first, rest } = renderAnswer(answer, null);
    expect(rest.length).toBeGreaterThan(0);
    expect(first.keyboard).toBeUndefined();
    expect(rest.at(-1)?.keyboard).toEqual([[{ text: 'Tom Hanks', callback_data: 'actor|Tom Hanks' }]]);
  });
});
