/**
 * The HTTP API (Fastify): every command at `GET /api/<command>?<arg>=<valor>`,
 * the seeds' routes with path parameters (`/get_max_duration/2018/netflix/min`),
 * OpenAPI generated from the registry at `/docs` (JSON at `/docs/json`), and
 * `/health`. Answers are the same JSON objects as every other channel.
 *
 * Status codes: 200 answered (including "no user scores loaded"), 400 a bad or
 * missing argument, 404 an unknown command or a title/name not in the catalog,
 * 414 an absurdly long URL. User input never produces a 500: the global error
 * handler answers in Spanish whatever goes wrong.
 */
import type { Command } from 'commander';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Answer, CommandContext, CommandDef } from '../../commands/types.js';

/** Longer URLs are refused with 414 before any work (no question needs more). */
export const MAX_URL_LENGTH = 2048;
/** Larger than any argument we accept (500 characters), so long values get our Spanish 400, not a router 404. */
const MAX_PARAM_LENGTH = 1024;

export interface HttpOptions {
  /** Free-text questions (the NLU): when given, `POST /api/ask {"texto": "…"}` is served. */
  ask?: (texto: string) => Answer;
  /**
   * How many answers to keep, by URL (default 1000; 0 turns it off). The catalog is read-only,
   * so an answer never goes stale; repeated questions then skip the SQL entirely.
   */
  cacheSize?: number;
  /** Fastify's logger level; silent by default (tests, benchmarks). */
  logLevel?: string;
  /** More routes on the same server: the chat channels' endpoints (Discord interactions, Telegram webhook). */
  plugins?: FastifyPluginAsync[];
}

export function statusOf(answer: Answer): number {
  switch (answer.error?.code) {
    case undefined:
    case 'no_data':
      return 200;
    case 'bad_argument':
    case 'missing_argument':
      return 400;
    case 'not_found':
    case 'unknown_command':
      return 404;
    default:
      return 500;
  }
}

function spanishError(code: 'bad_argument' | 'unknown_command' | 'internal_error', text: string): Answer {
  return { command: null, args: {}, text, data: null, ok: false, error: { code } };
}

export async function createHttpServer(ctx: CommandContext, options: HttpOptions = {}): Promise<FastifyInstance> {
  const { default: Fastify } = await import('fastify');
  const { default: swagger } = await import('@fastify/swagger');
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const { closestCommands, commands, runCommand } = await import('../../commands/index.js');
  const { quoteInput } = await import('../format.js');

  const app = Fastify({
    logger: options.logLevel && options.logLevel !== 'silent' ? { level: options.logLevel } : false,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    bodyLimit: 16 * 1024,
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      await reply
        .code(414)
        .send(spanishError('bad_argument', `La dirección es demasiado larga (más de ${MAX_URL_LENGTH} caracteres).`));
    }
  });

  app.setErrorHandler(
    async (error: { statusCode?: number; validation?: unknown; message?: string }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) request.log.error({ err: error }, 'error interno');
      const text =
        status === 500
          ? 'No pude responder por un fallo interno. Prueba de nuevo en un momento.'
          : 'No entendí la petición: revisa los argumentos (GET /api/<comando>?arg=valor, o POST /api/ask con {"texto": "…"}).';
      await reply.code(status).send(spanishError(status === 500 ? 'internal_error' : 'bad_argument', text));
    },
  );

  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const close = closestCommands(path.split('/').filter(Boolean).pop() ?? '').map((c) => `/api/${c.id}`);
    const hint = close.length > 0 ? ` ¿Quisiste decir ${close.join(', ')}?` : '';
    const answer = spanishError(
      'unknown_command',
      `No existe ${request.method} ${quoteInput(path, 80)}.${hint} La lista está en /docs.`,
    );
    if (close.length > 0 && answer.error) answer.error.suggestions = close;
    return reply.code(404).send(answer);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Filmoteca',
        version: '0.1.0',
        description:
          'Preguntas sobre cine y plataformas de streaming, con respuestas en español. Cada respuesta: {command, args, text, data, ok, error?}.',
      },
      tags: [
        { name: 'preguntas', description: 'Cada comando, con sus argumentos en la query' },
        { name: 'seeds', description: 'Las rutas de la API original, con los argumentos en la ruta' },
        { name: 'servicio', description: 'Estado del servicio' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const cache = new AnswerCache(options.cacheSize ?? 1000);
  /** The answer for this URL: from the cache, or computed, cached and sent already serialized. */
  const answerFor = (request: FastifyRequest, reply: FastifyReply, compute: () => Answer) => {
    let cached = cache.get(request.url);
    if (!cached) {
      const answer = compute();
      cached = { status: statusOf(answer), body: JSON.stringify(answer) };
      if (cached.status < 500) cache.set(request.url, cached);
    }
    return reply.code(cached.status).type('application/json; charset=utf-8').send(cached.body);
  };

  for (const def of commands) {
    app.get(
      `/api/${def.id}`,
      { schema: commandSchema(def, 'querystring'), attachValidation: true },
      async (request, reply) => answerFor(request, reply, () => runCommand(ctx, def.id, request.query)),
    );
    if (def.seedRoute) {
      const path = [`/${def.seedRoute}`, ...def.args.map((a) => `:${a.name}`)].join('/');
      app.get(path, { schema: commandSchema(def, 'params'), attachValidation: true }, async (request, reply) =>
        answerFor(request, reply, () => runCommand(ctx, def.id, request.params)),
      );
    }
  }
  // Chat names and wrong spellings (`/api/estrenos_mes`, `/api/Score`): resolved by the registry, hidden from the docs.
  app.get('/api/:command', { schema: { hide: true } }, async (request, reply) => {
    const { command } = request.params as { command: string };
    return answerFor(request, reply, () => runCommand(ctx, command, request.query));
  });

  app.get('/health', { schema: { tags: ['servicio'], summary: 'Tamaño y fecha del catálogo' } }, async () => {
    const info = ctx.catalog.info();
    return {
      ok: true,
      peliculas: info.movies,
      titulos: info.titles,
      construido: info.builtAt,
      puntuaciones: info.hasScores,
    };
  });

  if (options.ask) registerAsk(app, options.ask);
  const { chartRoutes } = await import('./http-charts.js'); // GET /api/grafico/<tipo>: PNG or SVG
  await app.register(chartRoutes(ctx));
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}

/**
 * A small least-recently-used map (a Map keeps insertion order, so re-inserting
 * on read and dropping the first key is LRU without a library).
 */
class AnswerCache {
  private readonly entries = new Map<string, { status: number; body: string }>();
  constructor(private readonly capacity: number) {}

  get(key: string): { status: number; body: string } | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: { status: number; body: string }): void {
    if (this.capacity <= 0) return;
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

function registerAsk(app: FastifyInstance, ask: (texto: string) => Answer): void {
  app.post(
    '/api/ask',
    {
      schema: {
        tags: ['preguntas'],
        summary: 'Una pregunta en español libre',
        body: { type: 'object', properties: { texto: { type: 'string', description: 'La pregunta' } } },
      },
      attachValidation: true,
    },
    async (request, reply) => {
      const body = request.body as { texto?: unknown } | undefined;
      const texto = body && typeof body === 'object' ? body.texto : undefined;
      if (typeof texto !== 'string' || texto.trim() === '') {
        return reply.code(400).send(spanishError('bad_argument', 'Envía la pregunta como {"texto": "…"}.'));
      }
      const answer = ask(texto);
      return reply.code(statusOf(answer) === 500 ? 500 : 200).send(answer);
    },
  );
}

/** OpenAPI for one command, from its ArgSpecs (so the docs can never drift from the registry). */
function commandSchema(def: CommandDef, where: 'querystring' | 'params') {
  const properties = Object.fromEntries(
    def.args.map((a) => [a.name, { type: 'string', description: `${a.description} (${a.kind})` }]),
  );
  const required = def.args.filter((a) => a.required || where === 'params').map((a) => a.name);
  return {
    tags: [where === 'params' ? 'seeds' : 'preguntas'],
    summary: def.description,
    description: `Ejemplo: «${def.example}». Nombre en el chat: /${def.chatName}.`,
    [where]: { type: 'object', properties, ...(required.length ? { required } : {}) },
  };
}

/**
 * The NLU's free-text entry point, when it exists: src/nlu/index.ts exporting
 * `createAsk(ctx): (texto) => Answer`. Without it, serve runs without /api/ask.
 */
async function loadAsk(ctx: CommandContext): Promise<HttpOptions['ask']> {
  try {
    const nlu = (await import('../nlu/index.js' as string)) as {
      createAsk?: (c: CommandContext) => HttpOptions['ask'];
    };
    return typeof nlu.createAsk === 'function' ? nlu.createAsk(ctx) : undefined;
  } catch {
    return undefined;
  }
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Sirve la API HTTP (HTTP API) en HOST:PORT; documentación en /docs')
    .option('--db <ruta>', 'catálogo SQLite (por defecto FILMOTECA_DB o data/filmoteca.db)')
    .option('--host <host>', 'interfaz (por defecto HOST o 127.0.0.1)')
    .option('--port <puerto>', 'puerto (por defecto PORT o 3000)')
    .option('--cache <respuestas>', 'respuestas guardadas por URL (0 = sin caché)', '1000')
    .action(async (options: { db?: string; host?: string; port?: string; cache: string }) => {
      const { loadConfig } = await import('../config.js');
      const { openCatalog, CatalogMissingError } = await import('../catalog/catalog.js');
      const { createCommandContext } = await import('../../commands/index.js');
      const config = loadConfig();
      const path = options.db ?? config.FILMOTECA_DB;
      let ctx: CommandContext;
      try {
        ctx = createCommandContext(openCatalog(path));
      } catch (error) {
        if (!(error instanceof CatalogMissingError)) throw error;
        process.stderr.write(`No hay catálogo en ${path}. Constrúyelo con: npm run etl -- --data <carpeta>\n`);
        process.exitCode = 2;
        return;
      }
      const ask = await loadAsk(ctx);
      const cacheSize = Number.parseInt(options.cache, 10);
      const app = await createHttpServer(ctx, {
        ...(ask ? { ask } : {}),
        cacheSize: Number.isFinite(cacheSize) ? cacheSize : 1000,
        logLevel: config.LOG_LEVEL,
      });
      const port = options.port === undefined ? config.PORT : Number(options.port);
      const address = await app.listen({ host: options.host ?? config.HOST, port });
      process.stdout.write(`Filmoteca escucha en ${address} (documentación: ${address}/docs)\n`);
    });
}
