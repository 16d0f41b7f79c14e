/** The HTTP API through Fastify's inject (no socket), on the fixture catalog. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Answer } from '../../commands/types.js';
import { createHttpServer } from '../../src/channels/http.js';
import { fixtureContext } from '../commands/context.js';

let app: FastifyInstance;
beforeAll(async () => {
  const ctx = await fixtureContext();
  app = await createHttpServer(ctx, {
    ask: (texto) => ({ command: null, args: {}, text: `Recibí: ${texto}`, data: null, ok: true }),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

async function get(url: string) {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, body: response.json() as Answer, raw: response.body };
}

describe('GET /api/<command>', () => {
  it('answers with the same JSON as every channel', async () => {
    const { status, body } = await get('/api/cantidad_filmaciones_mes?mes=diciembre');
    expect(status).toBe(200);
    expect(body).toEqual({
      command: 'cantidad_filmaciones_mes',
      args: { mes: 12 },
      text: '9 películas fueron estrenadas en el mes de diciembre.',
      data: { cantidad: 9 },
      ok: true,
    });
  });

  it('accepts chat names and URL-encoded text', async () => {
    const { status, body } = await get('/api/score?titulo=Toy%20Story');
    expect(status).toBe(200);
    expect(body.data).toEqual({ titulo: 'Toy Story', anio: 1995, popularidad: 21.946943 });
  });

  it('400 for a bad or missing argument, with the Spanish answer', async () => {
    const bad = await get('/api/cantidad_filmaciones_mes?mes=trece');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'bad_argument', argument: 'mes' });
    expect(bad.body.text).toBe('«trece» no es un mes (enero a diciembre, o 1 a 12).');
    const missing = await get('/api/cantidad_filmaciones_mes');
    expect(missing.status).toBe(400);
    expect(missing.body.error?.code).toBe('missing_argument');
    const repeated = await get('/api/cantidad_filmaciones_mes?mes=1&mes=2');
    expect(repeated.status).toBe(400);
    expect(repeated.body.text).toContain('no una lista');
  });

  it('404 for a title not in the catalog and for an unknown command', async () => {
    const title = await get('/api/score_titulo?titulo=Toy%20Story%20Land');
    expect(title.status).toBe(404);
    expect(title.body.error?.suggestions).toContain('Toy Story 2 (1999)');
    const command = await get('/api/estrenos_mez?mes=1');
    expect(command.status).toBe(404);
    expect(command.body.error?.code).toBe('unknown_command');
    expect(command.body.text).toContain('estrenos_mes');
    const route = await get('/no/existe');
    expect(route.status).toBe(404);
    expect(route.body.text).toMatch(/^No existe GET \/no\/existe\./);
  });

  it('refuses absurdly long URLs and long values cleanly', async () => {
    const huge = await get(`/api/score_titulo?titulo=${'a'.repeat(5000)}`);
    expect(huge.status).toBe(414);
    expect(huge.body.text).toMatch(/demasiado larga/);
    const long = await get(`/api/score_titulo?titulo=${'a'.repeat(600)}`);
    expect(long.status).toBe(400);
    expect(long.body.text).toMatch(/tiene demasiados caracteres \(600;/);
    const longPath = await get(`/score_titulo/${'a'.repeat(900)}`);
    expect(longPath.status).toBe(400);
  });

  it('never 500 for hostile input', async () => {
    for (const value of ["'%3B%20DROP%20TABLE%20movies%3B--", '%F0%9F%8E%AC', '%00', '%E0%A4%A', '']) {
      for (const def of commands) {
        for (const argument of def.args) {
          const response = await app.inject({ method: 'GET', url: `/api/${def.id}?${argument.name}=${value}` });
          expect(response.statusCode, `${def.id} ${argument.name}=${value}`).toBeLessThan(500);
          expect((response.json() as Answer).text.length).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe("the seeds' routes", () => {
  it('take the arguments in the path, in the contract order', async () => {
    const month = await get('/cantidad_filmaciones_mes/enero');
    expect(month.body.data).toEqual({ cantidad: 0 });
    const score = await get('/score_titulo/Toy%20Story');
    expect(score.body.data).toMatchObject({ titulo: 'Toy Story', anio: 1995 });
    const actor = await get('/get_actor/Tom%20Hanks');
    expect(actor.body.data).toMatchObject({ actor: 'Tom Hanks', peliculas: 7 });
    const longest = await get('/get_max_duration/2018/netflix/min');
    expect(longest.body.data).toEqual({ titulo: 'Sanju', id: 'ns2', duracion: 161, tipo_duracion: 'min' });
    const scores = await get('/get_score_count/netflix/3.5/2018');
    expect(scores.body.data).toEqual({ cantidad: 3 });
    const county = await get('/prod_per_county/pelicula/US/2019');
    expect(county.body.data).toMatchObject({ cantidad: 6 });
  });

  it('answers bad path values with 400', async () => {
    const { status, body } = await get('/get_max_duration/dosmil/netflix/min');
    expect(status).toBe(400);
    expect(body.error?.argument).toBe('anio');
  });
});

describe('service routes', () => {
  it('/health gives the catalog size and build date', async () => {
    const response = await app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ ok: true, peliculas: 47, titulos: 56, puntuaciones: true });
    expect(response.json().construido).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('/docs/json is OpenAPI generated from the registry', async () => {
    const response = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json() as {
      openapi: string;
      paths: Record<string, { get?: { parameters?: { name: string }[] } }>;
    };
    expect(spec.openapi).toMatch(/^3\./);
    for (const def of commands) expect(spec.paths[`/api/${def.id}`]).toBeDefined();
    const params = spec.paths['/api/get_max_duration']?.get?.parameters?.map((p) => p.name);
    expect(params).toEqual(['anio', 'plataforma', 'tipo_duracion', 'tipo']); // tipo: optional (QUESTIONS.md)
    expect(spec.paths['/get_max_duration/{anio}/{plataforma}/{tipo_duracion}']).toBeDefined();
    const html = await app.inject({ method: 'GET', url: '/docs' });
    expect(html.statusCode).toBeLessThan(400);
  });

  it('serves a repeated question from the cache, byte for byte, and works without it', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/get_count_platform?plataforma=hulu' });
    const second = await app.inject({ method: 'GET', url: '/api/get_count_platform?plataforma=hulu' });
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toMatch(/^application\/json/);
    expect(second.json().data).toEqual({ plataforma: 'hulu', cantidad: 7 });
    const uncached = await createHttpServer(await fixtureContext(), { cacheSize: 0 });
    const response = await uncached.inject({ method: 'GET', url: '/api/get_count_platform?plataforma=hulu' });
    expect(response.json().data).toEqual({ plataforma: 'hulu', cantidad: 7 });
    await uncached.close();
  });

  it('POST /api/ask passes the text to the NLU', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/ask', payload: { texto: 'hola' } });
    expect(response.statusCode).toBe(200);
    expect(response.json().text).toBe('Recibí: hola');
    const empty = await app.inject({ method: 'POST', url: '/api/ask', payload: { texto: '' } });
    expect(empty.statusCode).toBe(400);
    const broken = await app.inject({
      method: 'POST',
      url: '/api/ask',
      headers: { 'content-type': 'application/json' },
      payload: '{no es json',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().text).toMatch(/^El cuerpo no es JSON válido/);
  });
});

describe('POST /api/ask with the NLU: conversations', () => {
  let nluApp: FastifyInstance;
  beforeAll(async () => {
    const ctx = await fixtureContext();
    const { createAsk } = await import('../../src/nlu/index.js');
    nluApp = await createHttpServer(ctx, { ask: createAsk(ctx) });
  });
  afterAll(async () => {
    await nluApp.close();
  });
  const ask = async (payload: object) => {
    const response = await nluApp.inject({ method: 'POST', url: '/api/ask', payload });
    return { status: response.statusCode, body: response.json() as Answer };
  };

  it('{"texto", "conversacion"}: turns with the same id are follow-ups of each other', async () => {
    expect((await ask({ texto: '¿Cuánto dura Toy Story?', conversacion: 'api-1' })).body.data).toMatchObject({
      duracion: 81,
    });
    const follow = await ask({ texto: 'y su popularidad?', conversacion: 'api-1' });
    expect(follow.status).toBe(200);
    expect(follow.body).toMatchObject({ command: 'score_titulo', args: { titulo: 'tmdb:862' } });
    // Another conversation, or none, has no such memory.
    expect((await ask({ texto: 'y su popularidad?', conversacion: 'api-2' })).body.command).toBeNull();
    expect((await ask({ texto: 'y su popularidad?' })).body.command).toBeNull();
  });

  it('a chart question carries `chart` and `grafico_url`, which serves that chart as PNG (issue 12)', async () => {
    const { status, body } = await ask({ texto: 'gráfico de las películas dirigidas por Steven Spielberg desde 1990' });
    expect(status).toBe(200);
    const withUrl = body as Answer & { grafico_url?: string };
    expect(withUrl.chart).toEqual({ tipo: 'director', args: { nombre: 'Steven Spielberg', desde: 1990 } });
    const url = new URL(withUrl.grafico_url as string, 'http://api');
    expect(url.pathname).toBe('/api/grafico/director');
    expect(Object.fromEntries(url.searchParams)).toEqual({ nombre: 'Steven Spielberg', desde: '1990' });
    const image = await nluApp.inject({ method: 'GET', url: withUrl.grafico_url as string });
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(Number(image.headers['content-length'])).toBe(image.rawPayload.length);
    // FIXTURE.md: Spielberg's films since 1990 are Jurassic Park, The Lost World and Saving Private Ryan.
    expect(decodeURIComponent(String(image.headers['x-filmoteca-texto']))).toMatch(
      /^De las 3 películas .*dirigidas por Steven Spielberg/,
    );
    // The command's own JSON route says the same; an answer without a chart has no such field.
    const json = await nluApp.inject({ method: 'GET', url: '/api/grafico?tipo=generos&desde=1990' });
    expect(json.json()).toMatchObject({ chart: { tipo: 'generos' }, grafico_url: '/api/grafico/generos?desde=1990' });
    expect((await ask({ texto: '¿Cuánto dura Toy Story?' })).body).not.toHaveProperty('grafico_url');
  });

  it('a bad «conversacion» is a 400 in Spanish', async () => {
    // (A number is read as its text by the schema's type coercion: «42» is a fine id.)
    for (const conversacion of ['', '   ', 'x'.repeat(201), { id: 'a' }]) {
      const { status, body } = await ask({ texto: 'hola', conversacion });
      expect(status).toBe(400);
      expect(body.text).toMatch(/«conversacion» tiene que ser un texto/);
    }
  });
});

describe('optional arguments of get_count_platform and get_max_duration', () => {
  it("the seeds' routes are unchanged; the optional arguments go through /api/<command>", async () => {
    expect((await get('/get_count_platform/netflix')).body.data).toEqual({ plataforma: 'netflix', cantidad: 12 });
    // FIXTURE.md: netflix 12 movies / 6 TV shows.
    expect((await get('/api/get_count_platform?plataforma=netflix&tipo=serie')).body.data).toEqual({
      plataforma: 'netflix',
      cantidad: 6,
    });
    const seasons = await get('/api/get_max_duration?anio=2019&plataforma=netflix&tipo_duracion=season&tipo=serie');
    expect(seasons.body.data).toEqual({ titulo: 'BoJack Horseman', id: 'ns14', duracion: 6, tipo_duracion: 'season' });
    expect((await get('/get_max_duration/2018/netflix/min')).body.data).toMatchObject({ id: 'ns2', duracion: 161 });
    const bad = await get('/api/get_count_platform?plataforma=netflix&tipo=documental');
    expect(bad.status).toBe(400);
    expect(bad.body.text).toMatch(/no es un tipo de título/);
  });
});
