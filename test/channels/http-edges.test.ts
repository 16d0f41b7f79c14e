/**
 * The HTTP API at its edges (issue 14): every refusal, whichever layer makes it
 * (Node's HTTP parser, Fastify's router or body parser, our handlers), has the
 * answer shape with a Spanish text; a non-string `texto` is a 400 (no type
 * coercion); one log line per request, none for /health.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../commands/types.js';
import { createHttpServer } from '../../src/channels/http.js';
import { fixtureContext } from '../commands/context.js';
import { fixtureCatalogPath } from '../helpers/catalog.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const CODES = ['bad_argument', 'missing_argument', 'not_found', 'no_data', 'unknown_command', 'internal_error'];
/** Words of Fastify's and Node's own English error bodies. */
const ENGLISH = /Bad Request|Not Found|Client Error|Exceeded|is not a valid|Too Large|Unsupported|Internal Server/;

let app: FastifyInstance;
let port: number;
const asked: unknown[] = [];

beforeAll(async () => {
  app = await createHttpServer(await fixtureContext(), {
    ask: (texto) => {
      asked.push(texto);
      return { command: null, args: {}, text: `Recibí: ${texto}`, data: null, ok: true };
    },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app.close();
});

/** The answer shape, with a Spanish text and a contract error code. */
function expectSpanishError(status: number, body: string, expected: number): void {
  expect(status).toBe(expected);
  const answer = JSON.parse(body) as Answer;
  expect(Object.keys(answer).sort()).toEqual(['args', 'command', 'data', 'error', 'ok', 'text']);
  expect(answer).toMatchObject({ command: null, args: {}, data: null, ok: false });
  expect(CODES).toContain(answer.error?.code);
  expect(answer.text).toMatch(/[a-záéíóúñ]/);
  expect(answer.text).not.toMatch(ENGLISH);
}

/** A raw request on a socket: what Node's parser sees before Fastify does. */
function raw(request: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
    });
    socket.on('error', fail);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      done({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), body });
    });
  });
}

describe('every refusal has the Spanish answer shape', () => {
  it('431: a URL or a header over Node’s 16 KB limit', async () => {
    const longUrl = await raw(`GET /api/score_titulo?titulo=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectSpanishError(longUrl.status, longUrl.body, 431);
    const bigHeader = await raw(`GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expectSpanishError(bigHeader.status, bigHeader.body, 431);
  });

  it('400: a request Node cannot parse', async () => {
    const garbage = await raw('GARBAGE\r\n\r\n');
    expectSpanishError(garbage.status, garbage.body, 400);
  });

  it.each([
    ['bad %-encoding in a path value', 'GET', '/cantidad_filmaciones_mes/%FF', undefined, undefined, 400],
    ['a path value over the router’s limit', 'GET', `/score_titulo/${'a'.repeat(1500)}`, undefined, undefined, 414],
    ['a URL over our limit', 'GET', `/api/score_titulo?titulo=${'a'.repeat(3000)}`, undefined, undefined, 414],
    ['an unknown route', 'GET', '/no/existe', undefined, undefined, 404],
    ['another method', 'DELETE', '/api/ayuda', undefined, undefined, 404],
    ['a body that is not JSON', 'POST', '/api/ask', 'application/json', '{"texto": ', 400],
    ['an empty JSON body', 'POST', '/api/ask', 'application/json', '', 400],
    ['a body of a type with no parser', 'POST', '/api/ask', 'application/xml', '<texto/>', 415],
    ['plain text instead of JSON', 'POST', '/api/ask', 'text/plain', 'hola', 400],
    ['a body over 16 KB', 'POST', '/api/ask', 'application/json', `{"texto": "${'a'.repeat(20_000)}"}`, 413],
  ])('%s', async (_what, method, url, type, payload, status) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      ...(type ? { headers: { 'content-type': type } } : {}),
      ...(payload !== undefined ? { payload } : {}),
    });
    expectSpanishError(response.statusCode, response.body, status);
  });
});

describe('POST /api/ask takes a string only', () => {
  it.each([
    ['1e309 (JSON for Infinity)', '{"texto": 1e309}'],
    ['a number', '{"texto": 1997}'],
    ['a list', '{"texto": ["hola"]}'],
    ['a boolean', '{"texto": true}'],
    ['an object', '{"texto": {"a": 1}}'],
    ['null', '{"texto": null}'],
    ['no texto', '{"pregunta": "hola"}'],
  ])('%s → 400, never asked', async (_what, payload) => {
    asked.length = 0;
    const response = await app.inject({
      method: 'POST',
      url: '/api/ask',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectSpanishError(response.statusCode, response.body, 400);
    expect(asked).toEqual([]);
  });

  it('a string is asked as is', async () => {
    asked.length = 0;
    const response = await app.inject({ method: 'POST', url: '/api/ask', payload: { texto: 'hola' } });
    expect(response.statusCode).toBe(200);
    expect(asked).toEqual(['hola']);
  });
});

describe('request logs', () => {
  it('one JSON line per request at info, with command and duration; none for /health', async () => {
    const db = await fixtureCatalogPath();
    const server = spawn(process.execPath, ['bin/filmoteca.js', 'serve', '--db', db, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'info' },
    });
    let stdout = '';
    server.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    server.stderr.resume();
    try {
      const base = await new Promise<string>((found, failed) => {
        server.stdout.on('data', () => {
          const url = /escucha en (http:\/\/\S+)/.exec(stdout)?.[1];
          if (url) found(url);
        });
        server.on('close', () => failed(new Error('serve ended')));
      });
      for (let i = 0; i < 3; i++) await fetch(`${base}/health`);
      await fetch(`${base}/api/score_titulo?titulo=Toy%20Story`);
      await fetch(`${base}/api/estrenos_mes?mes=diciembre`);
      await fetch(`${base}/get_max_duration/2018/netflix/min`);
      await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ texto: '¿cuánto dura Toy Story?' }),
      });
      await fetch(`${base}/no/existe`);
      await fetch(`${base}/cantidad_filmaciones_mes/%FF`);
      await new Promise((r) => setTimeout(r, 300)); // the logger writes asynchronously
    } finally {
      server.kill();
    }
    const lines = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => 'status' in line || 'req' in line || 'res' in line);
    expect(requests.map((line) => [line.method, line.route, line.status, line.command])).toEqual([
      ['GET', '/api/score_titulo', 200, 'score_titulo'],
      ['GET', '/api/:command', 200, 'cantidad_filmaciones_mes'],
      ['GET', '/get_max_duration/:anio/:plataforma/:tipo_duracion', 200, 'get_max_duration'],
      ['POST', '/api/ask', 200, 'peliculas_duracion'],
      ['GET', '/no/existe', 404, null],
      ['GET', '/cantidad_filmaciones_mes/%FF', 400, null],
    ]);
    for (const line of requests) {
      expect(line.level).toBe(30); // info
      expect(typeof line.ms).toBe('number');
    }
    expect(lines.some((line) => /incoming request|request completed/.test(String(line.msg)))).toBe(false);
  });
});
