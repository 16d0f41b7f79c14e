/** Shared pieces of the chat channels: rate limit, message splitting, button encoding. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../commands/types.js';
import {
  decodeReplay,
  encodeReplay,
  RateLimiter,
  rateLimitedText,
  splitMessage,
  suggestionButtons,
} from '../../src/channels/common.js';

describe('RateLimiter', () => {
  it('allows n per sliding minute per user, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(3, () => now);
    expect([limiter.check('a'), limiter.check('a'), limiter.check('a')]).toEqual([0, 0, 0]);
    now += 10_000;
    expect(limiter.check('a')).toBe(50); // the first question leaves the window 50 s from now
    expect(limiter.check('b')).toBe(0); // another user is not affected
    now += 50_000;
    expect(limiter.check('a')).toBe(0);
  });

  it('0 per minute turns it off', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 100; i++) expect(limiter.check('a')).toBe(0);
  });

  it('speaks Spanish', () => {
    expect(rateLimitedText(1)).toBe('Vas muy rápido: espera 1 segundo y vuelve a preguntar.');
    expect(rateLimitedText(12)).toContain('12 segundos');
  });
});

describe('splitMessage', () => {
  it('keeps short text whole and splits at line boundaries', () => {
    expect(splitMessage('hola', 10)).toEqual(['hola']);
    expect(splitMessage('aaaa\nbbbb\ncccc', 9)).toEqual(['aaaa\nbbbb', 'cccc']);
    expect(splitMessage('uno dos tres cuatro', 8)).toEqual(['uno dos', 'tres', 'cuatro']);
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('every part fits and nothing but cut points is lost (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é', '🎬') }),
        fc.integer({ min: 2, max: 40 }),
        (text, max) => {
          const parts = splitMessage(text, max);
          for (const part of parts) expect(Array.from(part).length).toBeLessThanOrEqual(max);
          expect(parts.join('').replace(/[\s]/g, '')).toBe(text.replace(/[\s]/g, ''));
        },
      ),
    );
  });
});

describe('replay buttons', () => {
  it('encode a command and canonical values compactly, and decode back', () => {
    const data = encodeReplay({ command: 'peliculas_duracion', args: { titulo: 'tmdb:862' } }, 64);
    expect(data).toBe('duracion|tmdb:862');
    expect(decodeReplay(data as string)).toEqual({ command: 'peliculas_duracion', args: { titulo: 'tmdb:862' } });
    const multi = encodeReplay(
      { command: 'get_max_duration', args: { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' } },
      64,
    );
    expect(decodeReplay(multi as string)).toEqual({
      command: 'get_max_duration',
      args: { anio: '2018', plataforma: 'netflix', tipo_duracion: 'min' },
    });
  });

  it('escape the separator and refuse what does not fit', () => {
    const data = encodeReplay({ command: 'get_actor', args: { nombre: 'A|B 100%' } }, 64) as string;
    expect(decodeReplay(data)?.args.nombre).toBe('A|B 100%');
    expect(encodeReplay({ command: 'get_actor', args: { nombre: 'x'.repeat(80) } }, 64)).toBeNull();
    expect(decodeReplay('no_such_command|x')).toBeNull();
  });

  it('one button per choice of a not-found answer', () => {
    const answer: Answer = {
      command: 'peliculas_duracion',
      args: {},
      text: 'No encontré la película «toy stroy». ¿Quisiste decir Toy Story (1995) o Toy Story 2 (1999)?',
      data: null,
      ok: false,
      error: {
        code: 'not_found',
        argument: 'titulo',
        suggestions: ['Toy Story (1995)', 'Toy Story 2 (1999)'],
        choices: [
          { label: 'Toy Story (1995)', value: 'tmdb:862' },
          { label: 'Toy Story 2 (1999)', value: 'tmdb:863' },
        ],
      },
    };
    expect(suggestionButtons(answer, null, 64)).toEqual([
      { label: 'Toy Story (1995)', data: 'duracion|tmdb:862' },
      { label: 'Toy Story 2 (1999)', data: 'duracion|tmdb:863' },
    ]);
    expect(suggestionButtons({ ...answer, error: { code: 'not_found' } }, null, 64)).toEqual([]);
  });
});
