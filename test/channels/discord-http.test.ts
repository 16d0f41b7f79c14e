/**
 * HTTP interactions (`POST /discord/interactions`) through Fastify's inject,
 * with requests signed by a key pair made here, on the fixture catalog.
 * Deferred answers are edited through @discordjs/rest pointed at the loopback
 * fake Discord (discord-fake.ts), which records the call.
 *
 * Expected answers are the fixture's facts worked out by hand (the same ones
 * test/commands/*.test.ts derive from data/demo's CSVs), never the output of
 * the code under test.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import type { Answer, CommandContext } from '../../commands/types.js';
import { decodeReplay } from '../../src/channels/common.js';
import { createDiscordChannel } from '../../src/channels/discord/index.js';
import { choiceProblems, messageProblems } from '../../src/channels/discord/limits.js';
import { createHttpServer } from '../../src/channels/http.js';
import type { Channel, ChannelDeps } from '../../src/channels/types.js';
import { createChartRenderer } from '../../src/charts/index.js';
import { loadConfig } from '../../src/config.js';
import { createParser, type Parser } from '../../src/nlu/index.js';
import { fixtureContext } from '../commands/context.js';
import { decodePng } from '../helpers/png.js';
import {
  APP_ID,
  autocompleteInteraction,
  buttonInteraction,
  commandInteraction,
  type FakeDiscord,
  makeKeys,
  type Recorded,
  signedRequest,
  startFakeDiscord,
} from './discord-fake.js';

const keys = makeKeys();
let ctx: CommandContext;
let discord: FakeDiscord;
const logged: string[] = [];
const servers: Array<{ app: FastifyInstance; channel: Channel }> = [];

/** A small PNG (the 8-byte signature and a little): what the fake chart renderer returns. */
const FAKE_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

/** The NLU, except two texts: one whose answer carries a chart, one that throws. */
function testParser(real: Parser): Parser {
  const chartAnswer = (): Answer => ({
    command: 'cantidad_filmaciones_mes',
    args: { mes: 12 },
    text: '9 películas fueron estrenadas en el mes de diciembre.',
    data: { cantidad: 9 },
    ok: true,
    chart: { tipo: 'estrenos_por_mes', args: {} },
  });
  return {
    parse: real.parse,
    askCommand: real.askCommand,
    ask(text, conversation) {
      if (text === 'gráfico de estrenos' || text === 'gráfico roto') return chartAnswer();
      if (text === 'falla') throw new Error('fallo de prueba');
      return real.ask(text, conversation);
    },
  };
}

async function server(settings: Record<string, string> = {}, renderChart?: ChannelDeps['renderChart']) {
  const config = loadConfig({
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: discord.apiUrl,
    RATE_LIMIT_PER_MINUTE: '0',
    ...settings,
  });
  const deps: ChannelDeps = { ctx, parser: testParser(createParser(ctx)), log: (line) => logged.push(line) };
  if (renderChart) deps.renderChart = renderChart;
  const channel = (await createDiscordChannel(config, deps)) as Channel;
  const app = await createHttpServer(ctx, { plugins: channel.http ? [channel.http] : [] });
  await app.ready();
  servers.push({ app, channel });
  return { app, channel };
}

let app: FastifyInstance;

beforeAll(async () => {
  ctx = await fixtureContext();
  discord = await startFakeDiscord();
  ({ app } = await server({}, async (chart) => {
    if (chart.tipo !== 'estrenos_por_mes') throw new Error('tipo inesperado');
    return FAKE_PNG;
  }));
});

afterAll(async () => {
  for (const { app: a, channel } of servers) {
    await channel.stop();
    await a.close();
  }
  await discord?.close();
});

interface Response {
  status: number;
  body: {
    type: number;
    data?: {
      content: string;
      embeds: Array<{
        title?: string;
        url?: string;
        description?: string;
        thumbnail?: { url: string };
        fields?: Array<{ name: string; value: string }>;
        footer?: { text: string };
      }>;
      components: Array<{ type: number; components: Array<{ type: number; label: string; custom_id: string }> }>;
      flags?: number;
      choices?: Array<{ name: string; value: string | number }>;
    };
  };
}

async function post(
  interaction: unknown,
  {
    to = app,
    headers = {} as Record<string, string>,
    timestamp,
  }: { to?: FastifyInstance; headers?: Record<string, string>; timestamp?: string } = {},
): Promise<Response> {
  const request = signedRequest(keys, interaction, timestamp);
  const response = await to.inject({
    method: 'POST',
    url: '/discord/interactions',
    headers: { ...request.headers, ...headers },
    payload: request.payload,
  });
  return { status: response.statusCode, body: response.json() };
}

/** A message answer: 200, type 4, within every limit. */
async function message(interaction: unknown, to = app) {
  const response = await post(interaction, { to });
  expect(response.status).toBe(200);
  expect(response.body.type).toBe(4);
  const data = response.body.data as NonNullable<Response['body']['data']>;
  expect(messageProblems(data)).toEqual([]);
  return data;
}

describe('signature', () => {
  it('answers PING with PONG', async () => {
    const response = await post({ id: '1', application_id: APP_ID, type: 1, token: 't', version: 1 });
    expect(response).toEqual({ status: 200, body: { type: 1 } });
  });

  it('refuses a signature made with another key', async () => {
    const other = makeKeys();
    const request = signedRequest(other, { type: 1 });
    const response = await app.inject({ method: 'POST', url: '/discord/interactions', ...request });
    expect(response.statusCode).toBe(401);
  });

  it('refuses a body changed after signing', async () => {
    const request = signedRequest(keys, { type: 1, id: '1' });
    const tampered = request.payload.replace('"1"', '"2"');
    expect(tampered).not.toBe(request.payload);
    const response = await app.inject({
      method: 'POST',
      url: '/discord/interactions',
      headers: request.headers,
      payload: tampered,
    });
    expect(response.statusCode).toBe(401);
  });

  it('refuses stale, future and missing timestamps and signatures', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post({ type: 1 }, { timestamp: String(now - 3600) })).status).toBe(401);
    expect((await post({ type: 1 }, { timestamp: String(now + 3600) })).status).toBe(401);
    // Within the 5-minute window it is accepted.
    expect((await post({ type: 1 }, { timestamp: String(now - 60) })).status).toBe(200);
    const request = signedRequest(keys, { type: 1 });
    for (const drop of ['x-signature-ed25519', 'x-signature-timestamp']) {
      const headers = { ...request.headers };
      delete headers[drop];
      const response = await app.inject({
        method: 'POST',
        url: '/discord/interactions',
        headers,
        payload: request.payload,
      });
      expect(response.statusCode).toBe(401);
    }
    expect((await post({ type: 1 }, { headers: { 'x-signature-ed25519': 'zz'.repeat(64) } })).status).toBe(401);
    expect((await post({ type: 1 }, { headers: { 'x-signature-timestamp': 'ayer' } })).status).toBe(401);
  });

  it('answers 400 to a signed body that is not JSON, and politely to one that is not an interaction', async () => {
    expect((await post('{"type": 1')).status).toBe(400);
    const odd = await message({ type: 2, data: 'nada' });
    expect(odd).toMatchObject({ content: 'No entendí esta petición de Discord.', flags: 64 });
  });
});

/**
 * Every command with valid options, as Discord sends them (choices carry their
 * values; autocomplete options carry the picked canonical value, or the typed text).
 */
const EVERY_COMMAND: Array<{ name: string; options: Record<string, string | number>; content: string }> = [
  // December: 9 of the 47 kept films; Mondays: only Toy Story (1995-10-30).
  { name: 'estrenos_mes', options: { mes: 12 }, content: '9 películas fueron estrenadas en el mes de diciembre.' },
  { name: 'estrenos_dia', options: { dia: 1 }, content: '1 película fue estrenada en día lunes.' },
  // Toy Story: popularity 21.946943, 5415 votes, average 7.7.
  {
    name: 'score',
    options: { titulo: 'tmdb:862' },
    content: 'La película Toy Story fue estrenada en el año 1995 con una popularidad de 21,95.',
  },
  {
    name: 'votos',
    options: { titulo: 'tmdb:862' },
    content:
      'La película Toy Story fue estrenada en el año 1995. La misma cuenta con un total de 5415 valoraciones, con un promedio de 7,7.',
  },
  {
    name: 'actor',
    options: { nombre: 'Tom Hanks' },
    content:
      'Tom Hanks ha participado de 7 filmaciones y ha conseguido un retorno de 54,13, con un promedio de 7,73 por filmación.',
  },
  {
    name: 'director',
    options: { nombre: 'Clint Eastwood' },
    content: 'Clint Eastwood dirigió 3 películas, con un retorno total de 26,77.',
  },
  {
    name: 'franquicia',
    options: { franquicia: 'Toy Story Collection' },
    content:
      'La franquicia Toy Story Collection posee 3 películas, con unos ingresos totales de US$ 1.937.890.605 y un promedio de US$ 645.963.535 por película.',
  },
  // France: Amélie, La Haine.
  { name: 'pais', options: { pais: 'FR' }, content: 'Se produjeron 2 películas en Francia.' },
  {
    name: 'productora',
    options: { productora: 'Pixar Animation Studios' },
    content:
      'La productora Pixar Animation Studios ha realizado 6 películas, con unos ingresos totales de US$ 4.176.141.479.',
  },
  { name: 'idioma', options: { idioma: 'es' }, content: '3 películas tienen el español como idioma original.' },
  // Typed without picking a suggestion: resolved as usual. Heat: 170 minutes, 1995.
  { name: 'duracion', options: { titulo: 'Heat' }, content: 'La película Heat dura 170 minutos y se estrenó en 1995.' },
  { name: 'recomendar', options: { titulo: 'tmdb:862' }, content: 'Si te gustó Toy Story (1995), te recomiendo: ' },
  // Netflix 2018 movies: Roma 135, Sanju 161, Bird Box 124, Buster Scruggs 133, Outlaw King 121.
  {
    name: 'duracion_max',
    options: { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' },
    content: 'La película más larga de Netflix estrenada en 2018 es Sanju, con 161 minutos.',
  },
  // Netflix 2018 means: 4.5, 3.0, 3.75, 4.0, 2.5 → 3 above 3.5.
  {
    name: 'puntaje_plataforma',
    options: { plataforma: 'netflix', puntaje: 3.5, anio: 2018 },
    content: 'Netflix tiene 3 películas de 2018 con una puntuación media mayor que 3,5.',
  },
  { name: 'cantidad_plataforma', options: { plataforma: 'hulu' }, content: 'Hulu tiene 7 películas.' },
  {
    name: 'actor_plataforma',
    options: { plataforma: 'netflix', anio: 2019 },
    content: 'En Netflix, quien más aparece en títulos estrenados en 2019 es Aaron Paul, con 2 títulos.',
  },
  {
    name: 'produccion_pais',
    options: { tipo: 'serie', pais: 'ES', anio: 2019 },
    content: 'Entre todas las plataformas hay 1 serie de España estrenada en 2019.',
  },
  {
    name: 'contenidos_rating',
    options: { rating: 'TV-MA' },
    content: 'Entre todas las plataformas hay 7 títulos con clasificación TV-MA.',
  },
  { name: 'pelicula', options: { titulo: 'tmdb:862' }, content: 'Película: Toy Story (1995)' },
  {
    name: 'top',
    options: { genero: 'Animation', n: 3 },
    content: 'Las 3 mejores películas de animación por valoración ponderada:',
  },
  // Amélie: movie 2001; Amazon lists "Amélie" 2002 (within a year).
  { name: 'donde_ver', options: { titulo: 'amelie' }, content: 'Amélie (2001) está en Amazon Prime Video.' },
  { name: 'ayuda', options: {}, content: '• /estrenos\\_mes: ¿Cuántas películas se estrenaron en diciembre?' },
  // December: 9 of the 47 films, the most of any month (19.1 %). With a renderer it is deferred (see «deferred answers»).
  {
    name: 'grafico',
    options: { tipo: 'estrenos_mes' },
    content: 'El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).',
  },
];

describe('every command', () => {
  it('covers the whole registry', () => {
    expect(EVERY_COMMAND.map((c) => c.name).sort()).toEqual(commands.map((c) => c.chatName).sort());
  });

  for (const { name, options, content } of EVERY_COMMAND) {
    it(`/${name}`, async () => {
      // A chart's answer is deferred where charts are drawn: here the text, from a server that draws none.
      const to = name === 'grafico' ? (await server()).app : app;
      const data = await message(commandInteraction(name, options), to);
      expect(data.content.startsWith(content) || data.content.split('\n').includes(content)).toBe(true);
      expect(data.components).toEqual([]);
    });
  }

  it('shows a film as a card', async () => {
    const data = await message(commandInteraction('pelicula', { titulo: 'tmdb:862' }));
    expect(data.content).toBe('Película: Toy Story (1995)');
    const [card] = data.embeds;
    expect(card).toMatchObject({
      title: 'Toy Story (1995)',
      url: 'https://www.themoviedb.org/movie/862',
      thumbnail: { url: 'https://image.tmdb.org/t/p/w500/1h4tfQzxoz5Kq8yTn6AfxfHUJKQ.jpg' },
    });
    expect(card?.description).toMatch(/^A cowboy doll/);
    const fields = Object.fromEntries((card?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Géneros: 'Animación, Comedia y Familia',
      Dirección: 'John Lasseter',
      Reparto: 'Tom Hanks, Tim Allen, Don Rickles, Jim Varney y Wallace Shawn',
      Duración: '81 minutos',
      Valoración: '7,7 (5415 votos)',
      'Dónde verla': 'Disney+',
    });
  });

  it('keeps what the card does not say in the content: the corrected typo, equal titles', async () => {
    const typo = await message(commandInteraction('pelicula', { titulo: 'toy stroy' }));
    expect(typo.content).toBe('Entendí «Toy Story (1995)». Película: Toy Story (1995)');
    // Titanic 1997 (7770 votes) wins over Titanic 1953 (31), which the content names.
    const titanic = await message(commandInteraction('pelicula', { titulo: 'Titanic' }));
    expect(titanic.content).toBe('Película: Titanic (1997)\nTambién: Titanic (1953).');
  });

  it("lists a director's films as fields", async () => {
    const data = await message(commandInteraction('director', { nombre: 'Clint Eastwood' }));
    expect(data.embeds[0]?.title).toBe('Películas dirigidas por Clint Eastwood');
    expect(data.embeds[0]?.fields?.map((f) => f.name)).toEqual([
      'Unforgiven (7 de agosto de 1992)',
      'Million Dollar Baby (5 de diciembre de 2004)',
      'Gran Torino (9 de diciembre de 2008)',
    ]);
    expect(data.embeds[0]?.fields?.[0]?.value).toBe(
      'Retorno: 11,37\nPresupuesto: US$ 14.000.000\nIngresos: US$ 159.157.447\nGanancia: US$ 145.157.447',
    );
  });

  it('numbers the ranking and the recommendations', async () => {
    const top = await message(commandInteraction('top', { genero: 'Animation', n: 3 }));
    // Spirited Away (8.3, 3968 votes), Up (7.8, 7048), Toy Story (7.7, 5415).
    const lines = top.embeds[0]?.description?.split('\n') ?? [];
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\*\*1\.\*\* \[Spirited Away\]\(https:\/\/www\.themoviedb\.org\/movie\/129\) \(2001\): /);
    expect(lines[1]).toMatch(/^\*\*2\.\*\* \[Up\]/);
    expect(lines[2]).toMatch(/^\*\*3\.\*\* \[Toy Story\]\(https:\/\/www\.themoviedb\.org\/movie\/862\) \(1995\)/);
    const recs = await message(commandInteraction('recomendar', { titulo: 'tmdb:862' }));
    expect(recs.embeds[0]?.title).toBe('Si te gustó Toy Story');
    const items = recs.embeds[0]?.description?.split('\n') ?? [];
    expect(items).toHaveLength(5);
    items.forEach((item, i) => {
      expect(item).toMatch(
        new RegExp(`^\\*\\*${i + 1}\\.\\*\\* \\[.+\\]\\(https://www\\.themoviedb\\.org/movie/\\d+\\)`),
      );
      expect(item).not.toContain('/movie/862)');
    });
  });

  it('answers a command it no longer knows (an old registration) in Spanish', async () => {
    const data = await message(commandInteraction('estrenos_mez', { mes: 1 }));
    expect(data.content).toMatch(/^No conozco la pregunta «estrenos\\_mez»\. ¿Quisiste decir .*estrenos\\_mes/);
  });
});

describe('in a DM', () => {
  it('answers an interaction that comes with a user instead of a server member', async () => {
    const { member, guild_id: _guild, ...rest } = commandInteraction('estrenos_dia', { dia: 1 });
    const dm = {
      ...rest,
      channel_id: '980000000000000001',
      channel: { id: '980000000000000001', type: 1 },
      user: member.user,
      context: 1,
    };
    const data = await message(dm);
    expect(data.content).toBe('1 película fue estrenada en día lunes.');
  });
});

describe('/preguntar', () => {
  it('answers free Spanish text like the terminal chat', async () => {
    const data = await message(
      commandInteraction('preguntar', { texto: '¿cuántas películas se estrenaron en diciembre?' }),
    );
    expect(data.content).toBe('9 películas fueron estrenadas en el mes de diciembre.');
    const typo = await message(commandInteraction('preguntar', { texto: 'háblame de toy stori' }));
    expect(typo.content).toBe('(Entendí «Toy Story (1995)».)\nPelícula: Toy Story (1995)');
    expect(typo.embeds[0]?.title).toBe('Toy Story (1995)');
  });

  it('says what it could not understand', async () => {
    const data = await message(commandInteraction('preguntar', { texto: 'cuéntame un chiste' }));
    expect(data.content).toMatch(/^No entendí tu pregunta\./);
    const empty = await message(commandInteraction('preguntar', { texto: '   ' }));
    expect(empty.content).toMatch(/^No vi ninguna pregunta en tu mensaje\./);
  });

  it('is polite when something fails inside, and logs it for the operator', async () => {
    const data = await message(commandInteraction('preguntar', { texto: 'falla' }));
    expect(data).toMatchObject({
      content: 'Algo falló de mi lado al responder. Prueba de nuevo en un momento.',
      flags: 64,
    });
    expect(logged.some((line) => line.includes('fallo de prueba'))).toBe(true);
  });
});

describe('autocomplete', () => {
  async function choices(command: string, option: string, typed: string, others = {}) {
    const response = await post(autocompleteInteraction(command, option, typed, others));
    expect(response.status).toBe(200);
    expect(response.body.type).toBe(8);
    const list = response.body.data?.choices ?? [];
    expect(choiceProblems(list)).toEqual([]);
    return list;
  }

  it('completes a typo in a title to its canonical id', async () => {
    const list = await choices('pelicula', 'titulo', 'toy sto');
    expect(list[0]).toEqual({ name: 'Toy Story (1995)', value: 'tmdb:862' });
    // The same title on a platform says which one.
    expect(list).toContainEqual({ name: 'Toy Story (1995) · Disney+', value: 'ds2' });
    // score takes movies only.
    expect((await choices('score', 'titulo', 'toy sto')).every((c) => String(c.value).startsWith('tmdb:'))).toBe(true);
    expect(await choices('pelicula', 'titulo', '')).toEqual([]);
  });

  it('offers people with the role the command asks for', async () => {
    expect(await choices('actor', 'nombre', 'tom h')).toContainEqual({ name: 'Tom Hanks', value: 'Tom Hanks' });
    // Tom Hanks directs nothing in the fixture (no crew row with job Director for him).
    const row = ctx.catalog.db
      .prepare(
        `SELECT count(*) AS n FROM movie_directors d JOIN people p ON p.id = d.person_id WHERE p.name = 'Tom Hanks'`,
      )
      .get() as { n: number };
    expect(row.n).toBe(0);
    expect((await choices('director', 'nombre', 'tom h')).map((c) => c.value)).not.toContain('Tom Hanks');
    expect(await choices('director', 'nombre', 'clint')).toContainEqual({
      name: 'Clint Eastwood',
      value: 'Clint Eastwood',
    });
    // John Lasseter directs (Toy Story, Toy Story 2) and acts in nothing: a director, not an actor.
    const credits = ctx.catalog.db
      .prepare(
        `SELECT (SELECT count(*) FROM movie_directors d WHERE d.person_id = p.id) AS directs,
                (SELECT count(*) FROM movie_cast c WHERE c.person_id = p.id) AS acts
         FROM people p WHERE p.name = 'John Lasseter'`,
      )
      .get() as { directs: number; acts: number };
    expect(credits).toEqual({ directs: 2, acts: 0 });
    expect(await choices('director', 'nombre', 'john las')).toContainEqual({
      name: 'John Lasseter',
      value: 'John Lasseter',
    });
    expect((await choices('actor', 'nombre', 'john las')).map((c) => c.value)).not.toContain('John Lasseter');
  });

  it('/grafico: people in the role of the chart chosen (anyone before a chart is chosen)', async () => {
    // Clint Eastwood acts (4 casts) and directs (3 films); Tom Hanks only acts; Lasseter only directs.
    const director = (await choices('grafico', 'nombre', 'clint', { tipo: 'director' })).map((c) => c.value);
    expect(director).toContain('Clint Eastwood');
    expect((await choices('grafico', 'nombre', 'tom h', { tipo: 'director' })).map((c) => c.value)).not.toContain(
      'Tom Hanks',
    );
    expect((await choices('grafico', 'nombre', 'john las', { tipo: 'actor' })).map((c) => c.value)).not.toContain(
      'John Lasseter',
    );
    expect(await choices('grafico', 'nombre', 'tom h')).toContainEqual({ name: 'Tom Hanks', value: 'Tom Hanks' });
    expect(await choices('grafico', 'nombre', 'john las')).toContainEqual({
      name: 'John Lasseter',
      value: 'John Lasseter',
    });
  });

  it('completes sagas, companies, countries, languages and ratings', async () => {
    expect(await choices('franquicia', 'franquicia', 'toy')).toContainEqual({
      name: 'Toy Story Collection',
      value: 'Toy Story Collection',
    });
    expect((await choices('productora', 'productora', 'pix'))[0]).toEqual({
      name: 'Pixar Animation Studios',
      value: 'Pixar Animation Studios',
    });
    expect((await choices('pais', 'pais', 'fra'))[0]).toEqual({ name: 'Francia (FR)', value: 'FR' });
    expect(await choices('pais', 'pais', 'unidos')).toContainEqual({ name: 'Estados Unidos (US)', value: 'US' });
    // With nothing typed, the most frequent first: 38 films and more streaming titles are from the US.
    expect((await choices('pais', 'pais', ''))[0]?.value).toBe('US');
    expect((await choices('idioma', 'idioma', 'esp'))[0]).toEqual({ name: 'Español (es)', value: 'es' });
    const tv = await choices('contenidos_rating', 'rating', 'tv');
    expect(tv.map((c) => c.value)).toContain('TV-MA');
    expect(tv.every((c) => String(c.value).startsWith('TV-'))).toBe(true);
  });

  it('offers nothing for options without autocomplete and for odd input', async () => {
    expect(await choices('estrenos_mes', 'mes', 'ene')).toEqual([]);
    expect(await choices('pelicula', 'titulo', '🎬🎬🎬')).toEqual([]);
    expect((await choices('pelicula', 'titulo', 'x'.repeat(6000))).length).toBeLessThanOrEqual(25);
  });
});

describe('«¿Quisiste decir…?» buttons', () => {
  it('offers the closest titles as buttons that answer the question', async () => {
    const data = await message(commandInteraction('score', { titulo: 'Toy Story Land' }));
    expect(data.content).toMatch(/^No encontré la película «Toy Story Land»\. ¿Quisiste decir /);
    const buttons = data.components[0]?.components ?? [];
    expect(buttons.map((b) => b.label)).toContain('Toy Story 2 (1999)');
    const second = buttons.find((b) => b.label === 'Toy Story 2 (1999)');
    expect(decodeReplay(second?.custom_id ?? '')).toEqual({ command: 'score_titulo', args: { titulo: 'tmdb:863' } });
    // Toy Story 2: 1999, popularity 17.547693.
    const pressed = await message(buttonInteraction(second?.custom_id ?? ''));
    expect(pressed.content).toBe('La película Toy Story 2 fue estrenada en el año 1999 con una popularidad de 17,55.');
  });

  it('keeps the other options of the question', async () => {
    const data = await message(
      commandInteraction('duracion_max', { anio: 2018, plataforma: 'netflix', tipo_duracion: 'min' }),
    );
    expect(data.components).toEqual([]);
    const typo = await message(commandInteraction('recomendar', { titulo: 'Toy Story Land' }));
    const id = typo.components[0]?.components[0]?.custom_id ?? '';
    expect(decodeReplay(id)?.command).toBe('recomendacion');
  });

  it('says so when a button no longer works', async () => {
    const data = await message(buttonInteraction('no|existe'));
    expect(data).toMatchObject({ content: 'Ese botón ya no sirve: vuelve a hacer la pregunta.', flags: 64 });
  });
});

describe('deferred answers (charts)', () => {
  const edits = (token: string) => (r: Recorded) =>
    r.method === 'PATCH' && r.path === `/webhooks/${APP_ID}/${token}/messages/@original`;

  it('defers, then edits the original message with the chart attached', async () => {
    const interaction = commandInteraction('preguntar', { texto: 'gráfico de estrenos' });
    const response = await post(interaction);
    expect(response).toEqual({ status: 200, body: { type: 5 } });
    const edit = await discord.waitFor(edits(interaction.token));
    expect(edit.authorization).toBeUndefined(); // the interaction token is the credential
    expect(edit.files).toEqual([{ name: 'grafico.png', type: 'image/png', size: FAKE_PNG.length, bytes: FAKE_PNG }]);
    expect(edit.json).toMatchObject({
      content: '9 películas fueron estrenadas en el mes de diciembre.',
      embeds: [{ image: { url: 'attachment://grafico.png' } }],
      attachments: [{ id: 0, filename: 'grafico.png' }],
    });
    expect(messageProblems(edit.json as never, true)).toEqual([]);
  });

  it('sends the text alone, saying so, when the chart cannot be drawn', async () => {
    const broken = await server({}, async () => {
      throw new Error('sin fuentes');
    });
    const interaction = commandInteraction('preguntar', { texto: 'gráfico roto' });
    expect((await post(interaction, { to: broken.app })).body).toEqual({ type: 5 });
    const edit = await discord.waitFor(edits(interaction.token));
    expect(edit.files).toEqual([]);
    expect((edit.json as { content: string }).content).toBe(
      '(No pude dibujar el gráfico; te dejo la respuesta en texto.)\n9 películas fueron estrenadas en el mes de diciembre.',
    );
    expect(logged.some((line) => line.includes('sin fuentes'))).toBe(true);
  });

  it('/grafico with the real renderer: the edit carries the 800×450 PNG and the sentence', async () => {
    const real = await server({}, createChartRenderer(ctx.catalog.db));
    const interaction = commandInteraction('grafico', { tipo: 'estrenos_mes' });
    expect((await post(interaction, { to: real.app })).body).toEqual({ type: 5 });
    const edit = await discord.waitFor(edits(interaction.token));
    const [file] = edit.files;
    expect(file).toMatchObject({ name: 'grafico.png', type: 'image/png' });
    const png = decodePng(file?.bytes as Buffer);
    expect([png.width, png.height]).toEqual([800, 450]);
    expect(file?.size).toBe(file?.bytes.length);
    // December: 9 of the 47 films (FIXTURE.md).
    expect(edit.json).toMatchObject({
      content: 'El mes con más estrenos es diciembre, con 9 películas (19,1\u00a0% de 47).',
      embeds: [{ image: { url: 'attachment://grafico.png' } }],
    });
    expect(messageProblems(edit.json as never, true)).toEqual([]);
    // The same through free text (/preguntar): the NLU reads the chart request.
    const asked = commandInteraction('preguntar', { texto: 'gráfico de estrenos por mes' });
    expect((await post(asked, { to: real.app })).body).toEqual({ type: 5 });
    const second = await discord.waitFor(edits(asked.token));
    expect(second.files[0]?.bytes.equals(file?.bytes as Buffer)).toBe(true);
  });

  it('answers at once with the text when there is no chart renderer', async () => {
    const plain = await server();
    const data = await message(commandInteraction('preguntar', { texto: 'gráfico de estrenos' }), plain.app);
    expect(data.content).toBe('9 películas fueron estrenadas en el mes de diciembre.');
  });
});

describe('rate limit', () => {
  it('answers politely, only to that user, past the limit', async () => {
    const limited = await server({ RATE_LIMIT_PER_MINUTE: '2' });
    for (let i = 0; i < 2; i++) {
      const ok = await message(commandInteraction('estrenos_mes', { mes: 12 }, 'usuario-rapido'), limited.app);
      expect(ok.content).toBe('9 películas fueron estrenadas en el mes de diciembre.');
    }
    const third = await message(commandInteraction('estrenos_mes', { mes: 12 }, 'usuario-rapido'), limited.app);
    expect(third.flags).toBe(64);
    expect(third.content).toMatch(/^Vas muy rápido: espera \d+ segundos? y vuelve a preguntar\.$/);
    // Someone else is not affected, and autocomplete is never limited.
    expect((await message(commandInteraction('estrenos_mes', { mes: 12 }, 'otra'), limited.app)).flags).toBeUndefined();
    const typing = await post(autocompleteInteraction('pelicula', 'titulo', 'toy', {}, 'usuario-rapido'), {
      to: limited.app,
    });
    expect(typing.body.data?.choices?.length).toBeGreaterThan(0);
  });
});

describe('the channel', () => {
  it('is off without a token or a public key, and names its modes', async () => {
    const deps: ChannelDeps = { ctx, parser: createParser(ctx), log: () => {} };
    expect(await createDiscordChannel(loadConfig({}), deps)).toBeNull();
    const channel = await createDiscordChannel(
      loadConfig({ DISCORD_PUBLIC_KEY: keys.publicKeyHex, DISCORD_APPLICATION_ID: APP_ID }),
      deps,
    );
    expect(channel?.name).toBe('Discord (HTTP en POST /discord/interactions)');
    expect(channel?.http).toBeTypeOf('function');
    await channel?.stop();
    await channel?.stop(); // safe twice
  });
});
