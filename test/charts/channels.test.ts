/**
 * Charts on the channels: GET /api/grafico/<tipo> (Fastify inject, fixture
 * catalog) and the terminal chat writing PNGs under a chart folder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, CommandContext } from '../../commands/types.js';
import { createHttpServer } from '../../src/channels/http.js';
import { slashText } from '../../src/channels/terminal.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import { chatTranscript } from '../helpers/chat.js';
import { darkPixels, decodePng } from '../helpers/png.js';

let ctx: CommandContext;
let app: FastifyInstance;
let parser: Parser;
beforeAll(async () => {
  ctx = await fixtureContext();
  parser = createParser(ctx);
  app = await createHttpServer(ctx);
  await app.ready();
});
afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: 'GET', url });

describe('GET /api/grafico/<tipo>', () => {
  it('serves image/png with the right length, 800×450, and the sentence in a header', async () => {
    const response = await get('/api/grafico/estrenos_mes');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const body = response.rawPayload;
    expect(Number(response.headers['content-length'])).toBe(body.length);
    const image = decodePng(body);
    expect([image.width, image.height]).toEqual([800, 450]);
    expect(darkPixels(image, { x: 16, y: 10, width: 320, height: 28 })).toBeGreaterThan(150);
    expect(decodeURIComponent(String(response.headers['x-filmoteca-texto']))).toBe(
      'El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).',
    );
  });

  it('serves SVG with ?formato=svg, and takes filters from the query', async () => {
    const response = await get('/api/grafico/estrenos_anio?formato=svg&genero=Drama&desde=1990&hasta=1999');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.body.startsWith('<svg')).toBe(true);
    expect(response.body).toContain('>Drama · 1990–1999 · ');
  });

  it('400 with the Spanish message for a bad tipo, filter or format', async () => {
    const tipo = await get('/api/grafico/pastel');
    expect(tipo.statusCode).toBe(400);
    expect((tipo.json() as Answer).text).toMatch(/^«pastel» no es un tipo de gráfico\. Hay: estrenos_anio, /);
    const year = await get('/api/grafico/estrenos_anio?desde=ayer');
    expect(year.statusCode).toBe(400);
    expect((year.json() as Answer).text).toBe('«ayer» no es un año.');
    const range = await get('/api/grafico/generos?desde=2000&hasta=1990');
    expect(range.statusCode).toBe(400);
    expect((range.json() as Answer).text).toBe('«desde» (2000) es posterior a «hasta» (1990).');
    const genre = await get('/api/grafico/estrenos_anio?genero=Zarzuela');
    expect(genre.statusCode).toBe(400);
    expect((genre.json() as Answer).text).toContain('No conozco el género «Zarzuela»');
    const format = await get('/api/grafico/generos?formato=gif');
    expect(format.statusCode).toBe(400);
    expect((format.json() as Answer).text).toBe('«formato» tiene que ser «png» (por defecto) o «svg».');
    const missing = await get('/api/grafico/director');
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as Answer).error?.code).toBe('missing_argument');
  });

  it('404 with the sentence when there is nothing to draw or the name is unknown', async () => {
    const empty = await get('/api/grafico/estrenos_anio?anio=2090');
    expect(empty.statusCode).toBe(404);
    expect((empty.json() as Answer).text).toBe('No hay películas estrenadas en 2090 en el catálogo.');
    expect((await get('/api/grafico/actor?nombre=Zzyzx%20Qwerty')).statusCode).toBe(404);
  });

  it('is documented in OpenAPI with both image types', async () => {
    const spec = (await get('/docs/json')).json() as {
      paths: Record<string, { get: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    };
    const route = spec.paths['/api/grafico/{tipo}'];
    expect(route).toBeDefined();
    expect(Object.keys(route?.get.responses['200']?.content ?? {})).toEqual(['image/png', 'image/svg+xml']);
    expect(route?.get.responses['400']).toBeDefined();
  });
});

describe('terminal chat', () => {
  async function chat(lines: string[], answer: (text: string) => Answer = fakeAsk) {
    const dir = mkdtempSync(join(tmpdir(), 'filmoteca-graficos-'));
    const written = await chatTranscript(answer, lines, { ctx, askCommand: parser.askCommand, chartDir: dir });
    return { written, dir };
  }

  const fakeAsk = (text: string): Answer => ({
    command: null,
    args: {},
    text: `Recibí: ${text}`,
    data: null,
    ok: true,
  });

  it('«/grafico …» answers with the sentence and writes the PNG, printing its path', async () => {
    const { written, dir } = await chat(['/grafico estrenos_mes --genero Drama']);
    expect(written).toContain('filmoteca> Entre las películas de drama, el mes con más estrenos es');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const path = join(dir, files[0] as string);
    expect(written).toContain(`(Gráfico: ${path})`);
    const image = decodePng(readFileSync(path));
    expect([image.width, image.height]).toEqual([800, 450]);
  });

  it('writes the chart of any answer that carries one (the NLU path)', async () => {
    const withChart = (): Answer => ({
      command: 'grafico',
      args: { tipo: 'generos' },
      text: 'Aquí está.',
      data: null,
      ok: true,
      chart: { tipo: 'generos', args: {} },
    });
    const { written, dir } = await chat(['muéstrame los géneros'], withChart);
    expect(written).toMatch(/\(Gráfico: .*generos-[0-9a-f]{8}\.png\)/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(1);
    expect(readdirSync(dir).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('says so when a slash command is wrong, and leaves other lines to the NLU', async () => {
    const { written, dir } = await chat(['/grafico pastel', 'hola']);
    expect(written).toContain('filmoteca> «pastel» no es un tipo de gráfico.');
    expect(written).toContain('filmoteca> Recibí: hola');
    expect(existsSync(dir) && readdirSync(dir)).toEqual([]);
  });

  it('reads a line like Telegram does (the NLU with the command fixed), the CLI’s flags too', async () => {
    expect(slashText('director "John Lasseter"')).toBe('director John Lasseter');
    expect(slashText('director --nombre John Lasseter --desde 1990')).toBe('director John Lasseter desde 1990');
    expect(slashText('estrenos_anio --genero=Drama')).toBe('estrenos_anio genero Drama');
    // FIXTURE.md: John Lasseter directed Toy Story (1995) and Toy Story 2 (1999); since 1999, one film.
    const { written } = await chat(['/grafico director --nombre "John Lasseter" --desde 1999', '/duracion toy stroy']);
    // Toy Story 2: budget 90,000,000, revenue 497,366,869 → 5.53 times.
    expect(written).toContain(
      'filmoteca> La única película estrenada desde 1999 dirigida por John Lasseter es Toy Story 2 (1999), con un retorno de 5,53 veces su presupuesto.',
    );
    expect(written).toContain('La película Toy Story dura 81 minutos');
    const unknown = await chat(['/duracoin toy story']);
    expect(unknown.written).toContain('filmoteca> No conozco el comando /duracoin. ¿Quisiste decir /duracion');
  });
});
